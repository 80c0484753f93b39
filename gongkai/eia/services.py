"""Every state change of the EIA notices: one function per business action, in a transaction, with its
audit record. Views and the demo loader call these; nothing else writes the models.

Roles (apps.py): 执法人员 and 信息编辑 enter projects and notices and publish them; 保密审查员 moderates the
public's comments and may let a notice with privacy hits through with a reason; 执法人员 and 保密审查员
answer comments."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core import publishing
from gongkai.core.errors import DomainError, require
from gongkai.core.identifiers import is_valid_credit_code
from gongkai.core.models import Organisation
from gongkai.core.sequences import next_value
from gongkai.eia import rules, windows
from gongkai.eia.models import Comment, DocumentKind, Kind, Notice, NoticeCorrection, Project, Stage
from gongkai.privacy import extract, scanner
from gongkai.workcalendar.workdays import YearNotCovered

PROJECT_FIELDS = [
    "kind",
    "name",
    "builder",
    "credit_code",
    "location",
    "district",
    "category",
    "document_kind",
    "preparer",
    "summary",
    "approval_number",
    "received_on",
]
NOTICE_FIELDS = ["formed_on", "body", "comment_channel", "hearing_text", "remedy_text", "document_name"]
PUBLIC_TEXT_FIELDS = ("body", "comment_channel", "hearing_text", "remedy_text")

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def today() -> date:
    return timezone.localdate()


def calendar():
    """The database calendar, counting next year provisionally (暂定) when it is not entered yet."""
    from gongkai.workcalendar.queries import get_provisional_calendar

    return get_provisional_calendar()


def normalise(value: str) -> str:
    """NFKC and trimmed; control, bidi and zero-width characters refused (as every text field)."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    if any(unicodedata.category(char) in {"Cc", "Cf"} for char in value.replace("\n", "").replace("\r", "")):
        raise DomainError(_("含有不可见的控制字符，请删除后重新输入。"))
    return value.replace("\r\n", "\n")


# --- projects ---------------------------------------------------------------------------------


def _clean_project(data: dict) -> dict:
    cleaned = {name: data.get(name) for name in PROJECT_FIELDS if name in data}
    for name, value in list(cleaned.items()):
        if isinstance(value, str):
            cleaned[name] = normalise(value)
    code = (cleaned.get("credit_code") or "").upper()
    if not is_valid_credit_code(code):
        raise DomainError(
            _("统一社会信用代码不正确（18位，末位校验码须符合GB 32100-2015）。"), field="credit_code"
        )
    cleaned["credit_code"] = code
    for name, label in (("name", _("项目名称")), ("builder", _("建设单位")), ("location", _("建设地点"))):
        if not cleaned.get(name):
            raise DomainError(_("请填写%(label)s。") % {"label": label}, field=name)
    if cleaned.get("kind", Kind.EIA) != Kind.EIA:
        cleaned["document_kind"] = DocumentKind.NONE
    elif cleaned.get("document_kind") == DocumentKind.NONE:
        raise DomainError(_("建设项目须选择环境影响报告书或报告表。"), field="document_kind")
    return cleaned


@transaction.atomic
def create_project(*, actor, data: dict) -> Project:
    require(actor, "eia.add_project")
    project = Project.objects.create(**_clean_project(data))
    audit.record(
        actor=actor,
        action="eia.project_create",
        target=project,
        after=audit.model_snapshot(project, PROJECT_FIELDS),
    )
    return project


@transaction.atomic
def update_project(*, actor, project: Project, data: dict) -> Project:
    require(actor, "eia.change_project")
    project = Project.objects.select_for_update().get(pk=project.pk)
    before = audit.model_snapshot(project, PROJECT_FIELDS)
    cleaned = _clean_project({**before, **data})
    if project.notices.published().exists():
        # Published notices show these: a change would silently rewrite what the public read.
        frozen = [name for name in ("kind", "document_kind", "credit_code") if cleaned[name] != before[name]]
        if frozen:
            raise DomainError(
                _("已有公示发布，不能再修改事项类别、环评文件类型或统一社会信用代码。"), field=frozen[0]
            )
    for name, value in cleaned.items():
        setattr(project, name, value)
    project.save()
    audit.record_change(
        actor=actor,
        action="eia.project_update",
        target=project,
        before=before,
        after=audit.model_snapshot(project, PROJECT_FIELDS),
    )
    return project


