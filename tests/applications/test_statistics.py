"""Tables 三 and 四 of the annual report computed from the cases: counting across year boundaries, the
format's cross-checks, and the XLSX export with every label verbatim."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gongkai.applications import services, statistics
from gongkai.applications.models import Appeal, Application, Status
from gongkai.applications.outcomes import (
    TABLE_THREE_NOTE,
    TABLE_THREE_ROWS,
    AppealResult,
    AppealRoute,
    ApplicantColumn,
    CountRow,
    ReplyOutcome,
)

from .conftest import organisation, person

pytestmark = pytest.mark.django_db

C = ApplicantColumn


def close(handler, application, outcome: str, day: date):
    services.close_application(
        actor=handler, application=application, outcome=outcome, closed_on=day, reason="申请人撤回"
    )


def reply(handler, legal, leader, application, outcome: str, day: date):
    services.draft_reply(actor=handler, application=application, outcome=outcome)
    letter = services.submit_for_legal_review(actor=handler, letter=application.reply)
    services.review_reply(actor=legal, letter=letter, approve=True, opinion="同意")
    services.sign_reply(actor=leader, letter=letter, signed_on=day)
    services.record_delivery(actor=handler, application=application, method="direct", delivered_on=day)


@pytest.fixture
def history(register, handler, legal, leader, set_today):
    """Cases over the 2025/2026 boundary, made with the services on the days they happened."""
    set_today(date(2025, 11, 3))
    withdrawn = register(received_on=date(2025, 11, 3), data=organisation("commercial"))
    set_today(date(2025, 11, 20))
    close(handler, withdrawn, "other", date(2025, 11, 20))
    set_today(date(2025, 12, 15))
    across = register(received_on=date(2025, 12, 15))
    set_today(date(2026, 1, 8))
    reply(handler, legal, leader, across, "disclosed", date(2026, 1, 8))
    set_today(date(2026, 3, 2))
    secret = register(received_on=date(2026, 3, 2), data=organisation("research"))
    set_today(date(2026, 3, 20))
    close(handler, secret, "other", date(2026, 3, 20))
    set_today(date(2026, 10, 20))
    open_case = register(
        received_on=date(2026, 10, 12), data=organisation("legal_services"), backdate_reason="补登"
    )
    services.submit_application(data=person())  # online, not yet registered: not counted
    voided = services.submit_application(data=person()).application
    services.void_submission(actor=handler, application=voided, reason="重复提交")
    return {"withdrawn": withdrawn, "across": across, "secret": secret, "open": open_case}


def test_table_three_counts_across_the_year_boundary(history):
    t2025 = statistics.table_three(2025)
    assert t2025.cell(CountRow.RECEIVED, C.NATURAL_PERSON) == 1
    assert t2025.cell(CountRow.RECEIVED, C.COMMERCIAL_ENTERPRISE) == 1
    assert t2025.cell(CountRow.RECEIVED, C.TOTAL) == 2
    assert t2025.cell(ReplyOutcome.OTHER, C.COMMERCIAL_ENTERPRISE) == 1
    assert t2025.cell(CountRow.CARRIED_FORWARD, C.NATURAL_PERSON) == 1
    assert t2025.violations == []

    t2026 = statistics.table_three(2026)
    assert t2026.cell(CountRow.CARRIED_OVER, C.NATURAL_PERSON) == 1
    assert t2026.cell(CountRow.RECEIVED, C.TOTAL) == 2  # research + legal services; online/voided not counted
    assert t2026.cell(ReplyOutcome.DISCLOSED, C.NATURAL_PERSON) == 1
    assert t2026.cell(ReplyOutcome.OTHER, C.RESEARCH_INSTITUTION) == 1
    assert t2026.cell(CountRow.OUTCOME_TOTAL, C.TOTAL) == 2
    assert t2026.cell(CountRow.CARRIED_FORWARD, C.LEGAL_SERVICE_PROVIDER) == 1
    assert t2026.violations == []


def test_the_public_summary_and_the_on_time_rate(history):
    summary = statistics.year_summary(2026)
    assert (summary.received, summary.concluded, summary.replied, summary.on_time) == (2, 2, 1, 1)
    assert dict(summary.by_group)["予以公开"] == 1


def bare(
    received: date, concluded: date | None, outcome: ReplyOutcome | None, kind: str, number: int
) -> Application:
    organisation_kind = "" if kind == "natural_person" else kind
    status = (
        Status.RUNNING
        if concluded is None
        else (Status.CLOSED if outcome.group.value == "other" else Status.REPLIED)
    )
    return Application(
        tracking_number=f"T{number:06d}",
        query_code_hash="x",
        channel="in_person",
        applicant_type="natural_person" if kind == "natural_person" else "organisation",
        organisation_kind=organisation_kind,
        name="某",
        id_type="other",
        id_number=str(number),
        phone="13900000000",
        description="某信息",
        provision_form="paper",
        delivery_method="post",
        submitted_at=timezone.now(),
        received_on=received,
        status=status,
        outcome=outcome.value if outcome else "",
        concluded_on=concluded,
        applicant_key=f"other:{number}",
    )


KINDS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other"]
case_strategy = st.tuples(
    st.dates(date(2024, 6, 1), date(2026, 12, 31)),
    st.one_of(st.none(), st.integers(0, 200)),
    st.sampled_from(list(ReplyOutcome)),
    st.sampled_from(KINDS),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=st.lists(case_strategy, max_size=30))
def test_every_year_passes_the_cross_checks(cases):
    """Whatever the history, every year's table balances: 一 + 二 = 三（七） + 四 in every column."""
    Application.objects.all().delete()
    Application.objects.bulk_create(
        bare(received, None if delay is None else received + timedelta(days=delay), outcome, kind, number)
        for number, (received, delay, outcome, kind) in enumerate(cases)
    )
    for year in (2024, 2025, 2026, 2027):
        table = statistics.table_three(year)
        assert table.violations == [], year
        carried = table.cell(CountRow.CARRIED_FORWARD, C.TOTAL)
        assert carried == sum(
            1
            for received, delay, _o, _k in cases
            if received.year <= year and (delay is None or (received + timedelta(days=delay)).year > year)
        )


