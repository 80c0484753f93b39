"""Every state change of an 依申请公开 case: one function per business action, each in one transaction
with its permission check, validation, the change, the clock recomputation and the audit record.

Audit records name the case by its tracking number and carry no personal data of the applicant (the
audit trail is read by administrators and leaders, who see applicants masked)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.applications import (
    clock,
    codes,
    documents,
    fees,
    files,
    letters,
    notify,
    queries,
    receipt,
    validation,
)
from gongkai.applications.models import (
    OPEN_STATUSES,
    Appeal,
    Application,
    ApplicationLink,
    Attachment,
    Channel,
    ClockEvent,
    Consultation,
    Delivery,
    ExtensionRequest,
    FeeDecision,
    LegalReview,
    Notice,
    ProvisionForm,
    ReplyLetter,
    Source,
    Status,
)
from gongkai.applications.outcomes import ReplyOutcome
from gongkai.audit import services as audit
from gongkai.core.errors import DomainError
from gongkai.core.models import Organisation
from gongkai.workcalendar.queries import get_calendar
from gongkai.workcalendar.workdays import YearNotCovered

HANDLE = "applications.handle_application"
LEGAL_REVIEW = "applications.legal_review"
APPROVE_EXTENSION = "applications.approve_extension"
SIGN = "applications.sign_reply"
MANAGE_APPEALS = "applications.manage_appeals"

TRACKING_PREFIX = "YSQ"

# 国办函〔2020〕109号 Art. 5 applies to 纸质件, 电子邮件, 复制电子数据; 现场查阅 is none of them.
FEE_FORM_OF = {
    ProvisionForm.PAPER: fees.ProvisionForm.PAPER,
    ProvisionForm.EMAIL: fees.ProvisionForm.EMAIL,
    ProvisionForm.ELECTRONIC_MEDIA: fees.ProvisionForm.ELECTRONIC_COPY,
    ProvisionForm.COLLECT: fees.ProvisionForm.OTHER,
}


def _require(actor, permission: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied


def _not_future(day: date, field: str, label: str) -> None:
    if day > queries.today():
        raise DomainError(_("%(label)s不能晚于今天。") % {"label": label}, field=field)


def _locked(application: Application) -> Application:
    """The case re-read under a row lock: two handlers acting at once are serialised."""
    return Application.objects.select_for_update().get(pk=application.pk)


def _require_open(application: Application) -> None:
    if application.status not in OPEN_STATUSES:
        raise DomainError(
            _("申请当前状态为“%(s)s”，不能进行此操作。") % {"s": application.get_status_display()}
        )


def next_number(name: str, year: int) -> int:
    """The next number of a yearly sequence; the counter row is locked until the transaction ends."""
    from gongkai.core.sequences import next_value

    return next_value(f"applications.{name}", year)


def _tracking_number() -> str:
    year = queries.today().year
    return f"{TRACKING_PREFIX}{year}-{next_number('tracking', year):05d}"


# --- the clock ------------------------------------------------------------------------------------


CACHE_FIELDS = ("status", "due_on", "calendar_missing_year", "concluded_on")


def _refresh_cache(application: Application, calendar=None) -> bool:
    """Set the cached fields from the ledger; True when any of them changed."""
    case = queries.clock_for(application, calendar=calendar)
    if case is None or case.error:
        return False  # not received, or a refused ledger: keep the last good cache (the case page says why)
    events = queries.ledger(application)
    ends = [event.day for event in events if event.kind in (clock.EventKind.REPLIED, clock.EventKind.CLOSED)]
    values = {
        "status": Status(case.status.value),
        "due_on": case.state.due_date if case.state else None,
        "calendar_missing_year": case.missing_year,
        "concluded_on": ends[-1] if ends else None,
    }
    changed = any(getattr(application, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(application, name, value)
    return changed


def recompute(application: Application) -> Application:
    """Rewrite the cached status and due date from the ledger and the current calendar."""
    if _refresh_cache(application):
        application.updated_at = timezone.now()
        Application.objects.filter(pk=application.pk).update(
            **{name: getattr(application, name) for name in CACHE_FIELDS}, updated_at=application.updated_at
        )
    return application


def recompute_all(*, years: list[int] | None = None) -> int:
    """After a calendar change: every received case whose clock may touch `years` (all when None).
    Concluded cases are included, since the on-time rate compares the reply with the due date. Returns
    the number of cases checked; only those whose cache changed are written."""
    cases = Application.objects.received().prefetch_related("clock_events").order_by("pk")
    if years:
        cases = cases.filter(received_on__year__gte=min(years) - 1, received_on__year__lte=max(years))
    calendar = get_calendar()
    count, changed = 0, []
    for application in cases.iterator(chunk_size=500):
        count += 1
        if _refresh_cache(application, calendar):
            application.updated_at = timezone.now()
            changed.append(application)
        if len(changed) >= 500:
            Application.objects.bulk_update(changed, [*CACHE_FIELDS, "updated_at"])
            changed = []
    if changed:
        Application.objects.bulk_update(changed, [*CACHE_FIELDS, "updated_at"])
    return count


def on_calendar_changed(sender, years=None, **kwargs) -> None:
    recompute_all(years=list(years or []))


@dataclass(frozen=True)
class Recorded:
    event: ClockEvent
    warnings: tuple[str, ...]


def _append_event(
    application: Application, *, actor, kind: clock.EventKind, day: date, note: str = "", **fields
) -> Recorded:
    """Add one ledger entry after checking the whole ledger with it (clock.compute refuses what the rules
    do not allow: a second extension, a consultation while awaiting the supplement, …)."""
    _not_future(day, "day", _("日期"))
    if application.received_on is not None and day < application.received_on:
        raise DomainError(_("日期不能早于收到申请之日。"), field="day")
    try:
        new = clock.ClockEvent(kind, day, **fields)
        events = [*queries.ledger(application), new]
        before = queries.compute(events[:-1]).state
        after = queries.compute(events).state
    except clock.ClockError as error:
        raise DomainError(error.message) from None
    row = ClockEvent.objects.create(
        application=application, kind=kind.value, day=day, note=note, recorded_by=actor, **fields
    )
    recompute(application)
    old = set(before.warnings) if before else set()
    warnings = tuple(w for w in after.warnings if w not in old) if after else ()
    audit.record(
        actor=actor,
        action=f"application.clock.{kind.value}",
        target=application,
        after={
            "event": kind.value,
            "day": day.isoformat(),
            **{
                name: value.isoformat() if isinstance(value, date) else value
                for name, value in fields.items()
            },
            "due_on": application.due_on.isoformat() if application.due_on else None,
            "status": application.status,
            **({"warnings": list(warnings)} if warnings else {}),
            **({"backdated_days": (queries.today() - day).days} if day < queries.today() else {}),
        },
    )
    return Recorded(row, warnings)


def _notice(
    application: Application,
    *,
    actor,
    kind: str,
    issued_on: date,
    body: str,
    deadline: date | None = None,
    event: ClockEvent | None = None,
) -> Notice:
    created = Notice.objects.create(
        application=application,
        kind=kind,
        issued_on=issued_on,
        body=body,
        deadline=deadline,
        event=event,
        issued_by=actor,
    )
    if kind in Notice.TO_APPLICANT and application.email:
        notify.notice(
            email=application.email,
            tracking_number=application.tracking_number,
            title=str(created.get_kind_display()),
            text=body,
        )
    return created


# --- applications arrive --------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    application: Application
    query_code: str  # shown once and e-mailed; only its hash is stored
    warnings: tuple[str, ...] = ()


def _clean_applicant(data) -> dict[str, str]:
    clean = validation.normalise(data)
    errors = validation.application_errors(clean)
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field)
    return clean


def _check_uploads(uploads) -> list[tuple[object, files.FileType]]:
    uploads = list(uploads or [])
    if len(uploads) > files.MAX_ATTACHMENTS:
        raise DomainError(_("最多上传%(n)d个附件。") % {"n": files.MAX_ATTACHMENTS}, field="attachments")
    checked = []
    for upload in uploads:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        try:
            kind = files.check(name=upload.name, size=upload.size, head=head)
        except files.FileRejected as error:
            raise DomainError(error.message, field="attachments") from None
        checked.append((upload, kind))
    return checked


def _store_attachment(
    application: Application, upload, file_type: files.FileType, *, kind: str, actor
) -> Attachment:
    content = upload.read()
    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=upload.name[:200],
        content_type=file_type.content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save(f"{uuid.uuid4().hex}{file_type.extension}", ContentFile(content), save=False)
    attachment.save()
    return attachment


def _new_application(*, clean: dict[str, str], channel: str, source: str, actor) -> tuple[Application, str]:
    code = codes.new_code()
    application = Application.objects.create(
        tracking_number=_tracking_number(),
        query_code_hash=codes.hash_code(code),
        channel=channel,
        source=source,
        applicant_key=validation.applicant_key(clean["id_type"], clean["id_number"]),
        submitted_at=queries.now(),
        status=Status.SUBMITTED,
        **clean,
    )
    return application, code


@transaction.atomic
def submit_application(*, data, source: str = Source.PUBLIC_FORM, uploads=()) -> Submitted:
    """An application through the public form or the API (互联网渠道). It counts as received on the
    date both sides confirm (条例 Art. 31), i.e. when a handler registers it (`confirm_submission`)."""
    clean = _clean_applicant(data)
    checked = _check_uploads(uploads)
    application, code = _new_application(clean=clean, channel=Channel.ONLINE, source=source, actor=None)
    for upload, file_type in checked:
        _store_attachment(application, upload, file_type, kind=Attachment.Kind.IDENTITY, actor=None)
    audit.record(
        actor=None,
        action="application.submit",
        target=application,
        after={"channel": application.channel, "source": source, "attachments": len(checked)},
    )
    if application.email:
        notify.acknowledgement(
            email=application.email, tracking_number=application.tracking_number, query_code=code
        )
    return Submitted(application, code)


def _receive(
    application: Application, *, actor, received: receipt.Receipt, backdate_reason: str
) -> list[str]:
    """The RECEIVED event and the acknowledgement; back-dating needs a reason and has its own record."""
    if received.backdated_days > 0 and not backdate_reason.strip():
        raise DomainError(
            _("收到申请之日早于今天（补登%(n)d天前收到的申请），请说明补登原因。")
            % {"n": received.backdated_days},
            field="backdate_reason",
        )
    application.received_on = received.received_on
    application.registered_at = timezone.now()
    application.registered_by = actor
    application.handler = application.handler or actor
    application.status = Status.RUNNING
    application.save()
    ClockEvent.objects.create(
        application=application,
        kind=clock.EventKind.RECEIVED.value,
        day=received.received_on,
        note=received.rule,
        recorded_by=actor,
    )
    recompute(application)
    _notice(
        application,
        actor=actor,
        kind=Notice.Kind.ACKNOWLEDGEMENT,
        issued_on=queries.today(),
        body=letters.acknowledgement_text(
            tracking_number=application.tracking_number,
            received_on=received.received_on,
            due_on=application.due_on,
        ),
    )
    if received.backdated_days > 0:
        audit.record(
            actor=actor,
            action="application.backdate",
            target=application,
            after={
                "received_on": received.received_on.isoformat(),
                "registered_on": queries.today().isoformat(),
                "days": received.backdated_days,
                "reason": backdate_reason.strip(),
            },
        )
    warnings = []
    if application.calendar_missing_year:
        warnings.append(YearNotCovered(application.calendar_missing_year).message)
    return warnings


def _receipt(channel: str, arrived_on: date | None, confirmed_on: date | None) -> receipt.Receipt:
    try:
        return receipt.receipt_date(
            channel=receipt.Channel(channel),
            arrived_on=arrived_on,
            confirmed_on=confirmed_on,
            today=queries.today(),
        )
    except receipt.ReceiptError as error:
        raise DomainError(error.message, field=error.field) from None


@transaction.atomic
def register_application(
    *,
    actor,
    channel: str,
    data,
    arrived_on: date | None,
    confirmed_on: date | None = None,
    backdate_reason: str = "",
    uploads=(),
) -> Submitted:
    """A handler registers an application received in person, by post, fax or e-mail; the receipt date
    follows the channel's rule (条例 Art. 31, `receipt.py`). Future dates are refused."""
    _require(actor, HANDLE)
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise DomainError(_("请选择受理渠道：当面提交、邮寄、传真或电子邮件。"), field="channel")
    clean = _clean_applicant(data)
    received = _receipt(channel, arrived_on, confirmed_on)
    checked = _check_uploads(uploads)
    application, code = _new_application(clean=clean, channel=channel, source=Source.STAFF, actor=actor)
    application.arrived_on, application.confirmed_on = arrived_on, confirmed_on
    for upload, file_type in checked:
        _store_attachment(application, upload, file_type, kind=Attachment.Kind.APPLICATION, actor=actor)
    audit.record(
        actor=actor,
        action="application.register",
        target=application,
        after={
            "channel": channel,
            "arrived_on": arrived_on.isoformat() if arrived_on else None,
            "confirmed_on": confirmed_on.isoformat() if confirmed_on else None,
            "received_on": received.received_on.isoformat(),
            "rule": received.rule,
        },
    )
    warnings = _receive(application, actor=actor, received=received, backdate_reason=backdate_reason)
    if receipt.late_confirmation(receipt.Channel(channel), arrived_on=arrived_on, confirmed_on=confirmed_on):
        warnings.append(
            _("平常信函应当于收到申请的当日与申请人确认（条例第三十一条），本件确认日期晚于收件日期。")
        )
    if application.email:
        notify.acknowledgement(
            email=application.email, tracking_number=application.tracking_number, query_code=code
        )
    return Submitted(application, code, tuple(warnings))


