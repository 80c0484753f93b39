"""Entering the calendar (每年国务院办公厅通知公布后由管理员录入): validation in Chinese, the audit
trail, the package import that never overwrites a bureau's own entry, and the change signal that
later apps use to recompute deadlines."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.audit.models import AuditRecord
from gongkai.audit.services import verify
from gongkai.core.errors import DomainError
from gongkai.workcalendar import services
from gongkai.workcalendar.models import CalendarYear, SpecialDay
from gongkai.workcalendar.queries import get_calendar
from gongkai.workcalendar.seed import package_years
from gongkai.workcalendar.workdays import DayKind
from gongkai.workcalendar.workdays import SpecialDay as Special

pytestmark = pytest.mark.django_db

# A made-up 2027 schedule in the shape of a real notice.
NOTICE_2027 = """
# 国务院办公厅关于2027年部分节假日安排的通知（假设）
2027-01-01 放假 元旦
2027-02-05 放假 春节
2027-02-06 放假 春节
2027-02-07 放假 春节
2027-02-08 放假 春节
2027-02-09 放假 春节
2027-02-10 放假 春节
2027-02-11 放假 春节
2027-02-12 放假 春节
2027-02-20 上班 春节

2027-10-01 holiday 国庆节
2027-10-09 workday 国庆节
"""


def days_2027() -> list[Special]:
    return services.parse_special_days(NOTICE_2027, year=2027)


def test_parse_special_days_reads_one_date_per_line_and_skips_comments():
    days = days_2027()
    assert len(days) == 12
    assert days[0] == Special(date(2027, 1, 1), DayKind.HOLIDAY, "元旦")
    assert Special(date(2027, 2, 20), DayKind.WORKDAY, "春节") in days
    assert Special(date(2027, 10, 9), DayKind.WORKDAY, "国庆节") in days  # English kinds accepted
    assert [special.day for special in days] == sorted(special.day for special in days)


def test_parse_special_days_name_is_optional_and_order_of_lines_does_not_matter():
    days = services.parse_special_days("2027-10-02 休\n2027-10-01 放假 国庆节", year=2027)
    assert days == [
        Special(date(2027, 10, 1), DayKind.HOLIDAY, "国庆节"),
        Special(date(2027, 10, 2), DayKind.HOLIDAY, ""),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # 2027-02-22 is a Monday: a working day already, it cannot be an adjusted working day.
        (
            "2027-01-01 放假 元旦\n2027-02-22 上班 春节",
            "第2行：2027-02-22本来就是工作日，调休上班日只能是周六或周日。",
        ),
        ("2026-12-31 放假 元旦", "第1行的日期不属于2027年。"),
        ("2027-01-01 放假 元旦\n\n2027-01-01 放假 元旦", "第3行的日期重复。"),
        ("2027-13-01 放假 元旦", "第1行的日期“2027-13-01”无效，应为YYYY-MM-DD。"),
        ("2027-01-01 请假", "第1行的类型应为“放假”或“上班”。"),
        ("2027-01-01", "第1行格式应为“日期 放假/上班 名称”。"),
    ],
)
def test_parse_special_days_names_the_faulty_line_in_chinese(text, message):
    with pytest.raises(DomainError) as raised:
        services.parse_special_days(text, year=2027)
    assert raised.value.message == message


def test_format_and_parse_round_trip():
    services.save_year(actor=None, year=2027, days=days_2027())
    text = services.format_special_days(SpecialDay.objects.filter(year=2027))
    assert services.parse_special_days(text, year=2027) == days_2027()


def test_save_year_enters_the_year_and_the_calendar_uses_it(administrator):
    assert 2027 not in get_calendar().covered_years
    entered = services.save_year(
        actor=administrator, year=2027, days=days_2027(), notice="国办发明电〔2026〕X号"
    )
    assert (entered.year, entered.notice, entered.source, entered.updated_by) == (
        2027,
        "国办发明电〔2026〕X号",
        "人工录入",
        administrator,
    )
    calendar = get_calendar()
    assert not calendar.is_workday(date(2027, 2, 8))  # a Monday off for 春节
    assert calendar.is_workday(date(2027, 2, 20))  # the Saturday worked instead
    assert calendar.holiday_name(date(2027, 10, 1)) == "国庆节"
    assert calendar.add_workdays(date(2027, 2, 4), 1) == date(2027, 2, 15)


def test_save_year_is_audited_with_the_days_before_and_after(administrator):
    services.save_year(actor=administrator, year=2027, days=days_2027()[:1], notice="初稿")
    services.save_year(actor=administrator, year=2027, days=days_2027(), notice="正式")
    first, second = AuditRecord.objects.filter(action="calendar.year.save", target_id="2027").order_by("seq")
    assert first.actor == administrator
    assert first.before_data is None
    assert first.after_data == {"notice": "初稿", "days": "2027-01-01 放假 元旦"}
    assert second.before_data == first.after_data
    assert second.after_data["notice"] == "正式"
    assert second.after_data["days"].count("\n") == 11  # twelve lines
    assert verify().ok


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (
            [Special(date(2027, 2, 22), DayKind.WORKDAY, "春节")],
            "2027-02-22本来就是工作日，调休上班日只能是周六或周日。",
        ),
        ([Special(date(2028, 1, 1), DayKind.HOLIDAY, "元旦")], "所有日期都必须属于2027年。"),
        (
            [
                Special(date(2027, 1, 1), DayKind.HOLIDAY, "元旦"),
                Special(date(2027, 1, 1), DayKind.HOLIDAY, ""),
            ],
            "日期2027-01-01重复。",
        ),
    ],
)
def test_save_year_refuses_bad_days_in_chinese_and_changes_nothing(administrator, days, message):
    records_before = AuditRecord.objects.count()
    with pytest.raises(DomainError) as raised:
        services.save_year(actor=administrator, year=2027, days=days)
    assert raised.value.message == message
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert AuditRecord.objects.count() == records_before


@pytest.mark.parametrize("year", [1999, 2101])
def test_save_year_refuses_years_out_of_range(year):
    with pytest.raises(DomainError, match="年份应在2000至2100之间"):
        services.save_year(actor=None, year=year, days=[])


def test_only_holders_of_the_change_permission_may_enter_a_year(make_staff):
    handler = make_staff("request_handler")  # may view the calendar, not change it
    with pytest.raises(PermissionDenied):
        services.save_year(actor=handler, year=2027, days=days_2027())
    with pytest.raises(PermissionDenied):
        services.delete_year(actor=handler, year=2026)
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_delete_year_is_audited_and_the_year_becomes_unknown(administrator):
    services.delete_year(actor=administrator, year=2024)
    assert 2024 not in get_calendar().covered_years
    deleted = AuditRecord.objects.get(action="calendar.year.delete", target_id="2024")
    assert "2024-10-01 放假 国庆节" in deleted.before_data["days"]
    with pytest.raises(DomainError, match="2024年尚未录入"):
        services.delete_year(actor=administrator, year=2024)


def test_import_package_years_never_overwrites_a_year_the_bureau_entered(administrator):
    services.delete_year(actor=administrator, year=2025)
    staff_2026 = [Special(date(2026, 10, 1), DayKind.HOLIDAY, "国庆节（本局录入）")]
    services.save_year(actor=administrator, year=2026, days=staff_2026, notice="本局录入")

    imported = services.import_package_years(actor=administrator)

    assert imported == [2025]  # only the missing year
    assert CalendarYear.objects.get(year=2026).source == "人工录入"
    assert list(SpecialDay.objects.filter(year=2026).values_list("name", flat=True)) == ["国庆节（本局录入）"]
    assert SpecialDay.objects.filter(year=2025).count() == len(package_years()[2025])
    assert CalendarYear.objects.get(year=2025).source.startswith("chinese-calendar")


def test_import_package_years_overwrites_only_when_asked(administrator):
    services.save_year(actor=administrator, year=2026, days=[], notice="本局录入")
    services.import_package_years(actor=None, overwrite=True)
    assert SpecialDay.objects.filter(year=2026).count() == len(package_years()[2026])


def test_the_package_seed_covers_2004_to_2026_on_migrate():
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(range(2004, 2027))
    assert set(package_years()) == set(range(2004, 2027))


@pytest.fixture
def announcements():
    received = []

    def receiver(sender, years, **kwargs):
        received.append(years)

    services.calendar_changed.connect(receiver, dispatch_uid="test-announcements")
    yield received
    services.calendar_changed.disconnect(dispatch_uid="test-announcements")


def test_calendar_changed_is_sent_after_commit_with_the_changed_years(
    administrator, announcements, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.save_year(actor=administrator, year=2027, days=days_2027())
        services.delete_year(actor=administrator, year=2024)
    assert announcements == []  # not before the transaction commits
    for callback in callbacks:
        callback()
    assert announcements == [[2027], [2024]]


def test_calendar_changed_is_not_sent_when_the_change_rolls_back(
    administrator, announcements, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.save_year(actor=administrator, year=2027, days=days_2027())
        raise RuntimeError("rolled back")
    assert announcements == []
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_calendar_changed_is_sent_for_each_imported_year(
    administrator, announcements, django_capture_on_commit_callbacks
):
    services.delete_year(actor=administrator, year=2024)
    services.delete_year(actor=administrator, year=2025)
    announcements.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.import_package_years(actor=administrator)
    assert announcements == [[2024], [2025]]


def test_get_calendar_is_cached_until_the_calendar_changes(administrator):
    first = get_calendar()
    assert get_calendar() is first  # unchanged: the same object, no reload
    services.save_year(actor=administrator, year=2027, days=days_2027())
    refreshed = get_calendar()
    assert refreshed is not first
    assert 2027 in refreshed.covered_years
    services.save_year(actor=administrator, year=2027, days=[])  # same years, fewer days
    assert get_calendar().is_workday(date(2027, 2, 8))
