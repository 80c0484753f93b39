"""The page cache (core.pagecache) in a real browser: the header's 适老化 and language switches, POST
forms with CSRF tokens, work on a page served from the cache, under the site's CSP."""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_switches_work_on_a_page_served_from_the_cache(page, live_server, page_cache, transactional_db):
    urllib.request.urlopen(f"{live_server.url}/xxgk/", timeout=60).read()  # another visitor stores the page
    response = page.goto("/xxgk/")
    assert response.headers.get("x-gongkai-cache") == "hit"  # the browser's copy came from the cache

    page.get_by_role("button", name="适老化（大字体高对比）").click()
    expect(page).to_have_url(re.compile(r"/xxgk/$"))
    expect(page.locator("body")).to_have_class(re.compile(r"\belder\b"))

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/xxgk/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("body")).to_have_class(re.compile(r"\belder\b"))  # still 适老化, in English
