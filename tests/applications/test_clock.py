"""The statutory reply clock (条例 Arts 30, 33; 国办函〔2020〕109号) on the real 2024–2026 calendars."""

import random
import re
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.applications.clock import (
    ActionKind,
    ClockError,
    ClockEvent,
    ClockStatus,
    EventKind,
    SupplementNotice,
    compute,
)
from gongkai.applications.outcomes import ReplyOutcome
from gongkai.workcalendar.workdays import DayKind, SpecialDay, YearNotCovered

K = EventKind
CJK = re.compile(r"[\u4e00-\u9fff]")


def received(day: date) -> ClockEvent:
    return ClockEvent(K.RECEIVED, day)


def event(kind: EventKind, day: date, **fields) -> ClockEvent:
    return ClockEvent(kind, day, **fields)


@pytest.mark.parametrize(
    ("receipt", "expected_due"),
    [
        (date(2026, 9, 28), date(2026, 10, 30)),  # National Day week; Sat 10-10 is a working day
        (date(2026, 9, 30), date(2026, 11, 3)),
        (date(2026, 10, 3), date(2026, 11, 3)),  # received on a holiday: the day itself is never counted
        (date(2026, 10, 9), date(2026, 11, 5)),  # Sat 10-10 counts as day 1
        (date(2026, 10, 10), date(2026, 11, 6)),  # received on the working Saturday
        (date(2026, 2, 13), date(2026, 3, 19)),  # Spring Festival; Sat 02-14 and 02-28 are working days
        (date(2026, 2, 14), date(2026, 3, 20)),
        (date(2026, 2, 20), date(2026, 3, 20)),
        (date(2025, 12, 22), date(2026, 1, 20)),  # year boundary; Sun 2026-01-04 is a working day
        (date(2025, 12, 31), date(2026, 1, 29)),
        (date(2024, 12, 31), date(2025, 2, 5)),  # 2025 Spring Festival 01-28..02-04
    ],
)
def test_reply_due_twenty_working_days_after_receipt(calendar, receipt, expected_due):
    state = compute([received(receipt)], calendar, receipt)
    assert state.status is ClockStatus.RUNNING
    assert state.due_date == expected_due
    assert state.workdays_left == 20
    assert state.expected_actions[0].kind is ActionKind.REPLY
    assert state.expected_actions[0].by == expected_due


@pytest.mark.parametrize(
    ("today", "used", "left", "overdue"),
    [
        (date(2026, 9, 28), 0, 20, False),
        (date(2026, 10, 7), 2, 18, False),  # holidays are not used up
        (date(2026, 10, 30), 20, 0, False),  # the due day itself is in time
        (date(2026, 10, 31), 20, 0, True),  # Saturday after the due day: overdue, no working day used
        (date(2026, 11, 2), 21, -1, True),
    ],
)
def test_working_days_left_and_overdue(calendar, today, used, left, overdue):
    state = compute([received(date(2026, 9, 28))], calendar, today)
    assert (state.workdays_used, state.workdays_left, state.is_overdue) == (used, left, overdue)


@pytest.mark.parametrize(
    ("receipt", "limit"),
    [
        (date(2026, 9, 28), date(2026, 10, 13)),
        (date(2026, 2, 13), date(2026, 3, 2)),
        (date(2025, 12, 29), date(2026, 1, 8)),
    ],
)
def test_supplement_notice_limit_seven_working_days_after_receipt(calendar, receipt, limit):
    assert compute([received(receipt)], calendar, receipt).supplement_notice_limit == limit


@pytest.mark.parametrize(
    ("requested_on", "status", "warned"),
    [
        (date(2026, 10, 13), SupplementNotice.ISSUED, False),  # the 7th working day: in time
        (date(2026, 10, 14), SupplementNotice.ISSUED_LATE, True),
    ],
)
def test_supplement_notice_after_seven_working_days_is_flagged(calendar, requested_on, status, warned):
    ledger = [
        received(date(2026, 9, 28)),
        event(K.SUPPLEMENT_REQUESTED, requested_on, supplement_deadline=date(2026, 10, 30)),
    ]
    state = compute(ledger, calendar, requested_on)
    assert state.supplement_notice is status
    assert any("条例第三十条" in warning for warning in state.warnings) is warned


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2026, 10, 13), SupplementNotice.WINDOW_OPEN), (date(2026, 10, 14), SupplementNotice.NOT_ISSUED)],
)
def test_supplement_window_status_without_a_notice(calendar, today, status):
    assert compute([received(date(2026, 9, 28))], calendar, today).supplement_notice is status


