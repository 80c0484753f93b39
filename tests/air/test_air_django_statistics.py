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
    assert stats.percentiles["pm2_5"] == 95.5


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
    day = date(2026, 2, 10)
    ingest(rows=day_rows("A1", day, pm2_5=80) + day_rows("B1", day, pm2_5=20), channel="api")
    publish_daily_report(day=day)
    data = Client().get("/api/v1/air/statistics", {"year": 2026, "month": 2}).json()
    assert data["city"]["valid_days"] == 1
    assert [row["region"] for row in data["district_ranking"]] == ["西区", "东区"]  # cleaner first
    page = Client().get("/air/statistics/", {"year": 2026, "month": 2}).content.decode()
    assert "西区" in page and "air/statistics.js" in page
    csv = Client().get("/air/statistics/", {"year": 2026, "month": 2, "export": "csv"})
    assert "综合指数" in csv.content.decode("utf-8-sig").splitlines()[0]
    assert Client().get("/api/v1/air/statistics", {"year": 2026, "month": 13}).status_code == 400
