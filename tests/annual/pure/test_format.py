"""The 2021 annual-report format (国办公开办函〔2021〕30号, regulations.md §2): labels verbatim, every
cross-check passing on a consistent report and naming the figures of each kind of inconsistency, and the
JSON shape of `gongkai annual-report --format json`.

The expected labels are copied here from regulations.md (the tests do not read shared/)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.annual import format as fmt
from gongkai.annual.format import (
    AnnualReport,
    AppealResult,
    AppealRoute,
    ApplicantColumn,
    CountRow,
    ReplyOutcome,
    TableThree,
)

# --- labels -------------------------------------------------------------------------------------------


def test_section_titles_verbatim():
    assert fmt.SECTION_TITLES == (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    )


def test_table_two_blocks_rows_and_columns_verbatim():
    printed = [
        (
            block.article,
            [fmt.INFORMATION_CONTENT, *(column.label for column in block.columns)],
            [row.label for row in block.rows],
        )
        for block in fmt.TABLE_TWO_BLOCKS
    ]
    assert printed == [
        (
            "第二十条第（一）项",
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "行政规范性文件"],
        ),
        ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], ["行政许可"]),
        ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费"]),
    ]


def test_table_three_rows_and_columns_verbatim():
    assert fmt.TABLE_THREE_NOTE == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [column.label for column in ApplicantColumn] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
    ]  # fmt: skip
    assert {column.parent_label for column in list(ApplicantColumn)[1:6]} == {"法人或其他组织"}
    printed = []
    for row in fmt.TABLE_THREE_ROWS:
        if isinstance(row, ReplyOutcome) and row.group.has_sub_rows and row.group.row_label not in printed:
            printed.append(row.group.row_label)
        if row is ReplyOutcome.DISCLOSED:
            printed.append(fmt.TABLE_THREE_RESULTS_HEADER)
        printed.append(row.row_label)
    assert printed == [
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


def test_table_four_groups_and_fifteen_columns_verbatim():
    assert [(group, [route.label for route in routes]) for group, routes in fmt.TABLE_FOUR_GROUPS] == [
        ("行政复议", ["行政复议"]),
        ("行政诉讼", ["未经复议直接起诉", "复议后起诉"]),
    ]
    assert [result.label for result in AppealResult] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]
    assert len(fmt.TABLE_FOUR_COLUMNS) == 15


# --- a consistent report --------------------------------------------------------------------------------

N, C, R, W, L, OT = (  # the six applicant categories
    ApplicantColumn.NATURAL_PERSON,
    ApplicantColumn.COMMERCIAL_ENTERPRISE,
    ApplicantColumn.RESEARCH_INSTITUTION,
    ApplicantColumn.PUBLIC_WELFARE_ORGANISATION,
    ApplicantColumn.LEGAL_SERVICE_PROVIDER,
    ApplicantColumn.OTHER_ORGANISATION,
)


def consistent_report() -> AnnualReport:
    """A bureau's year: 37 new and 3 carried-in applications, 38 concluded, 2 carried out."""
    table3 = fmt.build_table_three(
        received={N: 30, C: 4, W: 2, L: 1},
        carried_over={N: 2, C: 1},
        outcomes={
            ReplyOutcome.DISCLOSED: {N: 14, C: 2, W: 1},
            ReplyOutcome.PARTIALLY_DISCLOSED: {N: 3, C: 1},
            ReplyOutcome.REFUSED_THIRD_PARTY_RIGHTS: {C: 1},
            ReplyOutcome.REFUSED_PROCESS_INFORMATION: {N: 1},
            ReplyOutcome.UNAVAILABLE_NOT_HELD: {N: 7, W: 1, L: 1},
            ReplyOutcome.UNAVAILABLE_NEEDS_CREATION: {N: 1},
            ReplyOutcome.NOT_HANDLED_PETITION: {N: 2},
            ReplyOutcome.NOT_HANDLED_REPEAT: {N: 1},
            ReplyOutcome.OTHER_NO_SUPPLEMENT: {N: 2},
        },
        carried_forward={N: 1, C: 1},
    )
    table4 = fmt.build_table_four(
        {
            (AppealRoute.RECONSIDERATION, AppealResult.UPHELD): 2,
            (AppealRoute.RECONSIDERATION, AppealResult.CORRECTED): 1,
            (AppealRoute.LITIGATION_DIRECT, AppealResult.PENDING): 1,
        }
    )
    table2 = fmt.build_table_two(
        rules=(0, 0, 0),
        normative_documents=(2, 1, 9),
        licensing=143,
        penalty=61,
        coercion=4,
        fee_amount=Decimal("0"),
    )
    return AnnualReport(2026, table2, table3, table4)