SUPPLEMENT_LEDGER = [
    received(date(2026, 9, 28)),
    event(K.SUPPLEMENT_REQUESTED, date(2026, 9, 30), supplement_deadline=date(2026, 10, 16)),
]


def test_awaiting_supplement_has_no_due_date_and_is_never_overdue(calendar):
    state = compute(SUPPLEMENT_LEDGER, calendar, date(2026, 11, 20))  # long after the first due date 10-30
    assert state.status is ClockStatus.AWAITING_SUPPLEMENT
    assert state.due_date is None
    assert state.workdays_left is None
    assert not state.is_overdue
    assert state.supplement_deadline == date(2026, 10, 16)


def test_supplement_restarts_the_clock_from_its_receipt(calendar):
    ledger = [*SUPPLEMENT_LEDGER, event(K.SUPPLEMENT_RECEIVED, date(2026, 10, 12))]
    state = compute(ledger, calendar, date(2026, 10, 12))
    assert state.status is ClockStatus.RUNNING
    assert state.clock_start == date(2026, 10, 12)
    assert state.received == date(2026, 9, 28)
    assert state.due_date == date(2026, 11, 9)  # 20 working days from 10-12, not 10-30 + a pause
    assert state.workdays_left == 20


@pytest.mark.parametrize(
    ("today", "kind", "outcome", "by"),
    [
        (
            date(2026, 10, 16),
            ActionKind.AWAIT_APPLICANT,
            None,
            date(2026, 10, 16),
        ),  # deadline day: still in time
        (date(2026, 10, 17), ActionKind.CLOSE, ReplyOutcome.OTHER_NO_SUPPLEMENT, None),
    ],
)
def test_no_supplement_by_the_notice_deadline_expects_closing_as_other_1(calendar, today, kind, outcome, by):
    state = compute(SUPPLEMENT_LEDGER, calendar, today)
    (action,) = state.expected_actions
    assert (action.kind, action.outcome, action.by) == (kind, outcome, by)
    if outcome is not None:
        assert "视为放弃申请" in action.message
        assert "（六）其他处理" in action.message


def test_late_supplement_is_recorded_with_a_warning(calendar):
    ledger = [*SUPPLEMENT_LEDGER, event(K.SUPPLEMENT_RECEIVED, date(2026, 10, 19))]
    state = compute(ledger, calendar, date(2026, 10, 19))
    assert state.due_date == calendar.add_workdays(date(2026, 10, 19), 20)
    assert any("晚于补正期限" in warning for warning in state.warnings)


RECEIPT = date(2026, 9, 28)  # due 10-30 without pauses


@pytest.mark.parametrize(
    ("consultations", "paused", "expected_due"),
    [
        # (Fri 10-09, Fri 10-16]: Sat 10-10 (working) and 10-12..16 → 6 excluded
        ([(date(2026, 10, 9), date(2026, 10, 16))], 6, date(2026, 11, 9)),
        # (09-30, 10-09]: the National Day holidays are not working days anyway → 10-08, 10-09
        ([(date(2026, 9, 30), date(2026, 10, 9))], 2, date(2026, 11, 3)),
        # started and ended on the same day: nothing excluded
        ([(date(2026, 10, 14), date(2026, 10, 14))], 0, date(2026, 10, 30)),
        # two consultations one after the other
        (
            [(date(2026, 10, 9), date(2026, 10, 12)), (date(2026, 10, 14), date(2026, 10, 15))],
            3,
            date(2026, 11, 4),
        ),
    ],
)
def test_consultation_working_days_are_not_counted(calendar, consultations, paused, expected_due):
    ledger = [received(RECEIPT)]
    for start, end in consultations:
        ledger += [event(K.CONSULTATION_STARTED, start), event(K.CONSULTATION_ENDED, end)]
    state = compute(ledger, calendar, consultations[-1][1])
    assert state.paused_workdays == paused
    assert state.due_date == expected_due == calendar.add_workdays(date(2026, 10, 30), paused)


