"""The rules of the website self-inspection (网站自查: 日扫描、周通报、月考核), as data and pure functions.

Pure: no Django. Source: 政府网站与政务新媒体检查指标 (国办秘函〔2019〕19号) and the 2015 普查 indicators,
regulations.md §4. Every threshold and point value is a default that settings override (README):

- Column kinds and staleness (§4.1 "栏目不更新"; the 2015 definition of 应更新但长期未更新): 动态要闻 2 weeks,
  通知公告 and 政策文件 6 months, 人事 and 规划计划 1 year [the 1-year figure is marked "likely" in
  regulations.md]. A column's kind comes from words in its name (`DEFAULT_KIND_WORDS`).
- Vetoes (单项否决, any one → 不合格 and nothing else is scored): the home page unreachable; no new
  information on the site for 2 weeks (首页不更新); 动态要闻 columns not updated in 2 weeks plus
  通知公告/政策文件 columns not updated in 6 months together ≥ 5; stale columns of any kind ≥ 10; blank
  columns ≥ 5; a serious wording error (an expression marked veto); a check an app contributes as veto
  (messages unanswered for more than 3 months, §4.1 互动回应差).
- Deductions (扣分, from 100; below 60 → 不合格): per finding kind, points per item and a cap
  (`DEFAULT_SCORING`). Only the 链接可用性 points come from a source (2015 普查 [L]: 首页 1 point per
  unusable link, other pages 0.1); the others are this project's defaults, to be set by the bureau.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from gongkai.core.labelled import gettext_noop

NEWS, NOTICE, POLICY, PERSONNEL, PLANNING = "动态要闻", "通知公告", "政策文件", "人事", "规划计划"
KINDS = (NEWS, NOTICE, POLICY, PERSONNEL, PLANNING)
# 国办秘函〔2019〕19号 / 2015 普查: days without an update after which a column of the kind is stale.
DEFAULT_STALE_DAYS: dict[str, int] = {NEWS: 14, NOTICE: 183, POLICY: 183, PERSONNEL: 365, PLANNING: 365}
# Checked in this order: the first kind with a word in the column's name wins ("通知" before "文件").
DEFAULT_KIND_WORDS: dict[str, tuple[str, ...]] = {
    NEWS: ("动态", "要闻", "新闻", "工作信息"),
    NOTICE: ("通知", "公告", "公示"),
    PERSONNEL: ("人事", "任免", "招考", "招聘", "录用"),
    PLANNING: ("规划", "计划"),
    POLICY: ("政策", "法规", "规范性文件", "规章", "文件"),
}
DEFAULT_VETO = {
    "key_stale_columns": 5,  # 动态要闻 (2 weeks) + 通知公告/政策文件 (6 months)
    "stale_columns": 10,  # 应更新但长期未更新, any kind
    "blank_columns": 5,  # 空白栏目
    "home_days": 14,  # 首页不更新: no new information on the site for 2 weeks
}
PASS_MARK = 60  # 扣分指标: below 60 is 不合格

# Finding kinds the scanner itself produces.
UNREACHABLE = "unreachable"
HOME_STALE = "home_stale"
COLUMNS_STALE = "columns_stale"
COLUMNS_BLANK = "columns_blank"
BROKEN_HOME = "broken_link_home"
BROKEN = "broken_link"
EXTERNAL = "external_link"
STALE = "stale_column"
BLANK = "blank_column"
PERSONAL = "personal_data"
EXPRESSION = "expression"
NO_DATE = "no_date"

KIND_LABELS = {
    UNREACHABLE: gettext_noop("站点无法访问"),
    HOME_STALE: gettext_noop("首页不更新"),
    COLUMNS_STALE: gettext_noop("栏目不更新"),
    COLUMNS_BLANK: gettext_noop("空白栏目过多"),
    BROKEN_HOME: gettext_noop("首页链接不可用"),
    BROKEN: gettext_noop("站内链接不可用"),
    EXTERNAL: gettext_noop("外部链接不可用"),
    STALE: gettext_noop("栏目超期未更新"),
    BLANK: gettext_noop("空白栏目"),
    PERSONAL: gettext_noop("公开内容含个人信息"),
    EXPRESSION: gettext_noop("敏感或易错表述"),
    NO_DATE: gettext_noop("信息页面缺少发布时间"),
}

# kind -> (points per item, cap). 2015 普查 [L] for the links; the rest are defaults (see module doc).
DEFAULT_SCORING: dict[str, tuple[str, str]] = {
    BROKEN_HOME: ("1", "10"),
    BROKEN: ("0.1", "10"),
    EXTERNAL: ("0.1", "5"),
    STALE: ("2", "20"),
    BLANK: ("2", "20"),
    PERSONAL: ("5", "30"),
    EXPRESSION: ("2", "20"),
    NO_DATE: ("0.1", "5"),
}


def classify(name: str, words: Mapping[str, Iterable[str]] = DEFAULT_KIND_WORDS) -> str:
    """The kind of a column from its name, "" when none applies (no staleness rule then)."""
    for kind, options in words.items():
        if any(word in name for word in options):
            return kind
    return ""


def days_stale(
    last: datetime | date | None, kind: str, today: date, limits: Mapping[str, int] = DEFAULT_STALE_DAYS
) -> int | None:
    """Days beyond the kind's limit since the column's newest item (None: not stale, no rule, or blank)."""
    if last is None or kind not in limits:
        return None
    day = last.date() if isinstance(last, datetime) else last
    over = (today - day).days - limits[kind]
    return over if over > 0 else None


@dataclass(frozen=True)
class ColumnVerdict:
    name: str
    kind: str
    blank: bool
    stale_days: int | None  # days beyond the limit


def column_vetoes(
    columns: Iterable[ColumnVerdict],
    newest: datetime | date | None,
    today: date,
    veto: Mapping[str, int] = DEFAULT_VETO,
) -> list[tuple[str, str, list[str]]]:
    """(kind, message, names) of each column-related veto (§4.1)."""
    columns = list(columns)
    out = []
    key = [c.name for c in columns if c.stale_days and c.kind in (NEWS, NOTICE, POLICY)]
    stale = [c.name for c in columns if c.stale_days]
    blank = [c.name for c in columns if c.blank]
    if len(key) >= veto["key_stale_columns"]:
        out.append(
            (
                COLUMNS_STALE,
                f"动态要闻类栏目2周内、通知公告和政策文件类栏目6个月内未更新的共{len(key)}个（达到{veto['key_stale_columns']}个即单项否决）",
                key,
            )
        )
    elif len(stale) >= veto["stale_columns"]:
        out.append(
            (
                COLUMNS_STALE,
                f"应更新但长期未更新的栏目共{len(stale)}个（达到{veto['stale_columns']}个即单项否决）",
                stale,
            )
        )
    if len(blank) >= veto["blank_columns"]:
        out.append(
            (COLUMNS_BLANK, f"空白栏目共{len(blank)}个（达到{veto['blank_columns']}个即单项否决）", blank)
        )
    day = newest.date() if isinstance(newest, datetime) else newest
    if day is None or (today - day).days > veto["home_days"]:
        since = f"最近一次更新在{day:%Y-%m-%d}" if day else "从未发布信息"
        out.append((HOME_STALE, f"网站{veto['home_days']}天内没有新发布的信息（{since}）", []))
    return out


@dataclass(frozen=True)
class Expression:
    """A sensitive or commonly mistaken expression: what is wrong, what to write instead, and whether
    it is a serious error (veto) or a deduction."""

    text: str
    suggestion: str = ""
    veto: bool = False


def find_expressions(text: str, expressions: Iterable[Expression]) -> list[tuple[Expression, int, str]]:
    """(expression, occurrences, first context) of each expression found in `text`."""
    out = []
    for expression in expressions:
        if not expression.text:
            continue
        count = text.count(expression.text)
        if count:
            at = text.index(expression.text)
            out.append((expression, count, text[max(0, at - 12) : at + len(expression.text) + 12]))
    return out


_DATE = re.compile(r"(发布日期|发布时间|发稿时间|日期)[^0-9]{0,12}(19|20)\d{2}\s*[-年/.]\s*\d{1,2}")


def has_publication_date(text: str, meta_date: str = "") -> bool:
    """Whether an information page states its 发布时间 (2015 普查: an item without one counts as not
    updated): a PubDate meta tag, or a 发布日期/发布时间 label followed by a date."""
    return bool(meta_date.strip()) or bool(_DATE.search(text))


@dataclass(frozen=True)
class Score:
    score: Decimal
    veto: bool
    passed: bool
    breakdown: dict[str, dict[str, str]]  # kind -> {"count", "points"}

    @property
    def verdict(self) -> str:
        if self.veto:
            return gettext_noop("不合格（单项否决）")
        return gettext_noop("合格") if self.passed else gettext_noop("不合格")


def score(
    counts: Mapping[str, int], *, veto: bool, table: Mapping[str, tuple[str, str]] = DEFAULT_SCORING
) -> Score:
    """100 minus each kind's points (per item × count, at most its cap); with a veto the site is
    不合格 and scores 0 (nothing else is scored, §4)."""
    breakdown = {}
    total = Decimal("100")
    for kind, (each, cap) in table.items():
        count = counts.get(kind, 0)
        if not count:
            continue
        points = min(Decimal(each) * count, Decimal(cap))
        breakdown[kind] = {"count": str(count), "points": str(points)}
        total -= points
    total = max(total, Decimal("0"))
    if veto:
        return Score(Decimal("0"), True, False, breakdown)
    return Score(total, False, total >= PASS_MARK, breakdown)


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of `day`'s week (周通报)."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
