"""Indicators apps contribute to the PITI self-assessment (污染源监管信息公开指数, issue 19), which the
sitecheck app scores; apps never import each other, so each registers what it can measure:

    piti.register(piti.Indicator(key="enforcement.penalties", category="日常监管", compute=measures))

`compute(today)` returns `Measure`s: one criterion (覆盖 coverage, 及时 timeliness, 完整 completeness,
友好 user-friendliness) of one category, as `done` out of `total` (e.g. penalties published within the
7 working days of 双公示, out of all published), with what to fix to reach full marks.

A label or fix is Chinese text marked for translation: a constant as `gettext_noop("…")`, one with
values as a `labelled.Text` (dates as `iso(day)`, written 2026-03-01); the PITI page shows it in the
interface language (`core.texts.translated`), the export and the tests read the Chinese text itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from gongkai.core.labelled import IsoDate, Text, gettext_noop

# The categories of the current index (piti.md) and the two the bureau adds (依申请公开, the key-units list).
CATEGORIES = (
    gettext_noop("日常监管"),
    gettext_noop("自行监测"),
    gettext_noop("投诉举报"),
    gettext_noop("排放数据"),
    gettext_noop("环评信息"),
    gettext_noop("依申请公开"),
    gettext_noop("重点排污单位名录"),
)
CRITERIA = (gettext_noop("覆盖"), gettext_noop("及时"), gettext_noop("完整"), gettext_noop("友好"))


def iso(day: date) -> IsoDate:
    """`day` for a `Text` of a label or fix: 2026-03-01 in the Chinese text, DATE_FORMAT in English."""
    return IsoDate(day.year, day.month, day.day)


@dataclass(frozen=True)
class Measure:
    category: str
    criterion: str
    label: str
    done: int
    total: int
    fixes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES or self.criterion not in CRITERIA:
            raise ValueError(f"unknown PITI category or criterion: {self.category}/{self.criterion}")
        if not 0 <= self.done <= self.total:
            raise ValueError("done must lie between 0 and total")


@dataclass(frozen=True)
class Indicator:
    key: str
    category: str
    compute: Callable[[date], list[Measure]]


_indicators: dict[str, Indicator] = {}


def register(indicator: Indicator) -> None:
    if _indicators.get(indicator.key, indicator) != indicator:
        raise ValueError(f"PITI indicator {indicator.key!r} is already registered")
    _indicators[indicator.key] = indicator


def indicators() -> list[Indicator]:
    return sorted(_indicators.values(), key=lambda indicator: indicator.key)


def friendliness(category: str, list_name: str, label: str) -> Measure:
    """友好 (user-friendliness, piti.md item 9: searchable, sortable, downloadable, no login wall) of the
    public declared list (`core.lists`) that serves a category: four checks, each one point."""
    from gongkai.core import lists

    declared = lists.registered(list_name)
    if declared is None:  # the lists modules are imported on first use (the URLs or the API)
        lists.autodiscover()
        declared = lists.registered(list_name)
    if declared is None:
        return Measure(
            category, "友好", label, 0, 4, (Text(gettext_noop("公开列表“%(name)s”未注册"), name=list_name),)
        )
    checks = (
        (declared.permission is None, gettext_noop("公众无需登录即可查看")),
        (any(f.kind == "search" for f in declared.filters), gettext_noop("提供关键词检索")),
        (bool(declared.orderings), gettext_noop("提供排序")),
        (declared.max_export_rows > 0, gettext_noop("提供下载（导出）")),
    )
    fixes = tuple(
        Text(gettext_noop("%(list)s：%(check)s"), list=declared.caption or list_name, check=text)
        for ok, text in checks
        if not ok
    )
    return Measure(category, "友好", label, sum(ok for ok, _text in checks), len(checks), fixes)
