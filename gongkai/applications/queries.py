"""Read-side helpers of 依申请公开: the clock of a case, the staff lists and dashboards, repeated-application
suggestions, the applicant's own view of a case (the only thing the public side ever reads), and the
read-only parts of the case file that services and views share: the fee quote, the template text of a
reply and the content of a letter."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gongkai.applications import clock, codes, documents, fees, labels, letters, similarity
from gongkai.applications.models import (
    CONCLUDED_STATUSES,
    OPEN_STATUSES,
    Application,
    Notice,
    ProvisionForm,
    ReplyLetter,
    Status,
    normalize_phone,
    phone_hash_for,
)
from gongkai.applications.outcomes import ReplyOutcome
from gongkai.core.errors import DomainError
from gongkai.core.models import Organisation
from gongkai.workcalendar.provisional import with_provisional_years
from gongkai.workcalendar.queries import get_calendar
from gongkai.workcalendar.workdays import WorkdayCalendar, YearNotCovered

logger = logging.getLogger(__name__)

DUE_SOON_WORKDAYS = 5  # dashboards: cases due within 5 working days
SUPPLEMENT_WARNING_WORKDAYS = 2  # warn when the Art. 30 limit for the 补正 notice is this close


def now() -> datetime:
    """The single place the application code reads the clock (tests move it)."""
    return timezone.now()


def today() -> date:
    """The bureau's date (Asia/Shanghai)."""
    return timezone.localdate(now())


def fee_wait_counts() -> bool:
    """[U] Whether the wait for a fee counts toward the reply limit (regulations.md §3, Open point 2).
    Setting GONGKAI_FEE_WAIT_COUNTS; default False: the wait is not counted (clock.FEE_WAIT_COUNTS)."""
    return bool(getattr(settings, "GONGKAI_FEE_WAIT_COUNTS", clock.FEE_WAIT_COUNTS))


@dataclass(frozen=True)
class CaseClock:
    """The clock of a case as of a day. When the calendar lacks `missing_year` the state is computed on
    the provisional calendar (workcalendar.provisional: weekends and statutory holidays) and its dates
    are 暂定 (`provisional`); `state` is None only when the ledger is refused (`error`)."""

    state: clock.ClockState | None
    missing_year: int | None = None
    error: str = ""  # a ledger the rules refuse (only through data edited outside the services)
    status: clock.ClockStatus | None = None

    @property
    def provisional(self) -> bool:
        return self.state is not None and self.missing_year is not None

    @property
    def missing_message(self) -> str:
        if self.error:
            return self.error
        return provisional_message(self.missing_year) if self.missing_year else ""


def provisional_message(year: int) -> str:
    return (
        f"{YearNotCovered(year).message}在此之前，答复期限按周末和《全国年节及纪念日放假办法》规定的"
        f"法定节假日暂定计算（标注“暂定”），录入后自动重新计算。"
    )


def ledger(application: Application) -> list[clock.ClockEvent]:
    """The ledger in order (uses prefetched `clock_events` when the queryset prefetched them)."""
    rows = application.clock_events.all()
    return [row.as_clock_event() for row in sorted(rows, key=lambda row: (row.day, row.id or 0))]


_provisional: dict[tuple[int, int, int], tuple[WorkdayCalendar, WorkdayCalendar]] = {}


def provisional_calendar(events: list[clock.ClockEvent], calendar: WorkdayCalendar) -> WorkdayCalendar:
    """The entered calendar plus provisional years around the ledger (weekends and the statutory holidays
    of 《全国年节及纪念日放假办法》, workcalendar.provisional) for the years not entered. Dates computed on it
    are 暂定 and recomputed when the year is entered (calendar_changed)."""
    days = [event.day for event in events] + [today()]
    first, last = min(days).year - 1, max(days).year + 3
    key = (id(calendar), first, last)
    cached = _provisional.get(key)
    if cached is None or cached[0] is not calendar:  # the base is kept, so its id is not reused
        _provisional.clear()  # one calendar at a time: a changed calendar is a new object
        cached = _provisional[key] = (calendar, with_provisional_years(calendar, range(first, last)))
    return cached[1]


def compute(
    events: list[clock.ClockEvent], *, as_of: date | None = None, calendar: WorkdayCalendar | None = None
) -> CaseClock:
    """The state of a ledger; raises clock.ClockError for a ledger the rules refuse."""
    as_of = as_of or today()
    calendar = calendar or get_calendar()
    try:
        state = clock.compute(events, calendar, as_of, fee_wait_counts=fee_wait_counts())
    except YearNotCovered as missing:
        # A year not entered yet: the same rules on the provisional calendar give 暂定 dates.
        provisional = clock.compute(
            events, provisional_calendar(events, calendar), as_of, fee_wait_counts=fee_wait_counts()
        )
        return CaseClock(provisional, missing.year, status=provisional.status)
    return CaseClock(state, status=state.status)


