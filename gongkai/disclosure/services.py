"""Every state change of 主动公开: one keyword-only function per business action, in a transaction,
checking the actor's permission and writing the audit record.

The workflow (条例 Arts 19–26; the bureau's 保密审查 and 先审后发 rules):

    draft ──submit──▶ review (保密审查 + privacy scan) ──pass──▶ approval (leader)
      ▲                 │                                     │ approve (now or at a time)
      └──── return ─────┴───────────── return ────────────────┤
                                                              ▼
                           published ◀──(worker when due)── scheduled
                               │ withdraw (public reason; the record stays)
                               ▼
                           withdrawn

A published document changes only through a revision: a draft copy (`revision_of`) that goes
through the same workflow and, when approved, replaces the published content under the same index
number, with a history row holding the reason. Publication is blocked while any privacy hit is
neither redacted nor overridden by a reviewer with a reason."""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.audit.models import AuditRecord
from gongkai.core import publishing
from gongkai.core.errors import DomainError, require
from gongkai.core.sanitize import clean_html
from gongkai.disclosure import attachments as files
from gongkai.disclosure import gate, indexnumbers, queries, timeliness
from gongkai.disclosure.models import (
    MANUAL_CHECK,
    Attachment,
    CatalogueItem,
    Channel,
    DocType,
    Document,
    DocumentRevision,
    FileType,
    PrivacyHit,
    Resolution,
    Status,
    TimeLimitStart,
    Validity,
    file_stem,
    may_issue_regulations,
)
from gongkai.disclosure.richtext import RichText
from gongkai.disclosure.search import service as search

logger = logging.getLogger(__name__)

DOCUMENT_FIELDS = [
    "title",
    "catalogue_item",
    "issuing_organ",
    "document_number",
    "date_formed",
    "subject",
    "doc_type",
    "validity",
    "ceased_on",
    "effective_on",
    "valid_until",
    "repealed_by",
    "repealed_by_title",
    "interpretation_form",
    "department",
    "body",
]
MIN_REASON_LENGTH = 4


def _require_status(document: Document, *statuses: str) -> None:
    if document.status not in statuses:
        raise DomainError(_("文件当前状态为“%(s)s”，不能进行此操作。") % {"s": document.get_status_display()})


def _reason(text: str, field: str = "reason") -> str:
    text = (text or "").strip()
    if len(text) < MIN_REASON_LENGTH:
        raise DomainError(_("请填写理由（至少%(n)d个字）。") % {"n": MIN_REASON_LENGTH}, field=field)
    return text


def snapshot(document: Document) -> dict:
    data = audit.model_snapshot(document, [*DOCUMENT_FIELDS, "index_number", "status"])
    if document.pk:
        data["interprets"] = sorted(document.interprets.values_list("pk", flat=True))
    return data


def _lock(document: Document) -> Document:
    """The current row, locked for the rest of the transaction."""
    return Document.objects.select_for_update().get(pk=document.pk)


# --- drafting ---------------------------------------------------------------------------------


def _assign(document: Document, fields: dict) -> None:
    for name, value in fields.items():
        if name not in DOCUMENT_FIELDS:
            raise DomainError(_("字段“%(f)s”不可修改。") % {"f": name})
        if isinstance(value, str):
            value = value.strip()
        setattr(document, name, value)
    document.body = clean_html(document.body)
    if not document.department and document.catalogue_item_id:
        document.department = document.catalogue_item.department


def _check_publishable_row(item: CatalogueItem) -> None:
    """公开方式/公开对象 of the catalogue row are binding (标准目录, 环办厅函〔2019〕672号)."""
    if not item.publishes_to_public:
        raise DomainError(
            _(
                "目录事项“%(item)s”的公开方式为“%(method)s”、公开对象为“%(audience)s”，"
                "其文件不在政府网站主动公开，应直接送达相对人。"
            )
            % {"item": item, "method": item.get_method_display(), "audience": item.get_audience_display()},
            field="catalogue_item",
        )


def _check_regulation(document: Document) -> None:
    """Only bodies with rule-making power issue 规章 (models.OrganLevel); an existing 规章 (e.g. from
    the legacy import) keeps its type."""
    if document.doc_type != DocType.REGULATION or may_issue_regulations():
        return
    if document.pk and Document.objects.filter(pk=document.pk, doc_type=DocType.REGULATION).exists():
        return
    if document.revision_of_id and document.revision_of.doc_type == DocType.REGULATION:
        return
    raise DomainError(
        _("本机关没有规章制定权，文件类型不能选“规章”；本机关制发的规范性文件请选“行政规范性文件”。"),
        field="doc_type",
    )


