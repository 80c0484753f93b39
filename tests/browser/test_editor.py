"""The 正文 editor of the draft form (issue 13) in a real browser, under the site's CSP: an editor
formats text with the Chinese toolbar (heading, list, link, table), imports a Word document, saves
the draft, and once it is published the public page shows the sanitised HTML. Without scripts the
plain textarea still works."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]

TITLE = "关于2026年第一季度环境质量状况的说明"


def word_document(path) -> None:
    import docx
    from docx.shared import Cm
    from PIL import Image

    document = docx.Document()
    document.add_heading("二、大气环境", level=1)
    paragraph = document.add_paragraph("优良天数比例为")
    paragraph.add_run("85.6%").bold = True
    document.add_paragraph("细颗粒物浓度下降", style="List Number")
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(picture, format="PNG")
    document.add_picture(picture, width=Cm(1))
    document.save(path)


def log_in_as(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    expect(page).to_have_url(re.compile(r"/staff/$"))


def test_an_editor_formats_imports_from_word_and_the_public_page_shows_it(page, login, tmp_path):
    from gongkai.core.models import User
    from gongkai.disclosure import services
    from gongkai.disclosure.models import Document, Status

    log_in_as(page, login, "editor")
    page.goto("/staff/disclosure/documents/new/")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("目录事项").select_option(label="05.01.01 建设项目环境影响评价文件审批")
    page.get_by_label("成文日期").fill(timezone.localdate().isoformat())

    body = page.get_by_role("textbox", name="正文")
    toolbar = page.get_by_role("toolbar", name="正文格式")
    expect(page.locator("textarea[name=body]")).to_be_hidden()  # the editor took its place

    body.click()
    page.keyboard.type("一、总体情况")
    toolbar.get_by_role("button", name="一级标题").click()
    expect(toolbar.get_by_role("button", name="一级标题")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="项目列表").click()
    page.keyboard.type("水质稳定")
    page.keyboard.press("Enter")
    page.keyboard.type("噪声达标")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the list
    page.keyboard.type("详见")
    toolbar.get_by_role("button", name="链接").click()
    page.get_by_label("链接地址（留空则取消链接）").fill("javascript:alert(1)")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert")).to_have_text(
        "链接地址须以 https://、http://、mailto:、tel: 或 / 开头。"
    )
    page.get_by_label("链接地址（留空则取消链接）").fill("https://www.mee.gov.cn/")
    page.get_by_role("button", name="确定").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="插入表格").click()
    expect(toolbar.get_by_role("button", name="加一行")).to_be_enabled()
    page.keyboard.type("指标")
    page.keyboard.press("Tab")
    page.keyboard.type("数值")

    # No picture attachment yet: the 图片 button says how to add one.
    toolbar.get_by_role("button", name="图片").click()
    expect(page.get_by_role("status")).to_contain_text("本文件还没有图片附件")

    # 从 Word 导入: the file chooser, the server's conversion, the picture left out with a warning.
    docx_path = tmp_path / "季度说明.docx"
    word_document(docx_path)
    with page.expect_file_chooser() as chooser:
        toolbar.get_by_role("button", name="从 Word 导入").click()
    chooser.value.set_files(str(docx_path))
    expect(page.get_by_role("status")).to_contain_text("已导入 Word 文档，请核对后保存草稿。")
    expect(page.get_by_role("status")).to_contain_text("文档中的1张图片未导入")
    expect(body.locator("h2", has_text="二、大气环境")).to_be_visible()
    expect(body.locator("strong", has_text="85.6%")).to_be_visible()
    page.screenshot(path="/tmp/gongkai-shots/editor.png", full_page=True)

    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".messages")).to_contain_text("草稿已保存")

    document = Document.objects.get(title=TITLE)
    stored = document.body
    assert "<h2>一、总体情况</h2>" in stored
    assert "<ul><li><p>水质稳定</p></li><li><p>噪声达标</p></li></ul>" in stored
    assert '<a href="https://www.mee.gov.cn/" rel="noopener noreferrer">https://www.mee.gov.cn/</a>' in stored
    assert "<table><tbody><tr><th" in stored and "<p>指标</p>" in stored and "<p>数值</p>" in stored
    assert "<h2>二、大气环境</h2>" in stored and "<strong>85.6%</strong>" in stored
    assert "<ol><li><p>细颗粒物浓度下降</p></li></ol>" in stored or "细颗粒物浓度下降" in stored
    assert "style=" not in stored and "class=" not in stored and "<img" not in stored

    # Reviewed and approved (the workflow has its own browser test), then the public page.
    users = {name: User.objects.get(username=name) for name in ("editor", "reviewer", "leader")}
    services.submit_for_review(actor=users["editor"], document=document)
    services.pass_review(
        actor=users["reviewer"], document=document, note="经审查，不涉及国家秘密和个人信息，同意公开。"
    )
    services.approve_document(actor=users["leader"], document=document)
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED

    page.context.clear_cookies()
    page.goto(document.get_absolute_url())
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="一、总体情况", level=2)).to_be_visible()
    expect(main.get_by_role("heading", name="二、大气环境", level=2)).to_be_visible()
    expect(main.get_by_role("listitem").filter(has_text="噪声达标")).to_be_visible()
    expect(main.get_by_role("link", name="https://www.mee.gov.cn/")).to_have_attribute(
        "href", "https://www.mee.gov.cn/"
    )
    expect(main.get_by_role("columnheader", name="数值")).to_be_visible()


LIST_ITEM = "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>"


def test_paste_from_word_keeps_structure_and_drops_word_styles(page, login):
    log_in_as(page, login, "editor")
    page.goto("/staff/disclosure/documents/new/")
    body = page.get_by_role("textbox", name="正文")
    body.click()
    word_html = (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'>"
        "<head><style>p.MsoNormal{margin:0}</style></head>"
        "<body><!--StartFragment--><h1 class=MsoTitle style='mso-outline-level:1'>三、声环境</h1>"
        "<p class=MsoNormal style='font-family:宋体'><b>昼间</b>达标<o:p></o:p></p>"
        f"{LIST_ITEM}<span style='mso-list:Ignore'>1.</span>第一条</p>"
        f"{LIST_ITEM}<span style='mso-list:Ignore'>2.</span>第二条</p>"
        "<img src='file:///C:/Users/x/image001.png'><!--EndFragment--></body></html>"
    )
    page.evaluate(
        """html => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "x");
            document.querySelector(".rich-editor-content").dispatchEvent(
                new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
        }""",
        word_html,
    )
    value = page.locator("textarea[name=body]").input_value()
    assert "<h2>三、声环境</h2>" in value
    assert "<strong>昼间</strong>达标" in value
    assert "<ol><li><p>第一条</p></li><li><p>第二条</p></li></ol>" in value
    assert "Mso" not in value and "style" not in value and "<img" not in value and "o:p" not in value


def test_without_scripts_the_plain_textarea_still_works(new_context, login):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, "editor")
    page.goto("/staff/disclosure/documents/new/")
    expect(page.locator("textarea[name=body]")).to_be_visible()
    expect(page.get_by_role("toolbar")).to_have_count(0)
