"""The staff pages of the calendar: who may see and edit it, and the year form."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.workcalendar import services
from gongkai.workcalendar.models import CalendarYear, SpecialDay
from gongkai.workcalendar.queries import get_calendar

pytestmark = pytest.mark.django_db

EDIT_URLS = [
    reverse("workcalendar:year_new"),
    reverse("workcalendar:year_edit", args=[2026]),
]


@pytest.mark.parametrize("role", ["administrator", "request_handler", "leader"])
def test_roles_with_the_view_permission_see_the_years(make_staff, client_for, role):
    response = client_for(make_staff(role)).get(reverse("workcalendar:years"))
    assert response.status_code == 200
    assert "2026" in response.text


@pytest.mark.parametrize(
    "role", ["editor", "reviewer", "legal_reviewer", "data_officer", "enforcement_officer"]
)
def test_roles_without_the_view_permission_are_refused(make_staff, client_for, role):
    assert client_for(make_staff(role)).get(reverse("workcalendar:years")).status_code == 403


@pytest.mark.parametrize("role", ["request_handler", "leader"])
def test_viewers_cannot_edit_or_import(make_staff, client_for, role):
    client = client_for(make_staff(role))
    page = client.get(reverse("workcalendar:years"))
    assert reverse("workcalendar:year_new") not in page.text  # no edit links for viewers
    for url in EDIT_URLS:
        assert client.get(url).status_code == 403
        assert client.post(url, {"year": 2027, "days": ""}).status_code == 403
    assert client.post(reverse("workcalendar:import_package")).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_year_form_round_trips_an_entered_year(admin_client):
    days_before = list(SpecialDay.objects.filter(year=2026).values_list("day", "kind", "name"))
    form = admin_client.get(reverse("workcalendar:year_edit", args=[2026])).context["form"]
    assert "2026-10-10 上班 国庆节" in form.initial["days"].splitlines()

    response = admin_client.post(
        reverse("workcalendar:year_edit", args=[2026]),
        {"year": form.initial["year"], "notice": form.initial["notice"], "days": form.initial["days"]},
    )

    assert response.status_code == 302
    assert list(SpecialDay.objects.filter(year=2026).values_list("day", "kind", "name")) == days_before
    assert AuditRecord.objects.filter(action="calendar.year.save", target_id="2026").exists()


def test_a_new_year_entered_through_the_form_is_used_at_once(admin_client):
    response = admin_client.post(
        reverse("workcalendar:year_new"),
        {
            "year": 2027,
            "notice": "国办发明电〔2026〕X号",
            "days": "2027-01-01 放假 元旦\n2027-01-02 放假 元旦",
        },
    )
    assert response.status_code == 302
    assert get_calendar().add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"year": 2027, "days": "2027-01-04 上班 元旦"}, "调休上班日只能是周六或周日"),  # a Monday
        ({"year": 2027, "days": "2026-10-01 放假 国庆节"}, "第1行的日期不属于2027年。"),
        ({"year": 2026, "days": ""}, "2026年已录入，请在列表中编辑。"),
    ],
)
def test_the_year_form_shows_chinese_errors(admin_client, data, error):
    response = admin_client.post(reverse("workcalendar:year_new"), data)
    assert response.status_code == 200
    assert error in response.text
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_an_entered_year_cannot_be_renumbered(admin_client):
    response = admin_client.post(reverse("workcalendar:year_edit", args=[2026]), {"year": 2027, "days": ""})
    assert "不能修改已录入年份的年份数字" in response.text
    assert SpecialDay.objects.filter(year=2026).exists()


def test_import_button_reports_that_nothing_new_is_there(admin_client, administrator):
    services.delete_year(actor=administrator, year=2025)
    response = admin_client.post(reverse("workcalendar:import_package"), follow=True)
    assert "已导入：2025" in response.text
    response = admin_client.post(reverse("workcalendar:import_package"), follow=True)
    assert "没有可导入的新年份" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"start": "2026-09-28", "workdays": 20}, "2026-10-30"),
        ({"start": "2026-12-20", "workdays": 20}, "缺少2027年的工作日历数据"),
    ],
)
def test_the_calculator_answers_or_names_the_missing_year(make_staff, client_for, query, expected):
    response = client_for(make_staff("request_handler")).get(reverse("workcalendar:years"), query)
    assert response.status_code == 200
    if expected[0].isdigit():
        assert response.context["result"] == date.fromisoformat(expected)
    else:
        assert expected in response.text
