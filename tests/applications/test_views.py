"""The web side of 依申请公开: every staff URL refuses the roles without its permission; the public form
gives field-by-field Chinese errors, stops spam and floods; the status page answers only to the right
code, alike for an unknown number and a wrong code; no public page ever shows the applicant."""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import date

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.applications import guard, services, views_staff
from gongkai.applications.models import Application, Attachment, ReplyLetter, Status
from gongkai.applications.urls import urlpatterns

from .conftest import APPLICANT_ID, APPLICANT_NAME, APPLICANT_PHONE, FIXED_TODAY, PERSONAL, person

pytestmark = pytest.mark.django_db

ROLES = (
    "administrator",
    "editor",
    "reviewer",
    "legal_reviewer",
    "request_handler",
    "data_officer",
    "enforcement_officer",
    "leader",
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def form_post(**overrides) -> dict:
    """A filled-in public form, shown long enough ago to pass the spam guard."""
    data = {**person(), "form_token": guard.form_token(shown_at=time.time() - 30), "website": ""}
    data.update(overrides)
    return data


def assert_no_personal_data(content: bytes | str) -> None:
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    for value in PERSONAL:
        assert value not in text, value


# --- every staff URL ------------------------------------------------------------------------------


def staff_routes():
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        if route.startswith("staff/"):
            yield pattern.name, pattern.callback


def test_every_staff_view_declares_its_permission():
    assert all(hasattr(view, "staff_permission") for _name, view in staff_routes())


@pytest.fixture
def signed_case(register, handler, legal, leader):
    application = register(received_on=date(2026, 10, 12), backdate_reason="补登")
    letter = services.draft_reply(actor=handler, application=application, outcome="unavailable_not_held")
    services.submit_for_legal_review(actor=handler, letter=letter)
    services.review_reply(actor=legal, letter=letter, approve=True, opinion="同意")
    services.sign_reply(actor=leader, letter=letter, signed_on=FIXED_TODAY)
    services.add_attachment(
        actor=handler, application=application, kind="other", upload=_upload("scan.png", PNG)
    )
    return application


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_every_staff_url_refuses_the_roles_without_its_permission(
    make_staff, client_for, signed_case, monkeypatch
):
    """One test for all eight roles, so the signed case (its PDFs) is made once. The archive's content is
    tested in test_documents; here only who gets it matters, so its PDF summary is not rendered."""
    monkeypatch.setattr(views_staff.archive, "summary_pdf", lambda application: b"%PDF-1.7")
    attachment = Attachment.objects.get(application=signed_case)
    kwargs_for = {
        "pk": signed_case.pk,
        "attachment_pk": attachment.pk,
        "link_pk": 999,
        "notice_pk": 999,
        "fmt": "pdf",
    }
    wrong = {}
    for role in ROLES:
        user = make_staff(role, username=f"probe-{role}")
        client = client_for(user)
        for name, view in staff_routes():
            pattern = next(p for p in urlpatterns if p.name == name)
            kwargs = {key: kwargs_for[key] for key in pattern.pattern.converters}
            url = reverse(f"applications:{name}", kwargs=kwargs)
            allowed = user.has_perm("core.access_staff_console") and user.has_perm(view.staff_permission)
            status = client.get(url).status_code
            if (status == 403) == allowed or status >= 500:
                wrong[(role, name)] = status
    assert wrong == {}
    # and the letter and the archive, which carry personal data, only for staff who see applicants
    assert not any(
        make_staff(role, username=f"again-{role}").has_perm("applications.view_applicant")
        for role in ("leader", "legal_reviewer", "editor")
    )


def test_anonymous_visitors_are_sent_to_the_login_page(signed_case):
    client = Client()
    for name, _view in staff_routes():
        pattern = next(p for p in urlpatterns if p.name == name)
        kwargs = {
            key: {"pk": 1, "attachment_pk": 1, "link_pk": 1, "notice_pk": 1, "fmt": "pdf"}[key]
            for key in pattern.pattern.converters
        }
        response = client.get(reverse(f"applications:{name}", kwargs=kwargs))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


def test_posting_an_action_without_its_permission_is_refused(make_staff, client_for, register):
    application = register()
    client = client_for(make_staff("legal_reviewer", username="lawyer"))
    response = client.post(
        reverse("applications:action_supplement_request", args=[application.pk]),
        {"issued_on": "2026-10-20", "deadline": "2026-10-30", "items": "x"},
    )
    assert response.status_code == 403
    assert not application.clock_events.filter(kind="supplement_requested").exists()


# --- personal data inside the console -------------------------------------------------------------


def test_leaders_see_applicants_masked_and_handlers_in_full(make_staff, client_for, register, handler):
    application = register()
    leader_page = client_for(make_staff("leader", username="boss")).get(
        reverse("applications:case", args=[application.pk])
    )
    assert leader_page.status_code == 200
    assert "欧***" in leader_page.text
    for value in (APPLICANT_NAME, APPLICANT_ID, APPLICANT_PHONE):
        assert value not in leader_page.text
    handler_page = client_for(handler).get(reverse("applications:case", args=[application.pk]))
    assert APPLICANT_NAME in handler_page.text and APPLICANT_ID in handler_page.text
    leader_list = client_for(make_staff("leader", username="boss2")).get(
        reverse("applications:cases"), {"export": "csv"}
    )
    rows = list(csv.reader(io.StringIO(leader_list.content.decode("utf-8-sig"))))
    assert rows[1][1] == "欧***"


def test_case_list_filters_paginates_and_exports(client_for, handler, register, set_today):
    overdue = register(received_on=date(2026, 9, 1), backdate_reason="补登")
    running = register()
    client = client_for(handler)
    page = client.get(reverse("applications:cases"), {"due": "overdue"})
    assert overdue.tracking_number in page.text and running.tracking_number not in page.text
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("applications:cases"), {"export": "xlsx"}).content)
    )
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]][:4] == ["登记号", "申请人", "申请人类型", "受理渠道"]
    assert sheet.max_row == 3
    assert APPLICANT_NAME in [cell.value for cell in sheet[2]]


