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


# --- 双公示, the 年报's 31 January, provisional dates and warnings -----------------------------------


def test_licence_and_penalty_decision_rows_use_the_seven_day_double_publicity_limit():
    from gongkai.disclosure.standard_catalogue import STANDARD_CATALOGUE

    limits = {row["code"]: (row["time_limit_days"], row["time_limit_start"]) for row in STANDARD_CATALOGUE}
    for code in ("05.01.01", "05.01.02", "05.01.03", "05.01.04", "05.02.02"):  # 许可 and 处罚 decisions
        assert limits[code] == (timeliness.DOUBLE_PUBLICITY_WORKDAYS, "formed")
    assert limits["05.02.04"] == (20, "formed")  # 行政强制决定 is not 双公示: 条例 Art. 26
    assert limits["04"] == (None, "annual")  # 年报: 条例 Art. 49


@pytest.mark.django_db
def test_a_penalty_decision_published_on_the_eighth_working_day_is_late(make_draft, publish, admin_user):
    services.save_catalogue_item(actor=admin_user, code="05.02", name="行政处罚行政强制和行政命令")
    row = services.save_catalogue_item(
        actor=admin_user, code="05.02.02", name="行政处罚决定", time_limit_days=7, channels=["政府网站"]
    )
    decided = date(2026, 9, 28)  # 7 working days: 09-29, 09-30, 10-08, 10-09, Sat 10-10, 10-12, 10-13
    on_time = publish(
        make_draft(title="处罚决定书一", catalogue_item=row, date_formed=decided), when=at(date(2026, 10, 13))
    )
    late = publish(
        make_draft(title="处罚决定书二", catalogue_item=row, date_formed=decided), when=at(date(2026, 10, 14))
    )
    assert (on_time.due_on, on_time.late) == (date(2026, 10, 13), False)
    assert (late.due_on, late.late, late.workdays_taken) == (date(2026, 10, 13), True, 8)


@pytest.mark.parametrize(
    ("formed", "due"),
    [
        (date(2026, 1, 20), date(2026, 1, 31)),  # the 2025 report, formed in January
        (date(2026, 3, 2), date(2026, 1, 31)),  # formed after the day: late whenever published
        (date(2026, 12, 28), date(2027, 1, 31)),  # the 2026 report drafted in December
    ],
)
def test_the_annual_report_is_due_by_31_january(formed, due):
    assert timeliness.annual_report_due(formed) == due


@pytest.mark.django_db
def test_the_annual_report_row_is_judged_against_31_january(make_draft, publish, admin_user):
    row = services.save_catalogue_item(
        actor=admin_user, code="04", name="政府信息公开年报", time_limit_days=None, time_limit_start="annual"
    )
    assert row.time_limit_text == "每年1月31日前（条例第四十九条）"
    on_time = publish(make_draft(title="2025年年报", catalogue_item=row, date_formed=date(2026, 1, 20)),
                      when=at(date(2026, 1, 30)))  # fmt: skip
    late = publish(make_draft(title="2025年年报（迟）", catalogue_item=row, date_formed=date(2026, 1, 20)),
                   when=at(date(2026, 2, 2)))  # fmt: skip
    assert (on_time.due_on, on_time.late) == (date(2026, 1, 31), False)
    assert (late.due_on, late.late) == (date(2026, 1, 31), True)


@pytest.mark.django_db
def test_a_deadline_in_a_year_without_a_calendar_gets_a_provisional_date(
    make_draft, admin_user, django_capture_on_commit_callbacks
):
    """Formed 2026-12-04: the 20th working day falls in 2027, which nobody has entered yet. The draft
    gets a provisional (暂定) due date counted on weekends and the statutory holidays (元旦 2027-01-01,
    workcalendar.provisional), the warning lists it, and entering 2027 makes it final."""
    assert not CalendarYear.objects.filter(year=2027).exists()
    document = make_draft(date_formed=date(2026, 12, 4))
    assert (document.due_on, document.due_provisional) == (date(2027, 1, 4), True)
    entry = next(
        e for e in queries.unpublished_deadlines(today=date(2026, 12, 28)) if e.document.pk == document.pk
    )
    assert entry.due_on == date(2027, 1, 4) and entry.provisional and entry.due_soon and not entry.overdue

    holidays = [SpecialDay(date(2027, 1, 1), DayKind.HOLIDAY, "元旦")]
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.save_year(actor=admin_user, year=2027, days=holidays, notice="2027年放假安排")
    document.refresh_from_db()
    assert (document.due_on, document.due_provisional) == (date(2027, 1, 4), False)


