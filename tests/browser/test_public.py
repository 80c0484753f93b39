"""The public site in a real browser: shell, navigation, small screens, 适老化 and the language switch."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from .conftest import SHOTS_DIR

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("module_demo")]


@pytest.fixture
def transactional_db(module_demo):
    """Keep the module's shared demo site between tests (see conftest.module_demo)."""


HOME_URL = re.compile(r"^http://[^/]+/$")  # the home page itself, not just any path ending in /

BUREAU = "示例市生态环境局"
ENGLISH_MO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.mo"
NARROW = {"width": 360, "height": 740}


def main_nav(page):
    return page.get_by_role("navigation", name="主导航")


# Text that 适老化 must enlarge, on a page detail (/xxgk/guide/).
TEXT_PARTS = {
    "body": "body",
    "navigation": ".main-nav a",
    "breadcrumb": ".breadcrumb",
    "article text": ".article-body p",
    "article date": ".article .meta",
    "footer": ".site-footer p",
}


def font_sizes(page) -> dict[str, float]:
    return {
        part: page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        for part, selector in TEXT_PARTS.items()
    }


def test_home_page_shows_the_bureau_navigation_and_footer(page):
    response = page.goto("/")
    assert response.status == 200
    expect(page).to_have_title(BUREAU)
    expect(page.get_by_role("banner").get_by_role("link", name=BUREAU)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(BUREAU)

    nav = main_nav(page)
    expect(nav.get_by_role("link", name="首页")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="政府信息公开")).to_be_visible()

    footer = page.get_by_role("contentinfo")
    expect(footer).to_contain_text(f"主办单位：{BUREAU}")
    expect(footer).to_contain_text("网站标识码：9901000001")
    icp = footer.get_by_role("link", name="示ICP备00000000号")
    expect(icp).to_have_attribute("href", "https://beian.miit.gov.cn/")
    expect(footer.get_by_role("link", name="工作人员登录")).to_be_visible()


