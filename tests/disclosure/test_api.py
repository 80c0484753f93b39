"""API twins of the public pages: /api/v1/catalogue, /documents, /documents/{index_number}, /search
and the table 二 figures — published documents only."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from gongkai.disclosure import services
from gongkai.disclosure.models import DocType, InterpretationForm, Validity

from .conftest import MOBILE, docx_bytes

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


@pytest.fixture
def published(make_draft, publish, editor, catalogue):
    policy = make_draft(
        title="示例市排污许可管理办法",
        doc_type=DocType.NORMATIVE,
        validity=Validity.VALID,
        body=f"<p>排污单位应当依法申领排污许可证。联系电话{MOBILE}。</p>",
    )
    services.add_attachment(
        actor=editor, document=policy, name="附表.docx", data=docx_bytes("排污许可申请表")
    )
    policy = publish(policy, when=at(date(2026, 10, 9)))
    interpretation = publish(
        services.create_document(
            actor=editor,
            interprets=[policy],
            title="《排污许可管理办法》解读",
            catalogue_item=catalogue["03.02"],
            issuing_organ="示例市生态环境局",
            date_formed=date(2026, 10, 9),
            doc_type=DocType.INTERPRETATION,
            interpretation_form=InterpretationForm.MEDIA,
            body="<p>视频解读排污许可。</p>",
        ),
        when=at(date(2026, 10, 12)),
    )
    other = publish(
        make_draft(title="环评受理公示", catalogue_item=catalogue["05.01.01"], date_formed=date(2025, 3, 3)),
        when=at(date(2025, 3, 5)),
    )
    make_draft(title="排污草稿")
    return {"policy": policy, "interpretation": interpretation, "other": other}


def test_catalogue(client, published):
    items = client.get("/api/v1/catalogue").json()
    by_code = {item["code"]: item for item in items}
    assert [item["code"] for item in items] == ["03", "03.02", "05", "05.01", "05.01.01"]
    assert by_code["05.01.01"]["parent_code"] == "05.01"
    assert by_code["03"]["documents"] == 2 and by_code["05"]["documents"] == 1
    assert by_code["03.02"]["time_limit_days"] == 20
    assert by_code["03.02"]["time_limit_text"] == "自该信息形成或者变更之日起20个工作日内"
    assert by_code["03.02"]["channels"] == ["政府网站"]


def test_documents_with_filters_and_pagination(client, published):
    body = client.get("/api/v1/documents").json()
    assert body["count"] == 3 and body["pages"] == 1
    assert body["results"][0]["title"] == "《排污许可管理办法》解读"
    assert client.get("/api/v1/documents", {"year": 2025}).json()["count"] == 1
    assert client.get("/api/v1/documents", {"item": "05"}).json()["results"][0]["title"] == "环评受理公示"
    assert client.get("/api/v1/documents", {"validity": "valid"}).json()["count"] == 1
    page = client.get("/api/v1/documents", {"page_size": 2, "page": 2, "sort": "published"}).json()
    assert page["pages"] == 2 and [d["title"] for d in page["results"]] == ["《排污许可管理办法》解读"]
    assert client.get("/api/v1/documents", {"item": "99"}).status_code == 404
    assert client.get("/api/v1/documents", {"year": 9999}).status_code in (400, 422)  # once a 500
    assert client.get("/api/v1/documents", {"page_size": 1000}).status_code == 422


def test_one_document_with_attachments_and_links(client, published):
    policy = published["policy"]
    body = client.get(f"/api/v1/documents/{policy.index_number}").json()
    assert body["title"] == policy.title and body["validity"] == "valid"
    assert MOBILE not in body["body_html"] and "139****5678" in body["body_html"]
    assert body["attachments"][0]["name"] == "附表.docx"
    assert body["attachments"][0]["url"].startswith("http://testserver/zdgk/fj/")
    assert body["interpretations"][0]["title"] == "《排污许可管理办法》解读"
    other = client.get(f"/api/v1/documents/{published['interpretation'].index_number}").json()
    assert other["interprets"][0]["index_number"] == policy.index_number
    assert other["interpretation_form"] == "media"


def test_unpublished_and_withdrawn_documents(client, published, leader):
    assert client.get("/api/v1/documents/NO-SUCH-NUMBER").status_code == 404
    services.withdraw_document(actor=leader, document=published["other"], reason="公示期满撤回")
    response = client.get(f"/api/v1/documents/{published['other'].index_number}")
    assert response.status_code == 410 and "公示期满撤回" in response.json()["detail"]


def test_search(client, published):
    body = client.get("/api/v1/search", {"q": "排污"}).json()
    assert body["terms"] == ["排污"]
    assert body["count"] == 3  # the third through make_draft's default body
    titles = [r["title"] for r in body["results"]]
    assert "排污草稿" not in titles
    assert all("<mark>排污</mark>" in r["title_html"] + r["snippet_html"] for r in body["results"])
    assert body["results"][0]["score"] >= body["results"][1]["score"]
    by_date = client.get("/api/v1/search", {"q": "排污", "order": "date"}).json()
    assert by_date["results"][0]["title"] == "《排污许可管理办法》解读"
    assert client.get("/api/v1/search", {"q": "排污", "doc_type": "interpretation"}).json()["count"] == 1
    assert client.get("/api/v1/search", {"q": "申请表"}).json()["count"] == 1  # attachment text
    assert client.get("/api/v1/search").status_code == 422


def test_table_two_figures(client, published):
    body = client.get("/api/v1/statistics/normative-documents", {"year": 2026}).json()
    assert body["block"] == "第二十条第（一）项"
    assert body["rows"] == [
        {"label": "规章", "issued": 0, "repealed": 0, "in_force": 0},
        {"label": "行政规范性文件", "issued": 1, "repealed": 0, "in_force": 1},
    ]
    assert client.get("/api/v1/statistics/normative-documents").status_code == 422
