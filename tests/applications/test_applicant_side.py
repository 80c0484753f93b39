"""Issue 10, applicant side: tracking throttled per client and number, the query code out of URLs,
idempotent submission, absolute links in e-mails, the printable 回执, text normalised and checked alike
on the form and the API, and no input that yields a 5xx. One test per scenario of the issue."""

from __future__ import annotations

import json
import random
import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications import guard, services, validation
from gongkai.applications.models import Application, phone_hash_for

from .conftest import APPLICANT_ID, APPLICANT_PHONE, person

pytestmark = pytest.mark.django_db

API = "/api/v1"
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def form_post(**overrides) -> dict:
    data = {**person(), "form_token": guard.form_token(shown_at=time.time() - 30), "website": ""}
    data.update(overrides)
    return data


def api_submit(client: Client, payload, **headers):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(f"{API}/applications", body, content_type="application/json", headers=headers)


def lookup(client: Client, number: str, code: str):
    return client.post(reverse("applications:status"), {"tracking_number": number, "query_code": code})


@pytest.fixture
def submitted(today):
    return services.submit_application(data=person())


# --- tracking -------------------------------------------------------------------------------------


def test_wrong_codes_from_others_never_lock_the_real_applicant_out(submitted, settings):
    """Today 10 wrong codes from anyone → the right code gets 429 for an hour. Now the throttle is per
    (client, tracking number): the guesser is stopped, the applicant is not."""
    settings.GONGKAI_APPLICATION_WRONG_CODE_LIMIT = (3, 3600)
    number, code = submitted.application.tracking_number, submitted.query_code
    guesser, applicant = Client(REMOTE_ADDR="198.51.100.66"), Client(REMOTE_ADDR="203.0.113.10")
    for index in range(5):
        assert lookup(guesser, number, f"WRONG{index}XX").status_code in (404, 429)
        guesser.get(f"{API}/applications/{number}", headers={"X-Query-Code": "AAAAAAAA"})
    assert lookup(guesser, number, code).status_code == 429  # the guesser is stopped
    assert lookup(applicant, number, code).status_code == 200  # the applicant is not
    response = applicant.get(f"{API}/applications/{number}", headers={"X-Query-Code": code})
    assert response.status_code == 200


def test_the_api_takes_the_query_code_in_a_header_or_post_body_not_the_url(submitted):
    number, code = submitted.application.tracking_number, submitted.query_code
    by_header = Client().get(f"{API}/applications/{number}", headers={"X-Query-Code": code})
    by_body = Client().post(
        f"{API}/applications/{number}/status",
        json.dumps({"query_code": code}),
        content_type="application/json",
    )
    assert by_header.status_code == by_body.status_code == 200
    assert by_header.json() == by_body.json()
    in_url = Client().get(f"{API}/applications/{number}", {"query_code": code})
    assert in_url.status_code == 400 and "查询码不能放在网址中" in in_url.json()["detail"]
    bad_body = Client().post(f"{API}/applications/{number}/status", "[1]", content_type="application/json")
    assert bad_body.status_code == 400
    schema = Client().get(f"{API}/openapi.json").json()["paths"]
    assert "/api/v1/applications/{tracking_number}/status" in schema
    parameters = schema["/api/v1/applications/{tracking_number}"]["get"].get("parameters", [])
    assert "query_code" not in {parameter["name"] for parameter in parameters}


# --- a submission is accepted once -----------------------------------------------------------------


def test_back_and_resubmit_gives_the_same_tracking_number(today):
    client = Client(REMOTE_ADDR="203.0.113.20")
    data = form_post()
    first = client.post(reverse("applications:apply"), data)
    number = re.search(r"YSQ\d{4}-\d{5}", client.get(first["Location"]).text).group(0)
    again = client.post(reverse("applications:apply"), data)  # the browser's back button, then submit
    page = client.get(again["Location"]).text
    assert again.status_code == 302 and number in page
    assert Application.objects.count() == 1
    code = re.search(r'class="query-code">([A-Z0-9]+)<', page).group(1)
    assert lookup(Client(), number, code).status_code == 200  # the code shown again still works


