"""The year grid (年历): an administrator marks a range 放假 (with the festival's name) or its weekend
days 调休上班, previews how many open deadlines would move, then saves with an audit record. The
dates below are test data (a made-up 测试节), not an official notice."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.workcalendar import impact
from gongkai.workcalendar.grid import year_grid
from gongkai.workcalendar.models import SpecialDay
from gongkai.workcalendar.queries import get_calendar
from gongkai.workcalendar.services import RangeKind, days_with_range
from gongkai.workcalendar.workdays import DayKind
from gongkai.workcalendar.workdays import SpecialDay as Special

GRID = reverse("workcalendar:year_grid", args=[2026])
NOV_2 = date(2026, 11, 2)  # a Monday


def test_a_holiday_range_is_named_and_replaces_what_was_there():
    days = [Special(date(2026, 11, 11), DayKind.WORKDAY, "旧")]
    marked = days_with_range(
        days, start=date(2026, 11, 10), end=date(2026, 11, 12), kind=RangeKind.HOLIDAY, name="测试节"
    )
    assert [(s.day.day, s.kind, s.name) for s in marked] == [
        (10, DayKind.HOLIDAY, "测试节"),
        (11, DayKind.HOLIDAY, "测试节"),
        (12, DayKind.HOLIDAY, "测试节"),
    ]
    assert days_with_range(marked, start=date(2026, 11, 11), end=date(2026, 11, 11), kind=RangeKind.CLEAR)[
        1:
    ] == [Special(date(2026, 11, 12), DayKind.HOLIDAY, "测试节")]


def test_a_workday_range_marks_only_its_weekend_days():
    marked = days_with_range(
        [], start=date(2026, 11, 6), end=date(2026, 11, 9), kind=RangeKind.WORKDAY, name="测试节"
    )
    assert [s.day for s in marked] == [date(2026, 11, 7), date(2026, 11, 8)]
    with pytest.raises(DomainError, match="周六或周日"):
        days_with_range([], start=NOV_2, end=NOV_2, kind=RangeKind.WORKDAY)


@pytest.mark.parametrize(
    ("start", "end", "kind", "name", "message"),
    [
        (date(2026, 11, 5), date(2026, 11, 4), RangeKind.HOLIDAY, "节", "早于"),
        (date(2026, 11, 1), date(2026, 12, 15), RangeKind.HOLIDAY, "节", "最多"),
        (NOV_2, NOV_2, RangeKind.HOLIDAY, " ", "节日名称"),
    ],
)
def test_a_range_is_refused_with_a_reason(start, end, kind, name, message):
    with pytest.raises(DomainError, match=message):
        days_with_range([], start=start, end=end, kind=kind, name=name)


def test_the_grid_has_twelve_months_with_weekends_and_named_holidays():
    months = year_grid(2027, [Special(date(2027, 1, 1), DayKind.HOLIDAY, "元旦")])
    assert len(months) == 12 and months[0].holidays == 1
    cells = {cell.day: cell for week in months[0].weeks for cell in week if cell}
    assert len(cells) == 31 and cells[date(2027, 1, 1)].name == "元旦"
    assert cells[date(2027, 1, 2)].kind == "weekend" and cells[date(2027, 1, 4)].kind == ""


@pytest.fixture
def a_deadline(monkeypatch):
    """One open deadline, 20 working days from Nov 2 (declared like an app's cards.DEADLINES)."""
    due = get_calendar().add_workdays(NOV_2, 20)
    source = impact.DeadlineSource(
        "test.deadline", "测试期限", lambda: [(NOV_2, due), (date(2026, 1, 5), date(2026, 1, 9))]
    )
    monkeypatch.setattr(impact, "sources", lambda: [source])
    return due


MARK = {"start": "2026-11-10", "end": "2026-11-11", "kind": "holiday", "name": "测试节"}


def test_the_preview_counts_the_deadlines_that_move_and_saves_nothing(make_staff, client_for, a_deadline):
    client = client_for(make_staff("administrator"))
    page = client.post(GRID, {**MARK, "preview": "1"})
    assert page.status_code == 200
    assert 'data-moved="1"' in page.text and "测试期限" in page.text and "1 / 2" in page.text
    assert 'title="测试节"' in page.text  # the grid shows the change before it is saved
    assert not SpecialDay.objects.filter(name="测试节").exists()


def test_confirming_saves_the_range_with_an_audit_record(make_staff, client_for, a_deadline):
    admin = make_staff("administrator")
    response = client_for(admin).post(GRID, {**MARK, "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == GRID
    assert list(SpecialDay.objects.filter(name="测试节").values_list("day", flat=True)) == [
        date(2026, 11, 10),
        date(2026, 11, 11),
    ]
    assert get_calendar().holiday_name(date(2026, 11, 10)) == "测试节"
    record = AuditRecord.objects.filter(action="calendar.year.save").latest("pk")
    assert record.actor_id == admin.pk and "测试节" in str(record.after)


def test_a_year_not_entered_is_created_by_its_first_range(make_staff, client_for):
    url = reverse("workcalendar:year_grid", args=[2031])
    client = client_for(make_staff("administrator"))
    assert "2031年尚未录入" in client.get(url).text
    client.post(url, {"start": "2031-03-08", "kind": "workday", "name": "测试节", "confirm": "1"})
    assert get_calendar().is_workday(date(2031, 3, 8))  # a Saturday, now 调休上班
    assert "班" in client.get(url).text


@pytest.mark.parametrize("role", ["leader", "request_handler"])
def test_viewers_see_the_grid_but_cannot_mark(make_staff, client_for, role):
    client = client_for(make_staff(role))
    page = client.get(GRID)
    assert page.status_code == 200 and 'data-day="2026-10-01"' in page.text and "mark-form" not in page.text
    assert client.post(GRID, {**MARK, "confirm": "1"}).status_code == 403


def test_roles_without_the_calendar_get_403(make_staff, client_for):
    assert client_for(make_staff("editor")).get(GRID).status_code == 403


@pytest.mark.django_db
def test_every_app_with_working_day_deadlines_declares_them():
    keys = {source.key for source in impact.sources()}
    assert {
        "applications.due_on",
        "enforcement.publish_due",
        "licensing.due_on",
        "interaction.due_on",
    } <= keys
    for source in impact.sources():
        list(source.spans())  # each one is a query that runs


def test_the_calculator_starts_on_today(make_staff, client_for):
    page = client_for(make_staff("administrator")).get(reverse("workcalendar:years")).text
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page
