"""Home-page card: the latest 行政许可 decisions published (双公示)."""

from __future__ import annotations

from gongkai.core.home import HomeCard
from gongkai.licensing import queries


def card_context(request):
    latest = list(queries.public_decisions().order_by("-published_at", "-pk")[:6])
    return {"decisions": latest} if latest else None


CARD = HomeCard(key="licensing-latest", template="licensing/home/latest.html", context=card_context, order=50)
