"""Every state change of 互动交流: keyword-only, in a transaction, permission checked, audited.

Messages: submit (public) → moderate (敏感词 + privacy gate) → assign (处室 + 承办人) → reply (the writer is
notified; with consent and staff approval a redacted copy joins the public Q&A) → rating (public, by code).
A 举报 may be transferred to an enforcement officer as a case lead (recorded; the enforcement app is
not imported)."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core import notify, publishing, sanitize
from gongkai.core.errors import DomainError, require
from gongkai.core.models import Organisation
from gongkai.core.sequences import next_value
from gongkai.interaction import conf, deadlines, moderation, newmedia
from gongkai.interaction.models import (
    TRACKING_PREFIX,
    Adoption,
    CaseLead,
    Comment,
    Consultation,
    DistrictMap,
    Kind,
    Message,
    OpinionItem,
    Photo,
    Posting,
    PressEvent,
    Publication,
    SensitiveWord,
    Status,
)

logger = logging.getLogger(__name__)

MODERATE = "interaction.moderate_message"
ASSIGN = "interaction.assign_message"
REPLY = "interaction.reply_message"
OVERSEE = "interaction.oversee_message"
TRANSFER = "interaction.transfer_message"
LEAD = "interaction.change_caselead"
CONSULT = "interaction.manage_consultation"
PRESS = "interaction.manage_pressevent"
OPINION = "interaction.manage_opinionitem"
NEWMEDIA = "interaction.manage_publication"
DISTRICT_MAP = "interaction.add_districtmap"

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no look-alikes (0/O, 1/I/L)


def _calendar():
    from gongkai.workcalendar.queries import get_provisional_calendar

    return get_provisional_calendar()


def active_words() -> list[str]:
    return list(SensitiveWord.objects.filter(is_active=True).values_list("word", flat=True))


def _deadline(kind: str, received: date) -> deadlines.Deadline | None:
    from gongkai.workcalendar.workdays import YearNotCovered

    try:
        return deadlines.reply_deadline(_calendar(), received, conf.reply_workdays(kind))
    except YearNotCovered:
        logger.warning("互动交流：%s 的答复期限无法计算（工作日历未录入）", received)
        return None


# --- submission -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    message: Message
    query_code: str  # "" when the submission was a replay of an earlier one
    created: bool


def submit_message(*, data: dict, photos=(), nonce: str | None = None) -> Submitted:
    """A message or report from the public form. The same form token twice gives the first message back."""
    if nonce:
        existing = Message.objects.filter(submission_nonce=nonce).first()
        if existing is not None:
            return Submitted(existing, "", False)
    try:
        with transaction.atomic():
            return _create_message(data=data, photos=photos, nonce=nonce)
    except IntegrityError:
        existing = Message.objects.filter(submission_nonce=nonce).first() if nonce else None
        if existing is None:
            raise
        return Submitted(existing, "", False)


def _create_message(*, data: dict, photos, nonce) -> Submitted:
    kind = data["kind"]
    if kind not in Kind.values:
        raise DomainError(_("请选择留言类别。"), field="kind")
    now = timezone.now()
    today = timezone.localdate(now)
    serial = next_value(f"interaction.{kind}", today.year)
    number = f"{TRACKING_PREFIX[kind]}{today.year}{serial:05d}"
    code = get_random_string(8, CODE_ALPHABET)
    text = f"{data['title']}\n{data['body']}"
    hits = moderation.screen(text, active_words())
    privacy = len(moderation.privacy_hits(text))
    due = _deadline(kind, today)
    message = Message.objects.create(
        number=number,
        kind=kind,
        title=data["title"],
        body=data["body"],
        name=data["name"],
        phone=data["phone"],
        email=data.get("email", ""),
        consent_publish=bool(data.get("consent_publish")),
        query_code_hash=make_password(code),
        submission_nonce=nonce or None,
        district=data.get("district", "") if kind == Kind.REPORT else "",
        location=data.get("location", "") if kind == Kind.REPORT else "",
        latitude=data.get("latitude") if kind == Kind.REPORT else None,
        longitude=data.get("longitude") if kind == Kind.REPORT else None,
        occurred_at=data.get("occurred_at") if kind == Kind.REPORT else None,
        pollution_kind=data.get("pollution_kind", "") if kind == Kind.REPORT else "",
        submitted_at=now,
        received_on=today,
        due_on=due.due if due else None,
        due_provisional=due.provisional if due else False,
        screen_hits=hits,
        privacy_hits=privacy,
    )
    for upload in photos if kind == Kind.REPORT else ():
        Photo.objects.create(
            message=message,
            file=upload,
            original_name=upload.name[:200],
            content_type=getattr(upload, "sniffed_type", "image/jpeg"),
            size=upload.size,
        )
    audit.record(
        actor=None,
        action="interaction.message_submit",
        target=message,
        after={"number": number, "kind": kind, "screen_hits": hits, "privacy_hits": privacy},
    )
    notify.email(
        to=message.email,
        subject=_("您的留言已收到（登记号%(number)s）") % {"number": number},
        body=_(
            "您好：\n\n我们已收到您的%(kind)s“%(title)s”。\n登记号：%(number)s\n查询码：%(code)s\n\n"
            "请凭登记号和查询码查询办理进度和答复。\n\n%(organisation)s"
        )
        % {
            "kind": message.get_kind_display(),
            "title": message.title,
            "number": number,
            "code": code,
            "organisation": Organisation.current().name,
        },
        purpose="interaction.acknowledgement",
        target=message,
    )
    return Submitted(message, code, True)


def find_for_writer(number: str, code: str) -> Message | None:
    """The message for its tracking number and query code; None for either wrong (same answer)."""
    message = Message.objects.filter(number=number.strip().upper()).first()
    cleaned = "".join(c for c in code.upper() if c.isalnum())
    if message is None:
        make_password(cleaned)  # the same work either way: no timing hint that the number exists
        return None
    return message if check_password(cleaned, message.query_code_hash) else None


# --- moderation, routing, reply -----------------------------------------------------------------


def _transition(message: Message, allowed: tuple[str, ...]) -> None:
    if message.status not in allowed:
        raise DomainError(
            _("该留言当前状态为“%(status)s”，不能进行此操作。") % {"status": message.get_status_display()}
        )


@transaction.atomic
def moderate(*, actor, message: Message, approve: bool, reason: str = "") -> Message:
    require(actor, MODERATE)
    message = Message.objects.select_for_update().get(pk=message.pk)
    _transition(message, (Status.PENDING,))
    if not approve and not reason.strip():
        raise DomainError(_("不予受理须写明原因。"), field="reason")
    message.status = Status.ACCEPTED if approve else Status.REJECTED
    message.reject_reason = "" if approve else reason.strip()[:200]
    message.moderated_by = actor
    message.moderated_at = timezone.now()
    message.save()
    audit.record(
        actor=actor,
        action="interaction.message_moderate",
        target=message,
        after={"status": message.status, "reason": message.reject_reason, "screen_hits": message.screen_hits},
    )
    if not approve:
        _notify_writer(
            message,
            _("您的留言未予受理（登记号%(number)s）") % {"number": message.number},
            _("您的留言“%(title)s”未予受理，原因：%(reason)s")
            % {"title": message.title, "reason": message.reject_reason},
            purpose="interaction.rejected",
        )
    return message


@transaction.atomic
def assign(*, actor, message: Message, department: str, handler) -> Message:
    require(actor, ASSIGN)
    message = Message.objects.select_for_update().get(pk=message.pk)
    _transition(message, (Status.ACCEPTED, Status.ASSIGNED))
    if handler is None or not handler.is_active or not handler.has_perm(REPLY):
        raise DomainError(_("承办人须为有答复留言权限的在岗人员。"), field="handler")
    before = audit.model_snapshot(message, ["department", "handler", "status"])
    message.department = department.strip()[:100] or handler.department
    message.handler = handler
    message.status = Status.ASSIGNED
    message.assigned_at = timezone.now()
    message.save()
    audit.record_change(
        actor=actor,
        action="interaction.message_assign",
        target=message,
        before=before,
        after=audit.model_snapshot(message, ["department", "handler", "status"]),
    )
    notify.email(
        to=handler.email,
        subject=_("新分办的留言：%(number)s") % {"number": message.number},
        body=_("您有一件%(kind)s待答复：%(title)s，答复期限%(due)s。")
        % {"kind": message.get_kind_display(), "title": message.title, "due": message.due_on or "—"},
        purpose="interaction.assigned",
        target=message,
    )
    return message


def _may_reply(actor, message: Message) -> bool:
    return actor.has_perm(REPLY) and (message.handler_id == actor.pk or actor.has_perm(ASSIGN))


@transaction.atomic
def reply(*, actor, message: Message, text: str, publish: bool = False) -> Message:
    """The reply (the handler, or whoever routes messages). With the writer's consent and `publish`, a
    redacted copy joins the public Q&A at once; staff may still edit or withdraw it."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not _may_reply(actor, message):
        raise PermissionDenied
    _transition(message, (Status.ASSIGNED,))
    text = text.strip()
    if len(text) < 5:
        raise DomainError(_("答复内容至少5个字。"), field="text")
    now = timezone.now()
    message.reply = text
    message.replied_at = now
    message.replied_on = timezone.localdate(now)
    message.replied_by = actor
    message.status = Status.REPLIED
    from gongkai.workcalendar.workdays import YearNotCovered

    try:
        message.reply_workdays = deadlines.workdays_taken(
            _calendar(), message.received_on, message.replied_on
        )
    except YearNotCovered:
        message.reply_workdays = None
    message.save()
    audit.record(
        actor=actor,
        action="interaction.message_reply",
        target=message,
        after={"status": message.status, "reply_workdays": message.reply_workdays, "length": len(text)},
    )
    _notify_writer(
        message,
        _("您的留言已答复（登记号%(number)s）") % {"number": message.number},
        _("您的留言“%(title)s”已答复：\n\n%(reply)s\n\n欢迎凭登记号和查询码对答复进行满意度评价。")
        % {"title": message.title, "reply": text},
        purpose="interaction.reply",
    )
    if publish and message.consent_publish:
        _publish(actor=actor, message=message)
    return message