def test_every_cross_check_passes_on_a_consistent_report():
    report = consistent_report()
    assert report.table3.cell(CountRow.OUTCOME_TOTAL, ApplicantColumn.TOTAL) == 38
    assert fmt.cross_checks(report) == []


def with_table_three_cell(report: AnnualReport, row, column, value) -> AnnualReport:
    figures = {r: dict(cells) for r, cells in report.table3.figures.items()}
    figures[row][column] = value
    return AnnualReport(report.year, report.table2, TableThree(figures), report.table4)


def test_a_total_column_that_is_not_the_sum_of_the_applicant_columns_is_named():
    report = with_table_three_cell(consistent_report(), CountRow.RECEIVED, ApplicantColumn.TOTAL, 38)
    failures = fmt.cross_checks(report)
    total_column = [f for f in failures if f.check == "total_column"]
    assert [(f.table, f.row, f.column, f.expected, f.actual) for f in total_column] == [
        ("表三", "一、本年新收政府信息公开申请数量", "总计", 37, 38)
    ]
    assert (
        total_column[0].message
        == "表三：“一、本年新收政府信息公开申请数量”的总计列为38，各类申请人列之和为37"
    )
    # 一 now says 38 in 总计 while 三（七） + 四 is still 40 - 2 … the balance breaks in that column too.
    assert [(f.column, f.expected, f.actual) for f in failures if f.check == "balance"] == [("总计", 41, 40)]


def test_an_outcome_total_that_is_not_the_sum_of_every_sub_row_is_named():
    report = with_table_three_cell(consistent_report(), ReplyOutcome.NOT_HANDLED_REPEAT, N, 2)
    failures = fmt.cross_checks(report)
    outcome_total = [f for f in failures if f.check == "outcome_total"]
    assert [(f.row, f.column, f.expected, f.actual) for f in outcome_total] == [
        ("（七）总计", "自然人", 32, 31)
    ]
    assert outcome_total[0].message == "表三：“自然人”列：（七）总计为31，（一）至（六）各项之和为32"
    assert {f.check for f in failures} == {"outcome_total", "total_column"}  # the sub-row's own 总计 too


def test_new_plus_carried_in_not_equal_to_concluded_plus_carried_out_is_named():
    report = with_table_three_cell(consistent_report(), CountRow.CARRIED_FORWARD, C, 2)
    report = with_table_three_cell(report, CountRow.CARRIED_FORWARD, ApplicantColumn.TOTAL, 3)
    failures = fmt.cross_checks(report)
    assert [(f.row, f.column, f.expected, f.actual) for f in failures] == [
        (fmt.BALANCE_ROW, "商业企业", 5, 6),
        (fmt.BALANCE_ROW, "总计", 40, 41),
    ]
    assert failures[0].message == "表三：“商业企业”列：第一项加第二项之和为5，第三项（七）总计加第四项之和为6"


def test_a_negative_table_three_cell_is_named():
    report = with_table_three_cell(consistent_report(), ReplyOutcome.OTHER, R, -1)
    messages = [f.message for f in fmt.cross_checks(report)]
    assert "表三：“3.其他”的“科研机构”列为-1，件数不能为负数" in messages


def test_a_table_four_total_that_is_not_the_sum_of_its_parts_is_named():
    report = consistent_report()
    cells = dict(report.table4)
    cells[(AppealRoute.LITIGATION_AFTER_RECONSIDERATION, AppealResult.TOTAL)] = 2
    cells[(AppealRoute.RECONSIDERATION, AppealResult.OTHER)] = 1
    failures = fmt.cross_checks(AnnualReport(2026, report.table2, report.table3, cells))
    assert [(f.table, f.row, f.column, f.expected, f.actual) for f in failures] == [
        ("表四", "行政复议", "总计", 4, 3),
        ("表四", "复议后起诉", "总计", 0, 2),
    ]
    assert failures[0].message == "表四“行政复议”的“总计”为3，结果维持、结果纠正、其他结果、尚未审结之和为4"


