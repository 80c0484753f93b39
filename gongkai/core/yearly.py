"""Yearly figures (年度数据) that apps contribute to the statutory annual report (issue 19).

The annual-report app reads every other app, but domain apps never import each other: each app that
holds figures for the report registers a contributor here, and the report collects them.

    yearly.register(yearly.Contributor(key="enforcement", compute=annual_figures, order=600))

`compute(year)` returns a `Contribution`:
- `table2`: Table 二 cells this app owns, ``{row: {column: figure}}`` with the keys of the 2021 format
  (`gongkai.annual.format.TableTwoRow` / `TableTwoColumn` values): rows "rules", "normative_documents"
  (columns "issued", "repealed", "in_force"), "licensing", "penalty", "coercion" (column "decisions"),
  "fees" (column "fee_amount", 万元 as Decimal);
- `table3` / `table4`: Table 三 and Table 四 figures (only the applications app gives them), in the
  shapes `gongkai.core.outcomes` defines;
- `facts`: narrative facts for the report's sections, each a full Chinese sentence with its figures.
`first_year()` (optional) returns the first year this app holds records for (None: no records yet);
the report refuses a year before every contributor's first year ("a year before any record").
Several contributors may give cells of one Table 二 row only if they own different columns; the report
refuses a cell given twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

TABLE_TWO_ROWS = ("rules", "normative_documents", "licensing", "penalty", "coercion", "fees")
TABLE_TWO_COLUMNS = ("issued", "repealed", "in_force", "decisions", "fee_amount")
SECTIONS = ("一", "二", "三", "四", "五", "六")


@dataclass(frozen=True)
class Fact:
    """section: the report section it belongs to ("一" … "六"); topic: the sub-heading within it
    (e.g. "主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"); text: the sentence."""

    section: str
    topic: str
    text: str
    figures: Mapping[str, int | Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.section not in SECTIONS:
            raise ValueError(f"unknown report section {self.section!r}")


@dataclass(frozen=True)
class Contribution:
    table2: Mapping[str, Mapping[str, int | Decimal]] = field(default_factory=dict)
    table3: Any = None
    table4: Any = None
    facts: tuple[Fact, ...] = ()

    def __post_init__(self) -> None:
        for row, cells in self.table2.items():
            if row not in TABLE_TWO_ROWS:
                raise ValueError(f"unknown Table 二 row {row!r}")
            for column in cells:
                if column not in TABLE_TWO_COLUMNS:
                    raise ValueError(f"unknown Table 二 column {column!r}")


@dataclass(frozen=True)
class Contributor:
    key: str
    compute: Callable[[int], Contribution]
    order: int = 100
    first_year: Callable[[], int | None] | None = None


_contributors: dict[str, Contributor] = {}


def register(contributor: Contributor) -> None:
    if _contributors.get(contributor.key, contributor) != contributor:
        raise ValueError(f"yearly contributor {contributor.key!r} is already registered")
    _contributors[contributor.key] = contributor


def contributors() -> list[Contributor]:
    return sorted(_contributors.values(), key=lambda contributor: (contributor.order, contributor.key))


def first_year() -> int | None:
    """The earliest first year of any contributor's records; None when no contributor has any."""
    years = [
        year for c in contributors() if c.first_year is not None and (year := c.first_year()) is not None
    ]
    return min(years) if years else None


def collect(year: int) -> list[tuple[Contributor, Contribution]]:
    return [(contributor, contributor.compute(year)) for contributor in contributors()]
