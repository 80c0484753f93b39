"""The privacy gate on documents: a finding in the body, a file name or a file's text blocks
publication until a reviewer redacts it (the public gets a masked copy, staff keep the original)
or keeps it public with a reason."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.disclosure import services
from gongkai.disclosure.models import MANUAL_CHECK, PrivacyHit, Resolution, Status
from gongkai.privacy.extract import extract_chunks
from gongkai.privacy.scanner import scan_text

from .conftest import MOBILE, RESIDENT_ID, docx_bytes, png_bytes

pytestmark = pytest.mark.django_db


def to_approval(document, editor, reviewer):
    services.submit_for_review(actor=editor, document=document)
    services.pass_review(actor=reviewer, document=document, note="可公开")


def test_a_mobile_number_in_the_body_blocks_review_until_redacted(make_draft, editor, reviewer, leader):
    document = make_draft(body=f"<p>联系人：张工，手机<b>{MOBILE}</b>。</p>")
    services.submit_for_review(actor=editor, document=document)
    hit = document.privacy_hits.get()
    assert (hit.kind, hit.source, hit.masked) == ("mobile", PrivacyHit.Source.BODY, "139****5678")
    assert MOBILE not in hit.location + hit.masked + hit.fingerprint
    with pytest.raises(DomainError, match="1处个人信息未处理"):
        services.pass_review(actor=reviewer, document=document, note="可公开")

    services.redact_hit(actor=reviewer, hit=hit)
    document.refresh_from_db()
    assert MOBILE in document.body  # the original, for staff
    assert MOBILE not in document.body_public and "<b>139****5678</b>" in document.body_public
    assert MOBILE not in document.body_text
    services.pass_review(actor=reviewer, document=document, note="可公开")
    document = services.approve_document(actor=leader, document=document)
    assert document.status == Status.PUBLISHED
    record = AuditRecord.objects.get(action="disclosure.privacy.redact")
    assert MOBILE not in record.after and "139****5678" in record.after


def test_an_override_needs_a_reason_and_keeps_the_value_public(make_draft, editor, reviewer):
    document = make_draft(body="<p>政府信息公开咨询邮箱：xxgk@example.gov.cn</p>")
    services.submit_for_review(actor=editor, document=document)
    hit = document.privacy_hits.get()
    assert hit.kind == "email"
    with pytest.raises(DomainError):
        services.override_hit(actor=reviewer, hit=hit, reason="")
    services.override_hit(actor=reviewer, hit=hit, reason="本局对外公开的工作邮箱")
    document.refresh_from_db()
    assert "xxgk@example.gov.cn" in document.body_public
    assert document.privacy_hits.get().resolution == Resolution.OVERRIDDEN
    services.pass_review(actor=reviewer, document=document, note="可公开")
    assert (
        AuditRecord.objects.get(action="disclosure.privacy.override").after_data["reason"]
        == "本局对外公开的工作邮箱"
    )


def test_a_resident_id_in_a_docx_attachment_is_found_and_redacted_into_a_pdf(make_draft, editor, reviewer):
    document = make_draft()
    attachment = services.add_attachment(
        actor=editor,
        document=document,
        name="环评审批意见.docx",
        data=docx_bytes("建设项目环评审批意见", f"经办人身份证号码：{RESIDENT_ID}"),
    )
    services.submit_for_review(actor=editor, document=document)
    hit = document.privacy_hits.get()
    assert hit.kind == "resident_id" and hit.attachment == attachment
    assert "环评审批意见.docx" in hit.location and "段落 2" in hit.location
    assert hit.masked == "1101**********002X"

    services.redact_hit(actor=reviewer, hit=hit)
    attachment.refresh_from_db()
    assert RESIDENT_ID not in attachment.text_public and "1101**********002X" in attachment.text_public
    assert RESIDENT_ID in attachment.text  # staff keep the original text and file
    with attachment.redacted_file.open("rb") as handle:
        rendition = handle.read()
    assert rendition.startswith(b"%PDF-")
    text = "\n".join(chunk.text for chunk in extract_chunks(rendition))
    assert "附件（脱敏版）" in text and "1101**********002X" in text
    assert "环评审批意见.docx" not in text  # the original file name is not printed
    assert not [h for h in scan_text(text) if h.kind == "resident_id"]
    assert attachment.public_name == "环评审批意见（脱敏版）.pdf"
    with attachment.file.open("rb") as handle:
        assert handle.read().startswith(b"PK")  # the original is untouched


def test_an_id_with_a_wrong_check_digit_after_its_label_is_gone_from_the_published_pdf(
    make_draft, editor, reviewer
):
    """Issue 11: an ID-shaped number next to 身份证号 was readable in the public PDF when its check
    digit was wrong; now it is found by its label and the regenerated PDF holds only the mask."""
    wrong = RESIDENT_ID[:-1] + ("0" if RESIDENT_ID[-1] != "0" else "1")
    document = make_draft()
    attachment = services.add_attachment(
        actor=editor,
        document=document,
        name="张三举报材料.docx",
        data=docx_bytes("举报材料", f"举报人身份证号：{wrong}", "座机0371-62345678"),
    )
    services.submit_for_review(actor=editor, document=document)
    assert {hit.kind for hit in document.privacy_hits.all()} == {"resident_id", "landline"}
    services.redact_all(actor=reviewer, document=document)
    attachment.refresh_from_db()
    with attachment.redacted_file.open("rb") as handle:
        text = "\n".join(chunk.text for chunk in extract_chunks(handle.read()))
    assert wrong not in text and wrong[4:-4] not in text
    assert "62345678" not in text
    assert "张三" not in text  # the original file name is not printed


def test_a_file_name_with_a_mobile_number_is_masked(make_draft, editor, reviewer):
    document = make_draft()
    services.add_attachment(
        actor=editor, document=document, name=f"张三{MOBILE}.docx", data=docx_bytes("正文")
    )
    services.submit_for_review(actor=editor, document=document)
    services.redact_all(actor=reviewer, document=document)
    attachment = document.attachments.get()
    assert attachment.public_name == "张三139****5678.docx"
    assert not attachment.redacted_file  # the file's text had nothing to mask


def test_an_image_must_be_checked_by_eye_and_cannot_be_auto_redacted(make_draft, editor, reviewer):
    document = make_draft()
    services.add_attachment(actor=editor, document=document, name="现场照片.png", data=png_bytes())
    services.submit_for_review(actor=editor, document=document)
    hit = document.privacy_hits.get()
    assert hit.kind == MANUAL_CHECK
    with pytest.raises(DomainError):
        services.redact_hit(actor=reviewer, hit=hit)
    assert services.redact_all(actor=reviewer, document=document) == 0
    with pytest.raises(DomainError):
        services.pass_review(actor=reviewer, document=document, note="可公开")
    services.override_hit(actor=reviewer, hit=hit, reason="已人工核对照片，不含个人信息")
    services.pass_review(actor=reviewer, document=document, note="可公开")


def test_personal_data_in_the_title_goes_back_to_the_editor(make_draft, editor, reviewer):
    document = make_draft(title=f"关于{MOBILE}来电的答复")
    services.submit_for_review(actor=editor, document=document)
    hit = document.privacy_hits.get()
    assert hit.source == PrivacyHit.Source.TITLE
    with pytest.raises(DomainError, match="退回编辑"):
        services.redact_hit(actor=reviewer, hit=hit)
    services.return_document(actor=reviewer, document=document, reason="标题含手机号码，请修改")
    services.update_document(actor=editor, document=document, title="关于群众来电的答复")
    services.submit_for_review(actor=editor, document=document)
    assert not document.privacy_hits.exists()


def test_a_resubmission_keeps_the_reviewers_decisions_on_unchanged_content(make_draft, editor, reviewer):
    document = make_draft(body="<p>咨询邮箱：xxgk@example.gov.cn</p>")
    services.submit_for_review(actor=editor, document=document)
    services.override_hit(actor=reviewer, hit=document.privacy_hits.get(), reason="本局公开邮箱")
    services.return_document(actor=reviewer, document=document, reason="请补充文号")
    services.update_document(actor=editor, document=document, document_number="示环发〔2026〕3号")
    services.submit_for_review(actor=editor, document=document)
    assert document.privacy_hits.get().resolution == Resolution.OVERRIDDEN
    services.pass_review(actor=reviewer, document=document, note="可公开")


def test_approval_is_blocked_too_when_a_finding_is_pending(make_draft, editor, reviewer, leader):
    document = make_draft(body=f"<p>手机{MOBILE}</p>")
    services.submit_for_review(actor=editor, document=document)
    services.redact_all(actor=reviewer, document=document)
    services.pass_review(actor=reviewer, document=document, note="可公开")
    PrivacyHit.objects.filter(document=document).update(resolution=Resolution.PENDING)
    with pytest.raises(DomainError, match="未处理"):
        services.approve_document(actor=leader, document=document)


def test_attachments_are_typed_by_content_and_size_limited(make_draft, editor):
    document = make_draft()
    with pytest.raises(DomainError, match="不支持的附件类型"):
        services.add_attachment(
            actor=editor, document=document, name="通知.pdf", data=b"MZ\x90\x00 not a pdf"
        )
    with pytest.raises(DomainError, match="空文件"):
        services.add_attachment(actor=editor, document=document, name="空.pdf", data=b"")
    with override_settings(DISCLOSURE_ATTACHMENT_MAX_BYTES=1000), pytest.raises(DomainError, match="过大"):
        services.add_attachment(actor=editor, document=document, name="大.docx", data=docx_bytes("x" * 10))
    attachment = services.add_attachment(
        actor=editor, document=document, name="../../报告.pdf", data=docx_bytes("实为 Word 文件")
    )
    assert attachment.file_type == "docx" and attachment.name == "报告.docx"
    assert "报告" not in attachment.file.name  # stored under a random name


def test_the_reviewer_sees_the_redacted_version_and_writes_the_opinion_unprompted(
    make_draft, editor, reviewer, client_for
):
    from django.urls import reverse

    document = make_draft()
    attachment = services.add_attachment(
        actor=editor,
        document=document,
        name="意见.docx",
        data=docx_bytes("意见", f"经办人身份证号码：{RESIDENT_ID}"),
    )
    services.submit_for_review(actor=editor, document=document)
    services.redact_all(actor=reviewer, document=document)
    client = client_for(reviewer)
    page = client.get(reverse("disclosure:staff_document", args=[document.pk]))
    assert page.status_code == 200
    preview = reverse("disclosure:staff_preview", args=[attachment.pk])
    assert preview in page.text  # the public, redacted version, before the review is passed
    textarea = re.search(r'<textarea name="note"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert textarea is not None and textarea.group(1).strip() == ""  # the opinion is not pre-filled
    rendition = client.get(preview)
    assert rendition.status_code == 200
    body = b"".join(rendition.streaming_content) if rendition.streaming else rendition.content
    assert RESIDENT_ID.encode() not in body and body.startswith(b"%PDF-")


# --- caps: a huge attachment produces bounded text and findings (issue 11) ---------------------


def test_a_huge_attachment_is_read_up_to_the_cap_and_the_rest_goes_to_a_reviewer(
    make_draft, editor, reviewer, settings
):
    settings.DISCLOSURE_MAX_EXTRACTED_CHARS = 500
    document = make_draft(body="<p>见附件。</p>")
    paragraphs = [f"第{n}段：排污许可证核发情况说明，本段没有个人信息。" for n in range(200)]
    services.attach_file(actor=editor, document=document, name="长文件.docx", data=docx_bytes(*paragraphs))
    services.submit_for_review(actor=editor, document=document)
    attachment = document.current_attachments().get()
    assert 0 < len(attachment.text) <= 500 + 200  # the cap, plus the line breaks joining the pieces
    manual = document.privacy_hits.get(kind=MANUAL_CHECK)
    assert "超过500字" in manual.masked and manual.attachment == attachment
    with pytest.raises(DomainError, match="未处理"):
        services.pass_review(actor=reviewer, document=document, note="可公开")


def test_findings_are_capped_and_the_rest_is_named_not_listed(make_draft, editor, settings):
    settings.DISCLOSURE_MAX_PRIVACY_FINDINGS = 5
    numbers = [f"139{n:08d}" for n in range(40)]
    document = make_draft(body="<p>见附件。</p>")
    services.attach_file(
        actor=editor, document=document, name="名单.docx", data=docx_bytes(*(f"联系电话{m}" for m in numbers))
    )
    services.submit_for_review(actor=editor, document=document)
    hits = list(document.privacy_hits.all())
    assert len(hits) == 6
    assert sum(hit.kind == "mobile" for hit in hits) == 5
    assert "超过5处" in next(hit for hit in hits if hit.kind == MANUAL_CHECK).masked


def test_the_extractor_stops_at_the_cap():
    from gongkai.privacy.extract import extract_chunks_capped

    data = "\n".join(f"第{n}行文字" for n in range(10_000)).encode()
    chunks, cut = extract_chunks_capped(data, 100)
    assert cut and sum(len(chunk.text) for chunk in chunks) == 100
    chunks, cut = extract_chunks_capped("短文本".encode(), 100)
    assert not cut and [chunk.text for chunk in chunks] == ["短文本"]