@transaction.atomic
def confirm_submission(
    *, actor, application: Application, confirmed_on: date, backdate_reason: str = ""
) -> list[str]:
    """Register an online application: the day both sides confirm is the receipt date (条例 Art. 31)."""
    _require(actor, HANDLE)
    application = _locked(application)
    if application.status != Status.SUBMITTED:
        raise DomainError(_("该申请已登记或已作废。"))
    arrived = timezone.localdate(application.submitted_at)
    received = _receipt(application.channel, arrived, confirmed_on)
    application.arrived_on, application.confirmed_on = arrived, confirmed_on
    audit.record(
        actor=actor,
        action="application.confirm",
        target=application,
        after={"confirmed_on": confirmed_on.isoformat(), "received_on": received.received_on.isoformat()},
    )
    return _receive(application, actor=actor, received=received, backdate_reason=backdate_reason)


@transaction.atomic
def void_submission(*, actor, application: Application, reason: str) -> None:
    """An online submission that is no application (spam, a test, a duplicate click) is voided, not
    deleted; it is never counted."""
    _require(actor, HANDLE)
    application = _locked(application)
    if application.status != Status.SUBMITTED:
        raise DomainError(_("只能作废尚未登记受理的网上申请。"))
    if not reason.strip():
        raise DomainError(_("请说明作废原因。"), field="reason")
    application.status, application.void_reason = Status.VOID, reason.strip()[:200]
    application.save(update_fields=["status", "void_reason", "updated_at"])
    audit.record(actor=actor, action="application.void", target=application, after={"reason": reason.strip()})