def test_dashboard_lists_overdue_and_due_soon_cases(client_for, handler, register, set_today):
    overdue = register(received_on=date(2026, 9, 1), backdate_reason="补登")
    soon = register(received_on=date(2026, 9, 22), backdate_reason="补登")
    later = register()
    response = client_for(handler).get(reverse("applications:dashboard"))
    overdue_part, soon_part = (
        response.text.split('id="soon-title"')[0],
        response.text.split('id="soon-title"')[1],
    )
    assert overdue.tracking_number in overdue_part
    assert soon.tracking_number in soon_part.split('id="attention-title"')[0]
    assert later.tracking_number not in response.text


# --- the staff journey through the web forms ------------------------------------------------------


UNPREFIXED = {"consultation", "extension", "appeal", "use_template"}  # which row, which button


def post(client, name: str, application, data: dict, files: dict | None = None):
    """Submit one action form as the case page names its fields ("<action>-<field>")."""
    fields = {
        key if key in UNPREFIXED else f"{name}-{key}": value
        for key, value in {**data, **(files or {})}.items()
    }
    response = client.post(reverse(f"applications:action_{name}", args=[application.pk]), fields)
    assert response.status_code == 302, (name, re.findall(r'class="error"[^>]*>([^<]+)', response.text))
    return response


