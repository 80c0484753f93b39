"""The case archive (案卷): the whole record of one case as a ZIP — a PDF case summary (application,
ledger, notices, consultations, extension, fees, letter and legal review, delivery, appeals, links), the
signed letter (DOCX and PDF), the attachments, the ledger and the audit trail as CSV, and a manifest
with the SHA-256 of every file. Exporting it is itself audited."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.applications import documents, queries
from gongkai.applications.models import CONCLUDED_STATUSES, Application, ReplyLetter
from gongkai.audit import services as audit
from gongkai.audit.queries import trail_for
from gongkai.core.models import Organisation

SUMMARY = "案卷摘要.pdf"

# The summary's sections in print order; the optional ones are left out when empty and the others are
# numbered without gaps (GB/T 9704 practice: 一、二、三、…).
SECTIONS = (
    ("application", "申请", False),
    ("events", "办理时限事件", False),
    ("notices", "告知书", False),
    ("consultations", "征求意见", True),
    ("extensions", "延长答复期限", True),
    ("fees", "信息处理费", True),
    ("letter", "答复书与法律审查", False),
    ("deliveries", "送达", False),
    ("attachments", "附件", False),
    ("appeals", "复议诉讼与关联申请", True),
    ("trail", "审计记录", False),
)
CN_NUMERALS = "一二三四五六七八九十"


def cn_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十 (up to 99)."""
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_NUMERALS[tens - 1] + "十")
    return head + (CN_NUMERALS[ones - 1] if ones else "")


def section_headings(present: dict[str, bool]) -> dict[str, str]:
    """The numbered heading of each section shown: optional sections absent from `present` are skipped."""
    shown = [(key, title) for key, title, optional in SECTIONS if not optional or present.get(key)]
    return {key: f"{cn_numeral(index)}、{title}" for index, (key, title) in enumerate(shown, start=1)}


# 档号 (archive reference) of a concluded case. The structure follows the usual 文书档案 档号:
# 全宗号-门类代码·年度-保管期限-件号 (DA/T 13《档号编制规则》). Every part is a setting, because each
# archive assigns its own 全宗号 and the retention of 依申请公开 files is the bureau's 归档范围 decision:
#   GONGKAI_ARCHIVE_NUMBER_PATTERN, default "{fonds}-WS·{year}-{retention}-{number:04d}"
#   GONGKAI_ARCHIVE_FONDS (全宗号), default the organisation's short name (or name)
#   GONGKAI_ARCHIVE_RETENTION (保管期限代码), default "D10" (定期10年)
# {year} is the year the case was concluded, {number} a yearly sequence (core.sequences, gap-free).
DEFAULT_ARCHIVE_PATTERN = "{fonds}-WS·{year}-{retention}-{number:04d}"
DEFAULT_RETENTION = "D10"


def archive_number(*, year: int, number: int, tracking_number: str = "") -> str:
    organisation = Organisation.current()
    pattern = getattr(settings, "GONGKAI_ARCHIVE_NUMBER_PATTERN", "") or DEFAULT_ARCHIVE_PATTERN
    fonds = getattr(settings, "GONGKAI_ARCHIVE_FONDS", "") or organisation.short_name or organisation.name
    retention = getattr(settings, "GONGKAI_ARCHIVE_RETENTION", "") or DEFAULT_RETENTION
    return pattern.format(
        fonds=fonds, year=year, retention=retention, number=number, tracking_number=tracking_number
    )[:80]


@transaction.atomic
def assign_archive_number(application: Application, *, actor) -> Application:
    """A concluded case gets its 档号 the first time it is archived; an open case is a working copy."""
    from gongkai.applications.services.numbers import next_number

    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.archive_number or application.status not in CONCLUDED_STATUSES:
        return application
    year = (application.concluded_on or queries.today()).year
    application.archive_number = archive_number(
        year=year, number=next_number("archive", year), tracking_number=application.tracking_number
    )
    application.archived_at = timezone.now()
    application.save(update_fields=["archive_number", "archived_at", "updated_at"])
    audit.record(
        actor=actor,
        action="application.archive",
        target=application,
        after={"archive_number": application.archive_number},
    )
    return application