# --- notices ----------------------------------------------------------------------------------


def derive_dates(notice: Notice, cal=None, *, today_: date | None = None) -> None:
    """Set the publication deadline from the day the information formed and, for a published notice
    with a window, the window from its publication day. Raises YearNotCovered past the calendar."""
    cal = cal or calendar()
    deadline = windows.publication_deadline(
        formed=notice.formed_on, workdays=rules.publish_workdays(notice.stage), calendar=cal
    )
    notice.due_on, notice.due_provisional = deadline.due_on, deadline.provisional
    length = rules.window_workdays(notice.stage, notice.project.document_kind)
    if length is None:
        notice.window_first = notice.window_last = notice.window_workdays = None
        notice.window_provisional = False
        return
    if notice.published_at is not None:
        window = windows.publicity_window(start=notice.published_on, workdays=length, calendar=cal)
        notice.window_first, notice.window_last = window.first_day, window.last_day
        notice.window_workdays, notice.window_provisional = length, window.provisional


def _check_document(upload) -> None:
    if upload is None:
        return
    if upload.size > rules.max_document_bytes():
        raise DomainError(
            _("附件不能超过%(mb)dMB。") % {"mb": rules.max_document_bytes() // 1024 // 1024}, field="document"
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise DomainError(_("附件须为PDF文件。"), field="document")


@transaction.atomic
def save_notice(*, actor, project: Project, stage: str, data: dict, upload=None) -> Notice:
    """Create or change the draft notice of one stage. A published notice is not changed."""
    require(actor, "eia.change_notice")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if stage not in rules.STAGES_BY_KIND[project.kind]:
        raise DomainError(_("该类事项没有这一公示阶段。"))
    notice = project.notices.filter(stage=stage).first()
    if notice is not None and notice.is_published:
        raise DomainError(_("该公示已发布，不能再修改。"))
    _check_document(upload)
    formed_on = data.get("formed_on")
    if not isinstance(formed_on, date):
        raise DomainError(_("请填写信息形成日期。"), field="formed_on")
    if formed_on > today():
        raise DomainError(_("信息形成日期不能晚于今天。"), field="formed_on")
    values = {name: normalise(data.get(name) or "") for name in PUBLIC_TEXT_FIELDS}
    if not values["body"]:
        raise DomainError(_("请填写公示内容。"), field="body")
    creating = notice is None
    before = {} if creating else audit.model_snapshot(notice, NOTICE_FIELDS)
    if creating:
        notice = Notice(project=project, stage=stage)
        if stage == Stage.PRE_APPROVAL and not values["hearing_text"]:
            values["hearing_text"] = rules.default_hearing_text()
        if stage == Stage.DECISION and not values["remedy_text"]:
            values["remedy_text"] = rules.default_remedy_text(
                Organisation.current().reconsideration_authority
            )
    notice.formed_on = formed_on
    for name, value in values.items():
        setattr(notice, name, value)
    if upload is not None:
        notice.document_name = normalise(upload.name)[:200]
        notice.document.save(f"{project.pk}-{stage}.pdf", upload, save=False)
    try:
        derive_dates(notice)
    except YearNotCovered as error:
        raise DomainError(error.message, field="formed_on") from None
    notice.save()
    after = audit.model_snapshot(notice, NOTICE_FIELDS)
    if creating:
        audit.record(actor=actor, action="eia.notice_create", target=notice, after={**after, "stage": stage})
    else:
        audit.record_change(
            actor=actor, action="eia.notice_update", target=notice, before=before, after=after
        )
    return notice


@dataclass(frozen=True)
class PrivacyFinding:
    where: str
    label: str
    masked: str


def _allowed_values() -> set[str]:
    """The bureau's own published contact details are not personal data."""
    organisation = Organisation.current()
    values = {
        getattr(organisation, name, "")
        for name in (
            "phone",
            "fax",
            "email",
            "disclosure_phone",
            "disclosure_email",
            "address",
            "disclosure_address",
        )
    }
    return {value.strip() for value in values if value and value.strip()}


def privacy_findings(notice: Notice) -> list[PrivacyFinding]:
    """What the privacy scanner finds in the notice's public text and its PDF (except the bureau's
    own contact details)."""
    allowed = _allowed_values()
    labels = {
        "body": _("公示内容"),
        "comment_channel": _("意见方式和途径"),
        "hearing_text": _("听证权利告知"),
        "remedy_text": _("救济途径告知"),
    }
    findings = [
        PrivacyFinding(str(labels[name]), hit.label, hit.masked)
        for name in PUBLIC_TEXT_FIELDS
        for hit in scanner.scan_text(getattr(notice, name) or "")
        if hit.value.strip() not in allowed
    ]
    if notice.document:
        try:
            with notice.document.open("rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            raise DomainError(_("附件文件已丢失，请重新上传。"), field="document") from None
        try:
            hits = extract.scan_file(data)
        except extract.ExtractionError as error:
            # A scan or a damaged file cannot be checked by the machine: a reviewer must look at it.
            unread = PrivacyFinding(notice.document_name, _("无法自动检查，需人工审核"), str(error))
            return [*findings, unread]
        findings += [
            PrivacyFinding(f"{notice.document_name} {hit.location}", hit.hit.label, hit.masked)
            for hit in hits
            if hit.hit.value.strip() not in allowed
        ]
    return findings


@transaction.atomic
def publish_notice(
    *, actor, notice: Notice, override_reason: str = "", now: datetime | None = None
) -> Notice:
    """Publish a draft: the privacy gate first (hits block it unless a holder of eia.override_privacy
    gives a reason), then the window opens on the publication day (the next working day if a rest day).
    `now` backdates the publication of a notice that went up before the platform (the demo loader)."""
    require(actor, "eia.publish_notice")
    notice = Notice.objects.select_for_update().select_related("project").get(pk=notice.pk)
    if notice.is_published:
        raise DomainError(_("该公示已发布。"))
    project = notice.project
    if notice.stage in rules.DOCUMENT_STAGES and not notice.document:
        raise DomainError(
            _("受理公示须附环境影响评价文件全本（PDF），审批决定公告须附审批决定文件（PDF）。"),
            field="document",
        )
    if notice.stage == Stage.DECISION and not project.approval_number:
        raise DomainError(_("请先在项目信息中填写审批文号。"))
    override_reason = normalise(override_reason)
    findings = privacy_findings(notice)
    if findings and not override_reason:
        listed = "；".join(f"{f.where}：{f.label} {f.masked}" for f in findings[:5])
        raise DomainError(
            _("隐私审查发现可能的个人信息，请修改后再发布，或由保密审查员填写放行理由：%(list)s")
            % {"list": listed},
            field="override_reason",
        )
    if findings:
        require(actor, "eia.override_privacy")
        notice.privacy_override = override_reason
    notice.status = Notice.Status.PUBLISHED
    notice.published_at = now or timezone.now()
    if notice.published_on < notice.formed_on:
        raise DomainError(_("发布日期不能早于信息形成日期。"))
    notice.published_by = actor
    try:
        derive_dates(notice)
    except YearNotCovered as error:
        raise DomainError(error.message) from None
    notice.save()
    audit.record(
        actor=actor,
        action="eia.notice_publish",
        target=notice,
        after={
            "stage": notice.stage,
            "due_on": str(notice.due_on),
            "window_first": str(notice.window_first) if notice.window_first else None,
            "window_last": str(notice.window_last) if notice.window_last else None,
            "privacy_findings": len(findings),
            "override_reason": override_reason or None,
        },
    )
    return notice


@transaction.atomic
def correct_notice(
    *, actor, notice: Notice, data: dict, reason: str, upload=None, override_reason: str = ""
) -> Notice:
    """更正 of a published notice: the texts and the PDF may change, with a reason shown publicly; the day
    the information formed, the publication day, the deadline and the window stay as published. The
    privacy gate runs again on the corrected notice."""
    require(actor, "eia.publish_notice")
    notice = Notice.objects.select_for_update().select_related("project").get(pk=notice.pk)
    if not notice.is_published:
        raise DomainError(_("草稿直接修改即可，无需更正。"))
    reason = normalise(reason)
    if not reason:
        raise DomainError(_("请填写更正原因。"), field="reason")
    _check_document(upload)
    values = {name: normalise(data.get(name) or "") for name in PUBLIC_TEXT_FIELDS}
    if not values["body"]:
        raise DomainError(_("请填写公示内容。"), field="body")
    changed = [name for name, value in values.items() if value != getattr(notice, name)]
    if upload is not None:
        changed.append("document")
    if not changed:
        raise DomainError(_("内容没有变化，无需更正。"))
    before = audit.model_snapshot(notice, NOTICE_FIELDS)
    correction = NoticeCorrection(
        notice=notice,
        corrected_by=actor,
        reason=reason,
        fields=changed,
        previous_body=notice.body,
        previous_document_name=notice.document_name if upload is not None else "",
    )
    for name, value in values.items():
        setattr(notice, name, value)
    if upload is not None:
        notice.document_name = normalise(upload.name)[:200]
        notice.document.save(
            f"{notice.project_id}-{notice.stage}-{timezone.now():%Y%m%d%H%M%S}.pdf", upload, save=False
        )
    override_reason = normalise(override_reason)
    findings = privacy_findings(notice)
    if findings and not override_reason:
        listed = "；".join(f"{f.where}：{f.label} {f.masked}" for f in findings[:5])
        raise DomainError(
            _("隐私审查发现可能的个人信息，请修改后再发布，或由保密审查员填写放行理由：%(list)s")
            % {"list": listed},
            field="override_reason",
        )
    if findings:
        require(actor, "eia.override_privacy")
        notice.privacy_override = override_reason
    notice.save()
    correction.save()
    audit.record_change(
        actor=actor,
        action="eia.notice_correct",
        target=notice,
        before=before,
        after=audit.model_snapshot(notice, NOTICE_FIELDS),
        extra={"reason": reason, "privacy_findings": len(findings)},
    )
    return notice


@transaction.atomic
def withdraw_notice(*, actor, notice: Notice, reason: str, now: datetime | None = None) -> Notice:
    """撤回 of a published notice (e.g. the application was withdrawn or the decision revoked): it stays on
    the project's public page marked 已撤回 with the reason and date, stops taking comments, and its
    texts are kept as published."""
    require(actor, "eia.withdraw_notice")
    notice = Notice.objects.select_for_update().select_related("project").get(pk=notice.pk)
    if not notice.is_published:
        raise DomainError(_("草稿未发布，无需撤回。"))
    if notice.is_withdrawn:
        raise DomainError(_("该公示已撤回。"))
    reason = normalise(reason)
    if not reason:
        raise DomainError(_("请填写撤回原因。"), field="reason")
    privacy = scanner.scan_text(reason)
    if privacy:
        raise DomainError(_("撤回原因含有可能的个人信息，请修改。"), field="reason")
    notice.withdrawn_at = now or timezone.now()
    notice.withdrawn_by = actor
    notice.withdrawal_reason = reason
    notice.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="eia.notice_withdraw",
        target=notice,
        before={"withdrawn": False},
        after={"withdrawn": True, "reason": reason, "withdrawn_on": str(notice.withdrawn_on)},
    )
    return notice


def publication_catalogue() -> str:
    """The 基本目录 row the notices are drafted under in 主动公开: EIA_PUBLICATION_CATALOGUE, default
    "05.01" (行政许可, the 标准目录 rows of 环评审批 and 危废/辐射 licences, regulations.md §5)."""
    return getattr(settings, "EIA_PUBLICATION_CATALOGUE", "05.01")


def _notice_html(notice: Notice) -> str:
    project = notice.project
    rows = [
        (_("项目名称"), project.name),
        (_("建设单位"), project.builder),
        (_("建设地点"), project.location),
        (_("审批文号"), project.approval_number),
        (_("信息形成日期"), str(notice.formed_on)),
    ]
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows if v)
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in notice.body.splitlines() if line.strip())
    extra = "".join(
        f"<p>{escape(text)}</p>" for text in (notice.hearing_text, notice.remedy_text) if text.strip()
    )
    return f"<table>{table}</table>{paragraphs}{extra}"