def test_a_negative_table_four_cell_is_named():
    report = consistent_report()
    cells = dict(report.table4)
    cells[(AppealRoute.LITIGATION_DIRECT, AppealResult.UPHELD)] = -1
    cells[(AppealRoute.LITIGATION_DIRECT, AppealResult.TOTAL)] = 0
    failures = fmt.cross_checks(AnnualReport(2026, report.table2, report.table3, cells))
    assert [f.message for f in failures] == ["表四“未经复议直接起诉”的“结果维持”为-1，件数不能为负数"]


def test_table_two_figures_must_be_counts_and_an_amount():
    report = consistent_report()
    table2 = fmt.build_table_two(normative_documents=(2, -1, 9), penalty=61, fee_amount="-0.5")
    failures = fmt.cross_checks(AnnualReport(2026, table2, report.table3, report.table4))
    assert [(f.table, f.row, f.column, f.actual) for f in failures] == [
        ("表二", "行政规范性文件", "本年废止件数", -1),
        ("表二", "行政事业性收费", "本年收费金额（单位：万元）", Decimal("-0.5")),
    ]
    assert failures[0].message == "表二“行政规范性文件”的“本年废止件数”为-1，件数应为不小于0的整数"
    assert (
        failures[1].message == "表二“行政事业性收费”的“本年收费金额（单位：万元）”为-0.5，金额应为不小于0的数"
    )


def test_table_two_rows_hold_exactly_their_block_columns():
    figures = {row: dict(cells) for row, cells in consistent_report().table2.figures.items()}
    figures[fmt.TableTwoRow.PENALTY][fmt.TableTwoColumn.ISSUED] = 1
    with pytest.raises(ValueError, match="表二“行政处罚”应当且只能填写：本年处理决定数量"):
        fmt.TableTwo(figures)


# --- JSON shape ---------------------------------------------------------------------------------------


def test_json_shape_of_the_cli_contract():
    data = fmt.to_json(consistent_report())
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert set(data) == {"year", "table2", "table3", "table4"}
    assert data["year"] == 2026
    assert data["table2"] == {
        "规章": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
        "行政规范性文件": {"本年制发件数": 2, "本年废止件数": 1, "现行有效件数": 9},
        "行政许可": {"本年处理决定数量": 143},
        "行政处罚": {"本年处理决定数量": 61},
        "行政强制": {"本年处理决定数量": 4},
        "行政事业性收费": {"本年收费金额（单位：万元）": 0.0},
    }
    table3 = data["table3"]
    assert table3["columns"] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert table3["new"] == [30, 4, 0, 2, 1, 0, 37]
    assert table3["carried_in"] == [2, 1, 0, 0, 0, 0, 3]
    assert table3["outcomes_total"] == [31, 4, 0, 2, 1, 0, 38]
    assert table3["carried_out"] == [1, 1, 0, 0, 0, 0, 2]
    assert len(table3["outcomes"]) == 21  # 2 + 8 + 3 + 5 + 3 rows of 三、本年度办理结果
    assert table3["outcomes"][2] == {"group": "（三）不予公开", "row": "1.属于国家秘密", "values": [0] * 7}
    assert data["table4"] == {
        "行政复议": {"结果维持": 2, "结果纠正": 1, "其他结果": 0, "尚未审结": 0, "总计": 3},
        "行政诉讼": {
            "未经复议直接起诉": {"结果维持": 0, "结果纠正": 0, "其他结果": 0, "尚未审结": 1, "总计": 1},
            "复议后起诉": {"结果维持": 0, "结果纠正": 0, "其他结果": 0, "尚未审结": 0, "总计": 0},
        },
    }


