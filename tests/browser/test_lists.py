"""Declared lists in a real browser: a filter change reloads only the table (htmx) under the site's
CSP, the address keeps the filter, the table scrolls inside its region at 360 px, and axe finds no
serious violation on the list pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import check_pages

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("module_demo")]

LIST_PAGES = {
    "users": ("/staff/users/", 200),
    "cases": ("/staff/applications/", 200),
    "appeals": ("/staff/applications/appeals/", 200),
    "staff-documents": ("/staff/disclosure/documents/", 200),
    "observations": ("/staff/air/observations/", 200),
    "public-documents": ("/zdgk/list/", 200),
    "air-history": ("/air/history/", 200),
}


@pytest.fixture
def transactional_db(module_demo):
    """Keep the module's shared demo site between tests (see conftest.module_demo)."""


def test_a_filter_change_swaps_only_the_table(page, login):
    login(page, "admin")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.goto("/staff/users/")
    page.evaluate("window.__notReloaded = true")
    before = page.locator("#list-core-users tbody tr").count()
    page.get_by_label("状态").select_option("0")  # 停用: the demo has none or few
    expect(page).to_have_url(re.compile(r"active=0"))
    expect(page.locator("#list-core-users tbody tr")).not_to_have_count(before)
    assert page.evaluate("window.__notReloaded === true"), "the whole page was reloaded"
    assert page.locator("#list-core-users").count() == 1
    export = page.get_by_role("link", name="Excel")
    assert "active=0" in export.get_attribute("href") and "export=xlsx" in export.get_attribute("href")


def test_the_table_scrolls_inside_its_region_on_a_phone(page, login):
    login(page, "admin")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/staff/applications/")
    widths = page.evaluate(
        """() => ({page: document.documentElement.scrollWidth,
                  region: document.querySelector('#list-applications-cases .table-wrap').clientWidth})"""
    )
    assert widths["page"] <= 360 + 1
    assert widths["region"] <= 360


def test_list_pages_have_no_serious_accessibility_violations(axe_page, axe_report, login):
    login(axe_page, "admin")
    expect(axe_page).to_have_url(re.compile(r"/staff/$"))
    check_pages(axe_page, axe_report, LIST_PAGES)
    axe_page.context.clear_cookies()  # the audit log is the audit administrator's (三员分立)
    login(axe_page, "auditor")
    expect(axe_page).to_have_url(re.compile(r"/staff/$"))
    check_pages(axe_page, axe_report, {"audit": ("/staff/audit/", 200)})
