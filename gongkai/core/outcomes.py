"""Reply outcomes of an application (办理结果) and the annual-report tables that count them.

Pure: no Django, no I/O. One source of truth for the statutory categories of a reply: the reply
form, the letter template and the annual report all use `ReplyOutcome`. It lives in the foundation
because two domain apps print it: applications (re-exported as `gongkai.applications.outcomes`)
and annual (`gongkai.annual.format`).

Source: 《中华人民共和国政府信息公开工作年度报告格式》 (国办公开办函〔2021〕30号).
- Table 三 (收到和处理政府信息公开申请情况): the rows of 三、本年度办理结果 are exactly the members of
  `ReplyOutcome`, in print order; （七）总计 is not an outcome but the sum of all of them
  (`CountRow.OUTCOME_TOTAL`). The columns are `ApplicantColumn`.
- Table 四 (政府信息公开行政复议、行政诉讼情况): `AppealRoute` × `AppealResult`, 15 cells.
- Cross-checks of Table 三 (the format's own note and the checks parsers apply): the 总计 column equals
  the sum of the six applicant columns; （七）总计 equals the sum of （一）…（六） counting every sub-row;
  第一项 + 第二项 = 第三项（七）总计 + 第四项 in every column.

Legal basis (条例 = 《中华人民共和国政府信息公开条例》, 国务院令第711号): the mapping of the format's
table of rows to articles (regulations.md §1.3, §2.3). Three rows have no 条例 article in the reference
(（三）8 行政查询事项 is the format's own category; （五）5 确认或重新出具 and （六）3 其他 are unmapped):
their basis names the format itself rather than guess an article.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

from gongkai.core.labelled import LabelledStrEnum, Text, gettext_noop

TABLE_THREE_TITLE = "三、收到和处理政府信息公开申请情况"
TABLE_THREE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE_THREE_RESULTS_HEADER = "三、本年度办理结果"
TABLE_FOUR_TITLE = "四、政府信息公开行政复议、行政诉讼情况"

FORMAT_OWN_CATEGORY = gettext_noop("年度报告格式（国办公开办函〔2021〕30号）所列情形")


class OutcomeGroup(StrEnum):
    """The six result groups （一）…（六） of Table 三 section 三."""

    label: str
    row_label: str

    def __new__(cls, code: str, label: str, row_label: str) -> OutcomeGroup:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member.row_label = row_label
        return member

    DISCLOSED = "disclosed", gettext_noop("予以公开"), gettext_noop("（一）予以公开")
    PARTIALLY_DISCLOSED = (
        "partially_disclosed",
        gettext_noop("部分公开"),
        gettext_noop("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    )
    REFUSED = "refused", gettext_noop("不予公开"), gettext_noop("（三）不予公开")
    UNAVAILABLE = "unavailable", gettext_noop("无法提供"), gettext_noop("（四）无法提供")
    NOT_HANDLED = "not_handled", gettext_noop("不予处理"), gettext_noop("（五）不予处理")
    OTHER = "other", gettext_noop("其他处理"), gettext_noop("（六）其他处理")

    @property
    def has_sub_rows(self) -> bool:
        return self not in (OutcomeGroup.DISCLOSED, OutcomeGroup.PARTIALLY_DISCLOSED)


class ReplyOutcome(StrEnum):
    """One row of Table 三 section 三 (a reply's statutory category), in print order.

    `label` is the row text without its number, `row_label` the row as printed (e.g.
    "1.属于国家秘密"), `legal_basis` the article that grounds the reply."""

    group: OutcomeGroup
    label: str
    row_label: str
    legal_basis: str

    def __new__(cls, code: str, group: OutcomeGroup, row_label: str, legal_basis: str) -> ReplyOutcome:
        member = str.__new__(cls, code)
        member._value_ = code
        member.group = group
        member.row_label = row_label
        member.label = row_label.split(".", 1)[1] if "." in row_label else group.label
        member.legal_basis = legal_basis
        return member

    # （一） 条例 Art. 36(1) 已经主动公开 and 36(2) 可以公开.
    DISCLOSED = (
        "disclosed",
        OutcomeGroup.DISCLOSED,
        OutcomeGroup.DISCLOSED.row_label,
        gettext_noop("条例第三十六条第（一）项、第（二）项"),
    )
    # （二） 条例 Art. 37 区分处理.
    PARTIALLY_DISCLOSED = (
        "partially_disclosed",
        OutcomeGroup.PARTIALLY_DISCLOSED,
        OutcomeGroup.PARTIALLY_DISCLOSED.row_label,
        gettext_noop("条例第三十七条"),
    )
    # （三） 不予公开: 1–3 条例 Art. 14, 4 Art. 15, 5–7 Art. 16.
    REFUSED_STATE_SECRET = (
        "refused_state_secret",
        OutcomeGroup.REFUSED,
        gettext_noop("1.属于国家秘密"),
        gettext_noop("条例第十四条"),
    )
    REFUSED_PROHIBITED_BY_LAW = (
        "refused_prohibited_by_law",
        OutcomeGroup.REFUSED,
        gettext_noop("2.其他法律行政法规禁止公开"),
        gettext_noop("条例第十四条"),
    )
    REFUSED_SECURITY_STABILITY = (
        "refused_security_stability",
        OutcomeGroup.REFUSED,
        gettext_noop("3.危及“三安全一稳定”"),
        gettext_noop("条例第十四条"),
    )
    REFUSED_THIRD_PARTY_RIGHTS = (
        "refused_third_party_rights",
        OutcomeGroup.REFUSED,
        gettext_noop("4.保护第三方合法权益"),
        gettext_noop("条例第十五条"),
    )
    REFUSED_INTERNAL_AFFAIRS = (
        "refused_internal_affairs",
        OutcomeGroup.REFUSED,
        gettext_noop("5.属于三类内部事务信息"),
        gettext_noop("条例第十六条"),
    )
    REFUSED_PROCESS_INFORMATION = (
        "refused_process_information",
        OutcomeGroup.REFUSED,
        gettext_noop("6.属于四类过程性信息"),
        gettext_noop("条例第十六条"),
    )
    REFUSED_ENFORCEMENT_FILE = (
        "refused_enforcement_file",
        OutcomeGroup.REFUSED,
        gettext_noop("7.属于行政执法案卷"),
        gettext_noop("条例第十六条"),
    )
    REFUSED_ADMINISTRATIVE_QUERY = (
        "refused_administrative_query",
        OutcomeGroup.REFUSED,
        gettext_noop("8.属于行政查询事项"),
        FORMAT_OWN_CATEGORY,
    )
    # （四） 无法提供: 1 条例 Art. 36(4)/(5), 2 Art. 38, 3 Art. 30.
    UNAVAILABLE_NOT_HELD = (
        "unavailable_not_held",
        OutcomeGroup.UNAVAILABLE,
        gettext_noop("1.本机关不掌握相关政府信息"),
        gettext_noop("条例第三十六条第（四）项、第（五）项"),
    )
    UNAVAILABLE_NEEDS_CREATION = (
        "unavailable_needs_creation",
        OutcomeGroup.UNAVAILABLE,
        gettext_noop("2.没有现成信息需要另行制作"),
        gettext_noop("条例第三十八条"),
    )
    UNAVAILABLE_UNCLEAR_AFTER_SUPPLEMENT = (
        "unavailable_unclear_after_supplement",
        OutcomeGroup.UNAVAILABLE,
        gettext_noop("3.补正后申请内容仍不明确"),
        gettext_noop("条例第三十条"),
    )
    # （五） 不予处理: 1 条例 Art. 39 ¶1, 2 Art. 36(6), 3 Art. 39 ¶2, 4 Art. 35.
    NOT_HANDLED_PETITION = (
        "not_handled_petition",
        OutcomeGroup.NOT_HANDLED,
        gettext_noop("1.信访举报投诉类申请"),
        gettext_noop("条例第三十九条第一款"),
    )
    NOT_HANDLED_REPEAT = (
        "not_handled_repeat",
        OutcomeGroup.NOT_HANDLED,
        gettext_noop("2.重复申请"),
        gettext_noop("条例第三十六条第（六）项"),
    )
    NOT_HANDLED_PUBLICATION = (
        "not_handled_publication",
        OutcomeGroup.NOT_HANDLED,
        gettext_noop("3.要求提供公开出版物"),
        gettext_noop("条例第三十九条第二款"),
    )
    NOT_HANDLED_EXCESSIVE = (
        "not_handled_excessive",
        OutcomeGroup.NOT_HANDLED,
        gettext_noop("4.无正当理由大量反复申请"),
        gettext_noop("条例第三十五条"),
    )
    NOT_HANDLED_CONFIRMATION = (
        "not_handled_confirmation",
        OutcomeGroup.NOT_HANDLED,
        gettext_noop("5.要求行政机关确认或重新出具已获取信息"),
        FORMAT_OWN_CATEGORY,
    )
    # （六） 其他处理: 1 条例 Art. 30, 2 the 信息处理费 办法.
    OTHER_NO_SUPPLEMENT = (
        "other_no_supplement",
        OutcomeGroup.OTHER,
        gettext_noop("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        gettext_noop("条例第三十条"),
    )
    OTHER_FEE_UNPAID = (
        "other_fee_unpaid",
        OutcomeGroup.OTHER,
        gettext_noop("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        gettext_noop("《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"),
    )
    OTHER = "other", OutcomeGroup.OTHER, gettext_noop("3.其他"), FORMAT_OWN_CATEGORY


class ApplicantColumn(StrEnum):
    """The numeric columns of Table 三 (申请人情况), in print order; the last is 总计."""

    label: str
    parent_label: str | None

    def __new__(cls, code: str, label: str, parent_label: str | None) -> ApplicantColumn:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member.parent_label = parent_label
        return member

    NATURAL_PERSON = "natural_person", "自然人", None
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", "商业企业", "法人或其他组织"
    RESEARCH_INSTITUTION = "research_institution", "科研机构", "法人或其他组织"
    PUBLIC_WELFARE_ORGANISATION = "public_welfare_organisation", "社会公益组织", "法人或其他组织"
    LEGAL_SERVICE_PROVIDER = "legal_service_provider", "法律服务机构", "法人或其他组织"
    OTHER_ORGANISATION = "other_organisation", "其他", "法人或其他组织"
    TOTAL = "total", "总计", None


# The six applicant categories an application is counted under (every column but 总计).
APPLICANT_CATEGORIES: tuple[ApplicantColumn, ...] = tuple(
    c for c in ApplicantColumn if c is not ApplicantColumn.TOTAL
)


class CountRow(StrEnum):
    """The Table 三 rows that are not reply outcomes."""

    row_label: str

    def __new__(cls, code: str, row_label: str) -> CountRow:
        member = str.__new__(cls, code)
        member._value_ = code
        member.row_label = row_label
        return member

    RECEIVED = "received", "一、本年新收政府信息公开申请数量"
    CARRIED_OVER = "carried_over", "二、上年结转政府信息公开申请数量"
    OUTCOME_TOTAL = "outcome_total", "（七）总计"
    CARRIED_FORWARD = "carried_forward", "四、结转下年度继续办理"


TableThreeRow: TypeAlias = CountRow | ReplyOutcome

# The numeric rows of Table 三 in print order.
TABLE_THREE_ROWS: tuple[TableThreeRow, ...] = (
    CountRow.RECEIVED,
    CountRow.CARRIED_OVER,
    *ReplyOutcome,
    CountRow.OUTCOME_TOTAL,
    CountRow.CARRIED_FORWARD,
)


@dataclass(frozen=True, slots=True)
class TableLine:
    """One printed line of Table 三: a numeric row, or a header line (`row` None)."""

    text: str
    depth: int
    row: TableThreeRow | None


def table_three_lines() -> tuple[TableLine, ...]:
    """Every printed line of Table 三, headers included, in print order (for rendering)."""
    lines = [TableLine(CountRow.RECEIVED.row_label, 0, CountRow.RECEIVED)]
    lines.append(TableLine(CountRow.CARRIED_OVER.row_label, 0, CountRow.CARRIED_OVER))
    lines.append(TableLine(TABLE_THREE_RESULTS_HEADER, 0, None))
    for group in OutcomeGroup:
        members = [outcome for outcome in ReplyOutcome if outcome.group is group]
        if not group.has_sub_rows:
            lines.append(TableLine(group.row_label, 1, members[0]))
            continue
        lines.append(TableLine(group.row_label, 1, None))
        lines.extend(TableLine(outcome.row_label, 2, outcome) for outcome in members)
    lines.append(TableLine(CountRow.OUTCOME_TOTAL.row_label, 1, CountRow.OUTCOME_TOTAL))
    lines.append(TableLine(CountRow.CARRIED_FORWARD.row_label, 0, CountRow.CARRIED_FORWARD))
    return tuple(lines)


class CrossCheck(LabelledStrEnum):
    """The consistency checks of Table 三."""

    NON_NEGATIVE = "non_negative", "件数不能为负数"
    TOTAL_COLUMN = "total_column", "总计列等于各类申请人列之和"
    OUTCOME_TOTAL = "outcome_total", "（七）总计等于（一）至（六）各项之和"
    BALANCE = "balance", "第一项加第二项之和等于第三项加第四项之和"


@dataclass(frozen=True, slots=True)
class CrossCheckViolation:
    check: CrossCheck
    row: TableThreeRow | None  # None for the BALANCE check, which spans rows
    column: ApplicantColumn
    expected: int
    actual: int
    message: str


@dataclass(frozen=True)
class TableThree:
    """The figures of Table 三: every row of `TABLE_THREE_ROWS` × every `ApplicantColumn`."""

    figures: Mapping[TableThreeRow, Mapping[ApplicantColumn, int]]

    def __post_init__(self) -> None:
        for row in TABLE_THREE_ROWS:
            missing = [column for column in ApplicantColumn if column not in self.figures.get(row, {})]
            if missing:
                names = "、".join(column.label for column in missing)
                raise ValueError(f"表三“{row.row_label}”缺少以下列的数据：{names}")

    def cell(self, row: TableThreeRow, column: ApplicantColumn) -> int:
        return self.figures[row][column]

    @property
    def violations(self) -> list[CrossCheckViolation]:
        return table_three_violations(self)


def build_table_three(
    *,
    received: Mapping[ApplicantColumn, int],
    carried_over: Mapping[ApplicantColumn, int],
    outcomes: Mapping[ReplyOutcome, Mapping[ApplicantColumn, int]],
    carried_forward: Mapping[ApplicantColumn, int],
) -> TableThree:
    """Table 三 from counts per applicant category: fills the 总计 column and the （七）总计 row.

    Categories or outcomes left out count 0. The result's `violations` lists the checks the counts
    break; only BALANCE (一 + 二 = 三（七） + 四) can fail for counts that are not negative."""
    rows: dict[TableThreeRow, Mapping[ApplicantColumn, int]] = {
        CountRow.RECEIVED: received,
        CountRow.CARRIED_OVER: carried_over,
        CountRow.CARRIED_FORWARD: carried_forward,
    }
    for outcome in ReplyOutcome:
        rows[outcome] = outcomes.get(outcome, {})
    figures: dict[TableThreeRow, dict[ApplicantColumn, int]] = {}
    for row, counts in rows.items():
        if ApplicantColumn.TOTAL in counts:
            raise ValueError("总计列由各类申请人列计算得出，不能直接填写")
        figures[row] = _with_total_column(counts)
    figures[CountRow.OUTCOME_TOTAL] = {
        column: sum(figures[outcome][column] for outcome in ReplyOutcome) for column in ApplicantColumn
    }
    return TableThree(figures)


def _with_total_column(counts: Mapping[ApplicantColumn, int]) -> dict[ApplicantColumn, int]:
    row = {column: counts.get(column, 0) for column in APPLICANT_CATEGORIES}
    row[ApplicantColumn.TOTAL] = sum(row.values())
    return row


def table_three_violations(table: TableThree) -> list[CrossCheckViolation]:
    """Every broken cross-check of a Table 三 (built or entered by hand), in a stable order."""
    violations: list[CrossCheckViolation] = []
    for row in TABLE_THREE_ROWS:
        for column in ApplicantColumn:
            value = table.cell(row, column)
            if value < 0:
                message = Text(
                    gettext_noop("“%(row)s”的“%(column)s”列为%(value)s，件数不能为负数"),
                    row=row.row_label,
                    column=column.label,
                    value=value,
                )
                violations.append(
                    CrossCheckViolation(CrossCheck.NON_NEGATIVE, row, column, 0, value, message)
                )
    for row in TABLE_THREE_ROWS:
        expected = sum(table.cell(row, column) for column in APPLICANT_CATEGORIES)
        actual = table.cell(row, ApplicantColumn.TOTAL)
        if actual != expected:
            message = Text(
                gettext_noop("“%(row)s”的总计列为%(actual)s，各类申请人列之和为%(expected)s"),
                row=row.row_label,
                actual=actual,
                expected=expected,
            )
            violations.append(
                CrossCheckViolation(
                    CrossCheck.TOTAL_COLUMN, row, ApplicantColumn.TOTAL, expected, actual, message
                )
            )
    for column in ApplicantColumn:
        expected = sum(table.cell(outcome, column) for outcome in ReplyOutcome)
        actual = table.cell(CountRow.OUTCOME_TOTAL, column)
        if actual != expected:
            message = Text(
                gettext_noop("“%(column)s”列：（七）总计为%(actual)s，（一）至（六）各项之和为%(expected)s"),
                column=column.label,
                actual=actual,
                expected=expected,
            )
            violations.append(
                CrossCheckViolation(
                    CrossCheck.OUTCOME_TOTAL, CountRow.OUTCOME_TOTAL, column, expected, actual, message
                )
            )
    for column in ApplicantColumn:
        expected = table.cell(CountRow.RECEIVED, column) + table.cell(CountRow.CARRIED_OVER, column)
        actual = table.cell(CountRow.OUTCOME_TOTAL, column) + table.cell(CountRow.CARRIED_FORWARD, column)
        if actual != expected:
            message = Text(
                gettext_noop(
                    "“%(column)s”列：第一项加第二项之和为%(expected)s，第三项（七）总计加第四项之和为%(actual)s"
                ),
                column=column.label,
                actual=actual,
                expected=expected,
            )
            violations.append(
                CrossCheckViolation(CrossCheck.BALANCE, None, column, expected, actual, message)
            )
    return violations


class AppealRoute(StrEnum):
    """The three column blocks of Table 四; `group` is the top-level header above the block."""

    label: str
    group: str

    def __new__(cls, code: str, label: str, group: str) -> AppealRoute:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member.group = group
        return member

    RECONSIDERATION = "reconsideration", "行政复议", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "未经复议直接起诉", "行政诉讼"
    LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration", "复议后起诉", "行政诉讼"


class AppealResult(LabelledStrEnum):
    """The five columns of each Table 四 block; the last is 总计."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"
    TOTAL = "total", "总计"


APPEAL_RESULTS: tuple[AppealResult, ...] = tuple(r for r in AppealResult if r is not AppealResult.TOTAL)

# Table 四: one data row of 15 cells, block by block (行政复议; 行政诉讼: 未经复议直接起诉, 复议后起诉).
TABLE_FOUR_COLUMNS: tuple[tuple[AppealRoute, AppealResult], ...] = tuple(
    (route, result) for route in AppealRoute for result in AppealResult
)


def build_table_four(
    counts: Mapping[tuple[AppealRoute, AppealResult], int],
) -> dict[tuple[AppealRoute, AppealResult], int]:
    """The 15 cells of Table 四 from case counts per route and result (总计 = the four results of the
    block, the meaning of the column). Cells left out count 0."""
    cells: dict[tuple[AppealRoute, AppealResult], int] = {}
    for route in AppealRoute:
        if (route, AppealResult.TOTAL) in counts:
            raise ValueError("总计列由各结果列计算得出，不能直接填写")
        for result in APPEAL_RESULTS:
            value = counts.get((route, result), 0)
            if value < 0:
                raise ValueError(f"“{route.label}·{result.label}”件数不能为负数")
            cells[(route, result)] = value
        cells[(route, AppealResult.TOTAL)] = sum(cells[(route, result)] for result in APPEAL_RESULTS)
    return {column: cells[column] for column in TABLE_FOUR_COLUMNS}
