"""Reply deadlines of messages and reports (留言答复时限), pure: no Django.

- The deadline is the N-th working day after the day the message was received (the day itself is not
  counted), N per kind from the setting INTERACTION_REPLY_WORKDAYS. The bureau sets N; no national rule
  fixes it for 留言, so the default (10 working days for every kind) is a documented choice, not a citation.
- The national website indicators (国办秘函〔2019〕19号, 互动回应差) veto a site with a valid 政务咨询类
  message unanswered for more than 3 months in the year before a check (regulations.md §4.1):
  `veto_line` is the received date plus 3 calendar months, and a message still open after it is a veto item.
- A reminder goes out `reminder_workdays` working days before the deadline; an alert on the first day past it.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date
from typing import Protocol

VETO_MONTHS = 3  # 国办秘函〔2019〕19号: 超过3个月未回复


class Calendar(Protocol):
    def add_workdays(self, start: date, count: int) -> date: ...

    def workdays_between(self, start: date, end: date) -> int: ...

    def is_provisional(self, *days: date) -> bool: ...


@dataclass(frozen=True, slots=True)
class Deadline:
    due: date
    provisional: bool


def reply_deadline(calendar: Calendar, received: date, workdays: int) -> Deadline:
    due = calendar.add_workdays(received, workdays)
    return Deadline(due, calendar.is_provisional(received, due))


def workdays_taken(calendar: Calendar, received: date, replied: date) -> int:
    """Working days from receipt to reply, the receipt day not counted (a same-day reply is 0)."""
    return max(0, calendar.workdays_between(received, replied))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def veto_line(received: date) -> date:
    """The last day a reply still counts as within 3 months; a message open after it is a veto item."""
    return add_months(received, VETO_MONTHS)


def is_veto(received: date, today: date, replied: date | None = None) -> bool:
    end = replied or today
    return end > veto_line(received)


def reminder_due(calendar: Calendar, due: date, today: date, reminder_workdays: int) -> bool:
    """True from `reminder_workdays` working days before the deadline up to the deadline itself."""
    if today > due:
        return False
    return calendar.workdays_between(today, due) <= reminder_workdays


def is_overdue(due: date | None, today: date, replied: date | None = None) -> bool:
    if due is None:
        return False
    return (replied or today) > due
