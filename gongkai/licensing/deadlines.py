"""Deadlines of licence publication (双公示) and of enterprises' legal disclosure (企业环境信息依法披露).

Pure: no Django, no clock. The working-day calendar and `today` are passed in.

- 双公示: a 行政许可 decision is published online within 7 working days from the day it is made
  (国办发〔2015〕51号 item 十八; 发改电〔2015〕557号; 发改办财金〔2018〕424号). Counted as everywhere in the
  platform: the decision day is not counted, the deadline is the 7th working day after it
  (`WorkdayCalendar.add_workdays`).
- 企业环境信息依法披露管理办法 (生态环境部令第24号, 2021): the annual report by 15 March, covering
  1 January–31 December of the previous year; a temporary report (临时报告) within 5 working days of
  receiving the relevant legal document.
- A deadline that falls in the year after the last entered calendar year is counted on the provisional
  calendar and flagged `provisional` (暂定): no lateness verdict rests on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gongkai.workcalendar.workdays import WorkdayCalendar, YearNotCovered

# 双公示: 国办发〔2015〕51号 item 十八 — within 7 working days of the decision.
PUBLICITY_WORKDAYS = 7
# 企业环境信息依法披露管理办法: 临时报告 within 5 working days of receiving the legal document.
TEMPORARY_REPORT_WORKDAYS = 5
# 企业环境信息依法披露管理办法: the annual report by 15 March of the following year.
ANNUAL_REPORT_DUE = (3, 15)
# How many working days ahead a deadline counts as "due soon" on the staff to-do cards.
DUE_SOON_WORKDAYS = 2


class State(StrEnum):
    ON_TIME = "on_time"  # done on or before the due date
    LATE = "late"  # done after the due date
    PENDING = "pending"  # not done, not yet due (more than DUE_SOON_WORKDAYS left)
    DUE_SOON = "due_soon"  # not done, due within DUE_SOON_WORKDAYS working days
    OVERDUE = "overdue"  # not done, the due date has passed (for a report: missing)
    UNKNOWN = "unknown"  # the calendar does not cover the dates, or the due date is provisional


@dataclass(frozen=True)
class Deadline:
    due_on: date | None
    provisional: bool = False  # counted on the provisional calendar: show as 暂定
    missing_year: int | None = None  # the calendar year that must be entered first


def workday_deadline(start: date, workdays: int, calendar: WorkdayCalendar) -> Deadline:
    """The `workdays`-th working day after `start` (start not counted)."""
    try:
        due = calendar.add_workdays(start, workdays)
    except YearNotCovered as missing:
        return Deadline(None, missing_year=missing.year)
    return Deadline(due, provisional=calendar.is_provisional(start, due))


def publicity_due(decided: date, calendar: WorkdayCalendar, workdays: int = PUBLICITY_WORKDAYS) -> Deadline:
    """双公示: the last day on which a 行政许可 decision made on `decided` is published on time."""
    return workday_deadline(decided, workdays, calendar)


def temporary_report_due(
    received: date, calendar: WorkdayCalendar, workdays: int = TEMPORARY_REPORT_WORKDAYS
) -> Deadline:
    """临时报告: the last day, counted from the day the enterprise received the legal document."""
    return workday_deadline(received, workdays, calendar)


def annual_report_due(reporting_year: int, due: tuple[int, int] = ANNUAL_REPORT_DUE) -> date:
    """The annual report on `reporting_year` is due by 15 March of the year after (a calendar date)."""
    month, day = due
    return date(reporting_year + 1, month, day)


def state(
    *,
    deadline: Deadline,
    done_on: date | None,
    today: date,
    calendar: WorkdayCalendar | None,
    soon: int = DUE_SOON_WORKDAYS,
) -> State:
    """Where a task stands against its deadline on `today`. The calendar counts the working days left
    of a task not done and not yet due; it may be None otherwise."""
    due = deadline.due_on
    if due is None:
        return State.UNKNOWN
    if done_on is not None:
        if deadline.provisional and done_on > due:
            return State.UNKNOWN  # a provisional date gives no lateness verdict
        return State.LATE if done_on > due else State.ON_TIME
    if today > due:
        return State.UNKNOWN if deadline.provisional else State.OVERDUE
    if calendar is None:
        return State.PENDING
    try:
        left = calendar.workdays_between(today, due)
    except YearNotCovered:
        return State.PENDING
    return State.DUE_SOON if left <= soon else State.PENDING


def workdays_left(today: date, due: date, calendar: WorkdayCalendar) -> int | None:
    """Working days from today to the due date (negative when past), None when not covered."""
    try:
        return calendar.workdays_between(today, due)
    except YearNotCovered:
        return None
