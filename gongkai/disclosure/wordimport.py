"""从 Word 导入: a .docx becomes the 正文 (body) of a draft, for the editor to review before saving.

mammoth converts Word's structure (headings, lists, tables, bold/italic, links) and leaves Word's
look (fonts, colours, mso-* styles) behind; the result then goes through the site's sanitiser like
anything typed. Nothing is stored here: the HTML goes back to the form, and is saved only when the
editor saves the draft.

Images in the document are dropped, with a warning saying how many: a body image must be an
attachment of the document with alt text (core.sanitize), so the editor uploads them as
attachments and places them with the editor's 图片 button."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import mammoth
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gongkai.core import uploads
from gongkai.core.errors import DomainError
from gongkai.core.sanitize import clean_html

# Word's built-in heading styles (stored in English whatever the UI language: "heading 1" shows as
# 标题 1). The page title is the <h1>, so Word's levels 1–3 become h2–h4; "Title" becomes h2.
STYLE_MAP = """
p[style-name='Title'] => h2:fresh
p[style-name='heading 1'] => h2:fresh
p[style-name='heading 2'] => h3:fresh
p[style-name='heading 3'] => h4:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
u => u
"""

DOCX_MAIN_PART = "word/document.xml"


@dataclass
class Imported:
    html: str
    warnings: list[str] = field(default_factory=list)


def max_bytes() -> int:
    return settings.WORD_IMPORT_MAX_BYTES


def import_docx(*, name: str, data: bytes) -> Imported:
    """The body HTML of a .docx upload; a DomainError in Chinese when it cannot be one."""
    if not name.lower().endswith(".docx"):
        raise DomainError(
            _("只能导入 Word 文档（.docx）；旧版 .doc 文件请先在 Word 中另存为 .docx。"), field="file"
        )
    if len(data) > max_bytes():
        raise DomainError(
            _("Word 文档过大（上限 %(mb)d MB）。") % {"mb": max_bytes() // 2**20},
            field="file",
        )
    uploads.check_container(data, field="file")  # before mammoth unpacks anything: no zip bombs
    if not _is_docx(data):
        raise DomainError(_("文件不是 Word 文档（.docx），或已损坏。"), field="file")
    images = []

    def drop_image(image):
        images.append(image)
        return []

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP, convert_image=drop_image)
    except Exception as error:
        raise DomainError(_("无法读取这份 Word 文档，文件可能已损坏。"), field="file") from error
    html = clean_html(result.value)
    warnings = []
    if images:
        warnings.append(
            ngettext(
                "文档中的%(n)d张图片未导入：请作为附件上传，再用“图片”按钮插入正文并填写替代文字。",
                "文档中的%(n)d张图片未导入：请作为附件上传，再用“图片”按钮插入正文并填写替代文字。",
                len(images),
            )
            % {"n": len(images)}
        )
    if not html.strip():
        warnings.append(_("文档中没有可导入的文字。"))
    return Imported(html=html, warnings=warnings)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return DOCX_MAIN_PART in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
