"""Signing in to the staff console (工作台) in a real browser: errors, per-role menus, logout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gongkai.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

from .conftest import SHOTS_DIR

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("module_demo")]


@pytest.fixture
def transactional_db(module_demo):
    """Keep the module's shared demo site between tests (see conftest.module_demo)."""


HOME_URL = re.compile(r"^http://[^/]+/$")  # the home page itself, not just any path ending in /

NARROW = {"width": 360, "height": 740}

# Written out by hand, not derived from gongkai.core.roles/menu: a permission that leaks into a
# role (or a menu entry registered with the wrong permission) fails here even though the menu
# still agrees with entries_for(). Update deliberately when an app adds a menu entry.
PERSONAL = {"core:staff_home", "core:password_change", "audit:mine"}
DISCLOSURE_READ = {"disclosure:staff_dashboard", "disclosure:staff_documents", "disclosure:staff_catalogue"}
APPLICATIONS_READ = {
    "applications:dashboard",
    "applications:cases",
    "applications:appeals",
    "applications:statistics",
}
SITECHECK_READ = {
    "sitecheck:overview",
    "sitecheck:findings",
    "sitecheck:weekly",
    "sitecheck:monthly",
    "sitecheck:piti",
}
SYSTEM = {
    "core:staff_users",
    "core:staff_organisation",
    "workcalendar:years",
}
EIA = {"eia:staff_projects", "eia:staff_comments"}
EXPECTED_MENUS = {
    # 系统管理员: everything to look at and the system itself, but no casework: no 拟稿, no
    # 登记申请, no 法律审查, no 审批签发, no 数据导入 (separation of duties).
    "admin": PERSONAL
    | SYSTEM
    | DISCLOSURE_READ
    | APPLICATIONS_READ
    | {
        "core:staff_pages",
        "disclosure:staff_timeliness",
        "disclosure:staff_figures",
        "disclosure:staff_import",
        "disclosure:staff_legacy_batches",  # the batches it imported (a reviewer publishes them)
        "air:staff_observations",
        "intake:tokens",
        "refdata:air-regions",  # 基础数据: sets up regions and stations
        "refdata:air-stations",
        "refdata:water-sections",  # and the surface-water sections
        "refdata:licensing-waste-categories",  # the 国家危险废物名录's categories
        "refdata:licensing-waste-codes",  # and codes
        "sources:staff_packets",  # HJ 212 receiver: received and refused packets
        "sources:staff_devices",  # and the data-logger registry
        "sources:staff_exceedances",  # and the exceedances found in online data (read only)
        "sources:staff_receiver_metrics",  # and the receivers' metrics
        "sources:staff_enterprises",  # pollution-source registry: enterprises, the 名录,
        "sources:staff_key_units",
        "refdata:sources-permits",  # and permits, outlets, limits, allowances as reference data
        "refdata:sources-outlets",
        "refdata:sources-limits",
        "refdata:sources-allowances",
        "refdata:sources-permit-applications",  # 排污许可申请公示 and their documents
        "refdata:sources-permit-application-documents",
        "refdata:sources-plan-items",  # 自行监测方案
        "refdata:water-sources",  # centralised drinking-water sources
        "annual:reports",  # reads the 年报
        "refdata:sitecheck-expressions",  # keeps the self-inspection's expressions list
        "refdata:interaction-sensitive-words",  # 互动交流: the sensitive-word list
        "interaction:staff_notifications",  # and the notifications sent (recipients masked)
        "interaction:staff_map_upload",  # the districts' GeoJSON for the 举报 map
    }
    | SITECHECK_READ,
    # 信息编辑: drafts and maintains 主动公开 content; nothing of 依申请公开 or the system.
    # Also enters EIA projects and notices (环评公示) and reads their comment log.
    "editor": PERSONAL
    | DISCLOSURE_READ
    | EIA
    | {"core:staff_pages", "disclosure:staff_document_new", "disclosure:staff_timeliness", "annual:reports"}
    | SITECHECK_READ
    # and 行政许可 双公示: 办件, licences and decisions, which the publishing office enters and publishes.
    | {"licensing:staff_decisions", "licensing:staff_licences", "licensing:staff_applications"}
    # 互动交流: moderates, routes and answers messages; consultations, press events, 舆情, new media.
    | {
        "interaction:staff_messages",
        "interaction:staff_consultations",
        "interaction:staff_press",
        "interaction:staff_opinions",
        "interaction:staff_publications",
        "interaction:staff_notifications",
        "interaction:staff_map",  # 举报 on the district map
        "refdata:interaction-sensitive-words",
    },
    # 保密审查员: reads what is to be published (and decides legacy batches); drafts nothing, manages
    # nothing; moderates the public's comments on EIA notices.
    "reviewer": PERSONAL | DISCLOSURE_READ | EIA | {"disclosure:staff_legacy_batches"},
    # 三员分立: the security administrator grants roles and lifts lockouts, the audit administrator
    # reads the audit log; neither sees any content or casework.
    "security": PERSONAL | {"core:staff_users", "core:staff_lockouts"},
    "auditor": PERSONAL | {"audit:list"},
}


