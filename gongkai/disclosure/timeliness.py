"""Timeliness of proactive disclosure (公开时效), 条例 Art. 26.

属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开; a catalogue item
may set another limit (a law or regulation that sets a different period prevails). Counting follows
the platform's rule for "within N working days": the day formed is not counted, and the information
is on time when it is published on or before the N-th working day after it (workdays.add_workdays).

Pure: no Django, no clock. The calendar is passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.workcalendar.workdays import WorkdayCalendar, YearNotCovered

# 条例 Art. 26: the default time limit in working days.
DEFAULT_TIME_LIMIT_WORKDAYS = 20


@dataclass(frozen=True)
class Assessment:
    due_on: date | None  # the last day on time; None when the calendar does not cover it
    workdays_taken: int | None  # working days from the day formed to publication
    late: bool | None  # None: not published yet, no limit, or calendar missing


def due_date(*, formed: date, limit_workdays: int, calendar: WorkdayCalendar) -> date:
    """The last day on which publication is on time."""
    return calendar.add_workdays(formed, limit_workdays)


def assess(
    *, formed: date, published: date | None, limit_workdays: int | None, calendar: WorkdayCalendar
) -> Assessment:
    """Check one publication against its limit. A document published on or before the day it
    was formed took 0 working days."""
    if limit_workdays is None:
        return Assessment(None, None, None)
    try:
        due = due_date(formed=formed, limit_workdays=limit_workdays, calendar=calendar)
    except YearNotCovered:
        return Assessment(None, None, None)
    if published is None:
        return Assessment(due, None, None)
    try:
        taken = max(0, calendar.workdays_between(formed, published))
    except YearNotCovered:
        return Assessment(due, None, published > due)
    return Assessment(due, taken, published > due)
