"""The public home-page card: EIA notices whose comment window is open today."""

from __future__ import annotations

from gongkai.core.home import HomeCard
from gongkai.eia import queries


def card_context(request):
    notices = list(queries.open_notices()[:6])
    return {"notices": notices} if notices else None


CARD = HomeCard(key="eia-open", template="eia/home/open.html", context=card_context, order=50)