def clock_for(
    application: Application, *, as_of: date | None = None, calendar: WorkdayCalendar | None = None
) -> CaseClock | None:
    """None for an application not (yet) received. A ledger the rules refuse is reported, not raised, so
    that one broken case cannot take a list or a dashboard down with it."""
    if application.received_on is None or application.status == Status.VOID:
        return None
    try:
        return compute(ledger(application), as_of=as_of, calendar=calendar)
    except clock.ClockError as error:
        logger.error("依申请公开 %s 的办理时限事件无法计算：%s", application.tracking_number, error.message)
        return CaseClock(None, None, error.message)


# --- staff lists --------------------------------------------------------------------------------


def due_soon_limit(day: date | None = None) -> date | None:
    day = day or today()
    calendar = get_calendar()
    try:
        return calendar.add_workdays(day, DUE_SOON_WORKDAYS)
    except YearNotCovered:  # the next year not entered yet: its provisional working days (暂定)
        return with_provisional_years(calendar, [day.year, day.year + 1]).add_workdays(day, DUE_SOON_WORKDAYS)


def due_soon(queryset: QuerySet | None = None) -> QuerySet:
    """Running cases due today or within the next 5 working days (not yet overdue)."""
    queryset = Application.objects.all() if queryset is None else queryset
    limit = due_soon_limit()
    running = queryset.filter(status=Status.RUNNING, due_on__gte=today())
    return running.filter(due_on__lte=limit) if limit else running
    # (with the next year's calendar missing, every running case counts as due soon: err on the safe side)


def overdue(queryset: QuerySet | None = None) -> QuerySet:
    """Open cases past their due date. A paused case has a cached due date only when the pause began
    after the limit was spent (clock.py): such a pause never hides the overdue flag."""
    queryset = Application.objects.all() if queryset is None else queryset
    return queryset.filter(status__in=OPEN_STATUSES, due_on__lt=today())


def awaiting_registration(queryset: QuerySet | None = None) -> QuerySet:
    queryset = Application.objects.all() if queryset is None else queryset
    return queryset.filter(status=Status.SUBMITTED).order_by("submitted_at")


@dataclass(frozen=True)
class Attention:
    """A case that needs a decision from staff, with the clock's words for it."""

    application: Application
    message: str
    kind: str  # "close" (an expected closing, suggested not applied), "supplement_limit", "consultation",
    # "calendar"


def needing_attention(queryset: QuerySet | None = None) -> list[Attention]:
    """Expected closings (其他处理 1/2), 补正 notices whose 7-working-day limit is near or past, and
    consultations whose answer period passed in silence (the clock resumed by itself, 条例 Art. 32).

    Closing is only suggested: the handler decides (the applicant may have a good reason for a delay)."""
    queryset = Application.objects.all() if queryset is None else queryset
    found: list[Attention] = []
    day = today()
    for application in queryset.filter(status__in=OPEN_STATUSES).prefetch_related("clock_events"):
        case = clock_for(application)
        if case is None:
            continue
        if case.state is None:
            found.append(Attention(application, case.missing_message, "error"))
            continue
        if case.provisional:
            found.append(Attention(application, case.missing_message, "calendar"))
        state = case.state
        for action in state.expected_actions:
            if action.kind is clock.ActionKind.CLOSE:
                found.append(Attention(application, labels.message(action.message), "close"))
        for answer_due in state.unanswered_consultations:
            found.append(
                Attention(
                    application,
                    _(
                        "征求意见的答复期限（%(day)s）已届满，未收到意见，答复期限已自动恢复计算"
                        "（条例第三十二条、第三十四条）；请记录结果并及时答复"
                    )
                    % {"day": date_format(answer_due, "DATE_FORMAT")},
                    "consultation",
                )
            )
        if state.supplement_notice is clock.SupplementNotice.WINDOW_OPEN:
            try:
                left = get_calendar().workdays_between(day, state.supplement_notice_limit)
            except YearNotCovered:
                left = 0
            if left <= SUPPLEMENT_WARNING_WORKDAYS:
                found.append(
                    Attention(
                        application,
                        _(
                            "如需补正，补正通知最迟应于%(day)s发出"
                            "（收到申请之日起%(n)d个工作日内，条例第三十条）"
                        )
                        % {
                            "day": date_format(state.supplement_notice_limit, "DATE_FORMAT"),
                            "n": clock.SUPPLEMENT_NOTICE_WORKDAYS,
                        },
                        "supplement_limit",
                    )
                )
    return found


