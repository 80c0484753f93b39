"""The calendar in the database agrees with the State Council's published holiday schedules
(国务院办公厅关于YYYY年部分节假日安排的通知) for 2024, 2025 and 2026, day by day.

The tables below are written from the notices themselves, not from the chinese-calendar package
the database is seeded from; the package is checked against the same tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
import pytest

from gongkai.workcalendar.queries import get_calendar


@dataclass(frozen=True)
class Festival:
    name: str
    first: str  # first and last day off, as the notice gives them ("X月X日至X日放假")
    last: str
    working: tuple[str, ...] = ()  # weekend days worked instead (调休上班)

    def days_off(self) -> list[date]:
        first, last = date.fromisoformat(self.first), date.fromisoformat(self.last)
        return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


SCHEDULES: dict[int, tuple[str, list[Festival]]] = {
    2024: (
        "国办发明电〔2023〕7号",
        [
            Festival("元旦", "2024-01-01", "2024-01-01"),  # 1月1日放假，与周末连休
            # 2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
            # 除夕（2月9日）only "encouraged" as paid leave: officially a working day.
            Festival("春节", "2024-02-10", "2024-02-17", ("2024-02-04", "2024-02-18")),
            Festival("清明节", "2024-04-04", "2024-04-06", ("2024-04-07",)),
            Festival("劳动节", "2024-05-01", "2024-05-05", ("2024-04-28", "2024-05-11")),
            Festival("端午节", "2024-06-10", "2024-06-10"),  # 6月10日放假，与周末连休
            Festival("中秋节", "2024-09-15", "2024-09-17", ("2024-09-14",)),
            Festival("国庆节", "2024-10-01", "2024-10-07", ("2024-09-29", "2024-10-12")),
        ],
    ),
    2025: (
        "国办发明电〔2024〕12号",  # the first year under the amended 放假办法: 除夕 and 5月2日 added
        [
            Festival("元旦", "2025-01-01", "2025-01-01"),  # 1月1日（周三）放假1天，不调休
            Festival("春节", "2025-01-28", "2025-02-04", ("2025-01-26", "2025-02-08")),
            Festival("清明节", "2025-04-04", "2025-04-06"),
            Festival("劳动节", "2025-05-01", "2025-05-05", ("2025-04-27",)),
            Festival("端午节", "2025-05-31", "2025-06-02"),
            Festival("国庆节、中秋节", "2025-10-01", "2025-10-08", ("2025-09-28", "2025-10-11")),
        ],
    ),
    2026: (
        "国办发明电〔2025〕7号",
        [
            Festival("元旦", "2026-01-01", "2026-01-03", ("2026-01-04",)),
            Festival("春节", "2026-02-15", "2026-02-23", ("2026-02-14", "2026-02-28")),
            Festival("清明节", "2026-04-04", "2026-04-06"),
            Festival("劳动节", "2026-05-01", "2026-05-05", ("2026-05-09",)),
            Festival("端午节", "2026-06-19", "2026-06-21"),
            Festival("中秋节", "2026-09-25", "2026-09-27"),
            Festival("国庆节", "2026-10-01", "2026-10-07", ("2026-09-20", "2026-10-10")),
        ],
    ),
}


def official_status(year: int) -> dict[date, bool]:
    """Every day of `year` → is it a working day, according to the notice."""
    _notice, festivals = SCHEDULES[year]
    days_off = {day for festival in festivals for day in festival.days_off()}
    worked = {date.fromisoformat(text) for festival in festivals for text in festival.working}
    status = {}
    day = date(year, 1, 1)
    while day.year == year:
        status[day] = day in worked or (day.weekday() < 5 and day not in days_off)
        day += timedelta(days=1)
    return status


def disagreements(status: dict[date, bool], is_workday) -> list[str]:
    return [
        f"{day} official={'workday' if working else 'restday'}"
        for day, working in status.items()
        if is_workday(day) != working
    ]


@pytest.mark.parametrize("year", sorted(SCHEDULES))
def test_the_table_is_consistent_with_the_notice(year):
    """Days off fall in the year, and every 调休 working day is a Saturday or Sunday."""
    _notice, festivals = SCHEDULES[year]
    for festival in festivals:
        assert all(day.year == year for day in festival.days_off())
        for text in festival.working:
            assert date.fromisoformat(text).weekday() >= 5, f"{festival.name} {text} is not a weekend day"


@pytest.mark.django_db
@pytest.mark.parametrize("year", sorted(SCHEDULES))
def test_database_calendar_agrees_with_the_state_council_for_every_day_of_the_year(year):
    assert disagreements(official_status(year), get_calendar().is_workday) == []


@pytest.mark.django_db
@pytest.mark.parametrize("year", sorted(SCHEDULES))
def test_every_listed_date_has_its_official_status_and_festival_name(year):
    calendar = get_calendar()
    _notice, festivals = SCHEDULES[year]
    for festival in festivals:
        for day in festival.days_off():
            assert not calendar.is_workday(day), f"{day} ({festival.name}) should be a rest day"
            name = calendar.holiday_name(day)
            assert name and name in festival.name, f"{day}: holiday name {name!r}, expected {festival.name}"
        for text in festival.working:
            day = date.fromisoformat(text)
            assert calendar.is_workday(day), f"{day} ({festival.name} 调休) should be a working day"
            assert calendar.holiday_name(day) is None


@pytest.mark.parametrize("year", sorted(SCHEDULES))
def test_the_chinese_calendar_package_agrees_with_the_state_council(year):
    assert disagreements(official_status(year), chinese_calendar.is_workday) == []


@pytest.mark.django_db
def test_a_year_after_the_package_has_no_data_until_entered():
    calendar = get_calendar()
    assert 2026 in calendar.covered_years
    assert 2027 not in calendar.covered_years
