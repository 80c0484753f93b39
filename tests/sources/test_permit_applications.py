"""排污许可 applications under publicity: the window's end counted in working days on the bureau's
calendar (around the 2026 National Day holiday and its 调休), the state against today, staff CRUD
through 基础数据 (audited), the public list with its export and API twin, the detail page and the
facility page section."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.audit.models import AuditRecord
from gongkai.sources.models import Permit
from gongkai.sources.models_permits import PermitApplication, PermitApplicationDocument, publicity_end
from tests.sources.test_registry import code, make_enterprise
from tests.sources.test_registry import officer as officer_fixture

pytestmark = pytest.mark.django_db
officer = officer_fixture


@pytest.fixture(autouse=True)
def calendar_2026(db):
    from gongkai.workcalendar import services as calendar_services

    calendar_services.import_package_years()


@pytest.mark.parametrize(
    ("start", "workdays", "end"),
    [
        (date(2026, 6, 1), 5, date(2026, 6, 5)),  # Monday: the start day counts
        (date(2026, 6, 6), 5, date(2026, 6, 12)),  # Saturday: counting from Monday
        (date(2026, 9, 28), 5, date(2026, 10, 9)),  # across the National Day holiday (Oct 1–7)
        (date(2026, 10, 3), 5, date(2026, 10, 13)),  # starts in the holiday; Sat Oct 10 is a 调休 workday
        (date(2026, 9, 18), 5, date(2026, 9, 23)),  # Sun Sep 20 is a 调休 workday
        (date(2026, 6, 1), 1, date(2026, 6, 1)),
        (date(2026, 6, 1), 10, date(2026, 6, 12)),
    ],
)
def test_the_publicity_end_follows_the_working_day_calendar(start, workdays, end):
    assert publicity_end(start, workdays) == end


def test_a_year_the_calendar_does_not_cover_leaves_the_end_open():
    assert publicity_end(date(2040, 3, 1), 5) is None


def test_the_setting_changes_the_period(officer, settings):
    settings.SOURCES_PERMIT_PUBLICITY_WORKDAYS = 7
    application = PermitApplication.objects.create(
        enterprise=make_enterprise(officer), management="key", publicity_start=date(2026, 6, 1)
    )
    assert application.publicity_end == date(2026, 6, 9)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 9, 27), "upcoming"),
        (date(2026, 9, 28), "open"),
        (date(2026, 10, 9), "open"),
        (date(2026, 10, 10), "closed"),
    ],
)
def test_publicity_state_against_today(officer, today, state):
    application = PermitApplication.objects.create(
        enterprise=make_enterprise(officer), management="key", publicity_start=date(2026, 9, 28)
    )
    assert application.publicity_state(today) == state


def test_staff_crud_is_audited_and_public_pages_show_it(client, client_for, officer, make_staff, monkeypatch):
    enterprise = make_enterprise(officer)
    staff = client_for(officer)
    assert staff.get("/staff/refdata/sources-permit-applications/new/").status_code == 200
    response = staff.post(
        "/staff/refdata/sources-permit-applications/new/",
        {
            "enterprise": enterprise.pk,
            "kind": "new",
            "management": "key",
            "publicity_start": "2026-09-28",
            "summary": "拟申请废水排放口1个，联系人电话13812345678",
            "status": "publicity",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application = PermitApplication.objects.get()
    assert application.publicity_end == date(2026, 10, 9)
    record = AuditRecord.objects.get(action="sources.permit_application.create")
    assert record.after_data["publicity_start"] == "2026-09-28"
    staff.post(
        "/staff/refdata/sources-permit-application-documents/new/",
        {"application": application.pk, "title": "排污许可证申请表", "url": "https://example.gov.cn/a.pdf"},
    )
    assert PermitApplicationDocument.objects.filter(application=application).count() == 1
    refused = staff.post(
        "/staff/refdata/sources-permit-application-documents/new/",
        {"application": application.pk, "title": "x", "url": "javascript:alert(1)"},
    )
    assert refused.status_code == 200 and PermitApplicationDocument.objects.count() == 1

    # granted needs the permit it led to, and the permit must be the applicant's
    data = {
        "enterprise": enterprise.pk,
        "kind": "new",
        "management": "key",
        "publicity_start": "2026-09-28",
        "summary": "拟申请废水排放口1个，联系人电话13812345678",
        "status": "granted",
    }
    edit = f"/staff/refdata/sources-permit-applications/{application.pk}/"
    assert "已核发的申请请选择核发的许可证" in staff.post(edit, data).content.decode()
    permit = Permit.objects.create(
        enterprise=enterprise,
        number="91990100MA0000001X001V",
        management="key",
        issued_on=date(2026, 10, 20),
        valid_from=date(2026, 10, 20),
        valid_until=date(2031, 10, 19),
    )
    assert staff.post(edit, data | {"permit": permit.pk}).status_code == 302
    update = AuditRecord.objects.get(action="sources.permit_application.update")
    assert update.before_data["status"] == "publicity" and update.after_data["status"] == "granted"

    from gongkai.sources import lists

    monkeypatch.setattr(lists.timezone, "localdate", lambda: date(2026, 10, 1))
    html = client.get("/sources/permit-applications/").content.decode()
    assert enterprise.name in html and "2026-10-09" in html and "公示中" in html
    api = client.get("/api/v1/sources/permit-applications?publicity=open").json()
    assert api["count"] == 1
    row = api["results"][0]
    assert row["publicity_end"] == "2026-10-09" and row["credit_code"] == code(1)
    assert row["documents"] == [{"title": "排污许可证申请表", "url": "https://example.gov.cn/a.pdf"}]
    assert "13812345678" not in str(api) and "138****5678" in row["summary"]
    assert client.get("/api/v1/sources/permit-applications?publicity=closed").json()["count"] == 0
    assert client.get("/api/v1/lists/sources-permit-applications?kind=renewal").json()["count"] == 0
    csv = client.get("/sources/permit-applications/?export=csv").content.decode("utf-8-sig")
    assert "https://example.gov.cn/a.pdf" in csv
    detail = client.get(f"/sources/permit-applications/{application.pk}/").content.decode()
    assert "排污许可证申请表" in detail and "13812345678" not in detail and permit.number in detail
    staff_detail = staff.get(f"/sources/permit-applications/{application.pk}/").content.decode()
    assert f"/staff/refdata/sources-permit-applications/{application.pk}/" in staff_detail
    assert f"/staff/refdata/sources-permit-applications/{application.pk}/" not in detail
    facility = client.get(f"/sources/enterprise/{code(1)}/").content.decode()
    assert "排污许可申请公示" in facility and f"/sources/permit-applications/{application.pk}/" in facility
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/sources/permit-applications" in spec["paths"]

    reader = client_for(make_staff("enforcement_officer"))
    assert reader.get("/staff/refdata/sources-permit-applications/").status_code == 200
    assert reader.get("/staff/refdata/sources-permit-applications/new/").status_code == 403