@transaction.atomic
def assign_handler(*, actor, application: Application, handler) -> None:
    _require(actor, HANDLE)
    if not handler.has_perm(HANDLE):
        raise DomainError(_("经办人须具有办理依申请公开申请的权限。"), field="handler")
    before = application.handler_id
    Application.objects.filter(pk=application.pk).update(handler=handler)
    application.handler = handler
    audit.record(
        actor=actor,
        action="application.assign",
        target=application,
        before={"handler": before},
        after={"handler": handler.pk},
    )


@transaction.atomic
def add_attachment(*, actor, application: Application, kind: str, upload) -> Attachment:
    _require(actor, HANDLE)
    if kind not in Attachment.Kind.values:
        raise DomainError(_("请选择材料类型。"), field="kind")
    ((checked, file_type),) = _check_uploads([upload])
    attachment = _store_attachment(application, checked, file_type, kind=kind, actor=actor)
    audit.record(
        actor=actor,
        action="application.attachment",
        target=application,
        after={
            "kind": kind,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "content_type": file_type.content_type,
        },
    )
    return attachment


# --- 补正 (条例 Art. 30) ------------------------------------------------------------------------------


@transaction.atomic
def request_supplement(
    *, actor, application: Application, issued_on: date, deadline: date, items: str
) -> Recorded:
    """One 补正 notice, within 7 working days of receipt (a later one is recorded with a warning)."""
    _require(actor, HANDLE)
    application = _locked(application)
    _require_open(application)
    if not items.strip():
        raise DomainError(_("请写明需要补正的事项。"), field="items")
    if deadline <= issued_on:
        raise DomainError(_("补正期限应晚于补正通知的发出日期。"), field="deadline")
    recorded = _append_event(
        application,
        actor=actor,
        kind=clock.EventKind.SUPPLEMENT_REQUESTED,
        day=issued_on,
        note=items.strip(),
        supplement_deadline=deadline,
    )
    _notice(
        application,
        actor=actor,
        kind=Notice.Kind.SUPPLEMENT,
        issued_on=issued_on,
        deadline=deadline,
        event=recorded.event,
        body=letters.supplement_text(
            tracking_number=application.tracking_number,
            received_on=application.received_on,
            deadline=deadline,
            items=items,
        ),
    )
    return recorded


