"""The 依申请公开 API: the documented paths and shapes, the form's validation with Chinese field errors,
the same 404 for an unknown number and a wrong code, and no personal data in any answer."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from gongkai.applications import services
from gongkai.applications.models import Application, Source, Status
from gongkai.applications.outcomes import TABLE_THREE_ROWS, ApplicantColumn

from .conftest import FIXED_TODAY, PERSONAL, organisation, person

pytestmark = pytest.mark.django_db

API = "/api/v1"


def submit(client: Client, payload, **extra):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(f"{API}/applications", body, content_type="application/json", **extra)


def assert_no_personal_data(content: bytes) -> None:
    text = content.decode("utf-8")
    for value in PERSONAL:
        assert value not in text, value


def test_submission_answers_201_with_tracking_number_and_query_code(today):
    response = submit(Client(), person())
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"tracking_number", "query_code"}
    application = Application.objects.get()
    assert body["tracking_number"] == application.tracking_number
    assert application.source == Source.API and application.status == Status.SUBMITTED
    assert_no_personal_data(response.content)


def test_organisations_submit_with_their_kind(today):
    response = submit(Client(), organisation("research"))
    assert response.status_code == 201
    assert Application.objects.get().applicant_column.label == "科研机构"


def test_invalid_submission_lists_chinese_field_errors(today):
    response = submit(
        Client(),
        person(
            applicant_type="organisation",
            id_number="110105194912310029",
            phone="123",
            description="",
            email="",
        ),
    )
    assert response.status_code == 400
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert set(errors) >= {"organisation_kind", "id_type", "phone", "description", "email", "contact_person"}
    assert errors["phone"].startswith("联系电话应为")
    assert all(any("\u4e00" <= char <= "\u9fff" for char in message) for message in errors.values())
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ("{not json", None),
        ("[1, 2]", None),
        ({**person(), "name": ["张三"]}, "name"),
        ({**person(), "applicant_type": "robot"}, "applicant_type"),
    ],
)
def test_malformed_bodies_are_400_in_chinese_not_422(today, payload, field):
    response = submit(Client(), payload)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in [error["field"] for error in errors]


def test_numbers_sent_as_json_numbers_are_accepted(today):
    response = submit(Client(), {**person(), "phone": 13912345678})
    assert response.status_code == 201


def test_submissions_are_rate_limited(today, settings):
    settings.GONGKAI_APPLICATION_SUBMIT_LIMIT = (1, 3600)
    client = Client(REMOTE_ADDR="203.0.113.50")
    assert submit(client, person()).status_code == 201
    response = submit(client, person())
    assert response.status_code == 429 and response.json() == {"detail": "请求过于频繁，请稍后再试。"}


@pytest.fixture
def submitted(today):
    body = submit(Client(), person()).json()
    return body["tracking_number"], body["query_code"]


def test_status_by_tracking_number_and_query_code(submitted, handler):
    number, code = submitted
    response = Client().get(f"{API}/applications/{number}", headers={"X-Query-Code": code})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "submitted" and body["received_on"] is None and body["due_on"] is None
    services.confirm_submission(
        actor=handler, application=Application.objects.get(), confirmed_on=FIXED_TODAY
    )
    body = Client().get(f"{API}/applications/{number}", headers={"X-Query-Code": code.lower()}).json()
    assert (body["status"], body["received_on"], body["due_on"], body["outcome"]) == (
        "running",
        "2026-10-20",
        "2026-11-17",
        None,
    )
    assert body["notices"][0]["title"] == "受理回执"
    assert_no_personal_data(
        Client().get(f"{API}/applications/{number}", headers={"X-Query-Code": code}).content
    )


def test_unknown_number_and_wrong_code_give_the_same_404(submitted):
    number, code = submitted
    wrong = Client().get(f"{API}/applications/{number}", headers={"X-Query-Code": "AAAAAAAA"})
    unknown = Client().get(f"{API}/applications/YSQ2026-99999", headers={"X-Query-Code": code})
    missing = Client().get(f"{API}/applications/{number}")
    assert wrong.status_code == unknown.status_code == missing.status_code == 404
    assert wrong.content == unknown.content == missing.content
    assert wrong.json() == {"detail": "未找到该申请，或查询码不正确。"}


def test_outcome_appears_once_replied(submitted, handler, legal, leader):
    number, code = submitted
    application = Application.objects.get()
    services.confirm_submission(actor=handler, application=application, confirmed_on=FIXED_TODAY)
    services.draft_reply(actor=handler, application=application, outcome="refused_internal_affairs")
    letter = services.submit_for_legal_review(actor=handler, letter=application.reply)
    services.review_reply(actor=legal, letter=letter, approve=True, opinion="同意")
    services.sign_reply(actor=leader, letter=letter, signed_on=FIXED_TODAY)
    body = Client().get(f"{API}/applications/{number}", headers={"X-Query-Code": code}).json()
    assert body["outcome"] is None  # signed is not yet replied: the reply date is the delivery
    services.record_delivery(
        actor=handler, application=application, method="direct", delivered_on=FIXED_TODAY
    )
    body = Client().get(f"{API}/applications/{number}", headers={"X-Query-Code": code}).json()
    assert (body["status"], body["outcome"], body["replied_on"]) == (
        "replied",
        "refused_internal_affairs",
        "2026-10-20",
    )
    assert body["outcome_label"] == "不予公开（属于三类内部事务信息）"
    assert body["document_number"].endswith("〔2026〕1号")


def test_statistics_shape_and_cross_checks(register):
    register(data=organisation("commercial"))
    register()
    response = Client().get(f"{API}/statistics/applications", {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026 and body["title"] == "三、收到和处理政府信息公开申请情况"
    assert [column["code"] for column in body["columns"]] == [column.value for column in ApplicantColumn]
    assert [row["label"] for row in body["rows"]] == [row.row_label for row in TABLE_THREE_ROWS]
    received = body["rows"][0]["values"]
    assert (received["natural_person"], received["commercial_enterprise"], received["total"]) == (1, 1, 2)
    assert body["rows"][-1]["values"]["total"] == 2  # 四、结转下年度继续办理
    assert body["cross_checks"] == {"ok": True, "violations": []}
    refused = Client().get(f"{API}/statistics/applications", {"year": 1999})  # the declared range (issue 11)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "year"


def test_the_endpoints_are_in_the_openapi_document():
    schema = Client().get(f"{API}/openapi.json").json()
    paths = schema["paths"]
    assert {
        "/api/v1/applications",
        "/api/v1/applications/{tracking_number}",
        "/api/v1/statistics/applications",
    } <= set(paths)
    request = paths["/api/v1/applications"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"applicant_type", "organisation_kind", "id_type", "provision_form", "delivery_method"} <= set(
        request["properties"]
    )
    assert set(paths["/api/v1/applications"]["post"]["responses"]) >= {"201", "400", "429"}