def test_json_round_trip_keeps_every_figure_and_the_checks_run_on_it():
    report = consistent_report()
    data = json.loads(json.dumps(fmt.to_json(report)))
    again = fmt.from_json(data)
    assert fmt.to_json(again) == fmt.to_json(report)
    assert fmt.cross_checks(again) == []
    data["table3"]["outcomes_total"][0] = 30
    data["table4"]["行政诉讼"]["复议后起诉"]["总计"] = 1
    assert [
        (f.table, f.check, f.column, f.expected, f.actual) for f in fmt.cross_checks(fmt.from_json(data))
    ] == [
        ("表三", "total_column", "总计", 37, 38),  # the （七）总计 row's own 总计 column
        ("表三", "outcome_total", "自然人", 31, 30),
        ("表三", "balance", "自然人", 32, 31),
        ("表四", "total", "总计", 0, 1),
    ]


def test_fee_amount_survives_json_exactly():
    report = consistent_report()
    table2 = fmt.build_table_two(fee_amount="12.3456")
    data = json.loads(json.dumps(fmt.to_json(AnnualReport(2026, table2, report.table3, report.table4))))
    assert data["table2"]["行政事业性收费"]["本年收费金额（单位：万元）"] == 12.3456
    assert fmt.from_json(data).table2.cell(fmt.TableTwoRow.FEES, fmt.TableTwoColumn.FEE_AMOUNT) == Decimal(
        "12.3456"
    )


def broken(path: tuple, value):
    data = fmt.to_json(consistent_report())
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "“年度报告”应为JSON对象"),
        (broken(("year",), "2026"), "缺少“year”"),
        (broken(("table2",), None), "“table2”应为JSON对象"),
        (
            broken(("table2", "行政许可", "本年处理决定数量"), 1.5),
            "表二“行政许可”的“本年处理决定数量”应为整数，实为1.5",
        ),
        (broken(("table2", "行政事业性收费", "本年收费金额（单位：万元）"), "many"), "应为数字"),
        (broken(("table3", "columns"), ["自然人", "总计"]), "表三“columns”应为"),
        (broken(("table3", "new"), [1, 2, 3]), "表三“new”应为7个整数的列表"),
        (broken(("table3", "carried_out"), [0, 0, 0, 0, 0, 0, True]), "第7个数应为整数"),
        (broken(("table3", "outcomes"), []), "缺少“（一）予以公开 （一）予以公开”"),
        (broken(("table4", "行政诉讼"), {"复议后起诉": {}}), "table4.行政诉讼.未经复议直接起诉"),
        (broken(("table4", "行政复议", "总计"), None), "表四“行政复议”的“总计”应为整数，实为空值"),
    ],
)
def test_a_json_document_of_the_wrong_shape_is_refused_in_chinese(data, message):
    with pytest.raises(fmt.ShapeError, match=message.replace("（", r"\（").replace("）", r"\）")):
        fmt.from_json(copy.deepcopy(data))


counts = st.integers(min_value=0, max_value=50)
category_counts = st.fixed_dictionaries(dict.fromkeys((N, C, R, W, L, OT), counts))


@given(
    received=category_counts,
    carried_over=category_counts,
    concluded=st.lists(
        st.tuples(st.sampled_from(list(ReplyOutcome)), st.sampled_from([N, C, R, W, L, OT])), max_size=60
    ),
)
def test_a_table_counted_from_cases_always_passes(received, carried_over, concluded):
    """Counted the way the statistics do (四 = what is left), every check holds, through JSON too."""
    outcomes: dict = {}
    used = dict.fromkeys((N, C, R, W, L, OT), 0)
    for outcome, column in concluded:
        if used[column] < received[column] + carried_over[column]:
            used[column] += 1
            outcomes.setdefault(outcome, {}).setdefault(column, 0)
            outcomes[outcome][column] += 1
    carried_forward = {column: received[column] + carried_over[column] - used[column] for column in used}
    table3 = fmt.build_table_three(
        received=received, carried_over=carried_over, outcomes=outcomes, carried_forward=carried_forward
    )
    report = AnnualReport(2027, fmt.build_table_two(), table3)
    assert fmt.cross_checks(report) == []
    assert fmt.cross_checks(fmt.from_json(json.loads(json.dumps(fmt.to_json(report))))) == []
