"""The public home-page card: the latest 行政许可 双公示 (one query)."""

from __future__ import annotations

from gongkai.core.home import HomeCard
from gongkai.licensing.models import Decision


def card_context(request):
    decisions = list(
        Decision.objects.published()
        .only("pk", "party_name", "party_category", "document_title", "published_at")
        .order_by("-published_at", "-pk")[:5]
    )
    return {"decisions": decisions} if decisions else None


CARD = HomeCard(key="licensing-latest", template="licensing/home/latest.html", context=card_context, order=60)