def _notify_writer(message: Message, subject: str, body: str, *, purpose: str) -> None:
    if message.email:
        notify.email(to=message.email, subject=subject, body=body, purpose=purpose, target=message)
    else:
        # A landline cannot take an SMS: the writer looks the reply up with the query code.
        with contextlib.suppress(notify.NotifyError):
            notify.sms(to=message.phone, body=subject, purpose=purpose, target=message)


def redacted_copy(message: Message) -> dict[str, str]:
    literals = [message.name, message.phone, message.email, message.location]
    return {
        "public_title": moderation.redact(message.title, literals)[:100],
        "public_body": moderation.redact(message.body, literals),
        "public_reply": moderation.redact(message.reply, literals),
    }


def _publish(*, actor, message: Message, copy: dict | None = None) -> None:
    copy = copy or redacted_copy(message)
    leftover = [
        hit
        for field in ("public_title", "public_body", "public_reply")
        for hit in moderation.privacy_hits(copy[field])
        if "*" not in hit.value  # masked by the gate already
    ]
    if leftover:
        raise DomainError(
            _("公开内容中仍有个人信息（%(what)s），请删除后再公开。") % {"what": leftover[0].kind.label}
        )
    for field, value in copy.items():
        setattr(message, field, value)
    message.published_at = timezone.now()
    message.save()
    audit.record(actor=actor, action="interaction.message_publish", target=message, after=copy)


