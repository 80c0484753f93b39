"""The signed reply letter as DOCX and PDF (a CJK font embedded, not just named), its public copy with the
applicant masked, and the case archive ZIP with its PDF summary, files, ledger, audit trail and manifest."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from gongkai.applications import archive, services

from .conftest import APPLICANT_ID, APPLICANT_NAME, FIXED_TODAY, PERSONAL

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def signed(register, handler, legal, leader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = register(
        received_on=date(2026, 10, 12),
        backdate_reason="补登",
        uploads=[SimpleUploadedFile("欧阳测试-身份证.png", PNG)],
    )
    body = (
        f"本机关于2026年10月12日收到您提交的政府信息公开申请（登记号：{application.tracking_number}）。\n"
        f"经检索，本机关没有制作或者获取您申请公开的政府信息。联系人{APPLICANT_NAME}，电话13912345678。\n"
        "如对本答复不服，可以自收到本答复书之日起六十日内向示例市人民政府申请行政复议。"
    )
    services.draft_reply(actor=handler, application=application, outcome="unavailable_not_held", body=body)
    letter = services.submit_for_legal_review(actor=handler, letter=application.reply)
    services.review_reply(actor=legal, letter=letter, approve=True, opinion="同意")
    return services.sign_reply(actor=leader, letter=letter, signed_on=FIXED_TODAY)


def embedded_fonts(pdf: bytes) -> dict[str, str]:
    """Font name → the embedded font-file key (FontFile, FontFile2 or FontFile3) of every page's fonts."""
    found = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"]["/Font"]
        for reference in fonts.values():
            font = reference.get_object()
            descriptors = [font.get("/FontDescriptor")]
            descriptors += [d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])]
            for descriptor in filter(None, descriptors):
                descriptor = descriptor.get_object()
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in descriptor:
                        found[str(font["/BaseFont"])] = key
    return found


def test_the_pdf_letter_embeds_a_cjk_font_and_reads_in_chinese(signed):
    pdf = signed.pdf.open("rb").read()
    fonts = embedded_fonts(pdf)
    assert any("WenQuanYi" in name or "CJK" in name for name in fonts), fonts
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "政府信息公开申请答复书" in text
    assert signed.document_number in text.replace("\n", "")
    assert APPLICANT_NAME in text  # the signed original names the applicant


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) not installed")
def test_pdffonts_reports_the_cjk_font_as_embedded(signed, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(signed.pdf.open("rb").read())
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    cjk = [line for line in lines[2:] if "WenQuanYi" in line or "CJK" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), lines  # the "emb" column


def test_the_public_copy_masks_the_applicant(signed):
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(signed.public_pdf.open("rb").read())).pages
    )
    assert "公开查询副本" in text and "欧***" in text
    for value in PERSONAL:
        assert value not in text, value


def test_the_docx_letter_has_the_title_number_salutation_and_body(signed):
    document = Document(io.BytesIO(signed.docx.open("rb").read()))
    lines = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    assert lines[:4] == [
        "示例市生态环境局",
        "政府信息公开申请答复书",
        signed.document_number,
        f"{APPLICANT_NAME}：",
    ]
    assert any("本机关没有制作或者获取" in line for line in lines)
    assert lines[-2:] == ["示例市生态环境局", "2026年10月20日"]
    body_run = document.paragraphs[4].runs[0]
    assert (
        body_run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "仿宋_GB2312"
    )


def test_the_case_archive_holds_the_whole_record(signed, handler):
    from gongkai.audit.models import AuditRecord

    services.record_delivery(
        actor=handler, application=signed.application, method="direct", delivered_on=FIXED_TODAY
    )
    content = archive.build_archive(signed.application, actor=handler)
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        names = bundle.namelist()
        assert names[:3] == ["案卷摘要.pdf", "答复书.docx", "答复书.pdf"]
        assert any(name.startswith("附件/") and name.endswith("-申请书.png") for name in names)
        assert {"办理时限事件.csv", "审计日志.csv", "manifest.json"} <= set(names)
        summary = "".join(p.extract_text() for p in PdfReader(io.BytesIO(bundle.read("案卷摘要.pdf"))).pages)
        assert signed.application.tracking_number in summary and APPLICANT_ID in summary
        assert "办理时限事件" in summary and "法律审查" in summary and "审计记录" in summary
        assert embedded_fonts(bundle.read("案卷摘要.pdf"))
        ledger = list(csv.reader(io.StringIO(bundle.read("办理时限事件.csv").decode("utf-8-sig"))))
        assert [row[1] for row in ledger[1:]] == ["收到申请", "答复"]
        trail = list(csv.reader(io.StringIO(bundle.read("审计日志.csv").decode("utf-8-sig"))))
        assert "签发答复书" in [row[3] for row in trail[1:]]
        manifest = json.loads(bundle.read("manifest.json"))
        for entry in manifest["files"]:
            assert hashlib.sha256(bundle.read(entry["name"])).hexdigest() == entry["sha256"]
        assert bundle.read("附件/" + names[3].split("/", 1)[1]) == PNG
    assert AuditRecord.objects.filter(
        action="application.archive_export", target_id=str(signed.application.pk)
    ).exists()


def test_the_archive_is_served_to_handlers(signed, client_for, handler):
    from django.urls import reverse

    response = client_for(handler).get(reverse("applications:archive", args=[signed.application.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None
