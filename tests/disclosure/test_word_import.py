"""从 Word 导入 (issue 13): a .docx becomes the draft's 正文 through mammoth and the sanitiser;
nothing is stored until the editor saves the draft; errors are in Chinese."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.disclosure.models import Document
from gongkai.disclosure.wordimport import import_docx

from .conftest import png_bytes

URL = reverse("disclosure:staff_word_import")


def structured_docx(*, with_picture: bool = False) -> bytes:
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_heading("一、总体情况", level=1)
    document.add_heading("（一）水环境", level=2)
    paragraph = document.add_paragraph("本年度")
    paragraph.add_run("重点").bold = True
    paragraph.add_run("工作如下。")
    document.add_paragraph("第一项", style="List Bullet")
    document.add_paragraph("第二项", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数值"
    table.cell(1, 0).text, table.cell(1, 1).text = "优良天数", "300"
    if with_picture:
        document.add_picture(io.BytesIO(png_bytes()), width=Cm(1))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_headings_lists_tables_and_bold_come_over_and_word_styles_do_not():
    imported = import_docx(name="说明.docx", data=structured_docx())
    html = imported.html
    assert "<h2>一、总体情况</h2>" in html
    assert "<h3>（一）水环境</h3>" in html
    assert "<strong>重点</strong>" in html
    assert "<ul><li>第一项</li><li>第二项</li></ul>" in html
    assert "<table>" in html and "<td><p>优良天数</p></td>" in html
    assert "style" not in html and "class" not in html
    assert imported.warnings == []


def test_pictures_are_dropped_with_a_warning():
    imported = import_docx(name="a.docx", data=structured_docx(with_picture=True))
    assert "<img" not in imported.html
    assert imported.warnings == [
        "文档中的1张图片未导入：请作为附件上传，再用“图片”按钮插入正文并填写替代文字。"
    ]


def zip_with(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.doc", b"\xd0\xcf\x11\xe0", "只能导入 Word 文档（.docx）"),
        ("a.docx", b"not a zip at all", "文件已损坏"),
        ("a.docx", zip_with("hello.txt", b"hi"), "文件不是 Word 文档（.docx）"),
        ("a.docx", zip_with("word/document.xml", b"<w:document"), "无法读取这份 Word 文档"),
        ("a.docx", zip_with("word/document.xml", b"0" * (3 * 2**20)), "压缩比异常"),
    ],
)
def test_what_is_not_a_readable_docx_is_refused_in_chinese(name, data, message):
    from gongkai.core.errors import DomainError

    with pytest.raises(DomainError) as refusal:
        import_docx(name=name, data=data)
    assert message in refusal.value.message


def test_a_docx_over_the_size_cap_is_refused(settings):
    from gongkai.core.errors import DomainError

    settings.WORD_IMPORT_MAX_BYTES = 1024
    with pytest.raises(DomainError, match="Word 文档过大（上限 0 MB）"):
        import_docx(name="a.docx", data=structured_docx())


@pytest.mark.django_db
def test_an_editor_gets_the_body_as_json_and_nothing_is_stored(client_for, editor):
    disclosure_records = AuditRecord.objects.filter(action__startswith="disclosure")
    records, documents = disclosure_records.count(), Document.objects.count()
    response = client_for(editor).post(URL, {"file": SimpleUploadedFile("说明.docx", structured_docx())})
    assert response.status_code == 200
    assert "<h2>一、总体情况</h2>" in response.json()["html"]
    assert response.json()["warnings"] == []
    assert (disclosure_records.count(), Document.objects.count()) == (records, documents)


@pytest.mark.django_db
def test_a_refusal_is_a_400_with_the_chinese_message(client_for, editor, settings):
    client = client_for(editor)
    response = client.post(URL, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert response.status_code == 400
    assert "只能导入 Word 文档" in response.json()["error"]
    settings.WORD_IMPORT_MAX_BYTES = 10
    response = client.post(URL, {"file": SimpleUploadedFile("a.docx", structured_docx())})
    assert response.status_code == 400 and "Word 文档过大" in response.json()["error"]
    assert client.post(URL, {}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reviewer", "leader", "request_handler"])
def test_only_editors_may_import(role, make_staff, client_for):
    client = client_for(make_staff(role, username=f"u-{role}"))
    assert client.post(URL, {"file": SimpleUploadedFile("a.docx", structured_docx())}).status_code == 403


@pytest.mark.django_db
def test_the_draft_form_carries_the_editor(client_for, editor, make_draft):
    from gongkai.disclosure import services

    from .conftest import png_bytes as png

    document = make_draft()
    picture = services.add_attachment(actor=editor, document=document, name="图.png", data=png())
    page = client_for(editor).get(reverse("disclosure:staff_document_edit", args=[document.pk]))
    html = page.content.decode()
    assert "data-rich-editor" in html and f'data-import-url="{URL}"' in html
    assert f"/zdgk/fj/{picture.pk}/" in html
    assert 'id="editor-labels" type="application/json"' in html
    assert "lib/editor.min.js" in html
