"""The 2021 national format of the 政府信息公开工作年度报告 as data, its cross-checks, and its JSON shape.

Pure: no Django, no I/O. Source: 《中华人民共和国政府信息公开工作年度报告格式》 (国办公开办函〔2021〕30号),
regulations.md §2 (every label below is copied from there character for character); the report itself is
required by 条例 Arts 49–50 (a 部门 publishes by 1月31日).

- Section titles 一 … 六: `SECTION_TITLES`.
- Table 二 (主动公开政府信息情况): `TABLE_TWO_BLOCKS`, four blocks by 条例 Art. 20 item, each with its rows
  (`TableTwoRow`) and columns (`TableTwoColumn`); figures in `TableTwo`.
- Table 三 (收到和处理政府信息公开申请情况) and Table 四 (行政复议、行政诉讼) are defined once, in
  `gongkai.core.outcomes` (applications' reply form, letters and statistics use the same rows); this
  module re-exports them so the report has one place to read the whole format.
- `cross_checks(report)`: every consistency rule, each failure naming table, row, column and both figures
  in Chinese:
    表二  every count a non-negative integer, the fee amount a non-negative number (the format prints
          counts and an amount; nothing else relates its cells);
    表三  the checks of `outcomes.table_three_violations`: no negative cell; 总计 column = the six applicant
          columns; （七）总计 = （一）…（六） counting every sub-row; 一 + 二 = 三（七） + 四 in every column;
    表四  no negative cell; in each of the three blocks 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
- `to_json` / `from_json`: the shape of ``gongkai annual-report --year Y --format json`` (issue 19), see
  `to_json`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.core.labelled import LabelledStrEnum, Text, gettext_noop
from gongkai.core.outcomes import (
    APPEAL_RESULTS,
    TABLE_FOUR_COLUMNS,
    TABLE_FOUR_TITLE,
    TABLE_THREE_NOTE,
    TABLE_THREE_RESULTS_HEADER,
    TABLE_THREE_ROWS,
    TABLE_THREE_TITLE,
    AppealResult,
    AppealRoute,
    ApplicantColumn,
    CountRow,
    ReplyOutcome,
    TableThree,
    build_table_four,
    build_table_three,
    table_three_violations,
)

__all__ = [
    "APPEAL_RESULTS",
    "SECTION_TITLES",
    "TABLE_FOUR_COLUMNS",
    "TABLE_FOUR_GROUPS",
    "TABLE_FOUR_TITLE",
    "TABLE_THREE_NOTE",
    "TABLE_THREE_RESULTS_HEADER",
    "TABLE_THREE_ROWS",
    "TABLE_THREE_TITLE",
    "TABLE_TWO_BLOCKS",
    "TABLE_TWO_TITLE",
    "AnnualReport",
    "AppealResult",
    "AppealRoute",
    "ApplicantColumn",
    "CountRow",
    "Failure",
    "ReplyOutcome",
    "ShapeError",
    "TableThree",
    "TableTwo",
    "TableTwoColumn",
    "TableTwoRow",
    "build_table_four",
    "build_table_three",
    "build_table_two",
    "cross_checks",
    "from_json",
    "to_json",
]

# 国办公开办函〔2021〕30号, the six sections of the report (regulations.md §2.1).
SECTION_TITLES: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
# The format's note to section 一: what the overview covers.
SECTION_ONE_TOPICS = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")

TABLE_TWO_TITLE = SECTION_TITLES[1]
INFORMATION_CONTENT = "信息内容"  # the first column header of every Table 二 block


class TableTwoColumn(LabelledStrEnum):
    """The figure columns of Table 二 (regulations.md §2.2)."""

    ISSUED = "issued", gettext_noop("本年制发件数")
    REPEALED = "repealed", gettext_noop("本年废止件数")
    IN_FORCE = "in_force", gettext_noop("现行有效件数")
    DECISIONS = "decisions", gettext_noop("本年处理决定数量")
    FEE_AMOUNT = "fee_amount", gettext_noop("本年收费金额（单位：万元）")


class TableTwoRow(LabelledStrEnum):
    """The rows (信息内容) of Table 二."""

    RULES = "rules", gettext_noop("规章")
    NORMATIVE_DOCUMENTS = "normative_documents", gettext_noop("行政规范性文件")
    LICENSING = "licensing", gettext_noop("行政许可")
    PENALTY = "penalty", gettext_noop("行政处罚")
    COERCION = "coercion", gettext_noop("行政强制")
    FEES = "fees", gettext_noop("行政事业性收费")


@dataclass(frozen=True, slots=True)
class TableTwoBlock:
    """One block of Table 二: the 条例 Art. 20 item in its header, its columns and rows."""

    article: str
    columns: tuple[TableTwoColumn, ...]
    rows: tuple[TableTwoRow, ...]


# Table 二 in print order (条例 Art. 20 items (一), (五), (六), (八)).
TABLE_TWO_BLOCKS: tuple[TableTwoBlock, ...] = (
    TableTwoBlock(
        "第二十条第（一）项",
        (TableTwoColumn.ISSUED, TableTwoColumn.REPEALED, TableTwoColumn.IN_FORCE),
        (TableTwoRow.RULES, TableTwoRow.NORMATIVE_DOCUMENTS),
    ),
    TableTwoBlock("第二十条第（五）项", (TableTwoColumn.DECISIONS,), (TableTwoRow.LICENSING,)),
    TableTwoBlock(
        "第二十条第（六）项", (TableTwoColumn.DECISIONS,), (TableTwoRow.PENALTY, TableTwoRow.COERCION)
    ),
    TableTwoBlock("第二十条第（八）项", (TableTwoColumn.FEE_AMOUNT,), (TableTwoRow.FEES,)),
)

COLUMNS_OF_ROW: dict[TableTwoRow, tuple[TableTwoColumn, ...]] = {
    row: block.columns for block in TABLE_TWO_BLOCKS for row in block.rows
}

# Table 四's two top-level groups and the column blocks under each (regulations.md §2.4).
TABLE_FOUR_GROUPS: tuple[tuple[str, tuple[AppealRoute, ...]], ...] = (
    ("行政复议", (AppealRoute.RECONSIDERATION,)),
    ("行政诉讼", (AppealRoute.LITIGATION_DIRECT, AppealRoute.LITIGATION_AFTER_RECONSIDERATION)),
)

Figure = int | Decimal


@dataclass(frozen=True)
class TableTwo:
    """The figures of Table 二: each row holds exactly the columns of its block."""

    figures: Mapping[TableTwoRow, Mapping[TableTwoColumn, Figure]]

    def __post_init__(self) -> None:
        for row, columns in COLUMNS_OF_ROW.items():
            given = set(self.figures.get(row, {}))
            if given != set(columns):
                expected = "、".join(column.label for column in columns)
                raise ValueError(f"表二“{row.label}”应当且只能填写：{expected}")

    def cell(self, row: TableTwoRow, column: TableTwoColumn) -> Figure:
        return self.figures[row][column]


def build_table_two(
    *,
    rules: tuple[int, int, int] = (0, 0, 0),
    normative_documents: tuple[int, int, int] = (0, 0, 0),
    licensing: int = 0,
    penalty: int = 0,
    coercion: int = 0,
    fee_amount: Decimal | int | str = 0,
) -> TableTwo:
    """Table 二 from its figures; the 第（一）项 rows as (本年制发, 本年废止, 现行有效)."""
    first = (TableTwoColumn.ISSUED, TableTwoColumn.REPEALED, TableTwoColumn.IN_FORCE)
    decisions = TableTwoColumn.DECISIONS
    return TableTwo(
        {
            TableTwoRow.RULES: dict(zip(first, rules, strict=True)),
            TableTwoRow.NORMATIVE_DOCUMENTS: dict(zip(first, normative_documents, strict=True)),
            TableTwoRow.LICENSING: {decisions: licensing},
            TableTwoRow.PENALTY: {decisions: penalty},
            TableTwoRow.COERCION: {decisions: coercion},
            TableTwoRow.FEES: {TableTwoColumn.FEE_AMOUNT: Decimal(str(fee_amount))},
        }
    )


@dataclass(frozen=True)
class AnnualReport:
    """The figures of one year's report (the narrative sections live with the later report model)."""

    year: int
    table2: TableTwo
    table3: TableThree
    table4: Mapping[tuple[AppealRoute, AppealResult], int] = field(
        default_factory=lambda: build_table_four({})
    )


