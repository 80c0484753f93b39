"""Collecting a year's figures from every app registered in `core.yearly` into the 2021 format.

Domain apps never import each other: whatever contributors are registered are asked for the year, and
- a Table 二 cell given by two contributors is refused (`CollectError`, naming both), so is Table 三 or
  Table 四 given twice;
- a Table 二 row (or cell) no contributor gives counts 0 and is listed in `Collected.missing`, which the
  draft states (e.g. "行政许可：无对应业务模块，按0填报");
- the year must lie between the first year any app holds records for and the current year
  (`check_year`, a Chinese `CollectError` otherwise: the CLI exits 2 on it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.annual import format as fmt
from gongkai.core import yearly
from gongkai.core.outcomes import build_table_four, build_table_three


class CollectError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Collected:
    report: fmt.AnnualReport
    facts: list[yearly.Fact] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # "row.column" / "table3" / "table4" -> key
    missing: list[str] = field(default_factory=list)  # labels of rows (or row·column) nobody gave

    def missing_text(self) -> str:
        return "、".join(self.missing)


def parse_year(text) -> int:
    """The year of a command line or form, or CollectError (Chinese)."""
    try:
        year = int(str(text).strip())
    except (TypeError, ValueError):
        raise CollectError(_("年度“%(y)s”不是有效的年份。") % {"y": text}) from None
    return year


def check_year(year: int) -> int:
    today = timezone.localdate()
    if year > today.year:
        raise CollectError(_("%(y)d年尚未开始，不能生成年度报告。") % {"y": year})
    first = yearly.first_year()
    if first is None:
        raise CollectError(_("系统中还没有任何业务记录，无法生成%(y)d年度报告。") % {"y": year})
    if year < first:
        raise CollectError(
            _("%(y)d年早于系统中最早的业务记录（%(f)d年），无法生成年度报告。") % {"y": year, "f": first}
        )
    return year


def collect(year: int) -> Collected:
    cells: dict[tuple[str, str], object] = {}
    sources: dict[str, str] = {}
    facts: list[yearly.Fact] = []
    table3 = table4 = None
    for contributor, contribution in yearly.collect(year):
        for row, columns in contribution.table2.items():
            for column, value in columns.items():
                key = f"{row}.{column}"
                if key in sources:
                    raise CollectError(_duplicate(row, column, sources[key], contributor.key))
                sources[key] = contributor.key
                cells[(row, column)] = value
        if contribution.table3 is not None:
            if "table3" in sources:
                raise CollectError(
                    _("表三由“%(a)s”和“%(b)s”两个模块重复提供，只能有一个。")
                    % {"a": sources["table3"], "b": contributor.key}
                )
            sources["table3"], table3 = contributor.key, contribution.table3
        if contribution.table4 is not None:
            if "table4" in sources:
                raise CollectError(
                    _("表四由“%(a)s”和“%(b)s”两个模块重复提供，只能有一个。")
                    % {"a": sources["table4"], "b": contributor.key}
                )
            sources["table4"], table4 = contributor.key, contribution.table4
        facts.extend(contribution.facts)
    figures: dict[fmt.TableTwoRow, dict[fmt.TableTwoColumn, object]] = {}
    missing: list[str] = []
    for row, columns in fmt.COLUMNS_OF_ROW.items():
        figures[row] = {}
        absent = []
        for column in columns:
            value = cells.get((row.value, column.value))
            if value is None:
                absent.append(column)
                value = Decimal("0") if column is fmt.TableTwoColumn.FEE_AMOUNT else 0
            elif column is fmt.TableTwoColumn.FEE_AMOUNT:
                value = Decimal(str(value))
            figures[row][column] = value
        if len(absent) == len(columns):
            missing.append(row.label)
        else:
            missing.extend(f"{row.label}·{column.label}" for column in absent)
    if table3 is None:
        missing.append(_("表三"))
        table3 = build_table_three(received={}, carried_over={}, outcomes={}, carried_forward={})
    if table4 is None:
        missing.append(_("表四"))
        table4 = build_table_four({})
    report = fmt.AnnualReport(year=year, table2=fmt.TableTwo(figures), table3=table3, table4=table4)
    return Collected(report=report, facts=facts, sources=sources, missing=missing)


def _duplicate(row: str, column: str, first: str, second: str) -> str:
    row_label = fmt.TableTwoRow(row).label
    column_label = fmt.TableTwoColumn(column).label
    return _("表二“%(row)s”的“%(col)s”由“%(a)s”和“%(b)s”两个模块重复提供，只能有一个。") % {
        "row": row_label,
        "col": column_label,
        "a": first,
        "b": second,
    }
