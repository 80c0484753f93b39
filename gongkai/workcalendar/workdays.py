"""Chinese working-day calendar (工作日历): public holidays and adjusted working days (调休).

Pure: no Django, no clock, no I/O. The caller loads the special days (from the database) and
passes them in.

Rules:
- 《全国年节及纪念日放假办法》 fixes the holidays; the State Council's yearly notice
  《关于YYYY年部分节假日安排的通知》 moves weekends (调休). A year's working days therefore
  cannot be derived from weekends alone: a year nobody has entered raises `YearNotCovered`,
  never a silent guess.
- "Within N working days of receipt" (条例 Art. 33 and alike): the start day is not counted;
  the deadline is the N-th working day after the start day (`add_workdays`).
- Provisional dates (暂定): a deadline that falls in a year not entered yet (the State Council's
  notice comes out in Oct–Nov) may be counted on a calendar whose `provisional_years` hold the
  weekends and statutory holidays of 《全国年节及纪念日放假办法》 (`workcalendar.provisional`, the one
  implementation: `with_provisional_years`). Such a date is flagged (`is_provisional`) and must be
  shown as 暂定; it is recomputed once the year is entered. Years not added still raise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

SATURDAY = 5


class DayKind(StrEnum):
    HOLIDAY = "holiday"  # 法定节假日 (a rest day, whatever the weekday)
    WORKDAY = "workday"  # 调休上班 (a weekend day that is a working day)


@dataclass(frozen=True, slots=True)
class SpecialDay:
    day: date
    kind: DayKind
    name: str = ""


class YearNotCovered(LookupError):
    """The calendar has no data for a year: its holidays and 调休 must be entered first."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"缺少{year}年的工作日历数据（法定节假日和调休安排），请管理员先录入{year}年的放假安排。"
        )

    @property
    def message(self) -> str:
        return self.args[0]


class WorkdayCalendar:
    """Working days for the covered years: weekdays are working days unless a holiday,
    weekend days are rest days unless an adjusted working day."""

    def __init__(
        self,
        covered_years: Iterable[int],
        special_days: Iterable[SpecialDay] = (),
        *,
        provisional_years: Iterable[int] = (),
    ):
        self.covered_years = frozenset(covered_years)
        # Years counted provisionally (暂定, workcalendar.provisional): covered, but not entered.
        self.provisional_years = frozenset(provisional_years)
        if not self.provisional_years <= self.covered_years:
            raise ValueError("暂定年份必须在日历范围内")
        self._special: dict[date, SpecialDay] = {}
        for special in special_days:
            if special.day.year not in self.covered_years:
                raise ValueError(f"{special.day.isoformat()} 不在已录入的年份内")
            self._special[special.day] = special

    def _require(self, day: date) -> None:
        if day.year not in self.covered_years:
            raise YearNotCovered(day.year)

    def special_days(self) -> list[SpecialDay]:
        """Every special day of the covered years, in date order."""
        return sorted(self._special.values(), key=lambda special: special.day)

    def is_provisional(self, *days: date) -> bool:
        """Whether a result spanning `days` (e.g. a start and its deadline) was counted, wholly or
        partly, by the provisional rule: it must be shown as 暂定."""
        if not days:
            return False
        first, last = min(days).year, max(days).year
        return any(year in self.provisional_years for year in range(first, last + 1))

    @property
    def entered_years(self) -> frozenset[int]:
        """The covered years whose 放假安排 was entered (not provisional)."""
        return self.covered_years - self.provisional_years

    def special_day(self, day: date) -> SpecialDay | None:
        self._require(day)
        return self._special.get(day)

    def is_workday(self, day: date) -> bool:
        special = self.special_day(day)
        if special is not None:
            return special.kind is DayKind.WORKDAY
        return day.weekday() < SATURDAY

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name for a holiday rest day, else None."""
        special = self.special_day(day)
        if special is not None and special.kind is DayKind.HOLIDAY:
            return special.name or None
        return None

    def add_workdays(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (start not counted); a negative count goes
        back. `count == 0` returns `start` unchanged."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        day = start
        while remaining:
            day += timedelta(days=step)
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: the days elapsed since `start`, start not counted.
        Negative when `end` is before `start`, so that add_workdays(start, n) == end gives n
        for a working day `end`."""
        if end < start:
            return -self.workdays_between(end, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def next_workday(self, day: date) -> date:
        """`day` itself when it is a working day, else the next working day."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day
