"""Issue 21: period validity (GB 3095 Table 4), coverage of running periods, statistics from published
days only, and year-on-year on the same calendar days, withheld when either side fails."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from django.test import Client

from gongkai.air import statistics, statistics_queries, validity
from gongkai.air.intake import ingest
from gongkai.air.services import publish_daily_report
from tests.air.conftest import day_rows

FIELDS = ("so2", "no2", "co", "pm10", "pm2_5", "o3_8h", "o3_1h_max")


@pytest.mark.parametrize(
    ("start", "end", "valid_days", "status"),
    [
        (date(2026, 11, 1), date(2026, 11, 30), 27, "valid"),  # a month: ≥ 27
        (date(2026, 11, 1), date(2026, 11, 30), 26, "invalid"),
        (date(2026, 2, 1), date(2026, 2, 28), 25, "valid"),  # February: ≥ 25
        (date(2026, 2, 1), date(2026, 2, 28), 24, "invalid"),
        (date(2024, 2, 1), date(2024, 2, 29), 25, "valid"),
        (date(2025, 1, 1), date(2025, 12, 31), 324, "valid"),  # a year: ≥ 324
        (date(2025, 1, 1), date(2025, 12, 31), 323, "invalid"),
        (date(2025, 1, 1), date(2025, 12, 31), 30, "invalid"),  # the "year" resting on 30 days
    ],
)
def test_month_needs_27_valid_days_february_25_and_year_324(start, end, valid_days, status):
    assert validity.assess(start, end, valid_days).status == status


def test_running_month_states_its_coverage_instead_of_passing_as_a_month():
    # December 2026 seen on 5 December: 4 days elapsed (the 5th has no daily report yet).
    coverage = validity.assess(date(2026, 12, 1), date(2026, 12, 31), 1, today=date(2026, 12, 5))
    assert coverage.status == "partial"
    assert (coverage.through, coverage.elapsed_days, coverage.period_days, coverage.valid_days) == (
        date(2026, 12, 4),
        4,
        31,
        1,
    )


def _summary(start: date, end: date, n: int, today: date | None = None, pm2_5: float = 30.0):
    days = (end - start).days + 1
    aqi = np.full(days, np.nan)
    aqi[:n] = 60.0
    daily = {name: np.where(np.isnan(aqi), np.nan, 10.0) for name in FIELDS}
    daily["pm2_5"] = np.where(np.isnan(aqi), np.nan, pm2_5)
    return statistics.summarise(
        region="市", start=start, end=end, aqi=aqi, levels=np.ceil(aqi / 50), daily=daily, today=today
    )


def test_failed_year_is_withheld_never_published_as_a_plain_statistic():
    stats = _summary(date(2025, 1, 1), date(2025, 12, 31), 30)
    assert stats.status == "invalid" and stats.valid_days == 30
    assert stats.good_ratio is None and stats.composite_index is None
    assert set(stats.means.values()) == {None} and set(stats.percentiles.values()) == {None}
    assert stats.as_dict()["validity"]["required_days"] == 324
    full = _summary(date(2025, 1, 1), date(2025, 12, 31), 330)
    assert full.status == "valid" and full.means["pm2_5"] == 30.0


def test_year_on_year_uses_the_same_calendar_days_and_is_withheld_when_either_side_fails():
    assert statistics.same_days_last_year(date(2026, 1, 1), date(2026, 12, 4)) == (
        date(2025, 1, 1),
        date(2025, 12, 4),
    )
    assert statistics.same_days_last_year(date(2028, 2, 1), date(2028, 2, 29))[1] == date(2027, 2, 28)
    today = date(2026, 12, 5)
    now = _summary(date(2026, 1, 1), date(2026, 12, 31), 338, today=today, pm2_5=30.0)
    before = _summary(date(2025, 1, 1), date(2025, 12, 4), 338, pm2_5=40.0)
    report = statistics.Report(city=now, previous=before, districts=[])
    assert report.changes["pm2_5"] == -25.0
    thin = _summary(date(2025, 1, 1), date(2025, 12, 4), 30, pm2_5=40.0)  # last year: 30 of 338 days
    assert statistics.Report(city=now, previous=thin, districts=[]).changes == {}
    failed_month = _summary(date(2026, 11, 1), date(2026, 11, 30), 20)
    november = _summary(date(2025, 11, 1), date(2025, 11, 30), 30)
    assert statistics.Report(city=failed_month, previous=november, districts=[]).changes == {}


@pytest.mark.django_db
def test_statistics_count_only_days_whose_daily_report_was_published(city):
    published, unpublished = date(2026, 1, 5), date(2026, 1, 6)
    ingest(rows=day_rows("A1", published) + day_rows("A1", unpublished), channel="api")
    publish_daily_report(day=published)
    stats = statistics_queries.region_statistics(city, date(2026, 1, 1), date(2026, 1, 31))
    assert stats.valid_days == 1
    # January 2026 has ended with 1 valid day: withheld and flagged on the page.
    assert stats.status == "invalid" and stats.means["pm2_5"] is None
    page = Client().get("/air/statistics/", {"year": 2026, "month": 1}).content.decode()
    assert "不满足数据有效性规定" in page and "至少需 27 天" in page


def test_composite_index_limits_after_2026_03_01_are_a_named_setting():
    before = _summary(date(2025, 11, 1), date(2025, 11, 30), 30)
    assert before.limit_set == "GB 3095-2012 二级"
    after = statistics.summarise(
        region="市",
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        aqi=np.full(30, 60.0),
        levels=np.full(30, 2.0),
        daily={name: np.full(30, 30.0) for name in FIELDS},
        standards=(2026,),
    )
    # Default: GB 3095-2026 transition Class II (PM2.5 30, PM10 60); SO2 60, NO2 40, CO 4, O3 160.
    assert after.limit_set == "GB 3095-2026 二级过渡限值"
    assert after.composite_index == round(30 / 60 + 30 / 40 + 30 / 60 + 30 / 30 + 30 / 4 + 30 / 160, 2)
    final = statistics.StatisticsOptions(limit_set_2026="gb3095-2026-final")
    assert statistics.limits_for((2026,), final)[1]["pm2_5"] == 25


@pytest.mark.django_db
def test_statistics_page_names_the_composite_limit_set_from_the_setting(city, settings):
    settings.AIR_COMPOSITE_LIMITS_2026 = "gb3095-2026-final"
    day = date(2026, 11, 10)
    ingest(rows=day_rows("A1", day), channel="api")
    publish_daily_report(day=day)
    data = Client().get("/api/v1/air/statistics", {"year": 2026, "month": 11}).json()
    assert data["city"]["composite_limits"] == "GB 3095-2026 二级最终限值"
    page = Client().get("/air/statistics/", {"year": 2026, "month": 11}).content.decode()
    assert "综合指数所用限值：GB 3095-2026 二级最终限值" in page