@dataclass(frozen=True, slots=True)
class Failure:
    """One broken cross-check: the table, the rule's code, the row and column it concerns, the figure the
    rule expects and the one found, and a Chinese message naming all of them."""

    table: str
    check: str
    row: str
    column: str
    expected: Figure
    actual: Figure
    message: str


# --- cross-checks ----------------------------------------------------------------------------------

BALANCE_ROW = "第一项加第二项／第三项（七）总计加第四项"


def cross_checks(report: AnnualReport) -> list[Failure]:
    """Every broken consistency rule of the format (module docstring), table by table, in a stable order;
    an empty list means the report may be published."""
    return [
        *_table_two_failures(report.table2),
        *_table_three_failures(report.table3),
        *_table_four_failures(report.table4),
    ]


def _table_two_failures(table: TableTwo) -> list[Failure]:
    failures = []
    for block in TABLE_TWO_BLOCKS:
        for row in block.rows:
            for column in block.columns:
                value = table.cell(row, column)
                where = Text(gettext_noop("表二“%(row)s”的“%(column)s”"), row=row.label, column=column.label)
                if column is TableTwoColumn.FEE_AMOUNT:
                    if not isinstance(value, int | Decimal) or isinstance(value, bool) or value < 0:
                        message = Text(
                            gettext_noop("%(where)s为%(value)s，金额应为不小于0的数"),
                            where=where,
                            value=value,
                        )
                        failures.append(
                            Failure("表二", "non_negative", row.label, column.label, 0, value, message)
                        )
                elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    message = Text(
                        gettext_noop("%(where)s为%(value)s，件数应为不小于0的整数"), where=where, value=value
                    )
                    failures.append(
                        Failure("表二", "non_negative", row.label, column.label, 0, value, message)
                    )
    return failures


