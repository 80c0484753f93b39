"""Attachment files: the type is read from the content (never from the name), the size is
limited, and the redacted rendition is a PDF of the file's text with personal data masked.

Why a text rendition: masking inside a PDF's drawing operators or a DOCX's runs is fragile (a
number split across runs or drawn glyph by glyph survives), and images cannot be masked at all.
The gate reads every file through gongkai.privacy.extract; the public copy of a file with redacted
hits is that same text, masked, typeset as a PDF with an embedded CJK font (WeasyPrint). The
original stays beside it for staff. A file without redactions is published as it is."""

from __future__ import annotations

import html
import io
import os
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai.core import uploads
from gongkai.core.errors import DomainError
from gongkai.disclosure.models import FileType

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "DISCLOSURE_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", FileType.PNG),
    (b"\xff\xd8\xff", FileType.JPEG),
    (b"GIF87a", FileType.GIF),
    (b"GIF89a", FileType.GIF),
)


def detect_type(data: bytes) -> FileType:
    """PDF, DOCX, XLSX or an image (PNG, JPEG, GIF, WebP), by content; anything else is refused."""
    if data.startswith(b"%PDF-"):
        return FileType.PDF
    if data.startswith(b"PK\x03\x04"):
        uploads.check_container(data)  # before anything unpacks it: no zip bombs
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            names = set()
        if "word/document.xml" in names:
            return FileType.DOCX
        if "xl/workbook.xml" in names:
            return FileType.XLSX
    image_type = next((kind for magic, kind in _IMAGE_MAGIC if data.startswith(magic)), None)
    if image_type is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        image_type = FileType.WEBP
    if image_type is not None:
        _check_image(data)
        return image_type
    raise DomainError(
        _("不支持的附件类型：只能上传 PDF、Word（.docx）、Excel（.xlsx）或图片（PNG、JPEG、GIF、WebP）。")
    )


def _check_image(data: bytes) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Exception:
        raise DomainError(_("图片文件已损坏，无法读取。")) from None


def check_size(size: int) -> None:
    if size == 0:
        raise DomainError(_("附件是空文件。"))
    limit = max_bytes()
    if size > limit:
        raise DomainError(
            _("附件过大：%(size).1f MB，上限为 %(limit).0f MB。")
            % {"size": size / 2**20, "limit": limit / 2**20}
        )


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def display_name(original: str, file_type: FileType) -> str:
    """The name shown for a file: no path or control characters, the extension of its real type."""
    base = os.path.basename((original or "").replace("\\", "/"))
    base = _UNSAFE_NAME.sub("_", base).strip(" .") or _("附件")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem[:180]}.{file_type.extension}"


_PAGE_CSS = """
@page { size: A4; margin: 20mm 18mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif;
       font-size: 11pt; line-height: 1.6; }
h1 { font-size: 14pt; margin: 0 0 4mm; }
p.note { font-size: 9pt; color: #555; border-bottom: 1px solid #999; padding-bottom: 2mm; }
p.loc { font-size: 8pt; color: #777; margin: 3mm 0 0; }
div.text { white-space: pre-wrap; word-break: break-all; }
"""


def render_redacted_pdf(*, name: str, sections: list[tuple[str, str]]) -> bytes:
    """A PDF of `sections` ((location, masked text) pairs) headed by the file's name."""
    from weasyprint import HTML

    parts = [
        f"<h1>{html.escape(name)}</h1>",
        "<p class='note'>"
        + html.escape(_("本文件为脱敏版本：原文件中的个人信息已作遮蔽处理，版式与原件可能不同。"))
        + "</p>",
    ]
    for location, text in sections:
        if location:
            parts.append(f"<p class='loc'>{html.escape(location)}</p>")
        parts.append(f"<div class='text'>{html.escape(text)}</div>")
    document = (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<style>{_PAGE_CSS}</style></head><body>{''.join(parts)}</body></html>"
    )
    return HTML(string=document).write_pdf()
