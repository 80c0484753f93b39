"""Every public page type, in the three ways citizens see the site: the standard pages, 适老化 (large
type, high contrast) and the English interface. On a 390 px phone each page answers, axe-core finds no
serious or critical violation, nothing scrolls sideways, every table wider than the screen scrolls in
a keyboard-focusable, labelled region and no table column shrinks to one character per line.

One browser page walks one demo site (module_demo) per mode; the detail pages are the first of their
kind linked from their list page, so the walk follows the demo data. The coverage test makes a new
public URL fail until it is walked here (or named in NOT_PAGES with its reason).

Also here: the site-wide search (索引号 and 文号 open their document; a section's name offers the
section first; filters and highlighted snippets)."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("module_demo")]


@pytest.fixture
def transactional_db(module_demo):
    """Keep the module's shared demo site between tests (see conftest.module_demo)."""


PHONE = {"width": 390, "height": 844}

# One page of each public kind that has a fixed address: (path, expected status).
PAGES = {
    "home": "/",
    "column": "/xxgk/",
    "guide": "/xxgk/guide/",
    "sitemap": "/sitemap/",
    "login": "/accounts/login/",
    "disclosure": "/zdgk/",
    "disclosure-list": "/zdgk/list/",
    "search": "/zdgk/search/?q=环境",
    "application-guide": "/ysqgk/",
    "application-form": "/ysqgk/apply/",
    "application-status": "/ysqgk/status/",
    "application-statistics": "/ysqgk/statistics/",
    "air-realtime": "/air/",
    "air-daily": "/air/daily/",
    "air-history": "/air/history/",
    "air-statistics": "/air/statistics/",
    "air-map": "/air/map/",
    "air-methodology": "/air/methodology/",
    "water-monthly": "/water/",
    "water-sources": "/water/sources/",
    "water-annual": "/water/annual/",
    "water-history": "/water/history/",
    "enterprises": "/sources/",
    "key-units": "/sources/key-units/",
    "permits": "/sources/permits/",
    "permit-applications": "/sources/permit-applications/",
    "monitoring": "/sources/monitoring/",
    "validity-audits": "/sources/validity-audits/",
    "online-exceedances": "/sources/online/exceedances/",
    "online-completeness": "/sources/online/completeness/",
    "enforcement": "/enforcement/",
    "penalties": "/enforcement/decisions/",
    "inspections": "/enforcement/inspections/",
    "listed-cases": "/enforcement/listed/",
    "rectifications": "/enforcement/rectification/",
    "rectification-problems": "/enforcement/rectification/problems/",
    "licensing": "/licensing/",
    "licences": "/licensing/licences/",
    "licence-lookup": "/licensing/lookup/",
    "disclosure-obligations": "/licensing/disclosure/",
    "disclosure-reports": "/licensing/disclosure/reports/",
    "eia": "/eia/",
    "interaction": "/hudong/",
    "message-form": "/hudong/write/",
    "message-status": "/hudong/status/",
    "messages": "/hudong/qa/",
    "consultations": "/hudong/consultations/",
    "press": "/hudong/press/",
    "new-media": "/hudong/feed/",
}
NOT_FOUND = "/xxgk/no-such-page/"

# Detail pages: the first link on the list page whose path matches.
DETAILS = {
    "catalogue-item": ("/zdgk/", r"/zdgk/mulu/\d+/"),
    "document": ("/zdgk/list/", r"/zdgk/wj/.+"),
    "column-page": ("/xxgk/", r"/xxgk/(?!guide/)[\w-]+/"),
    "river": ("/water/", r"/water/river/[^/]+/"),
    "section": ("/water/", r"/water/section/[^/]+/"),
    # a section with an automatic station (demo: 明湖湖心), whose page adds its last 24 hours
    "station-section": ("/water/", r"/water/section/MH01/"),
    "facility": ("/sources/", r"/sources/enterprise/[^/]+/"),
    "permit-application": ("/sources/permit-applications/", r"/sources/permit-applications/\d+/"),
    "penalty": ("/enforcement/decisions/", r"/enforcement/decisions/\d+/"),
    "inspection-plan": ("/enforcement/inspections/", r"/enforcement/inspections/\d+/"),
    "rectification": ("/enforcement/rectification/", r"/enforcement/rectification/\d+/"),
    "licensing-decision": ("/licensing/", r"/licensing/decisions/\d+/"),
    "licence": ("/licensing/licences/", r"/licensing/licences/\d+/"),
    "eia-project": ("/eia/", r"/eia/\d+/"),
    "message": ("/hudong/qa/", r"/hudong/qa/[^/]+/"),
    "consultation": ("/hudong/consultations/", r"/hudong/consultations/\d+/"),
    "press-event": ("/hudong/press/", r"/hudong/press/\d+/"),
}
# Found on a detail page found above.
SECOND_LEVEL = {"eia-comment": ("eia-project", r"/eia/notice/\d+/comment/")}

