"""The air app's facts for the annual report (core.yearly, issue 19): daily reports published in the
year and the city's 优良天数比例 from the published daily values, from hand-made records."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from gongkai.air import yearly as air_yearly
from gongkai.air.models import DailyReport, PublishedRegionValue
from gongkai.core import yearly

ZONE = ZoneInfo("Asia/Shanghai")


def _report(city, day: date, aqi: int, level: int) -> None:
    """A published daily report with the city's value as published."""
    when = datetime.combine(day + timedelta(days=1), time(10), ZONE)
    report = DailyReport.objects.create(date=day, published_at=when)
    PublishedRegionValue.objects.create(
        report=report, region=city, date=day, standard=2012, aqi=aqi, level=level, computed_at=when
    )


def test_the_air_facts_of_a_running_year(city, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 6))
    # 优 40, 良 80 and 60, 轻度污染 120: 3 of 4 days good; a report not published is not counted
    for day, aqi, level in ((1, 40, 1), (2, 80, 2), (3, 120, 3), (4, 60, 2)):
        _report(city, date(2026, 3, day), aqi, level)
    DailyReport.objects.create(date=date(2026, 3, 5))  # computed, not published (no published values)
    [fact] = air_yearly.compute(2026).facts
    assert (fact.section, fact.topic) == ("一", "主动公开")
    assert fact.figures == {
        "daily_reports": 4,
        "valid_days": 4,
        "good_days": 3,
        "good_ratio": Decimal("75.0"),
    }
    assert fact.text == (
        "全年发布空气质量日报4期；按已发布的日报数据，测试市有效监测4天，其中优良天数3天，优良天数比例75.0%。"
    )
    assert air_yearly.compute(2024).facts == ()
    assert "air" in {c.key for c in yearly.contributors()}


def test_a_past_year_without_enough_valid_days_states_no_ratio(city):
    # a year that is over with 2 valid days fails the GB 3095 Table 4 rule: no ratio is stated
    _report(city, date(2025, 6, 1), 40, 1)
    _report(city, date(2025, 6, 2), 150, 3)
    [fact] = air_yearly.compute(2025).facts
    assert "good_ratio" not in fact.figures and fact.figures["valid_days"] == 2
    assert fact.text == (
        "全年发布空气质量日报2期；按已发布的日报数据，测试市有效监测2天，未达到年度统计的有效性要求，不计算优良天数比例。"
    )
