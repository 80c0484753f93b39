"""The dates and figures of enforcement disclosure: 双公示 deadline, publicity period, 按日连续处罚,
masking of natural persons' names, the state of a rectification problem and the result deadline of a
双随机 inspection.

Pure: no Django, no clock. The working-day calendar (`workcalendar.workdays.WorkdayCalendar`, or any
object with `add_workdays` and `workdays_between`) is passed in. Counting of "within N working days"
follows the platform's rule (disclosure/timeliness.py): the day of the decision is not counted and the
N-th working day after it is the last day on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

# 双公示: 行政许可 and 行政处罚 decisions online within 7 working days of the decision (国办发〔2015〕51号
# item 十八; 发改办财金〔2018〕424号; regulations.md §9). Applied to 行政强制 decisions too.
DOUBLE_PUBLICITY_WORKDAYS = 7
# 双随机 results: the often-quoted rule of 20 working days after the inspection ends (regulations.md §8,
# not confirmed in an environment-specific text [U]): a setting, ENFORCEMENT_RESULT_WORKDAYS.
RESULT_WORKDAYS = 20
# 行政处罚法 (2021) Art. 48: a published decision that is changed, revoked or found unlawful/void is
# withdrawn within 3 日 (calendar days) with a public explanation.
WITHDRAW_DAYS = 3

# Publicity periods (公示期) per 处罚类别, in calendar days counted from the decision date. NOT confirmed
# (regulations.md has no source): the defaults follow the commonly cited 信用修复 rule (一般失信行为的
# 行政处罚信息 at least 3 months, at most 1 year) — 警告/通报批评 3 months, other kinds 1 year.
# Overridden by the setting ENFORCEMENT_PUBLICITY_DAYS ({kind: days, "default": days}).
DEFAULT_PUBLICITY_DAYS = {"警告": 90, "通报批评": 90, "default": 365}


class Calendar(Protocol):
    def add_workdays(self, start: date, count: int) -> date: ...

    def workdays_between(self, start: date, end: date) -> int: ...


def publication_due(decided_on: date, calendar: Calendar, workdays: int = DOUBLE_PUBLICITY_WORKDAYS) -> date:
    """The last day on which publishing the decision is on time."""
    return calendar.add_workdays(decided_on, workdays)


@dataclass(frozen=True)
class DeadlineState:
    due_on: date
    workdays_left: int  # negative once overdue; 0 on the last day
    overdue: bool

    @property
    def overdue_days(self) -> int:
        return max(0, -self.workdays_left)


def deadline_state(due_on: date, today: date, calendar: Calendar) -> DeadlineState:
    left = calendar.workdays_between(today, due_on)
    return DeadlineState(due_on, left, today > due_on)


def withdraw_due(revoked_on: date, days: int = WITHDRAW_DAYS) -> date:
    """The last day to withdraw a published decision that was changed, revoked or found unlawful or
    void: 3 日 (calendar days, 行政处罚法 Art. 48) after that day."""
    return revoked_on + timedelta(days=days)


def publicity_days(kind: str, configured: dict | None = None) -> int:
    table = {**DEFAULT_PUBLICITY_DAYS, **(configured or {})}
    return int(table.get(kind, table["default"]))


def publicity_end(decided_on: date, kind: str, configured: dict | None = None) -> date:
    """The last day the decision stays on the public list (公示截止期)."""
    return decided_on + timedelta(days=publicity_days(kind, configured))


def mask_name(name: str) -> str:
    """A natural person's name as published: the first character, every other one "*" ("张三" → "张*").
    Text in Latin letters keeps only its first letter."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def continuous_days(served_on: date, rechecked_on: date) -> int:
    """按日连续处罚: 计罚日数 from the day after the order to correct (责令改正决定书) was served up to
    and including the day the recheck found the violation continuing (《环境保护主管部门实施按日连续处罚
    办法》, 环境保护部令第28号, Art. 17 as commonly quoted)."""
    if rechecked_on <= served_on:
        raise ValueError("复查日期应晚于责令改正决定书送达日期。")
    return (rechecked_on - served_on).days


def continuous_total(daily_amount: Decimal, days: int) -> Decimal:
    """环境保护法 Art. 59: the original fine, per day, times the day count."""
    return daily_amount * days


# 督察整改 states (issue 17): what staff record, and 逾期 derived from the deadline.
DONE, ON_SCHEDULE, NOT_DONE, OVERDUE = "done", "on_schedule", "not_done", "overdue"


def problem_state(recorded: str, deadline: date | None, today: date, completed_on: date | None = None) -> str:
    """已完成 stays 已完成; any other state past its deadline is 逾期 (a problem completed after its
    deadline is still 已完成: the lateness shows in its dates)."""
    if recorded == DONE:
        return DONE
    if deadline is not None and today > deadline:
        return OVERDUE
    return recorded
