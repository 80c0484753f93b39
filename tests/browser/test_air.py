"""Air-quality publishing in a real browser, with a few days of demo data: the real-time page with its
ECharts charts (CSP enforced) and the daily report, which the worker publishes without anyone's action."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]

DEMO_DAYS = 3


@pytest.fixture
def air_demo(demo):
    from gongkai.air.demo import load_demo

    load_demo(DEMO_DAYS)


def test_realtime_page_shows_stations_regions_and_charts(page, air_demo):
    page.goto("/air/")
    expect(page.get_by_role("heading", name="实时空气质量")).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("实时数据未经审核")
    expect(page.locator("#air-stations tbody tr")).to_have_count(6)
    expect(page.locator("#air-regions tbody tr")).to_have_count(4)  # 示例市 and 3 districts
    expect(page.locator("#air-regions tbody tr").first).to_contain_text("示例市")
    expect(page.locator("body[data-air-charts=ready]")).to_have_count(1)
    expect(page.locator("#air-map canvas")).to_have_count(1)
    page.select_option("#air-trend-station", label="西山")
    page.select_option("#air-trend-pollutant", value="o3")
    expect(page.locator("#air-trend canvas")).to_have_count(1)


def test_daily_report_page_with_demo_data(page, air_demo):
    page.goto("/air/daily/")
    yesterday = timezone.localdate() - timedelta(days=1)
    expect(page.locator("#air-daily-heading")).to_contain_text(f"{yesterday.month}月{yesterday.day}日")
    expect(page.locator("#air-daily-regions tbody tr")).to_have_count(4)
    expect(page.locator("#air-daily-stations tbody tr")).to_have_count(6)
    expect(page.locator("#air-daily-stations .aqi").first).not_to_have_text("—")


def test_daily_report_appears_with_no_one_s_action(page, air_demo):
    from gongkai.air.models import DailyReport
    from gongkai.air.tasks import publish_daily_report

    yesterday = timezone.localdate() - timedelta(days=1)
    DailyReport.objects.filter(date=yesterday).delete()  # as before the worker's morning run
    page.goto(f"/air/daily/?date={yesterday:%Y-%m-%d}")
    expect(page.locator("#air-daily-empty")).to_contain_text("尚未发布")
    publish_daily_report.call_local()  # what the Huey consumer runs at 01:05 (crontab)
    page.reload()
    expect(page.locator("#air-daily-stations tbody tr")).to_have_count(6)
    expect(page.get_by_text("发布时间")).to_be_visible()


def test_the_air_pages_have_no_serious_accessibility_violations(axe_page, axe_report, air_demo, login):
    """axe-core (WCAG 2.1 A/AA + best practices) on every public air page, charts drawn, and the
    monitoring staff's pages."""
    reports = []

    def check(name: str, path: str, charts: bool = False, ready: str = "") -> None:
        response = axe_page.goto(path)
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        if charts:
            expect(axe_page.locator("body[data-air-charts=ready]")).to_have_count(1)
        if ready:
            expect(axe_page.locator(ready)).to_have_count(1)
        report = axe_report(axe_page)
        if report:
            reports.append(f"[{name}] {report}")

    today = timezone.localdate()
    check("realtime", "/air/", charts=True)
    check("daily", "/air/daily/")
    check("history", "/air/history/", charts=True)
    check("statistics-year", f"/air/statistics/?year={today.year}", charts=True)
    check("statistics-month", f"/air/statistics/?year={today.year}&month={today.month}", charts=True)
    check("map", "/air/map/", ready="body[data-air-map=ready]")
    check("methodology", "/air/methodology/")
    login(axe_page, "data")  # 监测数据管理员
    expect(axe_page).to_have_url(re.compile(r"/staff/$"))
    check("upload", "/staff/air/upload/")
    check("observations", "/staff/air/observations/")
    check("corrections", "/staff/air/corrections/")
    check("tokens", "/staff/intake/tokens/")  # the data officer owns the air data and its tokens
    assert not reports, "\n\n".join(reports)


def test_the_charts_draw_with_the_custom_echarts_bundle_without_script_errors(page, air_demo):
    """The bundle (gongkai/air/assets/echarts-air.js) holds only what the pages use: each chart page,
    including the history slider (over 62 days) and the monthly statistics chart, draws its canvases
    with no failed request and no ECharts warning. ECharts warns of a module a page uses but the bundle
    lacks only in a development build: `python scripts/install_assets.py --development` before this
    test checks that too (tests/air/test_echarts_bundle.py checks the imports without a browser)."""
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if "[ECharts]" in message.text else None)
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and "favicon" not in response.url
            else None
        ),
    )
    today = timezone.localdate()
    start = (today - timedelta(days=90)).isoformat()
    for path, charts in (
        ("/air/", ("#air-map", "#air-trend")),
        (f"/air/history/?start={start}&end={today.isoformat()}", ("#air-history-chart",)),
        (f"/air/statistics/?year={today.year}&month={today.month}", ("#air-stat-chart",)),
        (f"/air/statistics/?year={today.year}", ("#air-stat-chart", "#air-stat-monthly-chart")),
    ):
        page.goto(path)
        expect(page.locator("body[data-air-charts=ready]")).to_have_count(1)
        for chart in charts:
            expect(page.locator(f"{chart} canvas")).to_have_count(1)
    assert problems == []