@transaction.atomic
def record_supplement(
    *, actor, application: Application, received_on: date, note: str = "", uploads=()
) -> Recorded:
    """The supplemented application arrives: the 20 working days run afresh from this day."""
    _require(actor, HANDLE)
    application = _locked(application)
    _require_open(application)
    checked = _check_uploads(uploads)
    recorded = _append_event(
        application, actor=actor, kind=clock.EventKind.SUPPLEMENT_RECEIVED, day=received_on, note=note.strip()
    )
    for upload, file_type in checked:
        _store_attachment(application, upload, file_type, kind=Attachment.Kind.SUPPLEMENT, actor=actor)
    return recorded


# --- 征求意见 (条例 Arts 32–34) -------------------------------------------------------------------------


CONSULTATION_ANSWER_WORKDAYS = 15  # 条例第三十二条、第三十四条：15个工作日内提出意见


@transaction.atomic
def start_consultation(
    *, actor, application: Application, started_on: date, party_kind: str, party: str
) -> Consultation:
    _require(actor, HANDLE)
    application = _locked(application)
    _require_open(application)
    if party_kind not in Consultation.PartyKind.values:
        raise DomainError(_("请选择征求对象类型。"), field="party_kind")
    if not party.strip():
        raise DomainError(_("请填写征求意见的对象。"), field="party")
    recorded = _append_event(
        application,
        actor=actor,
        kind=clock.EventKind.CONSULTATION_STARTED,
        day=started_on,
        note=party.strip(),
    )
    try:
        answer_due = get_calendar().add_workdays(started_on, CONSULTATION_ANSWER_WORKDAYS)
    except YearNotCovered:
        answer_due = None
    consultation = Consultation.objects.create(
        application=application,
        party_kind=party_kind,
        party=party.strip(),
        started_on=started_on,
        answer_due=answer_due,
        created_by=actor,
    )
    _notice(
        application,
        actor=actor,
        kind=Notice.Kind.CONSULTATION,
        issued_on=started_on,
        deadline=answer_due,
        event=recorded.event,
        body=letters.consultation_text(
            party_kind=party_kind,
            tracking_number=application.tracking_number,
            started_on=started_on,
            answer_due=answer_due,
        ),
    )
    return consultation


@transaction.atomic
def end_consultation(*, actor, consultation: Consultation, ended_on: date, opinion: str) -> Recorded:
    """The opinion arrives (or the 15 working days pass in silence): the pause ends on this day."""
    _require(actor, HANDLE)
    application = _locked(consultation.application)
    if consultation.ended_on is not None:
        raise DomainError(_("该征求意见已结束。"))
    if ended_on < consultation.started_on:
        raise DomainError(_("结束日期不能早于征求意见开始日期。"), field="ended_on")
    if not opinion.strip():
        raise DomainError(_("请填写收到的意见，或写明逾期未提出意见。"), field="opinion")
    recorded = _append_event(
        application, actor=actor, kind=clock.EventKind.CONSULTATION_ENDED, day=ended_on, note=opinion.strip()
    )
    consultation.ended_on, consultation.opinion = ended_on, opinion.strip()
    consultation.save(update_fields=["ended_on", "opinion"])
    return recorded


# --- 延长答复期限 (条例 Art. 33) ----------------------------------------------------------------------


@transaction.atomic
def request_extension(*, actor, application: Application, workdays: int, reason: str) -> ExtensionRequest:
    _require(actor, HANDLE)
    application = _locked(application)
    _require_open(application)
    if not 1 <= workdays <= clock.MAX_EXTENSION_WORKDAYS:
        raise DomainError(
            _("延长的期限为1至%(n)d个工作日（条例第三十三条）。") % {"n": clock.MAX_EXTENSION_WORKDAYS},
            field="workdays",
        )
    if not reason.strip():
        raise DomainError(_("请写明延长答复期限的理由。"), field="reason")
    if application.extension_requests.filter(state__in=["pending", "approved"]).exists():
        raise DomainError(_("每件申请只能延长一次答复期限，且已有待审批或已批准的延期申请。"))
    request = ExtensionRequest.objects.create(
        application=application, workdays=workdays, reason=reason.strip(), requested_by=actor
    )
    audit.record(
        actor=actor,
        action="application.extension_request",
        target=application,
        after={"workdays": workdays, "reason": reason.strip()},
    )
    return request


