"""Privacy gate, files: every kind found (and its look-alike not found) in plain text, PDF, DOCX and XLSX,
with the location a reviewer needs; the file type comes from the content; unreadable files are errors."""

import codecs
import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
import weasyprint
from docx.opc.constants import RELATIONSHIP_TYPE
from pypdf.generic import DecodedStreamObject, NameObject

from gongkai.privacy.extract import ExtractionError, FileType, detect_type, extract_chunks, scan_file

from .privacy_samples import CARD_16, NOT_LUHN_16, RESIDENT_ID, with_wrong_check

# kind: (a value that is personal data, a look-alike that is not)
SAMPLES = {
    "resident_id": (RESIDENT_ID, with_wrong_check(RESIDENT_ID)),
    "mobile": ("13812345678", "12812345678"),
    "bank_card": (CARD_16, NOT_LUHN_16),
    "email": ("zhang.san@example.com", "zhang.san@localhost"),
    "plate": ("京A·F0236", "京I·F0236"),
    "address": ("示例市人民路12号3栋2单元501室", "示例市人民路1号"),
}
KINDS = list(SAMPLES)


def found(source) -> list[tuple[str, str]]:
    return [(hit.location, hit.kind.value) for hit in scan_file(source)]


def write_docx(path: Path, paragraphs=(), rows=(), header=None, footer=None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    document.core_properties.author = "审核员"
    document.core_properties.comments = ""
    document.save(path)
    return path


def write_xlsx(path: Path, cells: dict[str, object], title="Sheet1") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    workbook.save(path)
    return path


def write_pdf(path: Path, *pages: str, head: str = "") -> Path:
    body = "".join(f'<div style="page-break-before: always">{page}</div>' for page in pages)
    weasyprint.HTML(string=f"<html><head>{head}</head><body>{body}</body></html>").write_pdf(path)
    return path


# --- every kind, every format ---
@pytest.mark.parametrize("kind", KINDS)
def test_plain_text_reports_kind_on_its_line(tmp_path, kind):
    valid, look_alike = SAMPLES[kind]
    path = tmp_path / "notice.txt"
    path.write_text(
        f"行政处罚决定书\n当事人：张三\n联系信息：{valid}\n其他：{look_alike}\n", encoding="utf-8"
    )
    assert found(path) == [("第2行", "person_name"), ("第3行", kind)]


@pytest.mark.parametrize("kind", KINDS)
def test_docx_paragraph_and_table_cell_report_their_location(tmp_path, kind):
    valid, look_alike = SAMPLES[kind]
    path = write_docx(
        tmp_path / "decision.docx",
        paragraphs=["行政处罚决定书", f"当事人信息：{valid}", f"对照：{look_alike}"],
        rows=[("姓名", "住址", "证件"), ("张三", look_alike, f"见{valid}")],
    )
    assert found(path) == [("段落 2", kind), ("表格1 第2行第3列", kind)]


@pytest.mark.parametrize("kind", KINDS)
def test_xlsx_cell_reports_sheet_and_cell(tmp_path, kind):
    valid, look_alike = SAMPLES[kind]
    path = write_xlsx(tmp_path / "list.xlsx", {"A1": "当事人", "B7": valid, "C7": look_alike})
    assert found(path) == [("Sheet1!B7", kind)]


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_reports_page_and_line(tmp_path, kind):
    valid, look_alike = SAMPLES[kind]
    path = write_pdf(tmp_path / "notice.pdf", f"<p>{look_alike}</p>", f"<p>Notice</p><p>{valid}</p>")
    assert found(path) == [("第2页 第2行", kind)]


@pytest.mark.parametrize("kind", KINDS)
def test_look_alikes_alone_are_clean_in_every_format(tmp_path, kind):
    look_alike = SAMPLES[kind][1]
    (tmp_path / "a.txt").write_text(look_alike, encoding="utf-8")
    files = [
        tmp_path / "a.txt",
        write_docx(tmp_path / "a.docx", paragraphs=[look_alike], rows=[(look_alike,)]),
        write_xlsx(tmp_path / "a.xlsx", {"A1": look_alike}),
        write_pdf(tmp_path / "a.pdf", f"<p>{look_alike}</p>"),
    ]
    assert [found(path) for path in files] == [[], [], [], []]


# --- PDF details ---
def test_pdf_single_line_page_and_ascii_digits(tmp_path):
    path = write_pdf(tmp_path / "a.pdf", "<p>Tel 138-1234-5678</p>", f"<p>Card {CARD_16}</p>")
    assert found(path) == [("第1页", "mobile"), ("第2页", "bank_card")]


def test_pdf_metadata_is_scanned(tmp_path):
    path = write_pdf(
        tmp_path / "a.pdf", "<p>公告</p>", head='<meta name="author" content="li.si@example.com">'
    )
    assert found(path) == [("文档属性(作者)", "email")]


def test_pdf_link_targets_are_scanned(tmp_path):
    path = write_pdf(tmp_path / "a.pdf", '<p><a href="mailto:li.si@example.com">联系我们</a></p>')
    assert found(path) == [("第1页 批注或链接", "email")]


def test_pdf_font_with_an_embedded_two_byte_cmap_encoding_is_read(tmp_path):
    # WeasyPrint writes such an /Encoding when a glyph is missing; pypdf alone reads it a byte at a time
    # and returns the digits between NULs.
    path = write_pdf(tmp_path / "a.pdf", "<p>当事人住址：示例市人民路12号3栋2单元501室，电话13812345678</p>")
    writer = pypdf.PdfWriter(clone_from=path)
    encoding = DecodedStreamObject()
    encoding.set_data(b"begincmap\n1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\nendcmap")
    for font in writer.pages[0]["/Resources"]["/Font"].values():
        font.get_object()[NameObject("/Encoding")] = encoding
    buffer = io.BytesIO()
    writer.write(buffer)
    assert found(buffer.getvalue()) == [("第1页", "address"), ("第1页", "mobile")]


def test_pdf_without_text_is_an_error_not_a_clean_pass(tmp_path):
    path = write_pdf(tmp_path / "scan.pdf", '<div style="height: 5cm; background: #ccc"></div>')
    with pytest.raises(ExtractionError, match="没有可提取的文字"):
        scan_file(path)


def test_encrypted_pdf_is_an_error(tmp_path):
    writer = pypdf.PdfWriter(clone_from=write_pdf(tmp_path / "a.pdf", "<p>13812345678</p>"))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ExtractionError, match="已加密"):
        scan_file(buffer.getvalue())


