"""The year grid (年历): the 12 months of a year as weeks Monday–Sunday, each day with what the
calendar says of it. Pure: the caller passes the year's special days."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gongkai.workcalendar.workdays import SATURDAY, DayKind, SpecialDay


@dataclass(frozen=True)
class GridDay:
    day: date
    kind: str  # "holiday" (放假), "workday" (调休上班), "weekend", or "" (an ordinary working day)
    name: str = ""
    selected: bool = False

    @property
    def rests(self) -> bool:
        return self.kind in ("holiday", "weekend")


@dataclass(frozen=True)
class GridMonth:
    first: date
    weeks: list[list[GridDay | None]]  # None: a day of the neighbouring month
    holidays: int
    workdays: int


def year_grid(year: int, special_days: Iterable[SpecialDay], selection: tuple[date, date] | None = None):
    special = {s.day: s for s in special_days if s.day.year == year}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row: list[GridDay | None] = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                entry = special.get(day)
                if entry is not None:
                    kind = "holiday" if entry.kind is DayKind.HOLIDAY else "workday"
                    name = entry.name
                else:
                    kind, name = ("weekend" if day.weekday() >= SATURDAY else ""), ""
                chosen = selection is not None and selection[0] <= day <= selection[1]
                row.append(GridDay(day, kind, name, chosen))
            weeks.append(row)
        in_month = [s for d, s in special.items() if d.month == month]
        months.append(
            GridMonth(
                date(year, month, 1),
                weeks,
                sum(1 for s in in_month if s.kind is DayKind.HOLIDAY),
                sum(1 for s in in_month if s.kind is DayKind.WORKDAY),
            )
        )
    return months