def _validate(document: Document, interprets: list[Document]) -> None:
    if document.catalogue_item_id:
        _check_publishable_row(document.catalogue_item)
    _check_regulation(document)
    if not document.title:
        raise DomainError(_("标题不能为空。"), field="title")
    if not document.issuing_organ:
        raise DomainError(_("发布机构不能为空。"), field="issuing_organ")
    if document.date_formed is None:
        raise DomainError(_("请填写成文日期。"), field="date_formed")
    if document.date_formed > timezone.localdate():
        raise DomainError(_("成文日期不能晚于今天。"), field="date_formed")
    if document.is_normative:
        if document.effective_on and document.effective_on < document.date_formed:
            raise DomainError(_("施行日期不能早于成文日期。"), field="effective_on")
        if document.valid_until and document.valid_until < (document.effective_on or document.date_formed):
            raise DomainError(_("有效期至不能早于施行日期或成文日期。"), field="valid_until")
        if not document.validity:
            raise DomainError(_("规章和行政规范性文件须标明有效性。"), field="validity")
        if document.validity == Validity.VALID:
            document.ceased_on, document.repealed_by, document.repealed_by_title = None, None, ""
        else:
            if document.ceased_on is None:
                raise DomainError(_("失效或废止的文件须填写失效/废止日期。"), field="ceased_on")
            if document.ceased_on < document.date_formed:
                raise DomainError(_("失效/废止日期不能早于成文日期。"), field="ceased_on")
        if document.validity != Validity.REPEALED:
            document.repealed_by, document.repealed_by_title = None, ""
        if document.repealed_by_id and document.repealed_by_id == document.pk:
            raise DomainError(_("文件不能废止自身。"), field="repealed_by")
    else:
        document.validity, document.ceased_on, document.repealed_by, document.repealed_by_title = (
            "",
            None,
            None,
            "",
        )
        document.effective_on, document.valid_until = None, None
    if document.doc_type == DocType.INTERPRETATION:
        if not document.interpretation_form:
            raise DomainError(_("政策解读须选择解读形式。"), field="interpretation_form")
        for policy in interprets:
            if policy.doc_type == DocType.INTERPRETATION or (document.pk and policy.pk == document.pk):
                raise DomainError(_("解读对象应为政策文件，不能是解读本身。"), field="interprets")
    else:
        document.interpretation_form = ""
        if interprets:
            raise DomainError(_("只有政策解读才能关联被解读的政策文件。"), field="interprets")


@transaction.atomic
def create_document(*, actor, interprets: list[Document] | None = None, **fields) -> Document:
    """An editor drafts a document (拟稿)."""
    require(actor, "disclosure.add_document")
    return new_document(actor=actor, interprets=interprets, fields=fields)


def new_document(*, actor, fields: dict, interprets: list[Document] | None = None) -> Document:
    """A draft, validated and audited; the caller has checked the permission (drafting, or the
    legacy import)."""
    interprets = list(interprets or [])
    document = Document(created_by=actor, status=Status.DRAFT)
    _assign(document, fields)
    _validate(document, interprets)
    assess(document)  # the due date (or its provisional 暂定 date) is known from the first draft
    document.save()
    document.interprets.set(interprets)
    audit.record(actor=actor, action="disclosure.document.create", target=document, after=snapshot(document))
    return document


@transaction.atomic
def update_document(
    *, actor, document: Document, interprets: list[Document] | None = None, **fields
) -> Document:
    """An editor changes a draft. A published document changes only through `start_revision`."""
    require(actor, "disclosure.change_document")
    document = _lock(document)
    _require_status(document, Status.DRAFT)
    before = snapshot(document)
    _assign(document, fields)
    interprets = list(document.interprets.all()) if interprets is None else list(interprets)
    _validate(document, interprets)
    if document.revision_of_id is None:
        assess(document)
    document.save()
    document.interprets.set(interprets)
    audit.record_change(
        actor=actor,
        action="disclosure.document.update",
        target=document,
        before=before,
        after=snapshot(document),
    )
    return document


@transaction.atomic
def add_attachment(*, actor, document: Document, name: str, data: bytes) -> Attachment:
    """Attach a file to a draft. The type comes from the content; the size is limited."""
    require(actor, "disclosure.change_document")
    document = _lock(document)
    _require_status(document, Status.DRAFT)
    return attach_file(actor=actor, document=document, name=name, data=data)