# Public URLs that are not pages to walk, each with the reason.
NOT_PAGES = {
    "core:elder_mode": "POST only: the 适老化 switch",
    "core:robots": "text/plain",
    "core:favicon": "an icon",
    "disclosure:rss": "feed",
    "disclosure:atom": "feed",
    "disclosure:item_rss": "feed",
    "disclosure:item_atom": "feed",
    "disclosure:attachment": "a file download",
    "applications:submitted": "shown once, after a submitted application (tests/browser/test_applications)",
    "applications:public_letter": "the applicant's own letter behind a secret token",
    "water:class_css": "a stylesheet",
    "enforcement:plan_pool_csv": "CSV",
    "enforcement:plan_inspectors_csv": "CSV",
    "enforcement:evidence": "a file download",
    "eia:comment_thanks": "shown once, after a comment (tests/browser/test_eia)",
    "eia:document": "a file download",
    "interaction:submitted": "shown once, after a message (tests/browser/test_interaction)",
    "interaction:rate": "POST only: rating an answer",
    "interaction:district_map": "JSON",
    "interaction:feed_xml": "feed",
    "sitemap": "XML",
}
PRIVATE = (  # URL prefixes of staff, API and machinery
    "staff/",
    "api/",
    "admin/",
    "captcha/",
    "i18n/",
    "accounts/",
)


def public_url_names() -> set[str]:
    names = set()

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and pattern.name and not route.startswith(PRIVATE):
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns, "", "")
    return names


def first_link(page, list_path: str, pattern: str) -> str:
    page.goto(list_path)
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    for href in hrefs:
        path = urlsplit(href).path
        if re.fullmatch(pattern, unquote(path)):
            return path
    pytest.fail(f"no link matching {pattern} on {list_path}")


def all_pages(page) -> dict[str, tuple[str, int]]:
    """name → (path, expected status) of one page of every public kind, found in the demo site."""
    pages = {name: (path, 200) for name, path in PAGES.items()}
    for name, (list_path, pattern) in DETAILS.items():
        pages[name] = (first_link(page, list_path, pattern), 200)
    for name, (parent, pattern) in SECOND_LEVEL.items():
        pages[name] = (first_link(page, pages[parent][0], pattern), 200)
    pages["not-found"] = (NOT_FOUND, 404)
    return pages


# A table wider than the screen must scroll in a labelled, focusable region; a cell with two or more
# characters must be at least about two characters wide (示/例/市 stacked one per line is the defect).
TABLE_CHECK = """() => {
  const viewport = document.documentElement.clientWidth;
  const unscrollable = [], narrow = [];
  for (const table of document.querySelectorAll("table")) {
    if (table.getBoundingClientRect().width <= viewport) continue;
    const region = table.closest('[role="region"]');
    if (!region || region.getAttribute("tabindex") !== "0" || !region.getAttribute("aria-label")
        || !["auto", "scroll"].includes(getComputedStyle(region).overflowX)) {
      unscrollable.push(table.outerHTML.slice(0, 100));
    }
  }
  for (const cell of document.querySelectorAll("td, th")) {
    const text = cell.innerText.trim();
    if ([...text].length < 2 || cell.getBoundingClientRect().width === 0) continue;
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner < 1.9 * parseFloat(style.fontSize)) {
      narrow.push(`${text.slice(0, 20)} (${Math.round(inner)} px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, unscrollable: unscrollable.slice(0, 3),
          narrow: narrow.slice(0, 3)};
}"""

MODES = {
    "standard": [],
    "elder": [{"name": "gk_elder", "value": "1"}],  # 适老化 has its own colours and sizes
    "english": [{"name": "gk_lang", "value": "en"}],
}


def test_every_public_url_is_walked_or_named_as_not_a_page():
    """A page added to the public site without a place in the walk fails here."""
    walked_patterns = [pattern for _, pattern in DETAILS.values()] + [p for _, p in SECOND_LEVEL.values()]
    walked = {resolve(urlsplit(path).path).view_name for path in [*PAGES.values(), NOT_FOUND]}
    detail_names = {name for name in public_url_names() if name not in walked and name not in NOT_PAGES}
    # The detail pages are found at run time; their URL names are matched through their patterns.
    samples = {
        "disclosure:item": "/zdgk/mulu/1/",
        "disclosure:document": "/zdgk/wj/x/",
        "water:river": "/water/river/x/",
        "water:section": "/water/section/x/",
        "sources:facility": "/sources/enterprise/x/",
        "sources:permit_application": "/sources/permit-applications/1/",
        "enforcement:decision": "/enforcement/decisions/1/",
        "enforcement:plan": "/enforcement/inspections/1/",
        "enforcement:rectification": "/enforcement/rectification/1/",
        "licensing:decision": "/licensing/decisions/1/",
        "licensing:licence": "/licensing/licences/1/",
        "eia:project": "/eia/1/",
        "eia:comment": "/eia/notice/1/comment/",
        "interaction:qa_detail": "/hudong/qa/x/",
        "interaction:consultation": "/hudong/consultations/1/",
        "interaction:press_event": "/hudong/press/1/",
    }
    for name, sample in samples.items():
        assert resolve(sample).view_name == name
        assert any(re.fullmatch(pattern, sample) for pattern in walked_patterns), name
    missing = sorted(detail_names - set(samples))
    assert not missing, f"public URLs neither walked nor in NOT_PAGES: {missing}"