@transaction.atomic
def decide_extension(
    *, actor, request: ExtensionRequest, approve: bool, decided_on: date, note: str = ""
) -> Recorded | None:
    """The head of the disclosure office decides (条例 Art. 33 ¶1); approved → the EXTENDED event and the
    notice to the applicant."""
    _require(actor, APPROVE_EXTENSION)
    application = _locked(request.application)
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ExtensionRequest.State.PENDING:
        raise DomainError(_("该延期申请已审批。"))
    if not approve and not note.strip():
        raise DomainError(_("不同意延期的，请填写审批意见。"), field="note")
    _not_future(decided_on, "decided_on", _("审批日期"))
    recorded = None
    if approve:
        _require_open(application)
        recorded = _append_event(
            application,
            actor=actor,
            kind=clock.EventKind.EXTENDED,
            day=decided_on,
            note=request.reason,
            workdays=request.workdays,
        )
        _notice(
            application,
            actor=actor,
            kind=Notice.Kind.EXTENSION,
            issued_on=decided_on,
            deadline=application.due_on,
            event=recorded.event,
            body=letters.extension_text(
                tracking_number=application.tracking_number,
                received_on=application.received_on,
                workdays=request.workdays,
                reason=request.reason,
                new_due=application.due_on,
            ),
        )
    request.state = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REJECTED
    request.decided_by, request.decided_on, request.decision_note = actor, decided_on, note.strip()
    request.save()
    audit.record(
        actor=actor,
        action="application.extension_decide",
        target=application,
        after={"approved": approve, "workdays": request.workdays, "note": note.strip()},
    )
    return recorded


# --- 信息处理费 (国办函〔2020〕109号) ----------------------------------------------------------------


def quote_for(
    application: Application,
    *,
    method: str,
    pieces: int | None = None,
    pages: int | None = None,
    relief_reason: str = "",
    relief_payable: Decimal | None = None,
) -> tuple[fees.FeeQuote, int | None]:
    """The fee under the chosen method: 按件 counts the applicant's earlier applications received in the
    same calendar month (办法 Art. 4); 按量 the pages, only for paper, e-mail or copied data (Art. 5)."""
    relief = fees.Relief(relief_reason, relief_payable) if relief_reason.strip() else None
    try:
        if method == fees.FeeMethod.BY_APPLICATION:
            received = application.received_on
            earlier = (
                Application.objects.received()
                .filter(applicant_key=application.applicant_key, received_on__year=received.year)
                .filter(received_on__month=received.month)
                .filter(received_on__lte=received)
                .exclude(pk=application.pk)
                .exclude(received_on=received, pk__gt=application.pk)
                .count()
            )
            quote = fees.quote_fee(
                method=fees.FeeMethod.BY_APPLICATION,
                earlier_this_month=earlier,
                pieces=pieces or 1,
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


@transaction.atomic
def issue_fee_notice(
    *,
    actor,
    application: Application,
    method: str,
    issued_on: date,
    notice_received_on: date,
    pieces: int | None = None,
    pages: int | None = None,
    relief_reason: str = "",
    relief_payable: Decimal | None = None,
) -> FeeDecision:
    _require(actor, HANDLE)
    application = _locked(application)
    _require_open(application)
    _not_future(notice_received_on, "notice_received_on", _("申请人收到通知的日期"))
    quote, earlier = quote_for(
        application,
        method=method,
        pieces=pieces,
        pages=pages,
        relief_reason=relief_reason,
        relief_payable=relief_payable,
    )
    if quote.is_free:
        raise DomainError(
            _("按所选方式计算的应缴金额为0元，无需发出收费通知。%(e)s") % {"e": quote.explanation}
        )
    recorded = _append_event(
        application,
        actor=actor,
        kind=clock.EventKind.FEE_NOTICE_ISSUED,
        day=issued_on,
        note=quote.explanation,
        notice_received=notice_received_on,
    )
    state = queries.compute(queries.ledger(application)).state
    payment_due = state.fee_payment_due if state else None
    decision = FeeDecision.objects.create(
        application=application,
        method=quote.method.value,
        pieces=pieces if quote.method is fees.FeeMethod.BY_APPLICATION else None,
        earlier_this_month=earlier,
        pages=pages if quote.method is fees.FeeMethod.BY_VOLUME else None,
        computed=quote.computed,
        amount=quote.amount,
        explanation=quote.explanation,
        relief_reason=relief_reason.strip(),
        issued_on=issued_on,
        notice_received_on=notice_received_on,
        payment_due=payment_due,
        decided_by=actor,
    )
    organisation = Organisation.current()
    _notice(
        application,
        actor=actor,
        kind=Notice.Kind.FEE,
        issued_on=issued_on,
        deadline=payment_due,
        event=recorded.event,
        body=letters.fee_text(
            tracking_number=application.tracking_number,
            quote=quote,
            payment_due=payment_due,
            pay_at=organisation.disclosure_address,
        ),
    )
    audit.record(
        actor=actor,
        action="application.fee_notice",
        target=application,
        after={"method": quote.method.value, "computed": str(quote.computed), "amount": str(quote.amount)},
    )
    return decision


def _open_fee(application: Application) -> FeeDecision:
    decision = application.fee_decisions.filter(state=FeeDecision.State.NOTIFIED).order_by("-id").first()
    if decision is None:
        raise DomainError(_("没有待缴费的收费通知。"))
    return decision


@transaction.atomic
def record_fee_paid(*, actor, application: Application, paid_on: date, note: str = "") -> Recorded:
    _require(actor, HANDLE)
    application = _locked(application)
    decision = _open_fee(application)
    recorded = _append_event(
        application, actor=actor, kind=clock.EventKind.FEE_PAID, day=paid_on, note=note.strip()
    )
    decision.state, decision.settled_on, decision.settle_note = FeeDecision.State.PAID, paid_on, note.strip()
    decision.save(update_fields=["state", "settled_on", "settle_note"])
    return recorded


@transaction.atomic
def waive_fee(*, actor, application: Application, waived_on: date, reason: str) -> Recorded:
    """减免 [U]: a recorded decision with its reason (the 办法's exemption article is not confirmed, so no
    exemption is automatic)."""
    _require(actor, HANDLE)
    application = _locked(application)
    if not reason.strip():
        raise DomainError(_("免收信息处理费须写明理由。"), field="reason")
    decision = _open_fee(application)
    recorded = _append_event(
        application, actor=actor, kind=clock.EventKind.FEE_WAIVED, day=waived_on, note=reason.strip()
    )
    decision.state, decision.settled_on, decision.settle_note = (
        FeeDecision.State.WAIVED,
        waived_on,
        reason.strip(),
    )
    decision.save(update_fields=["state", "settled_on", "settle_note"])
    _notice(
        application,
        actor=actor,
        kind=Notice.Kind.FEE_WAIVER,
        issued_on=waived_on,
        event=recorded.event,
        body=letters.fee_waiver_text(tracking_number=application.tracking_number, reason=reason),
    )
    return recorded


# --- the reply ------------------------------------------------------------------------------------


def draft_text(application: Application, outcome: ReplyOutcome) -> str:
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
        organisation_name=Organisation.current().name,
        supplement_on=supplement.day if supplement else None,
        supplement_deadline=supplement.supplement_deadline if supplement else None,
        fee_on=fee.day if fee else None,
        earlier=earlier.related.tracking_number if earlier else "",
    )