def attach_file(*, actor, document: Document, name: str, data: bytes) -> Attachment:
    """Store a checked file for a draft; the caller has checked the permission and the status."""
    files.check_size(len(data))
    file_type = files.detect_type(data)
    display_name = files.display_name(name, file_type)
    attachment = Attachment(
        document=document,
        name=display_name,
        title=file_stem(display_name)[:200],
        file_type=file_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        order=document.current_attachments().count(),
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{file_type.extension}", ContentFile(data), save=False)
    attachment.save()
    audit.record(
        actor=actor,
        action="disclosure.attachment.add",
        target=document,
        after={"attachment": attachment.name, "size": attachment.size, "sha256": attachment.sha256},
    )
    return attachment


@transaction.atomic
def update_attachment(*, actor, attachment: Attachment, title: str, order: int) -> Attachment:
    """Change an attachment's public title and its place in the list while the document is a
    draft (issue 13). An empty title falls back to the file name without its extension."""
    require(actor, "disclosure.change_document")
    document = _lock(attachment.document)
    _require_status(document, Status.DRAFT)
    title = " ".join(title.split())[:200] or file_stem(attachment.name)
    if order < 0:
        raise DomainError(_("排序应为不小于0的整数。"))
    before = {"attachment": attachment.name, "title": attachment.title, "order": attachment.order}
    attachment.title, attachment.order = title, order
    attachment.save(update_fields=["title", "order"])
    audit.record(
        actor=actor,
        action="disclosure.attachment.update",
        target=document,
        before=before,
        after={"attachment": attachment.name, "title": title, "order": order},
    )
    return attachment


def remove_attachment(*, actor, attachment: Attachment) -> None:
    require(actor, "disclosure.change_document")
    document = _lock(attachment.document)
    _require_status(document, Status.DRAFT)
    audit.record(
        actor=actor,
        action="disclosure.attachment.remove",
        target=document,
        before={"attachment": attachment.name, "sha256": attachment.sha256},
    )
    stored = [attachment.file, attachment.redacted_file]
    attachment.delete()
    transaction.on_commit(lambda: [field.delete(save=False) for field in stored if field])


# --- review -----------------------------------------------------------------------------------


def pending_hits(document: Document):
    """Findings not yet redacted or overridden in the document's current content."""
    current = Q(attachment__isnull=True) | Q(attachment__retired_in__isnull=True)
    return document.privacy_hits.filter(current, resolution=Resolution.PENDING)


@transaction.atomic
def submit_for_review(*, actor, document: Document) -> Document:
    """Send a draft to 保密审查. The privacy gate scans the title, the body and every attachment
    (name and text) now; the reviewer sees what it found."""
    require(actor, "disclosure.change_document")
    document = _lock(document)
    _require_status(document, Status.DRAFT)
    if not RichText(document.body).text.strip() and not document.current_attachments().exists():
        raise DomainError(_("正文和附件不能都为空。"), field="body")
    findings = gate.scan_document(document)
    hits = gate.store_findings(document, findings)
    gate.apply_redactions(document)
    document.status = Status.IN_REVIEW
    document.return_reason = ""
    document.save(update_fields=["status", "return_reason", "updated_at"])
    pending = pending_hits(document).count()
    audit.record(
        actor=actor,
        action="disclosure.document.submit",
        target=document,
        after={"privacy_hits": len(hits), "pending": pending, "kinds": sorted({hit.kind for hit in hits})},
    )
    return document


@transaction.atomic
def recall_submission(*, actor, document: Document) -> Document:
    """The editor takes back (撤回) a document sent to 保密审查 while no reviewer has acted on it
    yet (issue 13): it is a draft again and leaves the reviewer's queue."""
    require(actor, "disclosure.change_document")
    document = _lock(document)
    _require_status(document, Status.IN_REVIEW)
    submitted = (
        AuditRecord.objects.filter(
            action="disclosure.document.submit",
            target_type=document._meta.label_lower,
            target_id=str(document.pk),
        )
        .order_by("-seq")
        .first()
    )
    reviewed = AuditRecord.objects.filter(
        action__startswith="disclosure.privacy.",
        target_type=document._meta.label_lower,
        target_id=str(document.pk),
        seq__gt=submitted.seq if submitted else 0,
    )
    if reviewed.exists():
        raise DomainError(_("审查人员已开始审查，不能撤回；如需修改请联系审查人员退回。"))
    document.status = Status.DRAFT
    document.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="disclosure.document.recall",
        target=document,
        before={"status": Status.IN_REVIEW},
        after={"status": document.status},
    )
    return document


@transaction.atomic
def return_document(*, actor, document: Document, reason: str) -> Document:
    """Send a document back to the editor (退回修改): a reviewer during review, a leader during
    approval or before a scheduled publication."""
    document = _lock(document)
    if document.status == Status.IN_REVIEW:
        require(actor, "disclosure.review_document")
    elif document.status in (Status.AWAITING_APPROVAL, Status.SCHEDULED):
        require(actor, "disclosure.approve_document")
    else:
        require(actor, "disclosure.review_document")
        _require_status(document, Status.IN_REVIEW, Status.AWAITING_APPROVAL, Status.SCHEDULED)
    reason = _reason(reason)
    before = document.status
    document.status = Status.DRAFT
    document.return_reason = reason
    document.scheduled_for = None
    document.save(update_fields=["status", "return_reason", "scheduled_for", "updated_at"])
    audit.record(
        actor=actor,
        action="disclosure.document.return",
        target=document,
        before={"status": before},
        after={"status": document.status, "reason": reason},
    )
    return document


def _hit_for_review(actor, hit: PrivacyHit) -> tuple[Document, PrivacyHit]:
    require(actor, "disclosure.review_document")
    document = _lock(hit.document)
    _require_status(document, Status.IN_REVIEW)
    return document, PrivacyHit.objects.get(pk=hit.pk)  # hits change only under the document's lock


def _redact(hit: PrivacyHit, actor) -> None:
    if hit.kind == MANUAL_CHECK:
        raise DomainError(_("无法自动识别文字的文件不能自动脱敏：请人工核对后说明理由，或退回编辑更换文件。"))
    if hit.source == PrivacyHit.Source.TITLE:
        raise DomainError(_("标题中的个人信息须退回编辑修改标题。"))
    hit.resolution = Resolution.REDACTED
    hit.reason = ""
    hit.resolved_by = actor
    hit.resolved_at = timezone.now()
    hit.save(update_fields=["resolution", "reason", "resolved_by", "resolved_at"])


