"""What apps contribute to the website self-inspection (网站自查, issue 19), which reads every app but
imports none: the sitecheck app collects these like the annual report collects `core.yearly`.

Two kinds of contribution, registered in `AppConfig.ready`:

    sitechecks.register_columns(sitechecks.ColumnSource(key="disclosure", columns=catalogue_columns))
    sitechecks.register_check(sitechecks.Check(key="interaction.unanswered", label="留言办理",
                                               run=unanswered_messages))

- a **column source** lists the site's columns (栏目) it owns, each a `ColumnState`: name, public path,
  department, the time of its newest item (None: never had content) — the self-inspection judges
  staleness against the thresholds by the column's kind (configurable), and blank columns;
- a **check** runs its own rule on a day and returns `Finding`s — e.g. the interaction app's "message
  unanswered for 3 months" (a veto, 国办秘函〔2019〕19号) and "approaching 3 months" (a warning). A check
  must be cheap (one or two queries) and must not fail; an exception is recorded as a finding of the
  check itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

VETO, DEDUCT, NOTICE = "veto", "deduct", "notice"
SEVERITIES = (VETO, DEDUCT, NOTICE)


@dataclass(frozen=True)
class ColumnState:
    name: str
    path: str  # public path of the column page ("" if it has none)
    department: str = ""
    last_published: datetime | None = None
    kind: str = ""  # one of the self-inspection's kinds (动态要闻 …); empty: classified by name


@dataclass(frozen=True)
class ColumnSource:
    key: str
    columns: Callable[[], list[ColumnState]]


@dataclass(frozen=True)
class Finding:
    """One problem found. kind: a short code ("unanswered_message"); severity: VETO (单项否决), DEDUCT
    (扣分) or NOTICE (提醒, not scored); fix: what to do about it, in Chinese."""

    kind: str
    severity: str
    title: str
    fix: str
    url: str = ""
    department: str = ""
    detail: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    run: Callable[[date], list[Finding]]


_columns: dict[str, ColumnSource] = {}
_checks: dict[str, Check] = {}


def register_columns(source: ColumnSource) -> None:
    if _columns.get(source.key, source) != source:
        raise ValueError(f"column source {source.key!r} is already registered")
    _columns[source.key] = source


def register_check(check: Check) -> None:
    if _checks.get(check.key, check) != check:
        raise ValueError(f"site check {check.key!r} is already registered")
    _checks[check.key] = check


def column_sources() -> list[ColumnSource]:
    return sorted(_columns.values(), key=lambda source: source.key)


def checks() -> list[Check]:
    return sorted(_checks.values(), key=lambda check: check.key)
