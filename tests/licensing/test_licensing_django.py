"""行政许可 双公示, licences with history, 办件 lookup, and 企业环境信息依法披露 through the services,
the views, the intake importer and the enterprise token API."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditRecord
from gongkai.core import dashboard, facility, yearly
from gongkai.core.errors import DomainError
from gongkai.core.identifiers import credit_code_check_char
from gongkai.licensing import queries, services
from gongkai.licensing.models import (
    Application,
    Decision,
    DisclosureReport,
    Licence,
    Obligation,
    WasteCategory,
)

pytestmark = pytest.mark.django_db


def code(n: int) -> str:
    first17 = f"91411000MA{n:07d}"
    return first17 + credit_code_check_char(first17)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def editor(make_staff):
    return make_staff("editor")


@pytest.fixture
def enforcer(make_staff):
    return make_staff("enforcement_officer")


def decision_data(**overrides) -> dict:
    data = {
        "item": "eia",
        "action": "issue",
        "party_name": "示例市清河化工有限公司",
        "party_category": "organisation",
        "credit_code": code(1),
        "legal_representative": "",
        "document_title": "关于清河化工扩建项目环境影响报告书的批复",
        "document_number": "",
        "licence_category": "普通",
        "certificate_name": "",
        "certificate_number": "",
        "content": "同意项目建设",
        "decided_on": date(2026, 9, 29),
        "valid_from": None,
        "valid_to": None,
        "remarks": "",
    }
    data.update(overrides)
    return data


# --- 统一社会信用代码 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("91411000MA0000001", "应为18位，现为17位"),
        ("91411000MA000000I" + "X", "第17位“I”不是允许的字符"),
        ("9141A000MA00000010", "第5位“A”不是允许的字符"),
        (code(1)[:17] + ("0" if code(1)[17] != "0" else "1"), f"第18位（校验码）应为“{code(1)[17]}”"),
    ],
)
def test_a_wrong_credit_code_is_refused_naming_the_position(value, message):
    with pytest.raises(DomainError) as error:
        services.check_credit_code(value)
    assert message in error.value.message


def test_a_valid_credit_code_passes_in_lower_case_too():
    assert services.check_credit_code(code(7).lower()) == code(7)


# --- decisions and 双公示 -----------------------------------------------------------------------------


def test_a_decision_gets_its_seven_working_day_deadline_and_a_yearly_number(editor):
    decision = services.create_decision(actor=editor, data=decision_data())
    assert decision.due_on == date(2026, 10, 14) and not decision.due_provisional
    assert decision.document_number == "环许〔2026〕1号"
    assert decision.authority and decision.source_unit  # from the organisation settings
    assert AuditRecord.objects.filter(action="licensing.decision_create", target_id=str(decision.pk)).exists()


@pytest.mark.parametrize(
    ("published", "late"),
    [(date(2026, 10, 14), False), (date(2026, 10, 15), True), (date(2026, 9, 30), False)],
)
def test_publication_after_the_seventh_working_day_is_late(editor, published, late):
    decision = services.create_decision(actor=editor, data=decision_data())
    decision = services.publish_decision(actor=editor, decision=decision, when=at(published))
    assert decision.late is late
    with pytest.raises(DomainError):
        services.publish_decision(actor=editor, decision=decision)


def test_the_privacy_gate_stops_an_id_number_in_the_published_text(editor):
    decision = services.create_decision(
        actor=editor, data=decision_data(content="联系人身份证 110101199003074514")
    )
    with pytest.raises(DomainError) as error:
        services.publish_decision(actor=editor, decision=decision)
    assert "个人信息" in error.value.message
    assert Decision.objects.get(pk=decision.pk).published_at is None


def test_a_natural_person_is_masked_and_has_no_code_in_public(editor, client):
    decision = services.create_decision(
        actor=editor, data=decision_data(party_name="张三丰", party_category="natural_person", credit_code="")
    )
    services.publish_decision(actor=editor, decision=decision)
    page = client.get(reverse("licensing:decision", args=[decision.pk])).text
    assert "张**" in page and "张三丰" not in page
    api = client.get("/api/v1/lists/licensing-decisions").json()
    assert api["results"][0]["party_name"] == "张**"


def test_a_published_decision_changes_only_by_a_correction_with_its_reason(editor, client):
    decision = services.create_decision(actor=editor, data=decision_data())
    services.change_decision(actor=editor, decision=decision, changes={"content": "同意项目建设（修改）"})
    assert not decision.corrections.exists()  # before publication: a plain edit
    services.publish_decision(actor=editor, decision=decision)
    with pytest.raises(DomainError) as error:
        services.change_decision(actor=editor, decision=decision, changes={"content": "新内容"})
    assert error.value.field == "reason"
    services.change_decision(actor=editor, decision=decision, changes={"content": "新内容"}, reason="笔误")
    correction = decision.corrections.get()
    assert correction.before == {"content": "同意项目建设（修改）"} and correction.reason == "笔误"
    assert "笔误" in client.get(reverse("licensing:decision", args=[decision.pk])).text


def test_unpublished_decisions_stay_out_of_every_public_output(editor, client):
    services.create_decision(actor=editor, data=decision_data(party_name="未公示的企业"))
    assert "未公示的企业" not in client.get(reverse("licensing:decisions")).text
    assert client.get("/api/v1/lists/licensing-decisions").json()["results"] == []
    assert (
        "未公示的企业" not in client.get(reverse("licensing:decisions"), {"export": "csv"}).content.decode()
    )


def test_the_public_list_exports_the_double_publicity_fields(editor, client):
    decision = services.create_decision(actor=editor, data=decision_data())
    services.publish_decision(actor=editor, decision=decision)
    csv = client.get(reverse("licensing:decisions"), {"export": "csv"}).content.decode("utf-8-sig")
    header = csv.splitlines()[0]
    for label in (
        "行政相对人名称",
        "行政许可决定文书号",
        "许可类别",
        "许可决定日期",
        "许可机关",
        "当前状态",
        "数据来源单位",
    ):
        assert label in header
    assert client.get(reverse("licensing:decisions"), {"export": "xlsx"}).status_code == 200


def test_cards_count_unpublished_due_soon_and_overdue(editor, monkeypatch):
    overdue = services.create_decision(actor=editor, data=decision_data(decided_on=date(2026, 9, 29)))
    soon = services.create_decision(actor=editor, data=decision_data(decided_on=date(2026, 11, 3)))
    monkeypatch.setattr(queries, "today", lambda: date(2026, 11, 10))  # 11-12 due: 2 working days left
    assert set(queries.unpublished()) == {overdue, soon}
    assert list(queries.overdue()) == [overdue]
    assert list(queries.due_soon()) == [soon]
    shown = {card.card.key: card.count for card in dashboard.cards_for(editor)}
    assert shown["licensing.unpublished"] == 2 and shown["licensing.overdue"] == 1
    assert shown["licensing.due_soon"] == 1


def test_a_calendar_change_moves_the_deadline(editor, administrator, django_capture_on_commit_callbacks):
    from gongkai.workcalendar import services as calendar_services

    decision = services.create_decision(actor=editor, data=decision_data(decided_on=date(2026, 11, 2)))
    assert decision.due_on == date(2026, 11, 11)
    from gongkai.workcalendar.models import CalendarYear

    text = calendar_services.format_special_days(CalendarYear.objects.get(year=2026).days.all())
    days = calendar_services.parse_special_days(text + "\n2026-11-05 放假 临时假日", year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.save_year(actor=administrator, year=2026, days=days)
    decision.refresh_from_db()
    assert decision.due_on == date(2026, 11, 12)


# --- licences --------------------------------------------------------------------------------------


def licence_data(**overrides):
    data = {
        "kind": "hazardous_waste",
        "number": "示危许〔2026〕001号",
        "holder_name": "示例市绿源环保科技有限公司",
        "credit_code": code(2),
        "legal_representative": "",
        "address": "示例市高新区",
        "valid_from": date(2026, 3, 2),
        "valid_to": date(2031, 3, 1),
        "business_mode": "收集、贮存、处置",
        "capacity_tpa": Decimal("12000"),
        "scope": "",
    }
    data.update(overrides)
    return data


def test_a_licence_is_issued_changed_renewed_and_revoked_with_its_history(editor, client):
    category = WasteCategory.objects.create(code="T01", name="测试类别", edition="测试")
    licence = services.issue_licence(
        actor=editor, data=licence_data(), categories=[category], decided_on=date(2026, 3, 2)
    )
    assert licence.decisions.get().content.startswith("核发")
    services.change_licence(
        actor=editor,
        licence=licence,
        action="change",
        decided_on=date(2026, 6, 1),
        changes={"capacity_tpa": Decimal("15000")},
    )
    with pytest.raises(DomainError):
        services.change_licence(
            actor=editor, licence=licence, action="renew", decided_on=date(2026, 7, 1), changes={}
        )
    services.change_licence(
        actor=editor,
        licence=licence,
        action="renew",
        decided_on=date(2026, 7, 1),
        changes={"valid_to": date(2036, 3, 1)},
    )
    with pytest.raises(DomainError) as error:
        services.change_licence(actor=editor, licence=licence, action="revoke", decided_on=date(2026, 8, 3))
    assert error.value.field == "reason"
    services.change_licence(
        actor=editor, licence=licence, action="revoke", decided_on=date(2026, 8, 3), reason="申请注销"
    )
    licence.refresh_from_db()
    assert licence.status == Licence.Status.REVOKED and licence.capacity_tpa == Decimal("15000")
    assert [d.action for d in licence.decisions.order_by("decided_on")] == [
        "issue",
        "change",
        "renew",
        "revoke",
    ]
    assert all(d.certificate_number == licence.number for d in licence.decisions.all())
    for decision in licence.decisions.all():
        services.publish_decision(actor=editor, decision=decision)
    page = client.get(reverse("licensing:licence", args=[licence.pk])).text
    assert "已撤销" in page and page.count("环许〔2026〕") == 4
    assert AuditRecord.objects.filter(action="licensing.licence_revoke").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"capacity_tpa": None}, "capacity_tpa"),
        ({"kind": "radiation", "capacity_tpa": None, "scope": ""}, "scope"),
        ({"valid_to": date(2025, 1, 1)}, "valid_to"),
        ({"credit_code": "91411000MA00000010"}, "credit_code"),
    ],
)
def test_an_incomplete_licence_is_refused(editor, overrides, field):
    with pytest.raises(DomainError) as error:
        services.issue_licence(actor=editor, data=licence_data(**overrides), decided_on=date(2026, 3, 2))
    assert error.value.field == field


def test_only_the_editor_role_enters_licences(enforcer, client_for):
    response = client_for(enforcer).get(reverse("licensing:staff_licence_new"))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.issue_licence(actor=enforcer, data=licence_data(), decided_on=date(2026, 3, 2))


def test_the_staff_form_issues_a_licence(editor, client_for):
    client = client_for(editor)
    response = client.post(
        reverse("licensing:staff_licence_new"),
        {
            "kind": "radiation",
            "number": "示环辐证〔00001〕",
            "holder_name": "示例市明阳医院",
            "credit_code": code(3),
            "valid_from": "2026-04-01",
            "valid_to": "2031-03-31",
            "scope": "使用Ⅲ类射线装置",
            "decided_on": "2026-04-01",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    decision = Licence.objects.get().decisions.get()
    response = client.post(reverse("licensing:staff_decision_publish", args=[decision.pk]))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.published_at is not None and decision.late is True  # 2026-04-01 + 7 working days passed


# --- 办件 and the public lookup ---------------------------------------------------------------------


def test_the_public_lookup_shows_the_state_and_never_the_applicant(editor, client):
    application = services.register_application(
        actor=editor,
        data={
            "number": "xk2026-0001",
            "item": "eia",
            "applicant_name": "示例市秘密化工有限公司",
            "credit_code": code(4),
            "received_on": date(2026, 9, 1),
        },
    )
    assert application.number == "XK2026-0001"
    services.conclude_application(
        actor=editor, application=application, status="approved", concluded_on=date(2026, 9, 29)
    )
    decision = services.create_decision(actor=editor, data=decision_data(), application=application)
    url = reverse("licensing:lookup")
    response = client.get(url, {"item": "eia", "number": "xk2026-0001"})
    assert response.status_code == 200
    assert "准予许可" in response.text and "秘密化工" not in response.text and code(4) not in response.text
    assert decision.document_number not in response.text  # not yet published
    services.publish_decision(actor=editor, decision=decision)
    assert decision.document_number in client.get(url, {"item": "eia", "number": "XK2026-0001"}).text
    assert client.get(url, {"item": "radiation", "number": "XK2026-0001"}).status_code == 404
    assert client.get(url, {"item": "eia", "number": "<script>"}).status_code == 400
    assert client.get(url, {"item": "nonsense", "number": "X"}).status_code == 400


def test_the_public_lookup_is_rate_limited(client, settings):
    settings.LICENSING_LOOKUP_LIMIT = (3, 600)
    url = reverse("licensing:lookup")
    codes = [client.get(url, {"item": "eia", "number": f"N{i}"}).status_code for i in range(4)]
    assert codes == [404, 404, 404, 429]


# --- 企业环境信息依法披露 ---------------------------------------------------------------------------------


@pytest.fixture
def obliged(enforcer):
    services.add_obligation(
        actor=enforcer,
        year=2025,
        credit_code=code(10),
        name="示例市准时纸业有限公司",
        district="东城区",
        basis="key_polluter",
    )
    services.add_obligation(
        actor=enforcer,
        year=2025,
        credit_code=code(11),
        name="示例市迟报钢铁有限公司",
        district="西城区",
        basis="key_polluter",
    )
    services.add_obligation(
        actor=enforcer,
        year=2025,
        credit_code=code(12),
        name="示例市未报印染有限公司",
        district="西城区",
        basis="listed",
    )
    return enforcer


def test_annual_reports_late_and_missing_are_flagged_and_listed_publicly(obliged, client):
    on_time = services.record_report(
        actor=obliged, year=2025, credit_code=code(10), kind="annual", disclosed_on=date(2026, 3, 15)
    )
    late = services.record_report(
        actor=obliged, year=2025, credit_code=code(11), kind="annual", disclosed_on=date(2026, 3, 16)
    )
    assert (on_time.due_on, on_time.late, late.late) == (date(2026, 3, 15), False, True)
    with pytest.raises(DomainError):  # one annual report per year
        services.record_report(
            actor=obliged, year=2025, credit_code=code(11), kind="annual", disclosed_on=date(2026, 3, 20)
        )
    missing = queries.missing_annual()
    assert [o.credit_code for o in missing] == [code(12)]
    response = client.get(reverse("licensing:obligations"), {"status": "problem"})
    assert "迟报钢铁" in response.text and "未报印染" in response.text and "准时纸业" not in response.text
    api = client.get("/api/v1/lists/licensing-obligations", {"district": "西城区"}).json()
    assert {row["annual"] for row in api["results"]} == {"逾期披露", "未披露（已逾期）"}
    by_code = client.get("/api/v1/lists/licensing-obligations", {"q": code(10)}).json()["results"]
    assert [row["name"] for row in by_code] == ["示例市准时纸业有限公司"]


def test_a_temporary_report_is_due_five_working_days_after_the_document(obliged):
    report = services.record_report(
        actor=obliged,
        year=2025,
        credit_code=code(10),
        kind="temporary",
        event="penalty",
        event_date=date(2025, 9, 30),
        disclosed_on=date(2025, 10, 15),
    )
    assert (
        report.due_on == date(2025, 10, 14) and report.late is True
    )  # National Day 2025: 10-01..08 off, 10-11 works
    with pytest.raises(DomainError) as error:
        services.record_report(
            actor=obliged, year=2025, credit_code=code(10), kind="temporary", disclosed_on=date(2025, 10, 15)
        )
    assert error.value.field == "event_date"


def test_a_report_of_an_enterprise_not_on_the_list_is_refused(obliged):
    with pytest.raises(DomainError) as error:
        services.record_report(
            actor=obliged, year=2026, credit_code=code(10), kind="annual", disclosed_on=date(2026, 3, 1)
        )
    assert "不在2026年" in error.value.message


def test_an_enterprise_submits_its_own_report_with_its_token(obliged, client):
    _binding, token = services.issue_enterprise_token(actor=obliged, credit_code=code(10))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = {"year": 2025, "credit_code": code(10), "kind": "annual", "disclosed_on": "2026-03-10"}
    url = "/api/v1/licensing/disclosure-reports"
    response = client.post(url, json.dumps(body), content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    assert response.json()["late"] is False
    assert DisclosureReport.objects.get().channel == "api"
    other = client.post(
        url, json.dumps({**body, "credit_code": code(11)}), content_type="application/json", **headers
    )
    assert other.status_code == 400 and "所属企业" in other.json()["message"]
    assert client.post(url, "not json", content_type="application/json", **headers).status_code == 400
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 401
    record = AuditRecord.objects.get(action="licensing.report_record")
    assert record.actor_id is None and "token" in record.after


def test_staff_upload_stores_clean_rows_and_names_bad_lines(
    obliged, client_for, django_capture_on_commit_callbacks
):
    from gongkai.intake.models import ImportJob

    content = (
        "year,credit_code,kind,disclosed_on,event,event_date,summary,link\n"
        f"2025,{code(10)},annual,2026-03-01,,,年报,\n"
        f"2025,{code(11)},temporary,2025-10-10,penalty,2025-09-30,处罚,\n"
        f"2025,91411000MA00000010,annual,2026-03-01,,,,\n"
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(obliged).post(
            reverse("licensing:staff_report_upload"),
            {"file": SimpleUploadedFile("r.csv", content, "text/csv")},
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "done", job.errors
    assert DisclosureReport.objects.count() == 2
    assert [error["line"] for error in job.errors] == [4]


# --- registries ------------------------------------------------------------------------------------


def test_yearly_contribution_counts_the_decisions_of_the_year(editor):
    services.create_decision(actor=editor, data=decision_data(decided_on=date(2026, 3, 2)))
    services.create_decision(actor=editor, data=decision_data(decided_on=date(2025, 12, 31)))
    contributions = {c.key: contribution for c, contribution in yearly.collect(2026)}
    assert contributions["licensing"].table2 == {"licensing": {"decisions": 1}}


def test_the_facility_section_shows_public_records_only_to_the_public(editor):
    decision = services.create_decision(actor=editor, data=decision_data())
    section = next(s for s in facility.sections() if s.key == "licensing")
    assert section.context(code(1), True) is None
    assert section.context(code(1), False)["decisions"] == [decision]
    services.publish_decision(actor=editor, decision=decision)
    assert section.context(code(1), True)["decisions"] == [decision]


def test_the_demo_loader_is_idempotent_and_has_late_and_missing_cases(client):
    from gongkai.core.demo import load_demo_data
    from gongkai.licensing.demo import load_demo

    load_demo_data()
    assert Licence.objects.count() == 12
    assert (
        Decision.objects.filter(late=True).exists()
        and Decision.objects.filter(published_at__isnull=True).exists()
    )
    assert Application.objects.count() >= 100
    assert (
        Obligation.objects.filter(year=2025).count() == 40
        and Obligation.objects.filter(year=2026).count() == 45
    )
    assert queries.missing_annual().count() == 4
    assert DisclosureReport.objects.filter(late=True).exists()
    before = Decision.objects.count()
    assert load_demo() == 0 and Decision.objects.count() == before
    # With the enterprise registry installed, the demo uses its enterprises: their facility pages
    # show this app's section.
    obligation = Obligation.objects.filter(year=2025).first()
    if facility.lookup(obligation.credit_code) is not None:
        page = client.get(f"/sources/enterprise/{obligation.credit_code}/")
        assert page.status_code == 200 and "企业环境信息依法披露" in page.text


def test_every_staff_page_answers_its_role(editor, enforcer, client_for):
    for name in (
        "staff_decisions",
        "staff_licences",
        "staff_applications",
        "staff_decision_new",
        "staff_application_new",
    ):
        assert client_for(editor).get(reverse(f"licensing:{name}")).status_code == 200
    for name in (
        "staff_obligations",
        "staff_obligation_new",
        "staff_report_new",
        "staff_report_upload",
        "staff_token_new",
    ):
        assert client_for(enforcer).get(reverse(f"licensing:{name}")).status_code == 200
    assert client_for(enforcer).get(reverse("licensing:staff_decision_new")).status_code == 403
    assert client_for(editor).get(reverse("licensing:staff_obligation_new")).status_code == 403


def test_public_pages_answer(client):
    for name in ("decisions", "licences", "lookup", "obligations", "reports"):
        assert client.get(reverse(f"licensing:{name}")).status_code == 200
    assert client.get(reverse("licensing:decisions"), {"year": "abc", "item": "x"}).status_code == 200


def test_published_decisions_are_in_the_sitemap(editor, client):
    decision = services.create_decision(actor=editor, data=decision_data())
    assert reverse("licensing:decision", args=[decision.pk]) not in client.get("/sitemap.xml").text
    services.publish_decision(actor=editor, decision=decision)
    assert reverse("licensing:decision", args=[decision.pk]) in client.get("/sitemap.xml").text


def test_the_year_list_is_imported_row_by_row(enforcer, client_for, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.intake.models import ImportJob

    content = (
        "year,credit_code,name,district,basis\n"
        f"2026,{code(20)},示例市甲化工有限公司,东城区,重点排污单位\n"
        f"2026,{code(21)},示例市乙制药有限公司,西城区,listed\n"
        f"2026,{code(22)},示例市丙公司,西城区,不知道\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(enforcer).post(
            reverse("licensing:staff_obligation_upload"),
            {"file": SimpleUploadedFile("list.csv", content, "text/csv")},
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "done" and [e["line"] for e in job.errors] == [4]
    assert sorted(Obligation.objects.values_list("basis", flat=True)) == ["key_polluter", "listed"]


def test_the_privacy_gate_runs_on_a_licence_text(editor):
    with pytest.raises(DomainError) as error:
        services.issue_licence(
            actor=editor, data=licence_data(address="联系电话13812345678"), decided_on=date(2026, 3, 2)
        )
    assert error.value.field == "address"


def test_a_bad_link_from_the_api_is_a_400_not_a_500(obliged, client):
    _binding, token = services.issue_enterprise_token(actor=obliged, credit_code=code(10))
    body = {
        "year": 2025,
        "credit_code": code(10),
        "kind": "annual",
        "disclosed_on": "2026-03-10",
        "link": "不是网址",
    }
    response = client.post(
        "/api/v1/licensing/disclosure-reports",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400 and response.json()["field"] == "link"
    for value in ({"a": 1}, [1], None, 12):
        body = {"year": value, "credit_code": code(10), "kind": "annual", "disclosed_on": value}
        response = client.post(
            "/api/v1/licensing/disclosure-reports",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 400
