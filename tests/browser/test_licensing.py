"""行政许可 双公示 in a real browser: the editor registers a 办件, records its licensing decision and
publishes it; the public list shows it, the public lookup finds the 办件 by its number (without the
applicant) and links the decision; the public pages pass axe-core with the CSP enforced."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]

PARTY = "示例市浏览器测试化工有限公司"
CREDIT_CODE = "91411000MA09999990"


@pytest.fixture
def credit_code():
    from gongkai.core.identifiers import credit_code_check_char

    return CREDIT_CODE[:17] + credit_code_check_char(CREDIT_CODE[:17])


def test_a_decision_is_published_and_found_by_the_public(page, login, credit_code, axe_page, axe_report):
    today = timezone.localdate().isoformat()
    login(page, "editor")
    page.goto("/staff/licensing/applications/new/")
    page.get_by_label("申请编号").fill("BT2026-0001")
    page.get_by_label("事项").select_option(label="建设项目环境影响评价文件审批")
    page.get_by_label("申请单位").fill(PARTY)
    page.get_by_label("统一社会信用代码").fill(credit_code)
    page.get_by_label("受理日期").fill(today)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("办件已登记：BT2026-0001")
    page.get_by_label("办理状态").select_option(label="准予许可")
    page.get_by_label("办结日期").fill(today)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已保存")

    page.goto("/staff/licensing/decisions/new/")
    page.get_by_label("事项").select_option(label="建设项目环境影响评价文件审批")
    page.get_by_label("办件申请编号").fill("BT2026-0001")
    page.get_by_label("行政相对人名称").fill(PARTY)
    page.get_by_label("统一社会信用代码").fill(
        credit_code[:17] + "0" if credit_code[17] != "0" else credit_code[:17] + "1"
    )
    page.get_by_label("行政许可决定文书名称").fill("关于浏览器测试项目环境影响报告表的批复")
    page.get_by_label("行政许可决定文书号").fill("示环审〔2026〕999号")
    page.get_by_label("许可内容").fill("同意项目建设")
    page.get_by_label("许可决定日期").fill(today)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("第18位（校验码）应为")  # the credit code is checked
    page.get_by_label("统一社会信用代码").fill(credit_code)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已录入，请在期限内公示")
    expect(page.get_by_text("待公示")).to_be_visible()
    page.get_by_role("button", name="公示", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已公示")

    axe_page.goto("/licensing/?q=浏览器测试")
    rows = axe_page.locator("#list-licensing-decisions tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("示环审〔2026〕999号")
    expect(rows.first).to_contain_text(PARTY)
    report = axe_report(axe_page)
    assert not report, report

    axe_page.goto("/licensing/lookup/")
    axe_page.get_by_label("事项").select_option(label="建设项目环境影响评价文件审批")
    axe_page.get_by_label("申请编号").fill("bt2026-0001")
    axe_page.get_by_role("button", name="查询").click()
    result = axe_page.get_by_role("region", name="查询结果")
    expect(result).to_contain_text("准予许可")
    expect(result).not_to_contain_text(PARTY)
    result.get_by_role("link", name="示环审〔2026〕999号").click()
    expect(axe_page.get_by_role("heading", name="关于浏览器测试项目环境影响报告表的批复")).to_be_visible()
    report = axe_report(axe_page)
    assert not report, report