@transaction.atomic
def redact_hit(*, actor, hit: PrivacyHit) -> PrivacyHit:
    """A reviewer masks one finding in the public copy (the original is kept for staff)."""
    document, hit = _hit_for_review(actor, hit)
    _redact(hit, actor)
    gate.apply_redactions(document)
    audit.record(
        actor=actor,
        action="disclosure.privacy.redact",
        target=document,
        after={"kind": hit.kind, "location": hit.location, "masked": hit.masked},
    )
    return hit


@transaction.atomic
def redact_all(*, actor, document: Document) -> int:
    """A reviewer masks every pending finding that can be masked."""
    require(actor, "disclosure.review_document")
    document = _lock(document)
    _require_status(document, Status.IN_REVIEW)
    hits = [
        hit
        for hit in pending_hits(document)
        if hit.kind != MANUAL_CHECK and hit.source != PrivacyHit.Source.TITLE
    ]
    for hit in hits:
        _redact(hit, actor)
    if hits:
        gate.apply_redactions(document)
        audit.record(
            actor=actor,
            action="disclosure.privacy.redact",
            target=document,
            after=[{"kind": hit.kind, "location": hit.location, "masked": hit.masked} for hit in hits],
        )
    return len(hits)


@transaction.atomic
def override_hit(*, actor, hit: PrivacyHit, reason: str) -> PrivacyHit:
    """A reviewer keeps a finding public, saying why (e.g. the bureau's own contact e-mail; an
    image checked by eye)."""
    document, hit = _hit_for_review(actor, hit)
    hit.reason = _reason(reason)
    hit.resolution = Resolution.OVERRIDDEN
    hit.resolved_by = actor
    hit.resolved_at = timezone.now()
    hit.save(update_fields=["resolution", "reason", "resolved_by", "resolved_at"])
    gate.apply_redactions(document)
    audit.record(
        actor=actor,
        action="disclosure.privacy.override",
        target=document,
        after={"kind": hit.kind, "location": hit.location, "masked": hit.masked, "reason": hit.reason},
    )
    return hit


def _check_gate(document: Document) -> None:
    pending = pending_hits(document).count()
    if pending:
        raise DomainError(
            _("隐私审查尚有%(n)d处个人信息未处理：须逐项脱敏，或由审查员说明理由后保留，才能发布。")
            % {"n": pending}
        )


@transaction.atomic
def pass_review(*, actor, document: Document, note: str) -> Document:
    """保密审查 passed: the reviewer confirms that nothing secret is disclosed and every privacy
    finding is dealt with; the document goes to the leader."""
    require(actor, "disclosure.review_document")
    document = _lock(document)
    _require_status(document, Status.IN_REVIEW)
    _check_gate(document)
    note = (note or "").strip()
    if not note:
        raise DomainError(_("请填写保密审查意见。"), field="note")
    document.status = Status.AWAITING_APPROVAL
    document.review_note = note
    document.reviewed_by = actor
    document.reviewed_at = timezone.now()
    document.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    audit.record(actor=actor, action="disclosure.document.review", target=document, after={"note": note})
    return document


# --- approval and publication -----------------------------------------------------------------


@transaction.atomic
def approve_document(
    *,
    actor,
    document: Document,
    publish_at: datetime | None = None,
    interpretations: list[Document] | None = None,
    now=None,
) -> Document:
    """A leader approves publication: now, or at `publish_at` (the worker publishes it then).

    同步发布: `interpretations` are 政策解读 of this policy awaiting approval that go public with it,
    at the same moment (国办发〔2016〕80号: 解读材料与政策文件同步组织、同步审签、同步部署). A 解读 of a
    policy not yet published is approved only that way, never ahead of its policy."""
    require(actor, "disclosure.approve_document")
    now = now or timezone.now()
    document = _lock(document)
    _require_status(document, Status.AWAITING_APPROVAL)
    _check_gate(document)
    if document.doc_type == DocType.INTERPRETATION and _unpublished_policies(document):
        raise DomainError(_("被解读的政策文件尚未发布：请在审批政策文件时勾选本解读，与政策文件同步发布。"))
    companions = []
    for interpretation in interpretations or []:
        interpretation = _lock(interpretation)
        _require_status(interpretation, Status.AWAITING_APPROVAL)
        if not interpretation.interprets.filter(pk=document.pk).exists():
            raise DomainError(_("“%(t)s”不是本文件的政策解读。") % {"t": interpretation.title})
        if _unpublished_policies(interpretation, besides=document):
            raise DomainError(
                _("“%(t)s”还解读了其他尚未发布的政策文件，不能随本文件同步发布。")
                % {"t": interpretation.title}
            )
        _check_gate(interpretation)
        companions.append(interpretation)
    approved = _approve(document, actor=actor, publish_at=publish_at, now=now)
    for interpretation in companions:
        _approve(interpretation, actor=actor, publish_at=publish_at, now=now, with_policy=document)
    return approved


