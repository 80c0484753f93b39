"""依申请公开 end to end in a real browser: a member of the public applies on the website; the handler
registers it, asks for a 补正, records the supplement, consults another agency, asks for an extension that
the office head approves, drafts the reply; the legal reviewer approves it; the leader signs it; the
handler downloads the DOCX and PDF letters and records the delivery; the applicant sees the reply on the
status page; the case is counted in Table 三.

The bureau's calendar moves day by day through the journey (the application code reads the date from
`queries.now`, which the test sets; the live server runs in this process), so the dates do not depend on
the day the test runs."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]

NAME = "林示例"
ID_NUMBER = "110105199001010037"  # check digit per GB 11643
PHONE = "13712345678"


START = date(2026, 10, 12)


@pytest.fixture(autouse=True)
def move_to(monkeypatch):
    """`move_to(day)`; autouse, so the journey's first day is set before the demo cases are made."""
    from gongkai.applications import queries

    def move(day: date) -> None:
        moment = datetime.combine(day, time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
        monkeypatch.setattr(queries, "now", lambda: moment)

    move(START)
    return move


@pytest.fixture
def quick_form(settings):
    """A person needs seconds to fill the form; a browser script does not (the guard is tested elsewhere)."""
    settings.GONGKAI_APPLICATION_MIN_FILL_SECONDS = 0


def sign_in_as(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    expect(page).to_have_url(re.compile(r"/staff/$"))


def action(page, name: str):
    """The form of one action on the case page (opening its <details> if folded)."""
    section = page.locator(f"#{name}")
    summary = section.locator("> summary")
    if summary.count() and section.get_attribute("open") is None:
        summary.click()
    return section


def submit(section, button: str, page) -> None:
    section.get_by_role("button", name=button).click()
    expect(page.locator(".message.success").first).to_be_visible()


def table_three_cell(page, row_code: str, column: int = -1) -> int:
    cells = page.locator(f'#table-three tr[data-row="{row_code}"] td')
    return int(cells.nth(column if column >= 0 else cells.count() - 1).inner_text())


def test_disclosure_on_application_from_the_form_to_the_statistics(page, login, move_to, quick_form):
    from gongkai.applications.models import Application

    # Table 三 before: what the statistics said before this application existed.
    sign_in_as(page, login, "handler")
    page.goto("/staff/applications/statistics/?year=2026")
    received_before = table_three_cell(page, "received")
    disclosed_before = table_three_cell(page, "disclosed")
    page.context.clear_cookies()

    # 1. A member of the public applies on the website (Monday 12 October).
    page.goto("/ysqgk/")
    page.get_by_role("link", name="在线提交申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开申请表")
    page.get_by_role("radio", name="自然人").check()
    page.get_by_label("姓名或名称").fill(NAME)
    page.get_by_label("身份证明类型").select_option("resident_id")
    page.get_by_label("证件号码").fill("110105199001010036")  # a wrong check digit first
    page.get_by_label("联系电话").fill(PHONE)
    page.get_by_label("电子邮箱").fill("lin@example.com")
    page.get_by_label("所需政府信息的名称或描述").fill("示例河2026年第三季度水质监测数据")
    page.get_by_role("radio", name="电子邮件").first.check()
    page.locator("input[name=delivery_method][value=email]").check()
    page.get_by_role("button", name="提交申请").click()
    expect(
        page.get_by_text("居民身份证号码无效：应为18位，出生日期和最后一位校验码须正确。", exact=True)
    ).to_be_visible()
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开申请回执")
    expect(page.locator(".time-limit")).to_contain_text("20个工作日内予以答复")  # the printable 回执
    tracking_number = page.locator(".tracking-number").inner_text()
    query_code = page.locator(".query-code").inner_text()
    assert re.fullmatch(r"YSQ2026-\d{5}", tracking_number) and len(query_code) == 8
    for personal in (NAME, ID_NUMBER, PHONE):
        assert personal not in page.content()
    case_id = Application.objects.get(tracking_number=tracking_number).pk
    case_url = f"/staff/applications/{case_id}/"

    # 2. The handler registers it: the day both sides confirm is the receipt date (条例 Art. 31).
    sign_in_as(page, login, "handler")
    page.goto("/staff/applications/dashboard/")
    page.get_by_role("link", name=tracking_number).click()
    expect(page).to_have_url(re.compile(case_url + "$"))
    submit(action(page, "confirm"), "确认受理", page)
    expect(page.locator("#case-status")).to_have_text("办理中")
    expect(page.locator("#due-on")).to_have_text("2026年11月9日")  # 20 working days after 10-12

    # 3. 补正 on Tuesday; the supplement arrives on Thursday, and the 20 days run afresh from it.
    move_to(date(2026, 10, 13))
    page.goto(case_url)
    form = action(page, "supplement_request")
    form.get_by_label("补正期限").fill("2026-10-23")
    form.get_by_label("需要补正的事项").fill("请写明所需监测断面的名称。")
    submit(form, "发出补正通知", page)
    expect(page.locator("#case-status")).to_have_text("等待补正")
    move_to(date(2026, 10, 15))
    page.goto(case_url)
    form = action(page, "supplement_received")
    form.get_by_label("说明").fill("申请人补充：示例河入境断面")
    submit(form, "记录收到补正", page)
    expect(page.locator("#due-on")).to_have_text("2026年11月12日")

    # 4. Consultation of another agency from Friday 16 to Friday 23 October: 5 working days not counted.
    move_to(date(2026, 10, 16))
    page.goto(case_url)
    form = action(page, "consultation_start")
    form.get_by_label("征求对象类型").select_option("agency")
    form.get_by_role("textbox", name="征求对象").fill("示例市水务局")
    submit(form, "开始征求意见", page)
    expect(page.locator("#case-status")).to_have_text("征求意见中")
    move_to(date(2026, 10, 23))
    page.goto(case_url)
    form = action(page, "consultation_end")
    form.locator("textarea").fill("同意公开")
    submit(form, "记录意见，结束征求意见", page)
    expect(page.locator("#due-on")).to_have_text("2026年11月19日")

    # 5. Extension: the handler asks, the office head (leader) approves.
    form = action(page, "extension_request")
    form.get_by_label("延长工作日数").fill("10")
    form.get_by_label("延期理由").fill("需要汇总多个监测站的数据")
    submit(form, "提交延期申请", page)
    sign_in_as(page, login, "leader")
    page.goto("/staff/applications/approvals/")
    page.get_by_role("link", name=tracking_number).click()
    expect(page.get_by_text("林**")).to_be_visible()  # leaders see applicants masked
    form = action(page, "extension_decide")
    form.get_by_role("radio", name="同意", exact=True).check()
    submit(form, "提交审批意见", page)
    expect(page.locator("#due-on")).to_have_text("2026年12月3日")

    # 6. The handler drafts the reply from the outcome's template and sends it to legal review.
    move_to(date(2026, 10, 26))
    sign_in_as(page, login, "handler")
    page.goto(case_url)
    form = action(page, "reply_draft")
    form.get_by_label("办理结果").select_option("disclosed")
    form.get_by_role("button", name="按模板生成").click()
    expect(page.locator("#letter-state")).to_have_text("草稿")
    form = action(page, "reply_draft")
    body = form.get_by_label("答复正文")
    expect(body).to_contain_text("第三十六条第（二）项")
    edited = "示例河入境断面2026年第三季度水质监测数据见附件（共3页）"
    body.fill(body.input_value().replace("相关政府信息见附件", edited))
    form.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".letter-preview")).to_contain_text(edited)  # the handler's edit is the letter
    page.locator("#reply_submit").get_by_role("button", name="提交法律审查").click()
    expect(page.locator("#letter-state")).to_have_text("待法律审查")

    # 7. Legal review (答复前法律审查).
    sign_in_as(page, login, "legal")
    page.goto("/staff/applications/legal-review/")
    page.get_by_role("link", name=tracking_number).click()
    form = action(page, "legal_review")
    form.get_by_role("radio", name="同意", exact=True).check()
    form.get_by_label("审查意见").fill("答复依据充分，程序合法，同意。")
    submit(form, "提交审查意见", page)
    expect(page.locator("#letter-state")).to_have_text("法律审查通过，待签发")

    # 8. The leader signs: the letter gets its document number.
    sign_in_as(page, login, "leader")
    page.goto(case_url)
    submit(action(page, "sign"), "签发答复书", page)
    expect(page.locator("#letter-state")).to_have_text("已签发")
    number = page.locator("#document-number").inner_text()
    assert re.fullmatch(r"示例市生态环境局依申请公开答〔2026〕\d+号", number)

    # 9. The handler downloads the DOCX and PDF and records the delivery by e-mail.
    sign_in_as(page, login, "handler")
    page.goto(case_url)
    with page.expect_download() as docx:
        page.get_by_role("link", name="下载答复书（Word）").click()
    assert docx.value.suggested_filename == f"答复书-{tracking_number}.docx"
    with page.expect_download() as pdf:
        page.get_by_role("link", name="下载答复书（PDF）").click()
    assert pdf.value.path().read_bytes()[:5] == b"%PDF-"
    form = action(page, "delivery")
    form.get_by_label("送达方式").select_option("email")
    submit(form, "记录送达", page)
    expect(page.locator("#case-status")).to_have_text("已答复")

    # 10. The applicant sees the reply on the status page; no personal data on it.
    page.context.clear_cookies()
    page.goto("/ysqgk/status/")
    page.get_by_label("登记号").fill(tracking_number)
    page.get_by_label("查询码").fill(query_code)
    page.get_by_role("button", name="查询").click()
    result = page.locator(".status-result")
    expect(result).to_contain_text("已答复")
    expect(result).to_contain_text("予以公开")
    expect(result).to_contain_text(number)
    expect(result).to_contain_text("补正申请告知书")
    expect(result).to_contain_text("延长答复期限告知书")
    for personal in (NAME, ID_NUMBER, PHONE):
        assert personal not in page.content()
    letter = page.request.get(result.get_by_role("link", name="查看答复书（PDF）").get_attribute("href"))
    assert letter.status == 200 and letter.body()[:5] == b"%PDF-"

    # 11. Counted in Table 三: one more received, one more 予以公开, and the cross-checks still hold.
    sign_in_as(page, login, "handler")
    page.goto("/staff/applications/statistics/?year=2026")
    assert table_three_cell(page, "received") == received_before + 1
    assert table_three_cell(page, "disclosed") == disclosed_before + 1
    assert table_three_cell(page, "disclosed", 0) >= 1  # 自然人
    expect(page.locator("#cross-checks")).to_contain_text("勾稽关系校验通过")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_supplement_then_an_extension_across_the_year_end_then_a_reply_with_the_material(
    page, login, move_to, handler_case
):
    """Issue 10: 补正 → an extension that crosses into 2027 (whose 放假安排 is not entered: 暂定, counted over
    weekends and the statutory holidays) → the reply with the disclosed material attached, delivered by
    e-mail; the numbered notices are on the case page and in the case archive."""
    import io
    import zipfile

    case_url, _tracking_number = handler_case
    sign_in_as(page, login, "handler")

    # 补正 on Wednesday 2 December; the supplement arrives on Friday 4 December.
    move_to(date(2026, 12, 2))
    page.goto(case_url)
    form = action(page, "supplement_request")
    form.get_by_label("补正期限").fill("2026-12-11")
    form.get_by_label("需要补正的事项").fill("请写明所需排污单位的名称。")
    submit(form, "发出补正通知", page)
    notice = page.locator("#notices .notice-document").filter(has_text="补正申请告知书")
    expect(notice.locator(".document-number")).to_have_text(re.compile(r"依申请公开补〔2026〕\d+号"))
    move_to(date(2026, 12, 4))
    page.goto(case_url)
    form = action(page, "supplement_received")
    form.get_by_label("说明").fill("申请人补充：示例化工有限公司")
    submit(form, "记录收到补正", page)
    # 20 working days from 12-04 end in 2027: 元旦 (statutory, provisional) is not counted → 4 January
    expect(page.locator("#due-on")).to_contain_text("2027年1月4日")
    expect(page.locator("#due-on")).to_contain_text("暂定")

    # The extension crosses the year end: approved with a warning, its notice gives the provisional date.
    move_to(date(2026, 12, 10))
    page.goto(case_url)
    form = action(page, "extension_request")
    form.get_by_label("延长工作日数").fill("10")
    form.get_by_label("延期理由").fill("需要调取多个年度的执法档案")
    submit(form, "提交延期申请", page)
    sign_in_as(page, login, "leader")
    page.goto(case_url)
    form = action(page, "extension_decide")
    form.get_by_role("radio", name="同意", exact=True).check()
    form.get_by_role("button", name="提交审批意见").click()
    expect(page.locator("#due-on")).to_contain_text("2027年1月18日")
    expect(page.locator("#due-on")).to_contain_text("暂定")
    notice = page.locator("#notices .notice-document").filter(has_text="延长答复期限告知书")
    expect(notice.locator(".document-number")).to_have_text(re.compile(r"依申请公开延〔2026〕\d+号"))

    # The handler attaches the disclosed material, drafts the reply; legal review; the leader signs.
    sign_in_as(page, login, "handler")
    page.goto(case_url)
    form = action(page, "attachment")
    form.get_by_label("材料类型").select_option("disclosed")
    form.get_by_label("文件（PDF、JPG、PNG）").set_input_files(
        {"name": "示例化工有限公司排污许可证.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    submit(form, "上传", page)
    form = action(page, "reply_draft")
    form.get_by_label("办理结果").select_option("disclosed")
    form.get_by_role("button", name="按模板生成").click()
    form = action(page, "reply_draft")
    body = form.get_by_label("答复正文")
    body.fill(re.sub(r"【[^】]*】", "", body.input_value()))
    form.get_by_role("button", name="保存草稿").click()
    page.locator("#reply_submit").get_by_role("button", name="提交法律审查").click()
    sign_in_as(page, login, "legal")
    page.goto(case_url)
    form = action(page, "legal_review")
    form.get_by_role("radio", name="同意", exact=True).check()
    form.get_by_label("审查意见").fill("同意。")
    submit(form, "提交审查意见", page)
    move_to(date(2026, 12, 15))
    sign_in_as(page, login, "leader")
    page.goto(case_url)
    submit(action(page, "sign"), "签发答复书", page)
    expect(page.locator(".letter-preview")).to_contain_text("附件：示例化工有限公司排污许可证")

    # Delivered by e-mail with the material; the archive keeps the numbered notices.
    sign_in_as(page, login, "handler")
    page.goto(case_url)
    form = action(page, "delivery")
    form.get_by_label("送达方式").select_option("email")
    submit(form, "记录送达", page)
    expect(page.locator("#case-status")).to_have_text("已答复")
    with page.expect_download() as bundle:
        page.get_by_role("link", name=re.compile("导出案卷")).click()
    with zipfile.ZipFile(io.BytesIO(bundle.value.path().read_bytes())) as archive:
        names = archive.namelist()
    assert any(name.startswith("告知书/") and name.endswith("补正申请告知书.pdf") for name in names)
    assert any(name.startswith("告知书/") and name.endswith("延长答复期限告知书.docx") for name in names)
    assert any(name.startswith("附件/") and "公开的政府信息" in name for name in names)


@pytest.fixture
def handler_case(move_to, demo):
    """An application received in person on Tuesday 1 December 2026 (made through the service before the
    browser starts; the journey itself is in the browser)."""
    from gongkai.applications import services
    from gongkai.core.models import User

    move_to(date(2026, 12, 1))
    application = services.register_application(
        actor=User.objects.get(username="handler"),
        channel="in_person",
        data={
            "applicant_type": "natural_person",
            "name": NAME,
            "id_type": "resident_id",
            "id_number": ID_NUMBER,
            "phone": PHONE,
            "email": "lin@example.com",
            "description": "示例化工有限公司的排污许可证及其副本",
            "provision_form": "email",
            "delivery_method": "email",
        },
        arrived_on=date(2026, 12, 1),
    ).application
    return f"/staff/applications/{application.pk}/", application.tracking_number


def test_the_applications_pages_have_no_serious_accessibility_violations(axe_page, axe_report, login):
    """axe-core (WCAG 2.1 A/AA + best practices) on every public page and the staff pages of 依申请公开."""
    from gongkai.applications.models import Application

    reports = []

    def check(name: str, path: str | None = None) -> None:
        if path:
            axe_page.goto(path)
        report = axe_report(axe_page)
        if report:
            reports.append(f"[{name}] {report}")

    for name, path in {
        "guide": "/ysqgk/",
        "apply": "/ysqgk/apply/",
        "status": "/ysqgk/status/",
        "public-statistics": "/ysqgk/statistics/",
    }.items():
        check(name, path)
    axe_page.goto("/ysqgk/apply/")
    axe_page.get_by_role("button", name="提交申请").click()  # every field in error
    check("apply-with-errors")

    login(axe_page, "handler")
    replied = Application.objects.filter(status="replied").first()
    for name, path in {
        "dashboard": "/staff/applications/dashboard/",
        "case-list": "/staff/applications/",
        "case": f"/staff/applications/{replied.pk}/",
        "register": "/staff/applications/register/",
        "statistics": "/staff/applications/statistics/",
        "appeals": "/staff/applications/appeals/",
    }.items():
        check(name, path)
    assert not reports, "\n\n".join(reports)


def test_a_failed_submit_moves_focus_to_the_linked_error_summary(page):
    page.goto("/ysqgk/apply/")
    page.get_by_role("button", name="提交申请").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_id_number']")).to_have_count(1)
    summary.locator("a[href='#id_id_number']").click()
    expect(page.locator("#id_id_number")).to_be_focused()