def test_table_four_counts_the_result_as_it_stood_at_the_end_of_the_year(register, legal, set_today):
    application = register(received_on=date(2025, 3, 3))
    set_today(date(2026, 10, 20))
    services.record_appeal(
        actor=legal,
        application=application,
        route="reconsideration",
        body="示例市人民政府",
        filed_on=date(2025, 12, 1),
        result="upheld",
        decided_on=date(2026, 1, 15),
    )
    services.record_appeal(
        actor=legal,
        application=application,
        route="litigation_after_reconsideration",
        body="示例市中级人民法院",
        filed_on=date(2026, 2, 1),
        result="corrected",
        decided_on=date(2026, 6, 1),
    )
    services.record_appeal(
        actor=legal,
        application=application,
        route="litigation_direct",
        body="示例市某区人民法院",
        filed_on=date(2026, 9, 1),
    )
    four_2025 = statistics.table_four(2025)
    assert four_2025[(AppealRoute.RECONSIDERATION, AppealResult.PENDING)] == 1
    assert four_2025[(AppealRoute.RECONSIDERATION, AppealResult.TOTAL)] == 1
    four_2026 = statistics.table_four(2026)
    assert four_2026[(AppealRoute.LITIGATION_AFTER_RECONSIDERATION, AppealResult.CORRECTED)] == 1
    assert four_2026[(AppealRoute.LITIGATION_DIRECT, AppealResult.PENDING)] == 1
    assert four_2026[(AppealRoute.RECONSIDERATION, AppealResult.TOTAL)] == 0
    assert sum(four_2026.values()) == 4  # two cells and their two totals
    assert Appeal.objects.count() == 3


EXPECTED_ROW_LABELS = [
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


def test_the_xlsx_has_the_formats_labels_verbatim(history):
    workbook = load_workbook(io.BytesIO(statistics.statistics_xlsx(2026)))
    three = workbook["表三"]
    assert three["A2"].value == TABLE_THREE_NOTE
    assert three["D2"].value == "申请人情况"
    assert [three.cell(3, c).value for c in (4, 5, 10)] == ["自然人", "法人或其他组织", "总计"]
    assert [three.cell(4, c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    labels = []
    for row in three.iter_rows(min_row=5, max_col=3, values_only=True):
        labels.extend(value for value in row if value)
    assert labels == EXPECTED_ROW_LABELS
    merged = {str(r) for r in three.merged_cells.ranges}
    # 3 header rows + 25 figure rows = the format's 28 rows; 三、本年度办理结果 spans its 22 rows and each
    # group with sub-rows spans them: （三） 8, （四） 3, （五） 5, （六） 3.
    assert {"A2:C4", "D2:J2", "E3:I3", "A7:A28", "B9:B16", "B17:B19", "B20:B24", "B25:B27"} <= merged
    assert three.max_row == 29
    # the figures sit on the row of their label
    first_data = 5
    numeric_rows = {row: first_data + index for index, row in enumerate(TABLE_THREE_ROWS)}
    assert three.cell(numeric_rows[CountRow.RECEIVED], 10).value == 2
    assert three.cell(numeric_rows[ReplyOutcome.DISCLOSED], 4).value == 1
    assert three.cell(numeric_rows[CountRow.CARRIED_FORWARD], 8).value == 1  # 法律服务机构

    four = workbook["表四"]
    assert [four.cell(2, c).value for c in (1, 6)] == ["行政复议", "行政诉讼"]
    assert [four.cell(3, c).value for c in range(1, 6)] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]
    assert [four.cell(3, c).value for c in (6, 11)] == ["未经复议直接起诉", "复议后起诉"]
    assert [four.cell(4, c).value for c in range(6, 16)] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ] * 2
    assert [four.cell(5, c).value for c in range(1, 16)] == [0] * 15
    checks = workbook["勾稽关系校验"]
    assert [row[1] for row in checks.iter_rows(min_row=2, max_row=5, values_only=True)] == ["通过"] * 4


def test_the_staff_table_shows_the_same_labels(history, client_for, handler):
    from django.urls import reverse

    text = client_for(handler).get(reverse("applications:statistics"), {"year": 2026}).text
    for label in EXPECTED_ROW_LABELS:
        assert f">{label}</th>" in text, label
