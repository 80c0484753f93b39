"""Applications arrive: online submission, registration by a handler, confirmation of online
submissions (条例 Art. 31), voiding, handler assignment and attachments."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.applications import clock, codes, files, letters, notify, queries, receipt, validation
from gongkai.applications.models import (
    OPEN_STATUSES,
    Application,
    Attachment,
    Channel,
    ClockEvent,
    Notice,
    Source,
    Status,
)
from gongkai.applications.services.common import HANDLE, issue_notice, locked
from gongkai.applications.services.ledger import recompute
from gongkai.applications.services.numbers import tracking_number
from gongkai.audit import services as audit
from gongkai.core.errors import DomainError, require
from gongkai.workcalendar.workdays import YearNotCovered


@dataclass(frozen=True)
class Submitted:
    application: Application
    query_code: str  # shown once and e-mailed; only its hash is stored (and, for a day, for replays)
    warnings: tuple[str, ...] = ()
    replayed: bool = False  # the same submission again (same idempotency key): nothing was created


REPLAY_HOURS = 24  # a submission key answers retries for a day, then the nightly task forgets it


def submission_key_hash(key: str) -> str:
    return hashlib.sha256(("gongkai.applications.submission " + key).encode("utf-8")).hexdigest()


def earlier_submission(submission_key: str) -> Submitted | None:
    """The submission already made with this key (a retry, a double click), else None: callers check it
    before counting a rate-limit hit, so a retry never uses up the limit."""
    return _replay(submission_key_hash(submission_key)) if submission_key else None


def _replay(key_hash: str) -> Submitted | None:
    application = Application.objects.filter(submission_key=key_hash).first()
    if application is None:
        return None
    if not application.replay_code:
        raise DomainError(_("该提交已处理过（幂等键已使用），请凭登记号和查询码查询。"), field=None)
    return Submitted(application, application.replay_code, replayed=True)


def _clean_applicant(data) -> dict[str, str]:
    clean = validation.normalise(data)
    errors = validation.application_errors(clean)
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field)
    return clean


def check_uploads(uploads) -> list[tuple[object, files.FileType]]:
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


def store_attachment(
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


def _new_application(
    *, clean: dict[str, str], channel: str, source: str, actor, submission_key: str = ""
) -> tuple[Application, str]:
    code = codes.new_code()
    replay = {"submission_key": submission_key, "replay_code": code} if submission_key else {}
    application = Application.objects.create(
        **replay,
        tracking_number=tracking_number(),
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
def submit_application(
    *, data, source: str = Source.PUBLIC_FORM, uploads=(), submission_key: str = ""
) -> Submitted:
    """An application through the public form or the API (互联网渠道). It counts as received on the
    date both sides confirm (条例 Art. 31), i.e. when a handler registers it (`confirm_submission`).

    `submission_key` (the form token's nonce, the API's Idempotency-Key) makes it idempotent: the same
    key again — back and resubmit, a double click, a retried request, even in parallel — returns the
    first submission (`replayed`) with its tracking number and query code, and creates nothing."""
    key_hash = submission_key_hash(submission_key) if submission_key else ""
    if key_hash and (earlier := _replay(key_hash)) is not None:
        return earlier
    clean = _clean_applicant(data)
    checked = check_uploads(uploads)
    try:
        with transaction.atomic():
            application, code = _new_application(
                clean=clean, channel=Channel.ONLINE, source=source, actor=None, submission_key=key_hash
            )
    except IntegrityError:
        # A parallel request with the same key committed first (the unique key waited for it).
        earlier = _replay(key_hash) if key_hash else None
        if earlier is None:
            raise
        return earlier
    for upload, file_type in checked:
        store_attachment(application, upload, file_type, kind=Attachment.Kind.IDENTITY, actor=None)
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
    issue_notice(
        application,
        actor=actor,
        kind=Notice.Kind.ACKNOWLEDGEMENT,
        issued_on=queries.today(),
        body=letters.acknowledgement_text(
            tracking_number=application.tracking_number,
            received_on=received.received_on,
            due_on=application.due_on,
            provisional_year=application.calendar_missing_year,
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


def forget_submission_keys(*, now=None) -> int:
    """After a day a submission key no longer answers retries: the key and the kept query code go."""
    cutoff = (now or queries.now()) - timedelta(hours=REPLAY_HOURS)
    return Application.objects.filter(submitted_at__lt=cutoff, submission_key__isnull=False).update(
        submission_key=None, replay_code=""
    )


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
    require(actor, HANDLE)
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise DomainError(_("请选择受理渠道：当面提交、邮寄、传真或电子邮件。"), field="channel")
    clean = _clean_applicant(data)
    received = _receipt(channel, arrived_on, confirmed_on)
    checked = check_uploads(uploads)
    application, code = _new_application(clean=clean, channel=channel, source=Source.STAFF, actor=actor)
    application.arrived_on, application.confirmed_on = arrived_on, confirmed_on
    for upload, file_type in checked:
        store_attachment(application, upload, file_type, kind=Attachment.Kind.APPLICATION, actor=actor)
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
    require(actor, HANDLE)
    application = locked(application)
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
    require(actor, HANDLE)
    application = locked(application)
    if application.status != Status.SUBMITTED:
        raise DomainError(_("只能作废尚未登记受理的网上申请。"))
    if not reason.strip():
        raise DomainError(_("请说明作废原因。"), field="reason")
    application.status, application.void_reason = Status.VOID, reason.strip()[:200]
    application.save(update_fields=["status", "void_reason", "updated_at"])
    audit.record(actor=actor, action="application.void", target=application, after={"reason": reason.strip()})


@transaction.atomic
def assign_handler(*, actor, application: Application, handler) -> None:
    require(actor, HANDLE)
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
    require(actor, HANDLE)
    if kind not in Attachment.Kind.values:
        raise DomainError(_("请选择材料类型。"), field="kind")
    if kind == Attachment.Kind.DISCLOSED:
        # The signed letter lists its 附件: disclosed material is attached before signature, to a case
        # that gives information (not after the letter is pinned).
        from gongkai.applications.models import ReplyLetter

        letter = ReplyLetter.objects.filter(application=application).first()
        if letter is not None and letter.state == ReplyLetter.State.SIGNED:
            raise DomainError(_("答复书已签发，不能再附加公开的政府信息；请重新出具答复书。"), field="kind")
        if application.status not in OPEN_STATUSES:
            raise DomainError(_("案件已办结，不能再附加公开的政府信息。"), field="kind")
    ((checked, file_type),) = check_uploads([upload])
    attachment = store_attachment(application, checked, file_type, kind=kind, actor=actor)
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
