"""Text extraction for the privacy gate: every piece of text in a file, with where a reviewer finds it.

The type comes from the content (magic bytes, the parts inside a zip), never from the file name. A file the
gate cannot read raises ExtractionError with a message for the user: an unreadable file must not pass.

Locations: PDF "第2页"; DOCX "段落 5", "表格1 第2行第3列", "页眉 段落 1", "脚注1 段落 1", "批注1 段落 1",
"超链接", "文档属性(作者)"; XLSX "Sheet1!B7"; text, CSV and HTML "第3行" (the source line); the name of
a scanned path "文件名". A hit in a chunk of several lines (a PDF page) gets " 第N行" appended.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from html.parser import HTMLParser
from urllib.parse import unquote

import docx
import openpyxl
import pypdf
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree
from pypdf.generic import DictionaryObject, NameObject, PdfObject, StreamObject

from gongkai.privacy.scanner import Hit, Kind, scan_text


class ExtractionError(Exception):
    """The file cannot be checked; `message` is fit to show the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FileType(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    HTML = "html"
    TEXT = "text"


@dataclass(frozen=True)
class Chunk:
    location: str
    text: str


@dataclass(frozen=True)
class FileHit:
    location: str
    hit: Hit

    @property
    def kind(self) -> Kind:
        return self.hit.kind

    @property
    def masked(self) -> str:
        return self.hit.masked


# --- type detection ---
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_HTML_TAG = re.compile(r"<(?:html|head|body|p|div|table|br|span|h[1-6])\b[^>]*>", re.I)


def detect_type(data: bytes) -> FileType:
    if b"%PDF-" in data[:1024]:
        return FileType.PDF
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_type(data)
    if data.startswith(_OLE2):
        raise ExtractionError(
            "不支持旧版 Office 文件（.doc/.xls）或已加密的 Office 文件，"
            "请另存为未加密的 .docx/.xlsx 后再检查。"
        )
    if data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP") or _is_bmp(data):
        raise ExtractionError("图片文件没有文字层，无法自动检查个人信息，请人工审核。")
    if data.lstrip().startswith(b"{\\rtf"):
        raise ExtractionError("不支持 RTF 格式，请另存为 .docx 后再检查。")
    text = decode_text(data)
    return FileType.HTML if _HTML_START.match(text) or _HTML_TAG.search(text[:4096]) else FileType.TEXT


def _is_bmp(data: bytes) -> bool:
    # "BM" alone would also start a text ("BMW…"); a bitmap has four reserved zero bytes after its size.
    return data.startswith(b"BM") and data[6:10] == bytes(4)


def _zip_type(data: bytes) -> FileType:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError) as error:
        raise ExtractionError("压缩文件已损坏，无法读取。") from error
    if "word/document.xml" in names:
        return FileType.DOCX
    if "xl/workbook.xml" in names:
        return FileType.XLSX
    if "ppt/presentation.xml" in names:
        raise ExtractionError("不支持 PowerPoint 演示文稿，请导出为 PDF 后再检查。")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise ExtractionError("不支持 OpenDocument 格式，请另存为 .docx/.xlsx 后再检查。")
    raise ExtractionError("不支持的压缩文件，请解压后逐个检查。")