@transaction.atomic
def publish(
    *, actor, message: Message, public_title: str = "", public_body: str = "", public_reply: str = ""
) -> Message:
    """Put a replied message (writer consented) on the public Q&A list, optionally with an edited copy."""
    require(actor, MODERATE)
    message = Message.objects.select_for_update().get(pk=message.pk)
    _transition(message, (Status.REPLIED,))
    if not message.consent_publish:
        raise DomainError(_("留言人未同意公开，不能在网上公开。"))
    copy = redacted_copy(message)
    edited = {"public_title": public_title, "public_body": public_body, "public_reply": public_reply}
    copy.update({key: value.strip() for key, value in edited.items() if value.strip()})
    _publish(actor=actor, message=message, copy=copy)
    return message


@transaction.atomic
def withdraw(*, actor, message: Message) -> Message:
    require(actor, MODERATE)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.published_at is None:
        raise DomainError(_("该留言未公开。"))
    message.published_at = None
    message.save(update_fields=["published_at"])
    audit.record(actor=actor, action="interaction.message_withdraw", target=message)
    return message


@transaction.atomic
def rate(*, message: Message, rating: int, comment: str = "") -> Message:
    """The writer's satisfaction (满意度), once, after the reply (public: the query code was checked)."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    _transition(message, (Status.REPLIED,))
    if message.rating is not None:
        raise DomainError(_("您已评价过本次答复。"))
    if rating not in (1, 2, 3):
        raise DomainError(_("请选择满意度。"), field="rating")
    message.rating = rating
    message.rating_comment = comment.strip()[:200]
    message.rated_at = timezone.now()
    message.save()
    audit.record(actor=None, action="interaction.message_rate", target=message, after={"rating": rating})
    return message


@transaction.atomic
def transfer_to_enforcement(*, actor, message: Message, officer, note: str) -> CaseLead:
    """A 举报 handed to an enforcement officer as a case lead (案件线索移交), recorded here."""
    require(actor, TRANSFER)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.kind != Kind.REPORT:
        raise DomainError(_("只有环境污染举报可以移交执法。"))
    _transition(message, (Status.ACCEPTED, Status.ASSIGNED, Status.REPLIED))
    if hasattr(message, "case_lead"):
        raise DomainError(
            _("该举报已于%(time)s移交。")
            % {"time": f"{timezone.localtime(message.case_lead.transferred_at):%Y-%m-%d %H:%M}"}
        )
    if officer is None or not officer.is_active or not officer.has_perm(LEAD):
        raise DomainError(_("接收人须为在岗的执法人员。"), field="officer")
    if len(note.strip()) < 2:
        raise DomainError(_("请填写移交说明。"), field="note")
    lead = CaseLead.objects.create(
        message=message,
        officer=officer,
        note=note.strip()[:500],
        transferred_by=actor,
        transferred_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="interaction.lead_transfer",
        target=message,
        after={"officer": officer.username, "note": lead.note},
    )
    notify.email(
        to=officer.email,
        subject=_("环境污染举报线索移交：%(number)s") % {"number": message.number},
        body=_("%(title)s\n\n%(note)s") % {"title": message.title, "note": lead.note},
        purpose="interaction.lead",
        target=message,
    )
    return lead


@transaction.atomic
def acknowledge_lead(*, actor, lead: CaseLead, outcome: str = "") -> CaseLead:
    require(actor, LEAD)
    lead = CaseLead.objects.select_for_update().get(pk=lead.pk)
    if lead.officer_id != actor.pk:
        raise PermissionDenied
    before = audit.model_snapshot(lead, ["acknowledged_at", "outcome"])
    lead.acknowledged_at = lead.acknowledged_at or timezone.now()
    lead.outcome = outcome.strip()[:500] or lead.outcome
    lead.save()
    audit.record_change(
        actor=actor,
        action="interaction.lead_acknowledge",
        target=lead,
        before=before,
        after=audit.model_snapshot(lead, ["acknowledged_at", "outcome"]),
    )
    return lead


# --- deadlines ----------------------------------------------------------------------------------


def send_deadline_notices(*, today: date | None = None) -> dict[str, int]:
    """Daily: a reminder to the handler `reminder_workdays` working days before the deadline, an alert to
    the handler and every leader overseeing messages on the first day past it; each once per message."""
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    calendar = _calendar()
    sent = {"reminders": 0, "alerts": 0}
    overseers = [
        user
        for user in get_user_model().objects.filter(is_active=True).exclude(email="")
        if user.has_perm(OVERSEE)
    ]
    for message in Message.objects.open().filter(due_on__isnull=False).select_related("handler"):
        with transaction.atomic():
            if deadlines.is_overdue(message.due_on, today) and message.overdue_alert_on is None:
                recipients = {u.email for u in overseers}
                if message.handler and message.handler.email:
                    recipients.add(message.handler.email)
                for email in sorted(recipients):
                    notify.email(
                        to=email,
                        subject=_("留言逾期未答复：%(number)s") % {"number": message.number},
                        body=_("%(kind)s“%(title)s”的答复期限为%(due)s，已逾期。")
                        % {"kind": message.get_kind_display(), "title": message.title, "due": message.due_on},
                        purpose="interaction.overdue",
                        target=message,
                    )
                Message.objects.filter(pk=message.pk).update(overdue_alert_on=today)
                sent["alerts"] += 1
            elif (
                message.reminder_sent_on is None
                and message.handler
                and deadlines.reminder_due(calendar, message.due_on, today, conf.reminder_workdays())
            ):
                notify.email(
                    to=message.handler.email,
                    subject=_("留言即将到期：%(number)s") % {"number": message.number},
                    body=_("%(kind)s“%(title)s”的答复期限为%(due)s，请及时答复。")
                    % {"kind": message.get_kind_display(), "title": message.title, "due": message.due_on},
                    purpose="interaction.reminder",
                    target=message,
                )
                Message.objects.filter(pk=message.pk).update(reminder_sent_on=today)
                sent["reminders"] += 1
    sent.update(consultation_reminders=_consultation_reminders(today))
    return sent


def recompute_deadlines(*, years: list[int] | None = None) -> int:
    """After a calendar change: the due dates of open messages received in (or due in) those years."""
    changed = 0
    rows = Message.objects.open()
    for message in rows:
        if (
            years
            and message.received_on.year not in years
            and (message.due_on is None or message.due_on.year not in years)
        ):
            continue
        due = _deadline(message.kind, message.received_on)
        new = (due.due, due.provisional) if due else (None, False)
        if (message.due_on, message.due_provisional) != new:
            Message.objects.filter(pk=message.pk).update(due_on=new[0], due_provisional=new[1])
            changed += 1
    return changed


# --- 意见征集 -------------------------------------------------------------------------------------

CONSULTATION_FIELDS = ["title", "summary", "draft_text", "department", "starts_on", "ends_on"]


def _check_period(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise DomainError(_("截止日期不能早于开始日期。"), field="ends_on")


@transaction.atomic
def save_consultation(*, actor, consultation: Consultation | None, data: dict) -> Consultation:
    require(actor, CONSULT)
    _check_period(data["starts_on"], data["ends_on"])
    if consultation is None:
        consultation = Consultation.objects.create(
            created_by=actor, **{k: data[k] for k in CONSULTATION_FIELDS}
        )
        audit.record(
            actor=actor,
            action="interaction.consultation_create",
            target=consultation,
            after=audit.model_snapshot(consultation, CONSULTATION_FIELDS),
        )
        return consultation
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state == Consultation.State.FEEDBACK:
        raise DomainError(_("采纳情况已公布，不能再修改。"))
    before = audit.model_snapshot(consultation, CONSULTATION_FIELDS)
    for key in CONSULTATION_FIELDS:
        setattr(consultation, key, data[key])
    consultation.save()
    audit.record_change(
        actor=actor,
        action="interaction.consultation_update",
        target=consultation,
        before=before,
        after=audit.model_snapshot(consultation, CONSULTATION_FIELDS),
    )
    return consultation


@transaction.atomic
def open_consultation(*, actor, consultation: Consultation) -> Consultation:
    require(actor, CONSULT)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state != Consultation.State.DRAFT:
        raise DomainError(_("只有草稿可以发布征集。"))
    if consultation.ends_on < timezone.localdate():
        raise DomainError(_("截止日期已过，请先修改征集期限。"), field="ends_on")
    consultation.state = Consultation.State.OPEN
    consultation.opened_at = timezone.now()
    consultation.save()
    audit.record(actor=actor, action="interaction.consultation_open", target=consultation)
    return consultation


def consultation_accepts_comments(consultation: Consultation, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        consultation.state == Consultation.State.OPEN
        and consultation.starts_on <= today <= consultation.ends_on
    )


def submit_comment(
    *, consultation: Consultation, data: dict, nonce: str | None = None
) -> tuple[Comment, bool]:
    if nonce:
        existing = Comment.objects.filter(submission_nonce=nonce).first()
        if existing is not None:
            return existing, False
    if not consultation_accepts_comments(consultation):
        raise DomainError(_("该意见征集不在征集期内。"))
    with transaction.atomic():
        comment = Comment.objects.create(
            consultation=consultation,
            name=data.get("name", ""),
            contact=data.get("contact", ""),
            body=data["body"],
            screen_hits=moderation.screen(data["body"], active_words()),
            submission_nonce=nonce or None,
            submitted_at=timezone.now(),
        )
        audit.record(
            actor=None,
            action="interaction.comment_submit",
            target=comment,
            after={"consultation": consultation.pk},
        )
    return comment, True


@transaction.atomic
def moderate_comment(*, actor, comment: Comment, approve: bool) -> Comment:
    require(actor, CONSULT)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.state != Comment.State.PENDING:
        raise DomainError(_("该意见已审核。"))
    comment.state = Comment.State.APPROVED if approve else Comment.State.REJECTED
    comment.public_body = moderation.redact(comment.body, [comment.name, comment.contact]) if approve else ""
    comment.moderated_at = timezone.now()
    comment.save()
    audit.record(
        actor=actor, action="interaction.comment_moderate", target=comment, after={"state": comment.state}
    )
    return comment


@transaction.atomic
def set_adoption(*, actor, comment: Comment, adoption: str, reason: str) -> Comment:
    require(actor, CONSULT)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.state != Comment.State.APPROVED:
        raise DomainError(_("只能对已通过审核的意见填写采纳情况。"))
    if comment.consultation.state == Consultation.State.FEEDBACK:
        raise DomainError(_("采纳情况已公布，不能再修改。"))
    if adoption not in Adoption.values:
        raise DomainError(_("请选择采纳情况。"), field="adoption")
    if adoption != Adoption.ADOPTED and len(reason.strip()) < 2:
        raise DomainError(_("部分采纳或未采纳的，须说明理由。"), field="reason")
    before = audit.model_snapshot(comment, ["adoption", "adoption_reason"])
    comment.adoption = adoption
    comment.adoption_reason = reason.strip()
    comment.save()
    audit.record_change(
        actor=actor,
        action="interaction.comment_adoption",
        target=comment,
        before=before,
        after=audit.model_snapshot(comment, ["adoption", "adoption_reason"]),
    )
    return comment


@transaction.atomic
def publish_feedback(*, actor, consultation: Consultation, summary: str) -> Consultation:
    """The 采纳情况 goes public once the period has ended and every approved comment has its decision."""
    require(actor, CONSULT)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state not in (Consultation.State.OPEN, Consultation.State.CLOSED):
        raise DomainError(_("该意见征集尚未发布或采纳情况已公布。"))
    if consultation.ends_on >= timezone.localdate():
        raise DomainError(
            _("征集期尚未结束（截止%(date)s），结束后才能公布采纳情况。") % {"date": consultation.ends_on}
        )
    if consultation.comments.filter(state=Comment.State.PENDING).exists():
        raise DomainError(_("还有未审核的意见。"))
    undecided = consultation.comments.filter(state=Comment.State.APPROVED, adoption="").count()
    if undecided:
        raise DomainError(_("还有%(n)d条意见未填写采纳情况。") % {"n": undecided})
    if len(summary.strip()) < 5:
        raise DomainError(_("请填写意见采纳情况说明。"), field="summary")
    consultation.feedback_summary = summary.strip()
    consultation.state = Consultation.State.FEEDBACK
    consultation.feedback_published_at = timezone.now()
    consultation.save()
    audit.record(
        actor=actor,
        action="interaction.consultation_feedback",
        target=consultation,
        after={"summary": summary.strip()},
    )
    return consultation


def close_ended_consultations(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return Consultation.objects.filter(state=Consultation.State.OPEN, ends_on__lt=today).update(
        state=Consultation.State.CLOSED
    )


def _consultation_reminders(today: date) -> int:
    """Once a period has ended: the drafter is reminded that the 采纳情况 is due."""
    close_ended_consultations(today=today)
    count = 0
    for consultation in Consultation.objects.filter(
        state=Consultation.State.CLOSED, feedback_reminder_on__isnull=True
    ).select_related("created_by"):
        notify.email(
            to=consultation.created_by.email,
            subject=_("意见征集已截止，请公布采纳情况：%(title)s") % {"title": consultation.title},
            body=_("“%(title)s”的意见征集已于%(date)s截止，请填写各条意见的采纳情况并公布。")
            % {"title": consultation.title, "date": consultation.ends_on},
            purpose="interaction.consultation_feedback_due",
            target=consultation,
        )
        Consultation.objects.filter(pk=consultation.pk).update(feedback_reminder_on=today)
        count += 1
    return count


# --- 新闻发布会、在线访谈、舆情 ------------------------------------------------------------------

PRESS_FIELDS = [
    "format",
    "title",
    "scheduled_at",
    "place",
    "speakers",
    "topics",
    "transcript",
    "materials",
    "video_url",
    "state",
]


@transaction.atomic
def save_press_event(
    *, actor, event: PressEvent | None, data: dict, opinions=None, messages=None
) -> PressEvent:
    require(actor, PRESS)
    fields = {key: data[key] for key in PRESS_FIELDS if key in data}
    if event is None:
        event = PressEvent.objects.create(**fields)
        before = {}
    else:
        event = PressEvent.objects.select_for_update().get(pk=event.pk)
        before = audit.model_snapshot(event, PRESS_FIELDS)
        for key, value in fields.items():
            setattr(event, key, value)
    if event.state == PressEvent.State.HELD and event.published_at is None:
        event.published_at = timezone.now()
    event.save()
    if opinions is not None:
        event.opinions.set(opinions)
    if messages is not None:
        event.messages.set(messages)
    if event.published_at is not None:
        publishing.announce(press_announcement(event))
    audit.record_change(
        actor=actor,
        action="interaction.press_save",
        target=event,
        before=before,
        after=audit.model_snapshot(event, PRESS_FIELDS),
    )
    return event


def press_announcement(event: PressEvent) -> publishing.Announcement:
    """The press conference's or interview's record as a feed entry (its WeChat article and Weibo text)."""
    from html import escape

    topics = "".join(f"<li>{escape(line)}</li>" for line in event.topics.splitlines() if line.strip())
    speakers = "、".join(line.strip() for line in event.speakers.splitlines() if line.strip())
    transcript = "".join(f"<p>{escape(line)}</p>" for line in event.transcript.splitlines() if line.strip())
    when = timezone.localtime(event.scheduled_at)
    body = (
        f"<p>{escape(f'{when:%Y年%m月%d日}')}，{escape(Organisation.current().name)}"
        f"举行{escape(event.get_format_display())}。{escape(speakers)}</p>"
        + (f"<h2>主题</h2><ul>{topics}</ul>" if topics else "")
        + (f"<h2>文字实录</h2>{transcript}" if transcript else "")
    )
    return publishing.Announcement(
        source="press",
        key=f"interaction.pressevent:{event.pk}",
        title=event.title,
        body_html=body,
        link=event.get_absolute_url(),
        published_at=event.published_at,
    )


def quarter_slots(year: int, interval_months: int) -> list[tuple[date, date]]:
    slots = []
    month = 1
    while month <= 12:
        start = date(year, month, 1)
        end = deadlines.add_months(start, interval_months)
        slots.append((start, date.fromordinal(end.toordinal() - 1)))
        month += interval_months
    return slots


@transaction.atomic
def plan_press_conferences(*, actor, year: int) -> list[PressEvent]:
    """A planned press conference in every period (quarterly by default) of `year` that has none."""
    require(actor, PRESS)
    created = []
    for start, end in quarter_slots(year, conf.press_interval_months()):
        if PressEvent.objects.filter(
            format=PressEvent.Format.PRESS, scheduled_at__date__range=(start, end)
        ).exists():
            continue
        middle = date.fromordinal((start.toordinal() + end.toordinal()) // 2)
        when = timezone.make_aware(datetime(middle.year, middle.month, middle.day, 10, 0))
        event = PressEvent.objects.create(
            format=PressEvent.Format.PRESS,
            title=_("%(year)d年%(month)d月例行新闻发布会") % {"year": middle.year, "month": middle.month},
            scheduled_at=when,
            speakers=_("待定"),
            topics=_("待定"),
        )
        audit.record(actor=actor, action="interaction.press_plan", target=event)
        created.append(event)
    return created


OPINION_FIELDS = [
    "topic",
    "source",
    "source_url",
    "level",
    "first_seen_at",
    "assessment",
    "response",
    "responded_at",
    "response_url",
]


@transaction.atomic
def save_opinion(*, actor, item: OpinionItem | None, data: dict) -> OpinionItem:
    require(actor, OPINION)
    fields = {key: data[key] for key in OPINION_FIELDS if key in data}
    if (
        fields.get("responded_at")
        and fields.get("first_seen_at")
        and fields["responded_at"] < fields["first_seen_at"]
    ):
        raise DomainError(_("回应时间不能早于首次发现时间。"), field="responded_at")
    if fields.get("response", "").strip() and not fields.get("responded_at"):
        fields["responded_at"] = timezone.now()
    if item is None:
        item = OpinionItem.objects.create(recorded_by=actor, **fields)
        before = {}
    else:
        item = OpinionItem.objects.select_for_update().get(pk=item.pk)
        before = audit.model_snapshot(item, OPINION_FIELDS)
        for key, value in fields.items():
            setattr(item, key, value)
        item.save()
    audit.record_change(
        actor=actor,
        action="interaction.opinion_save",
        target=item,
        before=before,
        after=audit.model_snapshot(item, OPINION_FIELDS),
    )
    return item


def response_on_target(item: OpinionItem, now: datetime | None = None) -> bool | None:
    """Whether the first response came (or can still come) within the level's target; None while the item
    is open and still in time."""
    target = conf.opinion_target_hours(item.level)
    if item.responded_at is not None:
        return item.hours_to_respond <= target
    elapsed = ((now or timezone.now()) - item.first_seen_at).total_seconds() / 3600
    return False if elapsed > target else None


# --- 政务新媒体 ---------------------------------------------------------------------------------

PUBLICATION_FIELDS = ["source", "title", "summary", "body_html", "link", "images"]


def render_newmedia(publication: Publication, *, base_url: str = "") -> tuple[str, str]:
    from django.conf import settings

    base_url = base_url or getattr(settings, "GONGKAI_SITE_URL", "")
    when = timezone.localtime(publication.published_at or timezone.now())
    body = sanitize.clean_html(publication.body_html)
    wechat = newmedia.wechat_article(
        title=publication.title,
        body_html=body,
        organisation=Organisation.current().name,
        date_text=f"{when:%Y-%m-%d}",
        images=publication.image_lines(),
        link=publication.link,
        base_url=base_url,
    )
    summary = publication.summary or newmedia.plain_text(body)
    link = newmedia.absolute(publication.link, base_url) if publication.link else ""
    weibo = newmedia.weibo_text(title=publication.title, summary=summary, link=link, limit=conf.weibo_limit())
    return wechat, weibo


@transaction.atomic
def save_publication(*, actor, publication: Publication | None, data: dict) -> Publication:
    require(actor, NEWMEDIA)
    fields = {key: data[key] for key in PUBLICATION_FIELDS if key in data}
    if publication is None:
        publication = Publication(created_by=actor, **fields)
        before = {}
    else:
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        before = audit.model_snapshot(publication, PUBLICATION_FIELDS)
        for key, value in fields.items():
            setattr(publication, key, value)
    publication.wechat_html, publication.weibo_text = render_newmedia(publication)
    publication.save()
    audit.record_change(
        actor=actor,
        action="interaction.publication_save",
        target=publication,
        before=before,
        after=audit.model_snapshot(publication, PUBLICATION_FIELDS),
    )
    return publication


@transaction.atomic
def publish_publication(*, actor, publication: Publication) -> Publication:
    require(actor, NEWMEDIA)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.published_at is not None:
        raise DomainError(_("已发布。"))
    publication.published_at = timezone.now()
    publication.wechat_html, publication.weibo_text = render_newmedia(publication)
    publication.save()
    audit.record(actor=actor, action="interaction.publication_publish", target=publication)
    return publication


def publication_from_announcement(announcement) -> Publication:
    """`core.publishing` listener: what another app (or this one) published becomes a published feed
    entry with its WeChat article and Weibo text, ready for the editor to preview, copy and post.
    One entry per announced key; announcing it again (a revision, late data) updates it."""
    sources = {value for value, _label in Publication.Source.choices}
    fields = {
        "source": announcement.source if announcement.source in sources else Publication.Source.OTHER,
        "title": announcement.title[:200],
        "summary": announcement.summary[:300],
        "body_html": sanitize.clean_html(announcement.body_html or ""),
        "link": announcement.link[:300],
        "images": "\n".join(announcement.images),
    }
    publication = Publication.objects.select_for_update().filter(source_key=announcement.key).first()
    if publication is None:
        publication = Publication(source_key=announcement.key[:120], created_by=None)
        before = {}
    else:
        before = audit.model_snapshot(publication, PUBLICATION_FIELDS)
    for key, value in fields.items():
        setattr(publication, key, value)
    publication.published_at = publication.published_at or announcement.published_at or timezone.now()
    publication.wechat_html, publication.weibo_text = render_newmedia(publication)
    publication.save()
    audit.record_change(
        actor=None,
        action="interaction.publication_announced",
        target=publication,
        before=before,
        after={**audit.model_snapshot(publication, PUBLICATION_FIELDS), "source_key": announcement.key},
    )
    return publication


@transaction.atomic
def post_publication(*, actor, publication: Publication, channel: str) -> Posting:
    """Post the WeChat article or the Weibo text through the channel's connector; the outcome is recorded."""
    from gongkai.interaction import connectors

    require(actor, NEWMEDIA)
    if publication.published_at is None:
        raise DomainError(_("请先发布，再推送到新媒体。"))
    connector = connectors.connector_for(channel)
    content = publication.wechat_html if channel == connectors.WECHAT else publication.weibo_text
    result = connector.post(title=publication.title, content=content)
    posting = Posting.objects.create(
        publication=publication,
        channel=channel,
        connector=f"{type(connector).__module__}.{type(connector).__name__}",
        ok=result.ok,
        external_id=result.external_id[:200],
        error=result.error[:500],
        posted_by=actor,
        posted_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="interaction.publication_post",
        target=publication,
        after={"channel": channel, "ok": result.ok},
    )
    return posting


# --- 举报地图 -------------------------------------------------------------------------------------


@transaction.atomic
def upload_district_map(*, actor, data: bytes) -> DistrictMap:
    """The administrator's district GeoJSON becomes the map of the 举报 form and the staff map."""
    from gongkai.interaction import geo

    require(actor, DISTRICT_MAP)
    try:
        collection = geo.parse(data, conf.districts())
    except geo.MapError as error:
        raise DomainError(str(error), field="file") from None
    names = geo.names(collection)
    district_map = DistrictMap.objects.create(
        geojson=collection, districts="、".join(names)[:500], uploaded_by=actor
    )
    audit.record(
        actor=actor, action="interaction.district_map_upload", target=district_map, after={"districts": names}
    )
    return district_map