@transaction.atomic
def hand_to_publishing(*, actor, notice: Notice) -> publishing.DraftRef:
    """A published notice (at least every 审批决定公告) handed to 主动公开 as a draft with its PDF: it
    goes through the 主动公开 review (保密审查, 审批) like every document. Once only per notice."""
    require(actor, "eia.publish_notice")
    notice = Notice.objects.select_for_update().select_related("project").get(pk=notice.pk)
    if not notice.is_published or notice.is_withdrawn:
        raise DomainError(_("只有已发布且未撤回的公示可以转入主动公开。"))
    if notice.document_id:
        raise DomainError(_("该公示已转入主动公开。"))
    attachments = []
    if notice.document:
        with notice.document.open("rb") as handle:
            attachments.append((notice.document_name or f"{notice.get_stage_display()}.pdf", handle.read()))
    project = notice.project
    ref = publishing.draft(
        actor=actor,
        request=publishing.DraftRequest(
            catalogue_code=publication_catalogue(),
            title=f"{project.name}{notice.get_stage_display()}",
            body_html=_notice_html(notice),
            date_formed=notice.formed_on,
            document_number=project.approval_number if notice.stage == Stage.DECISION else "",
            attachments=attachments,
            source=f"eia.notice:{notice.pk}",
        ),
    )
    notice.document_id = ref.id
    notice.save(update_fields=["document_id", "updated_at"])
    audit.record(actor=actor, action="eia.notice_to_publishing", target=notice, after={"document": ref.id})
    return ref


