"""The 年历 (year grid) in a real browser: an administrator enters a whole year's 放假 and 调休 by
clicking ranges on the grid, previews and saves each, and the 工作日计算器 then counts with them.

The year entered is 2026 as the chinese-calendar package has it (the State Council's notice for
2026, regulations.md §10), removed first so that it is entered through the grid."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "Huanbao#2026ok"
NARROW = {"width": 360, "height": 740}


@pytest.fixture
def calendar_admin(transactional_db, fast_password_hashing):
    from gongkai.core import services

    return services.create_user(
        actor=None,
        username="caladmin",
        password=PASSWORD,
        roles=["administrator"],
        must_change_password=False,
    )


def ranges(days):
    """Consecutive days of one kind and name, as (first, last, kind, name)."""
    out = []
    for special in days:
        last = out[-1] if out else None
        if (
            last
            and last[2] == special.kind
            and last[3] == special.name
            and last[1] + timedelta(1) == special.day
        ):
            out[-1] = (last[0], special.day, last[2], last[3])
        else:
            out.append((special.day, special.day, special.kind, special.name))
    return out


def test_a_whole_year_is_entered_through_the_grid_and_the_calculator_honours_it(page, login, calendar_admin):
    from gongkai.workcalendar import seed, services
    from gongkai.workcalendar.queries import get_calendar
    from gongkai.workcalendar.workdays import DayKind, WorkdayCalendar

    notice = seed.package_years()[2026]
    services.delete_year(actor=None, year=2026)
    login(page, "caladmin", PASSWORD)
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.goto("/staff/calendar/2026/grid/")
    expect(page.get_by_role("status").first).to_contain_text("2026年尚未录入")
    expect(page.locator("table.month-grid")).to_have_count(12)

    for first, last, kind, name in ranges(notice):
        page.locator(f'td[data-day="{first:%Y-%m-%d}"]').click()
        if last != first:
            page.locator(f'td[data-day="{last:%Y-%m-%d}"]').click()
        expect(page.get_by_label("开始日期")).to_have_value(f"{first:%Y-%m-%d}")
        label = "放假" if kind is DayKind.HOLIDAY else "调休上班（仅周六、周日）"
        page.get_by_label(label, exact=True).check()
        page.get_by_label("节日名称").fill(name)
        page.get_by_role("button", name="预览影响").click()
        preview = page.locator(".calendar-preview")
        expect(preview).to_contain_text("个未结事项的期限改变")
        css = "cal-holiday" if kind is DayKind.HOLIDAY else "cal-workday"
        expect(page.locator(f'td[data-day="{last:%Y-%m-%d}"]')).to_have_class(re.compile(css))
        preview.get_by_role("button", name="确认保存").click()
        expect(page.get_by_role("status").first).to_contain_text("2026年工作日历已保存")

    expected = WorkdayCalendar([2026], notice)
    saved = get_calendar()
    assert [(s.day, s.kind, s.name) for s in saved.special_days() if s.day.year == 2026] == [
        (s.day, s.kind, s.name) for s in notice
    ]
    expect(page.locator('td[data-day="2026-10-01"] .cal-name')).to_have_attribute(
        "title", notice_name(notice, "2026-10-01")
    )

    page.goto("/staff/calendar/")
    expect(page.get_by_label("起算日")).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))  # today, not empty
    weekends_only = WorkdayCalendar([2026])
    # after National Day's eve; the Friday before a 调休 Saturday; that Saturday, before the Spring Festival
    for start in (date(2026, 9, 30), date(2026, 2, 13), date(2026, 2, 14)):
        page.get_by_label("起算日").fill(f"{start:%Y-%m-%d}")
        page.get_by_label("工作日数").fill("1")
        page.get_by_role("button", name="计算").click()
        day = expected.add_workdays(start, 1)
        assert day != weekends_only.add_workdays(start, 1)  # the notice makes the difference
        expect(page.locator(".result")).to_contain_text(f"{day.year}年{day.month}月{day.day}日")


def notice_name(notice, day: str) -> str:
    return next(s.name for s in notice if f"{s.day:%Y-%m-%d}" == day)


def test_the_grid_wraps_to_one_column_on_a_narrow_screen(page, login, calendar_admin):
    page.set_viewport_size(NARROW)
    login(page, "caladmin", PASSWORD)
    page.goto("/staff/calendar/2026/grid/")
    expect(page.locator("table.month-grid").first).to_be_visible()
    columns = page.locator(".year-grid").evaluate(
        "grid => getComputedStyle(grid).gridTemplateColumns.split(' ').length"
    )
    assert columns == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