def test_overlapping_consultations_are_merged(calendar):
    ledger = [
        received(RECEIPT),
        event(K.CONSULTATION_STARTED, date(2026, 10, 9)),  # third party (Art. 32)
        event(K.CONSULTATION_STARTED, date(2026, 10, 12)),  # other agency (Art. 34)
        event(K.CONSULTATION_ENDED, date(2026, 10, 16)),
        event(K.CONSULTATION_ENDED, date(2026, 10, 20)),
    ]
    state = compute(ledger, calendar, date(2026, 10, 20))
    assert state.paused_workdays == 8  # (10-09, 10-20]
    assert state.due_date == date(2026, 11, 11)


def test_in_consultation_the_clock_is_paused(calendar):
    ledger = [received(RECEIPT), event(K.CONSULTATION_STARTED, date(2026, 10, 9))]
    state = compute(ledger, calendar, date(2026, 10, 14))
    assert state.status is ClockStatus.IN_CONSULTATION
    assert state.due_date is None
    assert state.workdays_used == 4  # 09-29, 09-30, 10-08, 10-09
    assert state.paused_workdays == 4  # 10-10, 10-12, 10-13, 10-14
    assert state.workdays_left == 16
    assert state.consultation_answer_due == date(2026, 10, 29)  # 15 working days after 10-09
    last_day = compute(ledger, calendar, date(2026, 10, 29))
    assert last_day.status is ClockStatus.IN_CONSULTATION
    assert (last_day.workdays_left, last_day.is_overdue) == (16, False)


def test_consultation_started_on_the_due_day_cannot_revive_the_limit(calendar):
    ledger = [
        received(RECEIPT),
        event(K.CONSULTATION_STARTED, date(2026, 10, 30)),
        event(K.CONSULTATION_ENDED, date(2026, 11, 6)),
    ]
    state = compute(ledger, calendar, date(2026, 11, 6))
    assert state.due_date == date(2026, 10, 30)
    assert state.is_overdue
    assert any("办理时限已用尽" in warning for warning in state.warnings)


@pytest.mark.parametrize(
    ("workdays", "expected_due"),
    [(1, date(2026, 11, 2)), (5, date(2026, 11, 6)), (20, date(2026, 11, 27))],
)
def test_extension_adds_its_working_days(calendar, workdays, expected_due):
    ledger = [received(RECEIPT), event(K.EXTENDED, date(2026, 10, 20), workdays=workdays)]
    state = compute(ledger, calendar, date(2026, 10, 20))
    assert state.due_date == expected_due
    assert state.limit_workdays == 20 + workdays
    assert state.warnings == ()


def test_extension_after_the_due_date_is_flagged_and_extends_nothing(calendar):
    ledger = [received(RECEIPT), event(K.EXTENDED, date(2026, 11, 2), workdays=10)]
    state = compute(ledger, calendar, date(2026, 11, 2))
    assert state.due_date == date(2026, 10, 30)
    assert state.extension_late
    assert state.is_overdue
    assert any("晚于原答复期限" in warning for warning in state.warnings)


FEE_NOTICE = event(K.FEE_NOTICE_ISSUED, date(2026, 9, 29), notice_received=date(2026, 9, 30))


def test_fee_payment_due_twenty_working_days_after_notice_received(calendar):
    state = compute([received(RECEIPT), FEE_NOTICE], calendar, date(2026, 10, 8))
    assert state.fee_payment_due == date(2026, 11, 3)
    assert state.status is ClockStatus.AWAITING_FEE
    assert state.due_date is None
    assert not state.is_overdue