@pytest.mark.parametrize("mode", list(MODES))
def test_every_public_page_type_passes_axe_and_fits_a_phone(axe_page, axe_report, live_server, mode):
    page = axe_page
    page.context.add_cookies([{**cookie, "url": live_server.url} for cookie in MODES[mode]])
    page.set_viewport_size(PHONE)
    failures = []
    for name, (path, status) in all_pages(page).items():
        response = page.goto(path)
        if response.status != status:
            failures.append(f"[{name}] {path} answered {response.status}")
            continue
        if mode == "elder":
            assert "elder" in page.locator("body").get_attribute("class").split(), path
        expected_lang = "en" if mode == "english" else "zh-CN"
        assert page.locator("html").get_attribute("lang") == expected_lang, path
        report = axe_report(page)
        if report:
            failures.append(f"[{name}] {report}")
        layout = page.evaluate(TABLE_CHECK)
        if layout["scrollWidth"] > PHONE["width"]:
            failures.append(f"[{name}] {path} scrolls sideways at 390 px ({layout['scrollWidth']} px)")
        if layout["unscrollable"]:
            failures.append(f"[{name}] {path}: wide table outside a focusable labelled region: {layout}")
        if layout["narrow"]:
            failures.append(f"[{name}] {path}: table column one character wide: {layout['narrow']}")
    assert not failures, "\n\n".join(failures)


def test_a_wide_table_scrolls_in_a_region_the_keyboard_reaches(page):
    page.set_viewport_size(PHONE)
    page.goto("/air/")  # its tables are rendered by the air templates, marked by table-regions.js
    region = page.get_by_role("region").filter(has=page.locator("table#air-stations"))
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("aria-label", re.compile(r"\S"))
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert region.evaluate("e => e.scrollLeft") > 0
    page.set_viewport_size({"width": 1280, "height": 900})  # wide enough: no needless tab stop
    expect(page.locator(".table-wrap:has(table#air-stations)")).not_to_have_attribute("tabindex", "0")


@pytest.fixture
def numbered_document(django_db_blocker):
    from gongkai.disclosure.models import Document

    with django_db_blocker.unblock():
        document = Document.objects.published().exclude(document_number="").first()
        assert document is not None, "the demo site has no published document with a 文号"
        return {
            "index_number": document.index_number,
            "document_number": document.document_number,
            "url": document.get_absolute_url(),
        }


@pytest.mark.parametrize("key", ["index_number", "document_number"], ids=["索引号", "文号"])
def test_the_home_search_box_opens_a_document_by_its_number(page, numbered_document, key):
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_label("全站搜索").fill(numbered_document[key])
    page.get_by_role("button", name="搜索", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(numbered_document["url"]) + "$"))
    expect(page.get_by_role("main")).to_contain_text(numbered_document["index_number"])


@pytest.fixture
def indexed_documents(django_db_blocker):
    """The demo loader leaves the search index to `gongkai demo` (the worker's task): index some
    published documents about 环境 here."""
    from gongkai.disclosure.models import Document
    from gongkai.disclosure.search import service as search

    with django_db_blocker.unblock():
        documents = list(Document.objects.published().filter(title__contains="环境")[:20])
        assert documents, "the demo site has no published document about 环境"
        search.index_documents(documents)


def test_a_search_naming_a_section_offers_it_first_then_highlighted_results(page, indexed_documents):
    page.goto("/zdgk/search/?q=" + quote("空气质量"))
    sections = page.get_by_role("region", name="相关栏目")
    expect(sections.get_by_role("link", name="空气质量")).to_have_attribute("href", "/air/")
    page.goto("/zdgk/search/?q=" + quote("环境"))
    results = page.locator(".gk-results li")
    expect(results.first).to_be_visible()
    expect(results.first.locator("mark").first).to_have_text("环境")
    # The filters narrow the same query: ordered by date, then by year.
    search = page.get_by_role("search", name="信息检索")
    search.get_by_label("排序").select_option(label="发布日期")
    search.get_by_role("button", name="检索").click()
    expect(page).to_have_url(re.compile(r"order=date"))
    expect(page.locator(".gk-results li").first).to_be_visible()
