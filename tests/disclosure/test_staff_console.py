"""Issue 13, staff console of 主动公开: readable privacy findings for the reviewer, attachment
titles and order, an editor's withdrawal of an unreviewed submission, the return reason kept in
the history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
