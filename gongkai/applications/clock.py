"""Statutory reply clock of an application (依申请公开办理时限): a ledger of events → derived dates.

Pure: no Django, no I/O, no clock inside. `compute(events, calendar, today)` derives the state from
the events (办理时限事件), the working-day calendar and `today`; nothing is stored, so a calendar
change (a holiday added) gives the new answer on the next call. A date in a year the calendar does
not cover raises `YearNotCovered`.

Rules (条例 = 《中华人民共和国政府信息公开条例》, 国务院令第711号):
- Art. 33 ¶1: reply within 20 working days of receipt. The due date is the 20th counted working day
  after the clock start, the start day not counted (`WorkdayCalendar.add_workdays`).
- Art. 33 ¶1: one extension (EXTENDED) of at most 20 working days, which adds its working days to the
  limit. A second extension, or more than 20 days, is a `ClockError`. The extension is decided within
  the original limit: one decided after the original due date (the due day itself is in time) is
  recorded without effect (`extension_late`, a warning): the limit is not extended, so a reply after
  the original due date counts as replied late.
- Art. 30: the 补正 notice must be issued within 7 working days of receipt (`supplement_notice_limit`),
  once (一次性告知). Only a notice given in time restarts the clock: due = the 20th working day after
  SUPPLEMENT_RECEIVED, and while the supplement is awaited there is no due date. A later notice is
  recorded without effect (`SupplementNotice.ISSUED_LATE`, a warning): the clock keeps running from
  the receipt, the case can be overdue, the supplement's receipt restarts nothing and no closing as
  其他处理 1 is expected. A notice in time with nothing received by the deadline it states → expected
  action: close as 其他处理 1 (视为放弃申请). The notice must precede any consultation, extension or fee
  notice (they concern an application that is already clear).
- Art. 33 ¶2 (consultations under Arts 32 and 34): the time spent consulting a third party or another
  agency is not counted. A consultation from day S to day E excludes the working days in (S, E]: the
  start day still counts (the agency acts on it: it sends the 征求意见书), the end day does not (the
  opinion arrives on it). That is `calendar.workdays_between(S, E)`, the calendar's own convention;
  a consultation started and ended on the same day excludes nothing. Overlapping consultations are
  merged. The due date is the day on which the counted working days reach the limit, so a consultation
  that starts before that day shifts it by exactly its excluded working days; one that starts on or
  after it cannot revive a spent limit (a warning says so).
- Art. 32/34: the consulted party answers within 15 working days of RECEIVING the 征求意见书
  (CONSULTATION_STARTED carries `delivered`, the day it was received; missing → the day it was sent).
  When that answer period passes without CONSULTATION_ENDED, the consultation ends by itself on its
  last day (`consultation_answer_due`) and the clock resumes the next working day: no case stays
  paused without an end date. An opinion recorded later is a late answer (a warning); it ends nothing.
- Art. 35: a reasonable later deadline (LATER_DEADLINE, `deadline`) for a reasonable but bulky request
  replaces the due date when it is later; the case is not overdue before it.
- 国办函〔2020〕109号 (fee notice): payment is due within 20 working days counted from the day after the
  applicant receives the notice, i.e. `add_workdays(notice_received, 20)`. Unpaid by then → expected
  action: close as 其他处理 2.
- [U] Whether the wait for payment counts toward the reply limit is not confirmed (regulations.md §3,
  Open point 2; the 办法 is believed to exclude it). Parameter `fee_wait_counts`, default False: the
  working days in (notice issued, paid or waived] are excluded like a consultation.

Status and overdue: a RUNNING clock has a due date and can be overdue. Awaiting the supplement, in
consultation or awaiting the fee, `due_date` is None and `is_overdue` False (the RecordTrac #174/#175
bug: paused cases shown as overdue) — unless the pause began when the limit was already spent (a
consultation or fee notice started on or after the due date): then the due date is already fixed, it is
shown, and the case is overdue after it, whatever the status. A REPLIED or CLOSED case keeps its due
date for `replied_late`.

The state is "as of `today`": events dated after `today` are not known yet and are ignored, so one
ledger also answers as-of questions. Events are taken in date order; same-day events keep the ledger
order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.applications.outcomes import ReplyOutcome
from gongkai.core.labelled import LabelledStrEnum, Text, gettext_noop
from gongkai.workcalendar.workdays import WorkdayCalendar

REPLY_WORKDAYS = 20  # 条例第三十三条第一款：收到申请之日起20个工作日内答复
MAX_EXTENSION_WORKDAYS = 20  # 条例第三十三条第一款：延长期限最长不得超过20个工作日
SUPPLEMENT_NOTICE_WORKDAYS = 7  # 条例第三十条：收到申请之日起7个工作日内一次性告知补正
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号：收到收费通知次日起20个工作日内缴纳
FEE_WAIT_COUNTS = False  # [U] regulations.md Open point 2: the 办法 is believed to exclude the fee wait


class ClockError(ValueError):
    """An event ledger the rules do not allow; the message is fit to show the user."""

    @property
    def message(self) -> str:
        return self.args[0]


class EventKind(LabelledStrEnum):
    RECEIVED = "received", gettext_noop("收到申请")
    SUPPLEMENT_REQUESTED = "supplement_requested", gettext_noop("发出补正通知")
    SUPPLEMENT_RECEIVED = "supplement_received", gettext_noop("收到补正材料")
    CONSULTATION_STARTED = "consultation_started", gettext_noop("开始征求意见")
    CONSULTATION_ENDED = "consultation_ended", gettext_noop("征求意见结束")
    EXTENDED = "extended", gettext_noop("延长答复期限")
    FEE_NOTICE_ISSUED = "fee_notice_issued", gettext_noop("发出收费通知")
    FEE_PAID = "fee_paid", gettext_noop("缴纳信息处理费")
    FEE_WAIVED = "fee_waived", gettext_noop("免收信息处理费")
    LATER_DEADLINE = "later_deadline", gettext_noop("确定合理的答复期限")
    REPLIED = "replied", gettext_noop("答复")
    CLOSED = "closed", gettext_noop("办结")


# The extra field each kind needs, with its Chinese name; no other kind may carry it.
_KIND_FIELDS = {
    EventKind.SUPPLEMENT_REQUESTED: ("supplement_deadline", "补正期限"),
    EventKind.EXTENDED: ("workdays", "延长的工作日数"),
    EventKind.FEE_NOTICE_ISSUED: ("notice_received", "申请人收到收费通知的日期"),
    EventKind.LATER_DEADLINE: ("deadline", "合理的答复期限"),
}
# Optional fields: only these kinds may carry them.
_OPTIONAL_FIELDS = {"delivered": (EventKind.CONSULTATION_STARTED, "征求意见书送达日期")}
CONSULTATION_ANSWER_WORKDAYS = 15  # 条例第三十二条、第三十四条：自收到征求意见书之日起15个工作日内提出意见


@dataclass(frozen=True, slots=True)
class ClockEvent:
    """One entry of the ledger (办理时限事件)."""

    kind: EventKind
    day: date
    supplement_deadline: date | None = None  # SUPPLEMENT_REQUESTED: the 补正期限 stated in the notice
    workdays: int | None = None  # EXTENDED: working days added
    notice_received: date | None = None  # FEE_NOTICE_ISSUED: the day the applicant received the notice
    deadline: date | None = None  # LATER_DEADLINE: the reasonable later deadline (Art. 35)
    delivered: date | None = None  # CONSULTATION_STARTED: the day the party received the 征求意见书

    def __post_init__(self) -> None:
        for kind, (name, label) in _KIND_FIELDS.items():
            present = getattr(self, name) is not None
            if kind is self.kind and not present:
                raise ClockError(f"“{self.kind.label}”须填写{label}")
            if kind is not self.kind and present:
                raise ClockError(f"“{self.kind.label}”不应填写{label}")
        for name, (kind, label) in _OPTIONAL_FIELDS.items():
            if getattr(self, name) is not None and kind is not self.kind:
                raise ClockError(f"“{self.kind.label}”不应填写{label}")
        if self.delivered is not None and self.delivered < self.day:
            raise ClockError("征求意见书的送达日期不得早于发出日期")
        if self.deadline is not None and self.deadline <= self.day:
            raise ClockError("合理的答复期限应晚于作出决定的日期")
        if self.supplement_deadline is not None and self.supplement_deadline < self.day:
            raise ClockError("补正期限不得早于补正通知的发出日期")
        if self.notice_received is not None and self.notice_received < self.day:
            raise ClockError("申请人收到收费通知的日期不得早于收费通知的发出日期")


class ClockStatus(LabelledStrEnum):
    RUNNING = "running", gettext_noop("办理中")
    AWAITING_SUPPLEMENT = "awaiting_supplement", gettext_noop("等待补正")
    IN_CONSULTATION = "in_consultation", gettext_noop("征求意见中")
    AWAITING_FEE = "awaiting_fee", gettext_noop("等待缴费")
    REPLIED = "replied", gettext_noop("已答复")
    CLOSED = "closed", gettext_noop("已办结")


class SupplementNotice(LabelledStrEnum):
    """Where the case stands with the Art. 30 limit for the 补正 notice."""

    WINDOW_OPEN = "window_open", gettext_noop("尚在补正通知期限内，未发出补正通知")
    NOT_ISSUED = "not_issued", gettext_noop("未发出补正通知")
    ISSUED = "issued", gettext_noop("已在期限内发出补正通知")
    ISSUED_LATE = "issued_late", gettext_noop("补正通知超过法定期限发出")


class ActionKind(LabelledStrEnum):
    REPLY = "reply", gettext_noop("答复申请人")
    AWAIT_APPLICANT = "await_applicant", gettext_noop("等待申请人")
    CLOSE = "close", gettext_noop("终止办理")


@dataclass(frozen=True, slots=True)
class ExpectedAction:
    kind: ActionKind
    by: date | None
    outcome: ReplyOutcome | None
    message: str


@dataclass(frozen=True, slots=True)
class ClockState:
    status: ClockStatus
    received: date  # 收到申请之日
    clock_start: date  # the receipt, or the receipt of the supplemented application (Art. 30)
    due_date: date | None  # None while awaiting the supplement, in consultation or awaiting the fee
    limit_workdays: int  # 20 + the extension
    workdays_used: int  # counted working days in (clock_start, today or the reply/close day]
    workdays_left: int | None  # limit − used (negative when overdue); None when not running or paused
    is_overdue: bool
    paused_workdays: int  # working days excluded so far (consultations; the fee wait unless it counts)
    supplement_notice_limit: date
    supplement_notice: SupplementNotice
    supplement_deadline: date | None
    fee_payment_due: date | None
    replied_late: bool | None  # None unless replied
    extension_late: bool  # an extension decided after the original due date, recorded without effect
    later_deadline: date | None  # Art. 35: the reasonable later deadline, when one was set
    consultation_answer_due: date | None  # the earliest answer due date of the consultations still open
    unanswered_consultations: tuple[date, ...]  # answer periods that ended in silence (the clock resumed)
    expected_actions: tuple[ExpectedAction, ...]
    warnings: tuple[str, ...]


@dataclass
class _Ledger:
    """The facts gathered while walking the events (internal, mutable)."""

    calendar: WorkdayCalendar
    fee_wait_counts: bool
    received: date
    start: date
    extension: int = 0
    extended: bool = False
    extension_late: bool = False
    later_deadline: date | None = None
    supplement_request: ClockEvent | None = None
    supplement_received: bool = False
    awaiting_supplement: bool = False
    open_consultations: list[tuple[date, date]] = field(default_factory=list)  # (sent, answer due)
    unanswered: list[date] = field(default_factory=list)  # answer periods ended in silence
    fee_notice: ClockEvent | None = None
    fee_payment_due: date | None = None
    pauses: list[tuple[date, date]] = field(default_factory=list)  # each excludes the working days in (a, b]
    later_steps_taken: bool = False  # a consultation, extension or fee notice happened
    replied_on: date | None = None
    closed_on: date | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def limit(self) -> int:
        return REPLY_WORKDAYS + self.extension

    @property
    def supplement_notice_limit(self) -> date:
        return self.calendar.add_workdays(self.received, SUPPLEMENT_NOTICE_WORKDAYS)

    @property
    def fee_pauses_clock(self) -> bool:
        return self.fee_notice is not None and not self.fee_wait_counts

    def with_later_deadline(self, due: date) -> date:
        return max(due, self.later_deadline) if self.later_deadline is not None else due

    def fixed_due(self, day: date) -> date | None:
        """The due date if it is already fixed on `day`: the clock runs, or every pause still open began
        when the limit was already spent (on or after the due date), so it cannot move it any more."""
        if self.awaiting_supplement:
            return None
        opens = self.open_pauses(day)
        excluded = _excluded_days([*self.pauses, *opens], self.calendar)
        due = _due(self.start, self.limit, excluded, self.calendar)
        began = [since for since, _ in opens]
        if self.fee_notice is not None and self.fee_wait_counts:
            began.append(self.fee_notice.day)  # the wait counts, but the due date waits for the payment
        if began and due > min(began):
            return None
        return self.with_later_deadline(due)

    def open_pauses(self, until: date) -> list[tuple[date, date]]:
        pauses = [(sent, min(until, answer_due)) for sent, answer_due in self.open_consultations]
        if self.fee_pauses_clock and self.fee_notice is not None:
            pauses.append((self.fee_notice.day, until))
        return pauses

    def expire_consultations(self, day: date) -> None:
        """条例 Art. 32/34: an answer period that has passed by `day` ends the consultation by itself on its
        last day; the clock resumes."""
        for sent, answer_due in list(self.open_consultations):
            if answer_due < day:
                self.open_consultations.remove((sent, answer_due))
                self.pauses.append((sent, answer_due))
                self.unanswered.append(answer_due)


def compute(
    events: Iterable[ClockEvent],
    calendar: WorkdayCalendar,
    today: date,
    *,
    fee_wait_counts: bool = FEE_WAIT_COUNTS,
) -> ClockState:
    """The clock of one application as of `today` (see the module docstring for the rules)."""
    ordered = sorted(events, key=lambda event: event.day)  # stable: same-day events keep ledger order
    receipts = [event for event in ordered if event.kind is EventKind.RECEIVED]
    if not receipts:
        raise ClockError("缺少“收到申请”事件，无法计算办理时限")
    if len(receipts) > 1:
        raise ClockError("同一申请只能有一个“收到申请”事件")
    received = receipts[0].day
    first = ordered[0]
    if first.kind is not EventKind.RECEIVED:
        raise ClockError(f"“{first.kind.label}”（{_cn(first.day)}）不能早于收到申请（{_cn(received)}）")
    if received > today:
        raise ClockError(f"截至{_cn(today)}尚未收到申请（收到申请之日为{_cn(received)}）")
    ledger = _Ledger(calendar=calendar, fee_wait_counts=fee_wait_counts, received=received, start=received)
    for event in ordered[1:]:
        if event.day > today:
            break
        if ledger.closed_on is None and ledger.replied_on is None:
            ledger.expire_consultations(event.day)
        _apply(ledger, event)
    if ledger.closed_on is None and ledger.replied_on is None:
        ledger.expire_consultations(today)
    return _state(ledger, today)


def _apply(ledger: _Ledger, event: ClockEvent) -> None:
    if ledger.closed_on is not None:
        raise ClockError(f"申请已于{_cn(ledger.closed_on)}办结，不能再记录“{event.kind.label}”")
    if ledger.replied_on is not None and event.kind is not EventKind.CLOSED:
        raise ClockError(f"申请已于{_cn(ledger.replied_on)}答复，不能再记录“{event.kind.label}”")
    if ledger.awaiting_supplement and event.kind not in _ALLOWED_WHILE_AWAITING_SUPPLEMENT:
        raise ClockError(f"等待申请人补正期间不能记录“{event.kind.label}”")
    _HANDLERS[event.kind](ledger, event)


def _on_supplement_requested(ledger: _Ledger, event: ClockEvent) -> None:
    """条例 Art. 30: once, within 7 working days of receipt, before any other step."""
    if ledger.supplement_request is not None:
        raise ClockError("补正通知应当一次性告知，同一申请不能再次要求补正（条例第三十条）")
    if ledger.later_steps_taken:
        raise ClockError("补正通知应当在征求意见、延长答复期限和发出收费通知之前发出（条例第三十条）")
    limit = ledger.supplement_notice_limit
    ledger.supplement_request = event
    if event.day > limit:
        # Only a notice given in time restarts the clock: a late one is recorded without effect.
        ledger.warnings.append(
            Text(
                gettext_noop(
                    "补正通知于%(day)s发出，晚于收到申请之日起%(n)d个工作日的期限（%(limit)s，条例第三十条），"
                    "不产生重新计算答复期限的效力，答复期限仍自收到申请之日起计算"
                ),
                day=event.day,
                n=SUPPLEMENT_NOTICE_WORKDAYS,
                limit=limit,
            )
        )
        return
    ledger.awaiting_supplement = True


def _on_supplement_received(ledger: _Ledger, event: ClockEvent) -> None:
    """条例 Art. 30: the reply limit runs afresh from the receipt of the supplemented application."""
    request = ledger.supplement_request
    if request is None or ledger.supplement_received:
        raise ClockError("未发出补正通知（或补正材料已收到），不能记录“收到补正材料”")
    ledger.supplement_received = True
    if not ledger.awaiting_supplement:
        return  # the notice was late (Art. 30): the material is on file, the clock does not restart
    if request.supplement_deadline is not None and event.day > request.supplement_deadline:
        ledger.warnings.append(
            Text(
                gettext_noop(
                    "补正材料于%(day)s收到，晚于补正期限（%(deadline)s），继续办理须认定申请人有正当理由（条例第三十条）"
                ),
                day=event.day,
                deadline=request.supplement_deadline,
            )
        )
    ledger.awaiting_supplement = False
    ledger.start = event.day


def _on_consultation_started(ledger: _Ledger, event: ClockEvent) -> None:
    """条例 Art. 32/34: the party answers within 15 working days of receiving the 征求意见书."""
    text = gettext_noop("征求意见开始时办理时限已用尽，征求意见期间不计入的时间不能延后答复期限")
    _warn_if_past_due(ledger, event, text, including_due_day=True)
    ledger.later_steps_taken = True
    answer_due = ledger.calendar.add_workdays(event.delivered or event.day, CONSULTATION_ANSWER_WORKDAYS)
    ledger.open_consultations.append((event.day, answer_due))


def _on_consultation_ended(ledger: _Ledger, event: ClockEvent) -> None:
    """条例 Art. 33 ¶2: the working days in (start, end] of the consultation are not counted. The
    consultations still open end first-in, first-out; an opinion after the answer period is late."""
    if ledger.open_consultations:
        sent, _answer_due = ledger.open_consultations.pop(0)
        ledger.pauses.append((sent, event.day))
        return
    if ledger.unanswered:
        answer_due = ledger.unanswered.pop(0)
        ledger.warnings.append(
            Text(
                gettext_noop(
                    "意见于%(day)s收到，晚于答复意见期限（%(due)s，条例第三十二条）；期限届满时已恢复计算答复期限"
                ),
                day=event.day,
                due=answer_due,
            )
        )
        return
    raise ClockError("没有进行中的征求意见，不能记录“征求意见结束”（征求意见结束不能早于开始）")


def _on_extended(ledger: _Ledger, event: ClockEvent) -> None:
    """条例 Art. 33 ¶1: once, at most 20 working days."""
    workdays = event.workdays or 0
    if ledger.extended:
        raise ClockError("每件申请只能延长一次答复期限（条例第三十三条）")
    if workdays > MAX_EXTENSION_WORKDAYS:
        raise ClockError(f"延长答复期限最长不得超过{MAX_EXTENSION_WORKDAYS}个工作日（条例第三十三条）")
    if workdays < 1:
        raise ClockError("延长的工作日数至少为1天")
    ledger.later_steps_taken = True
    ledger.extended = True
    due = ledger.fixed_due(event.day)
    if due is not None and event.day > due:
        # Art. 33 ¶1: the extension is decided within the original limit; a late one extends nothing.
        ledger.extension_late = True
        ledger.warnings.append(
            Text(
                gettext_noop(
                    "延长答复期限的决定晚于原答复期限（%(kind)s：%(day)s，答复期限：%(due)s），"
                    "不产生延长效力，答复期限不变（条例第三十三条第一款）"
                ),
                kind=event.kind,
                day=event.day,
                due=due,
            )
        )
        return
    ledger.extension = workdays


def _on_later_deadline(ledger: _Ledger, event: ClockEvent) -> None:
    """条例 Art. 35: a reasonable but bulky request: the agency sets a reasonable later deadline."""
    assert event.deadline is not None  # checked by ClockEvent
    _warn_if_past_due(
        ledger, event, gettext_noop("确定合理答复期限的决定晚于原答复期限"), including_due_day=False
    )
    ledger.later_steps_taken = True
    ledger.later_deadline = event.deadline


def _on_fee_notice_issued(ledger: _Ledger, event: ClockEvent) -> None:
    """国办函〔2020〕109号: pay within 20 working days from the day after the notice is received."""
    if ledger.fee_notice is not None:
        raise ClockError("已有未缴费的收费通知，不能再次发出收费通知")
    _warn_if_past_due(ledger, event, gettext_noop("收费通知应当在答复期限内发出"), including_due_day=False)
    assert event.notice_received is not None  # checked by ClockEvent
    ledger.later_steps_taken = True
    ledger.fee_notice = event
    ledger.fee_payment_due = ledger.calendar.add_workdays(event.notice_received, FEE_PAYMENT_WORKDAYS)


def _on_fee_settled(ledger: _Ledger, event: ClockEvent) -> None:
    notice = ledger.fee_notice
    if notice is None:
        raise ClockError(f"没有待缴费的收费通知，不能记录“{event.kind.label}”")
    due = ledger.fee_payment_due
    if event.kind is EventKind.FEE_PAID and due is not None and event.day > due:
        ledger.warnings.append(
            Text(gettext_noop("信息处理费于%(day)s缴纳，晚于缴费期限（%(due)s）"), day=event.day, due=due)
        )
    if not ledger.fee_wait_counts:
        ledger.pauses.append((notice.day, event.day))
    ledger.fee_notice = None


def _on_replied(ledger: _Ledger, event: ClockEvent) -> None:
    _end_open_pauses(ledger, event.day)
    ledger.replied_on = event.day


def _on_closed(ledger: _Ledger, event: ClockEvent) -> None:
    _end_open_pauses(ledger, event.day)
    ledger.closed_on = event.day


def _end_open_pauses(ledger: _Ledger, day: date) -> None:
    ledger.pauses.extend(ledger.open_pauses(day))
    ledger.open_consultations = []
    if ledger.fee_notice is not None and not ledger.fee_wait_counts:
        ledger.fee_notice = None


def _warn_if_past_due(ledger: _Ledger, event: ClockEvent, text: str, *, including_due_day: bool) -> None:
    due = ledger.fixed_due(event.day)
    if due is not None and (event.day > due or (including_due_day and event.day == due)):
        ledger.warnings.append(
            Text(
                gettext_noop("%(text)s（%(kind)s：%(day)s，答复期限：%(due)s）"),
                text=text,
                kind=event.kind,
                day=event.day,
                due=due,
            )
        )


# RECEIVED has no handler: `compute` checks that it is the first event and the only one.
_HANDLERS = {
    EventKind.SUPPLEMENT_REQUESTED: _on_supplement_requested,
    EventKind.SUPPLEMENT_RECEIVED: _on_supplement_received,
    EventKind.CONSULTATION_STARTED: _on_consultation_started,
    EventKind.CONSULTATION_ENDED: _on_consultation_ended,
    EventKind.EXTENDED: _on_extended,
    EventKind.FEE_NOTICE_ISSUED: _on_fee_notice_issued,
    EventKind.FEE_PAID: _on_fee_settled,
    EventKind.FEE_WAIVED: _on_fee_settled,
    EventKind.LATER_DEADLINE: _on_later_deadline,
    EventKind.REPLIED: _on_replied,
    EventKind.CLOSED: _on_closed,
}

_ALLOWED_WHILE_AWAITING_SUPPLEMENT = frozenset(
    {EventKind.SUPPLEMENT_RECEIVED, EventKind.REPLIED, EventKind.CLOSED}
)


_STATUSES_WITH_DUE_DATE = frozenset({ClockStatus.RUNNING, ClockStatus.REPLIED, ClockStatus.CLOSED})


def _state(ledger: _Ledger, today: date) -> ClockState:
    calendar = ledger.calendar
    terminal_day = ledger.closed_on or ledger.replied_on
    end = terminal_day or today
    status = _status(ledger)
    excluded = _excluded_days([*ledger.pauses, *ledger.open_pauses(end)], calendar)
    # No due date while the supplement is awaited (the clock restarts on it) or the clock is paused,
    # unless the pause began when the limit was already spent (then the due date is fixed).
    if ledger.awaiting_supplement:
        due = None
    elif status in _STATUSES_WITH_DUE_DATE:
        due = ledger.with_later_deadline(_due(ledger.start, ledger.limit, excluded, calendar))
    else:
        due = ledger.fixed_due(end)
    used = 0 if ledger.awaiting_supplement else _counted(ledger.start, end, excluded, calendar)
    running_or_paused = status in (ClockStatus.RUNNING, ClockStatus.IN_CONSULTATION, ClockStatus.AWAITING_FEE)
    replied_late = None
    if ledger.replied_on is not None and due is not None:
        replied_late = ledger.replied_on > due
        if replied_late:
            ledger.warnings.append(
                Text(
                    gettext_noop("答复日期（%(day)s）晚于答复期限（%(due)s）"), day=ledger.replied_on, due=due
                )
            )
    return ClockState(
        status=status,
        received=ledger.received,
        clock_start=ledger.start,
        due_date=due,
        limit_workdays=ledger.limit,
        workdays_used=used,
        workdays_left=ledger.limit - used if running_or_paused else None,
        is_overdue=running_or_paused and due is not None and today > due,
        paused_workdays=sum(1 for day in excluded if ledger.start < day <= end),
        supplement_notice_limit=ledger.supplement_notice_limit,
        supplement_notice=_supplement_notice(ledger, today),
        supplement_deadline=ledger.supplement_request.supplement_deadline
        if ledger.supplement_request
        else None,
        fee_payment_due=ledger.fee_payment_due,
        replied_late=replied_late,
        extension_late=ledger.extension_late,
        later_deadline=ledger.later_deadline,
        consultation_answer_due=min((d for _, d in ledger.open_consultations), default=None),
        unanswered_consultations=tuple(ledger.unanswered),
        expected_actions=_expected_actions(ledger, status, due, today),
        warnings=tuple(ledger.warnings),
    )


def _status(ledger: _Ledger) -> ClockStatus:
    if ledger.closed_on is not None:
        return ClockStatus.CLOSED
    if ledger.replied_on is not None:
        return ClockStatus.REPLIED
    if ledger.awaiting_supplement:
        return ClockStatus.AWAITING_SUPPLEMENT
    if ledger.fee_notice is not None:
        return ClockStatus.AWAITING_FEE
    if ledger.open_consultations:
        return ClockStatus.IN_CONSULTATION
    return ClockStatus.RUNNING


def _supplement_notice(ledger: _Ledger, today: date) -> SupplementNotice:
    limit = ledger.supplement_notice_limit
    if ledger.supplement_request is not None:
        return (
            SupplementNotice.ISSUED_LATE if ledger.supplement_request.day > limit else SupplementNotice.ISSUED
        )
    still = ledger.replied_on is None and ledger.closed_on is None and not ledger.later_steps_taken
    return SupplementNotice.WINDOW_OPEN if still and today <= limit else SupplementNotice.NOT_ISSUED


def _expected_actions(
    ledger: _Ledger, status: ClockStatus, due: date | None, today: date
) -> tuple[ExpectedAction, ...]:
    if status is ClockStatus.RUNNING and due is not None:
        text = Text(gettext_noop("应于%(day)s前（含当日）答复申请人（条例第三十三条）"), day=due)
        if ledger.later_deadline is not None and due == ledger.later_deadline:
            text = Text(
                gettext_noop("应于%(day)s前（含当日）答复申请人（条例第三十五条，合理期限）"), day=due
            )
        return (ExpectedAction(ActionKind.REPLY, due, None, text),)
    overdue_reply = ()
    if status in (ClockStatus.IN_CONSULTATION, ClockStatus.AWAITING_FEE) and due is not None:
        # The pause began when the limit was already spent: it hides nothing.
        text = Text(
            gettext_noop("答复期限（%(day)s）在征求意见或收费通知前已届满，暂停不计算的时间不能延后答复期限"),
            day=due,
        )
        overdue_reply = (ExpectedAction(ActionKind.REPLY, due, None, text),)
    if status is ClockStatus.AWAITING_SUPPLEMENT and ledger.supplement_request is not None:
        deadline = ledger.supplement_request.supplement_deadline
        if deadline is not None and today > deadline:
            outcome = ReplyOutcome.OTHER_NO_SUPPLEMENT
            text = Text(
                gettext_noop(
                    "申请人未在补正期限（%(day)s）内补正，视为放弃申请，应不再处理该申请"
                    "（条例第三十条；年度报告计入%(group)s“%(row)s”）"
                ),
                day=deadline,
                group=outcome.group.row_label,
                row=outcome.row_label,
            )
            return (ExpectedAction(ActionKind.CLOSE, None, outcome, text),)
        return (
            ExpectedAction(
                ActionKind.AWAIT_APPLICANT,
                deadline,
                None,
                Text(gettext_noop("等待申请人在%(day)s前补正"), day=deadline),
            ),
        )
    if status is ClockStatus.AWAITING_FEE and ledger.fee_payment_due is not None:
        pay_by = ledger.fee_payment_due
        if today > pay_by:
            outcome = ReplyOutcome.OTHER_FEE_UNPAID
            text = Text(
                gettext_noop(
                    "申请人未在缴费期限（%(day)s）内缴纳信息处理费，视为放弃申请，应不再处理该申请"
                    "（国办函〔2020〕109号；年度报告计入%(group)s“%(row)s”）"
                ),
                day=pay_by,
                group=outcome.group.row_label,
                row=outcome.row_label,
            )
            return (*overdue_reply, ExpectedAction(ActionKind.CLOSE, None, outcome, text))
        return (
            *overdue_reply,
            ExpectedAction(
                ActionKind.AWAIT_APPLICANT,
                pay_by,
                None,
                Text(gettext_noop("等待申请人在%(day)s前缴费"), day=pay_by),
            ),
        )
    return overdue_reply


def _excluded_days(pauses: Iterable[tuple[date, date]], calendar: WorkdayCalendar) -> frozenset[date]:
    """The working days in the union of the (since, until] pauses."""
    days: set[date] = set()
    for since, until in pauses:
        day = since
        while day < until:
            day += timedelta(days=1)
            if calendar.is_workday(day):
                days.add(day)
    return frozenset(days)


def _due(start: date, limit: int, excluded: frozenset[date], calendar: WorkdayCalendar) -> date:
    """The day on which the counted working days after `start` reach `limit`."""
    counted = 0
    day = start
    while counted < limit:
        day += timedelta(days=1)
        if calendar.is_workday(day) and day not in excluded:
            counted += 1
    return day


def _counted(start: date, end: date, excluded: frozenset[date], calendar: WorkdayCalendar) -> int:
    """Counted working days in (start, end]."""
    counted = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_workday(day) and day not in excluded:
            counted += 1
    return counted


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