def test_disclosure_column_and_guide_open_from_the_navigation(page):
    page.goto("/")
    main_nav(page).get_by_role("link", name="政府信息公开").click()
    expect(page).to_have_url(re.compile(r"/xxgk/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开")
    expect(page).to_have_title(f"政府信息公开 - {BUREAU}")

    page.get_by_role("main").get_by_role("link", name="政府信息公开指南").click()
    expect(page).to_have_url(re.compile(r"/xxgk/guide/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开指南")
    expect(page.get_by_role("heading", name="二、依申请公开")).to_be_visible()
    breadcrumb = page.get_by_role("navigation", name="当前位置")
    expect(breadcrumb.get_by_role("link", name="政府信息公开")).to_have_attribute("href", "/xxgk/")


def test_unknown_address_shows_the_chinese_404_page(page):
    response = page.goto("/xxgk/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("抱歉，您访问的页面不存在")
    page.get_by_role("link", name="返回首页").click()
    expect(page).to_have_url(HOME_URL)


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_nothing_overflows_horizontally_at_360_px(page, live_server, elder):
    if elder:  # 适老化 enlarges everything: the likeliest layout to overflow
        page.context.add_cookies([{"name": "gk_elder", "value": "1", "url": live_server.url}])
    page.set_viewport_size(NARROW)
    # One page of each public kind: home, columns, catalogue lists with their tree, search, data pages.
    paths = (
        "/",
        "/xxgk/",
        "/xxgk/guide/",
        "/accounts/login/",
        "/xxgk/no-such-page/",
        "/zdgk/",
        "/zdgk/list/",
    )
    paths += ("/zdgk/search/?q=环评", "/ysqgk/", "/air/", "/air/map/", "/air/methodology/")
    paths += ("/air/statistics/", "/eia/", "/enforcement/", "/hudong/", "/sitemap/")
    for path in paths:
        page.goto(path)
        assert ("elder" in page.locator("body").get_attribute("class").split()) is elder
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth,"
            " wide: [...document.querySelectorAll('body *')]"
            "  .filter(e => e.getBoundingClientRect().right > 360.5)"
            "  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')).slice(0, 10)})"
        )
        assert widths["scroll"] <= NARROW["width"], f"{path} overflows at 360 px: {widths}"


def test_elder_mode_switches_to_large_type_and_back(page):
    page.goto("/xxgk/guide/")
    body = page.locator("body")
    expect(body).not_to_have_class(re.compile(r"\belder\b"))
    standard = font_sizes(page)

    page.get_by_role("button", name="适老化（大字体高对比）").click()
    expect(page).to_have_url(re.compile(r"/xxgk/guide/$"))  # stays on the same page
    expect(body).to_have_class(re.compile(r"\belder\b"))
    elder = font_sizes(page)
    smaller = {part: (standard[part], elder[part]) for part in standard if elder[part] <= standard[part]}
    assert not smaller, f"适老化 did not enlarge (standard px, elder px): {smaller}"
    expect(page.get_by_role("button", name="标准版")).to_have_attribute("aria-pressed", "true")

    page.goto("/")  # remembered across pages (cookie)
    expect(body).to_have_class(re.compile(r"\belder\b"))

    page.get_by_role("button", name="标准版").click()
    expect(body).not_to_have_class(re.compile(r"\belder\b"))
    page.goto("/xxgk/guide/")
    assert font_sizes(page) == standard
    expect(page.get_by_role("button", name="适老化（大字体高对比）")).to_have_attribute(
        "aria-pressed", "false"
    )


def test_language_switch_sets_html_lang_and_switches_back(page):
    html = page.locator("html")
    page.goto("/xxgk/guide/")
    expect(html).to_have_attribute("lang", "zh-CN")

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/xxgk/guide/$"))
    expect(html).to_have_attribute("lang", "en")

    page.get_by_role("button", name="简体中文").click()
    expect(page).to_have_url(re.compile(r"/xxgk/guide/$"))
    expect(html).to_have_attribute("lang", "zh-CN")
    expect(main_nav(page).get_by_role("link").first).to_have_text("首页")


@pytest.mark.skipif(
    not ENGLISH_MO.exists(),
    reason=f"English translations are not compiled ({ENGLISH_MO.relative_to(settings.BASE_DIR.parent)} "
    "is missing; run `django-admin compilemessages`)",
)
def test_english_switch_shows_english_navigation(page):
    with translation.override("en"):
        english = {chinese: translation.gettext(chinese) for chinese in ("首页", "政府信息公开")}
    untranslated = [chinese for chinese, text in english.items() if text == chinese]
    assert not untranslated, f"the English catalogue has no translation for {untranslated}"

    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.locator("nav.main-nav")  # its aria-label is translated too
    expect(nav.get_by_role("link", name=english["首页"], exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name=english["政府信息公开"], exact=True)).to_be_visible()

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(main_nav(page).get_by_role("link", name="首页", exact=True)).to_be_visible()
    expect(main_nav(page).get_by_role("link", name="政府信息公开", exact=True)).to_be_visible()


def test_screenshots_of_the_home_page(page):
    """Not an assertion of looks: the pictures are for a person to inspect (/tmp/gongkai-shots)."""
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.goto("/")
    page.screenshot(path=str(SHOTS_DIR / "home-desktop.png"), full_page=True)
    page.set_viewport_size(NARROW)
    page.goto("/")
    page.screenshot(path=str(SHOTS_DIR / "home-360.png"), full_page=True)
    page.goto("/xxgk/guide/")
    page.screenshot(path=str(SHOTS_DIR / "guide-360.png"), full_page=True)
    page.get_by_role("button", name="适老化（大字体高对比）").click()
    expect(page.locator("body")).to_have_class(re.compile(r"\belder\b"))
    page.screenshot(path=str(SHOTS_DIR / "guide-360-elder.png"), full_page=True)
