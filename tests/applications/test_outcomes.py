"""Reply outcomes and the annual-report Tables 三 and 四 (国办公开办函〔2021〕30号)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.applications.outcomes import (
    APPEAL_RESULTS,
    APPLICANT_CATEGORIES,
    TABLE_FOUR_COLUMNS,
    TABLE_THREE_NOTE,
    TABLE_THREE_ROWS,
    AppealResult,
    AppealRoute,
    ApplicantColumn,
    CountRow,
    CrossCheck,
    OutcomeGroup,
    ReplyOutcome,
    TableThree,
    build_table_four,
    build_table_three,
    table_three_lines,
    table_three_violations,
)

# regulations.md §2.3, the rows of Table 三 exactly as printed (indentation dropped).
PRINTED_TABLE_THREE = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]


def test_table_three_prints_every_row_verbatim_in_order():
    assert [line.text for line in table_three_lines()] == PRINTED_TABLE_THREE


def test_outcomes_are_exactly_the_result_rows_of_table_three():
    numeric = [line.row for line in table_three_lines() if line.row is not None]
    assert numeric == list(TABLE_THREE_ROWS)
    assert [row for row in TABLE_THREE_ROWS if isinstance(row, ReplyOutcome)] == list(ReplyOutcome)
    assert len(ReplyOutcome) == 21


@pytest.mark.parametrize(
    ("group", "label", "size"),
    [
        (OutcomeGroup.DISCLOSED, "予以公开", 1),
        (OutcomeGroup.PARTIALLY_DISCLOSED, "部分公开", 1),
        (OutcomeGroup.REFUSED, "不予公开", 8),
        (OutcomeGroup.UNAVAILABLE, "无法提供", 3),
        (OutcomeGroup.NOT_HANDLED, "不予处理", 5),
        (OutcomeGroup.OTHER, "其他处理", 3),
    ],
)
def test_outcome_groups_have_the_format_sub_rows(group, label, size):
    members = [outcome for outcome in ReplyOutcome if outcome.group is group]
    assert group.label == label
    assert len(members) == size
    if size > 1:
        assert [member.row_label.split(".")[0] for member in members] == [str(n) for n in range(1, size + 1)]


@pytest.mark.parametrize(
    ("outcome", "code", "label", "row_label"),
    [
        (ReplyOutcome.DISCLOSED, "disclosed", "予以公开", "（一）予以公开"),
        (
            ReplyOutcome.PARTIALLY_DISCLOSED,
            "partially_disclosed",
            "部分公开",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        (ReplyOutcome.REFUSED_STATE_SECRET, "refused_state_secret", "属于国家秘密", "1.属于国家秘密"),
        (
            ReplyOutcome.REFUSED_SECURITY_STABILITY,
            "refused_security_stability",
            "危及“三安全一稳定”",
            "3.危及“三安全一稳定”",
        ),
        (ReplyOutcome.NOT_HANDLED_REPEAT, "not_handled_repeat", "重复申请", "2.重复申请"),
        (ReplyOutcome.OTHER, "other", "其他", "3.其他"),
    ],
)
def test_outcome_codes_and_labels(outcome, code, label, row_label):
    assert outcome.value == code
    assert ReplyOutcome(code) is outcome
    assert outcome.label == label
    assert outcome.row_label == row_label


def test_outcome_codes_are_unique_english_identifiers():
    codes = [outcome.value for outcome in ReplyOutcome]
    assert len(set(codes)) == len(codes)
    assert all(code.isascii() and code.replace("_", "").isalpha() and code.islower() for code in codes)


# regulations.md §1.3 and the row-to-article table of §2.3.
@pytest.mark.parametrize(
    ("outcome", "article"),
    [
        (ReplyOutcome.DISCLOSED, "第三十六条"),
        (ReplyOutcome.PARTIALLY_DISCLOSED, "第三十七条"),
        (ReplyOutcome.REFUSED_STATE_SECRET, "第十四条"),
        (ReplyOutcome.REFUSED_PROHIBITED_BY_LAW, "第十四条"),
        (ReplyOutcome.REFUSED_SECURITY_STABILITY, "第十四条"),
        (ReplyOutcome.REFUSED_THIRD_PARTY_RIGHTS, "第十五条"),
        (ReplyOutcome.REFUSED_INTERNAL_AFFAIRS, "第十六条"),
        (ReplyOutcome.REFUSED_PROCESS_INFORMATION, "第十六条"),
        (ReplyOutcome.REFUSED_ENFORCEMENT_FILE, "第十六条"),
        (ReplyOutcome.REFUSED_ADMINISTRATIVE_QUERY, "国办公开办函〔2021〕30号"),
        (ReplyOutcome.UNAVAILABLE_NOT_HELD, "第三十六条第（四）项、第（五）项"),
        (ReplyOutcome.UNAVAILABLE_NEEDS_CREATION, "第三十八条"),
        (ReplyOutcome.UNAVAILABLE_UNCLEAR_AFTER_SUPPLEMENT, "第三十条"),
        (ReplyOutcome.NOT_HANDLED_PETITION, "第三十九条第一款"),
        (ReplyOutcome.NOT_HANDLED_REPEAT, "第三十六条第（六）项"),
        (ReplyOutcome.NOT_HANDLED_PUBLICATION, "第三十九条第二款"),
        (ReplyOutcome.NOT_HANDLED_EXCESSIVE, "第三十五条"),
        (ReplyOutcome.NOT_HANDLED_CONFIRMATION, "国办公开办函〔2021〕30号"),
        (ReplyOutcome.OTHER_NO_SUPPLEMENT, "第三十条"),
        (ReplyOutcome.OTHER_FEE_UNPAID, "国办函〔2020〕109号"),
        (ReplyOutcome.OTHER, "国办公开办函〔2021〕30号"),
    ],
)
def test_outcome_legal_basis(outcome, article):
    assert article in outcome.legal_basis


def test_applicant_columns_in_print_order():
    assert [column.label for column in ApplicantColumn] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    organisations = [column for column in ApplicantColumn if column.parent_label == "法人或其他组织"]
    assert [column.label for column in organisations] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert ApplicantColumn.TOTAL not in APPLICANT_CATEGORIES
    assert len(APPLICANT_CATEGORIES) == 6


def test_table_three_note_is_verbatim():
    assert TABLE_THREE_NOTE == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _balanced_counts():
    received = {ApplicantColumn.NATURAL_PERSON: 40, ApplicantColumn.COMMERCIAL_ENTERPRISE: 7}
    carried_over = {ApplicantColumn.NATURAL_PERSON: 3}
    outcomes = {
        ReplyOutcome.DISCLOSED: {
            ApplicantColumn.NATURAL_PERSON: 20,
            ApplicantColumn.COMMERCIAL_ENTERPRISE: 4,
        },
        ReplyOutcome.PARTIALLY_DISCLOSED: {ApplicantColumn.NATURAL_PERSON: 5},
        ReplyOutcome.REFUSED_THIRD_PARTY_RIGHTS: {ApplicantColumn.COMMERCIAL_ENTERPRISE: 2},
        ReplyOutcome.UNAVAILABLE_NOT_HELD: {ApplicantColumn.NATURAL_PERSON: 10},
        ReplyOutcome.OTHER_NO_SUPPLEMENT: {ApplicantColumn.NATURAL_PERSON: 2},
    }
    carried_forward = {ApplicantColumn.NATURAL_PERSON: 6, ApplicantColumn.COMMERCIAL_ENTERPRISE: 1}
    return {
        "received": received,
        "carried_over": carried_over,
        "outcomes": outcomes,
        "carried_forward": carried_forward,
    }


def test_build_table_three_fills_total_column_and_row():
    table = build_table_three(**_balanced_counts())
    assert table.cell(CountRow.RECEIVED, ApplicantColumn.TOTAL) == 47
    assert table.cell(ReplyOutcome.DISCLOSED, ApplicantColumn.TOTAL) == 24
    assert table.cell(CountRow.OUTCOME_TOTAL, ApplicantColumn.NATURAL_PERSON) == 37
    assert table.cell(CountRow.OUTCOME_TOTAL, ApplicantColumn.COMMERCIAL_ENTERPRISE) == 6
    assert table.cell(CountRow.OUTCOME_TOTAL, ApplicantColumn.TOTAL) == 43
    assert table.cell(ReplyOutcome.REFUSED_STATE_SECRET, ApplicantColumn.RESEARCH_INSTITUTION) == 0
    assert table.violations == []


def test_balance_check_first_plus_second_equals_third_plus_fourth_in_every_column():
    counts = _balanced_counts()
    counts["carried_forward"] = {ApplicantColumn.NATURAL_PERSON: 5, ApplicantColumn.COMMERCIAL_ENTERPRISE: 1}
    violations = build_table_three(**counts).violations
    assert [(v.check, v.column, v.expected, v.actual) for v in violations] == [
        (CrossCheck.BALANCE, ApplicantColumn.NATURAL_PERSON, 43, 42),
        (CrossCheck.BALANCE, ApplicantColumn.TOTAL, 50, 49),
    ]
    assert "第一项加第二项之和为43" in violations[0].message


def _entered(table: TableThree, row, column, value) -> TableThree:
    figures = {r: dict(columns) for r, columns in table.figures.items()}
    figures[row][column] = value
    return TableThree(figures)


def test_entered_total_column_that_is_not_the_sum_is_reported():
    table = _entered(build_table_three(**_balanced_counts()), CountRow.RECEIVED, ApplicantColumn.TOTAL, 48)
    checks = [(v.check, v.row, v.column) for v in table_three_violations(table)]
    assert (CrossCheck.TOTAL_COLUMN, CountRow.RECEIVED, ApplicantColumn.TOTAL) in checks
    assert (CrossCheck.BALANCE, None, ApplicantColumn.TOTAL) in checks


def test_entered_outcome_total_that_is_not_the_sum_of_all_sub_rows_is_reported():
    table = build_table_three(**_balanced_counts())
    table = _entered(table, ReplyOutcome.REFUSED_STATE_SECRET, ApplicantColumn.NATURAL_PERSON, 1)
    table = _entered(table, ReplyOutcome.REFUSED_STATE_SECRET, ApplicantColumn.TOTAL, 1)
    violations = table_three_violations(table)
    outcome_total = [v for v in violations if v.check is CrossCheck.OUTCOME_TOTAL]
    assert [(v.column, v.expected, v.actual) for v in outcome_total] == [
        (ApplicantColumn.NATURAL_PERSON, 38, 37),
        (ApplicantColumn.TOTAL, 44, 43),
    ]
    assert "（七）总计为37" in outcome_total[0].message


def test_negative_figures_are_reported():
    table = _entered(
        build_table_three(**_balanced_counts()),
        CountRow.CARRIED_OVER,
        ApplicantColumn.RESEARCH_INSTITUTION,
        -1,
    )
    checks = {v.check for v in table_three_violations(table)}
    assert CrossCheck.NON_NEGATIVE in checks


def test_table_three_needs_every_cell():
    table = build_table_three(**_balanced_counts())
    figures = {row: dict(columns) for row, columns in table.figures.items()}
    del figures[CountRow.CARRIED_FORWARD][ApplicantColumn.TOTAL]
    with pytest.raises(ValueError, match="四、结转下年度继续办理"):
        TableThree(figures)


def test_total_column_cannot_be_given_as_a_count():
    counts = _balanced_counts()
    counts["received"] = {ApplicantColumn.TOTAL: 47}
    with pytest.raises(ValueError, match="总计列"):
        build_table_three(**counts)


counts_strategy = st.dictionaries(st.sampled_from(APPLICANT_CATEGORIES), st.integers(0, 500))


@settings(deadline=None)  # timing varies on a shared machine
@given(
    received=counts_strategy,
    carried_over=counts_strategy,
    outcomes=st.dictionaries(st.sampled_from(list(ReplyOutcome)), counts_strategy),
)
def test_table_built_from_counts_balances_when_the_carry_forward_is_the_rest(
    received, carried_over, outcomes
):
    handled = {
        column: sum(counts.get(column, 0) for counts in outcomes.values()) for column in APPLICANT_CATEGORIES
    }
    rest = {
        column: received.get(column, 0) + carried_over.get(column, 0) - handled[column] for column in handled
    }
    table = build_table_three(
        received=received, carried_over=carried_over, outcomes=outcomes, carried_forward=rest
    )
    violations = table.violations
    assert {v.check for v in violations} <= {CrossCheck.NON_NEGATIVE}
    assert all(v.row is CountRow.CARRIED_FORWARD for v in violations)
    assert (not violations) == all(value >= 0 for value in rest.values())


@settings(deadline=None)  # timing varies on a shared machine
@given(
    received=counts_strategy,
    carried_over=counts_strategy,
    outcomes=st.dictionaries(st.sampled_from(list(ReplyOutcome)), counts_strategy),
    carried_forward=counts_strategy,
)
def test_built_table_only_ever_fails_the_balance_check(received, carried_over, outcomes, carried_forward):
    table = build_table_three(
        received=received, carried_over=carried_over, outcomes=outcomes, carried_forward=carried_forward
    )
    unbalanced = {
        column
        for column in ApplicantColumn
        if table.cell(CountRow.RECEIVED, column) + table.cell(CountRow.CARRIED_OVER, column)
        != table.cell(CountRow.OUTCOME_TOTAL, column) + table.cell(CountRow.CARRIED_FORWARD, column)
    }
    violations = table.violations
    assert all(v.check is CrossCheck.BALANCE for v in violations)
    assert {v.column for v in violations} == unbalanced


def test_table_four_has_fifteen_cells_in_print_order():
    assert len(TABLE_FOUR_COLUMNS) == 15
    assert [route.label for route in AppealRoute] == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert [route.group for route in AppealRoute] == ["行政复议", "行政诉讼", "行政诉讼"]
    assert [result.label for result in AppealResult] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]
    assert TABLE_FOUR_COLUMNS[4] == (AppealRoute.RECONSIDERATION, AppealResult.TOTAL)
    assert TABLE_FOUR_COLUMNS[5] == (AppealRoute.LITIGATION_DIRECT, AppealResult.UPHELD)


def test_table_four_totals_each_block():
    cells = build_table_four(
        {
            (AppealRoute.RECONSIDERATION, AppealResult.UPHELD): 3,
            (AppealRoute.RECONSIDERATION, AppealResult.CORRECTED): 1,
            (AppealRoute.RECONSIDERATION, AppealResult.PENDING): 2,
            (AppealRoute.LITIGATION_AFTER_RECONSIDERATION, AppealResult.OTHER): 1,
        }
    )
    assert list(cells) == list(TABLE_FOUR_COLUMNS)
    assert cells[(AppealRoute.RECONSIDERATION, AppealResult.TOTAL)] == 6
    assert cells[(AppealRoute.LITIGATION_DIRECT, AppealResult.TOTAL)] == 0
    assert cells[(AppealRoute.LITIGATION_AFTER_RECONSIDERATION, AppealResult.TOTAL)] == 1
    assert len(APPEAL_RESULTS) == 4


def test_table_four_refuses_entered_totals_and_negative_counts():
    with pytest.raises(ValueError, match="总计"):
        build_table_four({(AppealRoute.RECONSIDERATION, AppealResult.TOTAL): 1})
    with pytest.raises(ValueError, match="负数"):
        build_table_four({(AppealRoute.LITIGATION_DIRECT, AppealResult.UPHELD): -1})
