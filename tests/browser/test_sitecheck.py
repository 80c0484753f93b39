"""The website self-inspection in a real browser: a scan with a veto item (a message unanswered for
more than 3 months, contributed through core.sitechecks) shows the veto first with what to fix; the
findings list filters to it and exports; the weekly bulletin and the monthly score follow; axe-core
passes (CSP enforced)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]


@pytest.fixture
def scanned(monkeypatch):
    from gongkai.core import sitechecks
    from gongkai.sitecheck import services

    def unanswered(today):
        return [
            sitechecks.Finding(
                "unanswered_message",
                sitechecks.VETO,
                "留言超过3个月未答复：关于清水河异味的咨询",
                "立即答复该留言，并在互动栏目公开答复",
                department="办公室",
            )
        ]

    monkeypatch.setitem(
        sitechecks._checks, "test.unanswered", sitechecks.Check("test.unanswered", "留言办理", unanswered)
    )
    return services.run_scan(max_pages=150)


def test_the_veto_item_comes_first_with_what_to_fix(scanned, login, axe_page, axe_report):
    page = axe_page
    login(page, "admin")
    page.goto("/staff/sitecheck/")
    vetoes = page.locator("#sitecheck-vetoes")
    expect(vetoes).to_be_visible()
    expect(vetoes).to_contain_text("留言超过3个月未答复：关于清水河异味的咨询")
    expect(vetoes).to_contain_text("整改：立即答复该留言，并在互动栏目公开答复")
    expect(page.locator("#sitecheck-score")).to_contain_text("不合格（单项否决）")
    assert axe_report(page) == ""

    page.get_by_role("link", name="问题清单").first.click()
    page.get_by_label("性质").select_option("veto")
    page.get_by_role("button", name="筛选").click() if page.get_by_role(
        "button", name="筛选"
    ).count() else None
    expect(page.locator("table")).to_contain_text("留言超过3个月未答复")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    assert download.value.suggested_filename.startswith("sitecheck-findings")

    page.goto("/staff/sitecheck/weekly/")
    expect(page.locator("#sitecheck-weekly")).to_contain_text("办公室")
    page.goto("/staff/sitecheck/monthly/")
    expect(page.locator("#sitecheck-trend")).to_be_visible()
    expect(page.locator("#sitecheck-monthly")).to_contain_text("不合格（单项否决）")
    assert axe_report(page) == ""