def recompute_dates(*, years: list[int] | None = None) -> int:
    """After the calendar changed: deadlines of drafts and of notices published late in the year
    before, and windows counted provisionally (a published window on entered years stays as shown)."""
    cal = calendar()
    notices = Notice.objects.select_related("project")
    if years:
        notices = notices.filter(formed_on__year__gte=min(years) - 1, formed_on__year__lte=max(years))
    fields = (
        "due_on",
        "due_provisional",
        "window_first",
        "window_last",
        "window_workdays",
        "window_provisional",
    )
    changed = []
    for notice in notices.iterator(chunk_size=500):
        before = tuple(getattr(notice, name) for name in fields)
        keep_window = notice.is_published and not notice.window_provisional
        window = before[2:]
        try:
            derive_dates(notice, cal)
        except YearNotCovered:
            continue
        if keep_window:
            notice.window_first, notice.window_last, notice.window_workdays, notice.window_provisional = (
                window
            )
        if tuple(getattr(notice, name) for name in fields) != before:
            changed.append(notice)
    Notice.objects.bulk_update(changed, list(fields), batch_size=500)
    return len(changed)


# --- comments ---------------------------------------------------------------------------------


def _clean_contact(contact: str) -> str:
    compact = contact.replace(" ", "")
    if _MOBILE.match(compact) or _LANDLINE.match(compact) or _EMAIL.match(compact):
        return compact
    raise DomainError(_("请填写有效的手机号码、固定电话（区号-号码）或电子邮箱。"), field="contact")