@pytest.mark.parametrize(
    ("today", "kind", "outcome"),
    [
        (date(2026, 11, 3), ActionKind.AWAIT_APPLICANT, None),
        (date(2026, 11, 4), ActionKind.CLOSE, ReplyOutcome.OTHER_FEE_UNPAID),
    ],
)
def test_unpaid_fee_expects_closing_as_other_2(calendar, today, kind, outcome):
    for fee_wait_counts in (False, True):
        state = compute([received(RECEIPT), FEE_NOTICE], calendar, today, fee_wait_counts=fee_wait_counts)
        assert state.status is ClockStatus.AWAITING_FEE
        assert not state.is_overdue  # 11-03 is past the reply due date 10-30 either way
        (action,) = state.expected_actions
        assert (action.kind, action.outcome) == (kind, outcome)


@pytest.mark.parametrize(
    ("settled", "fee_wait_counts", "expected_due"),
    [
        # excluded (09-29, 10-20]: 09-30, 10-08, 10-09, 10-10, 10-12..16, 10-19, 10-20 → 11 days
        (K.FEE_PAID, False, date(2026, 11, 16)),
        (K.FEE_WAIVED, False, date(2026, 11, 16)),
        (K.FEE_PAID, True, date(2026, 10, 30)),
    ],
)
def test_fee_wait_is_excluded_unless_configured_to_count(calendar, settled, fee_wait_counts, expected_due):
    ledger = [received(RECEIPT), FEE_NOTICE, event(settled, date(2026, 10, 20))]
    state = compute(ledger, calendar, date(2026, 10, 20), fee_wait_counts=fee_wait_counts)
    assert state.status is ClockStatus.RUNNING
    assert state.due_date == expected_due
    assert state.paused_workdays == (0 if fee_wait_counts else 11)


def test_fee_wait_that_counts_keeps_using_working_days(calendar):
    state = compute([received(RECEIPT), FEE_NOTICE], calendar, date(2026, 10, 20), fee_wait_counts=True)
    assert state.status is ClockStatus.AWAITING_FEE
    assert state.due_date is None
    assert state.workdays_left == 20 - 12
    assert not state.is_overdue


@pytest.mark.parametrize(("replied_on", "late"), [(date(2026, 10, 30), False), (date(2026, 11, 2), True)])
def test_reply_ends_the_clock(calendar, replied_on, late):
    state = compute([received(RECEIPT), event(K.REPLIED, replied_on)], calendar, date(2026, 12, 31))
    assert state.status is ClockStatus.REPLIED
    assert state.due_date == date(2026, 10, 30)
    assert state.replied_late is late
    assert not state.is_overdue
    assert state.workdays_left is None
    assert state.expected_actions == ()


def test_reply_during_consultation_ends_the_pause(calendar):
    ledger = [
        received(RECEIPT),
        event(K.CONSULTATION_STARTED, date(2026, 10, 9)),
        event(K.REPLIED, date(2026, 10, 16)),
        event(K.CLOSED, date(2026, 10, 19)),
    ]
    state = compute(ledger, calendar, date(2026, 12, 31))
    assert state.status is ClockStatus.CLOSED
    assert state.paused_workdays == 6
    assert state.replied_late is False


def test_events_after_today_are_not_known_yet(calendar):
    ledger = [received(RECEIPT), event(K.REPLIED, date(2026, 10, 20))]
    assert compute(ledger, calendar, date(2026, 10, 19)).status is ClockStatus.RUNNING
    assert compute(ledger, calendar, date(2026, 10, 20)).status is ClockStatus.REPLIED