def filter_cases(params, *, can_see_applicant: bool) -> QuerySet:
    """The staff case list filtered by the request's query parameters."""
    cases = Application.objects.select_related("handler").order_by("-submitted_at", "-id")
    status = params.get("status", "")
    if status in Status.values:
        cases = cases.filter(status=status)
    elif status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status == "concluded":
        cases = cases.filter(status__in=CONCLUDED_STATUSES)
    due = params.get("due", "")
    if due == "soon":
        cases = due_soon(cases)
    elif due == "overdue":
        cases = overdue(cases)
    channel = params.get("channel", "")
    if channel:
        cases = cases.filter(channel=channel)
    outcome = params.get("outcome", "")
    if outcome:
        cases = cases.filter(outcome=outcome)
    handler = params.get("handler", "")
    if handler.isdigit():
        cases = cases.filter(handler_id=int(handler))
    for name, lookup in (("received_from", "received_on__gte"), ("received_to", "received_on__lte")):
        value = params.get(name, "")
        with contextlib.suppress(ValueError):
            cases = cases.filter(**{lookup: date.fromisoformat(value)}) if value else cases
    query = params.get("q", "").strip()
    if query:
        condition = Q(tracking_number__icontains=query) | Q(description__icontains=query)
        if can_see_applicant:
            condition |= Q(name__icontains=query)
            # Phones are encrypted at rest: found by the keyed hash of the whole number.
            if len(normalize_phone(query)) >= 7:
                condition |= Q(phone_hash=phone_hash_for(query))
        cases = cases.filter(condition)
    return cases


def workdays_left(application: Application) -> int | None:
    """Working days left on a running case (negative when overdue), from the cached due date."""
    if application.status != Status.RUNNING or application.due_on is None:
        return None
    try:
        return get_calendar().workdays_between(today(), application.due_on)
    except YearNotCovered:
        return None


# --- repeated applications --------------------------------------------------------------------


@dataclass(frozen=True)
class RepeatCandidate:
    application: Application
    likeness: float


def repeat_candidates(application: Application, *, limit: int = 5) -> list[RepeatCandidate]:
    """Earlier applications of the same applicant, already answered, asking for alike information
    (条例 Art. 36(6)). Suggestions only; the handler links them or not."""
    linked = set(application.links.values_list("related_id", flat=True))
    earlier = (
        Application.objects.filter(applicant_key=application.applicant_key, status=Status.REPLIED)
        .exclude(pk=application.pk)
        .exclude(pk__in=linked)
        .order_by("-received_on")[:200]
    )
    found = [
        RepeatCandidate(other, score)
        for other in earlier
        if (score := similarity.likeness(application.description, other.description))
        >= similarity.REPEAT_THRESHOLD
    ]
    return sorted(found, key=lambda candidate: -candidate.likeness)[:limit]


# --- the applicant's own view (public) ----------------------------------------------------------


def find_for_applicant(tracking_number: str, query_code: str) -> Application | None:
    """The application whose tracking number AND query code match, else None (either way alike)."""
    number = tracking_number.replace("\x00", "").strip().upper()  # PostgreSQL refuses NUL in text
    application = Application.objects.filter(tracking_number=number).exclude(status=Status.VOID).first()
    stored = application.query_code_hash if application is not None else codes.dummy_hash()
    valid = codes.check_code(query_code, stored)
    return application if application is not None and valid else None


@dataclass(frozen=True)
class SubmissionReceipt:
    """The printable 回执 shown after an online submission: what was submitted (the applicant's name,
    identity number, phone and e-mail masked: the page may be printed or left on a shared screen), when,
    and the legal time limits that will apply."""

    submitted_at: datetime
    rows: list[tuple[str, str]]
    time_limit: str


