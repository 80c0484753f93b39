"""Every business action of 依申请公开 through its service: the receipt-date rule per channel, every step of
the statutory clock (the due date always derived from the ledger), permissions, the audit trail and the
recomputation when the working-day calendar changes."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.applications import codes, queries, services
from gongkai.applications.models import (
    Application,
    ClockEvent,
    ExtensionRequest,
    FeeDecision,
    Notice,
    ReplyLetter,
    Status,
)
from gongkai.applications.outcomes import ReplyOutcome
from gongkai.audit.models import AuditRecord
from gongkai.audit.services import verify
from gongkai.core.errors import DomainError
from gongkai.workcalendar import services as calendar_services
from gongkai.workcalendar.models import CalendarYear
from gongkai.workcalendar.queries import get_calendar
from gongkai.workcalendar.workdays import DayKind, SpecialDay

from .conftest import FIXED_TODAY, PERSONAL, organisation, person

pytestmark = pytest.mark.django_db

D = date


def add(day: date, workdays: int) -> date:
    return get_calendar().add_workdays(day, workdays)


def actions(application) -> list[str]:
    return list(
        AuditRecord.objects.filter(target_id=str(application.pk), target_type="applications.application")
        .order_by("seq")
        .values_list("action", flat=True)
    )


def assert_no_personal_data_in_audit() -> None:
    for record in AuditRecord.objects.all():
        text = f"{record.target_repr} {record.before} {record.after}"
        for value in PERSONAL:
            assert value not in text, (record.action, value)


# --- receipt (条例 Art. 31) -------------------------------------------------------------------------


def test_in_person_application_is_received_the_day_it_is_handed_over(register, handler):
    application = register(received_on=FIXED_TODAY)
    assert application.received_on == FIXED_TODAY
    assert application.status == Status.RUNNING
    assert application.due_on == D(2026, 11, 17)  # the 20th working day after Tue 2026-10-20
    assert application.handler == handler
    assert application.tracking_number.startswith("YSQ2026-")
    assert list(application.clock_events.values_list("kind", flat=True)) == ["received"]
    assert application.notices.get().kind == Notice.Kind.ACKNOWLEDGEMENT
    assert actions(application) == ["application.register"]


@pytest.mark.parametrize(
    ("channel", "arrived", "confirmed", "received"),
    [
        ("post_signed", D(2026, 10, 16), None, D(2026, 10, 16)),  # 签收之日
        ("post_ordinary", D(2026, 10, 16), D(2026, 10, 16), D(2026, 10, 16)),  # confirmed the day it came
        ("fax", D(2026, 10, 15), D(2026, 10, 16), D(2026, 10, 16)),  # 双方确认之日
        ("email", D(2026, 10, 15), D(2026, 10, 19), D(2026, 10, 19)),
    ],
)
def test_receipt_date_follows_the_channel_rule(register, channel, arrived, confirmed, received):
    application = register(
        received_on=arrived, channel=channel, confirmed_on=confirmed, backdate_reason="补登"
    )
    assert application.received_on == received
    assert application.due_on == add(received, 20)


@pytest.mark.parametrize(
    ("channel", "arrived", "confirmed", "field", "message"),
    [
        ("in_person", FIXED_TODAY + timedelta(days=1), None, "arrived_on", "收件日期不能晚于今天"),
        ("fax", FIXED_TODAY, None, "confirmed_on", "须填写与申请人确认的日期"),
        (
            "post_ordinary",
            FIXED_TODAY,
            FIXED_TODAY + timedelta(days=1),
            "confirmed_on",
            "确认日期不能晚于今天",
        ),
        ("email", FIXED_TODAY, FIXED_TODAY - timedelta(days=1), "confirmed_on", "确认日期不能早于收件日期"),
    ],
)
def test_future_or_inconsistent_receipt_dates_are_refused(
    handler, today, channel, arrived, confirmed, field, message
):
    with pytest.raises(DomainError, match=message) as error:
        services.register_application(
            actor=handler, channel=channel, data=person(), arrived_on=arrived, confirmed_on=confirmed
        )
    assert error.value.field == field
    assert not Application.objects.exists()


def test_back_dating_needs_a_reason_and_is_audited(handler, today):
    earlier = D(2026, 10, 14)
    with pytest.raises(DomainError, match="请说明补登原因") as error:
        services.register_application(actor=handler, channel="in_person", data=person(), arrived_on=earlier)
    assert error.value.field == "backdate_reason"
    submitted = services.register_application(
        actor=handler,
        channel="in_person",
        data=person(),
        arrived_on=earlier,
        backdate_reason="窗口系统故障，补录",
    )
    record = AuditRecord.objects.get(action="application.backdate")
    assert json.loads(record.after) == {
        "days": 6,
        "reason": "窗口系统故障，补录",
        "received_on": "2026-10-14",
        "registered_on": "2026-10-20",
    }
    assert record.target_id == str(submitted.application.pk)


def test_online_submission_counts_as_received_when_both_sides_confirm(handler, today, set_today):
    submitted = services.submit_application(data=person())
    application = submitted.application
    assert application.status == Status.SUBMITTED
    assert application.received_on is None and application.due_on is None
    assert codes.check_code(submitted.query_code, application.query_code_hash)
    assert submitted.query_code not in application.query_code_hash
    set_today(D(2026, 10, 22))
    services.confirm_submission(
        actor=handler, application=application, confirmed_on=D(2026, 10, 21), backdate_reason="次日补录"
    )
    application.refresh_from_db()
    assert application.received_on == D(2026, 10, 21)
    assert application.due_on == add(D(2026, 10, 21), 20)
    assert actions(application) == ["application.submit", "application.confirm", "application.backdate"]
    with pytest.raises(DomainError, match="已登记或已作废"):
        services.confirm_submission(actor=handler, application=application, confirmed_on=D(2026, 10, 21))


def test_void_submission_is_never_counted(handler, today):
    application = services.submit_application(data=person()).application
    with pytest.raises(DomainError, match="作废原因"):
        services.void_submission(actor=handler, application=application, reason=" ")
    services.void_submission(actor=handler, application=application, reason="测试提交")
    application.refresh_from_db()
    assert application.status == Status.VOID
    assert not Application.objects.received().exists()


def test_invalid_applicant_data_is_refused_by_the_service_too(handler, today):
    with pytest.raises(DomainError) as error:
        services.submit_application(data=person(id_number="110105194912310021"))
    assert error.value.field == "id_number"


def test_tracking_numbers_are_sequential_per_year(register):
    numbers = [register().tracking_number for _ in range(3)]
    assert numbers == ["YSQ2026-00001", "YSQ2026-00002", "YSQ2026-00003"]


def test_the_audit_trail_holds_no_personal_data_and_stays_intact(register, handler, leader, legal):
    application = register()
    services.request_extension(actor=handler, application=application, workdays=5, reason="需要检索档案")
    services.draft_reply(actor=handler, application=application, outcome="unavailable_not_held")
    assert_no_personal_data_in_audit()
    assert verify().ok


# --- 补正 (条例 Art. 30) ------------------------------------------------------------------------------


def test_supplement_notice_stops_the_clock_and_the_supplement_restarts_it(register, handler, set_today):
    application = register(received_on=D(2026, 10, 12), backdate_reason="补登")
    recorded = services.request_supplement(
        actor=handler,
        application=application,
        issued_on=D(2026, 10, 14),
        deadline=D(2026, 10, 30),
        items="请写明企业名称",
    )
    assert recorded.warnings == ()
    application.refresh_from_db()
    assert application.status == Status.AWAITING_SUPPLEMENT
    assert application.due_on is None
    notice = application.notices.get(kind=Notice.Kind.SUPPLEMENT)
    assert notice.deadline == D(2026, 10, 30) and "请写明企业名称" in notice.body
    assert "条例》第三十条" in notice.body

    recorded = services.record_supplement(actor=handler, application=application, received_on=D(2026, 10, 19))
    application.refresh_from_db()
    assert application.status == Status.RUNNING
    assert application.due_on == add(D(2026, 10, 19), 20)  # restarts from the supplement, not a pause
    assert "application.clock.supplement_requested" in actions(application)
    assert "application.clock.supplement_received" in actions(application)


def test_supplement_notice_after_seven_working_days_is_refused(register, handler):
    """条例 Art. 30: only a notice within 7 working days restarts the clock (more: test_statutory_clock)."""
    application = register(received_on=D(2026, 9, 28), backdate_reason="补登")
    limit = add(D(2026, 9, 28), 7)
    assert limit == D(2026, 10, 13)  # the National Day week does not count; Sat 10-10 does
    with pytest.raises(DomainError, match="7个工作日"):
        services.request_supplement(
            actor=handler,
            application=application,
            issued_on=D(2026, 10, 14),
            deadline=D(2026, 10, 30),
            items="补正",
        )
    assert not application.clock_events.filter(kind="supplement_requested").exists()


def test_supplement_can_be_requested_only_once(register, handler):
    application = register(received_on=D(2026, 10, 12), backdate_reason="补登")
    services.request_supplement(
        actor=handler,
        application=application,
        issued_on=D(2026, 10, 13),
        deadline=D(2026, 10, 20),
        items="补正",
    )
    services.record_supplement(actor=handler, application=application, received_on=D(2026, 10, 15))
    with pytest.raises(DomainError, match="一次性告知"):
        services.request_supplement(
            actor=handler,
            application=application,
            issued_on=D(2026, 10, 16),
            deadline=D(2026, 10, 20),
            items="再补",
        )


def test_no_supplement_by_the_deadline_is_suggested_for_closing_not_closed(register, handler):
    application = register(received_on=D(2026, 9, 28), backdate_reason="补登")
    services.request_supplement(
        actor=handler,
        application=application,
        issued_on=D(2026, 9, 29),
        deadline=D(2026, 10, 16),
        items="补正",
    )
    attention = queries.needing_attention()
    assert [item.kind for item in attention] == ["close"]
    assert "其他处理" in attention[0].message
    application.refresh_from_db()
    assert application.status == Status.AWAITING_SUPPLEMENT  # suggested, not applied

    with pytest.raises(DomainError, match="尚不符合"):
        services.close_application(
            actor=handler,
            application=application,
            outcome="other_no_supplement",
            closed_on=D(2026, 10, 16),
            reason="x",
        )
    services.close_application(
        actor=handler,
        application=application,
        outcome="other_no_supplement",
        closed_on=D(2026, 10, 19),
        reason="逾期未补正",
    )
    application.refresh_from_db()
    assert (application.status, application.outcome, application.concluded_on) == (
        Status.CLOSED,
        "other_no_supplement",
        D(2026, 10, 19),
    )
    assert application.notices.filter(kind=Notice.Kind.CLOSURE).exists()


def test_warning_before_the_supplement_notice_limit_passes(register, set_today):
    application = register(received_on=D(2026, 10, 12), backdate_reason="补登")  # limit: 2026-10-21
    set_today(D(2026, 10, 15))
    assert queries.needing_attention() == []
    set_today(D(2026, 10, 19))
    attention = queries.needing_attention()
    assert [(item.application, item.kind) for item in attention] == [(application, "supplement_limit")]
    assert "2026年10月21日" in attention[0].message


# --- consultation (条例 Arts 32–34) -----------------------------------------------------------------


def test_consultation_time_is_not_counted(register, handler, set_today):
    application = register(received_on=D(2026, 9, 1), backdate_reason="补登")
    original_due = application.due_on
    set_today(D(2026, 9, 22))  # within the answer period (else it ends by itself: test_statutory_clock)
    consultation = services.start_consultation(
        actor=handler,
        application=application,
        started_on=D(2026, 9, 8),
        party_kind="third_party",
        party="某化工公司",
    )
    assert consultation.answer_due == add(D(2026, 9, 8), 15)
    application.refresh_from_db()
    assert (application.status, application.due_on) == (Status.IN_CONSULTATION, None)
    assert application.notices.get(kind=Notice.Kind.CONSULTATION).deadline == consultation.answer_due

    services.end_consultation(
        actor=handler, consultation=consultation, ended_on=D(2026, 9, 22), opinion="不同意公开"
    )
    application.refresh_from_db()
    excluded = get_calendar().workdays_between(D(2026, 9, 8), D(2026, 9, 22))
    assert excluded == 11  # Sun 2026-09-20 is a 调休 working day
    assert application.status == Status.RUNNING
    assert application.due_on == add(original_due, excluded)
    with pytest.raises(DomainError, match="已结束"):
        services.end_consultation(
            actor=handler, consultation=consultation, ended_on=D(2026, 9, 23), opinion="再次"
        )


# --- extension (条例 Art. 33) -----------------------------------------------------------------------


def test_extension_is_proposed_by_the_handler_and_approved_by_a_leader(register, handler, leader, legal):
    application = register(received_on=D(2026, 9, 21), backdate_reason="补登")
    original_due = application.due_on
    request = services.request_extension(
        actor=handler, application=application, workdays=15, reason="涉及多个处室"
    )
    with pytest.raises(PermissionDenied):
        services.decide_extension(actor=handler, request=request, approve=True, decided_on=FIXED_TODAY)
    with pytest.raises(PermissionDenied):
        services.decide_extension(actor=legal, request=request, approve=True, decided_on=FIXED_TODAY)
    services.decide_extension(actor=leader, request=request, approve=True, decided_on=D(2026, 10, 15))
    application.refresh_from_db()
    assert application.due_on == add(original_due, 15)
    notice = application.notices.get(kind=Notice.Kind.EXTENSION)
    assert notice.deadline == application.due_on
    assert "延长15个工作日" in notice.body and "政府信息公开工作机构负责人同意" in notice.body
    assert ClockEvent.objects.get(application=application, kind="extended").workdays == 15
    with pytest.raises(DomainError, match="只能延长一次"):
        services.request_extension(actor=handler, application=application, workdays=5, reason="再延")


@pytest.mark.parametrize("workdays", [0, 21])
def test_extension_is_at_most_twenty_working_days(register, handler, workdays):
    with pytest.raises(DomainError, match="1至20个工作日"):
        services.request_extension(actor=handler, application=register(), workdays=workdays, reason="理由")


def test_rejected_extension_changes_nothing_and_needs_a_reason(register, handler, leader):
    application = register()
    request = services.request_extension(actor=handler, application=application, workdays=10, reason="理由")
    with pytest.raises(DomainError, match="审批意见"):
        services.decide_extension(actor=leader, request=request, approve=False, decided_on=FIXED_TODAY)
    services.decide_extension(
        actor=leader, request=request, approve=False, decided_on=FIXED_TODAY, note="应在期限内办结"
    )
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.REJECTED
    assert not application.clock_events.filter(kind="extended").exists()


# --- fees (国办函〔2020〕109号) -------------------------------------------------------------------------


def test_fee_by_volume_is_computed_and_the_wait_is_not_counted(register, handler):
    application = register(
        received_on=D(2026, 9, 1), backdate_reason="补登", data=person(provision_form="paper")
    )
    original_due = application.due_on
    decision = services.issue_fee_notice(
        actor=handler,
        application=application,
        method="by_volume",
        pages=150,
        issued_on=D(2026, 9, 3),
        notice_received_on=D(2026, 9, 4),
    )
    assert decision.amount == Decimal("1700.00")  # 31–100 at 10 元 + 101–150 at 20 元
    assert decision.payment_due == add(D(2026, 9, 4), 20)
    application.refresh_from_db()
    assert (application.status, application.due_on) == (Status.AWAITING_FEE, None)
    notice = application.notices.get(kind=Notice.Kind.FEE)
    assert "1700" in notice.body and notice.deadline == decision.payment_due

    services.record_fee_paid(actor=handler, application=application, paid_on=D(2026, 9, 10), note="缴款书001")
    application.refresh_from_db()
    assert application.status == Status.RUNNING
    assert application.due_on == add(
        original_due, get_calendar().workdays_between(D(2026, 9, 3), D(2026, 9, 10))
    )
    assert FeeDecision.objects.get().state == FeeDecision.State.PAID


def test_fee_wait_counts_when_the_bureau_says_so(register, handler, settings):
    settings.GONGKAI_FEE_WAIT_COUNTS = True
    application = register(
        received_on=D(2026, 9, 1), backdate_reason="补登", data=person(provision_form="paper")
    )
    original_due = application.due_on
    services.issue_fee_notice(
        actor=handler,
        application=application,
        method="by_volume",
        pages=40,
        issued_on=D(2026, 9, 3),
        notice_received_on=D(2026, 9, 3),
    )
    services.record_fee_paid(actor=handler, application=application, paid_on=D(2026, 9, 10))
    application.refresh_from_db()
    assert application.due_on == original_due


def test_fee_by_application_counts_the_applicants_month(register, handler):
    for day in range(1, 11):  # ten earlier applications in September: the 11th is the first charged
        register(
            received_on=D(2026, 9, day) if D(2026, 9, day).weekday() < 5 else D(2026, 9, 1),
            backdate_reason="补登",
        )
    eleventh = register(received_on=D(2026, 9, 14), backdate_reason="补登")
    decision = services.issue_fee_notice(
        actor=handler,
        application=eleventh,
        method="by_application",
        issued_on=D(2026, 9, 15),
        notice_received_on=D(2026, 9, 15),
    )
    assert decision.earlier_this_month == 10
    assert decision.amount == Decimal("100.00")


def test_free_fee_and_collect_in_person_by_volume_are_refused(register, handler):
    application = register(data=person(provision_form="collect"))
    with pytest.raises(DomainError, match="按量计收仅适用于"):
        services.issue_fee_notice(
            actor=handler,
            application=application,
            method="by_volume",
            pages=500,
            issued_on=FIXED_TODAY,
            notice_received_on=FIXED_TODAY,
        )
    with pytest.raises(DomainError, match="无需发出收费通知"):
        services.issue_fee_notice(
            actor=handler,
            application=application,
            method="by_application",
            issued_on=FIXED_TODAY,
            notice_received_on=FIXED_TODAY,
        )


def test_waiver_is_a_decision_with_a_reason(register, handler):
    application = register(
        received_on=D(2026, 9, 1), backdate_reason="补登", data=person(provision_form="paper")
    )
    services.issue_fee_notice(
        actor=handler,
        application=application,
        method="by_volume",
        pages=60,
        issued_on=D(2026, 9, 2),
        notice_received_on=D(2026, 9, 2),
    )
    with pytest.raises(DomainError, match="须写明理由"):
        services.waive_fee(actor=handler, application=application, waived_on=D(2026, 9, 4), reason="")
    services.waive_fee(
        actor=handler, application=application, waived_on=D(2026, 9, 4), reason="申请人生活困难"
    )
    assert FeeDecision.objects.get().state == FeeDecision.State.WAIVED
    assert application.notices.filter(kind=Notice.Kind.FEE_WAIVER).exists()
    application.refresh_from_db()
    assert application.status == Status.RUNNING


def test_unpaid_fee_closes_as_other_2_only_after_the_payment_date(register, handler):
    application = register(
        received_on=D(2026, 9, 1), backdate_reason="补登", data=person(provision_form="paper")
    )
    decision = services.issue_fee_notice(
        actor=handler,
        application=application,
        method="by_volume",
        pages=60,
        issued_on=D(2026, 9, 2),
        notice_received_on=D(2026, 9, 2),
    )
    with pytest.raises(DomainError, match="尚不符合"):
        services.close_application(
            actor=handler,
            application=application,
            outcome="other_fee_unpaid",
            closed_on=decision.payment_due,
            reason="x",
        )
    services.close_application(
        actor=handler,
        application=application,
        outcome="other_fee_unpaid",
        closed_on=decision.payment_due + timedelta(days=1),
        reason="逾期未缴费",
    )
    decision.refresh_from_db()
    assert decision.state == FeeDecision.State.LAPSED


# --- the reply ------------------------------------------------------------------------------------


def test_reply_draft_comes_from_the_outcome_template(register, handler):
    application = register()
    letter = services.draft_reply(
        actor=handler, application=application, outcome="refused_process_information"
    )
    assert letter.state == ReplyLetter.State.DRAFT
    assert "第十六条第二款" in letter.body and application.tracking_number in letter.body
    assert "六十日内向示例市人民政府申请行政复议" in letter.body
    assert all(value not in letter.body for value in PERSONAL)  # the salutation is added when rendering


def test_unfinished_template_cannot_go_to_legal_review(register, handler):
    application = register()
    letter = services.draft_reply(actor=handler, application=application, outcome="partially_disclosed")
    with pytest.raises(DomainError, match="待填写的内容"):
        services.submit_for_legal_review(actor=handler, letter=letter)


def test_legal_review_is_mandatory_and_not_by_the_drafter(register, handler, legal, leader, make_staff):
    application = register()
    letter = services.draft_reply(actor=handler, application=application, outcome="unavailable_not_held")
    with pytest.raises(DomainError, match="须经法律审查通过"):
        services.sign_reply(actor=leader, letter=letter, signed_on=FIXED_TODAY)
    services.submit_for_legal_review(actor=handler, letter=letter)
    with pytest.raises(PermissionDenied):
        services.review_reply(actor=handler, letter=letter, approve=True, opinion="同意")
    both = make_staff("request_handler", "legal_reviewer", username="both")
    ReplyLetter.objects.filter(pk=letter.pk).update(drafted_by=both)
    with pytest.raises(DomainError, match="拟稿人不能审查"):
        services.review_reply(actor=both, letter=letter, approve=True, opinion="同意")
    with pytest.raises(DomainError, match="正在法律审查中"):
        services.draft_reply(
            actor=handler, application=application, outcome="unavailable_not_held", body="改"
        )
    services.review_reply(actor=legal, letter=letter, approve=False, opinion="依据引用不全")
    letter.refresh_from_db()
    assert letter.state == ReplyLetter.State.RETURNED


def test_editing_after_legal_review_requires_a_new_review(register, handler, legal, leader):
    application = register()
    letter = services.draft_reply(actor=handler, application=application, outcome="unavailable_not_held")
    services.submit_for_legal_review(actor=handler, letter=letter)
    services.review_reply(actor=legal, letter=letter, approve=True, opinion="同意")
    services.draft_reply(
        actor=handler,
        application=application,
        outcome="unavailable_not_held",
        body=letter.body + "补充一句。",
    )
    letter.refresh_from_db()
    assert letter.state == ReplyLetter.State.DRAFT
    with pytest.raises(DomainError, match="须经法律审查通过"):
        services.sign_reply(actor=leader, letter=letter, signed_on=FIXED_TODAY)


def test_signed_and_delivered_reply_ends_the_clock(
    register, handler, legal, leader, django_capture_on_commit_callbacks, mailoutbox
):
    application = register(received_on=D(2026, 9, 21), backdate_reason="补登")
    letter = services.draft_reply(actor=handler, application=application, outcome="disclosed")
    services.submit_for_legal_review(actor=handler, letter=letter)
    with pytest.raises(PermissionDenied):
        services.sign_reply(actor=handler, letter=letter, signed_on=FIXED_TODAY)
    services.review_reply(actor=legal, letter=letter, approve=True, opinion="合法")
    with pytest.raises(DomainError, match="尚未签发"):
        services.record_delivery(
            actor=handler, application=application, method="email", delivered_on=FIXED_TODAY
        )
    letter = services.sign_reply(actor=leader, letter=letter, signed_on=D(2026, 10, 19))
    assert letter.document_number == "示例市生态环境局依申请公开答〔2026〕1号"
    assert letter.docx and letter.pdf and letter.public_pdf
    with pytest.raises(DomainError, match="不能早于签发日期"):
        services.record_delivery(
            actor=handler, application=application, method="email", delivered_on=D(2026, 10, 16)
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.record_delivery(
            actor=handler, application=application, method="email", delivered_on=D(2026, 10, 19)
        )
    application.refresh_from_db()
    assert (application.status, application.outcome, application.concluded_on) == (
        Status.REPLIED,
        "disclosed",
        D(2026, 10, 19),
    )
    assert application.due_on == add(D(2026, 9, 21), 20)  # kept for the on-time rate
    reply_mail = [m for m in mailoutbox if "答复书" in m.subject]
    assert reply_mail and reply_mail[0].attachments[0][2] == "application/pdf"
    assert actions(application)[-4:] == [
        "application.legal_review",
        "application.reply_sign",
        "application.clock.replied",
        "application.deliver",
    ]
    with pytest.raises(DomainError, match="不能进行此操作"):
        services.request_extension(actor=handler, application=application, workdays=3, reason="x")


def test_closing_as_other_3_needs_a_reason_and_only_other_outcomes_close(register, handler):
    application = register()
    with pytest.raises(DomainError, match="须出具答复书"):
        services.close_application(
            actor=handler, application=application, outcome="disclosed", closed_on=FIXED_TODAY, reason="x"
        )
    with pytest.raises(DomainError, match="理由"):
        services.close_application(
            actor=handler, application=application, outcome="other", closed_on=FIXED_TODAY, reason=""
        )
    services.close_application(
        actor=handler,
        application=application,
        outcome="other",
        closed_on=FIXED_TODAY,
        reason="申请人撤回申请",
    )
    application.refresh_from_db()
    assert application.status == Status.CLOSED and application.outcome == ReplyOutcome.OTHER


# --- permissions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["legal_reviewer", "leader", "administrator", "editor"])
def test_only_handlers_register_and_act_on_cases(make_staff, register, role):
    user = make_staff(role)
    application = register()
    with pytest.raises(PermissionDenied):
        services.register_application(actor=user, channel="in_person", data=person(), arrived_on=FIXED_TODAY)
    with pytest.raises(PermissionDenied):
        services.request_supplement(
            actor=user, application=application, issued_on=FIXED_TODAY, deadline=FIXED_TODAY, items="x"
        )
    with pytest.raises(PermissionDenied):
        services.draft_reply(actor=user, application=application, outcome="disclosed")


def test_appeals_are_recorded_by_handlers_or_legal_reviewers(register, legal, leader):
    application = register()
    with pytest.raises(PermissionDenied):
        services.record_appeal(
            actor=leader,
            application=application,
            route="reconsideration",
            body="示例市人民政府",
            filed_on=FIXED_TODAY,
        )
    with pytest.raises(DomainError, match="须填写审结日期"):
        services.record_appeal(
            actor=legal,
            application=application,
            route="reconsideration",
            body="示例市人民政府",
            filed_on=FIXED_TODAY,
            result="upheld",
        )
    appeal = services.record_appeal(
        actor=legal,
        application=application,
        route="litigation_direct",
        body="示例市中级人民法院",
        filed_on=D(2026, 10, 1),
    )
    services.update_appeal(actor=legal, appeal=appeal, result="corrected", decided_on=D(2026, 10, 19))
    appeal.refresh_from_db()
    assert (appeal.result, appeal.decided_on) == ("corrected", D(2026, 10, 19))


# --- the calendar changes: due dates follow -------------------------------------------------------


def test_due_dates_are_recomputed_when_the_calendar_changes(
    register, make_staff, django_capture_on_commit_callbacks
):
    application = register(received_on=D(2026, 10, 12), backdate_reason="补登")
    assert application.due_on == D(2026, 11, 9)
    administrator = make_staff("administrator")
    year = CalendarYear.objects.get(year=2026)
    days = [SpecialDay(day.day, DayKind(day.kind), day.name) for day in year.days.all()]
    days.append(SpecialDay(D(2026, 10, 28), DayKind.HOLIDAY, "示例市特别假日"))
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.save_year(actor=administrator, year=2026, days=days, notice="测试")
    application.refresh_from_db()
    assert application.due_on == D(2026, 11, 10)  # one working day fewer before the due date


def test_missing_next_year_gives_a_provisional_due_date_recomputed_when_entered(
    register, set_today, django_capture_on_commit_callbacks, make_staff
):
    """More scenarios: test_statutory_clock.py (next year's calendar)."""
    set_today(D(2026, 12, 21))
    application = register(received_on=D(2026, 12, 21))
    # weekends and the statutory 元旦 of 2027 (provisional): 2027-01-19, marked 暂定
    assert application.due_on == D(2027, 1, 19) and application.calendar_missing_year == 2027
    assert application.status == Status.RUNNING
    notice = application.notices.get(kind=Notice.Kind.ACKNOWLEDGEMENT)
    assert "2027年1月19日前（暂定" in notice.body
    administrator = make_staff("administrator")
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.save_year(
            actor=administrator,
            year=2027,
            days=[SpecialDay(D(2027, 1, 1), DayKind.HOLIDAY, "元旦")],
            notice="国务院办公厅关于2027年部分节假日安排的通知",
        )
    application.refresh_from_db()
    assert application.calendar_missing_year is None
    assert application.due_on == D(2027, 1, 19)


def test_ledger_rules_hold_without_the_next_years_calendar(register, set_today, handler):
    set_today(D(2026, 12, 28))
    application = register(received_on=D(2026, 12, 21), backdate_reason="补登")
    services.start_consultation(
        actor=handler,
        application=application,
        started_on=D(2026, 12, 22),
        party_kind="agency",
        party="市水务局",
    )
    with pytest.raises(DomainError, match="补正通知应当在征求意见"):
        services.request_supplement(
            actor=handler,
            application=application,
            issued_on=D(2026, 12, 23),
            deadline=D(2026, 12, 31),
            items="x",
        )


# --- repeated applications ------------------------------------------------------------------------


def test_repeated_applications_are_suggested_and_linked_by_the_handler(register, handler, legal, leader):
    earlier = register(received_on=D(2026, 9, 1), backdate_reason="补登")
    letter = services.draft_reply(actor=handler, application=earlier, outcome="unavailable_not_held")
    services.submit_for_legal_review(actor=handler, letter=letter)
    services.review_reply(actor=legal, letter=letter, approve=True, opinion="同意")
    services.sign_reply(actor=leader, letter=letter, signed_on=D(2026, 9, 10))
    services.record_delivery(actor=handler, application=earlier, method="direct", delivered_on=D(2026, 9, 10))
    other_person = register(data=person(id_number=APPLICANT_OTHER_ID))
    again = register()
    candidates = queries.repeat_candidates(again)
    assert [candidate.application for candidate in candidates] == [earlier]
    assert queries.repeat_candidates(other_person) == []
    services.link_repeat(actor=handler, application=again, related=earlier, note="同一信息")
    assert queries.repeat_candidates(again) == []
    body = services.draft_text(again, ReplyOutcome.NOT_HANDLED_REPEAT)
    assert earlier.tracking_number in body and "第三十六条第（六）项" in body
    with pytest.raises(DomainError, match="已关联"):
        services.link_repeat(actor=handler, application=again, related=earlier)


APPLICANT_OTHER_ID = "110105198001010016"


def test_organisations_are_counted_in_their_column(register):
    application = register(data=organisation("research"))
    assert application.applicant_column.label == "科研机构"