def _unpublished_policies(interpretation: Document, *, besides: Document | None = None):
    policies = interpretation.interprets.exclude(status=Status.PUBLISHED)
    return list(policies.exclude(pk=besides.pk) if besides is not None else policies)


def _approve(document: Document, *, actor, publish_at, now, with_policy: Document | None = None) -> Document:
    document.approved_by = actor
    document.approved_at = now
    if document.revision_of_id is None and not document.index_number:
        document.index_number = indexnumbers.allocate(
            year=document.date_formed.year, item_code=document.catalogue_item.code
        )
    together = {"with_policy": with_policy.pk} if with_policy is not None else {}
    if publish_at is not None and publish_at > now:
        document.status = Status.SCHEDULED
        document.scheduled_for = publish_at
        document.save()
        audit.record(
            actor=actor,
            action="disclosure.document.schedule",
            target=document,
            after={
                "scheduled_for": publish_at.isoformat(),
                "index_number": document.index_number,
                **together,
            },
        )
        return document
    document.save()
    audit.record(
        actor=actor,
        action="disclosure.document.approve",
        target=document,
        after={"publish": "now", **together},
    )
    return _publish(document, actor=actor, when=now)


def _publish(document: Document, *, actor, when: datetime) -> Document:
    _check_gate(document)
    if document.doc_type == DocType.INTERPRETATION and _unpublished_policies(document):
        raise DomainError(_("被解读的政策文件尚未发布，解读不能先于政策文件发布。"))
    _check_publishable_row(document.catalogue_item)  # the row may have changed since drafting
    scheduled_for = document.scheduled_for
    if document.revision_of_id:
        return _merge_revision(document, actor=actor, when=when)
    if not document.index_number:
        document.index_number = indexnumbers.allocate(
            year=document.date_formed.year, item_code=document.catalogue_item.code
        )
    document.status = Status.PUBLISHED
    document.published_at = when
    document.scheduled_for = None
    document.revision = 1
    assess(document)
    document.save()
    DocumentRevision.objects.create(
        document=document,
        number=1,
        reason=_("首次发布"),
        snapshot=public_snapshot(document),
        published_by=actor,
        published_at=when,
    )
    search.index_documents([document])
    audit.record(
        actor=actor,
        action="disclosure.document.publish",
        target=document,
        after={
            "index_number": document.index_number,
            "published_at": when.isoformat(),
            "scheduled_for": scheduled_for.isoformat() if scheduled_for else None,
            "due_on": document.due_on.isoformat() if document.due_on else None,
            "late": document.late,
        },
    )
    publishing.announce(_announcement(document))  # the unified feed and its WeChat/Weibo texts (interaction)
    return document


def _announcement(document: Document) -> publishing.Announcement:
    return publishing.Announcement(
        source="document",
        key=f"disclosure.document:{document.pk}",
        title=document.title,
        body_html=document.body_public,
        link=document.get_absolute_url(),
        published_at=document.published_at,
    )


def publish_due(*, now: datetime | None = None) -> list[Document]:
    """The worker publishes scheduled documents whose time has come (each in its own
    transaction, so one blocked document does not hold back the others)."""
    now = now or timezone.now()
    published = []
    due = Document.objects.filter(status=Status.SCHEDULED, scheduled_for__lte=now).values_list(
        "pk", "doc_type"
    )
    # Policies first: a 解读 scheduled with its policy (同步发布) goes out in the same run, after it.
    for pk, _doc_type in sorted(due, key=lambda row: (row[1] == DocType.INTERPRETATION, row[0])):
        try:
            with transaction.atomic():
                document = Document.objects.select_for_update().get(pk=pk)
                if document.status != Status.SCHEDULED or document.scheduled_for > now:
                    continue
                # 发布日期 is the moment the document actually went public, not the time it was
                # scheduled for: a false 发布日期 is a veto item of the website indicators
                # (国办秘函〔2019〕19号, 伪造发稿日期), and timeliness is judged against it.
                published.append(_publish(document, actor=None, when=now))
        except DomainError as error:
            logger.warning("scheduled document %s not published: %s", pk, error.message)
    return published


def public_snapshot(document: Document) -> dict:
    """What the public saw in one version (for the staff's revision history)."""
    return {
        "title": document.title,
        "index_number": document.index_number,
        "issuing_organ": document.issuing_organ,
        "document_number": document.document_number,
        "date_formed": document.date_formed.isoformat(),
        "subject": document.subject,
        "doc_type": document.doc_type,
        "validity": document.validity,
        "ceased_on": document.ceased_on.isoformat() if document.ceased_on else None,
        "effective_on": document.effective_on.isoformat() if document.effective_on else None,
        "valid_until": document.valid_until.isoformat() if document.valid_until else None,
        "body_public": document.body_public,
        "attachments": [
            {"name": attachment.public_name, "sha256": attachment.sha256, "size": attachment.size}
            for attachment in document.current_attachments()
        ],
    }


