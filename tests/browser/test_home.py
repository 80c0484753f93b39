"""The home page in a real browser at 390 px: every card with real content, no sideways scroll, the
search box leads to the search results, and axe finds no serious or critical violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("module_demo")]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def transactional_db(module_demo):
    """Keep the module's shared demo site between tests (see conftest.module_demo)."""


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_the_home_page_at_390_px_is_accessible_and_fits(axe_page, axe_report, live_server, elder):
    page = axe_page
    if elder:
        page.context.add_cookies([{"name": "gk_elder", "value": "1", "url": live_server.url}])
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    latest = page.locator("#home-disclosure-latest")
    expect(latest.get_by_role("heading", name="最新主动公开")).to_be_visible()
    assert latest.locator("li a").count() >= 1
    air = page.locator("#home-air-now")
    expect(air.locator(".aqi")).to_contain_text("AQI")
    expect(air).to_contain_text("对健康影响情况")
    expect(air).to_contain_text("建议采取的措施")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the home page scrolls sideways at 390 px ({width} px)"
    report = axe_report(page)
    assert not report, report


def test_the_home_search_box_finds_documents(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    page.get_by_label("全站搜索").fill("环境")
    page.get_by_role("button", name="搜索", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/zdgk/search/?q=%E7%8E%AF%E5%A2%83")


@pytest.mark.parametrize("path", ["/xxgk/guide/", "/sitemap/"])
def test_the_guide_and_the_sitemap_page_at_390_px(axe_page, axe_report, live_server, path):
    page = axe_page
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} scrolls sideways at 390 px ({width} px)"
    report = axe_report(page)
    assert not report, report


def test_the_home_page_shows_dated_news_the_air_card_the_ways_in_and_every_apps_card(page, live_server):
    """Issue #12: 主动公开 and 通知公告 with dates, the air card with its data time, links to 依申请公开
    and the 指南, the feeds advertised in the head and visibly, and a card from each app's registry."""
    from gongkai.core import home

    keys = [card.key for card in home.cards()]
    page.goto(live_server.url + "/")
    # The test demo has no 通知公告 document (`gongkai demo` publishes some): every item shown is dated.
    for key, least in (("disclosure-latest", 3), ("disclosure-notices", 0)):
        items = page.locator(f"#home-{key} li:has(a)")
        assert items.count() >= least, key
        for item in items.all():
            expect(item.get_by_role("link")).to_have_attribute("href", re.compile(r"^/zdgk/wj/"))
            expect(item.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\d$"))
    expect(page.locator("#home-disclosure-notices h2")).to_have_text("通知公告")
    air = page.locator("#home-air-now")
    expect(air).to_contain_text("数据时间")
    expect(air.locator("time")).to_have_text(re.compile(r"^\d{4}-\d\d-\d\d \d\d:00$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="依申请公开").first).to_have_attribute("href", "/ysqgk/")
    expect(main.get_by_role("link", name="政府信息公开指南").first).to_have_attribute("href", "/xxgk/guide/")
    feeds = page.locator('head link[rel="alternate"]')
    assert feeds.count() >= 2
    expect(feeds.first).to_have_attribute("href", "/zdgk/rss/")
    expect(page.locator("#home-disclosure-latest").get_by_role("link", name="RSS")).to_be_visible()
    # Every card registered by the apps (water, penalties, EIA notices, messages…) has demo content.
    for key in ("water-month", "eia-open", "interaction", "licensing-latest", "enforcement-latest"):
        assert key in keys, key
        expect(page.locator(f"#home-{key}")).to_be_visible()
        assert page.locator(f"#home-{key} a").count() >= 1, key