def _table_three_failures(table: TableThree) -> list[Failure]:
    return [
        Failure(
            "表三",
            violation.check.value,
            violation.row.row_label if violation.row is not None else BALANCE_ROW,
            violation.column.label,
            violation.expected,
            violation.actual,
            Text(gettext_noop("表三：%(message)s"), message=violation.message),
        )
        for violation in table_three_violations(table)
    ]


def _table_four_failures(cells: Mapping[tuple[AppealRoute, AppealResult], int]) -> list[Failure]:
    failures = []
    for route, result in TABLE_FOUR_COLUMNS:
        value = cells[(route, result)]
        if value < 0:
            message = Text(
                gettext_noop("表四“%(route)s”的“%(result)s”为%(value)s，件数不能为负数"),
                route=route.label,
                result=result,
                value=value,
            )
            failures.append(Failure("表四", "non_negative", route.label, result.label, 0, value, message))
    parts = "、".join(result.label for result in APPEAL_RESULTS)
    for route in AppealRoute:
        expected = sum(cells[(route, result)] for result in APPEAL_RESULTS)
        actual = cells[(route, AppealResult.TOTAL)]
        if actual != expected:
            message = Text(
                gettext_noop("表四“%(route)s”的“总计”为%(actual)s，%(parts)s之和为%(expected)s"),
                route=route.label,
                actual=actual,
                parts=parts,
                expected=expected,
            )
            failures.append(
                Failure("表四", "total", route.label, AppealResult.TOTAL.label, expected, actual, message)
            )
    return failures


# --- JSON shape ------------------------------------------------------------------------------------

JSON_COLUMNS: tuple[str, ...] = tuple(column.label for column in ApplicantColumn)
# The four Table 三 rows of the CLI contract, by JSON key.
JSON_TABLE_THREE_ROWS: tuple[tuple[str, CountRow], ...] = (
    ("new", CountRow.RECEIVED),
    ("carried_in", CountRow.CARRIED_OVER),
    ("outcomes_total", CountRow.OUTCOME_TOTAL),
    ("carried_out", CountRow.CARRIED_FORWARD),
)