def _outcome(value: str) -> ReplyOutcome:
    try:
        return ReplyOutcome(value)
    except ValueError:
        raise DomainError(_("请从法定的办理结果中选择。"), field="outcome") from None


@transaction.atomic
def draft_reply(*, actor, application: Application, outcome: str, body: str | None = None) -> ReplyLetter:
    """Create or edit the reply draft. With `body` None the outcome's template is used. Editing a letter
    that passed legal review sends it back to draft: only the reviewed text can be signed."""
    _require(actor, HANDLE)
    application = _locked(application)
    _require_open(application)
    chosen = _outcome(outcome)
    text = (body if body is not None else draft_text(application, chosen)).strip()
    if not text:
        raise DomainError(_("答复正文不能为空。"), field="body")
    letter = ReplyLetter.objects.filter(application=application).first()
    if letter is None:
        letter = ReplyLetter.objects.create(
            application=application, outcome=chosen.value, body=text, drafted_by=actor
        )
        audit.record(
            actor=actor, action="application.reply_draft", target=application, after={"outcome": chosen.value}
        )
        return letter
    if letter.state == ReplyLetter.State.SIGNED:
        raise DomainError(_("答复书已签发，不能再修改。"))
    if letter.state == ReplyLetter.State.IN_REVIEW:
        raise DomainError(_("答复书正在法律审查中，审查结束前不能修改。"))
    before = {"outcome": letter.outcome, "body": letter.body, "state": letter.state}
    changed = letter.outcome != chosen.value or letter.body != text
    letter.outcome, letter.body = chosen.value, text
    if changed and letter.state == ReplyLetter.State.APPROVED:
        letter.state = ReplyLetter.State.DRAFT
    letter.drafted_by = actor
    letter.save()
    audit.record(
        actor=actor,
        action="application.reply_draft",
        target=application,
        before=before,
        after={"outcome": letter.outcome, "body": letter.body, "state": letter.state},
    )
    return letter


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def submit_for_legal_review(*, actor, letter: ReplyLetter) -> ReplyLetter:
    _require(actor, HANDLE)
    letter = ReplyLetter.objects.select_for_update().get(pk=letter.pk)
    _require_open(letter.application)
    if letter.state not in (ReplyLetter.State.DRAFT, ReplyLetter.State.RETURNED):
        raise DomainError(
            _("答复书当前状态为“%(s)s”，不能提交法律审查。") % {"s": letter.get_state_display()}
        )
    markers = letters.unfinished_markers(letter.body)
    if markers:
        raise DomainError(
            _("答复正文中仍有待填写的内容：%(m)s。请补全后再提交法律审查。") % {"m": "、".join(markers)},
            field="body",
        )
    letter.state = ReplyLetter.State.IN_REVIEW
    letter.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="application.reply_submit",
        target=letter.application,
        after={"outcome": letter.outcome},
    )
    return letter


@transaction.atomic
def review_reply(*, actor, letter: ReplyLetter, approve: bool, opinion: str) -> LegalReview:
    """答复前法律审查: mandatory before signature; the reviewer may not be the drafter."""
    _require(actor, LEGAL_REVIEW)
    letter = ReplyLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.state != ReplyLetter.State.IN_REVIEW:
        raise DomainError(_("该答复书不在待法律审查状态。"))
    if letter.drafted_by_id == actor.pk:
        raise DomainError(_("拟稿人不能审查自己起草的答复书。"))
    if not opinion.strip():
        raise DomainError(_("请填写法律审查意见。"), field="opinion")
    review = LegalReview.objects.create(
        letter=letter,
        reviewer=actor,
        decision=LegalReview.Decision.APPROVED if approve else LegalReview.Decision.RETURNED,
        opinion=opinion.strip(),
        outcome=letter.outcome,
        body_sha256=_sha(letter.body),
    )
    letter.state = ReplyLetter.State.APPROVED if approve else ReplyLetter.State.RETURNED
    letter.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="application.legal_review",
        target=letter.application,
        after={"decision": review.decision, "opinion": review.opinion, "outcome": letter.outcome},
    )
    return review


