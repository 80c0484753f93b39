"""The reminder schedule of a year's report ahead of the statutory deadline.

Pure: no Django. A 部门 publishes the previous year's report by 1月31日 (条例 Art. 49, regulations.md
§1.7). The steps before it are the bureau's own practice and configurable (`ANNUAL_REMINDERS`, days
before the deadline); the defaults: start drafting 45 days before (mid-December), hand into 主动公开
review 15 days before, review done 5 days before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.core.labelled import gettext_noop

# 条例 第四十九条: 部门 publish by 1月31日 of the following year.
DEADLINE_MONTH, DEADLINE_DAY = 1, 31
DEFAULT_STEPS: tuple[tuple[int, str], ...] = (
    (45, gettext_noop("起草年度报告")),
    (15, gettext_noop("提交主动公开审核")),
    (5, gettext_noop("完成审核并发布")),
)


@dataclass(frozen=True)
class Step:
    due: date
    label: str


def deadline(year: int) -> date:
    """The deadline of the report on `year`."""
    return date(year + 1, DEADLINE_MONTH, DEADLINE_DAY)


def steps(year: int, configured: tuple[tuple[int, str], ...] = DEFAULT_STEPS) -> list[Step]:
    end = deadline(year)
    return [Step(end - timedelta(days=days), label) for days, label in configured] + [
        Step(end, gettext_noop("法定发布期限（条例第四十九条）"))
    ]


def active_years(today: date, configured: tuple[tuple[int, str], ...] = DEFAULT_STEPS) -> list[int]:
    """The years whose report is in preparation on `today`: from the first step on, until the end of
    the year after it (past the deadline an unpublished report is overdue)."""
    return [
        year
        for year in (today.year - 1, today.year)
        if steps(year, configured)[0].due <= today <= date(year + 1, 12, 31)
    ]


def next_step(today: date, year: int, configured: tuple[tuple[int, str], ...] = DEFAULT_STEPS) -> Step | None:
    """The first step not yet due on `today` (None once the deadline passed)."""
    return next((step for step in steps(year, configured) if step.due >= today), None)


def overdue(today: date, year: int, published: bool) -> bool:
    return not published and today > deadline(year)
