"""The pollution-source registry in a real browser on the demo site: the key-units list (filters, year
switch, changes against the previous year, export links) and an enterprise's facility page reached by
search (permit, outlets with limits and their averaging period, monitoring with exceedance), both
passing axe-core with the CSP enforced and not overflowing at 360 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("module_demo")]

NARROW = {"width": 360, "height": 740}


@pytest.fixture
def transactional_db(module_demo):
    """Keep the module's shared demo site between tests (see conftest.module_demo)."""


def overflow(page) -> dict:
    return page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " wide: [...document.querySelectorAll('body *')]"
        "  .filter(e => !e.closest('.table-wrap') && e.getBoundingClientRect().right > 360.5)"
        "  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')).slice(0, 10)})"
    )


def test_key_units_list_filters_years_and_changes(axe_page, axe_report):
    page = axe_page
    page.goto("/sources/key-units/")
    expect(page.get_by_role("heading", level=1)).to_have_text("2026年环境监管重点单位名录")
    table = page.locator("#list-sources-key-units table")
    expect(table.locator("tbody tr").first).to_be_visible()
    changes = page.locator("#key-unit-changes")
    expect(changes.get_by_role("heading", name="与2025年名录相比的变化")).to_be_visible()
    expect(changes.get_by_role("heading", name="新增")).to_be_visible()
    expect(changes.get_by_role("heading", name="移出")).to_be_visible()
    assert not axe_report(page), axe_report(page)

    filters = page.get_by_role("search", name="筛选")
    filters.locator("select[name=category]").select_option(label="水环境")
    filters.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"category=water"))
    categories = table.locator("tbody tr td:nth-child(2)")
    expect(categories.first).to_have_text("水环境")
    assert set(categories.all_inner_texts()) == {"水环境"}

    page.goto("/sources/key-units/?year=2025")
    expect(page.get_by_role("heading", level=1)).to_have_text("2025年环境监管重点单位名录")
    expect(page.locator("#key-unit-changes")).to_contain_text("没有上一年的名录可供比较")
    export = page.get_by_role("link", name=re.compile("CSV"))
    expect(export.first).to_have_attribute("href", re.compile(r"export=csv"))

    page.set_viewport_size(NARROW)
    page.goto("/sources/key-units/")
    widths = overflow(page)
    assert widths["scroll"] <= NARROW["width"], widths


def test_facility_page_found_by_search(axe_page, axe_report):
    page = axe_page
    page.goto("/sources/")
    filters = page.get_by_role("search", name="筛选")
    filters.get_by_label("名称或代码").fill("城东污水")
    filters.get_by_role("button", name="筛选").click()
    page.get_by_role("link", name="示例市城东污水处理厂").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("示例市城东污水处理厂")
    expect(page.locator("#facility-facts")).to_contain_text("统一社会信用代码")
    for heading in ("重点单位名录", "排污许可", "排放口及许可排放限值", "监测结果"):
        expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()
    limits = page.locator(".outlet-limits").first
    expect(limits).to_contain_text("化学需氧量")
    expect(limits).to_contain_text("日均值浓度")
    expect(limits).to_contain_text("GB 18918-2002")
    results = page.locator(".facility-results")
    expect(results).to_contain_text("监督性监测")
    expect(results.locator(".compliant, .exceeded, .not-judged").first).to_be_visible()
    permit_link = page.locator("#section-sourcespermits h3 a")
    expect(permit_link).to_have_attribute("href", re.compile(r"^https://permit\.mee\.gov\.cn/"))
    assert not axe_report(page), axe_report(page)

    page.set_viewport_size(NARROW)
    page.reload()
    widths = overflow(page)
    assert widths["scroll"] <= NARROW["width"], widths


def test_monitoring_list_shows_exceedances_only_when_asked(page):
    page.goto("/sources/monitoring/?exceeded=1")
    rows = page.locator("#list-sources-monitoring tbody tr")
    expect(rows.first).to_contain_text("超标")
    assert all("超标" in text for text in rows.all_inner_texts())


def test_the_registry_lists_fit_360_px(page):
    page.set_viewport_size(NARROW)
    for path in ("/sources/", "/sources/permits/", "/sources/monitoring/", "/sources/validity-audits/"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        widths = overflow(page)
        assert widths["scroll"] <= NARROW["width"], f"{path}: {widths}"


def test_permit_applications_list_filter_and_detail(axe_page, axe_report):
    page = axe_page
    page.goto("/sources/permit-applications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("排污许可申请公示")
    table = page.locator("#list-sources-permit-applications table")
    expect(table.locator("tbody tr")).to_have_count(4)
    assert not axe_report(page), axe_report(page)

    filters = page.get_by_role("search", name="筛选")
    filters.locator("select[name=publicity]").select_option(label="公示中")
    filters.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"publicity=open"))
    expect(table.locator("tbody tr")).to_have_count(2)
    assert set(table.locator("tbody tr td:nth-child(7)").all_inner_texts()) == {"公示中"}

    table.locator("tbody tr").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("排污许可申请公示")
    facts = page.locator("#application-facts")
    expect(facts).to_contain_text("公示期")
    expect(facts.locator(".publicity-state")).to_have_text("公示中")
    expect(page.locator(".application-documents a")).to_have_count(2)
    assert not axe_report(page), axe_report(page)

    page.set_viewport_size(NARROW)
    page.reload()
    widths = overflow(page)
    assert widths["scroll"] <= NARROW["width"], widths


def test_facility_page_shows_the_self_monitoring_plan_and_outlet_results(axe_page, axe_report):
    page = axe_page
    page.goto("/sources/?q=城东污水")
    page.get_by_role("link", name="示例市城东污水处理厂").click()
    expect(page.get_by_role("heading", level=2, name="自行监测方案")).to_be_visible()
    plan = page.locator(".facility-plan")
    expect(plan).to_contain_text("化学需氧量")
    expect(plan).to_contain_text("每月")
    expect(plan).to_contain_text("自动监测，见自动监控数据")
    expect(plan.locator(".compliant, .exceeded, .not-judged").first).to_be_visible()
    assert not axe_report(page), axe_report(page)

    page.get_by_role("link", name="DW001的监测结果").click()
    expect(page).to_have_url(re.compile(r"outlet=DW001"))
    rows = page.locator("#list-sources-monitoring tbody tr")
    expect(rows.first).to_be_visible()
    outlets = page.locator("#list-sources-monitoring tbody tr td:nth-child(4)").all_inner_texts()
    assert outlets and all(text.startswith("DW001") for text in outlets), outlets
    names = set(page.locator("#list-sources-monitoring tbody tr td:nth-child(3)").all_inner_texts())
    assert names == {"示例市城东污水处理厂"}, names