def letter_content(letter: ReplyLetter, *, public_copy: bool = False) -> documents.LetterContent:
    application = letter.application
    salutation = application.name
    body = letter.body
    if public_copy:
        salutation = application.masked_name
        body = letters.redact(body, personal_values(application))
    return documents.LetterContent(
        organisation=Organisation.current().name,
        document_number=letter.document_number or "",
        salutation=salutation,
        body=body,
        signed_on=letter.signed_on,
        tracking_number=application.tracking_number,
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


def document_number(year: int) -> str:
    organisation = Organisation.current()
    prefix = organisation.short_name or organisation.name
    return f"{prefix}依申请公开答〔{year}〕{next_number('reply', year)}号"


@transaction.atomic
def sign_reply(*, actor, letter: ReplyLetter, signed_on: date) -> ReplyLetter:
    """The leader signs the reviewed letter: it gets its document number and its DOCX and PDF (the signed
    original, and a public copy with the applicant masked for the status page)."""
    _require(actor, SIGN)
    letter = ReplyLetter.objects.select_for_update().select_related("application").get(pk=letter.pk)
    _require_open(letter.application)
    if letter.state != ReplyLetter.State.APPROVED:
        raise DomainError(_("答复书须经法律审查通过后才能签发。"))
    last_review = letter.reviews.order_by("-reviewed_at", "-id").first()
    if (
        last_review is None
        or last_review.decision != LegalReview.Decision.APPROVED
        or last_review.body_sha256 != _sha(letter.body)
        or last_review.outcome != letter.outcome
    ):
        raise DomainError(_("答复书在法律审查后被修改过，须重新进行法律审查。"))
    _not_future(signed_on, "signed_on", _("签发日期"))
    if signed_on < letter.application.received_on:
        raise DomainError(_("签发日期不能早于收到申请之日。"), field="signed_on")
    letter.document_number = document_number(signed_on.year)
    letter.signed_by, letter.signed_on = actor, signed_on
    letter.state = ReplyLetter.State.SIGNED
    name = f"{letter.application.tracking_number}-{uuid.uuid4().hex[:8]}"
    pdf = documents.letter_pdf(letter_content(letter))
    public = documents.letter_pdf(letter_content(letter, public_copy=True), public_copy=True)
    letter.docx.save(f"{name}.docx", ContentFile(documents.letter_docx(letter_content(letter))), save=False)
    letter.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    letter.public_pdf.save(f"{name}-public.pdf", ContentFile(public), save=False)
    letter.save()
    audit.record(
        actor=actor,
        action="application.reply_sign",
        target=letter.application,
        after={
            "document_number": letter.document_number,
            "signed_on": signed_on.isoformat(),
            "outcome": letter.outcome,
            "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        },
    )
    return letter


@transaction.atomic
def record_delivery(
    *,
    actor,
    application: Application,
    method: str,
    delivered_on: date,
    reference: str = "",
    note: str = "",
    proof=None,
) -> Delivery:
    """送达 of the signed letter; its date (the applicant's signature, or 交邮之日 for post) is the reply
    date on the clock. Delivery by e-mail sends the PDF to the applicant's address."""
    _require(actor, HANDLE)
    application = _locked(application)
    _require_open(application)
    letter = ReplyLetter.objects.filter(application=application, state=ReplyLetter.State.SIGNED).first()
    if letter is None:
        raise DomainError(_("答复书尚未签发，不能送达。"))
    if method not in Delivery.Method.values:
        raise DomainError(_("请选择送达方式。"), field="method")
    if delivered_on < letter.signed_on:
        raise DomainError(_("送达日期不能早于签发日期。"), field="delivered_on")
    if method == Delivery.Method.EMAIL and not application.email:
        raise DomainError(_("申请人未留电子邮箱，不能以电子邮件送达。"), field="method")
    proof_attachment = None
    if proof is not None:
        ((checked, file_type),) = _check_uploads([proof])
        proof_attachment = _store_attachment(
            application, checked, file_type, kind=Attachment.Kind.DELIVERY_PROOF, actor=actor
        )
    recorded = _append_event(
        application, actor=actor, kind=clock.EventKind.REPLIED, day=delivered_on, note=method
    )
    application.outcome = letter.outcome
    application.save(update_fields=["outcome", "updated_at"])
    delivery = Delivery.objects.create(
        application=application,
        letter=letter,
        method=method,
        delivered_on=delivered_on,
        reference=reference.strip(),
        note=note.strip(),
        proof=proof_attachment,
        recorded_by=actor,
    )
    if method == Delivery.Method.EMAIL:
        notify.reply(
            email=application.email,
            tracking_number=application.tracking_number,
            document_number=letter.document_number,
            pdf=letter.pdf.open("rb").read(),
        )
    audit.record(
        actor=actor,
        action="application.deliver",
        target=application,
        after={
            "method": method,
            "delivered_on": delivered_on.isoformat(),
            "outcome": letter.outcome,
            "late": bool(recorded.warnings),
        },
    )
    return delivery


CLOSING_OUTCOMES = (ReplyOutcome.OTHER_NO_SUPPLEMENT, ReplyOutcome.OTHER_FEE_UNPAID, ReplyOutcome.OTHER)


@transaction.atomic
def close_application(
    *, actor, application: Application, outcome: str, closed_on: date, reason: str
) -> Recorded:
    """Stop handling (其他处理). 其他处理1/2 only when the clock expects it (no supplement by the deadline in
    the notice; fee unpaid by the payment date): the clock suggests, the handler decides."""
    _require(actor, HANDLE)
    application = _locked(application)
    _require_open(application)
    chosen = _outcome(outcome)
    if chosen not in CLOSING_OUTCOMES:
        raise DomainError(
            _("终止办理只能选择“其他处理”中的情形；其他办理结果须出具答复书。"), field="outcome"
        )
    if not reason.strip():
        raise DomainError(_("请写明终止办理的理由。"), field="reason")
    _not_future(closed_on, "closed_on", _("终止日期"))
    if chosen in (ReplyOutcome.OTHER_NO_SUPPLEMENT, ReplyOutcome.OTHER_FEE_UNPAID):
        case = queries.compute(queries.ledger(application), as_of=closed_on)
        expected = case.state.expected_actions if case.state else ()
        if not any(action.kind is clock.ActionKind.CLOSE and action.outcome is chosen for action in expected):
            raise DomainError(
                _("截至%(d)s，本案尚不符合“%(o)s”的条件。") % {"d": closed_on, "o": chosen.label},
                field="outcome",
            )
    recorded = _append_event(
        application, actor=actor, kind=clock.EventKind.CLOSED, day=closed_on, note=reason.strip()
    )
    application.outcome = chosen.value
    application.save(update_fields=["outcome", "updated_at"])
    if chosen is ReplyOutcome.OTHER_FEE_UNPAID:
        application.fee_decisions.filter(state=FeeDecision.State.NOTIFIED).update(
            state=FeeDecision.State.LAPSED, settled_on=closed_on
        )
    _notice(
        application,
        actor=actor,
        kind=Notice.Kind.CLOSURE,
        issued_on=closed_on,
        event=recorded.event,
        body=letters.closure_text(tracking_number=application.tracking_number, outcome=chosen, reason=reason),
    )
    audit.record(
        actor=actor,
        action="application.close",
        target=application,
        after={"outcome": chosen.value, "reason": reason.strip()},
    )
    return recorded


# --- repeated applications ------------------------------------------------------------------------


@transaction.atomic
def link_repeat(*, actor, application: Application, related: Application, note: str = "") -> ApplicationLink:
    _require(actor, HANDLE)
    if related.pk == application.pk:
        raise DomainError(_("不能把申请与其自身关联。"))
    if ApplicationLink.objects.filter(application=application, related=related).exists():
        raise DomainError(_("两件申请已关联。"))
    link = ApplicationLink.objects.create(
        application=application, related=related, note=note.strip()[:200], linked_by=actor
    )
    audit.record(
        actor=actor,
        action="application.link",
        target=application,
        after={"related": related.tracking_number, "note": note.strip()},
    )
    return link


@transaction.atomic
def unlink_repeat(*, actor, link: ApplicationLink) -> None:
    _require(actor, HANDLE)
    application, related = link.application, link.related.tracking_number
    link.delete()
    audit.record(actor=actor, action="application.unlink", target=application, before={"related": related})


# --- 行政复议和行政诉讼 ------------------------------------------------------------------------------


def _appeal_fields(route: str, result: str, filed_on: date, decided_on: date | None, body: str) -> None:
    if route not in Appeal.Route.values:
        raise DomainError(_("请选择途径：行政复议、未经复议直接起诉或复议后起诉。"), field="route")
    if result not in Appeal.Result.values:
        raise DomainError(_("请选择结果。"), field="result")
    if not body.strip():
        raise DomainError(_("请填写复议机关或人民法院。"), field="body")
    _not_future(filed_on, "filed_on", _("收到日期"))
    if result == "pending" and decided_on is not None:
        raise DomainError(_("尚未审结的案件不应填写审结日期。"), field="decided_on")
    if result != "pending":
        if decided_on is None:
            raise DomainError(_("已审结的案件须填写审结日期。"), field="decided_on")
        _not_future(decided_on, "decided_on", _("审结日期"))
        if decided_on < filed_on:
            raise DomainError(_("审结日期不能早于收到日期。"), field="decided_on")


@transaction.atomic
def record_appeal(
    *,
    actor,
    application: Application,
    route: str,
    body: str,
    filed_on: date,
    case_number: str = "",
    result: str = "pending",
    decided_on: date | None = None,
    note: str = "",
) -> Appeal:
    _require(actor, MANAGE_APPEALS)
    if application.received_on is None:
        raise DomainError(_("尚未受理的申请不能登记复议或诉讼。"))
    _appeal_fields(route, result, filed_on, decided_on, body)
    appeal = Appeal.objects.create(
        application=application,
        route=route,
        body=body.strip(),
        case_number=case_number.strip(),
        filed_on=filed_on,
        result=result,
        decided_on=decided_on,
        note=note.strip(),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action="application.appeal",
        target=application,
        after={
            "route": route,
            "result": result,
            "filed_on": filed_on.isoformat(),
            "case_number": case_number,
        },
    )
    return appeal


@transaction.atomic
def update_appeal(*, actor, appeal: Appeal, result: str, decided_on: date | None, note: str = "") -> Appeal:
    _require(actor, MANAGE_APPEALS)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    _appeal_fields(appeal.route, result, appeal.filed_on, decided_on, appeal.body)
    before = {
        "result": appeal.result,
        "decided_on": appeal.decided_on.isoformat() if appeal.decided_on else None,
    }
    appeal.result, appeal.decided_on = result, decided_on
    if note.strip():
        appeal.note = note.strip()
    appeal.save()
    audit.record(
        actor=actor,
        action="application.appeal_update",
        target=appeal.application,
        before=before,
        after={"result": result, "decided_on": decided_on.isoformat() if decided_on else None},
    )
    return appeal