def test_double_click_gives_the_same_tracking_number(today, settings):
    settings.GONGKAI_APPLICATION_SUBMIT_LIMIT = (1, 3600)  # the second click does not use up the limit
    client = Client(REMOTE_ADDR="203.0.113.21")
    data = form_post()
    answers = [client.post(reverse("applications:apply"), data) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [302, 302]
    assert Application.objects.count() == 1


def test_another_client_replaying_a_form_token_is_refused(today):
    data = form_post()
    assert Client(REMOTE_ADDR="203.0.113.22").post(reverse("applications:apply"), data).status_code == 302
    replay = Client(REMOTE_ADDR="198.51.100.23").post(reverse("applications:apply"), data)
    assert replay.status_code == 400 and "提交未成功" in replay.text
    assert Application.objects.count() == 1


def test_api_retries_with_the_same_idempotency_key_give_the_same_tracking_number(today, settings):
    settings.GONGKAI_APPLICATION_SUBMIT_LIMIT = (3, 3600)  # retries are not counted
    client = Client(REMOTE_ADDR="203.0.113.30")
    first = api_submit(client, person(), **{"Idempotency-Key": "platform-42"})
    retries = [api_submit(client, person(), **{"Idempotency-Key": "platform-42"}) for _ in range(3)]
    assert first.status_code == 201 and all(retry.status_code == 201 for retry in retries)
    assert {retry.json()["tracking_number"] for retry in retries} == {first.json()["tracking_number"]}
    assert {retry.json()["query_code"] for retry in retries} == {first.json()["query_code"]}
    assert all(retry["Idempotent-Replayed"] == "true" for retry in retries)
    assert Application.objects.count() == 1
    other = api_submit(client, person(), **{"Idempotency-Key": "platform-43"})
    assert other.status_code == 201 and other.json()["tracking_number"] != first.json()["tracking_number"]
    bad = api_submit(client, person(), **{"Idempotency-Key": "x" * 201})
    assert bad.status_code == 400


def test_idempotency_keys_are_forgotten_after_a_day(today):
    submitted = services.submit_application(data=person(), submission_key="api:k1")
    assert services.submit_application(data=person(), submission_key="api:k1").replayed
    later = submitted.application.submitted_at + timedelta(hours=25)
    assert services.forget_submission_keys(now=later) == 1
    application = Application.objects.get()
    assert application.submission_key is None and application.replay_code == ""


# --- e-mails and the receipt ----------------------------------------------------------------------


def test_links_in_emails_are_absolute(today, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.GONGKAI_SITE_URL = "https://sthjj.example.gov.cn"
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(data=person())
    links = re.findall(r"\S*/ysqgk/\S*", mailoutbox[0].body)
    assert links == ["https://sthjj.example.gov.cn/ysqgk/status/"]


def test_the_site_url_setting_has_an_absolute_default():
    from django.conf import settings

    assert re.match(r"^https?://[^/]+$", settings.GONGKAI_SITE_URL)


def test_a_printable_receipt_shows_what_was_submitted_the_numbers_and_the_legal_time_limit(today):
    client = Client()
    response = client.post(reverse("applications:apply"), form_post(document_reference="示环发〔2025〕1号"))
    page = client.get(response["Location"]).text
    application = Application.objects.get()
    assert "政府信息公开申请回执" in page
    assert application.tracking_number in page and 'class="query-code"' in page
    for submitted_value in (
        "示例市2025年度重点排污单位名录及其自行监测数据",
        "示环发〔2025〕1号",
        "电子邮件",
    ):
        assert submitted_value in page
    assert "20个工作日内予以答复" in page and "第三十三条" in page and "7个工作日内" in page
    assert "欧*" in page and APPLICANT_ID not in page  # masked: the page may be printed


# --- text normalised and checked, form and API alike ----------------------------------------------


def _form_errors(**overrides) -> dict[str, str]:
    response = Client().post(reverse("applications:apply"), form_post(**overrides))
    if response.status_code == 302:
        return {}
    return {field: " ".join(errors) for field, errors in response.context["form"].errors.items()}


def _api_errors(**overrides) -> dict[str, str]:
    response = api_submit(Client(), person(**overrides))
    if response.status_code == 201:
        return {}
    return {error["field"]: error["message"] for error in response.json()["errors"]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("name", "张\x00三", id="nul-in-name"),
        pytest.param("name", "张\x0b三", id="vertical-tab-in-name"),
        pytest.param("name", "张\u200b三", id="zero-width-space-in-name"),
        pytest.param("name", "张三\u202e", id="bidi-override-in-name"),
        pytest.param(
            "description", "示例市2025年度\u2066排污\u2069单位名录", id="bidi-isolate-in-description"
        ),
        pytest.param("address", "示例市\ufeff样例路1号", id="bom-in-address"),
        pytest.param("phone", "139\u200d12345678", id="zero-width-joiner-in-phone"),
    ],
)
def test_control_bidi_and_zero_width_characters_are_refused_with_a_chinese_field_message(today, field, value):
    message = "含有不可见的控制字符、零宽字符或文字方向控制符"
    assert message in _form_errors(**{field: value}).get(field, "")
    assert message in _api_errors(**{field: value}).get(field, "")
    assert Application.objects.count() == 0


def test_line_breaks_stay_allowed_in_the_description(today):
    assert _api_errors(description="第一项：重点排污单位名录\n第二项：自行监测数据") == {}


def test_full_width_digits_are_normalised_before_validation_and_the_applicant_key(today):
    """Full-width digits in the ID number, phone and postcode (NFKC) are the same applicant: repeat and
    fee counting cannot be escaped by typing them."""
    wide = {
        "id_number": APPLICANT_ID.translate(FULL_WIDTH),
        "phone": APPLICANT_PHONE.translate(FULL_WIDTH),
        "postcode": "９９０００１",
    }
    assert _form_errors(**wide) == {}
    assert _api_errors(**wide) == {}
    narrow = services.submit_application(data=person()).application
    wide_form, wide_api = Application.objects.exclude(pk=narrow.pk).order_by("pk")
    for application in (wide_form, wide_api):
        application.refresh_from_db()
        assert application.id_number == APPLICANT_ID and application.phone == APPLICANT_PHONE
        assert application.postcode == "990001"
        assert application.applicant_key == narrow.applicant_key
        assert (
            application.phone_hash
            == narrow.phone_hash
            == phone_hash_for(APPLICANT_PHONE.translate(FULL_WIDTH))
        )
    assert validation.applicant_key("resident_id", wide["id_number"]) == validation.applicant_key(
        "resident_id", APPLICANT_ID
    )


@pytest.mark.parametrize("name", ["13912345678", "123", "１２３４５", "——。。", "0000-0000"])
def test_numbers_are_not_accepted_as_names(today, name):
    assert "不能只由数字或符号组成" in _form_errors(name=name).get("name", "")
    assert "不能只由数字或符号组成" in _api_errors(name=name).get("name", "")


@pytest.mark.parametrize("name", ["张三", "Zhang San", "欧阳娜娜", "示例环保科技有限公司", "3M中国有限公司"])
def test_real_names_pass(today, name):
    assert "name" not in _api_errors(name=name)


# --- no input yields a 5xx ------------------------------------------------------------------------


NASTY = [
    "",
    "\x00",
    "\x0b",
    "张\x00三",
    "\u202e" * 3,
    "'; DROP TABLE x; --",
    "<script>alert(1)</script>",
    "9" * 40,
    "-1",
    "0",
    "99999999999999999999999",
    "1e400",
    "nan",
    "%00",
    "../../etc/passwd",
    "Ｙ" * 500,
]


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_no_input_yields_a_5xx(today, admin_client, settings):
    """A small fuzz over the public endpoints (and the staff lists' paging): deeply nested JSON, year and
    page out of range, NUL and \\x0b in a name, junk everywhere: each gets an answer below 500."""
    settings.GONGKAI_APPLICATION_SUBMIT_LIMIT = (10_000, 3600)
    settings.GONGKAI_APPLICATION_LOOKUP_LIMIT = (10_000, 600)
    randomness = random.Random(10)
    values = [*NASTY, *("".join(chr(randomness.randrange(0, 0x3000)) for _ in range(12)) for _ in range(15))]
    client = Client(raise_request_exception=False)
    staff = admin_client
    staff.raise_request_exception = False
    answers = []

    def check(response, what):
        answers.append(response.status_code)
        assert response.status_code < 500, (what, response.status_code)

    for body in (
        _nested(10_000),
        '{"name": ' + _nested(5000) + "}",
        "{" * 100,
        "\x00",
        b"\xff\xfe",
        "1" * 5000,
    ):
        check(api_submit(client, body), ("submit", body[:20]))
        check(
            client.post(f"{API}/applications/YSQ2026-00001/status", body, content_type="application/json"),
            body[:9],
        )
    check(api_submit(client, '{"name": "\\ud800", "id_number": "\\udfff"}'), "lone surrogates")
    for value in values:
        check(api_submit(client, person(name=value)), ("api name", value))
        check(api_submit(client, person(id_number=value, phone=value)), ("api id", value))
        check(
            api_submit(client, {**person(), "description": [value], "pieces": {"a": value}}), ("types", value)
        )
        check(
            client.post(reverse("applications:apply"), form_post(name=value, postcode=value)), ("form", value)
        )
        check(lookup(client, value, value), ("lookup", value))
        safe = value.replace("/", "").replace("\x00", "") or "x"
        check(client.get(f"{API}/applications/{safe}", headers={"X-Query-Code": "x"}), ("api status", value))
        check(client.get(f"{API}/statistics/applications", {"year": value}), ("api year", value))
        check(client.get(reverse("applications:public_statistics"), {"year": value}), ("year", value))
        check(client.get(reverse("applications:public_letter", args=[safe])), ("letter", value))
        check(staff.get(reverse("applications:cases"), {"page": value, "q": value}), ("page", value))
        check(staff.get(reverse("applications:appeals"), {"page": value}), ("appeals page", value))
        check(staff.get(reverse("applications:statistics"), {"year": value}), ("staff year", value))
    assert 400 in answers and 404 in answers
    for application in Application.objects.all():  # random letters may make a name; nothing hidden got in
        assert not validation.hidden_characters(application.name) and validation.has_letter(application.name)


def test_a_name_stored_with_nul_or_vertical_tab_before_the_checks_still_gives_a_letter():
    """Entry refuses them now; a value stored earlier must not stop the letter (DOCX, PDF) being made."""
    from gongkai.applications import documents

    content = documents.LetterContent(
        organisation="示例市生态环境局",
        document_number="示例市生态环境局依申请公开答〔2026〕1号",
        salutation="张\x0b三\x00",
        body="本机关于2026年10月12日收到您的申请。\x0c\n经检索，予以公开。",
        signed_on=None,
        tracking_number="YSQ2026-00001",
    )
    assert documents.letter_docx(content)[:2] == b"PK"
    assert documents.letter_pdf(content)[:5] == b"%PDF-"