@transaction.atomic
def withdraw_document(*, actor, document: Document, reason: str, now=None) -> Document:
    """撤回: the document leaves lists, search and feeds; its page keeps the record and shows the
    public reason (行政处罚法 Art. 48: a changed or revoked decision is withdrawn with an explanation)."""
    require(actor, "disclosure.withdraw_document")
    document = _lock(document)
    _require_status(document, Status.PUBLISHED)
    reason = _reason(reason)
    document.status = Status.WITHDRAWN
    document.withdrawn_at = now or timezone.now()
    document.withdrawal_reason = reason
    document.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
    search.remove_documents([document.pk])
    audit.record(
        actor=actor,
        action="disclosure.document.withdraw",
        target=document,
        before={"status": Status.PUBLISHED},
        after={"status": document.status, "reason": reason},
    )
    return document


# --- revisions --------------------------------------------------------------------------------


def _change_date(changed_on, document: Document, field: str):
    changed_on = changed_on or timezone.localdate()
    if changed_on > timezone.localdate():
        raise DomainError(_("变更日期不能晚于今天。"), field=field)
    if changed_on < document.date_formed:
        raise DomainError(_("变更日期不能早于成文日期。"), field=field)
    return changed_on


@transaction.atomic
def start_revision(*, actor, document: Document, reason: str, changed_on=None) -> Document:
    """An editor opens a revision of a published document: a draft copy with its attachments
    that goes through review and approval before it replaces the published content. `reason` is the
    public 修订说明; `changed_on` (default today) the day the information changed, from which 条例
    Art. 26's time limit runs again ("或者变更之日起20个工作日")."""
    require(actor, "disclosure.change_document")
    document = _lock(document)
    _require_status(document, Status.PUBLISHED)
    if document.catalogue_item.replace_on_change:
        raise DomainError(
            _(
                "“%(item)s”的文件发布后不能直接修订：请撤回原文件并说明理由，再发布更正后的新文件（行政处罚法第四十八条）。"
            )
            % {"item": document.catalogue_item.name}
        )
    reason = _reason(reason)
    changed_on = _change_date(changed_on, document, "changed_on")
    if document.revision_drafts.exclude(status=Status.MERGED).exists():
        raise DomainError(_("该文件已有一份进行中的修订稿，请先完成或退回那一份。"))
    draft = Document(
        created_by=actor,
        status=Status.DRAFT,
        revision_of=document,
        revision_reason=reason,
        changed_on=changed_on,
        **{name: getattr(document, name) for name in DOCUMENT_FIELDS},
    )
    draft.save()
    draft.interprets.set(document.interprets.all())
    _copy_attachments(document, draft)
    audit.record(
        actor=actor,
        action="disclosure.revision.start",
        target=document,
        after={"draft": draft.pk, "reason": reason, "changed_on": changed_on.isoformat()},
    )
    return draft


def _copy_attachments(document: Document, draft: Document) -> None:
    for attachment in document.current_attachments():
        with attachment.file.open("rb") as handle:
            data = handle.read()
        copy = Attachment(
            document=draft,
            name=attachment.name,
            title=attachment.title,
            file_type=attachment.file_type,
            size=attachment.size,
            sha256=attachment.sha256,
            order=attachment.order,
        )
        extension = FileType(attachment.file_type).extension
        copy.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
        copy.save()


@transaction.atomic
def withdraw_and_replace(*, actor, document: Document, reason: str, changed_on=None, now=None) -> Document:
    """A published decision that was changed, revoked or found unlawful (行政处罚法 Art. 48) is not
    revised in place: it is withdrawn with its public reason — within 3 日 of `changed_on`, the day
    the decision changed (tracked: `withdrawal_late`) — and the corrected decision starts as a new
    draft linked to it (`supersedes`), published under its own index number through the workflow."""
    require(actor, "disclosure.withdraw_document")  # the editors then complete the corrected draft
    locked = _lock(document)
    _require_status(locked, Status.PUBLISHED)
    changed_on = _change_date(changed_on, locked, "changed_on")
    withdrawn = withdraw_document(actor=actor, document=locked, reason=reason, now=now)
    withdrawn.decision_changed_on = changed_on
    withdrawn.save(update_fields=["decision_changed_on", "updated_at"])
    draft = Document(
        created_by=withdrawn.created_by or actor,  # the decision's editor completes the correction
        status=Status.DRAFT,
        supersedes=withdrawn,
        **{name: getattr(withdrawn, name) for name in DOCUMENT_FIELDS},
    )
    draft.date_formed = changed_on  # the corrected decision is formed the day it was made
    assess(draft)
    draft.save()
    _copy_attachments(withdrawn, draft)
    audit.record(
        actor=actor,
        action="disclosure.document.replace",
        target=withdrawn,
        after={
            "draft": draft.pk,
            "changed_on": changed_on.isoformat(),
            "withdrawal_deadline": withdrawn.withdrawal_deadline.isoformat(),
            "withdrawal_late": withdrawn.withdrawal_late,
        },
    )
    return draft