def submission_receipt(application: Application) -> SubmissionReceipt:
    from gongkai.applications.models import mask_middle

    local, _at, domain = application.email.partition("@")
    rows = [
        (_("申请人类型"), application.get_applicant_type_display()),
        (_("姓名或名称"), application.masked_name),
        (_("证件"), f"{application.get_id_type_display()} {mask_middle(application.id_number, 3, 2)}"),
        (_("联系电话"), mask_middle(application.phone, 3, 2)),
        (_("电子邮箱"), f"{local[:1]}***@{domain}" if application.email else "-"),
        (_("所需政府信息的名称或描述"), application.description),
        (_("文号"), application.document_reference or "-"),
        (_("信息的提供形式"), application.get_provision_form_display()),
        (_("获取信息的方式"), application.get_delivery_method_display()),
        (_("附件"), str(application.attachments.count())),
    ]
    time_limit = _(
        "网上提交的申请，以双方确认之日为收到申请之日（《中华人民共和国政府信息公开条例》第三十一条）。"
        "申请内容不明确的，本机关自收到申请之日起%(supplement)d个工作日内一次性告知补正（第三十条）；"
        "本机关自收到申请之日起%(reply)d个工作日内予以答复，需要延长答复期限的，经政府信息公开工作机构"
        "负责人同意并告知申请人，延长的期限最长不超过%(extension)d个工作日（第三十三条）。"
    ) % {
        "supplement": clock.SUPPLEMENT_NOTICE_WORKDAYS,
        "reply": clock.REPLY_WORKDAYS,
        "extension": clock.MAX_EXTENSION_WORKDAYS,
    }
    return SubmissionReceipt(timezone.localtime(application.submitted_at), rows, time_limit)


@dataclass(frozen=True)
class PublicNotice:
    kind: str
    title: str
    issued_on: date
    deadline: date | None
    document_number: str = ""  # a numbered notice (issue 10)


@dataclass(frozen=True)
class PublicStatus:
    """What the applicant sees: no name, no identity number, no contact data. Built field by field, so
    that nothing personal can reach a public page or the public API by accident."""

    tracking_number: str
    status: str
    status_label: str
    submitted_on: date
    received_on: date | None
    due_on: date | None
    due_note: str
    outcome: str | None
    outcome_label: str | None
    replied_on: date | None
    document_number: str | None
    notices: tuple[PublicNotice, ...]
    has_letter: bool


def public_status(application: Application) -> PublicStatus:
    due_note = ""
    if application.status == Status.SUBMITTED:
        due_note = "待工作人员确认受理后开始计算答复期限（条例第三十一条）"
    elif application.status in (Status.AWAITING_SUPPLEMENT,):
        due_note = "等待补正：答复期限自收到补正后的申请之日起重新计算（条例第三十条）"
    elif application.status == Status.IN_CONSULTATION:
        due_note = "征求意见期间不计入答复期限（条例第三十三条第二款）"
    elif application.status == Status.AWAITING_FEE:
        due_note = "等待缴纳信息处理费"
    elif application.calendar_missing_year:
        year = application.calendar_missing_year
        due_note = f"答复期限为暂定日期：{year}年放假安排公布后确定（按法定节假日暂定计算）"
    letter = ReplyLetter.objects.filter(application=application, state=ReplyLetter.State.SIGNED).first()
    replied = application.status == Status.REPLIED
    outcome = application.reply_outcome if application.status in CONCLUDED_STATUSES else None
    notices = tuple(
        PublicNotice(
            notice.kind, notice.get_kind_display(), notice.issued_on, notice.deadline, notice.document_number
        )
        for notice in application.notices.filter(kind__in=Notice.TO_APPLICANT)
    )
    return PublicStatus(
        tracking_number=application.tracking_number,
        status=application.status,
        status_label=str(application.get_status_display()),
        submitted_on=timezone.localdate(application.submitted_at),
        received_on=application.received_on,
        due_on=application.due_on if application.status not in (Status.SUBMITTED, Status.VOID) else None,
        due_note=due_note,
        outcome=outcome.value if outcome else None,
        outcome_label=f"{outcome.group.label}（{outcome.label}）"
        if outcome and outcome.group.has_sub_rows
        else (outcome.label if outcome else None),
        replied_on=application.concluded_on if replied else None,
        document_number=letter.document_number if letter and replied else None,
        notices=notices,
        has_letter=bool(letter and replied and letter.public_pdf),
    )


# 国办函〔2020〕109号 Art. 5 applies to 纸质件, 电子邮件, 复制电子数据; 现场查阅 is none of them.
FEE_FORM_OF = {
    ProvisionForm.PAPER: fees.ProvisionForm.PAPER,
    ProvisionForm.EMAIL: fees.ProvisionForm.EMAIL,
    ProvisionForm.ELECTRONIC_MEDIA: fees.ProvisionForm.ELECTRONIC_COPY,
    ProvisionForm.COLLECT: fees.ProvisionForm.OTHER,
}


