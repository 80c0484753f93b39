"""An EIA comment in a real browser, from the public form through moderation to the answer shown publicly:
a visitor comments on an open 受理公示 (CAPTCHA answered as a person would, from the image's text), the
reviewer sees it on the to-do card, publishes it and answers it, and the project page then shows the comment
and the answer but neither the name nor the contact; the public pages pass axe-core (CSP enforced)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser]

PROJECT = "示例市临港化工园区年产5万吨精细化学品项目"
CONTENT = "建议在园区边界增设VOCs在线监测点并向社会公开数据。"
ANSWER = "已要求建设单位在厂界增设VOCs在线监测并按月公开监测数据。"


@pytest.fixture
def eia_demo(transactional_db, fast_password_hashing, settings):
    """The platform's accounts and the EIA demo only (the first project's 受理公示 is open today)."""
    from gongkai.core.demo import _load_platform_demo
    from gongkai.eia.demo import load_demo

    settings.EIA_COMMENT_MIN_FILL_SECONDS = 0
    _load_platform_demo()
    load_demo()


def solve_captcha(page) -> None:
    from captcha.models import CaptchaStore

    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("验证码").fill(CaptchaStore.objects.get(hashkey=key).response)


def test_a_comment_from_submission_through_moderation_to_the_public_answer(
    eia_demo, page, login, axe_page, axe_report
):
    axe_page.goto("/eia/?open=1")
    expect(axe_page.get_by_role("heading", name="环境影响评价公示公告")).to_be_visible()
    axe_page.get_by_role("link", name=PROJECT).click()
    expect(axe_page.locator("#stage-acceptance")).to_contain_text("个工作日")
    expect(axe_page.get_by_role("link", name="环境影响评价文件全本（PDF）")).to_be_visible()
    assert not axe_report(axe_page), axe_report(axe_page)
    axe_page.get_by_role("link", name="对受理公示提出意见").click()
    expect(axe_page.get_by_role("heading", name="对“受理公示”提出意见")).to_be_visible()
    assert not axe_report(axe_page), axe_report(axe_page)
    axe_page.get_by_label("姓名或单位名称").fill("欧阳测试")
    axe_page.get_by_label("联系方式").fill("139 1234 5678")
    axe_page.get_by_label("意见内容").fill(CONTENT)
    axe_page.get_by_label("验证码").fill("wrong")
    axe_page.get_by_role("button", name="提交意见").click()
    expect(axe_page.get_by_text("验证码不正确，请重新输入。", exact=True)).to_be_visible()
    solve_captcha(axe_page)
    axe_page.get_by_role("button", name="提交意见").click()
    expect(axe_page.get_by_role("heading", name="意见已提交")).to_be_visible()
    number = axe_page.locator("#eia-comment-number").inner_text().split("：")[1]
    axe_page.get_by_role("link", name="返回项目页面").click()
    expect(axe_page.locator("#comments-heading + p + *")).not_to_contain_text(CONTENT)

    login(page, "reviewer")
    card = page.locator("article, section, li, div").filter(has_text="待审核的公众意见").last
    expect(card).to_contain_text(number)
    page.get_by_role("link", name=f"{number} {PROJECT}").click()
    expect(page.get_by_text("13912345678")).to_be_visible()  # staff with the permission see the contact
    page.get_by_label("公开", exact=True).check()
    page.get_by_role("button", name="保存审核结果").click()
    expect(page.locator("#eia-comment-status")).to_have_text("已公开")
    page.get_by_role("textbox", name="答复").fill(ANSWER)
    page.get_by_role("button", name="保存答复").click()
    expect(page.locator("#eia-answer")).to_contain_text(ANSWER)

    axe_page.goto(axe_page.url)
    comment = axe_page.locator(f"#comment-{number}")
    expect(comment).to_contain_text(CONTENT)
    expect(comment).to_contain_text(ANSWER)
    body = axe_page.locator("main, body").first
    expect(body).not_to_contain_text("欧阳测试")
    expect(body).not_to_contain_text("13912345678")
    assert not axe_report(axe_page), axe_report(axe_page)