@pytest.mark.parametrize(
    ("ledger", "message"),
    [
        ([event(K.CONSULTATION_STARTED, date(2026, 10, 9))], "收到申请"),
        ([received(RECEIPT), received(date(2026, 9, 29))], "只能有一个"),
        ([received(RECEIPT), event(K.CONSULTATION_STARTED, date(2026, 9, 25))], "不能早于收到申请"),
        (
            [
                event(K.SUPPLEMENT_REQUESTED, RECEIPT, supplement_deadline=date(2026, 10, 9)),
                received(RECEIPT),
            ],
            "不能早于收到申请",
        ),
        ([received(RECEIPT), event(K.CONSULTATION_ENDED, date(2026, 10, 9))], "征求意见结束不能早于开始"),
        (
            [
                received(RECEIPT),
                event(K.CONSULTATION_ENDED, date(2026, 10, 9)),
                event(K.CONSULTATION_STARTED, date(2026, 10, 9)),
            ],
            "征求意见结束不能早于开始",
        ),
        ([received(RECEIPT), event(K.SUPPLEMENT_RECEIVED, date(2026, 10, 9))], "未发出补正通知"),
        (
            [
                received(RECEIPT),
                event(K.EXTENDED, date(2026, 10, 9), workdays=5),
                event(K.EXTENDED, date(2026, 10, 12), workdays=5),
            ],
            "只能延长一次",
        ),
        ([received(RECEIPT), event(K.EXTENDED, date(2026, 10, 9), workdays=21)], "不得超过20个工作日"),
        ([received(RECEIPT), event(K.EXTENDED, date(2026, 10, 9), workdays=0)], "至少为1天"),
        (
            [
                *SUPPLEMENT_LEDGER,
                event(K.SUPPLEMENT_RECEIVED, date(2026, 10, 12)),
                event(K.SUPPLEMENT_REQUESTED, date(2026, 10, 13), supplement_deadline=date(2026, 10, 20)),
            ],
            "一次性告知",
        ),
        (
            [
                received(RECEIPT),
                event(K.CONSULTATION_STARTED, date(2026, 9, 29)),
                event(K.SUPPLEMENT_REQUESTED, date(2026, 9, 30), supplement_deadline=date(2026, 10, 16)),
            ],
            "补正通知应当在征求意见",
        ),
        ([*SUPPLEMENT_LEDGER, event(K.CONSULTATION_STARTED, date(2026, 10, 9))], "等待申请人补正期间"),
        ([*SUPPLEMENT_LEDGER, event(K.EXTENDED, date(2026, 10, 9), workdays=5)], "等待申请人补正期间"),
        ([received(RECEIPT), event(K.FEE_PAID, date(2026, 10, 9))], "没有待缴费的收费通知"),
        ([received(RECEIPT), FEE_NOTICE, FEE_NOTICE], "已有未缴费的收费通知"),
        (
            [
                received(RECEIPT),
                event(K.REPLIED, date(2026, 10, 9)),
                event(K.EXTENDED, date(2026, 10, 12), workdays=5),
            ],
            "已于",
        ),
        (
            [received(RECEIPT), event(K.CLOSED, date(2026, 10, 9)), event(K.REPLIED, date(2026, 10, 12))],
            "办结",
        ),
        ([received(date(2026, 12, 1))], "尚未收到申请"),
    ],
)
def test_invalid_ledgers_raise_a_chinese_clock_error(calendar, ledger, message):
    with pytest.raises(ClockError) as error:
        compute(ledger, calendar, date(2026, 11, 30))
    assert message in error.value.message
    assert CJK.search(error.value.message)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": K.EXTENDED, "day": RECEIPT}, "须填写延长的工作日数"),
        ({"kind": K.SUPPLEMENT_REQUESTED, "day": RECEIPT}, "须填写补正期限"),
        ({"kind": K.FEE_NOTICE_ISSUED, "day": RECEIPT}, "须填写申请人收到收费通知的日期"),
        ({"kind": K.REPLIED, "day": RECEIPT, "workdays": 3}, "不应填写"),
        (
            {"kind": K.SUPPLEMENT_REQUESTED, "day": RECEIPT, "supplement_deadline": date(2026, 9, 27)},
            "补正期限不得早于",
        ),
        (
            {"kind": K.FEE_NOTICE_ISSUED, "day": RECEIPT, "notice_received": date(2026, 9, 27)},
            "不得早于收费通知的发出日期",
        ),
    ],
)
def test_events_carry_exactly_the_fields_of_their_kind(kwargs, message):
    with pytest.raises(ClockError, match=message):
        ClockEvent(**kwargs)


def test_uncovered_year_propagates(calendar, make_calendar):
    with pytest.raises(YearNotCovered) as error:
        compute([received(date(2026, 12, 10))], calendar, date(2026, 12, 10))  # due in January 2027
    assert error.value.year == 2027
    only_2026 = make_calendar(years=[2026])
    with pytest.raises(YearNotCovered):
        compute([received(date(2025, 12, 30))], only_2026, date(2026, 1, 5))


