"""Producing the signed reply letter as DOCX (python-docx: bureaus file Word documents) and as PDF
(WeasyPrint with a CJK font, which is embedded in the file).

Layout after GB/T 9704-2012 《党政机关公文格式》: A4, title in 二号 小标宋, body in 三号 仿宋 with a
two-character first-line indent, the issuing organ and date at the bottom right. The DOCX names the fonts
the standard uses (Word substitutes them where missing); the PDF uses the CJK font installed on the
server — WenQuanYi Micro Hei (Debian fonts-wqy-microhei, 5 MB; its subsets are small and fast to make),
else Noto Sans CJK SC — and embeds the glyphs it uses."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gongkai.applications.letters import cn_date, tidy_punctuation

# WeasyPrint logs seven INFO lines per document ("Step 1 - Fetching and parsing HTML" …).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TITLE = "政府信息公开申请答复书"
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号


@dataclass(frozen=True)
class LetterContent:
    organisation: str
    document_number: str
    salutation: str  # the applicant's name, or its masked form in the public copy
    body: str
    signed_on: date | None
    tracking_number: str
    title: str = TITLE
    annexes: tuple[str, ...] = ()  # 附件 names (the disclosed material sent with the reply)

    @property
    def annex_lines(self) -> list[str]:
        """GB/T 9704 附件说明: 附件：1.名称 / 2.名称 … under the body, before the 落款."""
        if not self.annexes:
            return []
        if len(self.annexes) == 1:
            return [f"附件：{self.annexes[0]}"]
        return [f"附件：1.{self.annexes[0]}", *(f"{n}.{name}" for n, name in enumerate(self.annexes[1:], 2))]

    @property
    def paragraphs(self) -> list[str]:
        return [tidy_punctuation(line.strip()) for line in self.body.splitlines() if line.strip()]

    @property
    def date_text(self) -> str:
        return cn_date(self.signed_on)


# Characters XML 1.0 cannot hold (python-docx refuses them): a value stored before entry checks refused
# them (issue 10: NUL or \x0b in a name) must not stop the letter from being made and signed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _run(paragraph, text: str, *, font: str = BODY_FONT, size=BODY_SIZE, bold: bool = False):
    run = paragraph.add_run(xml_safe(text))
    run.font.name = font
    run.font.size = size
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def letter_docx(content: LetterContent) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    document.core_properties.title = f"{content.title} {content.document_number}"
    document.core_properties.author = content.organisation

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, content.organisation, font=TITLE_FONT, size=TITLE_SIZE)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, content.title, font=TITLE_FONT, size=TITLE_SIZE)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, content.document_number)

    _run(document.add_paragraph(), f"{content.salutation}：")
    for text in content.paragraphs:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
        _run(paragraph, text)
    # GB/T 9704 practice: the 落款 and the date never stand alone on a page — the last body paragraph,
    # the blank line and the 落款 each keep with the next, so the signature block moves with the text.
    for index, text in enumerate(content.annex_lines):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        if index:
            paragraph.paragraph_format.left_indent = Pt(80)  # aligned under the first name (附件：)
            paragraph.paragraph_format.first_line_indent = Pt(0)
        _run(paragraph, text)
    last_body = paragraph if (content.paragraphs or content.annex_lines) else None
    if last_body is not None:
        last_body.paragraph_format.keep_with_next = True
    document.add_paragraph().paragraph_format.keep_with_next = True
    for text in (content.organisation, content.date_text):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.keep_with_next = text != content.date_text
        _run(paragraph, text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


def letter_pdf(content: LetterContent, *, public_copy: bool = False) -> bytes:
    html = render_to_string("applications/pdf/letter.html", {"letter": content, "public_copy": public_copy})
    return html_to_pdf(xml_safe(html))