def _csv(header: list[str], rows) -> bytes:
    text = io.StringIO()
    text.write("\ufeff")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def summary_pdf(application: Application) -> bytes:
    letter = ReplyLetter.objects.filter(application=application).first()
    case = queries.clock_for(application)
    present = {
        "consultations": application.consultations.exists(),
        "extensions": application.extension_requests.exists(),
        "fees": application.fee_decisions.exists(),
        "appeals": application.appeals.exists() or application.links.exists(),
    }
    html = render_to_string(
        "applications/pdf/case_summary.html",
        {
            "organisation": Organisation.current(),
            "application": application,
            "state": case.state if case else None,
            "case": case,
            "events": application.clock_events.select_related("recorded_by"),
            "notices": application.notices.all(),
            "consultations": application.consultations.all(),
            "extensions": application.extension_requests.select_related("requested_by", "decided_by"),
            "fee_decisions": application.fee_decisions.all(),
            "letter": letter,
            "reviews": letter.reviews.select_related("reviewer") if letter else [],
            "deliveries": application.deliveries.all(),
            "attachments": application.attachments.all(),
            "appeals": application.appeals.all(),
            "links": application.links.select_related("related"),
            "trail": trail_for(application),
            "generated_at": timezone.localtime(),
            "sections": section_headings(present),
        },
    )
    return documents.html_to_pdf(html)


def build_archive(application: Application, *, actor) -> bytes:
    application = assign_archive_number(application, actor=actor)
    entries: list[tuple[str, bytes]] = [(SUMMARY, summary_pdf(application))]
    letter = ReplyLetter.objects.filter(application=application, state=ReplyLetter.State.SIGNED).first()
    if letter is not None:
        for field, name in ((letter.docx, "答复书.docx"), (letter.pdf, "答复书.pdf")):
            if field:
                with field.open("rb") as handle:
                    entries.append((name, handle.read()))
    # the numbered notices (补正、延期、征求意见、收费、终止 …) as the documents that were sent
    for notice in application.notices.exclude(document_number=""):
        content = queries.notice_content(notice)
        stem = f"告知书/{notice.issued_on:%Y%m%d}-{notice.pk:04d}-{notice.get_kind_display()}"
        entries.append((f"{stem}.pdf", documents.letter_pdf(content)))
        entries.append((f"{stem}.docx", documents.letter_docx(content)))
    for attachment in application.attachments.all():
        extension = attachment.file.name.rsplit(".", 1)[-1]
        with attachment.file.open("rb") as handle:
            entries.append(
                (f"附件/{attachment.pk:04d}-{attachment.get_kind_display()}.{extension}", handle.read())
            )
    entries.append(
        (
            "办理时限事件.csv",
            _csv(
                [
                    "日期",
                    "事件",
                    "补正期限",
                    "延长工作日数",
                    "申请人收到收费通知之日",
                    "说明",
                    "记录人",
                    "记录时间",
                ],
                (
                    [
                        event.day,
                        event.kind_label,
                        event.supplement_deadline or "",
                        event.workdays or "",
                        event.notice_received or "",
                        event.note,
                        str(event.recorded_by or "系统"),
                        timezone.localtime(event.recorded_at).strftime("%Y-%m-%d %H:%M:%S"),
                    ]
                    for event in application.clock_events.select_related("recorded_by")
                ),
            ),
        )
    )
    entries.append(
        (
            "审计日志.csv",
            _csv(
                ["序号", "时间", "操作人", "操作", "修改前", "修改后", "IP地址", "哈希"],
                (
                    [
                        record.seq,
                        timezone.localtime(record.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                        record.actor_name,
                        record.action_label,
                        record.before,
                        record.after,
                        record.ip or "",
                        record.hash,
                    ]
                    for record in trail_for(application)
                ),
            ),
        )
    )
    manifest = {
        "tracking_number": application.tracking_number,
        "archive_number": application.archive_number,
        "generated_at": timezone.localtime().isoformat(),
        "files": [
            {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in entries
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    audit.record(
        actor=actor,
        action="application.archive_export",
        target=application,
        after={"files": len(entries), "sha256": hashlib.sha256(buffer.getvalue()).hexdigest()},
    )
    return buffer.getvalue()
