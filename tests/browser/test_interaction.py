"""互动交流 end to end in a real browser: a citizen writes a message (consenting to publication) on a
360 px phone screen; the editor moderates it and routes it to a handler; the handler replies; the
message appears on the public Q&A with the personal data removed; the citizen reads the reply with the
query code and rates it. Then a consultation goes from draft to its published 采纳情况."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]

NAME = "林示例"
PHONE = "13712345678"


@pytest.fixture(autouse=True)
def quick_form(settings):
    """A person needs seconds to fill the form; a browser script does not (the guard is tested elsewhere)."""
    settings.INTERACTION_MIN_FILL_SECONDS = 0


def solve_captcha(page) -> None:
    """The CAPTCHA's answer, read from the store by the key in the page (the browser is idle meanwhile)."""
    from captcha.models import CaptchaStore

    key = page.locator("input[name=captcha_0]").input_value()
    page.locator("input[name=captcha_1]").fill(CaptchaStore.objects.get(hashkey=key).response)


def fits_width(page) -> bool:
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + '#' + e.id + ':' + Math.round(e.getBoundingClientRect().right))
        .slice(0, 8)"""
    )
    assert not wide, wide
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def sign_in_as(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    expect(page).to_have_url(re.compile(r"/staff/$"))


def test_a_message_from_the_citizen_to_the_public_qa(page, login):
    from gongkai.interaction.models import Message

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/hudong/")
    page.get_by_role("link", name="我要留言", exact=True).first.click()
    assert fits_width(page)
    page.get_by_label("咨询").check()
    page.locator("#id_title").fill("夜间施工噪声如何投诉")
    page.locator("#id_body").fill(f"我是{NAME}，电话{PHONE}，小区旁边工地夜里施工，噪声很大，请问如何投诉？")
    page.locator("#id_name").fill(NAME)
    page.locator("#id_phone").fill(PHONE)
    page.get_by_label("同意在网站公开本留言及答复（个人信息将被隐去）").check()
    solve_captcha(page)
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("heading", name="提交成功")).to_be_visible()
    number = page.locator("#tracking-number").inner_text()
    code = page.locator("#query-code").inner_text()
    assert fits_width(page)
    message = Message.objects.get(number=number)

    sign_in_as(page, login, "editor")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/staff/interaction/messages/{message.pk}/")
    page.locator("#moderate").get_by_role("radio", name="受理", exact=True).check()
    page.locator("#moderate").get_by_role("button", name="提交审核").click()
    expect(page.locator("#message-status")).to_have_text("待分办")
    page.locator("#assign #id_department").fill("大气环境处")
    from django.contrib.auth import get_user_model

    handler = get_user_model().objects.get(username="handler")
    options = page.locator("#assign #id_handler option").all_inner_texts()
    assert any("陈经办" in option for option in options), options
    page.locator("#assign #id_handler").select_option(value=str(handler.pk))
    page.locator("#assign").get_by_role("button", name="分办").click()
    expect(page.locator("#message-status")).to_have_text("办理中")

    sign_in_as(page, login, "handler")
    expect(page.get_by_text("我承办的留言")).to_be_visible()
    page.goto(f"/staff/interaction/messages/{message.pk}/")
    page.locator("#reply #id_text").fill(
        "您好，夜间（22时至次日6时）施工噪声扰民可拨打12369环保举报热线，我局将安排执法人员核查。"
    )
    page.locator("#reply").get_by_role("button", name="提交答复").click()
    expect(page.locator("#message-status")).to_have_text("已答复")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/hudong/qa/")
    page.get_by_role("link", name=number).click()
    expect(page.locator("#qa-reply")).to_contain_text("12369")
    body = page.locator("main").inner_text()
    assert NAME not in body and PHONE not in body
    assert fits_width(page)

    page.goto("/hudong/status/")
    page.locator("#id_number").fill(number)
    page.locator("#id_query_code").first.fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#status-text")).to_have_text("已答复")
    page.locator("form[action$='/hudong/rate/'] input[name=query_code]").fill(code)
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价。")).to_be_visible()


def test_a_consultation_from_draft_to_adoption(page, login):
    from django.utils import timezone

    from gongkai.interaction.models import Comment, Consultation

    today = timezone.localdate()
    sign_in_as(page, login, "editor")
    page.goto("/staff/interaction/consultations/new/")
    page.locator("#id_title").fill("《餐饮油烟污染防治管理规定（征求意见稿）》")
    page.locator("#id_draft_text").fill("第一条 餐饮服务单位应当安装油烟净化设施并保持正常使用。")
    page.locator("#id_starts_on").fill(today.isoformat())
    page.locator("#id_ends_on").fill((today + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="发布征集").click()
    expect(page.locator("#consultation-state")).to_have_text("征集中")
    consultation = Consultation.objects.get(title__contains="餐饮油烟")

    page.context.clear_cookies()
    page.goto(f"/hudong/consultations/{consultation.pk}/")
    page.locator("#id_body").fill("建议明确油烟净化设施的清洗频次，并公开检查结果。")
    solve_captcha(page)
    page.get_by_role("button", name="提交意见").click()
    expect(page.locator("#comment-thanks")).to_be_visible()
    comment = Comment.objects.get(consultation=consultation)

    sign_in_as(page, login, "editor")
    page.goto(f"/staff/interaction/consultations/{consultation.pk}/")
    page.locator("#comments").get_by_role("button", name="通过", exact=True).click()
    page.locator("#comments").get_by_label("采纳情况").select_option("partly")
    page.locator("#comments").get_by_label("理由").fill("清洗频次已采纳；检查结果按执法信息公开的规定公开。")
    page.locator("#comments").get_by_role("button", name="保存采纳情况").click()
    comment.refresh_from_db()
    assert comment.adoption == "partly"
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)
    )  # the period has ended
    page.reload()
    page.locator("#id_feedback-summary").fill("共收到意见1条，部分采纳1条。")
    page.get_by_role("button", name="公布采纳情况").click()
    expect(page.locator("#consultation-state")).to_have_text("已公布采纳情况")

    page.context.clear_cookies()
    page.goto(f"/hudong/consultations/{consultation.pk}/")
    expect(page.locator("#feedback")).to_contain_text("部分采纳")
    expect(page.locator("#feedback")).to_contain_text("检查结果按执法信息公开的规定公开")


def test_public_interaction_pages_have_no_serious_accessibility_violations(axe_page, axe_report):
    from gongkai.interaction.models import Consultation, Message

    message = Message.objects.public().first()
    consultation = Consultation.objects.filter(state="feedback").first()
    reports = []
    for path in (
        "/hudong/",
        "/hudong/write/?kind=report",
        "/hudong/status/",
        "/hudong/qa/",
        f"/hudong/qa/{message.number}/",
        f"/hudong/consultations/{consultation.pk}/",
        "/hudong/press/",
        "/hudong/feed/",
    ):
        response = axe_page.goto(path)
        assert response.status == 200, path
        report = axe_report(axe_page)
        if report:
            reports.append(f"[{path}] {report}")
    assert not reports, "\n\n".join(reports)
