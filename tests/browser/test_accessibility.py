"""axe-core on every public page type and on the staff console: no serious or critical violations.

No axe rule is disabled: the defects these checks found were fixed in the templates and site.css."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("module_demo")]


@pytest.fixture
def transactional_db(module_demo):
    """Keep the module's shared demo site between tests (see conftest.module_demo)."""


PUBLIC_PAGES = {
    "home": ("/", 200),
    "disclosure-index": ("/xxgk/", 200),
    "page-detail": ("/xxgk/guide/", 200),
    "not-found": ("/xxgk/no-such-page/", 404),
    "login": ("/accounts/login/", 200),
}
STAFF_PAGES = {
    "staff-home": "/staff/",
    "calendar-grid": "/staff/calendar/2026/grid/",
    "user-list": "/staff/users/",
    "page-list": "/staff/pages/",
    "refdata-list": "/staff/refdata/air-stations/",
    "refdata-form": "/staff/refdata/air-stations/new/",
    "hj212-packets": "/staff/hj212/packets/",
    "hj212-device-form": "/staff/hj212/devices/new/",
}


def check_pages(page, axe_report, pages: dict[str, tuple[str, int]]) -> None:
    """Visit every page, run axe on each, and fail once with the reports of all that failed."""
    reports = []
    for name, (path, status) in pages.items():
        response = page.goto(path)
        assert response.status == status, f"{name}: {path} answered {response.status}"
        report = axe_report(page)
        if report:
            reports.append(f"[{name}] {report}")
    assert not reports, "\n\n".join(reports)


def test_the_checker_itself_reports_a_planted_violation(axe_page, axe_report):
    """Guards against a silently broken setup (axe not loaded, wrong tags): plant two defects."""
    axe_page.goto("/xxgk/")
    axe_page.evaluate(
        """() => {
            document.querySelector("h1").style.color = "#ddd";
            document.querySelector("main").append(Object.assign(new Image(), {src: "data:,"}));
        }"""
    )
    report = axe_report(axe_page)
    assert "color-contrast" in report
    assert "image-alt" in report


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_public_pages_have_no_serious_accessibility_violations(axe_page, axe_report, live_server, elder):
    if elder:  # 适老化 has its own colours: check their contrast too
        axe_page.context.add_cookies([{"name": "gk_elder", "value": "1", "url": live_server.url}])
    check_pages(axe_page, axe_report, PUBLIC_PAGES)


def test_login_form_showing_an_error_has_no_serious_accessibility_violations(axe_page, axe_report, login):
    login(axe_page, "editor", "not-the-password-1A")
    expect(axe_page.get_by_role("alert")).to_be_visible()
    report = axe_report(axe_page)
    assert not report, report


def test_staff_console_has_no_serious_accessibility_violations(axe_page, axe_report, login):
    login(axe_page, "admin")
    expect(axe_page).to_have_url(re.compile(r"/staff/$"))
    check_pages(axe_page, axe_report, {name: (path, 200) for name, path in STAFF_PAGES.items()})
    axe_page.context.clear_cookies()  # the audit log is the audit administrator's (三员分立)
    login(axe_page, "auditor")
    expect(axe_page).to_have_url(re.compile(r"/staff/$"))
    check_pages(axe_page, axe_report, {"audit-list": ("/staff/audit/", 200)})


def test_keyboard_users_can_skip_to_the_main_content(page):
    page.goto("/xxgk/guide/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # hidden off-screen until focused
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_form_help_text_is_announced_with_its_field(page, login):
    """Django points aria-describedby at "<id>_helptext"; the form template must use that id
    (axe only lists a dangling reference as "needs review", so it is checked here)."""
    login(page, "editor")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.goto("/accounts/password/")
    new_password = page.get_by_label(re.compile(r"^新密码"))  # not 确认新密码
    expect(new_password).to_have_accessible_description(re.compile(r"^至少10位"))
