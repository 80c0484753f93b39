"""Enforcement disclosure in a real browser (CSP enforced, axe-core): the officer's to-do cards, a penalty
decision entered and published within its 7-working-day deadline and read on the public site (also at
360 px), and a 双随机 draw page with its commitment, revealed seed and the commands to re-run it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS_DIR

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]
PHONE = {"width": 360, "height": 740}


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page scrolls sideways: {width}px"


def test_officer_cards_and_a_penalty_from_entry_to_publication(page, login, axe_page, axe_report):
    login(page, "enforcer")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    card = page.locator('[data-card="enforcement.unpublished"]')
    expect(card).to_be_visible()
    expect(card).to_contain_text("待公示的决定")
    expect(page.locator('[data-card="enforcement.overdue_publication"]')).to_be_visible()
    page.screenshot(path=str(SHOTS_DIR / "enforcement-cards.png"), full_page=True)

    page.goto("/staff/enforcement/decisions/new/")
    page.get_by_label("行政相对人类别").select_option("organisation")
    page.get_by_label("行政相对人名称").fill("示例市浏览器测试化工有限公司")
    page.locator("#id_credit_code").fill("91330100MA2AB1C2DD")
    page.get_by_label("违法行为类型").fill("超标排放大气污染物")
    page.get_by_label("违法事实").fill("在线监测数据显示该公司锅炉烟气二氧化硫排放浓度超标。")
    page.get_by_label("处罚依据").fill("《中华人民共和国大气污染防治法》第九十九条第（二）项")
    page.get_by_label("处罚类别").select_option("罚款")
    page.get_by_label("处罚内容").fill("罚款人民币二十万元")
    page.get_by_label("罚款金额（万元）").fill("20")
    page.get_by_label("决定日期").fill("2026-11-30")
    page.locator("#id_authority").fill("示例市生态环境局")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已录入决定")
    expect(page.locator("#decision-status")).to_contain_text("公示期限2026-12-09")
    page.get_by_role("button", name="公示").click()
    expect(page.get_by_role("status")).to_contain_text("已公示")
    page.get_by_role("link", name="公开页面").click()
    public_url = page.url

    axe_page.goto(public_url)
    expect(axe_page.locator("#decision")).to_contain_text("示例市浏览器测试化工有限公司")
    expect(axe_page.locator("#decision")).to_contain_text("20")
    report = axe_report(axe_page)
    assert not report, report
    axe_page.goto("/enforcement/decisions/")
    expect(axe_page.get_by_role("link", name=re.compile("环罚〔2026〕"))).not_to_have_count(0)
    withdrawn = axe_page.locator("tr", has_text="已撤回")
    report = axe_report(axe_page)
    assert not report, report

    page.set_viewport_size(PHONE)
    page.goto(public_url)
    no_sideways_scroll(page)
    page.goto("/enforcement/decisions/")
    no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS_DIR / "enforcement-decisions-narrow.png"), full_page=True)
    assert withdrawn is not None


def test_a_draw_page_shows_commitment_seed_and_how_to_rerun(page, axe_page, axe_report):
    axe_page.goto("/enforcement/inspections/")
    axe_page.locator("#plans a").first.click()
    expect(axe_page.locator("#seed-commitment")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    seed = axe_page.locator("#seed-hex").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", seed)
    expect(axe_page.locator("#verification")).to_contain_text("结果一致")
    expect(axe_page.locator("#rerun")).to_contain_text("gongkai inspections draw --pool")
    expect(axe_page.locator("#rerun")).to_contain_text(seed)
    expect(axe_page.locator("#drawn table").first.locator("tbody tr")).not_to_have_count(0)
    report = axe_report(axe_page)
    assert not report, report
    page.set_viewport_size(PHONE)
    page.goto(axe_page.url)
    no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS_DIR / "enforcement-draw-narrow.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("#commitment a", has_text="下载名录").first.click()
    assert download.value.suggested_filename.endswith("-pool.csv")


def test_public_lists_on_a_phone(page):
    page.set_viewport_size(PHONE)
    for path in (
        "/enforcement/",
        "/enforcement/listed/",
        "/enforcement/rectification/",
        "/enforcement/inspections/",
    ):
        page.goto(path)
        no_sideways_scroll(page)
    page.goto("/enforcement/rectification/")
    page.locator("main a", has_text="督察").first.click()
    expect(page.locator("#totals")).to_contain_text("逾期")
    no_sideways_scroll(page)


def test_officer_console_pages_pass_axe(axe_page, axe_report, login):
    login(axe_page, "enforcer")
    expect(axe_page).to_have_url(re.compile(r"/staff/$"))
    for path in (
        "/staff/enforcement/decisions/",
        "/staff/enforcement/decisions/new/?category=coercion",
        "/staff/enforcement/inspections/",
        "/staff/enforcement/conflicts/",
        "/staff/enforcement/listed/",
        "/staff/enforcement/rectification/",
    ):
        axe_page.goto(path)
        report = axe_report(axe_page)
        assert not report, f"{path}: {report}"
    axe_page.goto("/staff/enforcement/inspections/")
    axe_page.locator("table a").first.click()
    expect(axe_page.locator("#plan-status")).to_be_visible()
    report = axe_report(axe_page)
    assert not report, report
    axe_page.goto("/staff/enforcement/rectification/")
    axe_page.get_by_role("link", name=re.compile("督察反馈意见整改")).first.click()
    expect(axe_page.locator("#totals")).to_be_visible()
    report = axe_report(axe_page)
    assert not report, report
