"""The public home-page card: the latest 行政处罚 and 行政强制 decisions on the public list (one query).

Only decisions inside their publicity period appear, as on /enforcement/decisions/; a natural
person's name is masked (`Decision.public_name`, regulations.md §9)."""

from __future__ import annotations

from gongkai.core.home import HomeCard
from gongkai.enforcement import queries
from gongkai.enforcement.models import Decision

CARD_ROWS = 5


def card_context(request):
    decisions = list(
        Decision.objects.publicly_listed(queries.today())
        .only("pk", "number", "party_type", "party_name", "kind", "category", "published_at", "withdrawn_on")
        .order_by("-published_at", "-pk")[:CARD_ROWS]
    )
    return {"decisions": decisions} if decisions else None


CARD = HomeCard(
    key="enforcement-latest", template="enforcement/home/latest.html", context=card_context, order=55
)
