"""Special days of the years the chinese-calendar package covers (2004–2026 in 1.11.0)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import chinese_calendar

from gongkai.workcalendar.workdays import DayKind, SpecialDay

SOURCE = "chinese-calendar"


def _chinese_name(english: str) -> str:
    for holiday in chinese_calendar.Holiday:
        if holiday.value == english:
            return holiday.chinese
    return english


def package_years() -> dict[int, list[SpecialDay]]:
    """Every year the package has data for, with its holidays and adjusted working days."""
    years: dict[int, list[SpecialDay]] = defaultdict(list)
    for day, english in chinese_calendar.holidays.items():
        years[day.year].append(SpecialDay(day, DayKind.HOLIDAY, _chinese_name(english)))
    for day, english in chinese_calendar.workdays.items():
        years[day.year].append(SpecialDay(day, DayKind.WORKDAY, _chinese_name(english)))
    return {year: sorted(days, key=lambda special: special.day) for year, days in sorted(years.items())}


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{SOURCE} {version('chinesecalendar')}"
    except PackageNotFoundError:
        return SOURCE


def is_covered_by_package(day: date) -> bool:
    return day.year in package_years()