# --- properties ---------------------------------------------------------------------------------

receipts = st.dates(date(2024, 1, 1), date(2026, 6, 30))
# paused ledgers span up to about 7 months after receipt; their due dates must stay within 2026
paused_receipts = st.dates(date(2024, 1, 1), date(2026, 4, 30))


@st.composite
def paused_ledgers(draw):
    """A receipt, consecutive consultations, maybe an extension and maybe a settled fee notice."""
    receipt = draw(paused_receipts)
    ledger = [received(receipt)]
    cursor = receipt
    for _ in range(draw(st.integers(0, 3))):
        start = cursor + timedelta(days=draw(st.integers(0, 15)))
        end = start + timedelta(days=draw(st.integers(0, 20)))
        ledger += [event(K.CONSULTATION_STARTED, start), event(K.CONSULTATION_ENDED, end)]
        cursor = end
    if draw(st.booleans()):
        ledger.append(event(K.EXTENDED, cursor, workdays=draw(st.integers(1, 20))))
    if draw(st.booleans()):
        issued = cursor + timedelta(days=draw(st.integers(0, 10)))
        notice_received = issued + timedelta(days=draw(st.integers(0, 5)))
        settled = notice_received + timedelta(days=draw(st.integers(0, 25)))
        ledger += [
            event(K.FEE_NOTICE_ISSUED, issued, notice_received=notice_received),
            event(draw(st.sampled_from([K.FEE_PAID, K.FEE_WAIVED])), settled),
        ]
        cursor = settled
    return ledger, cursor


@settings(deadline=None)  # compute walks the calendar day by day
@given(case=paused_ledgers(), fee_wait_counts=st.booleans())
def test_due_date_never_earlier_than_without_pauses(calendar, case, fee_wait_counts):
    ledger, last_day = case
    state = compute(ledger, calendar, last_day, fee_wait_counts=fee_wait_counts)
    assert state.status is ClockStatus.RUNNING
    extension = next((e.workdays for e in ledger if e.kind is K.EXTENDED), 0)
    effective = 0 if state.extension_late else extension  # Art. 33 ¶1: a late extension extends nothing
    assert state.limit_workdays == 20 + effective
    assert state.due_date >= calendar.add_workdays(ledger[0].day, 20 + effective)
    assert state.due_date >= calendar.add_workdays(ledger[0].day, 20)


@settings(deadline=None)  # compute walks the calendar day by day
@given(first=receipts, second=receipts, extension=st.integers(0, 20))
def test_due_date_is_monotone_in_receipt_date(calendar, first, second, extension):
    first, second = sorted((first, second))

    def due(receipt):
        ledger = [received(receipt)]
        if extension:
            ledger.append(event(K.EXTENDED, receipt, workdays=extension))
        return compute(ledger, calendar, receipt).due_date

    assert due(first) <= due(second)


@settings(deadline=None)  # compute walks the calendar day by day
@given(receipt=receipts, offset=st.integers(0, 27), length=st.integers(0, 40))
def test_consultation_shifts_due_date_by_exactly_its_working_days(calendar, receipt, offset, length):
    plain_due = compute([received(receipt)], calendar, receipt).due_date
    start = receipt + timedelta(days=offset)
    assume(start < plain_due)
    end = start + timedelta(days=length)
    ledger = [received(receipt), event(K.CONSULTATION_STARTED, start), event(K.CONSULTATION_ENDED, end)]
    state = compute(ledger, calendar, end)
    # Art. 32: an answer period of 15 working days from receipt ends the pause by itself
    consulted = calendar.workdays_between(start, min(end, calendar.add_workdays(start, 15)))
    assert state.paused_workdays == consulted
    assert state.due_date == calendar.add_workdays(plain_due, consulted)


