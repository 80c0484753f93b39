"""Windows and publication deadlines of the EIA notices (建设项目环境影响评价公示), counted in working days.

Pure: no Django, no settings, no clock; the calendar and the lengths are passed in. Sources are in
shared/domain/regulations.md §5–6 (confidence marks as there). Every length below is only the default of
a setting (`gongkai.eia.rules`), since the articles' verbatim wording is not confirmed (open point 5).

Two kinds of period:

- A **publicity window** (公示期) of N working days during which the public may give opinions. It starts on
  the day the notice goes up, or on the next working day when that day is a rest day, and that first day
  counts: the window ends on the N-th working day counting the first one (`publicity_window`). A real
  notice "2024年3月1日至3月14日（10个工作日）" (Friday 1 March) is this rule.
- A **publication deadline**: "within N working days of" an event (the decision, the acceptance): the day
  of the event is not counted and the notice is on time on or before the N-th working day after it — the
  platform's rule for every "within N working days" (workdays.add_workdays; 条例 Art. 26 in
  disclosure/timeliness.py).

A date falling in the year after the last entered calendar year is counted on the provisional calendar
and flagged `provisional` (暂定); a year further ahead raises `YearNotCovered`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.workcalendar.workdays import WorkdayCalendar

# 环境影响评价公众参与办法 (生态环境部令第4号) Art. 21 as summarised in regulations.md §6.1 [L]: the
# authority's 受理公示 of a 报告书 lasts at least 10 working days.
ACCEPTANCE_REPORT_WORKDAYS = 10
# 渝环〔2014〕1号 (regulations.md §6.2, a local rule [C local]): 5 working days for a 报告表.
ACCEPTANCE_TABLE_WORKDAYS = 5
# 公众参与办法 Art. 22 as summarised in regulations.md §6.1 [L]; §6.2 usual practice: 拟审批公示 ≥ 5
# working days, during which the builder and interested parties may ask for a hearing (行政许可法).
PRE_APPROVAL_WORKDAYS = 5
# regulations.md §6.1 [C for MEE practice]: the 审批决定 is published within 7 working days of the decision
# (also the 双公示 limit of 行政许可 decisions, disclosure/timeliness.DOUBLE_PUBLICITY_WORKDAYS).
DECISION_PUBLISH_WORKDAYS = 7
# regulations.md §5, 生态环境领域基层政务公开标准目录: every proactive row (建设项目环评审批: 受理情况、
# 拟审查基本情况、批复; 危险废物经营许可证 …) is published 自该信息形成或者变更之日起20个工作日内.
CATALOGUE_PUBLISH_WORKDAYS = 20


@dataclass(frozen=True)
class Window:
    """A publicity period: first and last day, both inclusive, and how many working days it holds."""

    first_day: date
    last_day: date
    workdays: int
    provisional: bool = False  # counted (partly) on the provisional calendar: show as 暂定

    def is_open(self, today: date) -> bool:
        return self.first_day <= today <= self.last_day

    def has_ended(self, today: date) -> bool:
        return today > self.last_day


@dataclass(frozen=True)
class Deadline:
    due_on: date
    provisional: bool = False


def publicity_window(*, start: date, workdays: int, calendar: WorkdayCalendar) -> Window:
    """The N-working-day window opening on `start` (or the next working day), the first day counted."""
    if workdays < 1:
        raise ValueError("a publicity window holds at least one working day")
    first = calendar.next_workday(start)
    last = calendar.add_workdays(first, workdays - 1)
    return Window(first, last, workdays, calendar.is_provisional(start, last))


def publication_deadline(*, formed: date, workdays: int, calendar: WorkdayCalendar) -> Deadline:
    """The last day on which a notice "within N working days of `formed`" is on time."""
    due = calendar.add_workdays(formed, workdays)
    return Deadline(due, calendar.is_provisional(formed, due))


def workdays_left(*, today: date, window: Window, calendar: WorkdayCalendar) -> int:
    """Working days of the window still ahead, today included when it is one (0 once it ended)."""
    if window.has_ended(today):
        return 0
    start = max(today, window.first_day)
    return calendar.workdays_between(start, window.last_day) + (1 if calendar.is_workday(start) else 0)