def test_a_case_runs_from_registration_to_delivery_through_the_console(client_for, handler, legal, leader):
    handler_client, legal_client, leader_client = client_for(handler), client_for(legal), client_for(leader)
    response = handler_client.post(
        reverse("applications:register"),
        {**person(), "channel": "in_person", "arrived_on": "2026-09-14", "backdate_reason": "补录"},
    )
    assert response.status_code == 302
    application = Application.objects.get()
    post(
        handler_client,
        "supplement_request",
        application,
        {"issued_on": "2026-09-15", "deadline": "2026-09-25", "items": "请写明年份"},
    )
    post(
        handler_client,
        "supplement_received",
        application,
        {"received_on": "2026-09-17", "note": "已补正"},
        {"attachments": _upload("b.pdf", b"%PDF-1.4 x")},
    )
    post(
        handler_client,
        "consultation_start",
        application,
        {"started_on": "2026-09-18", "party_kind": "agency", "party": "市水务局"},
    )
    consultation = application.consultations.get()
    post(
        handler_client,
        "consultation_end",
        application,
        {"consultation": consultation.pk, "ended_on": "2026-09-25", "opinion": "同意公开"},
    )
    post(handler_client, "extension_request", application, {"workdays": 10, "reason": "检索量大"})
    extension = application.extension_requests.get()
    post(
        leader_client,
        "extension_decide",
        application,
        {"extension": extension.pk, "decision": "approve", "decided_on": "2026-10-16", "note": ""},
    )
    post(
        handler_client, "reply_draft", application, {"outcome": "disclosed", "body": "", "use_template": "1"}
    )
    post(handler_client, "reply_submit", application, {})
    post(legal_client, "legal_review", application, {"decision": "approve", "opinion": "合法"})
    post(leader_client, "sign", application, {"signed_on": "2026-10-19"})
    post(
        handler_client,
        "delivery",
        application,
        {"method": "direct", "delivered_on": "2026-10-19", "reference": "回证1"},
    )
    application.refresh_from_db()
    assert application.status == Status.REPLIED
    kinds = list(application.clock_events.values_list("kind", flat=True))
    assert kinds == [
        "received",
        "supplement_requested",
        "supplement_received",
        "consultation_started",
        "consultation_ended",
        "extended",
        "replied",
    ]
    docx = handler_client.get(reverse("applications:letter_file", args=[application.pk, "docx"]))
    assert docx.status_code == 200 and b"".join(docx.streaming_content)[:2] == b"PK"
    assert (
        leader_client.get(reverse("applications:letter_file", args=[application.pk, "pdf"])).status_code
        == 403
    )


def test_a_refused_step_shows_the_rule_in_chinese(client_for, handler, register):
    application = register()
    response = handler_client_post = client_for(handler).post(
        reverse("applications:action_extension_request", args=[application.pk]),
        {"workdays": 25, "reason": "x"},
    )
    assert handler_client_post.status_code == 400
    assert "确保该值小于或等于20" in response.text or "20" in response.text
    response = client_for(handler).post(
        reverse("applications:action_reply_submit", args=[application.pk]), {}
    )
    assert response.status_code == 404  # no draft yet


# --- the public form ------------------------------------------------------------------------------


def test_the_form_shows_a_signed_token_and_a_hidden_honeypot():
    response = Client().get(reverse("applications:apply"))
    assert response.status_code == 200
    assert 'name="form_token"' in response.text
    assert re.search(r'<div hidden aria-hidden="true">.*name="website"', response.text, re.S)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"id_number": APPLICANT_ID[:-1] + ("0" if APPLICANT_ID[-1] != "0" else "1")},
            "id_number",
            "校验码须正确",
        ),
        ({"id_number": "12345"}, "id_number", "居民身份证号码无效"),
        ({"name": ""}, "name", "请填写申请人姓名或名称"),
        ({"phone": "12345"}, "phone", "联系电话应为11位手机号码"),
        ({"email": "not-an-email"}, "email", "电子邮箱格式不正确"),
        ({"email": ""}, "email", "须填写电子邮箱"),
        ({"description": "数据"}, "description", "特征性描述"),
        ({"applicant_type": "organisation"}, "organisation_kind", "请选择组织类型"),
        (
            {
                "applicant_type": "organisation",
                "organisation_kind": "commercial",
                "id_type": "credit_code",
                "id_number": "91350100M000100Y4X",
                "contact_person": "张三",
            },
            "id_number",
            "统一社会信用代码无效",
        ),
        ({"delivery_method": "post", "address": ""}, "address", "须填写通讯地址"),
        ({"provision_form": ""}, "provision_form", "请选择信息的提供形式"),
        ({"id_type": "credit_code"}, "id_type", "自然人请选择"),
    ],
)
def test_the_form_reports_each_field_in_chinese(overrides, field, message):
    response = Client().post(reverse("applications:apply"), form_post(**overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not Application.objects.exists()


def test_attachments_are_checked_by_content_and_size(settings):
    response = Client().post(
        reverse("applications:apply"),
        {**form_post(), "attachments": _upload("id.png", b"MZ\x90\x00 not an image")},
    )
    assert response.status_code == 400
    assert "仅接受PDF、JPG、PNG文件" in " ".join(response.context["form"].errors["attachments"])
    response = Client().post(
        reverse("applications:apply"), {**form_post(), "attachments": _upload("id.pdf", b"%PDF-1.7\n")}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf" and APPLICANT_NAME not in attachment.file.name


def test_a_submission_shows_and_mails_the_tracking_number_and_query_code(
    django_capture_on_commit_callbacks, mailoutbox
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:apply"), form_post())
    assert response.status_code == 302 and response["Location"] == reverse("applications:submitted")
    page = client.get(response["Location"])
    application = Application.objects.get()
    code = re.search(r'class="query-code">([A-Z0-9]+)<', page.text).group(1)
    assert application.tracking_number in page.text
    assert_no_personal_data(page.content)
    assert application.status == Status.SUBMITTED
    assert len(mailoutbox) == 1 and code in mailoutbox[0].body and mailoutbox[0].to == [person()["email"]]
    assert client.get(reverse("applications:submitted")).status_code == 302  # shown once


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"website": "http://spam.example"}, "honeypot"),
        ({"form_token": ""}, "token"),
        ({"form_token": "forged:token"}, "token"),
        ({"form_token": signing.dumps(time.time() - 30, salt=guard.SIGNING_SALT)}, "token"),  # no nonce
    ],
)
def test_the_spam_guard_stops_bots_without_an_outside_service(overrides, reason):
    response = Client().post(reverse("applications:apply"), form_post(**overrides))
    assert response.status_code == 400
    assert "提交未成功" in response.text
    assert not Application.objects.exists()


