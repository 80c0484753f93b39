"""Surface-water open data: the API twin of the public monthly page. Mounted under /api/v1/ by gongkai.api."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from gongkai.water import queries

router = Router(tags=["地表水环境质量"])


@router.get("/water/monthly", summary="地表水月度结果（已发布）")
def monthly(
    request: HttpRequest,
    month: str = Query("", max_length=10, description="月份 YYYY-MM；未知或未发布的月份给出最近发布的月份"),
):
    """`month` as YYYY-MM; an unknown or unpublished month gives the latest published one. Corrections
    of published values are listed with their time, reason and the values before and after."""
    months = queries.published_months()
    shown = queries.month_to_show(month, months)
    return {
        "month": f"{shown:%Y-%m}" if shown else None,
        "months": [f"{m:%Y-%m}" for m in months],
        "method": "GB 3838-2002; 环办〔2011〕22号",
        "sections": [queries.monthly_dict(r) for r in queries.monthly_results(shown)],
    }