class ShapeError(ValueError):
    """A JSON document that is not an annual report of this shape; `message` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def to_json(report: AnnualReport) -> dict[str, Any]:
    """The report as the JSON object of ``gongkai annual-report --year Y --format json``:

    - ``year``: the report's year;
    - ``table2``: object keyed by row label (规章 … 行政事业性收费), each an object keyed by its block's
      column labels; counts are integers, 本年收费金额（单位：万元） a number;
    - ``table3``: ``columns`` = the seven applicant columns 自然人, 商业企业, 科研机构, 社会公益组织,
      法律服务机构, 其他, 总计; ``new`` (一), ``carried_in`` (二), ``outcomes_total`` (三（七）总计) and
      ``carried_out`` (四), each a list of seven integers in that column order; and ``outcomes``, every row of
      三、本年度办理结果 in print order as {"group", "row", "values"} (an addition to the contract, so the
      （七）总计 check can be re-run from the JSON alone);
    - ``table4``: {"行政复议": {result: n}, "行政诉讼": {"未经复议直接起诉": {result: n}, "复议后起诉": {…}}}
      with the results 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
    """
    table2: dict[str, dict[str, Any]] = {}
    for block in TABLE_TWO_BLOCKS:
        for row in block.rows:
            table2[row.label] = {
                column.label: _json_figure(report.table2.cell(row, column)) for column in block.columns
            }
    table3: dict[str, Any] = {"columns": list(JSON_COLUMNS)}
    for key, row in JSON_TABLE_THREE_ROWS:
        table3[key] = [report.table3.cell(row, column) for column in ApplicantColumn]
    table3["outcomes"] = [
        {
            "group": outcome.group.row_label,
            "row": outcome.row_label,
            "values": [report.table3.cell(outcome, column) for column in ApplicantColumn],
        }
        for outcome in ReplyOutcome
    ]
    table4: dict[str, Any] = {}
    for group, routes in TABLE_FOUR_GROUPS:
        blocks = {
            route.label: {result.label: report.table4[(route, result)] for result in AppealResult}
            for route in routes
        }
        table4[group] = blocks[routes[0].label] if len(routes) == 1 and routes[0].label == group else blocks
    return {"year": report.year, "table2": table2, "table3": table3, "table4": table4}


def _json_figure(value: Figure) -> int | float:
    return float(value) if isinstance(value, Decimal) else value


def from_json(data: Any) -> AnnualReport:
    """The report of a JSON object of the `to_json` shape (figures as found, so that `cross_checks`
    can name what is wrong). Raises ShapeError with a Chinese message when the shape itself is wrong."""
    obj = _object(data, "年度报告")
    year = obj.get("year")
    if not _is_int(year):
        raise ShapeError("年度报告缺少“year”（年度，整数）。")
    return AnnualReport(
        year=year,
        table2=_table_two_from_json(_object(obj.get("table2"), "table2")),
        table3=_table_three_from_json(_object(obj.get("table3"), "table3")),
        table4=_table_four_from_json(_object(obj.get("table4"), "table4")),
    )


def _object(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ShapeError(f"“{name}”应为JSON对象。")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _integer(value: Any, where: str) -> int:
    if not _is_int(value):
        raise ShapeError(f"{where}应为整数，实为{_json_text(value)}。")
    return value


def _json_text(value: Any) -> str:
    return "空值" if value is None else repr(value) if isinstance(value, str) else str(value)


def _table_two_from_json(obj: Mapping[str, Any]) -> TableTwo:
    figures: dict[TableTwoRow, dict[TableTwoColumn, Figure]] = {}
    for row, columns in COLUMNS_OF_ROW.items():
        cells = _object(obj.get(row.label), f"table2.{row.label}")
        figures[row] = {}
        for column in columns:
            value = cells.get(column.label)
            where = Text(gettext_noop("表二“%(row)s”的“%(column)s”"), row=row.label, column=column.label)
            if column is TableTwoColumn.FEE_AMOUNT:
                if isinstance(value, bool) or not isinstance(value, int | float | str):
                    raise ShapeError(f"{where}应为数字，实为{_json_text(value)}。")
                try:
                    figures[row][column] = Decimal(str(value))
                except InvalidOperation:
                    raise ShapeError(f"{where}应为数字，实为{_json_text(value)}。") from None
            else:
                figures[row][column] = _integer(value, where)
    return TableTwo(figures)


def _seven(value: Any, where: str) -> list[int]:
    if not isinstance(value, list) or len(value) != len(JSON_COLUMNS):
        raise ShapeError(f"{where}应为{len(JSON_COLUMNS)}个整数的列表。")
    return [_integer(item, f"{where}第{position}个数") for position, item in enumerate(value, 1)]


def _table_three_from_json(obj: Mapping[str, Any]) -> TableThree:
    if list(obj.get("columns") or []) != list(JSON_COLUMNS):
        raise ShapeError(f"表三“columns”应为：{'、'.join(JSON_COLUMNS)}。")
    figures: dict[Any, dict[ApplicantColumn, int]] = {}
    for key, row in JSON_TABLE_THREE_ROWS:
        figures[row] = dict(zip(ApplicantColumn, _seven(obj.get(key), f"表三“{key}”"), strict=True))
    outcomes = obj.get("outcomes")
    if not isinstance(outcomes, list):
        raise ShapeError("表三“outcomes”应为办理结果各行的列表。")
    by_label: dict[tuple[str, str], Any] = {}
    for item in outcomes:
        entry = _object(item, "表三“outcomes”的一项")
        by_label[(str(entry.get("group")), str(entry.get("row")))] = entry.get("values")
    for outcome in ReplyOutcome:
        values = by_label.get((outcome.group.row_label, outcome.row_label))
        if values is None:
            raise ShapeError(f"表三“outcomes”缺少“{outcome.group.row_label} {outcome.row_label}”。")
        figures[outcome] = dict(
            zip(ApplicantColumn, _seven(values, f"表三“{outcome.row_label}”"), strict=True)
        )
    return TableThree(figures)


def _table_four_from_json(obj: Mapping[str, Any]) -> dict[tuple[AppealRoute, AppealResult], int]:
    cells: dict[tuple[AppealRoute, AppealResult], int] = {}
    for group, routes in TABLE_FOUR_GROUPS:
        group_obj = _object(obj.get(group), f"table4.{group}")
        for route in routes:
            block = group_obj if len(routes) == 1 and route.label == group else group_obj.get(route.label)
            block = _object(block, f"table4.{group}.{route.label}")
            for result in AppealResult:
                cells[(route, result)] = _integer(
                    block.get(result.label), f"表四“{route.label}”的“{result.label}”"
                )
    return {column: cells[column] for column in TABLE_FOUR_COLUMNS}
