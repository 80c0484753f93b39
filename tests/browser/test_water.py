"""Surface-water monthly results in a real browser: the data officer uploads a month's CSV through the form,
publishes it, corrects a value with a reason; the public page shows class badges and the correction, and
passes axe-core (CSP enforced)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]

FILE = (
    "section,ph,do,codmn,nh3_n,tp\n"
    "S1,7.4,7.8,3.1,0.3,0.08\nS2,7.1,4.2,6.5,1.6,0.32\nL1,8.0,8.5,3.8,0.2,0.04\n"
)


@pytest.fixture
def sections():
    from gongkai.water.models import Section

    common = {"control_level": Section.ControlLevel.PROVINCIAL}
    Section.objects.create(
        code="S1", name="上游桥", water_name="清水河", water_body="river", target_class=2, **common
    )
    Section.objects.create(
        code="S2", name="出境口", water_name="清水河", water_body="river", target_class=3, **common
    )
    Section.objects.create(
        code="L1", name="湖心", water_name="明湖", water_body="lake", target_class=3, **common
    )


def upload(page, content: str, reason: str = "") -> None:
    page.goto("/staff/water/upload/")
    page.get_by_label("月份").fill("2030-01")  # after the demo's months: the latest
    page.get_by_label("数据文件").set_input_files(
        files=[{"name": "oct.csv", "mimeType": "text/csv", "buffer": content.encode()}]
    )
    if reason:
        page.get_by_label("更正原因").fill(reason)
    page.get_by_role("button", name="上传并导入").click()


def test_upload_publish_correct_and_read_the_public_page(page, login, sections, axe_page, axe_report):
    login(page, "data")
    upload(page, FILE)  # the upload runs as an intake job; its page shows how it ended
    expect(page.get_by_role("status")).to_contain_text("已完成")
    page.goto("/staff/water/upload/")
    page.locator("form", has_text="2030年1月").get_by_role("button", name="发布").click()
    expect(page.get_by_role("status")).to_contain_text("已发布3个断面的结果")
    upload(page, FILE.replace("0.08", "0.12"))
    expect(page.get_by_text("请填写更正原因")).to_be_visible()
    upload(page, FILE.replace("0.08", "0.12"), reason="实验室复核总磷")
    expect(page.get_by_role("status")).to_contain_text("已完成")

    axe_page.goto("/water/?month=2030-01")
    expect(axe_page.get_by_role("heading", name="地表水环境质量月报")).to_be_visible()
    rows = axe_page.locator("#water-sections tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="上游桥").locator(".wq")).to_have_text("Ⅲ类")
    expect(rows.filter(has_text="上游桥")).to_contain_text("更正：实验室复核总磷")
    expect(rows.filter(has_text="出境口")).to_contain_text("氨氮(0.6)、总磷(0.6)、高锰酸盐指数(0.1)")
    badge = rows.filter(has_text="湖心").locator(".wq")
    expect(badge).to_have_css("background-color", "rgb(46, 125, 50)")  # Class III green from classes.css
    report = axe_report(axe_page)
    assert not report, report


def test_bulletin_page_map_trend_statuses_and_section_page(page, axe_page, axe_report):
    """The demo basin's latest month: 12 sections in the table, the map and the trend drawn with ECharts
    from the page's own data (no map tiles), the river status table, and a section's trend page."""
    from gongkai.water.models import MonthlyResult

    latest = MonthlyResult.objects.published().latest("month").month
    axe_page.goto(f"/water/?month={latest:%Y-%m}")
    expect(axe_page.locator("body")).to_have_attribute("data-water-charts", "ready")
    expect(axe_page.locator("#water-sections tbody tr")).to_have_count(12)
    expect(axe_page.locator("#water-map canvas")).to_have_count(1)
    expect(axe_page.locator("#water-trend canvas")).to_have_count(1)
    expect(axe_page.locator("#water-summary")).to_contain_text("参加评价的12个断面中")
    statuses = axe_page.locator("#water-statuses tbody tr")
    expect(statuses.filter(has_text="清河流域")).to_contain_text("断面水质类别比例法")  # 10 river sections
    expect(statuses.filter(has_text="白沙河")).to_contain_text("断面平均浓度单因子法")  # 2 sections
    requested = []
    axe_page.on("request", lambda request: requested.append(request.url))
    report = axe_report(axe_page)
    assert not report, report
    axe_page.locator("#water-sections").get_by_role("link", name="源头").click()
    expect(axe_page.get_by_role("heading", name="源头断面水质")).to_be_visible()
    expect(axe_page.locator("body")).to_have_attribute("data-water-charts", "ready")
    expect(axe_page.locator("#water-section-history tbody tr")).to_have_count(2)
    assert all(url.startswith(axe_page.url.split("/water/")[0]) for url in requested)  # nothing external