def diff(shown: set[str], expected: set[str]) -> str:
    return f"unexpected: {sorted(shown - expected)}, missing: {sorted(expected - shown)}"


def staff_menu_entries(page) -> list[str]:
    menu = page.get_by_role("navigation", name="工作台菜单")
    return menu.locator("[data-menu]").evaluate_all("links => links.map(link => link.dataset.menu)")


def test_wrong_password_shows_the_chinese_error(page, login):
    login(page, "editor", "not-the-password-1A")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确。连续输错5次，账号将被锁定15分钟。")
    expect(page.get_by_label("用户名")).to_have_value("editor")
    expect(page.get_by_label("密码")).to_have_value("")  # never echoed back


def test_each_role_signs_in_and_sees_exactly_its_own_menu(page, login, subtests):
    """One subtest per demo account (one test, so the database is set up once for all ten)."""
    from gongkai.core.menu import entries_for
    from gongkai.core.models import User

    for account in DEMO_ACCOUNTS:
        with subtests.test(msg=account.username):
            page.context.clear_cookies()  # signed out, as a fresh visitor
            login(page, account.username)
            expect(page).to_have_url(re.compile(r"/staff/$"))
            expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
            expect(page.locator(".staff-user")).to_have_text(f"{account.full_name}（{account.username}）")
            expect(page.get_by_role("main").locator(".tag")).to_have_text([account.role_label])

            shown = staff_menu_entries(page)
            assert len(shown) == len(set(shown)), f"duplicate menu entries: {shown}"
            user = User.objects.get(username=account.username)
            derived = {entry.url_name for entry in entries_for(user)}
            assert set(shown) == derived, f"menu ≠ entries_for(): {diff(set(shown), derived)}"
            if account.username in EXPECTED_MENUS:
                expected = EXPECTED_MENUS[account.username]
                assert set(shown) == expected, f"menu ≠ EXPECTED_MENUS: {diff(set(shown), expected)}"

            # Every entry the menu offers must open for this role (no 403 behind a menu link).
            for link in page.get_by_role("navigation", name="工作台菜单").locator("[data-menu]").all():
                href = link.get_attribute("href")
                status = page.request.get(href).status
                assert status == 200, f"{account.username}: {href} answered {status}"


def test_staff_menu_shows_each_section_once(page, login):
    login(page, "admin")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    sections = page.get_by_role("navigation", name="工作台菜单").get_by_role("heading").all_inner_texts()
    repeated = sorted({section for section in sections if sections.count(section) > 1})
    assert not repeated, f"sections shown more than once: {repeated} (menu: {sections})"


def test_staff_page_needs_login_then_returns_there(page, login):
    page.goto("/staff/pages/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/staff/pages/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("工作人员登录")

    page.get_by_label("用户名").fill("editor")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/staff/pages/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("栏目页面")


def test_role_without_permission_gets_403_not_the_page(page, login):
    login(page, "reviewer")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    response = page.goto("/staff/users/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("您没有访问此页面的权限")
    expect(page.get_by_role("navigation", name="工作台菜单")).to_have_count(0)


def test_logout_ends_the_session(page, login):
    login(page, "editor")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(HOME_URL)
    expect(page.get_by_role("link", name="工作台")).to_have_count(0)

    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/staff/$"))


def test_staff_pages_do_not_overflow_horizontally_at_360_px(page, login):
    """Wide tables scroll inside their own box (.table-wrap) rather than widening the page."""
    login(page, "admin")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.set_viewport_size(NARROW)
    for path in ("/staff/", "/staff/users/", "/staff/pages/", "/staff/calendar/"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{path} is {width} px wide at 360 px"


def test_screenshots_of_the_staff_console(page, login):
    """Not an assertion of looks: the pictures are for a person to inspect (/tmp/gongkai-shots)."""
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    login(page, "admin")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.screenshot(path=str(SHOTS_DIR / "staff-home.png"), full_page=True)
    page.goto("/staff/users/")
    page.screenshot(path=str(SHOTS_DIR / "staff-users.png"), full_page=True)
    page.goto("/staff/refdata/air-stations/new/")
    page.get_by_role("button", name="保存").click()  # empty: every required field says so in Chinese
    page.screenshot(path=str(SHOTS_DIR / "staff-refdata-station-errors.png"), full_page=True)
    page.context.clear_cookies()
    login(page, "leader")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.screenshot(path=str(SHOTS_DIR / "staff-home-leader.png"), full_page=True)
    page.set_viewport_size(NARROW)
    page.goto("/staff/users/")
    page.screenshot(path=str(SHOTS_DIR / "staff-users-360.png"), full_page=True)
