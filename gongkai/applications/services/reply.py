"""The reply: draft, legal review, signature, delivery, and closing without a letter (其他处理)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.applications import clock, documents, letters, notify, queries
from gongkai.applications.models import (
    Application,
    Attachment,
    Delivery,
    FeeDecision,
    LegalReview,
    Notice,
    ReplyLetter,
)
from gongkai.applications.outcomes import ReplyOutcome
from gongkai.applications.services.arrival import check_uploads, store_attachment
from gongkai.applications.services.common import (
    HANDLE,
    LEGAL_REVIEW,
    SIGN,
    issue_notice,
    locked,
    not_future,
    require_open,
)
from gongkai.applications.services.ledger import Recorded, append_event
from gongkai.applications.services.numbers import document_number
from gongkai.audit import services as audit
from gongkai.core.errors import DomainError, require


def _outcome(value: str) -> ReplyOutcome:
    try:
        return ReplyOutcome(value)
    except ValueError:
        raise DomainError(_("请从法定的办理结果中选择。"), field="outcome") from None


@transaction.atomic
def draft_reply(
    *,
    actor,
    application: Application,
    outcome: str,
    body: str | None = None,
    letter_form: str = "",
    details: dict[str, str] | None = None,
) -> ReplyLetter:
    """Create or edit the reply draft. With `body` None the outcome's template is used, or one of its other
    `letter_form`s (条例 Art. 36(一) already public, 36(五) another agency's) filled from `details`. Editing
    a letter that passed legal review sends it back to draft: only the reviewed text can be signed."""
    require(actor, HANDLE)
    application = locked(application)
    require_open(application)
    chosen = _outcome(outcome)
    form = None
    if letter_form:
        if letter_form not in {member.value for member in letters.LetterForm}:
            raise DomainError(_("请选择有效的答复文书样式。"), field="letter_form")
        form = letters.LetterForm(letter_form)
    try:
        template = queries.draft_text(application, chosen, form, details) if body is None else body
    except letters.LetterFormError as error:
        raise DomainError(error.message, field="letter_form") from None
    text = template.strip()
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
    require(actor, HANDLE)
    letter = ReplyLetter.objects.select_for_update().get(pk=letter.pk)
    require_open(letter.application)
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
    require(actor, LEGAL_REVIEW)
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


@transaction.atomic
def review_notice(*, actor, notice: Notice, approve: bool, opinion: str = "") -> Notice:
    """The legal reviewer reviews a numbered notice in the same queue as the replies (issue 10). The
    notice has already gone out (its time limit is statutory); a notice found wrong is marked 有问题 with
    the opinion, and the handler issues a corrected one. The reviewer may not be the issuer."""
    require(actor, LEGAL_REVIEW)
    notice = Notice.objects.select_for_update().select_related("application").get(pk=notice.pk)
    if not notice.document_number:
        raise DomainError(_("只有编号告知书需要法律审查。"))
    if notice.review_decision:
        raise DomainError(_("该告知书已审查。"))
    if notice.issued_by_id == actor.pk:
        raise DomainError(_("出具人不能审查自己出具的告知书。"))
    if not approve and not opinion.strip():
        raise DomainError(_("请写明告知书存在的问题。"), field="opinion")
    notice.review_decision = "approved" if approve else "returned"
    notice.review_opinion = opinion.strip()
    notice.reviewed_by, notice.reviewed_at = actor, timezone.now()
    notice.save(update_fields=["review_decision", "review_opinion", "reviewed_by", "reviewed_at"])
    audit.record(
        actor=actor,
        action="application.notice_review",
        target=notice.application,
        after={
            "document_number": notice.document_number,
            "decision": notice.review_decision,
            "body_sha256": notice.body_sha256,
        },
    )
    return notice


@transaction.atomic
def sign_reply(*, actor, letter: ReplyLetter, signed_on: date) -> ReplyLetter:
    """The leader signs the reviewed letter: it gets its document number and its DOCX and PDF (the signed
    original, and a public copy with the applicant masked for the status page)."""
    require(actor, SIGN)
    letter = ReplyLetter.objects.select_for_update().select_related("application").get(pk=letter.pk)
    require_open(letter.application)
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
    not_future(signed_on, "signed_on", _("签发日期"))
    if signed_on < letter.application.received_on:
        raise DomainError(_("签发日期不能早于收到申请之日。"), field="signed_on")
    letter.document_number = document_number(signed_on.year)
    letter.signed_by, letter.signed_on = actor, signed_on
    letter.state = ReplyLetter.State.SIGNED
    name = f"{letter.application.tracking_number}-{uuid.uuid4().hex[:8]}"
    pdf = documents.letter_pdf(queries.letter_content(letter))
    public = documents.letter_pdf(queries.letter_content(letter, public_copy=True), public_copy=True)
    letter.docx.save(
        f"{name}.docx", ContentFile(documents.letter_docx(queries.letter_content(letter))), save=False
    )
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
    require(actor, HANDLE)
    application = locked(application)
    require_open(application)
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
        ((checked, file_type),) = check_uploads([proof])
        proof_attachment = store_attachment(
            application, checked, file_type, kind=Attachment.Kind.DELIVERY_PROOF, actor=actor
        )
    recorded = append_event(
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
        # the disclosed material goes with the letter (its 附件); by post or in person the handler
        # encloses the same files, listed on the letter
        notify.reply(
            email=application.email,
            tracking_number=application.tracking_number,
            document_number=letter.document_number,
            pdf=letter.pdf.open("rb").read(),
            material=[
                (attachment.original_name, attachment.file.open("rb").read(), attachment.content_type)
                for attachment in queries.disclosed_material(application)
            ],
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
            "material": [attachment.sha256 for attachment in queries.disclosed_material(application)],
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
    require(actor, HANDLE)
    application = locked(application)
    require_open(application)
    chosen = _outcome(outcome)
    if chosen not in CLOSING_OUTCOMES:
        raise DomainError(
            _("终止办理只能选择“其他处理”中的情形；其他办理结果须出具答复书。"), field="outcome"
        )
    if not reason.strip():
        raise DomainError(_("请写明终止办理的理由。"), field="reason")
    not_future(closed_on, "closed_on", _("终止日期"))
    if chosen in (ReplyOutcome.OTHER_NO_SUPPLEMENT, ReplyOutcome.OTHER_FEE_UNPAID):
        case = queries.compute(queries.ledger(application), as_of=closed_on)
        expected = case.state.expected_actions if case.state else ()
        if not any(action.kind is clock.ActionKind.CLOSE and action.outcome is chosen for action in expected):
            raise DomainError(
                _("截至%(d)s，本案尚不符合“%(o)s”的条件。") % {"d": closed_on, "o": chosen.label},
                field="outcome",
            )
    recorded = append_event(
        application, actor=actor, kind=clock.EventKind.CLOSED, day=closed_on, note=reason.strip()
    )
    application.outcome = chosen.value
    application.save(update_fields=["outcome", "updated_at"])
    if chosen is ReplyOutcome.OTHER_FEE_UNPAID:
        application.fee_decisions.filter(state=FeeDecision.State.NOTIFIED).update(
            state=FeeDecision.State.LAPSED, settled_on=closed_on
        )
    issue_notice(
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