def test_damaged_pdf_is_an_error():
    with pytest.raises(ExtractionError, match="PDF"):
        scan_file(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")


# --- DOCX details ---
def test_docx_header_footer_comment_hyperlink_and_properties_are_scanned(tmp_path):
    path = write_docx(tmp_path / "a.docx", paragraphs=["正文"], header="联系 13912345678", footer="京A·F0236")
    document = docx.Document(path)
    document.add_comment(document.paragraphs[0].runs, text="请联系 13712345678", author="审核")
    document.part.relate_to("mailto:li.si@example.com", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    document.core_properties.author = "wang@example.org"
    document.save(path)
    assert sorted(found(path)) == sorted(
        [
            ("页眉 段落 1", "mobile"),
            ("页脚 段落 1", "plate"),
            ("批注1 段落 1", "mobile"),
            ("超链接", "email"),
            ("文档属性(作者)", "email"),
        ]
    )


def test_docx_merged_cell_is_reported_once(tmp_path):
    path = tmp_path / "merged.docx"
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = f"身份证 {RESIDENT_ID}"
    table.cell(1, 1).text = "13812345678"
    document.save(path)
    assert found(path) == [("表格1 第1行第1列", "resident_id"), ("表格1 第2行第2列", "mobile")]


def test_docx_nested_table_has_its_own_location(tmp_path):
    path = tmp_path / "nested.docx"
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 1).text = "13812345678"
    document.save(path)
    assert found(path) == [("表格1 第1行第1列 内嵌表格1 第1行第2列", "mobile")]


def test_docx_runs_split_inside_a_number_are_joined(tmp_path):
    path = tmp_path / "runs.docx"
    document = docx.Document()
    paragraph = document.add_paragraph("电话")
    for piece in ("138", "1234", "5678"):
        paragraph.add_run(piece).bold = True
    document.save(path)
    assert found(path) == [("段落 1", "mobile")]


# --- XLSX details ---
def test_xlsx_numbers_typed_as_numbers_and_hidden_sheets_are_scanned(tmp_path):
    path = tmp_path / "a.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "名单"
    workbook.active["C2"] = 13812345678
    workbook.active["D3"] = 13912345678.0
    workbook.active["E4"] = 3.5
    hidden = workbook.create_sheet("备用")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "住址：示例市人民路12号3栋2单元501室"
    workbook.save(path)
    assert found(path) == [("名单!C2", "mobile"), ("名单!D3", "mobile"), ("备用!A1", "address")]


# --- text, CSV, HTML ---
def test_gbk_csv_reports_line_numbers(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("姓名,电话,邮箱\r\n张三,13812345678,\r\n李四,,li@example.com\r\n".encode("gbk"))
    assert found(path) == [("第2行", "mobile"), ("第3行", "email")]


def test_utf16_text_with_bom_is_read():
    data = codecs.BOM_UTF16_LE + "电话13812345678".encode("utf-16-le")
    assert found(data) == [("第1行", "mobile")]


def test_html_tags_are_stripped_and_inline_markup_joins_text():
    page = (
        "<!DOCTYPE html>\n<html><body>\n"
        "<p>电话<b>138</b>1234<span>5678</span></p>\n"
        "<table><tr><td>138</td><td>12345678</td></tr></table>\n"
        "<script>var phone = '13912345678';</script>\n"
        '<a href="mailto:li.si@example.com">来信</a> &#49;3712345678\n'
        "</body></html>"
    ).encode()
    assert found(page) == [("第3行", "mobile"), ("第6行", "email"), ("第6行", "mobile")]


# --- type detection by content ---
def test_type_comes_from_content_not_from_the_name(tmp_path):
    docx_named_pdf = write_docx(tmp_path / "a.docx", paragraphs=["13812345678"]).rename(tmp_path / "a.pdf")
    xlsx_named_txt = write_xlsx(tmp_path / "b.xlsx", {"A1": "13812345678"}).rename(tmp_path / "b.txt")
    pdf_named_docx = write_pdf(tmp_path / "c.pdf", "<p>13812345678</p>").rename(tmp_path / "c.docx")
    assert detect_type(docx_named_pdf.read_bytes()) is FileType.DOCX
    assert detect_type(xlsx_named_txt.read_bytes()) is FileType.XLSX
    assert detect_type(pdf_named_docx.read_bytes()) is FileType.PDF
    assert detect_type(b"<html><body>x</body></html>") is FileType.HTML
    assert detect_type("姓名,电话\n".encode()) is FileType.TEXT
    assert [found(path) for path in (docx_named_pdf, xlsx_named_txt, pdf_named_docx)] == [
        [("段落 1", "mobile")],
        [("Sheet1!A1", "mobile")],
        [("第1页", "mobile")],
    ]


def zip_of(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "旧版 Office"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "图片"),
        (b"\xff\xd8\xff\xe0" + bytes(64), "图片"),
        (b"BM\x36\x00\x0c\x00" + bytes(4) + b"\x36" + bytes(64), "图片"),
        (b"{\\rtf1\\ansi 13812345678}", "RTF"),
        (bytes(range(256)) * 4, "二进制"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "二进制"),
        (zip_of("ppt/presentation.xml"), "PowerPoint"),
        (zip_of("data/readme.txt"), "压缩文件"),
        (b"PK\x03\x04broken", "损坏"),
        (zip_of("word/document.xml"), "Word"),  # looks like DOCX but is not one
    ],
)
def test_unknown_or_binary_content_is_an_error_in_chinese(data, message):
    with pytest.raises(ExtractionError, match=message):
        scan_file(data)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(ExtractionError, match="文件不存在"):
        scan_file(tmp_path / "missing.pdf")


def test_scan_file_accepts_path_string_and_bytes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("电话13812345678", encoding="utf-8")
    assert found(str(path)) == found(path) == found(path.read_bytes()) == [("第1行", "mobile")]


def test_empty_text_file_is_clean():
    assert extract_chunks(b"") == []
    assert scan_file(b"") == []


def test_text_that_starts_like_a_bitmap_header_is_still_text():
    assert found("BMW车主电话13812345678".encode()) == [("第1行", "mobile")]


def test_file_name_is_checked_too(tmp_path):
    path = tmp_path / "张三13812345678.txt"
    path.write_text("公告", encoding="utf-8")
    assert found(path) == [("文件名", "mobile")]
    assert found(path.read_bytes()) == []  # bytes have no name