def test_an_hour_changed_after_publishing_reaches_the_daily_report_as_a_public_correction(
    axe_page, axe_report, air_demo, login
):
    """Issue 13: the data officer changes an hour of a published day (数据审核, with a reason); the public
    report stays as published until the correction is published with a reason, then shows 更正 with its
    time, reason and the values before and after, under its first 发布时间."""
    page = axe_page
    day = timezone.localdate() - timedelta(days=1)
    page.goto(f"/air/daily/?date={day:%Y-%m-%d}")
    published = page.locator("#air-daily-times").inner_text()
    login(page, "data")  # 监测数据管理员
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.goto(f"/staff/air/observations/?date={day:%Y-%m-%d}&station=99010001")
    page.locator("#list-air-observations tbody tr").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="小时数据审核")).to_be_visible()
    page.get_by_label("细颗粒物PM₂.₅（µg/m³）").fill("900")
    page.get_by_label("PM₂.₅ 数据标记").select_option("valid")
    page.get_by_label("修改原因").fill("核对原始记录，PM2.5 小时值录入有误")
    page.get_by_role("button", name="保存修改").click()
    expect(page).to_have_url(re.compile(r"/staff/air/corrections/$"))
    pending = page.locator("section.air-correction").first
    expect(pending).to_contain_text("环保路")
    expect(pending).to_contain_text("核对原始记录")
    # not public yet
    page.goto(f"/air/daily/?date={day:%Y-%m-%d}")
    expect(page.locator("#air-daily-corrections")).to_have_count(0)
    page.goto("/staff/air/corrections/")
    page.get_by_label("更正原因（公开）").first.fill("环保路站PM2.5小时数据录入错误，已按原始记录更正")
    page.get_by_role("button", name="发布更正").first.click()
    expect(page).to_have_url(re.compile(r"/air/daily/\?date="))
    notice = page.locator("#air-daily-corrections")
    expect(notice).to_contain_text("更正原因：环保路站PM2.5小时数据录入错误")
    expect(notice).to_contain_text("第 1 次更正")
    expect(notice.locator("tbody")).to_contain_text("环保路")  # the station and its district and city
    expect(page.locator("#air-daily-times")).to_contain_text(published.split("　")[0])  # 发布时间 kept
    expect(page.locator("#air-daily-times")).to_contain_text("更正时间")
    report = axe_report(page)
    assert not report, report


def test_district_map_colours_stations_by_level_beside_its_tables(page, air_demo):
    # Issue 12: the administrator's district GeoJSON (the demo ships a fictional one), no tile
    # service; stations in the HJ 633 colour of their latest AQI, the same data in tables.
    page.goto("/air/map/")
    expect(page.get_by_role("heading", name="空气质量区县地图")).to_be_visible()
    expect(page.locator("body[data-air-map=ready]")).to_have_count(1)
    expect(page.locator("#air-district-map canvas")).to_have_count(1)
    expect(page.locator("#air-map-stations tbody tr")).to_have_count(6)
    expect(page.locator("#air-map-districts tbody tr")).to_have_count(3)
    expect(page.locator("#air-map-stations caption")).to_be_visible()
    drawn = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('air-district-map')).getOption()"
        ".series[0].data.map(d => [d.station.code, d.itemStyle.color])"
    )
    table = {
        row.get_attribute("data-code"): row.get_attribute("data-colour")
        for row in page.locator("#air-map-stations tbody tr").all()
    }
    assert len(drawn) == 6
    for code, colour in drawn:
        assert colour == (table[code] or "#cccccc"), code
    assert any(table.values()), "no station has a coloured level"
    requests = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert all(url.startswith(page.url.split("/air/")[0]) for url in requests), requests  # nothing outside


def test_methodology_page_is_reachable_from_the_statistics_page(page, air_demo):
    page.goto("/air/statistics/")
    page.locator("#air-methodology-link").click()
    expect(page).to_have_url(re.compile(r"/air/methodology/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("空气质量统计方法和依据")
    expect(page.get_by_role("heading", name="同比")).to_be_visible()
    expect(page.get_by_text("尚待核对")).to_have_count(0)
    page.go_back()
    page.locator("#air-stat-table summary").click()
    expect(page.locator("#air-stat-table caption")).to_be_visible()