def test_a_form_sent_back_faster_than_a_person_can_fill_it_is_refused():
    fresh = guard.form_token()
    response = Client().post(reverse("applications:apply"), form_post(form_token=fresh))
    assert response.status_code == 400 and "提交未成功" in response.text
    assert not Application.objects.exists()


def test_submissions_are_rate_limited_per_address(settings):
    settings.GONGKAI_APPLICATION_SUBMIT_LIMIT = (2, 3600)
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert client.post(reverse("applications:apply"), form_post()).status_code == 302
    assert client.post(reverse("applications:apply"), form_post()).status_code == 302
    response = client.post(reverse("applications:apply"), form_post())
    assert response.status_code == 429 and "提交过于频繁" in response.text
    assert (
        Client(REMOTE_ADDR="203.0.113.10").post(reverse("applications:apply"), form_post()).status_code == 302
    )
    assert Application.objects.count() == 3


# --- the status page ------------------------------------------------------------------------------


@pytest.fixture
def submitted(today):
    return services.submit_application(data=person())


def lookup(client: Client, number: str, code: str):
    return client.post(reverse("applications:status"), {"tracking_number": number, "query_code": code})


def _without_tokens(text: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_the_status_page_shows_the_case_without_personal_data(submitted, handler):
    services.confirm_submission(actor=handler, application=submitted.application, confirmed_on=FIXED_TODAY)
    response = lookup(Client(), submitted.application.tracking_number.lower(), submitted.query_code.lower())
    assert response.status_code == 200
    assert "办理中" in response.text and "2026年11月17日" in response.text
    assert "受理回执" in response.text
    assert_no_personal_data(response.content)


def test_unknown_number_and_wrong_code_answer_alike(submitted):
    wrong_code = lookup(Client(), submitted.application.tracking_number, "AAAAAAAA")
    unknown = lookup(Client(), "YSQ2026-99999", submitted.query_code)
    assert wrong_code.status_code == unknown.status_code == 404
    assert _without_tokens(wrong_code.text).replace("YSQ2026-99999", "N").replace(
        submitted.application.tracking_number, "N"
    ).replace(submitted.query_code, "C").replace("AAAAAAAA", "C") == _without_tokens(unknown.text).replace(
        "YSQ2026-99999", "N"
    ).replace(submitted.application.tracking_number, "N").replace(submitted.query_code, "C").replace(
        "AAAAAAAA", "C"
    )


def test_guessing_the_code_of_one_number_is_stopped_per_client(submitted, settings):
    settings.GONGKAI_APPLICATION_WRONG_CODE_LIMIT = (3, 3600)
    number = submitted.application.tracking_number
    guesser = Client(REMOTE_ADDR="198.51.100.9")
    for index in range(3):
        assert lookup(guesser, number, f"WRONG{index}XX").status_code == 404
    blocked = lookup(guesser, number, submitted.query_code)
    assert blocked.status_code == 429 and "查询过于频繁" in blocked.text


def test_status_lookups_are_rate_limited_per_address(submitted, settings):
    settings.GONGKAI_APPLICATION_LOOKUP_LIMIT = (2, 600)
    client = Client(REMOTE_ADDR="192.0.2.5")
    for _ in range(2):
        assert lookup(client, submitted.application.tracking_number, submitted.query_code).status_code == 200
    assert lookup(client, submitted.application.tracking_number, submitted.query_code).status_code == 429


def test_voided_submissions_cannot_be_looked_up(submitted, handler):
    services.void_submission(actor=handler, application=submitted.application, reason="测试")
    assert lookup(Client(), submitted.application.tracking_number, submitted.query_code).status_code == 404


# --- guide and statistics -------------------------------------------------------------------------


def test_the_guide_is_rendered_from_the_rules():
    response = Client().get(reverse("applications:guide"))
    assert response.status_code == 200
    text = response.text
    for fragment in (
        "20个工作日内予以答复",
        "最长不超过20个工作日",
        "7个工作日内一次性告知",
        "11—30件",
        "100元/件",
        "31—100页",
        "10元/页",
        "201页以上",
        "40元/页",
        "以双方确认之日为收到申请之日",
        "不计入答复期限",
    ):
        assert fragment in text, fragment


def test_the_public_navigation_has_the_section():
    assert reverse("applications:guide") in Client().get("/").text


def test_public_statistics_count_replies_and_the_on_time_rate(signed_case, handler):
    services.record_delivery(
        actor=handler, application=signed_case, method="direct", delivered_on=FIXED_TODAY
    )
    response = Client().get(reverse("applications:public_statistics"))
    assert response.status_code == 200
    row = re.search(r"<th scope=\"row\">2026</th>(.*?)</tr>", response.text, re.S).group(1)
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells[:2] == ["1", "1"]
    assert "100%（1/1）" in row
    assert_no_personal_data(response.content)


def test_the_public_letter_is_the_masked_copy(signed_case, handler):
    services.record_delivery(
        actor=handler, application=signed_case, method="direct", delivered_on=FIXED_TODAY
    )
    from gongkai.applications import codes

    code = codes.new_code()
    Application.objects.filter(pk=signed_case.pk).update(query_code_hash=codes.hash_code(code))
    page = lookup(Client(), signed_case.tracking_number, code)
    assert "已答复" in page.text and "无法提供" in page.text
    link = re.search(r'href="(/ysqgk/letter/[^"]+)"', page.text).group(1)
    pdf = Client().get(link)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    letter = ReplyLetter.objects.get(application=signed_case)
    assert b"".join(pdf.streaming_content) == letter.public_pdf.open("rb").read()
    assert Client().get("/ysqgk/letter/forged/").status_code == 404


def test_staff_statistics_page_and_xlsx(client_for, handler, signed_case):
    client = client_for(handler)
    response = client.get(reverse("applications:statistics"), {"year": 2026})
    assert response.status_code == 200 and "勾稽关系校验通过" in response.text
    export = client.get(reverse("applications:statistics"), {"year": 2026, "export": "xlsx"})
    assert export.status_code == 200
    assert load_workbook(io.BytesIO(export.content)).sheetnames == ["表三", "表四", "勾稽关系校验"]


def test_views_module_exposes_one_view_per_action():
    assert set(views_staff.ACTION_VIEWS) == set(views_staff.ACTIONS)


def test_a_suggested_repeat_is_linked_from_the_case_page(client_for, handler, register):
    earlier = register(received_on=date(2026, 9, 1), backdate_reason="补登")
    Application.objects.filter(pk=earlier.pk).update(
        status=Status.REPLIED
    )  # answered (the workflow is tested elsewhere)
    again = register()
    client = client_for(handler)
    page = client.get(reverse("applications:case", args=[again.pk]))
    form = re.search(r'<div class="notice" id="repeat-candidates">.*?</form>', page.text, re.S).group(0)
    assert earlier.tracking_number in form
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    response = client.post(reverse("applications:action_link", args=[again.pk]), fields)
    assert response.status_code == 302
    assert again.links.get().related == earlier
