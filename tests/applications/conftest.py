"""Real working-day calendars for 2024–2026 from the `chinese_calendar` package (LKI/chinese-calendar)."""

from collections.abc import Iterable

import chinese_calendar
import pytest
from chinese_calendar.constants import Holiday

from gongkai.workcalendar.workdays import DayKind, SpecialDay, WorkdayCalendar

COVERED_YEARS = (2024, 2025, 2026)


def build_calendar(extra: Iterable[SpecialDay] = (), years: Iterable[int] = COVERED_YEARS) -> WorkdayCalendar:
    """The State Council holidays and 调休 of `years`, then `extra` days overriding them."""
    years = frozenset(years)
    special = {
        day: SpecialDay(day, DayKind.HOLIDAY, Holiday(name).chinese)
        for day, name in chinese_calendar.holidays.items()
        if day.year in years
    }
    special.update(
        (day, SpecialDay(day, DayKind.WORKDAY, Holiday(name).chinese))
        for day, name in chinese_calendar.workdays.items()
        if day.year in years
    )
    special.update((extra_day.day, extra_day) for extra_day in extra)
    return WorkdayCalendar(years, special.values())


@pytest.fixture(scope="session")
def calendar() -> WorkdayCalendar:
    return build_calendar()


@pytest.fixture(scope="session")
def make_calendar():
    return build_calendar