@pytest.mark.django_db
def test_staff_are_warned_before_a_deadline_not_only_after(make_draft, client_for, make_staff, settings):
    settings.DISCLOSURE_WARN_WORKDAYS = 5
    soon = make_draft(title="即将到期的文件", date_formed=date(2026, 11, 2))  # due 2026-11-30
    later = make_draft(title="尚早的文件", date_formed=date(2026, 11, 20))  # due 2026-12-18
    entries = {e.document.pk: e for e in queries.unpublished_deadlines(today=date(2026, 11, 24))}
    assert entries[soon.pk].due_on == date(2026, 11, 30)
    assert entries[soon.pk].due_soon and not entries[soon.pk].overdue
    assert not entries[later.pk].due_soon

    # the to-do card counts the same entries, on today's date
    from gongkai.disclosure.cards import CARDS
    from gongkai.disclosure.models import Document
    from gongkai.workcalendar.queries import get_provisional_calendar

    Document.objects.filter(pk__in=[soon.pk, later.pk]).delete()
    formed = get_provisional_calendar().add_workdays(timezone.localdate(), -18)  # due in 2 working days
    make_draft(title="两个工作日后到期", date_formed=formed)
    card = next(card for card in CARDS if card.key == "disclosure.due_soon")
    monitor = make_staff("leader", username="jiankong")
    assert card.count(monitor) == 1
    assert str(card.items(monitor)[0].label).startswith("两个工作日后到期")


def test_the_catalogue_cites_laws_in_force_and_has_a_row_for_each_applicable_article_20_item():
    from gongkai.disclosure.standard_catalogue import STANDARD_CATALOGUE

    bases = "\n".join(row["basis"] for row in STANDARD_CATALOGUE)
    for repealed in ("环境噪声污染防治法", "排污许可管理办法（试行）", "企业事业单位环境信息公开办法"):
        assert repealed not in bases, repealed
    permits = next(row for row in STANDARD_CATALOGUE if row["code"] == "05.01.04")["basis"]
    for law in ("排污许可管理条例", "《排污许可管理办法》", "企业环境信息依法披露管理办法"):
        assert law in permits
    # 条例 Art. 20 items that apply to a city bureau; (十) and (十一) concern other bodies, (十五) is the
    # standard catalogue (05)
    for item in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十二", "十三", "十四"):
        assert f"第二十条第（{item}）项" in bases, item


@pytest.mark.django_db
def test_the_migration_brings_an_existing_catalogue_up_to_date():
    from django.apps import apps as global_apps

    from gongkai.disclosure.models import CatalogueItem

    migration = __import__(
        "gongkai.disclosure.migrations.0009_catalogue_bases_and_article_20_rows",
        fromlist=["update_catalogue"],
    )
    CatalogueItem.objects.create(code="03", name="法定主动公开内容")
    old = CatalogueItem.objects.create(
        code="05", name="排污许可", basis="《排污许可管理办法（试行）》《企业事业单位环境信息公开办法》"
    )
    CatalogueItem.objects.create(code="03.11", name="本局自己的收费栏目", basis="自定")
    migration.update_catalogue(global_apps, None)
    old.refresh_from_db()
    assert old.basis == "《排污许可管理条例》《排污许可管理办法》《企业环境信息依法披露管理办法》"
    codes = dict(CatalogueItem.objects.filter(code__startswith="03.").values_list("code", "name"))
    assert codes == {
        "03.09": "行政许可和管理服务事项",
        "03.10": "行政处罚和行政强制",
        "03.11": "本局自己的收费栏目",  # kept
        "03.12": "政府集中采购",
        "03.13": "公务员招考",
    }
