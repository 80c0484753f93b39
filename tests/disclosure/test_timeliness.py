"""Timeliness (条例 Art. 26): within 20 working days of the day formed (or the catalogue item's own
limit), counted on the working-day calendar with its holidays and 调休; recomputed when the
calendar changes."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from gongkai.disclosure import queries, services, timeliness
from gongkai.workcalendar import services as calendar_services
from gongkai.workcalendar.models import CalendarYear
from gongkai.workcalendar.workdays import DayKind, SpecialDay, WorkdayCalendar


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@pytest.mark.parametrize(
    ("formed", "due"),
    [
        (date(2026, 9, 28), date(2026, 10, 30)),  # National Day week; Sat 10-10 is a working day
        (date(2026, 2, 13), date(2026, 3, 19)),  # Spring Festival; Sat 02-14 and 02-28 are working days
        (date(2026, 6, 1), date(2026, 6, 30)),  # 端午 (06-19) is a holiday
    ],
)
def test_due_twenty_working_days_after_the_day_formed(calendar_2024_2026, formed, due):
    assert timeliness.due_date(formed=formed, limit_workdays=20, calendar=calendar_2024_2026) == due


@pytest.mark.parametrize(
    ("published", "late", "taken"),
    [
        (date(2026, 10, 30), False, 20),
        (date(2026, 10, 31), True, 20),  # Saturday after the due Friday: too late
        (date(2026, 11, 2), True, 21),
        (date(2026, 9, 28), False, 0),
    ],
)
def test_a_publication_on_or_before_the_due_day_is_on_time(calendar_2024_2026, published, late, taken):
    result = timeliness.assess(
        formed=date(2026, 9, 28), published=published, limit_workdays=20, calendar=calendar_2024_2026
    )
    assert (result.due_on, result.late, result.workdays_taken) == (date(2026, 10, 30), late, taken)


def test_no_limit_or_no_calendar_means_no_verdict():
    calendar = WorkdayCalendar([2026])
    assert timeliness.assess(formed=date(2026, 1, 5), published=date(2026, 3, 1), limit_workdays=None,
                             calendar=calendar).late is None  # fmt: skip
    late_december = timeliness.assess(
        formed=date(2026, 12, 20), published=date(2027, 1, 20), limit_workdays=20, calendar=calendar
    )
    assert late_december.late is None and late_december.due_on is None  # 2027 not entered: never guessed


@pytest.mark.django_db
def test_publication_records_due_date_and_lateness(make_draft, publish):
    on_time = publish(make_draft(date_formed=date(2026, 9, 28)), when=at(date(2026, 10, 30)))
    late = publish(make_draft(title="迟发文件", date_formed=date(2026, 9, 28)), when=at(date(2026, 11, 2)))
    assert (on_time.due_on, on_time.late, on_time.workdays_taken) == (date(2026, 10, 30), False, 20)
    assert (late.late, late.workdays_taken) == (True, 21)


@pytest.mark.django_db
def test_an_item_with_its_own_limit_or_counting_from_a_request(make_draft, publish, catalogue, admin_user):
    item = catalogue["05.01.01"]
    services.save_catalogue_item(
        actor=admin_user, item=item, code=item.code, name=item.name, time_limit_days=7, channels=["政府网站"]
    )
    document = publish(
        make_draft(catalogue_item=item, date_formed=date(2026, 9, 28)), when=at(date(2026, 10, 13))
    )
    assert document.due_on == date(2026, 10, 13)  # 7 working days: the holiday skipped, Sat 10-10 counted
    assert document.late is False
    services.save_catalogue_item(
        actor=admin_user, item=item, code=item.code, name=item.name, time_limit_start="request", channels=[]
    )
    other = publish(make_draft(title="依申请", catalogue_item=item, date_formed=date(2026, 9, 28)))
    assert other.late is None


@pytest.mark.django_db
def test_lateness_is_recomputed_when_a_holiday_is_added(
    make_draft, publish, admin_user, django_capture_on_commit_callbacks
):
    document = publish(make_draft(date_formed=date(2026, 9, 28)), when=at(date(2026, 11, 2)))
    assert document.late is True
    year = CalendarYear.objects.get(year=2026)
    days = [SpecialDay(d.day, DayKind(d.kind), d.name) for d in year.days.all()]
    days.append(SpecialDay(date(2026, 10, 29), DayKind.HOLIDAY, "临时休假"))
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.save_year(actor=admin_user, year=2026, days=days, notice="补充通知")
    document.refresh_from_db()
    assert (document.due_on, document.late) == (date(2026, 11, 2), False)


@pytest.mark.django_db
def test_late_publications_are_counted_per_department_and_month(make_draft, publish, catalogue):
    publish(make_draft(date_formed=date(2026, 9, 28)), when=at(date(2026, 11, 2)))  # 法规科, late
    publish(make_draft(title="按时", date_formed=date(2026, 9, 28)), when=at(date(2026, 10, 9)))
    publish(
        make_draft(title="审批科迟发", catalogue_item=catalogue["05.01.01"], date_formed=date(2026, 9, 1)),
        when=at(date(2026, 10, 20)),
    )
    table = queries.timeliness_table(year=2026)
    rows = {(row.department, row.month): (row.published, row.late) for row in table}
    assert rows == {("法规科", 10): (1, 0), ("法规科", 11): (1, 1), ("审批科", 10): (1, 1)}
    assert [doc.title for doc in queries.late_documents()] == [
        "示例市生态环境局关于加强建设项目环评管理的通知",
        "审批科迟发",
    ]
