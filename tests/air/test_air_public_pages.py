"""Issue 12 (air): year-on-year on the same calendar days with both coverages shown and withheld
below the validity rule; the methodology page; a data table beside every chart; the district map;
API values and times as the pages publish them."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from gongkai.air import services, statistics, statistics_queries, validity
from gongkai.air.intake import ingest
from tests.air.conftest import day_rows

FIELDS = ("so2", "no2", "co", "pm10", "pm2_5", "o3_8h", "o3_1h_max")
TODAY = date(2026, 12, 5)  # 4 December is the last day with a daily report


def _summary(start: date, end: date, valid: int, today: date | None = None, pm2_5: float = 30.0):
    days = (end - start).days + 1
    aqi = np.full(days, np.nan)
    aqi[:valid] = 60.0
    daily = {name: np.where(np.isnan(aqi), np.nan, 10.0) for name in FIELDS}
    daily["pm2_5"] = np.where(np.isnan(aqi), np.nan, pm2_5)
    return statistics.summarise(
        region="市", start=start, end=end, aqi=aqi, levels=np.ceil(aqi / 50), daily=daily, today=today
    )


def _report(now, before, options=validity.DEFAULT_OPTIONS):
    return statistics.Report(city=now, previous=before, districts=[], validity_options=options)


def test_year_to_date_against_a_previous_year_of_30_valid_days_is_not_compared():
    # The bug of the issue: 2026-to-date against 2025 holding 30 valid days printed O₃ +207 %.
    now = _summary(date(2026, 1, 1), date(2026, 12, 31), 338, today=TODAY, pm2_5=30.0)
    before = _summary(date(2025, 1, 1), date(2025, 12, 4), 30, pm2_5=10.0)
    report = _report(now, before)
    assert report.comparison == "insufficient" and report.changes == {}


@pytest.mark.parametrize(
    ("now_valid", "before_valid", "comparison"),
    [
        # 338 days elapsed (1 Jan – 4 Dec): pro rata 324/365 × 338 = 300.03 → at least 301 each side
        (301, 301, "comparable"),
        (300, 301, "insufficient"),
        (301, 300, "insufficient"),
    ],
)
def test_year_to_date_needs_the_pro_rata_share_of_the_elapsed_days_on_both_sides(
    now_valid, before_valid, comparison
):
    now = _summary(date(2026, 1, 1), date(2026, 12, 31), now_valid, today=TODAY)
    before = _summary(date(2025, 1, 1), date(2025, 12, 4), before_valid)
    assert validity.comparison_minimum(now.coverage) == 301
    assert validity.comparison_minimum(before.coverage) == 301
    assert _report(now, before).comparison == comparison


@pytest.mark.parametrize(
    ("month", "now_valid", "before_valid", "comparison"),
    [
        (11, 27, 27, "comparable"),  # GB 3095 Table 4: a month ≥ 27 valid days
        (11, 26, 27, "insufficient"),
        (11, 27, 26, "insufficient"),
        (2, 25, 25, "comparable"),  # February ≥ 25
        (2, 24, 25, "insufficient"),
    ],
)
def test_a_whole_month_is_compared_with_the_same_month_under_the_gb3095_minimum(
    month, now_valid, before_valid, comparison
):
    now = _summary(*statistics.period(2026, month), now_valid)
    before = _summary(*statistics.period(2025, month), before_valid)
    report = _report(now, before)
    assert report.comparison == comparison
    assert (report.changes != {}) is (comparison == "comparable")


def test_no_data_on_one_side_is_no_comparison_rather_than_insufficient():
    now = _summary(*statistics.period(2026, 11), 30)
    before = _summary(*statistics.period(2025, 11), 0)
    assert _report(now, before).comparison == "none"


def test_the_coverage_share_for_windows_without_a_rule_is_a_setting(settings):
    assert statistics_queries.validity_options().pro_rata == Fraction(324, 365)
    settings.AIR_YOY_MIN_COVERAGE = "0.5"
    options = statistics_queries.validity_options()
    assert options.pro_rata == Fraction(1, 2)
    now = _summary(date(2026, 1, 1), date(2026, 12, 31), 169, today=TODAY)  # ⌈338 / 2⌉ = 169
    before = _summary(date(2025, 1, 1), date(2025, 12, 4), 169)
    assert _report(now, before, options).comparison == "comparable"
    assert _report(now, _summary(date(2025, 1, 1), date(2025, 12, 4), 168), options).comparison == (
        "insufficient"
    )


@pytest.mark.django_db
def test_statistics_page_states_insufficient_coverage_with_both_sides_and_no_percentage(city):
    for day in (date(2026, 1, 5), date(2025, 1, 5)):
        ingest(rows=day_rows("A1", day), channel="api")
        services.publish_daily_report(day=day)
    page = Client().get(reverse("air:statistics"), {"year": 2026, "month": 1}).content.decode()
    assert "数据覆盖不足，不作同比" in page and 'id="air-statistics-changes"' not in page
    coverage = page[page.index('id="air-statistics-coverage"') :]
    coverage = coverage[: coverage.index("</table>")]
    assert "2026-01-01 — 2026-01-31" in coverage and "2025-01-01 — 2025-01-31" in coverage
    assert coverage.count("<td>1</td>") == 2  # one valid day on each side
    assert "尚待核对" not in page
    assert reverse("air:methodology") in page
    api = Client().get("/api/v1/air/statistics", {"year": 2026, "month": 1}).json()
    assert api["year_on_year"] is None and api["year_on_year_comparison"] == "insufficient"


@pytest.mark.django_db
def test_methodology_page_cites_the_standards_and_is_linked_from_every_air_page(city):
    page = Client().get(reverse("air:methodology"))
    assert page.status_code == 200
    text = page.content.decode()
    for citation in (
        "HJ 633-2012 第6.2条",
        "HJ 633-2026 第4.2条",
        "GB 3095-2026 表4",
        "HJ 633-2026 第5.3.1条",
    ):
        assert citation in text, citation
    assert "324" in text and "27" in text and "GB 3095-2026 二级过渡限值" in text
    assert "尚待核对" not in text
    for name in ("air:realtime", "air:daily", "air:history", "air:statistics", "air:map"):
        assert reverse("air:methodology") in Client().get(reverse(name)).content.decode(), name


def _chart_tables_ok(page: str) -> int:
    """Every chart (class air-chart) points with aria-describedby at an element holding a table with a
    caption and column headings; returns the number of charts."""
    charts = re.findall(r'<div id="[^"]+" class="air-chart[^"]*"[^>]*>', page)
    for chart in charts:
        target = re.search(r'aria-describedby="([^"]+)"', chart)
        assert target, chart
        start = page.index(f'id="{target.group(1)}"')
        block = page[start : start + 20000]
        assert "<table" in block and "<caption>" in block and 'scope="col"' in block, chart
    return len(charts)


@pytest.mark.django_db
def test_every_air_chart_has_a_data_table_beside_it(city):
    day = date(2026, 2, 10)
    ingest(rows=day_rows("A1", day) + day_rows("B1", day), channel="api")
    services.publish_daily_report(day=day)
    client = Client()
    assert _chart_tables_ok(client.get(reverse("air:realtime")).content.decode()) == 2
    history = client.get(
        reverse("air:history"), {"start": "2026-02-01", "end": "2026-02-28"}
    ).content.decode()
    assert _chart_tables_ok(history) == 1
    assert 'id="air-history-table-data"' in history and "2026-02-10" in history
    annual = client.get(reverse("air:statistics"), {"year": 2026}).content.decode()
    assert _chart_tables_ok(annual) == 2
    trend = client.get(reverse("air:realtime")).content.decode()
    assert 'id="air-trend-table-A1-data"' in trend


GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[[[x, 39.7], [x + 0.2, 39.7], [x + 0.2, 40.0], [x, 40.0], [x, 39.7]]]],
            },
        }
        for name, x in (("东区", 116.35), ("西区", 116.1))
    ],
}


@pytest.mark.django_db
def test_air_map_draws_the_uploaded_districts_and_colours_stations_by_level(city, make_staff):
    from gongkai.interaction.models import DistrictMap

    day = date(2026, 2, 10)
    # HJ 633-2012 real-time: PM2.5 50 → IAQI 69 (良, yellow); 120 → 158 (中度污染, red).
    ingest(rows=day_rows("A1", day, pm2_5=50) + day_rows("B1", day, pm2_5=120), channel="api")
    client = Client()
    without = client.get(reverse("air:map")).content.decode()
    assert 'id="air-map-missing"' in without and "echarts-map.min.js" not in without
    assert 'id="air-map-stations"' in without  # the table stands without a map
    DistrictMap.objects.create(
        geojson=GEOJSON, districts="东区、西区", uploaded_by=make_staff("administrator")
    )
    page = client.get(reverse("air:map"))
    text = page.content.decode()
    assert f'data-geojson="{reverse("interaction:district_map")}"' in text
    assert "echarts-map.min.js" in text and "core/districtmap.js" in text and "air/map.js" in text
    assert "<script>" not in text  # no inline script (CSP): data as JSON, code in static files
    stations = {row["code"]: row for row in page.context["map_data"]["stations"]}
    assert (stations["A1"]["aqi"], stations["A1"]["colour"]) == (69, "#FFFF00")
    assert (stations["B1"]["aqi"], stations["B1"]["colour"]) == (158, "#FF0000")
    assert stations["A2"]["colour"] is None  # no data this hour: grey on the map, NA in the table
    districts = {row["name"]: row for row in page.context["map_data"]["districts"]}
    assert districts["西区"]["colour"] == "#FF0000"
    assert 'data-colour="#FF0000"' in text and "<caption>" in text
    assert "对健康影响情况" in text  # HJ 633 health effects and advice beside the AQI


@pytest.mark.django_db
def test_api_values_are_rounded_as_the_pages_publish_them(city):
    day = date(2026, 2, 10)  # HJ 633-2012: the page rounds once when showing (GB/T 8170)
    ingest(rows=day_rows("A1", day, pm2_5=40.44, co=0.84, o3=60.46), channel="api")
    services.publish_daily_report(day=day)
    client = Client()
    daily_page = client.get(reverse("air:daily"), {"date": day.isoformat()})
    a1_page = next(v for v in daily_page.context["stations"] if v.station.code == "A1")
    daily_api = client.get("/api/v1/air/daily", {"date": day.isoformat()}).json()
    a1_api = next(row for row in daily_api["stations"] if row["code"] == "A1")
    for name in ("pm2_5", "co", "o3_8h"):
        assert a1_api[name] == float(a1_page.shown[name]), name
    assert (a1_api["pm2_5"], a1_api["co"]) == (40, 0.8)
    history = client.get("/api/v1/air/history", {"start": "2026-02-10", "end": "2026-02-10"}).json()
    assert next(row for row in history if row["station"] == "A1")["pm2_5"] == 40
    realtime_api = client.get("/api/v1/air/realtime").json()
    a1 = next(row for row in realtime_api["stations"] if row["code"] == "A1")
    # The real-time page keeps one more decimal when a value is not whole (publication.shown_hourly):
    # 40.44 → "40.4", 60.46 → "60.5"; the API gives the same numbers, not 40.44 and 60.46.
    assert (a1["concentrations"]["pm2_5"], a1["concentrations"]["o3"]) == (40.4, 60.5)
    realtime_page = client.get(reverse("air:realtime")).content.decode()
    assert "40.4（" in realtime_page and "60.5（" in realtime_page and "40.44" not in realtime_page
    assert realtime_api["hour"].endswith("+08:00") and daily_api["published_at"].endswith("+08:00")


@pytest.mark.django_db
def test_the_hourly_data_export_gives_times_in_beijing_time_with_the_offset(city, make_staff, client_for):
    ingest(rows=day_rows("A1", date(2026, 2, 10)), channel="api")
    client = client_for(make_staff("data_officer"))
    text = client.get(reverse("air:staff_observations"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "2026-02-10T08:00:00+08:00" in text and "+00:00" not in text