@settings(deadline=None)  # compute walks the calendar day by day
@given(receipt=receipts, offset=st.integers(0, 27), length=st.integers(0, 30))
def test_fee_wait_shifts_due_date_only_when_excluded(calendar, receipt, offset, length):
    plain_due = compute([received(receipt)], calendar, receipt).due_date
    issued = receipt + timedelta(days=offset)
    assume(issued < plain_due)
    paid = issued + timedelta(days=length)
    ledger = [
        received(receipt),
        event(K.FEE_NOTICE_ISSUED, issued, notice_received=issued),
        event(K.FEE_PAID, paid),
    ]
    excluded = compute(ledger, calendar, paid, fee_wait_counts=False).due_date
    counted = compute(ledger, calendar, paid, fee_wait_counts=True).due_date
    assert excluded == calendar.add_workdays(plain_due, calendar.workdays_between(issued, paid))
    assert counted == plain_due


@settings(deadline=None)  # compute walks the calendar day by day
@given(receipt=receipts, offset=st.integers(0, 25), workdays=st.integers(1, 20))
def test_extension_adds_exactly_its_working_days(calendar, receipt, offset, workdays):
    plain_due = compute([received(receipt)], calendar, receipt).due_date
    decided = receipt + timedelta(days=offset)
    ledger = [received(receipt), event(K.EXTENDED, decided, workdays=workdays)]
    assert compute(ledger, calendar, decided).due_date == calendar.add_workdays(plain_due, workdays)


@settings(max_examples=60, deadline=None)
@given(receipt=receipts, offset=st.integers(1, 45), as_holiday=st.booleans())
def test_recompute_after_a_calendar_change_gives_the_new_calendar_answer(
    calendar, make_calendar, receipt, offset, as_holiday
):
    changed = receipt + timedelta(days=offset)
    was_workday = calendar.is_workday(changed)
    kind = DayKind.WORKDAY if not was_workday and not as_holiday else DayKind.HOLIDAY
    new_calendar = make_calendar([SpecialDay(changed, kind, "临时调整")])
    ledger = [received(receipt)]
    old_due = compute(ledger, calendar, receipt).due_date
    new_due = compute(ledger, new_calendar, receipt).due_date
    assert new_due == new_calendar.add_workdays(receipt, 20)
    if changed <= old_due and was_workday and kind is DayKind.HOLIDAY:
        assert new_due > old_due
    if changed < old_due and not was_workday and kind is DayKind.WORKDAY:
        assert new_due < old_due


@settings(deadline=None)  # compute walks the calendar day by day
@given(case=paused_ledgers(), extra_days=st.integers(0, 120), fee_wait_counts=st.booleans())
def test_a_paused_clock_is_overdue_only_when_the_pause_began_on_or_after_the_due_date(
    calendar, case, extra_days, fee_wait_counts
):
    ledger, _ = case
    # cut the ledger at a random day: paused, awaiting fee or running
    today = min(ledger[0].day + timedelta(days=extra_days), date(2026, 12, 31))
    state = compute(ledger, calendar, today, fee_wait_counts=fee_wait_counts)
    if state.is_overdue:
        assert state.due_date is not None and today > state.due_date
    if state.status in (ClockStatus.IN_CONSULTATION, ClockStatus.AWAITING_FEE) and state.due_date is not None:
        pause_kinds = (K.CONSULTATION_STARTED, K.FEE_NOTICE_ISSUED)
        last_pause = max(e.day for e in ledger if e.kind in pause_kinds and e.day <= today)
        assert last_pause >= state.due_date  # the pause began when the limit was spent: it hides nothing
    if state.status not in (ClockStatus.RUNNING, ClockStatus.IN_CONSULTATION, ClockStatus.AWAITING_FEE):
        assert not state.is_overdue


@settings(deadline=None)  # compute walks the calendar day by day
@given(case=paused_ledgers(), rng=st.randoms(use_true_random=False))
def test_compute_is_deterministic_and_ignores_the_order_of_different_days(calendar, case, rng: random.Random):
    ledger, last_day = case
    first = compute(ledger, calendar, last_day)
    assert compute(ledger, calendar, last_day) == first
    if len({e.day for e in ledger}) == len(ledger):
        shuffled = list(ledger)
        rng.shuffle(shuffled)
        assert compute(shuffled, calendar, last_day) == first