def quote_for(
    application: Application,
    *,
    method: str,
    pieces: int | None = None,
    pages: int | None = None,
    relief_reason: str = "",
    relief_payable: Decimal | None = None,
) -> tuple[fees.FeeQuote, int | None]:
    """The fee under the chosen method: 按件 counts the 件 (after 一事一申请 splitting, `Application.pieces`)
    of the applicant's earlier applications received in the same calendar month (办法 Art. 4); 按量 the
    pages, only for paper, e-mail or copied data (Art. 5). `pieces` defaults to this case's 件数."""
    relief = fees.Relief(relief_reason, relief_payable) if relief_reason.strip() else None
    try:
        if method == fees.FeeMethod.BY_APPLICATION:
            received = application.received_on
            earlier_cases = (
                Application.objects.received()
                .filter(applicant_key=application.applicant_key, received_on__year=received.year)
                .filter(received_on__month=received.month)
                .filter(received_on__lte=received)
                .exclude(pk=application.pk)
                .exclude(received_on=received, pk__gt=application.pk)
            )
            earlier = fees.pieces_earlier_in_month(
                received=received, earlier=earlier_cases.values_list("received_on", "pieces")
            )
            quote = fees.quote_fee(
                method=fees.FeeMethod.BY_APPLICATION,
                earlier_this_month=earlier,
                pieces=pieces or application.pieces,
                relief=relief,
            )
            return quote, earlier
        if method == fees.FeeMethod.BY_VOLUME:
            form = FEE_FORM_OF[ProvisionForm(application.provision_form)]
            return fees.quote_fee(
                method=fees.FeeMethod.BY_VOLUME, pages=pages, form=form, relief=relief
            ), None
    except fees.FeeError as error:
        raise DomainError(error.message) from None
    raise DomainError(_("请选择计收方式：按件计收或按量计收。"), field="method")


def draft_text(
    application: Application,
    outcome: ReplyOutcome,
    letter_form: letters.LetterForm | None = None,
    details: dict[str, str] | None = None,
) -> str:
    """The template text of an outcome, filled from the case."""
    supplement = application.clock_events.filter(kind=clock.EventKind.SUPPLEMENT_REQUESTED).first()
    fee = application.clock_events.filter(kind=clock.EventKind.FEE_NOTICE_ISSUED).order_by("-day").first()
    earlier = application.links.select_related("related").first()
    return letters.reply_body(
        outcome=outcome,
        tracking_number=application.tracking_number,
        received_on=application.received_on,
        description=application.description,
        provision_form=str(application.get_provision_form_display()),
        reconsideration_body=Organisation.current().reconsideration_authority,
        supplement_on=supplement.day if supplement else None,
        supplement_deadline=supplement.supplement_deadline if supplement else None,
        fee_on=fee.day if fee else None,
        earlier=earlier.related.tracking_number if earlier else "",
        letter_form=letter_form,
        details=details,
    )


def letter_content(letter: ReplyLetter, *, public_copy: bool = False) -> documents.LetterContent:
    application = letter.application
    salutation = application.name
    body = letter.body
    annexes = disclosed_names(application)
    if public_copy:
        salutation = application.masked_name
        body = letters.redact(body, personal_values(application))
        annexes = [letters.redact(name, personal_values(application)) for name in annexes]
    return documents.LetterContent(
        organisation=Organisation.current().name,
        document_number=letter.document_number or "",
        salutation=salutation,
        body=body,
        signed_on=letter.signed_on,
        tracking_number=application.tracking_number,
        annexes=tuple(annexes),
    )


def disclosed_material(application: Application):
    """The disclosed information (可以公开的部分) attached to the reply, in upload order."""
    from gongkai.applications.models import Attachment

    return application.attachments.filter(kind=Attachment.Kind.DISCLOSED).order_by("uploaded_at", "id")


def disclosed_names(application: Application) -> list[str]:
    """The 附件 names the letter lists: the file names without extension (they were chosen by staff)."""
    return [attachment.original_name.rsplit(".", 1)[0] for attachment in disclosed_material(application)]


def notice_content(notice: Notice) -> documents.LetterContent:
    """A numbered notice as a document: the same layout as the reply letter (GB/T 9704 practice), its
    kind as the title, the recipient (the applicant, or the consulted party) as the salutation."""
    application = notice.application
    return documents.LetterContent(
        organisation=Organisation.current().name,
        document_number=notice.document_number,
        salutation=notice.recipient or application.name,
        body=notice.body,
        signed_on=notice.issued_on,
        tracking_number=application.tracking_number,
        title=str(notice.get_kind_display()),
    )


def personal_values(application: Application) -> list[str]:
    return [
        application.name,
        application.id_number,
        application.phone,
        application.email,
        application.address,
        application.contact_person,
    ]
