"""Issue 13, staff console of 主动公开: readable privacy findings for the reviewer, attachment
titles and order, an editor's withdrawal of an unreviewed submission, the return reason kept in
the history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.disclosure import services

from .conftest import MOBILE, RESIDENT_ID, docx_bytes

pytestmark = pytest.mark.django_db


# 1. Reviewer: readable findings ------------------------------------------------------------


def test_findings_read_as_places_not_offsets(make_draft, editor):
    document = make_draft(
        title=f"关于{MOBILE}的公告",
        body=f"<p>第一段没有个人信息。</p><p>联系电话：{MOBILE}</p>",
    )
    services.add_attachment(
        actor=editor,
        document=document,
        name="环评审批意见.docx",
        data=docx_bytes("建设项目环评审批意见", f"经办人身份证号码：{RESIDENT_ID}"),
    )
    services.submit_for_review(actor=editor, document=document)
    locations = {hit.source: hit.location_label for hit in document.privacy_hits.all()}
    assert locations["title"] == "标题第3字"
    assert locations["body"] == "正文第2行第6字"
    assert locations["attachment"].startswith("附件《环评审批意见.docx》段落 2")
    assert locations["attachment"].endswith("第10字")


def test_the_findings_table_and_an_empty_review_opinion(make_draft, editor, reviewer, leader, client_for):
    document = make_draft(body=f"<p>联系电话：{MOBILE}</p>")
    services.submit_for_review(actor=editor, document=document)
    hit = document.privacy_hits.get()
    services.override_hit(actor=reviewer, hit=hit, reason="本局对外公开的工作电话")
    services.pass_review(actor=reviewer, document=document, note="已审查，可以公开")
    services.return_document(actor=leader, document=document, reason="请补充附件")
    document.refresh_from_db()
    services.submit_for_review(actor=editor, document=document)

    response = client_for(reviewer).get(document.get_staff_url())
    html = response.content.decode()
    assert '<td class="finding-location">正文第1行第6字</td>' in html
    assert '<td class="finding-kind">' in html
    textarea = re.search(r'<textarea name="note"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea is not None and textarea.group(1).strip() == ""


def test_the_findings_columns_have_widths():
    css = (Path(services.__file__).parent / "static/disclosure/disclosure.css").read_text()
    assert re.search(r"\.findings \.finding-kind \{[^}]*white-space: nowrap", css)
    assert re.search(r"\.findings \.finding-location \{[^}]*min-width", css)


# 2. Attachment titles and order ------------------------------------------------------------


def test_an_attachment_gets_a_default_title_and_the_editor_edits_title_and_order(make_draft, editor):
    document = make_draft()
    first = services.add_attachment(
        actor=editor, document=document, name="环评审批意见.docx", data=docx_bytes("甲")
    )
    second = services.add_attachment(actor=editor, document=document, name="附图.docx", data=docx_bytes("乙"))
    assert (first.title, second.title) == ("环评审批意见", "附图")
    assert first.order < second.order
    services.update_attachment(actor=editor, attachment=second, title="  项目位置  附图 ", order=0)
    services.update_attachment(actor=editor, attachment=first, title="", order=5)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.title, second.order) == ("项目位置 附图", 0)
    assert (first.title, first.order) == ("环评审批意见", 5)  # empty falls back to the file name
    assert list(document.current_attachments()) == [second, first]
    record = AuditRecord.objects.filter(action="disclosure.attachment.update").first()
    assert record is not None and record.actor == editor


def test_titles_are_editable_only_on_drafts_and_only_by_editors(make_draft, editor, reviewer):
    document = make_draft()
    attachment = services.add_attachment(actor=editor, document=document, name="a.docx", data=docx_bytes("x"))
    with pytest.raises(PermissionDenied):
        services.update_attachment(actor=reviewer, attachment=attachment, title="改名", order=1)
    services.submit_for_review(actor=editor, document=document)
    with pytest.raises(DomainError):
        services.update_attachment(actor=editor, attachment=attachment, title="改名", order=1)
    attachment.refresh_from_db()
    assert attachment.title == "a"


def test_the_update_view_permissions(make_draft, editor, reviewer, client_for):
    document = make_draft()
    attachment = services.add_attachment(actor=editor, document=document, name="a.docx", data=docx_bytes("x"))
    url = reverse("disclosure:staff_attachment_update", args=[attachment.pk])
    assert client_for(reviewer).post(url, {"title": "改名", "order": "2"}).status_code == 403
    assert client_for(editor).get(url).status_code == 405
    response = client_for(editor).post(url, {"title": "监测报告", "order": "2"})
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert (attachment.title, attachment.order) == ("监测报告", 2)
    html = client_for(editor).get(document.get_staff_url()).content.decode()
    assert 'name="title" id="id_attachment_title_' in html and 'value="监测报告"' in html


def test_the_public_page_lists_titles_in_order_and_downloads_keep_safe_names(
    client, make_draft, editor, publish
):
    document = make_draft()
    report = services.add_attachment(
        actor=editor, document=document, name="report-2026.docx", data=docx_bytes("报告")
    )
    figure = services.add_attachment(
        actor=editor, document=document, name="fig.docx", data=docx_bytes("附图")
    )
    services.update_attachment(actor=editor, attachment=report, title="监测报告", order=2)
    services.update_attachment(actor=editor, attachment=figure, title="监测点位图", order=1)
    document = publish(document)
    html = client.get(document.get_absolute_url()).content.decode()
    section = html[html.index('class="doc-attachments"') :]
    assert section.index("监测点位图") < section.index("监测报告")
    assert "report-2026.docx" not in section and "fig.docx" not in section
    download = client.get(report.get_absolute_url())
    assert "filename*=UTF-8''report-2026.docx" in download["Content-Disposition"]


def test_an_edited_title_is_checked_by_the_privacy_gate(make_draft, editor):
    document = make_draft()
    attachment = services.add_attachment(actor=editor, document=document, name="a.docx", data=docx_bytes("x"))
    services.update_attachment(actor=editor, attachment=attachment, title=f"联系人{MOBILE}", order=0)
    services.submit_for_review(actor=editor, document=document)
    hit = document.privacy_hits.get()
    assert hit.source == "title" and hit.attachment == attachment
    assert hit.location == "附件《a.docx》标题第4字"


def test_a_redacted_file_name_keeps_the_default_title_redacted(client, make_draft, editor, publish):
    document = make_draft()
    services.add_attachment(actor=editor, document=document, name=f"名单{MOBILE}.docx", data=docx_bytes("x"))
    document = publish(document)  # redacts the number in the file name
    html = client.get(document.get_absolute_url()).content.decode()
    section = html[html.index('class="doc-attachments"') :]
    assert MOBILE not in html and "名单139****5678" in section


# 3. Editor's withdrawal of an unreviewed submission; the return reason stays in the history ---


def review_queue(response):
    (documents,) = [docs for label, docs in response.context["queues"] if label == "待保密审查"]
    return list(documents)


def test_an_editor_withdraws_an_unreviewed_submission(make_draft, editor, reviewer, client_for):
    document = make_draft(body="<p>无个人信息的正文。</p>")
    services.submit_for_review(actor=editor, document=document)
    as_reviewer = client_for(reviewer)
    dashboard = reverse("disclosure:staff_dashboard")
    assert document in review_queue(as_reviewer.get(dashboard))
    url = reverse("disclosure:staff_recall", args=[document.pk])
    assert as_reviewer.post(url).status_code == 403
    assert client_for(editor).post(url).status_code == 302
    document.refresh_from_db()
    assert document.status == "draft"
    assert AuditRecord.objects.filter(action="disclosure.document.recall", actor=editor).exists()
    assert document not in review_queue(as_reviewer.get(dashboard))


def test_a_submission_the_reviewer_has_started_cannot_be_withdrawn(make_draft, editor, reviewer):
    document = make_draft(body=f"<p>联系电话：{MOBILE}</p>")
    services.submit_for_review(actor=editor, document=document)
    services.redact_hit(actor=reviewer, hit=document.privacy_hits.get())
    with pytest.raises(DomainError, match="已开始审查"):
        services.recall_submission(actor=editor, document=document)
    document.refresh_from_db()
    assert document.status == "review"


def test_the_return_reason_stays_in_the_history_after_resubmission(make_draft, editor, reviewer, client_for):
    document = make_draft(body="<p>无个人信息的正文。</p>")
    services.submit_for_review(actor=editor, document=document)
    services.return_document(actor=reviewer, document=document, reason="请补充监测点位图")
    document.refresh_from_db()
    services.submit_for_review(actor=editor, document=document)
    document.refresh_from_db()
    assert document.return_reason == ""
    html = client_for(editor).get(document.get_staff_url()).content.decode()
    trail = html[html.index('id="trail-heading"') :]
    assert "退回修改：请补充监测点位图" in trail


# 4. The upload form warns about a chosen file that was not uploaded ---------------------------


def test_the_document_page_loads_the_upload_guard_without_inline_script(make_draft, editor, client_for):
    document = make_draft()
    html = client_for(editor).get(document.get_staff_url()).content.decode()
    assert re.search(r'<script src="[^"]*disclosure/upload-guard\.js" defer></script>', html)
    assert "data-upload-guard" in html and "data-unsent-message=" in html
    script = (Path(services.__file__).parent / "static/disclosure/upload-guard.js").read_text()
    assert "data-upload-guard" in script and "preventDefault" in script