def window_of(notice: Notice) -> windows.Window | None:
    if not notice.has_window:
        return None
    return windows.Window(
        notice.window_first, notice.window_last, notice.window_workdays or 0, notice.window_provisional
    )


def accepts_comments(notice: Notice, day: date | None = None) -> bool:
    window = window_of(notice)
    return (
        notice.is_published
        and not notice.is_withdrawn
        and window is not None
        and window.is_open(day or today())
    )


@transaction.atomic
def submit_comment(
    *, notice: Notice, name: str, contact: str, content: str, now: datetime | None = None
) -> Comment:
    """A member of the public gives an opinion while the notice's window is open (公众参与办法: 公众提出
    意见的方式和途径). Name and contact are required, stored encrypted, never published or audited.
    `now` is for the demo loader's past comments."""
    now = now or timezone.now()
    notice = Notice.objects.select_related("project").get(pk=notice.pk)
    if not accepts_comments(notice, timezone.localdate(now)):
        raise DomainError(_("该公示不在意见征求期内，不能提交意见。"))
    name, contact, content = normalise(name), normalise(contact), normalise(content)
    if not 2 <= len(name) <= 50:
        raise DomainError(_("请填写姓名或单位名称（2至50个字）。"), field="name")
    contact = _clean_contact(contact)
    if not 5 <= len(content) <= 2000:
        raise DomainError(_("意见内容须为5至2000个字。"), field="content")
    year = timezone.localdate(now).year
    number = f"HPYJ{year}{next_value('eia.comment', year):05d}"
    comment = Comment.objects.create(
        number=number,
        project=notice.project,
        notice=notice,
        name=name,
        contact=contact,
        content=content,
        submitted_at=now,
    )
    audit.record(
        actor=None,
        action="eia.comment_submit",
        target=comment,
        after={"number": number, "stage": notice.stage},
    )
    return comment


