"""Home-page card of 互动交流 (core.home): the latest answers on the public Q&A, in one query (the home page
has a query budget, tests/core/test_home.py)."""

from __future__ import annotations

from gongkai.core.home import HomeCard
from gongkai.interaction.models import Message


def card_context(request):
    answers = list(
        Message.objects.public()
        .order_by("-replied_on", "-pk")
        .only("number", "public_title", "replied_on")[:5]
    )
    return {"answers": answers} if answers else None


CARD = HomeCard(key="interaction", template="interaction/home/card.html", context=card_context, order=50)
