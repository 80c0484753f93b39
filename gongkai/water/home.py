"""The water app's home-page card (core.home): the latest published month's share of Class Ⅰ–Ⅲ and 劣Ⅴ
sections and target compliance, with a link to the bulletin. One query."""

from __future__ import annotations

from django.db.models import Subquery

from gongkai.core.home import HomeCard
from gongkai.water import bulletin
from gongkai.water.models import MonthlyResult


def card_context(request) -> dict | None:
    published = MonthlyResult.objects.published()
    latest = published.order_by("-month").values("month")[:1]
    results = [
        MonthlyResult(month=month, water_class=water_class, meets_target=meets)
        for month, water_class, meets in published.filter(month=Subquery(latest)).values_list(
            "month", "water_class", "meets_target"
        )
    ]
    if not results:
        return None
    summary = bulletin.summarise(results)
    return {"month": results[0].month, "summary": summary, **summary.text()}


CARD = HomeCard(
    key="water-month",
    template="water/home/month.html",
    context=card_context,
    order=40,
    stylesheets=("water/water.css",),
)
