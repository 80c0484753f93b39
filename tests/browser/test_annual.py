"""The annual report pages in a real browser: the demo's 2026 report handed to 主动公开 review; the
editor generates the 2025 report from the records, sees the failing checks named, fills section 五, and
the check for it disappears; axe-core passes (CSP enforced)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]


def test_generate_check_edit_and_the_demo_report_in_review(login, axe_page, axe_report):
    page = axe_page
    login(page, "editor")
    page.goto("/staff/annual/")
    expect(page.locator("#annual-reports")).to_contain_text("2026年度报告")
    page.get_by_role("link", name="2026年度报告").click()
    expect(page.locator("#annual-status")).to_contain_text("已生成主动公开草稿")
    expect(page.locator("#table-three")).to_contain_text("（七）总计")
    expect(page.locator("#annual-checks-ok")).to_be_visible()
    assert axe_report(page) == ""

    page.goto("/staff/annual/")
    page.get_by_label("年度").fill("2025")
    page.get_by_role("button", name="按业务数据生成年度报告").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025年政府信息公开工作年度报告")
    failures = page.locator("#annual-failures")
    expect(failures).to_contain_text("“五、存在的主要问题及改进情况”中还有待补充的内容")
    expect(page.locator("#annual-submit")).to_be_disabled()
    page.get_by_label("五、存在的主要问题及改进情况").fill(
        "一是栏目更新不够及时。改进措施：落实日扫描、周通报、月考核。"
    )
    page.get_by_role("button", name="保存正文").click()
    expect(page.get_by_role("status")).to_contain_text("已保存")
    expect(page.locator("#annual-document")).to_contain_text("落实日扫描、周通报、月考核")
    expect(page.get_by_text("“五、存在的主要问题及改进情况”中还有待补充的内容")).to_have_count(0)
    assert axe_report(page) == ""