def decode_text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    elif b"\x00" in data:
        raise ExtractionError("无法识别的文件类型（二进制文件），无法检查个人信息。")
    else:
        encodings = ("utf-8", "gb18030")  # GBK files are still common in bureaus
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
        if controls > max(2, len(text) // 200):
            raise ExtractionError("无法识别的文件类型（二进制文件），无法检查个人信息。")
        return text
    raise ExtractionError("无法识别文本编码（支持 UTF-8、UTF-16 和 GB18030/GBK），无法检查个人信息。")


# --- extraction ---
def extract_chunks(data: bytes) -> list[Chunk]:
    file_type = detect_type(data)
    extractor = {
        FileType.PDF: _pdf_chunks,
        FileType.DOCX: _docx_chunks,
        FileType.XLSX: _xlsx_chunks,
        FileType.HTML: _html_chunks,
        FileType.TEXT: _text_chunks,
    }[file_type]
    return [chunk for chunk in extractor(data) if chunk.text.strip()]


def extract_chunks_capped(data: bytes, max_chars: int) -> tuple[list[Chunk], bool]:
    """`extract_chunks` stopping after ``max_chars`` characters of text (the last chunk cut), so a
    huge file never produces unbounded text; the flag tells whether anything was left out. The
    extractors that read piece by piece (text, HTML, DOCX, XLSX) stop reading there too."""
    file_type = detect_type(data)
    extractor = {
        FileType.PDF: _pdf_chunks,
        FileType.DOCX: _docx_chunks,
        FileType.XLSX: _xlsx_chunks,
        FileType.HTML: _html_chunks,
        FileType.TEXT: _text_chunks,
    }[file_type]
    chunks: list[Chunk] = []
    total = 0
    for chunk in extractor(data):
        if not chunk.text.strip():
            continue
        if total + len(chunk.text) > max_chars:
            rest = max_chars - total
            if rest > 0:
                chunks.append(Chunk(chunk.location, chunk.text[:rest]))
            return chunks, True
        chunks.append(chunk)
        total += len(chunk.text)
    return chunks, False


def _text_chunks(data: bytes) -> Iterator[Chunk]:
    for number, line in enumerate(re.split(r"\r\n|\r|\n", decode_text(data)), start=1):
        yield Chunk(f"第{number}行", line)


# PDF ---
_PDF_PROPERTIES = {
    "/Author": "作者",
    "/Title": "标题",
    "/Subject": "主题",
    "/Keywords": "关键词",
    "/Creator": "创建工具",
}
_TWO_BYTE_CODESPACE = re.compile(
    rb"begincodespacerange\s*<[0-9A-Fa-f]{4}>\s*<[0-9A-Fa-f]{4}>\s*endcodespacerange"
)


def _pdf_chunks(data: bytes) -> list[Chunk]:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("PDF 文件已加密，无法检查个人信息，请提供未加密的文件。")
        pages, notes = [], []
        for number, page in enumerate(reader.pages, start=1):
            _use_identity_encoding(page.get("/Resources"))
            pages.append(Chunk(f"第{number}页", page.extract_text() or ""))
            notes += _pdf_annotation_chunks(page, number)
        if not any(chunk.text.strip() for chunk in pages):
            raise ExtractionError("PDF 没有可提取的文字（可能是扫描件），无法自动检查个人信息，请人工审核。")
        chunks = [*pages, *notes, *_pdf_field_chunks(reader)]
        metadata = reader.metadata or {}
        chunks += [
            Chunk(f"文档属性({label})", str(metadata[key]))
            for key, label in _PDF_PROPERTIES.items()
            if metadata.get(key)
        ]
    except ExtractionError:
        raise
    except Exception as error:
        raise ExtractionError("PDF 文件已损坏或无法解析，无法检查个人信息。") from error
    return chunks


def _use_identity_encoding(resources: PdfObject | None, depth: int = 0) -> None:
    """Read fonts whose /Encoding is an embedded 2-byte CMap as Identity-H.

    pypdf decodes such fonts (WeasyPrint writes them when a glyph is missing) one byte at a time and returns
    text interleaved with NULs, in which no number can be found. The codes are still the keys of /ToUnicode,
    so Identity-H gives the right text."""
    resources = resources.get_object() if resources is not None else None
    if depth > 5 or not isinstance(resources, DictionaryObject):
        return
    for font in (resources.get("/Font") or DictionaryObject()).get_object().values():
        font = font.get_object()
        encoding = font.get("/Encoding")
        encoding = encoding.get_object() if encoding is not None else None
        if (
            font.get("/Subtype") == "/Type0"
            and isinstance(encoding, StreamObject)
            and _TWO_BYTE_CODESPACE.search(encoding.get_data())
        ):
            font[NameObject("/Encoding")] = NameObject("/Identity-H")
    for xobject in (resources.get("/XObject") or DictionaryObject()).get_object().values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _use_identity_encoding(xobject.get("/Resources"), depth + 1)


def _pdf_annotation_chunks(page: pypdf.PageObject, number: int) -> list[Chunk]:
    chunks = []
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        action = annotation.get("/A")
        action = action.get_object() if action is not None else {}
        for text in (annotation.get("/Contents"), action.get("/URI")):
            if text:
                chunks.append(Chunk(f"第{number}页 批注或链接", unquote(str(text))))
    return chunks


def _pdf_field_chunks(reader: pypdf.PdfReader) -> list[Chunk]:
    fields = reader.get_form_text_fields() or {}
    return [Chunk(f"表单字段({name})", str(value)) for name, value in fields.items() if value]


# DOCX ---
_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
# Runs of a paragraph, including text boxes; mc:Fallback repeats a text box's text, so it is skipped.
_RUNS = etree.XPath(".//w:r[not(ancestor::mc:Fallback)]", namespaces=_NS)
_W_P, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_RUN_TEXT = {qn("w:t"): None, qn("w:delText"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
_RUN_TEXT[qn("w:noBreakHyphen")] = "-"
_DOCX_PROPERTIES = {
    "author": "作者",
    "last_modified_by": "最后修改者",
    "title": "标题",
    "subject": "主题",
    "keywords": "关键词",
    "comments": "备注",
    "category": "类别",
}
_NOTE_PARTS = {
    "/word/footnotes.xml": ("脚注", qn("w:footnote")),
    "/word/endnotes.xml": ("尾注", qn("w:endnote")),
    "/word/comments.xml": ("批注", qn("w:comment")),
}


def _docx_chunks(data: bytes) -> list[Chunk]:
    try:
        document = docx.Document(io.BytesIO(data))
        chunks = list(_container_chunks(document.element.body, ""))
        parts = sorted(document.part.package.iter_parts(), key=lambda part: str(part.partname))
        for prefix in ("header", "footer"):
            label = "页眉" if prefix == "header" else "页脚"
            matching = [
                part for part in parts if re.fullmatch(rf"/word/{prefix}\d*\.xml", str(part.partname))
            ]
            for number, part in enumerate(matching, start=1):
                name = label if len(matching) == 1 else f"{label}{number}"
                chunks += _container_chunks(_part_element(part), f"{name} ")
        for part in parts:
            if str(part.partname) in _NOTE_PARTS:
                label, tag = _NOTE_PARTS[str(part.partname)]
                notes = [note for note in _part_element(part).iter(tag) if note.get(qn("w:type")) is None]
                for number, note in enumerate(notes, start=1):
                    chunks += _container_chunks(note, f"{label}{number} ")
        for part in parts:
            for rel in part.rels.values():
                if rel.is_external and rel.reltype.endswith("/hyperlink"):
                    chunks.append(Chunk("超链接", unquote(rel.target_ref)))
        properties = document.core_properties
        for name, label in _DOCX_PROPERTIES.items():
            value = getattr(properties, name)
            if value:
                chunks.append(Chunk(f"文档属性({label})", str(value)))
    except Exception as error:
        raise ExtractionError("Word 文件已损坏或无法解析，无法检查个人信息。") from error
    return chunks


def _part_element(part: object) -> etree._Element:
    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)  # type: ignore[attr-defined]


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body, cell, header or note, looking through content controls."""
    for child in container.iterchildren():
        if child.tag in (_W_P, _W_TBL):
            yield child
        elif child.tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif child.tag == _W_CUSTOM_XML:
            yield from _blocks(child)


def _container_chunks(container: etree._Element, prefix: str) -> Iterator[Chunk]:
    paragraphs = tables = 0
    for block in _blocks(container):
        if block.tag == _W_P:
            paragraphs += 1
            yield Chunk(f"{prefix}段落 {paragraphs}", _paragraph_text(block))
        else:
            tables += 1
            yield from _table_chunks(block, f"{prefix}表格{tables}")


def _table_chunks(table: etree._Element, location: str) -> Iterator[Chunk]:
    for row_number, row in enumerate(table.iterchildren(_W_TR), start=1):
        cells = [*row.iterchildren(_W_TC), *row.iterfind(f"{_W_SDT}/{_W_SDT_CONTENT}/{_W_TC}")]
        for column_number, cell in enumerate(cells, start=1):
            cell_location = f"{location} 第{row_number}行第{column_number}列"
            texts, nested = [], []
            for block in _blocks(cell):
                if block.tag == _W_P:
                    texts.append(_paragraph_text(block))
                else:
                    nested.append(block)
            yield Chunk(cell_location, "\n".join(texts))
            for number, inner in enumerate(nested, start=1):
                yield from _table_chunks(inner, f"{cell_location} 内嵌表格{number}")


def _paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    owner = paragraph
    for run in _RUNS(paragraph):
        run_owner = next(run.iterancestors(_W_P), paragraph)
        if run_owner is not owner:
            parts.append("\n")  # a text box's paragraph must not run into the surrounding text
            owner = run_owner
        for child in run.iterchildren():
            if child.tag in _RUN_TEXT:
                parts.append(_RUN_TEXT[child.tag] or child.text or "")
    return "".join(parts)


# XLSX ---
_XLSX_PROPERTIES = {"creator": "作者", "lastModifiedBy": "最后修改者", "title": "标题", "subject": "主题"}


def _xlsx_chunks(data: bytes) -> list[Chunk]:
    try:
        # data_only: the values a reader sees, not the formulas; every sheet, hidden ones included.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            chunks = []
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        text = _cell_text(cell.value)
                        if text:
                            chunks.append(Chunk(f"{sheet.title}!{cell.coordinate}", text))
            for name, label in _XLSX_PROPERTIES.items():
                value = getattr(workbook.properties, name, None)
                if value:
                    chunks.append(Chunk(f"文档属性({label})", str(value)))
        finally:
            workbook.close()
    except Exception as error:
        raise ExtractionError("Excel 文件已损坏或无法解析，无法检查个人信息。") from error
    return chunks


def _cell_text(value: object) -> str:
    if value is None or isinstance(value, bool | date | datetime | time):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed into a number cell reads 13812345678.0
    return str(value)


# HTML ---
class _HtmlText(HTMLParser):
    """Text of an HTML page by source line; inline tags join their text, other tags separate it."""

    INLINE = frozenset(
        ("a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "ins")
    )
    INLINE |= frozenset(
        ("kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt")
    )
    INLINE |= frozenset(("u", "var", "wbr"))
    SKIPPED = frozenset({"script", "style", "template"})
    ATTRIBUTES = frozenset({"title", "alt", "value", "placeholder", "content"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: dict[int, list[str]] = {}
        self._skipping = 0

    def _add(self, line: int, text: str) -> None:
        self.lines.setdefault(line, []).append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in self.SKIPPED:
            self._skipping += 1
        if tag not in self.INLINE:
            self._add(line, "\t")
        for name, value in attrs:
            if value and (
                name in self.ATTRIBUTES or (name == "href" and value.startswith(("mailto:", "tel:")))
            ):
                self._add(line, f"\t{unquote(value)}\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1
        if tag not in self.INLINE:
            self._add(self.getpos()[0], "\t")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        line = self.getpos()[0]
        for offset, piece in enumerate(data.split("\n")):
            self._add(line + offset, piece)


def _html_chunks(data: bytes) -> Iterator[Chunk]:
    parser = _HtmlText()
    parser.feed(re.sub(r"\r\n?", "\n", decode_text(data)))
    parser.close()
    for line in sorted(parser.lines):
        yield Chunk(f"第{line}行", "".join(parser.lines[line]))


# --- scanning ---
def read_source(source: str | os.PathLike[str] | bytes) -> bytes:
    if isinstance(source, bytes):
        return source
    try:
        with open(source, "rb") as file:
            return file.read()
    except FileNotFoundError as error:
        raise ExtractionError("文件不存在。") from error
    except IsADirectoryError as error:
        raise ExtractionError("这是一个目录，不是文件。") from error
    except PermissionError as error:
        raise ExtractionError("没有读取该文件的权限。") from error
    except OSError as error:
        raise ExtractionError("无法读取该文件。") from error


def scan_file(source: str | os.PathLike[str] | bytes) -> list[FileHit]:
    """Personal data in a file (a path, or its bytes), each hit with where it is.

    The file name is checked too: an attachment is published under its name."""
    chunks = extract_chunks(read_source(source))
    if not isinstance(source, bytes):
        chunks.insert(0, Chunk("文件名", os.path.basename(os.fspath(source))))
    hits = []
    for chunk in chunks:
        several_lines = "\n" in chunk.text.strip("\n")
        for hit in scan_text(chunk.text):
            location = f"{chunk.location} 第{hit.line}行" if several_lines else chunk.location
            hits.append(FileHit(location=location, hit=hit))
    return hits
