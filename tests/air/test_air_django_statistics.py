"""Monthly/annual statistics: level days, 优良天数比例, HJ 663 percentiles, composite index, ranking."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from django.test import Client

from gongkai.air import statistics
from gongkai.air.intake import ingest
from gongkai.air.services import publish_daily_report
from tests.air.conftest import day_rows


def test_percentile_follows_the_hj663_formula():
    # k = 1 + (n − 1) × p/100 = 1 + 9 × 0.95 = 9.55 → X(9) + 0.55 × (X(10) − X(9)) = 90 + 0.55 × 10
    values = np.arange(10, 110, 10, dtype=float)
    stats = statistics.summarise(
        region="r",
        start=date(2026, 1, 1),
        end=date(2026, 1, 10),
        aqi=values,
        levels=np.ones(10),
        daily=dict.fromkeys(("so2", "no2", "co", "pm10", "pm2_5", "o3_8h", "o3_1h_max"), values),
    )
    # published to the precision of the concentrations (GB/T 8170: 95.5 → 96, half to even)
    assert stats.percentiles["pm2_5"] == 96 and isinstance(stats.percentiles["pm2_5"], int)
    assert stats.percentiles["co"] == 95.5


def test_percentiles_are_published_at_the_configured_precision_rounded_once_gbt8170():
    values = np.array([1.0, 2.0, 2.5, 3.0, 4.125])
    daily = dict.fromkeys(("so2", "no2", "co", "pm10", "pm2_5", "o3_8h", "o3_1h_max"), values)
    default = statistics.summarise(
        region="r", start=date(2026, 1, 1), end=date(2026, 1, 5), aqi=values, levels=np.ones(5), daily=daily
    )
    # P98 of so2 = 3 + 0.92 × 1.125 = 4.035 → 4; P95 of co = 3.9; P90 of o3_8h = 3.675 → 4
    shown = default.percentiles
    assert (shown["so2"], shown["co"], shown["o3_8h"]) == (4, 3.9, 4)
    options = statistics.StatisticsOptions(percentile_places={**statistics.PERCENTILE_PLACES, "so2": 2})
    finer = statistics.summarise(
        region="r",
        start=date(2026, 1, 1),
        end=date(2026, 1, 5),
        aqi=values,
        levels=np.ones(5),
        daily=daily,
        options=options,
    )
    assert finer.percentiles["so2"] == 4.04  # 4.035 → 4.04 (GB/T 8170: exactly half, to even)


def test_the_percentile_precision_is_a_setting(settings):
    from gongkai.air.statistics_queries import configured_options

    assert configured_options().percentile_places == statistics.PERCENTILE_PLACES
    settings.AIR_PERCENTILE_PLACES = {"co": 2}
    assert configured_options().percentile_places["co"] == 2
    assert configured_options().percentile_places["pm2_5"] == 0


def test_good_ratio_level_days_and_composite_index():
    aqi = np.array([40, 90, 120, np.nan])
    levels = np.array([1, 2, 3, np.nan])
    daily = {
        name: np.array([10.0, 20.0, 30.0, np.nan]) for name in ("so2", "no2", "pm10", "pm2_5", "o3_1h_max")
    }
    daily["co"] = np.array([1.0, 1.0, 1.0, np.nan])
    daily["o3_8h"] = np.array([80.0, 80.0, 80.0, np.nan])
    stats = statistics.summarise(
        region="r", start=date(2026, 1, 1), end=date(2026, 1, 4), aqi=aqi, levels=levels, daily=daily
    )
    assert (stats.valid_days, stats.level_days[1], stats.level_days[3], stats.good_ratio) == (3, 1, 1, 66.7)
    # 20/60 + 20/40 + 20/70 + 20/35 + 1/4 + 80/160
    assert stats.composite_index == round(20 / 60 + 20 / 40 + 20 / 70 + 20 / 35 + 1 / 4 + 80 / 160, 2)
    weighted = statistics.StatisticsOptions(weights=statistics.WEIGHTS_2026_CANDIDATE)
    heavier = statistics.summarise(
        region="r",
        start=date(2026, 1, 1),
        end=date(2026, 1, 4),
        aqi=aqi,
        levels=levels,
        daily=daily,
        options=weighted,
    )
    assert heavier.composite_index > stats.composite_index


@pytest.mark.django_db
def test_statistics_page_api_and_export_rank_districts(city):
    # February 2026 with 25 published days: the GB 3095 Table 4 minimum for February.
    days = [date(2026, 2, d) for d in range(1, 26)]
    rows = [row for day in days for row in day_rows("A1", day, pm2_5=80) + day_rows("B1", day, pm2_5=20)]
    ingest(rows=rows, channel="api")
    for day in days:
        publish_daily_report(day=day)
    data = Client().get("/api/v1/air/statistics", {"year": 2026, "month": 2}).json()
    assert data["city"]["valid_days"] == 25 and data["city"]["validity"]["status"] == "valid"
    assert [row["region"] for row in data["district_ranking"]] == ["西区", "东区"]  # cleaner first
    page = Client().get("/air/statistics/", {"year": 2026, "month": 2}).content.decode()
    assert "西区" in page and "air/statistics.js" in page
    csv = Client().get("/air/statistics/", {"year": 2026, "month": 2, "export": "csv"})
    assert "综合指数" in csv.content.decode("utf-8-sig").splitlines()[0]
    # outside the constraints the OpenAPI document declares: the Chinese 422 (issue 11)
    assert Client().get("/api/v1/air/statistics", {"year": 2026, "month": 13}).status_code == 422


def test_year_on_year_changes_are_points_and_percent():
    def period(pm2_5: float, aqi_values: list[float]) -> statistics.PeriodStatistics:
        n = len(aqi_values)
        daily = {name: np.full(n, 10.0) for name in ("so2", "no2", "co", "o3_1h_max", "o3_8h", "pm10")}
        daily["pm2_5"] = np.full(n, pm2_5)
        aqi = np.array(aqi_values)
        return statistics.summarise(
            region="市",
            start=date(2026, 1, 1),
            end=date(2026, 1, n),
            aqi=aqi,
            levels=np.ceil(aqi / 50),
            daily=daily,
        )

    now, before = period(30.0, [40, 60, 90, 120]), period(40.0, [60, 120, 160, 170])
    changes = statistics.year_on_year(now, before)
    assert changes["good_ratio_points"] == 50.0  # 75 % against 25 %
    assert changes["pm2_5"] == -25.0 and changes["so2"] == 0.0


@pytest.mark.django_db
def test_monthly_statistics_table_export_and_api_twin(city):
    ingest(rows=day_rows("A1", date(2026, 1, 5), pm2_5=80) + day_rows("A1", date(2026, 2, 10)), channel="api")
    for day in (date(2026, 1, 5), date(2026, 2, 10)):
        publish_daily_report(day=day)
    page = Client().get("/air/statistics/", {"year": 2026})
    months = page.context["monthly"]
    assert len(months) == 12 and [m.valid_days for m in months[:3]] == [1, 1, 0]
    assert months[0].level_days[3] == 1  # PM2.5 80 → 轻度污染 (HJ 633-2012, January)
    assert 'id="air-statistics-monthly"' in page.content.decode()
    west = Client().get("/air/statistics/", {"year": 2026, "region": "990103"}).context["monthly"]
    assert [m.valid_days for m in west[:2]] == [0, 0]  # 西区 has no data
    csv = Client().get("/air/statistics/", {"year": 2026, "table": "monthly", "export": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 13 and lines[1].startswith("测试市,2026-01-01,2026-01-31,1,")
    api = Client().get("/api/v1/air/statistics/monthly", {"year": 2026, "region": "990102"}).json()
    assert [m["valid_days"] for m in api["months"][:2]] == [1, 1]
    monthly = "/api/v1/air/statistics/monthly"
    assert Client().get(monthly, {"year": 2026, "region": "999999"}).status_code == 404
    assert Client().get(monthly, {"year": 2026, "region": "X"}).status_code == 422  # declared: digits
    assert Client().get(monthly, {"year": 1900}).status_code == 422  # declared: 2000–2100
