"""主动公开 end to end in a real browser: an editor drafts a document whose Word attachment holds a
resident ID number; the privacy gate blocks it; the reviewer redacts the number; the leader approves
publication at a later time; the worker publishes it; it appears in the catalogue, in search results
(found by a two-character word that only its attachment contains) and in the feeds."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import SHOTS_DIR

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]

RESIDENT_ID = "11010519491231002X"  # GB 11643-1999 example with a valid check character
MASKED_ID = "1101**********002X"
TITLE = "关于某化工企业监督性监测结果的公告"


def attachment_docx(path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("监督性监测结果：该企业排污口化学需氧量、氨氮浓度均达标。")
    document.add_paragraph(f"现场负责人：张某，居民身份证号码：{RESIDENT_ID}")
    document.save(path)


@pytest.fixture(autouse=True)
def _shots_dir():
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)


def log_in_as(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    expect(page).to_have_url(re.compile(r"/staff/$"))


def message(page):
    return page.locator(".messages")


def test_a_document_with_a_resident_id_in_its_attachment_is_redacted_approved_and_published(
    page, login, tmp_path
):
    from gongkai.disclosure.models import Document, Status
    from gongkai.disclosure.tasks import publish_scheduled_documents
    from gongkai.privacy.extract import extract_chunks

    # The editor drafts the document; its title and body do not contain 排污, only the attachment does.
    log_in_as(page, login, "editor")
    page.get_by_role("navigation", name="工作台菜单").get_by_role("link", name="拟稿").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("目录事项").select_option(label="05.01.01 建设项目环境影响评价文件审批")
    page.get_by_label("成文日期").fill(timezone.localdate().isoformat())
    page.get_by_role("textbox", name="正文").fill(
        "现将监督性监测结果予以公告，详见附件。"
    )  # the editor (issue 13)
    page.get_by_role("button", name="保存草稿").click()
    expect(message(page)).to_contain_text("草稿已保存")
    document_url = page.url

    docx_path = tmp_path / "监测结果.docx"
    attachment_docx(docx_path)
    page.get_by_label("上传附件").set_input_files(str(docx_path))
    page.get_by_role("button", name="上传所选文件").click()
    expect(message(page)).to_contain_text("已上传")
    page.get_by_role("button", name="提交保密审查").click()
    expect(message(page)).to_contain_text("已提交保密审查")

    # The reviewer sees the masked finding; passing the review is refused until it is dealt with.
    log_in_as(page, login, "reviewer")
    page.goto(document_url)
    hits = page.locator("section[aria-labelledby=privacy-heading]")  # the table inside is a region too
    expect(hits).to_contain_text("居民身份证号码")
    expect(hits).to_contain_text(MASKED_ID)
    expect(page.locator("body")).not_to_contain_text(RESIDENT_ID)
    expect(page.locator("#gate-blocked")).to_contain_text("尚有1处个人信息未处理")
    # The opinion is never pre-filled: the reviewer writes it.
    expect(page.get_by_label("保密审查意见")).to_have_value("")
    page.get_by_label("保密审查意见").fill("经审查，身份证号码已脱敏，不涉及国家秘密，同意公开。")
    page.get_by_role("button", name="审查通过，送领导审批").click()
    expect(message(page)).to_contain_text("1处个人信息未处理")
    assert Document.objects.get(title=TITLE).status == Status.IN_REVIEW

    hits.get_by_role("button", name="脱敏", exact=True).click()
    expect(message(page)).to_contain_text(f"已脱敏：{MASKED_ID}")
    expect(hits).to_contain_text("已脱敏")
    expect(page.get_by_role("link", name=re.compile("公开版本"))).to_contain_text("（脱敏版）.pdf")
    page.get_by_label("保密审查意见").fill("经审查，身份证号码已脱敏，不涉及国家秘密，同意公开。")
    page.get_by_role("button", name="审查通过，送领导审批").click()
    expect(message(page)).to_contain_text("保密审查已通过")

    # The leader approves publication a few minutes from now.
    log_in_as(page, login, "leader")
    page.goto(document_url)
    publish_at = (timezone.localtime() + timedelta(minutes=3)).replace(second=0, microsecond=0)
    page.get_by_label("定时发布时间").fill(publish_at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="批准发布").click()
    expect(message(page)).to_contain_text(f"将于 {publish_at:%Y-%m-%d %H:%M} 发布")
    document = Document.objects.get(title=TITLE)
    assert document.status == Status.SCHEDULED and document.index_number
    public_url = document.get_absolute_url()
    assert page.request.get(public_url).status == 404  # not before its time

    # The worker's periodic task runs; before the time nothing happens, after it the document is out.
    publish_scheduled_documents.call_local()
    assert Document.objects.get(pk=document.pk).status == Status.SCHEDULED
    with mock.patch("django.utils.timezone.now", return_value=publish_at + timedelta(seconds=20)):
        published = publish_scheduled_documents.call_local()
    assert published == [document.pk]

    # The public sees it in the catalogue …
    page.context.clear_cookies()
    page.goto("/zdgk/")
    page.get_by_role("link", name="建设项目环境影响评价文件审批").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("建设项目环境影响评价文件审批")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator(".doc-meta")).to_contain_text(document.index_number)
    expect(page.locator(".doc-meta")).to_contain_text("示例市生态环境局")
    # The public list shows the attachment's title (issue 13); the download keeps a safe file name.
    attachment_link = page.locator(".doc-attachments").get_by_role("link", name="监测结果", exact=True)
    expect(attachment_link).to_be_visible()
    pdf = page.request.get(attachment_link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(chunk.text for chunk in extract_chunks(pdf.body()))
    assert MASKED_ID in text and RESIDENT_ID not in text and "排污口" in text
    page.screenshot(path=str(SHOTS_DIR / "disclosure-document.png"), full_page=True)

    # … in search results, found by 排污 from the attachment, highlighted …
    page.goto("/zdgk/search/")
    page.get_by_label("关键词").fill("排污")
    page.get_by_role("button", name="检索").click()
    result = page.locator(".gk-results li", has_text=TITLE)
    expect(result).to_be_visible()
    expect(result.locator("mark").first).to_have_text("排污")
    page.screenshot(path=str(SHOTS_DIR / "disclosure-search.png"), full_page=True)
    page.get_by_label("关键词").fill(RESIDENT_ID)
    page.get_by_role("button", name="检索").click()
    expect(page.locator("main")).to_contain_text("没有找到")

    # … and in the feeds of the site and of its catalogue item.
    for feed in ("/zdgk/rss/", "/zdgk/atom/", f"/zdgk/mulu/{document.catalogue_item_id}/rss/"):
        body = page.request.get(feed).text()
        assert TITLE in body and public_url in body, feed
        assert RESIDENT_ID not in body


def test_a_revised_document_shows_its_public_change_note(page, login):
    """The editor opens a revision in the console with a 修订说明 and a 变更日期; once reviewed and
    approved, the public page shows 更新日期 and the change note."""
    from django.contrib.auth import get_user_model

    from gongkai.disclosure import services
    from gongkai.disclosure.models import Document, Status

    document = Document.objects.published().filter(title__contains="分级审批规定》的通知").first()
    log_in_as(page, login, "editor")
    page.goto(document.get_staff_url())
    page.get_by_label("修订说明（发布后在公开页面显示）").fill("补充第二条中区县分局的审批权限说明")
    page.get_by_label("变更日期").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="生成修订稿").click()
    expect(message(page)).to_contain_text("已生成修订稿")
    draft = Document.objects.get(revision_of=document, status=Status.DRAFT)

    users = get_user_model().objects
    services.submit_for_review(actor=users.get(username="editor"), document=draft)
    services.redact_all(actor=users.get(username="reviewer"), document=draft)
    services.pass_review(actor=users.get(username="reviewer"), document=draft, note="可以公开。")
    services.approve_document(actor=users.get(username="leader"), document=draft)

    page.context.clear_cookies()
    page.goto(document.get_absolute_url())
    note = page.get_by_role("note").filter(has_text="修订说明")
    expect(note).to_contain_text("补充第二条中区县分局的审批权限说明")
    today = timezone.localdate()
    expect(note).to_contain_text(f"{today.year}年{today.month}月{today.day}日更新")  # DATE_FORMAT in Chinese
    expect(page.locator(".doc-meta")).to_contain_text("更新日期")
    page.screenshot(path=str(SHOTS_DIR / "disclosure-change-note.png"), full_page=True)


def test_the_catalogue_and_a_document_page_work_on_a_small_screen(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/zdgk/")
    expect(page.get_by_role("heading", name="基本目录")).to_be_visible()
    page.get_by_role("link", name="法规文件").first.click()
    page.get_by_role("link", name=re.compile("分级审批规定》的通知")).first.click()
    expect(page.locator(".doc-meta")).to_contain_text("行政规范性文件")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 1, f"page scrolls sideways: {width}px"
    page.screenshot(path=str(SHOTS_DIR / "disclosure-narrow.png"), full_page=True)


def test_the_disclosure_pages_have_no_serious_accessibility_violations(axe_page, axe_report, login):
    """axe-core (WCAG 2.1 A/AA + best practices) on the public 主动公开 pages, a search with results
    and highlights, and the staff pages of the editor and the administrator."""
    from gongkai.disclosure.models import Document

    document = Document.objects.published().select_related("catalogue_item").first()
    assert document is not None, "the demo publishes documents"
    reports = []

    def check(name: str, path: str) -> None:
        response = axe_page.goto(path)
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        report = axe_report(axe_page)
        if report:
            reports.append(f"[{name}] {report}")

    check("catalogue", "/zdgk/")
    check("list", "/zdgk/list/")
    check("item", f"/zdgk/mulu/{document.catalogue_item_id}/")
    check("document", document.get_absolute_url())
    check("search", "/zdgk/search/?q=环境")
    check("search-empty", "/zdgk/search/?q=不存在的词语组合")
    log_in_as(axe_page, login, "editor")
    check("dashboard", "/staff/disclosure/")
    check("documents", "/staff/disclosure/documents/")
    check("new-document", "/staff/disclosure/documents/new/")
    check("staff-document", f"/staff/disclosure/documents/{document.pk}/")
    check("timeliness", "/staff/disclosure/timeliness/")
    log_in_as(axe_page, login, "admin")
    check("staff-catalogue", "/staff/disclosure/catalogue/")
    check("figures", "/staff/disclosure/figures/")
    check("import", "/staff/disclosure/import/")
    assert not reports, "\n\n".join(reports)