def _check_public_text(text: str, comment: Comment, field: str) -> None:
    hits = scanner.scan_text(text)
    if hits:
        listed = "；".join(f"{hit.label} {hit.masked}" for hit in hits[:5])
        raise DomainError(
            _("公开文本含有可能的个人信息，请删除后再保存：%(list)s") % {"list": listed}, field=field
        )
    lowered = text.lower()
    for private in (comment.name, comment.contact):
        if private and private.lower() in lowered:
            raise DomainError(_("公开文本不得包含意见提交人的姓名或联系方式。"), field=field)


@transaction.atomic
def moderate_comment(
    *, actor, comment: Comment, approve: bool, published_content: str = "", reason: str = ""
) -> Comment:
    """保密审查员 decides: published (with the text as it will appear, scanned clean and without the
    submitter's name or contact) or not published (with the reason, kept in the log)."""
    require(actor, "eia.moderate_comment")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != Comment.Status.PENDING:
        raise DomainError(_("该意见已审核。"))
    if approve:
        text = normalise(published_content) or comment.content
        _check_public_text(text, comment, "published_content")
        comment.status, comment.published_content = Comment.Status.APPROVED, text
    else:
        reason = normalise(reason)
        if not reason:
            raise DomainError(_("请填写不予公开的理由。"), field="reason")
        comment.status, comment.moderation_reason = Comment.Status.REJECTED, reason
    comment.moderated_at, comment.moderated_by = timezone.now(), actor
    comment.save()
    audit.record(
        actor=actor,
        action="eia.comment_moderate",
        target=comment,
        after={"status": comment.status, "edited": approve and comment.published_content != comment.content},
    )
    return comment


@transaction.atomic
def answer_comment(*, actor, comment: Comment, answer: str) -> Comment:
    """The bureau's answer, published under the comment when the comment is published."""
    require(actor, "eia.answer_comment")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Comment.Status.PENDING:
        raise DomainError(_("请先审核该意见，再作答复。"))
    answer = normalise(answer)
    if not 2 <= len(answer) <= 4000:
        raise DomainError(_("答复须为2至4000个字。"), field="answer")
    _check_public_text(answer, comment, "answer")
    before = {"answer": comment.answer}
    comment.answer, comment.answered_at, comment.answered_by = answer, timezone.now(), actor
    comment.save()
    audit.record_change(
        actor=actor, action="eia.comment_answer", target=comment, before=before, after={"answer": answer}
    )
    return comment
