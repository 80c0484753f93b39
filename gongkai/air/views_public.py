"""Public air-quality pages: the real-time hour, the published daily report, history and
statistics. Read-only; every figure comes from queries.py / statistics.py."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.air import aqi, corrections, lists, publication, queries, statistics, statistics_queries
from gongkai.air.models import DAILY_FIELDS, POLLUTANT_LABELS, POLLUTANTS, Region
from gongkai.core.errors import report_year

LEVEL_RANGES = ("0–50", "51–100", "101–150", "151–200", "201–300", ">300")


def level_legend(*moments) -> list[dict]:
    """The HJ 633 level table (AQI range, category, 对健康影响情况, 建议采取的措施) of every standard
    the data shown belongs to, so the texts stand beside each AQI on the page."""
    standards = sorted({aqi.standard_for(moment) for moment in moments if moment}, key=lambda s: s.value)
    return [
        {
            "standard": standard.value,
            "levels": [
                {"level": level, "range": aqi_range}
                for level, aqi_range in zip(aqi.LEVELS[standard], LEVEL_RANGES, strict=True)
            ],
        }
        for standard in standards
    ]


def realtime(request):
    report = queries.realtime()
    if report.hour:
        declared = lists.REALTIME.variant(filename=f"air-realtime-{report.hour:%Y%m%d%H}")
        exported = declared.export_if_asked(request, lists.realtime_rows(report))
        if exported:
            return exported
    chart = {
        "stations": [row.as_dict() for row in report.stations],
        "hours": report.trend_hours,
        "trends": report.trends,
        "labels": {name: POLLUTANT_LABELS[name] for name in POLLUTANTS},
    }
    return render(
        request,
        "air/realtime.html",
        {
            "report": report,
            "chart": chart,
            "regions": ([report.city] if report.city else []) + report.districts,
            "columns": [POLLUTANT_LABELS[name] for name in POLLUTANTS],
            "moving_columns": [queries.MOVING_MEAN_LABELS[name] for name in queries.MOVING_MEANS],
            "pollutant_choices": [(name, POLLUTANT_LABELS[name]) for name in POLLUTANTS],
            "air_levels": level_legend(report.hour),
        },
    )


def _rows_for_display(values):
    for value in values:
        value.category, value.colour = queries.level_text(value.level)
        value.missing = queries.missing_mark(value.standard)
        value.shown = {name: publication.shown(name, getattr(value, name)) for name in DAILY_FIELDS}
        value.grade = publication.grade(value.level) or value.missing
        # HJ 633 daily report format: each pollutant's IAQI beside its concentration.
        value.iaqi_of = {name: value.iaqi.get(publication.DAILY_IAQI[name]) for name in DAILY_FIELDS}
        if value.level is None:
            value.category = value.missing
    return values


def daily(request):
    day = None
    if request.GET.get("date"):
        try:
            day = date.fromisoformat(request.GET["date"])
        except ValueError:
            day = None
    day = day or queries.latest_published_day()
    report, regions, stations = queries.published_daily(day) if day else (None, [], [])
    published_corrections = []
    if report:
        # 更正: each published correction with its time, reason and before → after, first 发布时间 kept
        for correction in corrections.published_corrections(report):
            correction.rows = corrections.shown_changes(correction)
            published_corrections.append(correction)
        declared = lists.DAILY.variant(filename=f"air-daily-{day:%Y%m%d}")
        exported = declared.export_if_asked(request, lists.daily_rows(regions, stations))
        if exported:
            return exported
    return render(
        request,
        "air/daily.html",
        {
            "day": day,
            "report": report,
            "corrections": published_corrections,
            "regions": _rows_for_display(regions),
            "stations": _rows_for_display(stations),
            "recent": queries.published_reports()[:14],
            "air_levels": level_legend(day) if report else [],
        },
    )


def history(request):
    form = lists.history_form(request.GET)
    if not form.is_valid():
        return render(request, "air/history.html", {"form": form, "page": None, "chart": None})
    period = {k: form.cleaned_data[k] for k in ("start", "end")} | {
        "station": form.cleaned_data.get("station") or ""
    }
    return lists.HISTORY.respond(
        request,
        "air/history.html",
        lambda: {
            "form": form,
            "chart": queries.history_chart(**period),
            "air_levels": level_legend(period["start"], period["end"]),
        },
    )


def statistics_page(request):
    year = report_year(request.GET)
    month = request.GET.get("month", "")
    month = int(month) if month.isdigit() and 1 <= int(month) <= 12 else None
    regions = list(Region.objects.order_by("kind", "code"))
    region = next((r for r in regions if r.code == request.GET.get("region")), None)
    region = region or next((r for r in regions if r.kind == Region.Kind.CITY), None)
    result = statistics_queries.report(year, month)
    months = statistics_queries.monthly(year, region) if month is None else []
    if request.GET.get("table") == "monthly":
        declared = lists.STATISTICS.variant(
            filename=f"air-statistics-{year}-monthly-{region.code if region else ''}"
        )
        exported = declared.export_if_asked(request, months)
    else:
        declared = lists.STATISTICS.variant(filename=f"air-statistics-{year}{month or ''}")
        exported = declared.export_if_asked(
            request, [s for s in (result.city, result.previous, *result.districts) if s is not None]
        )
    if exported:
        return exported
    ranked = [s for s in [result.city, *result.districts] if s]
    chart = {
        "levels": [str(c) for c in aqi.CATEGORIES],
        "colours": [c.hex for c in aqi.COLOURS],
        "regions": [s.region for s in ranked],
        "days": [[s.level_days[level] for level in statistics.LEVELS] for s in ranked],
        "months": [f"{s.start.month}月" for s in months],
        "monthly_days": [[s.level_days[level] for level in statistics.LEVELS] for s in months],
        "monthly_good_ratio": [s.good_ratio for s in months],
        "good_ratio_label": _("优良天数比例"),
        "days_label": _("天"),
    }
    return render(
        request,
        "air/statistics.html",
        {
            "year": year,
            "month": month,
            "result": result,
            "changes": result.changes,
            "monthly": months,
            "region": region,
            "regions": regions,
            "chart": chart,
            "months": range(1, 13),
        },
    )
