"""Provisional working days (暂定) for a year whose 放假安排 has not been entered yet.

The State Council publishes each year's holidays and 调休 (《关于YYYY年部分节假日安排的通知》) only in
October–November of the year before, so a deadline that crosses into such a year cannot be final. Until
the year is entered it is counted over weekends and the statutory holidays of 《全国年节及纪念日放假办法》
(4th revision, 国务院 2024-11-10, effective 2025-01-01; regulations.md §10), 13 days:

| Holiday | Days off |
|---|---|
| 元旦 | 1 (1月1日) |
| 春节 | 4 (除夕 + 正月初一至初三, lunar dates) |
| 清明 | 1 (the 清明 solar term) |
| 劳动节 | 2 (5月1日、2日) |
| 端午 | 1 (五月初五, lunar) |
| 中秋 | 1 (八月十五, lunar) |
| 国庆 | 3 (10月1日至3日) |

Lunar dates come from the `lunardate` package, the 清明 solar term from `chinese_calendar`'s formula.
No 调休 and no 补假 (Art. 6 [L]) are assumed: every date counted this way is labelled 暂定 and recomputed
once the year is entered (workcalendar's `calendar_changed`).

Pure: no Django, no clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import chinese_calendar
from lunardate import LunarDate

from gongkai.core.labelled import Text, gettext_noop
from gongkai.workcalendar.workdays import DayKind, SpecialDay, WorkdayCalendar

FIRST_YEAR, LAST_YEAR = 1901, 2099  # the range both libraries cover


def statutory_holidays(year: int) -> list[SpecialDay]:
    """The 13 statutory rest days of `year` under the 2024 《全国年节及纪念日放假办法》, in date order."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"暂定工作日历只支持{FIRST_YEAR}—{LAST_YEAR}年")
    new_year = LunarDate(year, 1, 1).to_solar_date()
    april_terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    qingming = next(day for day, name in april_terms if name == "清明")
    days = [
        (date(year, 1, 1), "元旦"),
        *((new_year + timedelta(days=offset), "春节") for offset in (-1, 0, 1, 2)),
        (qingming, "清明节"),
        (date(year, 5, 1), "劳动节"),
        (date(year, 5, 2), "劳动节"),
        (LunarDate(year, 5, 5).to_solar_date(), "端午节"),
        (LunarDate(year, 8, 15).to_solar_date(), "中秋节"),
        *((date(year, 10, day), "国庆节") for day in (1, 2, 3)),
    ]
    # 除夕 of a year whose 正月初一 is on 1 January would fall in the year before: keep the year's own days.
    return sorted(
        (SpecialDay(day, DayKind.HOLIDAY, f"{name}（暂定）") for day, name in days if day.year == year),
        key=lambda special: special.day,
    )


def with_provisional_years(calendar: WorkdayCalendar, years: Iterable[int]) -> WorkdayCalendar:
    """`calendar` plus the provisional `years` it does not cover (weekends + statutory holidays). The
    added years are the calendar's `provisional_years`: `calendar.is_provisional(start, due)` tells a
    date to show as 暂定. Years outside the libraries' range are left out (they still raise)."""
    entered = calendar.special_days()
    missing = sorted(
        year for year in set(years) - set(calendar.covered_years) if FIRST_YEAR <= year <= LAST_YEAR
    )
    if not missing:
        return calendar
    provisional = [special for year in missing for special in statutory_holidays(year)]
    return WorkdayCalendar(
        [*calendar.covered_years, *missing],
        [*entered, *provisional],
        provisional_years=[*calendar.provisional_years, *missing],
    )


def with_next_years(calendar: WorkdayCalendar, years_ahead: int = 1) -> WorkdayCalendar:
    """`calendar` plus, provisionally, the `years_ahead` years after the last entered one (the next
    year's notice comes in October–November); gaps in the past and later years still raise."""
    if not calendar.entered_years:
        return calendar
    last = max(calendar.entered_years)
    return with_provisional_years(calendar, range(last + 1, last + 1 + years_ahead))


# regulations.md §10: the State Council's notice for year Y+1 usually comes in October–November of Y.
NEXT_YEAR_WARNING_MONTH = 10


def next_year_missing(today: date, covered_years: Iterable[int]) -> int | None:
    """From 1 October, the next year while its 放假安排 has not been entered (administrators are warned)."""
    following = today.year + 1
    if today.month >= NEXT_YEAR_WARNING_MONTH and following not in set(covered_years):
        return following
    return None


def next_year_warning(year: int) -> Text:
    return Text(
        gettext_noop(
            "尚未录入%(year)s年的放假安排（国务院办公厅《关于%(year)s年部分节假日安排的通知》）。"
            "跨入%(year)s年的答复期限目前按周末和法定节假日暂定计算，请在通知公布后及时录入。"
        ),
        year=year,
    )
