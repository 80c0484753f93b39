"""Public air-quality pages: the real-time hour, the published daily report, history and
statistics. Read-only; every figure comes from queries.py / statistics.py."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.air import (
    aqi,
    corrections,
    lists,
    publication,
    queries,
    statistics,
    statistics_queries,
    validity,
)
from gongkai.air.models import DAILY_FIELDS, POLLUTANT_LABELS, POLLUTANTS, Region
from gongkai.core import districtmap
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


def chart_table(table_id: str, caption: str, columns: list, rows: list[tuple]) -> dict:
    """The data of a chart as a table beside it (air/_chart_table.html): ``rows`` are (row heading,
    cells), ``columns`` the column headings, the row headings' first."""
    return {
        "id": table_id,
        "caption": caption,
        "columns": [str(column) for column in columns],
        "rows": [{"head": head, "cells": list(cells)} for head, cells in rows],
    }


def trend_tables(report) -> list[dict]:
    """The 24-hour trend chart's data: one table per station (hours × pollutants), as shown."""
    tables = []
    for row in report.stations:
        trend = report.trends.get(row.code, {})
        tables.append(
            chart_table(
                f"air-trend-table-{row.code}",
                _("%(name)s近24小时浓度（CO 为 mg/m³，其余为 µg/m³）") % {"name": row.name},
                [_("时间"), *(POLLUTANT_LABELS[name] for name in POLLUTANTS)],
                [
                    (
                        hour,
                        [
                            publication.shown_hourly(name, (trend.get(name) or [None] * 24)[i])
                            for name in POLLUTANTS
                        ],
                    )
                    for i, hour in enumerate(report.trend_hours)
                ],
            )
        )
    return tables


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
            "trend_tables": trend_tables(report) if report.hour else [],
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


def _map_row(row) -> dict:
    level = row.result.level if row.result and row.result.aqi is not None else None
    category, colour = queries.level_text(level)
    return {
        "code": row.code,
        "name": row.name,
        "district": row.district,
        "longitude": row.longitude,
        "latitude": row.latitude,
        "aqi": row.result.aqi if level else None,
        "level": level,
        "category": category if level else None,
        "grade": publication.grade(level),
        "colour": colour if level else None,
        "insufficient": row.insufficient,
    }


def air_map(request):
    """区县地图: the district boundaries the administrator uploaded (core.districtmap), shaded by each
    district's real-time AQI where it is published, with the stations as points in the HJ 633 colour of
    their latest AQI (Appendix A); the same figures in tables beside the map. No tile service."""
    report = queries.realtime()
    data = {
        "districts": [_map_row(row) for row in report.districts],
        "stations": [_map_row(row) for row in report.stations],
    }
    return render(
        request,
        "air/map.html",
        {
            "report": report,
            "map_data": data,
            "geojson_url": districtmap.geojson_url(),
            "air_levels": level_legend(report.hour),
        },
    )


def methodology(request):
    """统计方法和依据: how every published figure is computed, with the standard and article."""
    options = statistics_queries.configured_options()
    share = statistics_queries.validity_options().pro_rata
    return render(
        request,
        "air/methodology.html",
        {
            "limit_set": statistics.LIMIT_SETS[options.limit_set_2026][0],
            "yoy_share": aqi.round_gbt8170(float(share * 100), 1),
            # both versions' level tables: the page describes both standards
            "air_levels": level_legend(date(2026, 2, 28), date(2026, 3, 1)),
        },
    )


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
        lambda: _history_context(form, period),
    )


def comparison_sides(result: statistics.Report) -> list[dict]:
    """Both sides of the year-on-year comparison with their coverage: the days compared, the valid
    days among them and the minimum the comparison needs (validity.comparison_minimum)."""
    sides = []
    for label, side in ((_("本期"), result.city), (_("上年同期"), result.previous)):
        if side is None or side.coverage is None:
            continue
        coverage = side.coverage
        sides.append(
            {
                "label": label,
                "start": side.start,
                "through": coverage.through,
                "elapsed_days": coverage.elapsed_days,
                "valid_days": coverage.valid_days,
                "minimum": validity.comparison_minimum(coverage, result.validity_options),
            }
        )
    return sides


def _history_context(form, period: dict) -> dict:
    chart = queries.history_chart(**period)
    return {
        "form": form,
        "chart": chart,
        "chart_table": chart_table(
            "air-history-table",
            _("%(name)s逐日空气质量指数（图表数据）") % {"name": chart["name"]},
            [_("日期"), "AQI", _("类别")],
            [
                (day, [value, queries.level_text(level)[0] if level else None])
                for day, value, level in zip(chart["dates"], chart["aqi"], chart["levels"], strict=True)
            ],
        ),
        "air_levels": level_legend(period["start"], period["end"]),
    }


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
    categories = [str(c) for c in aqi.CATEGORIES]
    tables = [
        chart_table(
            "air-stat-table",
            _("各区域各级别天数（图表数据，单位：天）"),
            [_("区域"), *categories],
            [(s.region, [s.level_days[level] for level in statistics.LEVELS]) for s in ranked],
        )
    ]
    if months:
        tables.append(
            chart_table(
                "air-stat-monthly-table",
                _("%(name)s逐月各级别天数（天）和优良天数比例（%%）（图表数据）") % {"name": region.name},
                [_("月份"), *categories, _("优良天数比例")],
                [
                    (
                        f"{s.start.month}月",
                        [*(s.level_days[level] for level in statistics.LEVELS), s.good_ratio],
                    )
                    for s in months
                ],
            )
        )
    return render(
        request,
        "air/statistics.html",
        {
            "year": year,
            "month": month,
            "result": result,
            "changes": result.changes,
            "comparison": result.comparison,
            "comparison_sides": comparison_sides(result),
            "monthly": months,
            "region": region,
            "regions": regions,
            "chart": chart,
            "months": range(1, 13),
            "chart_tables": tables,
        },
    )
