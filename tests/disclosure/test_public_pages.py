"""The public side of 主动公开: the catalogue tree, lists with filters, sorting, pagination and
exports, the document page in the usual table layout, attachments, feeds — and no draft anywhere."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.disclosure import services
from gongkai.disclosure.models import DocType, Document, InterpretationForm, Status, Validity

from .conftest import MOBILE, docx_bytes

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


@pytest.fixture
def site(make_draft, publish, editor, reviewer, leader, catalogue):
    policy = publish(
        make_draft(
            title="示例市建设项目环评分级审批规定",
            doc_type=DocType.NORMATIVE,
            validity=Validity.VALID,
            document_number="示环发〔2026〕8号",
            body=f"<p>第一条 为规范环评审批。联系电话{MOBILE}。</p>",
        ),
        when=at(date(2026, 10, 9)),
    )
    interpretation = publish(
        services.create_document(
            actor=editor,
            interprets=[policy],
            title="《分级审批规定》政策解读",
            catalogue_item=catalogue["03.02"],
            issuing_organ="示例市生态环境局",
            date_formed=date(2026, 10, 9),
            doc_type=DocType.INTERPRETATION,
            interpretation_form=InterpretationForm.GRAPHIC,
            body="<p>一图读懂环评分级审批。</p>",
        ),
        when=at(date(2026, 10, 10)),
    )
    approval = make_draft(
        title="关于某项目环境影响报告书的批复",
        catalogue_item=catalogue["05.01.01"],
        issuing_organ="示例市生态环境局审批科",
        date_formed=date(2025, 6, 2),
    )
    services.add_attachment(actor=editor, document=approval, name="批复.docx", data=docx_bytes("批复全文"))
    approval = publish(approval, when=at(date(2025, 6, 10)))
    draft = make_draft(title="草稿：不应公开的排污通知")
    scheduled = make_draft(title="定时：尚未到发布时间的通知")
    services.submit_for_review(actor=editor, document=scheduled)
    services.pass_review(actor=reviewer, document=scheduled, note="可公开")
    services.approve_document(actor=leader, document=scheduled, publish_at=timezone.now() + timedelta(days=3))
    scheduled.refresh_from_db()
    return {
        "policy": policy,
        "interpretation": interpretation,
        "approval": approval,
        "draft": draft,
        "scheduled": scheduled,
    }


def test_the_index_shows_the_catalogue_tree_with_documents(client, site, catalogue):
    response = client.get(reverse("disclosure:index"))
    assert response.status_code == 200
    text = response.text
    for name in ("法定主动公开内容", "法规文件", "建设项目环境影响评价文件审批"):
        assert name in text
    assert site["policy"].title in text and site["approval"].title in text
    assert "草稿" not in text and "定时：" not in text


def test_the_document_page_shows_all_metadata_in_a_table(client, site):
    policy = site["policy"]
    response = client.get(policy.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    for label, value in (
        ("索引号", policy.index_number),
        ("主题分类", "城乡建设、环境保护"),
        ("发布机构", "示例市生态环境局"),
        ("成文日期", "2026年9月28日"),
        ("文号", "示环发〔2026〕8号"),
        ("发布日期", "2026年10月9日"),
        ("有效性", "有效"),
    ):
        assert f">{label}</th>" in text and value in text, label
    assert '<table class="doc-meta">' in text
    assert site["interpretation"].title in text and "相关解读" in text
    assert MOBILE not in text and "139****5678" in text  # the public copy of the body
    interpretation_page = client.get(site["interpretation"].get_absolute_url()).text
    assert "解读的政策文件" in interpretation_page and policy.title in interpretation_page
    assert "图文解读" in interpretation_page


def test_drafts_and_scheduled_documents_are_never_public(client, site):
    scheduled = site["scheduled"]
    assert scheduled.index_number  # numbered at approval, not yet published
    assert client.get(reverse("disclosure:document", args=[scheduled.index_number])).status_code == 404
    for url in (
        reverse("disclosure:index"),
        reverse("disclosure:list"),
        reverse("disclosure:rss"),
        reverse("disclosure:atom"),
        reverse("disclosure:search") + "?q=通知",
        reverse("disclosure:list") + "?export=csv",
    ):
        body = client.get(url).content.decode()
        assert "不应公开" not in body and "尚未到发布时间" not in body, url


def test_a_withdrawn_document_keeps_its_page_with_the_reason_but_not_its_content(client, site, leader):
    approval = site["approval"]
    services.withdraw_document(actor=leader, document=approval, reason="该批复已被依法撤销")
    response = client.get(approval.get_absolute_url())
    assert response.status_code == 200
    assert "本信息已撤回" in response.text and "该批复已被依法撤销" in response.text
    assert "批复.docx" not in response.text
    attachment = approval.attachments.get()
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert approval.title not in client.get(reverse("disclosure:list")).text


def test_the_list_filters_by_year_organ_subject_type_and_validity(client, site):
    def titles(**params) -> list[str]:
        response = client.get(reverse("disclosure:list"), params)
        assert response.status_code == 200
        return [d.title for d in response.context["page"].object_list]

    assert len(titles()) == 3
    assert titles(year=2025) == [site["approval"].title]
    assert titles(organ="示例市生态环境局审批科") == [site["approval"].title]
    assert titles(doc_type="interpretation") == [site["interpretation"].title]
    assert titles(validity="valid") == [site["policy"].title]
    assert titles(subject="environment", sort="published")[0] == site["approval"].title
    assert titles(sort="title") == sorted(titles())
    assert len(titles(year="not-a-year")) == 3  # an invalid filter is ignored, not an error


def test_a_catalogue_item_lists_its_own_and_its_sub_items_documents(client, site, catalogue):
    response = client.get(catalogue["05"].get_absolute_url())
    assert [d.title for d in response.context["page"].object_list] == [site["approval"].title]
    text = response.text
    for attribute in (
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
        "公开层级",
    ):
        assert attribute in text
    assert "自该信息形成或者变更之日起20个工作日内" in text


def test_lists_paginate(client, catalogue):
    now = timezone.now()
    Document.objects.bulk_create(
        Document(
            title=f"文件{number:02d}",
            index_number=f"T-{number}",
            catalogue_item=catalogue["03.02"],
            issuing_organ="示例市生态环境局",
            date_formed=date(2026, 1, 5),
            status=Status.PUBLISHED,
            published_at=now - timedelta(hours=number),
        )
        for number in range(22)
    )
    first = client.get(reverse("disclosure:list"))
    assert len(first.context["page"].object_list) == 20
    second = client.get(reverse("disclosure:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 2


def test_lists_export_csv_and_xlsx_with_the_filters_applied(client, site):
    response = client.get(reverse("disclosure:list"), {"year": 2026, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["索引号", "标题", "文号"]
    assert {row[1] for row in rows[1:]} == {site["policy"].title, site["interpretation"].title}
    response = client.get(reverse("disclosure:list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4


def test_a_public_attachment_is_the_redacted_rendition_when_anything_was_redacted(
    client, make_draft, editor, publish
):
    document = make_draft()
    attachment = services.add_attachment(
        actor=editor, document=document, name="名单.docx", data=docx_bytes(f"联系人手机{MOBILE}")
    )
    publish(document)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "%E8%84%B1%E6%95%8F" in response["Content-Disposition"]  # 脱敏 in the file name
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_attachment_of_an_unpublished_document_is_not_served(client, make_draft, editor):
    document = make_draft()
    attachment = services.add_attachment(actor=editor, document=document, name="a.docx", data=docx_bytes("x"))
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_the_feeds_list_published_documents_for_the_site_and_per_item(client, site, catalogue):
    rss = client.get(reverse("disclosure:rss"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert site["policy"].title in rss.text and site["approval"].title in rss.text
    atom = client.get(reverse("disclosure:atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert site["policy"].index_number in atom.text
    item_feed = client.get(reverse("disclosure:item_rss", args=[catalogue["05"].pk])).text
    assert site["approval"].title in item_feed and site["policy"].title not in item_feed
    item_atom = client.get(reverse("disclosure:item_atom", args=[catalogue["03"].pk])).text
    assert site["policy"].title in item_atom
    assert MOBILE not in rss.text


def test_the_search_page_highlights_and_exports(client, site):
    response = client.get(reverse("disclosure:search"), {"q": "环评", "order": "date"})
    assert response.status_code == 200
    assert "<mark>环评</mark>" in response.text
    assert response.context["results"][0].document == site["interpretation"]
    exported = client.get(reverse("disclosure:search"), {"q": "环评", "export": "csv"})
    assert site["policy"].title in exported.content.decode("utf-8-sig")
    empty = client.get(reverse("disclosure:search"), {"q": "不存在的词语组合"})
    assert "没有找到" in empty.text


def test_the_public_navigation_has_the_sections(client, site):
    text = Client().get("/").text
    assert reverse("disclosure:index") in text and reverse("disclosure:search") in text


def test_sitemap_sections_list_published_documents_only(site):
    from gongkai.disclosure.sitemaps import CatalogueSitemap, DocumentSitemap

    locations = {
        entry["location"] for entry in DocumentSitemap().get_urls(site=type("S", (), {"domain": "x"}))
    }
    assert any(site["policy"].index_number in url for url in locations)
    assert not any(site["scheduled"].index_number in url for url in locations)
    assert len(CatalogueSitemap().items()) == 5
    served = Client().get("/sitemap.xml").text  # registered in DisclosureConfig.ready
    assert site["policy"].index_number in served and site["scheduled"].index_number not in served


def test_a_revised_document_shows_its_update_date_and_change_note(client, site, editor, publish):
    from django.utils import timezone

    document = Document.objects.published().first()
    draft = services.start_revision(actor=editor, document=document, reason="更正附件中的联系电话")
    publish(draft, when=timezone.now())
    page = client.get(document.get_absolute_url()).content.decode()
    assert "更新日期" in page and "修订说明" in page and "更正附件中的联系电话" in page
    data = client.get(f"/api/v1/documents/{document.index_number}").json()
    assert data["revision"] == 2 and data["revision_note"] == "更正附件中的联系电话"
    assert data["updated_at"] is not None and data["changed_on"] == timezone.localdate().isoformat()
