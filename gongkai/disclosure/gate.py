"""The privacy gate applied to a document (隐私审查): what the scanner finds in its title, body,
attachment names and attachment text, and the public copies with redacted hits masked.

The scanning and masking rules are gongkai.privacy's; this module only decides where to look and
where the masked copies go:
- the body: `Document.body_public` (HTML, masked in place) and `body_text` (its plain text);
- an attachment's name: `Attachment.name_public`;
- an attachment's text: `Attachment.text_public`, and when anything in it is redacted,
  `Attachment.redacted_file`, a PDF of the masked text (see attachments.py).
A hit stores its mask, its place and a keyed fingerprint of its value, never the value.
A file the scanner cannot read (an image, a scanned PDF) becomes a `manual` hit: a reviewer must
check it by eye and confirm with a reason before it can be published."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile

from gongkai.core.sanitize import clean_html
from gongkai.disclosure.models import MANUAL_CHECK, Attachment, Document, FileType, PrivacyHit, Resolution
from gongkai.disclosure.richtext import RichText, plain_text
from gongkai.privacy.extract import ExtractionError, extract_chunks_capped
from gongkai.privacy.scanner import scan_text

NAME_CHUNK = "文件名"
TITLE_CHUNK = "附件标题"
# Caps (issue 11, resource control): a huge attachment must not produce unbounded text or findings.
# Settings with documented defaults (README "Privacy gate"): the text read from one attachment
# (about 500 pages of Chinese), and the findings listed for one document. What lies beyond a cap is
# not checked item by item: a `manual` finding says so, and the document cannot be published
# until a reviewer deals with it (usually by returning it to be split or cleaned).
DEFAULT_MAX_EXTRACTED_CHARS = 1_000_000
DEFAULT_MAX_FINDINGS = 500


def max_extracted_chars() -> int:
    return int(getattr(settings, "DISCLOSURE_MAX_EXTRACTED_CHARS", DEFAULT_MAX_EXTRACTED_CHARS))


def max_findings() -> int:
    return int(getattr(settings, "DISCLOSURE_MAX_PRIVACY_FINDINGS", DEFAULT_MAX_FINDINGS))


def fingerprint(kind: str, value: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()


@dataclass
class _Finding:
    source: str
    attachment: Attachment | None
    chunk: str
    location: str
    start: int
    end: int
    kind: str
    masked: str
    fingerprint: str


def _text_findings(text: str, *, source: str, attachment=None, chunk="", where="") -> list[_Finding]:
    findings = []
    several_lines = "\n" in text.strip("\n") or source == PrivacyHit.Source.BODY
    # Lines as a reader counts them: blank lines (between paragraphs of the body) do not count.
    ordinals, seen = [], 0
    for line in text.split("\n"):
        seen += bool(line.strip())
        ordinals.append(max(seen, 1))
    for hit in scan_text(text):
        location = f"{where}第{hit.column}字"
        if several_lines:
            location = f"{where}第{ordinals[hit.line - 1]}行第{hit.column}字"
        findings.append(
            _Finding(
                source,
                attachment,
                chunk,
                location,
                hit.start,
                hit.end,
                hit.kind.value,
                hit.masked,
                fingerprint(hit.kind.value, hit.value),
            )
        )
    return findings


PROPERTIES_CHUNK = "文档属性"


def attachment_place(attachment: Attachment) -> str:
    """How a finding's location names its attachment: 附件《环评审批意见.docx》 (issue 13: the
    reviewer reads "附件《名称》第2页第3行第14字", not raw offsets)."""
    return f"附件《{attachment.name}》"


def attachment_chunks(attachment: Attachment, *, properties: bool = True) -> list[tuple[str, str]]:
    """(location, text) pieces of an attachment's original file, at most `max_extracted_chars`
    characters; raises ExtractionError. The file's properties (author, title …) are scanned but are
    not part of its public text."""
    return _capped_chunks(attachment, properties=properties)[0]


def _capped_chunks(attachment: Attachment, *, properties: bool = True) -> tuple[list[tuple[str, str]], bool]:
    with attachment.file.open("rb") as handle:
        data = handle.read()
    chunks, cut = extract_chunks_capped(data, max_extracted_chars())
    return [
        (chunk.location, chunk.text)
        for chunk in chunks
        if properties or not chunk.location.startswith(PROPERTIES_CHUNK)
    ], cut


def _manual(attachment: Attachment | None, location: str, message: str) -> _Finding:
    return _Finding(
        PrivacyHit.Source.ATTACHMENT if attachment else PrivacyHit.Source.BODY,
        attachment,
        "",
        location,
        0,
        0,
        MANUAL_CHECK,
        message[:300],
        "",
    )


def scan_document(document: Document) -> list[_Finding]:
    """Every finding of the document, at most `max_findings` of them (then one `manual` finding
    saying the rest was not listed)."""
    findings = _scan_document(document)
    cap = max_findings()
    if len(findings) > cap:
        rest = _manual(
            None,
            "全文",
            f"发现的个人信息超过{cap}处，仅列出前{cap}处，其余未逐一列出："
            "请退回拟稿人在原件中删除或处理后重新提交。",
        )
        findings = [*findings[:cap], rest]
    return findings


def _scan_document(document: Document) -> list[_Finding]:
    cap = max_findings()
    findings = _text_findings(document.title, source=PrivacyHit.Source.TITLE, where="标题")
    findings += _text_findings(RichText(document.body).text, source=PrivacyHit.Source.BODY, where="正文")
    for attachment in document.current_attachments():
        findings += _text_findings(
            attachment.name,
            source=PrivacyHit.Source.ATTACHMENT,
            attachment=attachment,
            chunk=NAME_CHUNK,
            where=f"{attachment_place(attachment)}文件名",
        )
        if not attachment.title_is_default:
            # An edited title is public as written: like the document's title it is not
            # redacted automatically (kept with a reason, or returned for the editor to change).
            findings += _text_findings(
                attachment.title,
                source=PrivacyHit.Source.TITLE,
                attachment=attachment,
                chunk=TITLE_CHUNK,
                where=f"{attachment_place(attachment)}标题",
            )
        try:
            chunks, cut = _capped_chunks(attachment)
        except ExtractionError as error:
            attachment.extraction_error = error.message[:300]
            attachment.text = ""
            attachment.save(update_fields=["extraction_error", "text"])
            findings.append(
                _Finding(
                    PrivacyHit.Source.ATTACHMENT,
                    attachment,
                    "",
                    attachment_place(attachment),
                    0,
                    0,
                    MANUAL_CHECK,
                    error.message[:300],
                    "",
                )
            )
            continue
        attachment.extraction_error = ""
        attachment.text = "\n".join(
            text for location, text in chunks if not location.startswith(PROPERTIES_CHUNK)
        )
        attachment.save(update_fields=["extraction_error", "text"])
        if cut:
            findings.append(
                _manual(
                    attachment,
                    attachment_place(attachment),
                    f"文件文字超过{max_extracted_chars()}字，超出部分未做个人信息检查，须人工核对原件。",
                )
            )
        for location, text in chunks:
            findings += _text_findings(
                text,
                source=PrivacyHit.Source.ATTACHMENT,
                attachment=attachment,
                chunk=location,
                where=f"{attachment_place(attachment)}{location}",
            )
            if len(findings) > cap:
                return findings  # scan_document lists the first `cap` and says the rest was not
    return findings


def store_findings(document: Document, findings: list[_Finding]) -> list[PrivacyHit]:
    """Replace the document's hits. A reviewer's earlier decision on the same value in the same
    place of an unchanged attachment or body is kept, so a resubmission is not reviewed twice."""
    previous = {
        (hit.source, hit.attachment_id, hit.chunk, hit.kind, hit.fingerprint): hit
        for hit in document.privacy_hits.exclude(resolution=Resolution.PENDING)
        if hit.fingerprint
    }
    document.privacy_hits.filter(attachment__retired_in__isnull=True).delete()
    document.privacy_hits.filter(attachment__isnull=True).delete()
    hits = []
    for finding in findings:
        hit = PrivacyHit(
            document=document,
            attachment=finding.attachment,
            source=finding.source,
            chunk=finding.chunk,
            location=finding.location[:300],
            start=finding.start,
            end=finding.end,
            kind=finding.kind,
            masked=finding.masked[:300],
            fingerprint=finding.fingerprint,
        )
        key = (
            finding.source,
            finding.attachment.pk if finding.attachment else None,
            finding.chunk,
            finding.kind,
            finding.fingerprint,
        )
        earlier = previous.get(key)
        if earlier is not None and finding.source != PrivacyHit.Source.TITLE:
            hit.resolution, hit.reason = earlier.resolution, earlier.reason
            hit.resolved_by_id, hit.resolved_at = earlier.resolved_by_id, earlier.resolved_at
        hits.append(hit)
    return PrivacyHit.objects.bulk_create(hits)


def _splice(text: str, spans: list[tuple[int, int, str]]) -> str:
    parts, position = [], 0
    for start, end, replacement in sorted(spans):
        if start < position:
            continue
        parts += [text[position:start], replacement]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def apply_redactions(document: Document) -> None:
    """Recompute the public copies from the originals and the redacted hits."""
    redacted = list(document.privacy_hits.filter(resolution=Resolution.REDACTED))
    body = RichText(document.body)
    body_spans = [
        (hit.start, hit.end, hit.masked) for hit in redacted if hit.source == PrivacyHit.Source.BODY
    ]
    document.body_public = clean_html(body.redact(body_spans)) if body_spans else document.body
    document.body_text = plain_text(document.body_public)
    document.save(update_fields=["body_public", "body_text"])
    for attachment in document.current_attachments():
        _apply_to_attachment(attachment, [hit for hit in redacted if hit.attachment_id == attachment.pk])


def _apply_to_attachment(attachment: Attachment, redacted: list[PrivacyHit]) -> None:
    name_spans = [(hit.start, hit.end, hit.masked) for hit in redacted if hit.chunk == NAME_CHUNK]
    attachment.name_public = _splice(attachment.name, name_spans) if name_spans else ""
    text_hits = [hit for hit in redacted if hit.chunk != NAME_CHUNK]
    if not text_hits:
        attachment.text_public = attachment.text
        if attachment.redacted_file:
            attachment.redacted_file.delete(save=False)
        attachment.redacted_file = ""
        attachment.save(update_fields=["name_public", "text_public", "redacted_file"])
        return
    sections = []
    labelled = attachment.file_type in (FileType.PDF, FileType.XLSX)  # pages and cells; not paragraphs
    for location, text in attachment_chunks(attachment, properties=False):
        spans = [(hit.start, hit.end, hit.masked) for hit in text_hits if hit.chunk == location]
        sections.append((location if labelled else "", _splice(text, spans)))
    attachment.text_public = "\n".join(text for _location, text in sections)
    digest = hashlib.sha256(attachment.text_public.encode()).hexdigest()[:20]
    if not (attachment.redacted_file and digest in attachment.redacted_file.name):
        from gongkai.disclosure.attachments import render_redacted_pdf

        if attachment.redacted_file:
            attachment.redacted_file.delete(save=False)
        pdf = render_redacted_pdf(sections=sections)
        attachment.redacted_file.save(f"{attachment.pk}-{digest}.pdf", ContentFile(pdf), save=False)
    attachment.save(update_fields=["name_public", "text_public", "redacted_file"])