def _merge_revision(draft: Document, *, actor, when: datetime) -> Document:
    original = Document.objects.select_for_update().get(pk=draft.revision_of_id)
    if original.status != Status.PUBLISHED:
        raise DomainError(_("原文件已不处于发布状态，修订稿不能发布。"))
    before = snapshot(original)
    number = original.revision + 1
    for name in [*DOCUMENT_FIELDS, "body_public", "body_text", "review_note", "reviewed_by", "reviewed_at"]:
        setattr(original, name, getattr(draft, name))
    original.approved_by, original.approved_at = draft.approved_by, draft.approved_at
    original.revision = number
    original.save()
    original.interprets.set(draft.interprets.all())
    original.current_attachments().update(retired_in=number)
    original.privacy_hits.filter(attachment__isnull=True).delete()
    Attachment.objects.filter(document=draft).update(document=original)
    draft.privacy_hits.update(document=original)
    original.changed_on = draft.changed_on
    # a corrected 成文日期 changes the verdict on the first publication: never left stale
    assess(original)
    original.save(update_fields=["changed_on", "due_on", "workdays_taken", "late", "due_provisional"])
    change = _change_timeliness(original, draft.changed_on, when)
    DocumentRevision.objects.create(
        document=original,
        number=number,
        reason=draft.revision_reason,
        snapshot=public_snapshot(original),
        published_by=actor,
        published_at=when,
        changed_on=draft.changed_on,
        due_on=change.due_on,
        late=change.late,
    )
    draft.status = Status.MERGED
    draft.published_at = when
    draft.scheduled_for = None
    draft.save(update_fields=["status", "published_at", "scheduled_for", "updated_at"])
    search.index_documents([original])
    audit.record_change(
        actor=actor,
        action="disclosure.revision.publish",
        target=original,
        before=before,
        after=snapshot(original),
        extra={"revision": number, "reason": draft.revision_reason},
    )
    publishing.announce(_announcement(original))  # the feed entry follows the revision
    return original


# --- timeliness -------------------------------------------------------------------------------


def assess(document: Document, calendar=None) -> None:
    """Set the document's due date and lateness from its catalogue item's limit (条例 Art. 26; a
    row's own limit such as 双公示's 7 working days; the 年报's 31 January, Art. 49). A due date in
    the year after the last entered one is provisional (暂定) and gives no verdict yet."""
    from gongkai.workcalendar.queries import get_provisional_calendar

    result = timeliness_of(document, calendar or get_provisional_calendar(), published=document.public_date)
    document.due_on, document.workdays_taken, document.late, document.due_provisional = (
        result.due_on,
        result.workdays_taken,
        result.late,
        result.provisional,
    )


def _change_timeliness(document: Document, changed_on, when: datetime) -> timeliness.Assessment:
    """条例 Art. 26 for a change: the limit counted from the 变更 date."""
    from gongkai.workcalendar.queries import get_provisional_calendar

    item = document.catalogue_item
    if changed_on is None or item.time_limit_start != TimeLimitStart.FORMED:
        return timeliness.Assessment(None, None, None)
    return timeliness.assess(
        formed=changed_on,
        published=timezone.localdate(when),
        limit_workdays=item.time_limit_days,
        calendar=get_provisional_calendar(),
    )


def timeliness_of(document: Document, calendar, *, published) -> timeliness.Assessment:
    item = document.catalogue_item
    if item.time_limit_start == TimeLimitStart.ANNUAL:
        return timeliness.assess_fixed(
            formed=document.date_formed,
            published=published,
            due_on=timeliness.annual_report_due(document.date_formed),
            calendar=calendar,
        )
    limit = item.time_limit_days if item.time_limit_start == TimeLimitStart.FORMED else None
    return timeliness.assess(
        formed=document.date_formed, published=published, limit_workdays=limit, calendar=calendar
    )


def recompute_timeliness(*, years: list[int] | None = None) -> int:
    """Recompute due dates and lateness (after the calendar changed for `years`). A change to a
    year can move the due date of information formed late in the year before."""
    from gongkai.workcalendar.queries import get_provisional_calendar

    calendar = get_provisional_calendar()
    documents = Document.objects.filter(revision_of__isnull=True).select_related("catalogue_item")
    if years:
        documents = documents.filter(date_formed__year__gte=min(years) - 1, date_formed__year__lte=max(years))
    changed = []
    for document in documents.iterator(chunk_size=1000):
        fields = ("due_on", "workdays_taken", "late", "due_provisional")
        before = tuple(getattr(document, name) for name in fields)
        assess(document, calendar)
        if tuple(getattr(document, name) for name in fields) != before:
            changed.append(document)
    Document.objects.bulk_update(
        changed, ["due_on", "workdays_taken", "late", "due_provisional"], batch_size=500
    )
    return len(changed)


def on_calendar_changed(sender, years=(), **kwargs) -> None:
    """Receiver of workcalendar's calendar_changed: recompute in the worker (at once in tests)."""
    from gongkai.disclosure.tasks import recompute_timeliness_task

    recompute_timeliness_task(list(years))


# --- annual-report figures ---------------------------------------------------------------------


