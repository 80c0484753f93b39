"""Issue 10, "Clock and procedure": each statutory correction as a named scenario, on the pure clock
(real 2024–2026 calendars) and through the services.

条例 = 《中华人民共和国政府信息公开条例》 (2019); see ../shared/domain/regulations.md §1.1."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.applications import clock, queries, services
from gongkai.applications.clock import ClockEvent, ClockStatus, SupplementNotice, compute
from gongkai.applications.models import Status
from gongkai.applications.outcomes import ReplyOutcome
from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.workcalendar.queries import get_calendar

from .conftest import FIXED_TODAY

K = clock.EventKind
D = date


def received(day: date) -> ClockEvent:
    return ClockEvent(K.RECEIVED, day)


# --- A late extension must not extend (条例 Art. 33 ¶1) ---------------------------------------------

# The issue's case: received 2025-09-15, due 2025-10-17 (National Day 10-01..08; Sun 09-28 and Sat 10-11
# are working days). Rows: (extension decided on, reply day, due date, replied late, extension late).
LATE_EXTENSION = [
    pytest.param(D(2025, 10, 16), D(2025, 11, 10), D(2025, 11, 14), False, False, id="before-the-due-day"),
    pytest.param(D(2025, 10, 17), D(2025, 11, 10), D(2025, 11, 14), False, False, id="on-the-due-day"),
    pytest.param(D(2025, 10, 20), D(2025, 11, 10), D(2025, 10, 17), True, True, id="issue-case-after-due"),
    pytest.param(D(2025, 10, 20), D(2025, 10, 17), D(2025, 10, 17), None, True, id="reply-before-late-ext"),
]


@pytest.mark.parametrize(("decided", "replied", "due", "late_reply", "late_extension"), LATE_EXTENSION)
def test_late_extension_does_not_extend(calendar, decided, replied, due, late_reply, late_extension):
    ledger = [received(D(2025, 9, 15)), ClockEvent(K.EXTENDED, decided, workdays=20)]
    before_reply = compute(ledger, calendar, decided)
    assert before_reply.due_date == due
    assert before_reply.extension_late is late_extension
    assert before_reply.is_overdue is (decided > due)
    if late_extension:
        assert any("不产生延长效力" in warning for warning in before_reply.warnings)
    if replied > decided:
        state = compute([*ledger, ClockEvent(K.REPLIED, replied)], calendar, D(2025, 12, 31))
        assert (state.due_date, state.replied_late) == (due, late_reply)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("decided_offset", "refused"),
    [pytest.param(0, False, id="decided-on-the-due-day"), pytest.param(1, True, id="decided-after-due")],
)
def test_late_extension_approval_is_refused(register, handler, leader, decided_offset, refused):
    application = register(received_on=D(2026, 9, 1), backdate_reason="补登")
    original_due = application.due_on
    request = services.request_extension(actor=handler, application=application, workdays=10, reason="量大")
    decided_on = get_calendar().add_workdays(original_due, decided_offset) if decided_offset else original_due
    if refused:
        with pytest.raises(DomainError, match="条例第三十三条第一款") as error:
            services.decide_extension(actor=leader, request=request, approve=True, decided_on=decided_on)
        assert "原答复期限" in error.value.message
        assert not application.clock_events.filter(kind="extended").exists()
        # the head can still record the refusal
        services.decide_extension(
            actor=leader, request=request, approve=False, decided_on=decided_on, note="已超过原答复期限"
        )
        assert AuditRecord.objects.filter(action="application.extension_decide").count() == 1
    else:
        services.decide_extension(actor=leader, request=request, approve=True, decided_on=decided_on)
        application.refresh_from_db()
        assert application.due_on == get_calendar().add_workdays(original_due, 10)


# --- A late 补正 notice does not reset the clock (条例 Art. 30) --------------------------------------

RECEIPT = D(2026, 9, 28)  # the 7-working-day limit for the notice is 2026-10-13; reply due 2026-10-30


@pytest.mark.parametrize(
    ("notice_on", "notice_status", "status_after_notice", "due_after_supplement"),
    [
        # in time: the clock restarts from the supplement's receipt (10-20 → 20 working days → 11-17)
        pytest.param(D(2026, 10, 13), SupplementNotice.ISSUED, ClockStatus.AWAITING_SUPPLEMENT,
                     D(2026, 11, 17), id="notice-on-the-7th-working-day"),
        # late: recorded without effect; the due date stays 20 working days after receipt
        pytest.param(D(2026, 10, 14), SupplementNotice.ISSUED_LATE, ClockStatus.RUNNING,
                     D(2026, 10, 30), id="notice-on-the-8th-working-day"),
    ],
)  # fmt: skip
def test_late_supplement_notice_does_not_reset_the_clock(
    calendar, notice_on, notice_status, status_after_notice, due_after_supplement
):
    notice = ClockEvent(K.SUPPLEMENT_REQUESTED, notice_on, supplement_deadline=D(2026, 10, 19))
    waiting = compute([received(RECEIPT), notice], calendar, D(2026, 10, 16))
    assert (waiting.supplement_notice, waiting.status) == (notice_status, status_after_notice)
    supplemented = [received(RECEIPT), notice, ClockEvent(K.SUPPLEMENT_RECEIVED, D(2026, 10, 20))]
    state = compute(supplemented, calendar, D(2026, 11, 2))
    assert state.due_date == due_after_supplement
    assert state.is_overdue is (D(2026, 11, 2) > due_after_supplement)
    # nothing supplemented by the deadline: only a notice in time leads to closing as 其他处理 1
    idle = compute([received(RECEIPT), notice], calendar, D(2026, 11, 2))
    late = notice_status is SupplementNotice.ISSUED_LATE
    closing = [action.outcome for action in idle.expected_actions if action.kind is clock.ActionKind.CLOSE]
    assert closing == ([] if late else [ReplyOutcome.OTHER_NO_SUPPLEMENT])
    assert idle.is_overdue is late


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("issued_on", "refused"),
    [
        pytest.param(D(2026, 10, 13), False, id="7th-working-day"),
        pytest.param(D(2026, 10, 14), True, id="8th-working-day"),
    ],
)
def test_late_supplement_notice_is_refused(register, handler, issued_on, refused):
    application = register(received_on=RECEIPT, backdate_reason="补登")
    kwargs = {"actor": handler, "application": application, "issued_on": issued_on,
              "deadline": D(2026, 10, 19), "items": "请写明企业名称"}  # fmt: skip
    if refused:
        with pytest.raises(DomainError, match="条例第三十条") as error:
            services.request_supplement(**kwargs)
        assert error.value.field == "issued_on"
        application.refresh_from_db()
        assert application.status == Status.RUNNING
    else:
        services.request_supplement(**kwargs)
        application.refresh_from_db()
        assert (application.status, application.due_on) == (Status.AWAITING_SUPPLEMENT, None)


# --- A consultation or fee notice started after the due date never hides the overdue flag ----------


def _fee_notice(day: date) -> ClockEvent:
    return ClockEvent(K.FEE_NOTICE_ISSUED, day, notice_received=day)


@pytest.mark.parametrize(
    ("pause", "status", "due", "overdue"),
    [
        pytest.param(ClockEvent(K.CONSULTATION_STARTED, D(2026, 10, 29)), ClockStatus.IN_CONSULTATION,
                     None, False, id="consultation-before-due-pauses"),
        pytest.param(ClockEvent(K.CONSULTATION_STARTED, D(2026, 10, 30)), ClockStatus.IN_CONSULTATION,
                     D(2026, 10, 30), True, id="consultation-on-the-due-day-hides-nothing"),
        pytest.param(ClockEvent(K.CONSULTATION_STARTED, D(2026, 11, 3)), ClockStatus.IN_CONSULTATION,
                     D(2026, 10, 30), True, id="consultation-after-due-hides-nothing"),
        pytest.param(_fee_notice(D(2026, 10, 29)), ClockStatus.AWAITING_FEE, None, False,
                     id="fee-notice-before-due-pauses"),
        pytest.param(_fee_notice(D(2026, 11, 3)), ClockStatus.AWAITING_FEE, D(2026, 10, 30), True,
                     id="fee-notice-after-due-hides-nothing"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("fee_wait_counts", [False, True])
def test_pause_after_due_date_never_hides_overdue(calendar, pause, status, due, overdue, fee_wait_counts):
    state = compute([received(RECEIPT), pause], calendar, D(2026, 11, 5), fee_wait_counts=fee_wait_counts)
    assert state.status is status
    assert (state.due_date, state.is_overdue) == (due, overdue)
    if overdue:
        assert state.expected_actions[0].kind is clock.ActionKind.REPLY
        assert state.warnings  # 办理时限已用尽 / 收费通知应当在答复期限内发出


@pytest.mark.django_db
def test_pause_after_due_date_keeps_the_case_in_the_overdue_list(register, handler):
    late = register(received_on=D(2026, 9, 1), backdate_reason="补登")  # due 2026-09-29
    in_time = register(received_on=D(2026, 10, 12), backdate_reason="补登")
    for application in (late, in_time):
        services.start_consultation(
            actor=handler, application=application, started_on=D(2026, 10, 15), party_kind="agency",
            party="市水务局",
        )  # fmt: skip
    late.refresh_from_db()
    in_time.refresh_from_db()
    assert (late.status, late.due_on) == (Status.IN_CONSULTATION, D(2026, 9, 29))
    assert (in_time.status, in_time.due_on) == (Status.IN_CONSULTATION, None)
    assert list(queries.overdue()) == [late]
    assert late.due_on < FIXED_TODAY


# --- 按件 fees count 件, not applications (国办函〔2020〕109号 Art. 4) ------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first_pieces", "how", "second_ordinal", "second_amount"),
    [
        pytest.param(12, "fee_notice", 13, Decimal("100.00"), id="issue-case-split-into-12"),
        pytest.param(10, "set_pieces", 11, Decimal("100.00"), id="first-split-into-10-free-recorded"),
        pytest.param(1, None, 2, None, id="first-not-split-second-free"),
        pytest.param(30, "set_pieces", 31, Decimal("200.00"), id="first-split-into-30-second-in-band-31-40"),
    ],
)  # fmt: skip
def test_fee_by_piece_counts_pieces_not_applications(
    register, handler, first_pieces, how, second_ordinal, second_amount
):
    first = register(received_on=D(2026, 9, 1), backdate_reason="补登")
    if how == "fee_notice":
        services.issue_fee_notice(
            actor=handler, application=first, method="by_application", issued_on=D(2026, 9, 2),
            notice_received_on=D(2026, 9, 2), pieces=first_pieces,
        )  # fmt: skip
    elif how == "set_pieces":
        services.set_pieces(actor=handler, application=first, pieces=first_pieces, reason="一事一申请拆分")
        record = AuditRecord.objects.get(action="application.pieces")
        assert json.loads(record.after)["pieces"] == first_pieces
    first.refresh_from_db()
    assert first.pieces == first_pieces
    second = register(received_on=D(2026, 9, 14), backdate_reason="补登")
    quote, earlier = queries.quote_for(second, method="by_application")
    assert earlier == first_pieces
    assert f"本月第{second_ordinal}件" in quote.explanation
    if second_amount is None:
        assert quote.is_free
        with pytest.raises(DomainError, match="0元"):
            services.issue_fee_notice(
                actor=handler, application=second, method="by_application", issued_on=D(2026, 9, 15),
                notice_received_on=D(2026, 9, 15),
            )  # fmt: skip
    else:
        decision = services.issue_fee_notice(
            actor=handler, application=second, method="by_application", issued_on=D(2026, 9, 15),
            notice_received_on=D(2026, 9, 15),
        )  # fmt: skip
        assert (decision.earlier_this_month, decision.amount) == (first_pieces, second_amount)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pieces", "reason", "field"),
    [(0, "拆分", "pieces"), (1001, "拆分", "pieces"), (3, " ", "reason")],
)
def test_fee_by_piece_split_is_validated_in_chinese(register, handler, pieces, reason, field):
    with pytest.raises(DomainError) as error:
        services.set_pieces(actor=handler, application=register(), pieces=pieces, reason=reason)
    assert error.value.field == field
    assert any("\u4e00" <= char <= "\u9fff" for char in error.value.message)


# --- Third-party consultation: 15 working days from the party's receipt, then the clock resumes -----
# (条例 Art. 32; Art. 34 for other agencies). Received 2026-09-28 (due 10-30 without pauses).


@pytest.mark.parametrize(
    ("sent", "delivered", "today", "status", "answer_due", "due"),
    [
        # sent 10-09, received by the party 10-12: answer by 11-02 (15 working days from 10-12)
        pytest.param(D(2026, 10, 9), D(2026, 10, 12), D(2026, 11, 2), ClockStatus.IN_CONSULTATION,
                     D(2026, 11, 2), None, id="last-day-of-the-answer-period-still-paused"),
        # the period passed in silence: the pause is (10-09, 11-02] = 17 working days → due 11-24
        pytest.param(D(2026, 10, 9), D(2026, 10, 12), D(2026, 11, 3), ClockStatus.RUNNING,
                     None, D(2026, 11, 24), id="silence-resumes-the-clock-by-itself"),
        # delivery not recorded: counted from the day it was sent (answer by 10-29), never frozen
        pytest.param(D(2026, 10, 9), None, D(2026, 10, 30), ClockStatus.RUNNING,
                     None, D(2026, 11, 20), id="no-delivery-date-counts-from-sending"),
    ],
)  # fmt: skip
def test_consultation_resumes_after_fifteen_working_days_from_delivery(
    calendar, sent, delivered, today, status, answer_due, due
):
    ledger = [received(RECEIPT), ClockEvent(K.CONSULTATION_STARTED, sent, delivered=delivered)]
    state = compute(ledger, calendar, today)
    assert state.status is status
    assert state.consultation_answer_due == answer_due
    assert state.due_date == due
    assert bool(state.unanswered_consultations) is (status is ClockStatus.RUNNING)
    # years later the case is not frozen: it is overdue
    assert compute(ledger, calendar, D(2026, 12, 31)).is_overdue


@pytest.mark.parametrize(
    ("answered", "due", "late_warning"),
    [
        # (10-09, 10-20]: Sat 10-10 and 10-12..16, 10-19, 10-20 → 8 working days not counted
        pytest.param(D(2026, 10, 20), D(2026, 11, 11), False, id="opinion-in-time-ends-the-pause"),
        pytest.param(D(2026, 11, 10), D(2026, 11, 24), True, id="late-opinion-ends-nothing-more"),
    ],
)
def test_consultation_opinion_after_the_answer_period_is_late(calendar, answered, due, late_warning):
    ledger = [
        received(RECEIPT),
        ClockEvent(K.CONSULTATION_STARTED, D(2026, 10, 9), delivered=D(2026, 10, 12)),
        ClockEvent(K.CONSULTATION_ENDED, answered),
    ]
    state = compute(ledger, calendar, answered)
    assert (state.status, state.due_date) == (ClockStatus.RUNNING, due)
    assert any("晚于答复意见期限" in warning for warning in state.warnings) is late_warning
    assert state.unanswered_consultations == ()


@pytest.mark.django_db
def test_consultation_silence_reminds_the_handler(register, handler, set_today):
    from gongkai.applications import tasks

    application = register(received_on=RECEIPT, backdate_reason="补登")
    consultation = services.start_consultation(
        actor=handler, application=application, started_on=D(2026, 10, 9), party_kind="third_party",
        party="某化工公司", delivered_on=D(2026, 10, 12),
    )  # fmt: skip
    assert consultation.answer_due == D(2026, 11, 2)
    set_today(D(2026, 11, 3))
    services.recompute(application)
    application.refresh_from_db()
    assert (application.status, application.due_on) == (Status.RUNNING, D(2026, 11, 24))
    attention = [item for item in queries.needing_attention() if item.kind == "consultation"]
    assert [item.application for item in attention] == [application]
    assert "条例第三十二条" in attention[0].message
    lines = tasks.reminder_lines()[handler.pk]
    assert any(application.tracking_number in line and "已自动恢复计算" in line for line in lines)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("delivered_on", "message"),
    [(D(2026, 10, 8), "送达日期不能早于"), (D(2026, 10, 21), "不能晚于今天")],
)
def test_consultation_delivery_date_is_checked(register, handler, delivered_on, message):
    application = register(received_on=RECEIPT, backdate_reason="补登")
    with pytest.raises(DomainError, match=message) as error:
        services.start_consultation(
            actor=handler, application=application, started_on=D(2026, 10, 9), party_kind="agency",
            party="市水务局", delivered_on=delivered_on,
        )  # fmt: skip
    assert error.value.field == "delivered_on"


# --- Art. 35: a reasonable later deadline is an event with its own date ------------------------------


@pytest.mark.parametrize(
    ("deadline", "today", "due", "overdue"),
    [
        pytest.param(D(2026, 12, 15), D(2026, 11, 20), D(2026, 12, 15), False, id="past-33-not-overdue"),
        pytest.param(D(2026, 12, 15), D(2026, 12, 15), D(2026, 12, 15), False, id="on-the-later-deadline"),
        pytest.param(D(2026, 12, 15), D(2026, 12, 16), D(2026, 12, 15), True, id="after-the-later-deadline"),
        pytest.param(D(2026, 10, 20), D(2026, 10, 29), D(2026, 10, 30), False, id="earlier-ignored"),
    ],
)  # fmt: skip
def test_art35_later_deadline_case_not_overdue(calendar, deadline, today, due, overdue):
    ledger = [received(RECEIPT), ClockEvent(K.LATER_DEADLINE, D(2026, 10, 16), deadline=deadline)]
    state = compute(ledger, calendar, today)
    assert (state.status, state.due_date, state.is_overdue) == (ClockStatus.RUNNING, due, overdue)
    assert state.later_deadline == deadline
    replied = compute([*ledger, ClockEvent(K.REPLIED, D(2026, 12, 10))], calendar, D(2026, 12, 31))
    assert replied.replied_late is (D(2026, 12, 10) > due)


@pytest.mark.django_db
def test_art35_later_deadline_is_set_by_the_office_head_with_a_notice(register, handler, leader, set_today):
    application = register(received_on=RECEIPT, backdate_reason="补登")
    kwargs = {"application": application, "decided_on": D(2026, 10, 16), "deadline": D(2026, 12, 15),
              "reason": "申请涉及近十年全部监测报告，数量巨大"}  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.set_later_deadline(actor=handler, **kwargs)
    with pytest.raises(DomainError, match="应晚于当前答复期限") as error:
        services.set_later_deadline(actor=leader, **{**kwargs, "deadline": D(2026, 10, 30)})
    assert error.value.field == "deadline"
    services.set_later_deadline(actor=leader, **kwargs)
    set_today(D(2026, 11, 20))  # past the Art. 33 limit (10-30), before the later deadline
    services.recompute(application)
    application.refresh_from_db()
    assert (application.status, application.due_on) == (Status.RUNNING, D(2026, 12, 15))
    assert application not in queries.overdue()
    notice = application.notices.get(kind="later_deadline")
    assert "第三十五条" in notice.body and "2026年12月15日" in notice.body
    assert AuditRecord.objects.filter(action="application.clock.later_deadline").count() == 1


# --- 复议机关 in the reply letter comes from the organisation setting ---------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "setting", "expected"),
    [
        pytest.param("上海市浦东新区生态环境局", "", "向上海市浦东新区人民政府申请行政复议", id="district"),
        pytest.param("某某生态环境局", "", "【行政复议机关（请在机构信息中设置）】", id="unknown"),
        pytest.param("某某生态环境局", "某某县人民政府", "向某某县人民政府申请行政复议", id="setting"),
    ],
)  # fmt: skip
def test_reconsideration_body_in_the_reply_draft(register, name, setting, expected):
    from gongkai.core.models import Organisation

    organisation = Organisation.current()
    organisation.name, organisation.reconsideration_body = name, setting
    organisation.save()
    body = queries.draft_text(register(), ReplyOutcome.DISCLOSED)
    assert expected in body


# --- Next year's calendar: provisional dates over weekends and statutory holidays (暂定) -------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # 春节 2027-02-06 (除夕 02-05), 清明 04-05, 端午 06-09, 中秋 09-15
        pytest.param(2027, ["01-01", "02-05", "02-06", "02-07", "02-08", "04-05", "05-01", "05-02", "06-09",
                            "09-15", "10-01", "10-02", "10-03"], id="2027"),
        # 春节 2028-01-26, 端午 05-28, 中秋 10-03 (the same day as 国庆's third: 12 distinct days)
        pytest.param(2028, ["01-01", "01-25", "01-26", "01-27", "01-28", "04-04", "05-01", "05-02", "05-28",
                            "10-01", "10-02", "10-03", "10-03"], id="2028-mid-autumn-on-national-day"),
    ],
)  # fmt: skip
def test_next_year_statutory_holidays_from_lunar_dates(year, expected):
    from gongkai.workcalendar.provisional import statutory_holidays

    days = statutory_holidays(year)
    assert [f"{special.day:%m-%d}" for special in days] == expected
    assert all(special.name.endswith("（暂定）") for special in days)


@pytest.mark.parametrize("year", [2025, 2026])
def test_next_year_provisional_holidays_are_within_the_published_rest_days(calendar, year):
    """Checked against the published schedules under the revised 办法 (2025 on; 2024 kept 除夕 as a working
    day): every provisional holiday is a rest day there."""
    from gongkai.workcalendar.provisional import statutory_holidays

    for special in statutory_holidays(year):
        assert not calendar.is_workday(special.day), special


@pytest.mark.parametrize(
    ("receipt", "due"),
    [
        pytest.param(D(2026, 12, 21), D(2027, 1, 19), id="crosses-元旦"),
        # 除夕 Fri 02-05 and 初三 Mon 02-08 are not counted (no 调休 assumed)
        pytest.param(D(2027, 1, 20), D(2027, 2, 19), id="crosses-春节-4-days"),
    ],
)
def test_next_year_provisional_due_date(calendar, receipt, due):
    from gongkai.workcalendar.provisional import with_provisional_years

    provisional = with_provisional_years(calendar, [2027])
    assert compute([received(receipt)], provisional, receipt).due_date == due


@pytest.mark.django_db
def test_next_year_extension_across_the_year_is_approved_with_warning(
    register, handler, leader, set_today, django_capture_on_commit_callbacks, make_staff
):
    from gongkai.applications.models import Notice
    from gongkai.workcalendar import services as calendar_services
    from gongkai.workcalendar.workdays import DayKind, SpecialDay

    set_today(D(2026, 12, 10))
    application = register(received_on=D(2026, 12, 1), backdate_reason="补登")
    assert (application.due_on, application.calendar_missing_year) == (D(2026, 12, 29), None)
    request = services.request_extension(actor=handler, application=application, workdays=20, reason="量大")
    recorded = services.decide_extension(
        actor=leader, request=request, approve=True, decided_on=D(2026, 12, 10)
    )
    assert any("暂定" in warning for warning in recorded.warnings)
    application.refresh_from_db()
    assert (application.due_on, application.calendar_missing_year) == (D(2027, 1, 27), 2027)
    notice = application.notices.get(kind=Notice.Kind.EXTENSION)
    assert "2027年1月27日前（暂定" in notice.body
    # no case drops out of reminders
    set_today(D(2027, 1, 25))
    assert application in queries.due_soon()
    # entering 2027 recomputes (here: 01-04 made a holiday moves the date one working day)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.save_year(
            actor=make_staff("administrator"), year=2027,
            days=[
                SpecialDay(D(2027, 1, 1), DayKind.HOLIDAY, "元旦"),
                SpecialDay(D(2027, 1, 4), DayKind.HOLIDAY, "测试"),
            ],
            notice="国务院办公厅关于2027年部分节假日安排的通知",
        )  # fmt: skip
    application.refresh_from_db()
    assert (application.due_on, application.calendar_missing_year) == (D(2027, 1, 28), None)


@pytest.mark.django_db
def test_next_year_replied_cases_never_drop_out_of_the_statistics(register):
    from gongkai.applications.models import Application
    from gongkai.applications.statistics import year_summary

    cases = [register(received_on=D(2026, 9, day), backdate_reason="补登") for day in (1, 2)]
    replied = {"status": Status.REPLIED, "outcome": ReplyOutcome.DISCLOSED.value}
    Application.objects.filter(pk=cases[0].pk).update(**replied, concluded_on=D(2026, 9, 20))
    # a replied case whose due date is unknown (a refused ledger) is still counted as replied
    Application.objects.filter(pk=cases[1].pk).update(**replied, concluded_on=D(2026, 9, 21), due_on=None)
    summary = year_summary(2026)
    assert (summary.replied, summary.on_time) == (2, 1)


# --- Letter forms: 36(一) already public, 36(五) another agency's, 行政查询 citing 36(七) --------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcome", "letter_form", "details", "expected", "markers"),
    [
        pytest.param(ReplyOutcome.DISCLOSED, "already_public", {"where": "本局门户网站“环境质量”栏目"},
                     ["第三十六条第（一）项", "本局门户网站“环境质量”栏目"], 0, id="36-1-already-public"),
        pytest.param(ReplyOutcome.DISCLOSED, "already_public", {}, ["第三十六条第（一）项"], 1,
                     id="36-1-where-missing-is-marked"),
        pytest.param(ReplyOutcome.UNAVAILABLE_NOT_HELD, "other_agency",
                     {"responsible_body": "示例市水务局", "responsible_contact": "020-12345678"},
                     ["第三十六条第（五）项", "由示例市水务局负责公开", "联系方式：020-12345678"], 0,
                     id="36-5-names-the-responsible-body-and-contact"),
        pytest.param(ReplyOutcome.REFUSED_ADMINISTRATIVE_QUERY, "", {}, ["第三十六条第（七）项"], 1,
                     id="administrative-query-cites-36-7"),
    ],
)  # fmt: skip
def test_letter_forms_36_1_36_5_36_7(register, handler, outcome, letter_form, details, expected, markers):
    from gongkai.applications import letters

    letter = services.draft_reply(
        actor=handler, application=register(), outcome=outcome.value, letter_form=letter_form, details=details
    )
    assert letter.outcome == outcome.value  # counted under the same Table 三 row
    for text in expected:
        assert text in letter.body
    assert len(letters.unfinished_markers(letter.body)) == markers


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcome", "letter_form"),
    [(ReplyOutcome.REFUSED_STATE_SECRET, "already_public"), (ReplyOutcome.DISCLOSED, "no_such_form")],
)
def test_letter_forms_must_fit_the_outcome(register, handler, outcome, letter_form):
    with pytest.raises(DomainError) as error:
        services.draft_reply(
            actor=handler, application=register(), outcome=outcome.value, letter_form=letter_form
        )
    assert error.value.field == "letter_form"
    assert any("\u4e00" <= char <= "\u9fff" for char in error.value.message)


# --- Layout after GB/T 9704 practice ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tidy"),
    [
        pytest.param(
            "申请获取“2025年监测数据。”。", "申请获取“2025年监测数据。”", id="stop-inside-and-after-quote"
        ),
        pytest.param("予以公开。。", "予以公开。", id="doubled-stop"),
        pytest.param("见附件（清单）。", "见附件（清单）。", id="single-stop-kept"),
        pytest.param("问：“是否公开？”。", "问：“是否公开？”", id="question-inside-quote"),
    ],
)
def test_layout_no_doubled_punctuation(text, tidy):
    from gongkai.applications import letters

    assert letters.tidy_punctuation(text) == tidy


@pytest.mark.parametrize(
    ("outcome", "label"),
    [
        pytest.param(ReplyOutcome.PARTIALLY_DISCLOSED, "部分公开", id="部分公开-once"),
        pytest.param(ReplyOutcome.DISCLOSED, "予以公开", id="予以公开-once"),
        pytest.param(ReplyOutcome.REFUSED_STATE_SECRET, "不予公开：属于国家秘密", id="group-and-row"),
    ],
)
def test_layout_outcome_label_never_repeats(outcome, label):
    from gongkai.applications.models import OUTCOME_CHOICES
    from gongkai.applications.outcomes import outcome_label

    assert outcome_label(outcome) == label
    assert dict(OUTCOME_CHOICES)[outcome.value] == label


@pytest.mark.django_db
def test_layout_description_ending_in_a_stop_is_not_doubled(register, handler):
    from .conftest import person

    application = register(data=person(description="示例市2025年度重点排污单位名录。"))
    letter = services.draft_reply(actor=handler, application=application, outcome="disclosed")
    assert "名录”。" in letter.body and "。”。" not in letter.body


@pytest.mark.parametrize("paragraphs", [1, 3, 40])
def test_layout_signature_keeps_with_the_last_paragraph(paragraphs):
    import io

    from docx import Document

    from gongkai.applications.documents import LetterContent, letter_docx

    body = "\n".join(f"第{n}段正文。" for n in range(1, paragraphs + 1))
    content = LetterContent(
        "示例市生态环境局", "示例依申请公开答〔2026〕1号", "张三", body, D(2026, 10, 20), "T"
    )
    document = Document(io.BytesIO(letter_docx(content)))
    texts = [p.text for p in document.paragraphs]
    last = texts.index(f"第{paragraphs}段正文。")
    tail = document.paragraphs[last:]
    assert [p.text for p in tail] == [f"第{paragraphs}段正文。", "", "示例市生态环境局", "2026年10月20日"]
    assert [bool(p.paragraph_format.keep_with_next) for p in tail] == [True, True, True, False]


BASE = "申请 办理时限事件 告知书"
TAIL = "答复书与法律审查 送达 附件"


@pytest.mark.parametrize(
    ("present", "titles", "last"),
    [
        pytest.param({}, f"{BASE} {TAIL} 审计记录", "七、审计记录", id="no-optional-sections"),
        pytest.param(
            {"fees": True, "appeals": True},
            f"{BASE} 信息处理费 {TAIL} 复议诉讼与关联申请 审计记录",
            "九、审计记录",
            id="fees-and-appeals",
        ),
        pytest.param(
            {"consultations": True, "extensions": True, "fees": True, "appeals": True},
            f"{BASE} 征求意见 延长答复期限 信息处理费 {TAIL} 复议诉讼与关联申请 审计记录",
            "十一、审计记录",
            id="all-sections",
        ),
    ],
)
def test_layout_archive_summary_numbers_sections_without_gaps(present, titles, last):
    from gongkai.applications.archive import cn_numeral, section_headings

    headings = list(section_headings(present).values())
    numerals = [cn_numeral(n) for n in range(1, len(headings) + 1)]
    assert headings == [
        f"{numeral}、{title}" for numeral, title in zip(numerals, titles.split(), strict=True)
    ]
    assert headings[-1] == last


@pytest.mark.parametrize(
    ("number", "numeral"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一")]
)
def test_layout_archive_section_numerals(number, numeral):
    from gongkai.applications.archive import cn_numeral

    assert cn_numeral(number) == numeral
