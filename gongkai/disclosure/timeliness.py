"""Timeliness of proactive disclosure (公开时效), 条例 Art. 26.

属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开; a catalogue item
may set another limit (a law or regulation that sets a different period prevails). Counting follows
the platform's rule for "within N working days": the day formed is not counted, and the information
is on time when it is published on or before the N-th working day after it (workdays.add_workdays).

Other limits:
- 双公示 (行政许可 and 行政处罚 decisions): within 7 working days of the decision (国办发〔2015〕51号
  item 十八; 发改办财金〔2018〕424号) — a catalogue row's own limit, `DOUBLE_PUBLICITY_WORKDAYS`.
- The annual report (年报) of a 部门: published by 31 January (条例 Art. 49) — a calendar date,
  `annual_report_due`.
- A due date in the year after the last entered one is counted on the provisional calendar
  (workcalendar.provisional: weekends and statutory holidays) and marked provisional (暂定); no
  lateness verdict rests on it.

Pure: no Django, no clock. The calendar is passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.workcalendar.workdays import WorkdayCalendar, YearNotCovered

# 条例 Art. 26: the default time limit in working days.
DEFAULT_TIME_LIMIT_WORKDAYS = 20
# 双公示: 行政许可 and 行政处罚 decisions online within 7 working days (国办发〔2015〕51号).
DOUBLE_PUBLICITY_WORKDAYS = 7
# 条例 Art. 49: a 部门 publishes its annual report by 31 January.
ANNUAL_REPORT_DUE = (1, 31)
# A report formed from this month on is the report of its own year (due next 31 January); one formed
# before it reports on the year before (due this 31 January).
ANNUAL_REPORT_SAME_YEAR_FROM_MONTH = 7


@dataclass(frozen=True)
class Assessment:
    due_on: date | None  # the last day on time; None when the calendar does not cover it
    workdays_taken: int | None  # working days from the day formed to publication
    late: bool | None  # None: not published yet, no limit, calendar missing, or due date provisional
    provisional: bool = False  # due_on counted on the provisional calendar: show it as 暂定


def annual_report_due(formed: date) -> date:
    """31 January (条例 Art. 49) of the year after the reported year: a report formed in
    January–June reports on the previous year."""
    month, day = ANNUAL_REPORT_DUE
    year = formed.year + (1 if formed.month >= ANNUAL_REPORT_SAME_YEAR_FROM_MONTH else 0)
    return date(year, month, day)


def assess_fixed(
    *, formed: date, published: date | None, due_on: date, calendar: WorkdayCalendar
) -> Assessment:
    """A limit that is a calendar date (the 年报's 31 January)."""
    if published is None:
        return Assessment(due_on, None, None)
    try:
        taken = max(0, calendar.workdays_between(formed, published))
    except YearNotCovered:
        taken = None
    return Assessment(due_on, taken, published > due_on)


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
    provisional = calendar.is_provisional(formed, due)
    if provisional:
        return Assessment(due, None, None, provisional=True)
    if published is None:
        return Assessment(due, None, None)
    try:
        taken = max(0, calendar.workdays_between(formed, published))
    except YearNotCovered:
        return Assessment(due, None, published > due)
    return Assessment(due, taken, published > due)
