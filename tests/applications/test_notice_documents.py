"""Issue 10, letters and notices: 补正通知书, 延期告知书 (with the new date), 征求意见书, 收费通知书 and the
其他处理 closure notice are numbered documents (core.sequences) with the remedy clause, DOCX and PDF like the
reply letter, delivered through the applicant's channel and kept in the case archive; the disclosed
material is attached to the reply and delivered with it; the archived case gets an 档号."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from gongkai.applications import archive, services
from gongkai.applications.letters import cn_date
from gongkai.applications.models import Attachment, Notice, ReplyLetter

from .conftest import APPLICANT_NAME, FIXED_TODAY, person

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NUMBER = re.compile(r"^示例市生态环境局依申请公开(?P<word>.)〔(?P<year>\d{4})〕(?P<n>\d+)号$")
REMEDY = "如对本告知不服，可以自收到本告知书之日起六十日内向"


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", "")


def docx_text(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs)


@pytest.fixture
def received(register):
    return register(received_on=date(2026, 10, 14), backdate_reason="补登")


def test_the_supplement_notice_is_a_numbered_document_with_the_remedy_clause(received, handler, register):
    services.request_supplement(
        actor=handler,
        application=received,
        issued_on=FIXED_TODAY,
        deadline=date(2026, 11, 3),
        items="请写明年份",
    )
    notice = received.notices.get(kind=Notice.Kind.SUPPLEMENT)
    match = NUMBER.match(notice.document_number)
    assert match and match["word"] == "补" and match["year"] == "2026" and match["n"] == "1"
    assert REMEDY in notice.body and notice.body.endswith("提起行政诉讼。")
    assert notice.delivered_via == received.delivery_method and notice.body_sha256
    other = register(received_on=date(2026, 10, 15), backdate_reason="补登")
    services.request_supplement(
        actor=handler,
        application=other,
        issued_on=FIXED_TODAY,
        deadline=date(2026, 11, 3),
        items="请写明地点",
    )
    assert other.notices.get(kind=Notice.Kind.SUPPLEMENT).document_number.endswith("补〔2026〕2号")


def test_the_extension_notice_is_numbered_and_gives_the_new_date(received, handler, make_staff):
    approver = make_staff("leader", username="fuzeren")
    request = services.request_extension(
        actor=handler, application=received, workdays=20, reason="需要跨部门检索"
    )
    services.decide_extension(actor=approver, request=request, approve=True, decided_on=FIXED_TODAY)
    received.refresh_from_db()
    notice = received.notices.get(kind=Notice.Kind.EXTENSION)
    assert NUMBER.match(notice.document_number)["word"] == "延"
    assert cn_date(received.due_on) in notice.body and REMEDY in notice.body


def test_the_consultation_letter_goes_to_the_party_numbered_without_the_applicants_remedy(received, handler):
    services.start_consultation(
        actor=handler,
        application=received,
        started_on=FIXED_TODAY,
        party_kind="third_party",
        party="示例化工有限公司",
        delivered_on=FIXED_TODAY,
    )
    notice = received.notices.get(kind=Notice.Kind.CONSULTATION)
    assert NUMBER.match(notice.document_number)["word"] == "征"
    assert notice.recipient == "示例化工有限公司" and REMEDY not in notice.body and not notice.delivered_via
    from gongkai.applications import queries

    assert queries.notice_content(notice).salutation == "示例化工有限公司"


def test_the_fee_notice_and_the_closure_notice_are_numbered(register, handler):
    paper = register(
        received_on=date(2026, 10, 14), backdate_reason="补登", data=person(provision_form="paper")
    )
    services.issue_fee_notice(
        actor=handler,
        application=paper,
        method="by_volume",
        pages=150,
        issued_on=FIXED_TODAY,
        notice_received_on=FIXED_TODAY,
    )
    fee = paper.notices.get(kind=Notice.Kind.FEE)
    assert NUMBER.match(fee.document_number)["word"] == "费" and REMEDY in fee.body
    closed = register(received_on=date(2026, 10, 15), backdate_reason="补登")
    services.close_application(
        actor=handler, application=closed, outcome="other", closed_on=FIXED_TODAY, reason="申请人书面撤回申请"
    )
    closure = closed.notices.get(kind=Notice.Kind.CLOSURE)
    assert NUMBER.match(closure.document_number)["word"] == "终" and REMEDY in closure.body


def test_a_numbered_notice_downloads_as_docx_and_pdf_like_the_reply(received, handler, client_for):
    services.request_supplement(
        actor=handler,
        application=received,
        issued_on=FIXED_TODAY,
        deadline=date(2026, 11, 3),
        items="请写明年份",
    )
    notice = received.notices.get(kind=Notice.Kind.SUPPLEMENT)
    client = client_for(handler)
    pdf = client.get(reverse("applications:notice_file", args=[received.pk, notice.pk, "pdf"]))
    docx = client.get(reverse("applications:notice_file", args=[received.pk, notice.pk, "docx"]))
    assert pdf.status_code == docx.status_code == 200
    text = pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    assert notice.document_number in text and "补正申请告知书" in text and APPLICANT_NAME in text
    word = docx_text(docx.content)
    assert word.splitlines()[2] == notice.document_number and f"{APPLICANT_NAME}：" in word
    assert word.rstrip().endswith(cn_date(FIXED_TODAY))  # 落款 and date close the document
    page = client.get(reverse("applications:case", args=[received.pk]))
    assert notice.document_number in page.text
    assert (
        client.get(reverse("applications:notice_file", args=[received.pk, notice.pk, "txt"])).status_code
        == 404
    )


def test_a_numbered_notice_is_emailed_with_its_pdf(
    received, handler, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_supplement(
            actor=handler,
            application=received,
            issued_on=FIXED_TODAY,
            deadline=date(2026, 11, 3),
            items="请写明年份",
        )
    notice = received.notices.get(kind=Notice.Kind.SUPPLEMENT)
    mail = next(m for m in mailoutbox if "补正申请告知书" in m.subject)
    assert notice.document_number in mail.body
    ((_name, content, mimetype),) = mail.attachments
    assert mimetype == "application/pdf" and notice.document_number in pdf_text(content)


# --- the disclosed material goes with the reply -------------------------------------------------


def _sign(application, handler, legal, leader, outcome="disclosed"):
    services.draft_reply(actor=handler, application=application, outcome=outcome)
    body = application.reply.body.replace("【", "").replace("】", "")
    services.draft_reply(actor=handler, application=application, outcome=outcome, body=body)
    letter = services.submit_for_legal_review(
        actor=handler, letter=ReplyLetter.objects.get(application=application)
    )
    services.review_reply(actor=legal, letter=letter, approve=True, opinion="同意")
    return services.sign_reply(actor=leader, letter=letter, signed_on=FIXED_TODAY)


def test_the_disclosed_material_is_attached_to_the_reply_and_delivered_with_it(
    received, handler, legal, leader, mailoutbox, django_capture_on_commit_callbacks
):
    for name in ("2025年重点排污单位名录.pdf", "自行监测数据汇总.pdf"):
        services.add_attachment(
            actor=handler,
            application=received,
            kind=Attachment.Kind.DISCLOSED,
            upload=SimpleUploadedFile(name, PDF),
        )
    letter = _sign(received, handler, legal, leader)
    word = docx_text(letter.docx.open("rb").read())
    assert "附件：1.2025年重点排污单位名录" in word and "2.自行监测数据汇总" in word
    assert word.index("附件：") < word.rindex("示例市生态环境局")  # 附件说明 above the 落款
    assert "附件：1.2025年重点排污单位名录" in pdf_text(letter.pdf.open("rb").read())
    with pytest.raises(Exception, match="答复书已签发"):
        services.add_attachment(
            actor=handler, application=received, kind="disclosed", upload=SimpleUploadedFile("迟.pdf", PDF)
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.record_delivery(
            actor=handler, application=received, method="email", delivered_on=FIXED_TODAY
        )
    mail = next(m for m in mailoutbox if "答复书" in m.subject)
    names = [name for name, _content, _type in mail.attachments]
    assert names == [
        f"答复书-{received.tracking_number}.pdf",
        "2025年重点排污单位名录.pdf",
        "自行监测数据汇总.pdf",
    ]
    assert "公开的政府信息2份" in mail.body


# --- the archive -----------------------------------------------------------------------------------


def test_the_case_archive_keeps_the_notices_and_numbers_the_case_when_concluded(
    received, handler, legal, leader, settings
):
    services.request_supplement(
        actor=handler,
        application=received,
        issued_on=FIXED_TODAY,
        deadline=date(2026, 11, 3),
        items="请写明年份",
    )
    services.record_supplement(actor=handler, application=received, received_on=FIXED_TODAY)
    open_copy = archive.build_archive(received, actor=handler)
    received.refresh_from_db()
    assert received.archive_number == ""  # an open case is a working copy, not archived
    _sign(received, handler, legal, leader, outcome="unavailable_not_held")
    services.record_delivery(actor=handler, application=received, method="direct", delivered_on=FIXED_TODAY)
    content = archive.build_archive(received, actor=handler)
    received.refresh_from_db()
    assert received.archive_number == "示例市生态环境局-WS·2026-D10-0001"
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        names = bundle.namelist()
        stems = [name for name in names if name.startswith("告知书/")]
        assert any(name.endswith("补正申请告知书.pdf") for name in stems)
        assert any(name.endswith("补正申请告知书.docx") for name in stems)
        summary = pdf_text(bundle.read("案卷摘要.pdf"))
        assert "档号" in summary and received.archive_number in summary
        notice = received.notices.get(kind=Notice.Kind.SUPPLEMENT)
        assert notice.document_number in summary
        headings = re.findall(r"([一二三四五六七八九十]+)、", summary)
        numerals = "一二三四五六七八九十"
        expected = [numerals[i] if i < 10 else "十" + numerals[i - 10] for i in range(len(headings))]
        assert headings[: len(expected)] == expected  # sections numbered without gaps
        assert json.loads(bundle.read("manifest.json"))["archive_number"] == received.archive_number
    archive.build_archive(received, actor=handler)
    received.refresh_from_db()
    assert received.archive_number.endswith("-0001")  # given once
    assert open_copy


def test_the_archive_number_pattern_is_a_setting(settings):
    settings.GONGKAI_ARCHIVE_NUMBER_PATTERN = "{fonds}·{year}·YSQ·{retention}·{number:05d}"
    settings.GONGKAI_ARCHIVE_FONDS = "J012"
    settings.GONGKAI_ARCHIVE_RETENTION = "D30"
    assert archive.archive_number(year=2026, number=7) == "J012·2026·YSQ·D30·00007"


@pytest.mark.parametrize(
    ("present", "expected"),
    [
        (
            {},
            [
                "一、申请",
                "二、办理时限事件",
                "三、告知书",
                "四、答复书与法律审查",
                "五、送达",
                "六、附件",
                "七、审计记录",
            ],
        ),
        (
            {"consultations": True, "appeals": True},
            [
                "一、申请",
                "二、办理时限事件",
                "三、告知书",
                "四、征求意见",
                "五、答复书与法律审查",
                "六、送达",
                "七、附件",
                "八、复议诉讼与关联申请",
                "九、审计记录",
            ],
        ),
    ],
)
def test_the_archive_summary_numbers_its_sections_without_gaps(present, expected):
    assert list(archive.section_headings(present).values()) == expected


# --- reviewed where the reply is ------------------------------------------------------------------


def test_numbered_notices_are_reviewed_in_the_legal_reviewers_queue(received, handler, legal, client_for):
    services.request_supplement(
        actor=handler,
        application=received,
        issued_on=FIXED_TODAY,
        deadline=date(2026, 11, 3),
        items="请写明年份",
    )
    notice = received.notices.get(kind=Notice.Kind.SUPPLEMENT)
    reviewer = client_for(legal)
    queue = reviewer.get(reverse("applications:legal_queue")).text
    assert notice.document_number in queue and "待审查的编号告知书" in queue
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # the handler who issued it is no reviewer
        services.review_notice(actor=handler, notice=notice, approve=True)
    url = reverse("applications:notice_review", args=[received.pk, notice.pk])
    refused = reviewer.post(url, {"decision": "returned", "opinion": ""}, follow=True)
    assert "请写明告知书存在的问题" in refused.text
    answer = reviewer.post(url, {"decision": "approved", "opinion": "依据正确"})
    assert answer.status_code == 302
    notice.refresh_from_db()
    assert (notice.review_decision, notice.reviewed_by) == ("approved", legal)
    assert notice.document_number not in reviewer.get(reverse("applications:legal_queue")).text
    assert client_for(handler).post(url, {"decision": "approved"}).status_code == 403