@transaction.atomic
def freeze_table2(*, actor, year: int, now=None):
    """Freeze table 二 (第二十条第（一）项) of a reported year: the annual report's figures stay what
    was reported, whatever is withdrawn, repealed or corrected later. Only a year that has ended."""
    from dataclasses import asdict

    from gongkai.core.errors import check_year
    from gongkai.disclosure.models import Table2Freeze

    require(actor, "disclosure.freeze_figures")
    check_year(year)
    now = now or timezone.now()
    if year >= timezone.localdate(now).year:
        raise DomainError(_("只能锁定已经结束的年度。"), field="year")
    if Table2Freeze.objects.select_for_update().filter(year=year).exists():
        raise DomainError(_("%(y)d年的数据已经锁定。") % {"y": year}, field="year")
    rows = [asdict(row) for row in queries.table2_live(year=year)]
    freeze = Table2Freeze.objects.create(year=year, rows=rows, frozen_at=now, frozen_by=actor)
    audit.record(
        actor=actor, action="disclosure.figures.freeze", target=freeze, after={"year": year, "rows": rows}
    )
    return freeze


# --- catalogue --------------------------------------------------------------------------------

CATALOGUE_FIELDS = [
    "code",
    "name",
    "order",
    "content",
    "basis",
    "time_limit_days",
    "time_limit_start",
    "department",
    "channels",
    "audience",
    "method",
    "level",
    "link",
    "replace_on_change",
]


def catalogue_parent(code: str) -> CatalogueItem | None:
    if "." not in code:
        return None
    parent_code = code.rsplit(".", 1)[0]
    parent = CatalogueItem.objects.filter(code=parent_code).first()
    if parent is None:
        raise DomainError(_("上级事项“%(c)s”不存在，请先建立上级事项。") % {"c": parent_code}, field="code")
    return parent


def validate_catalogue_fields(fields: dict) -> dict:
    code = (fields.get("code") or "").strip()
    if not re.fullmatch(r"[0-9A-Za-z]+(\.[0-9A-Za-z]+)*", code):
        raise DomainError(_("编码应为以“.”分隔的数字或字母，如 05.01。"), field="code")
    if not (fields.get("name") or "").strip():
        raise DomainError(_("公开事项名称不能为空。"), field="name")
    channels = list(fields.get("channels") or [])
    unknown = [channel for channel in channels if channel not in Channel.values]
    if unknown:
        raise DomainError(_("未知的公开渠道：%(c)s") % {"c": "、".join(unknown)}, field="channels")
    days = fields.get("time_limit_days")
    if days is not None and not 1 <= int(days) <= 365:
        raise DomainError(_("公开时限应为1至365个工作日。"), field="time_limit_days")
    link = (fields.get("link") or "").strip()
    if link and not link.startswith("/"):
        raise DomainError(_("栏目链接只能是站内地址，以“/”开头。"), field="link")
    return {**fields, "code": code, "channels": channels, "link": link}


@transaction.atomic
def save_catalogue_item(*, actor, item: CatalogueItem | None = None, **fields) -> CatalogueItem:
    """Create or change a row of the 基本目录."""
    require(actor, "disclosure.change_catalogueitem" if item else "disclosure.add_catalogueitem")
    fields = validate_catalogue_fields(fields)
    creating = item is None
    item = item or CatalogueItem()
    before = audit.model_snapshot(item, CATALOGUE_FIELDS) if not creating else None
    if not creating and fields["code"] != item.code and item.children.exists():
        raise DomainError(_("有下级事项的目录事项不能修改编码。"), field="code")
    if CatalogueItem.objects.filter(code=fields["code"]).exclude(pk=item.pk).exists():
        raise DomainError(_("编码“%(c)s”已被使用。") % {"c": fields["code"]}, field="code")
    for name in CATALOGUE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(item, name, value.strip() if isinstance(value, str) else value)
    if not creating and not item.publishes_to_public and item.documents.published().exists():
        raise DomainError(
            _("该目录事项下有已发布的文件，改为依申请或特定群体前请先撤回这些文件。"), field="method"
        )
    item.parent = catalogue_parent(item.code)
    item.save()
    queries.published_changed()
    if before is not None and before["code"] != item.code:
        search.index_documents(item.documents.published().select_related("catalogue_item"))  # new facets
    after = audit.model_snapshot(item, CATALOGUE_FIELDS)
    if creating:
        audit.record(actor=actor, action="disclosure.catalogue.create", target=item, after=after)
    else:
        audit.record_change(
            actor=actor, action="disclosure.catalogue.update", target=item, before=before, after=after
        )
    return item


@transaction.atomic
def delete_catalogue_item(*, actor, item: CatalogueItem) -> None:
    require(actor, "disclosure.delete_catalogueitem")
    if item.children.exists() or item.documents.exists():
        raise DomainError(_("该目录事项下还有下级事项或文件，不能删除。"))
    audit.record(
        actor=actor,
        action="disclosure.catalogue.delete",
        target=item,
        before=audit.model_snapshot(item, CATALOGUE_FIELDS),
    )
    item.delete()
    queries.published_changed()
