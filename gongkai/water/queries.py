"""Read side of the published monthly results: one place for the public page, its export and its API twin."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from gongkai.water import gb3838
from gongkai.water.forms import MonthField
from gongkai.water.models import MonthlyResult

MONTHLY_HEADERS = (
    "月份",
    "断面编码",
    "断面名称",
    "所在河流或湖库",
    "控制级别",
    "水质类别",
    "水质状况",
    "目标类别",
    "是否达标",
    "主要污染指标",
    "更正记录",
)


def published_months() -> list[date]:
    return list(
        MonthlyResult.objects.published().order_by("-month").values_list("month", flat=True).distinct()
    )


def month_to_show(text: str, months: list[date]) -> date | None:
    """The month asked for when it has published results, else the latest one (never an error)."""
    month = None
    if text:
        try:
            month = MonthField().clean(text)
        except ValidationError:
            month = None
    if month not in months:
        month = months[0] if months else None
    return month


def monthly_results(month: date | None) -> list[MonthlyResult]:
    if month is None:
        return []
    results = list(
        MonthlyResult.objects.published()
        .filter(month=month)
        .select_related("section")
        .prefetch_related("corrections")
        .order_by("section__code")
    )
    for result in results:
        result.badge = result.water_class_enum
        result.target = gb3838.WaterClass(result.section.target_class)
    return results


def _meets(result: MonthlyResult) -> str:
    return "" if result.meets_target is None else ("达标" if result.meets_target else "未达标")


def _corrections(result: MonthlyResult) -> str:
    return "；".join(f"{c.corrected_at:%Y-%m-%d %H:%M} {c.reason}" for c in result.corrections.all())


def monthly_rows(results: list[MonthlyResult]):
    for r in results:
        yield (
            f"{r.month:%Y-%m}",
            r.section.code,
            r.section.name,
            r.section.water_name,
            r.section.get_control_level_display(),
            r.badge.label if r.badge else "",
            r.badge.status.value if r.badge else "",
            r.target.label,
            _meets(r),
            r.main_pollutants,
            _corrections(r),
        )


def monthly_dict(result: MonthlyResult) -> dict:
    return {
        "section": result.section.code,
        "name": result.section.name,
        "water_name": result.section.water_name,
        "water_body": result.section.water_body,
        "control_level": result.section.get_control_level_display(),
        "drinking_water_source": result.section.drinking_water_source,
        "water_class": result.badge.code if result.badge else None,
        "status": result.badge.status.value if result.badge else None,
        "target_class": result.target.code,
        "meets_target": result.meets_target,
        "main_pollutants": [p for p in result.main_pollutants.split("、") if p],
        "values": result.values,
        "published_at": result.published_at,
        "corrections": [
            {"corrected_at": c.corrected_at, "reason": c.reason, "before": c.before, "after": c.after}
            for c in result.corrections.all()
        ],
    }
