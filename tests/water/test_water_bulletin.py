"""Monthly bulletin, river and section pages: shares, river status by the 2011 method, last year."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.water import bulletin, demo, gb3838, services
from gongkai.water import home as water_home
from gongkai.water.models import Bulletin, DrinkingWaterSource, MonthlyResult, Section, SourceMonth

MONTH = date(2026, 10, 1)
LAST_YEAR = date(2025, 10, 1)
# Five river sections of one river (share method) and a lake.
HEADER = "section,ph,do,codmn,nh3_n,tp\n"
ROWS = {
    # R1 II, R2 III, R3 III, R4 IV (NH3-N 1.2), R5 劣V (NH3-N 2.5), L1 lake III (TP 0.04).
    MONTH: "R1,7.4,7.8,3.1,0.3,0.08\nR2,7.1,6.5,5.5,0.8,0.15\nR3,7.3,6.1,4.2,0.9,0.12\n"
    "R4,7.2,5.5,5.0,1.2,0.18\nR5,7.0,5.2,5.8,2.5,0.19\nL1,8.0,8.5,3.8,0.2,0.04\n",
    LAST_YEAR: "R1,7.4,7.8,3.1,0.3,0.08\nR2,7.1,6.5,5.5,1.8,0.15\n",
}


def script_data(html: str, element_id: str):
    return json.loads(re.search(rf'id="{element_id}"[^>]*>(.*?)</script>', html, re.S).group(1))


@pytest.fixture
def published(db, administrator):
    common = {"control_level": Section.ControlLevel.PROVINCIAL, "basin": "测试流域"}
    for index in range(1, 6):
        Section.objects.create(
            code=f"R{index}",
            name=f"断面{index}",
            water_name="测试河",
            water_body="river",
            target_class=3,
            longitude=f"113.{index}",
            latitude="34.5",
            **common,
        )
    Section.objects.create(
        code="L1", name="湖心", water_name="测试湖", water_body="lake", target_class=3, **common
    )
    for month, rows in ROWS.items():
        services.import_monthly(actor=administrator, month=month, content=(HEADER + rows).encode())
        services.publish_month(actor=administrator, month=month)


def test_summary_shares_and_last_year(published):
    data = bulletin.bulletin(MONTH)
    summary = data["summary"]
    assert summary.total == 6
    assert summary.by_class == {2: 1, 3: 3, 4: 1, 6: 1}
    assert summary.good == Fraction(4, 6)
    assert summary.worst == Fraction(1, 6)
    assert summary.compliance == Fraction(4, 6)
    assert data["last_year"].total == 2
    r2 = next(r for r in data["results"] if r.section.code == "R2")
    assert r2.last_year_badge is gb3838.WaterClass.V  # NH3-N 1.8 in October 2025


def test_river_with_five_sections_uses_the_share_method(published):
    statuses = {(w.kind, w.name): w for w in bulletin.bulletin(MONTH)["statuses"]}
    river = statuses[("river", "测试河")]
    # 3 of 5 in I-III = 60 % < 75 %; 劣V 1 of 5 = 20 % → 中度污染 (20 % ≤ 劣V < 40 %).
    assert (river.sections, river.result.method) == (5, "share")
    assert river.result.status is gb3838.Status.MODERATELY_POLLUTED
    assert (river.good_text, river.worst_text) == ("60.0%", "20.0%")
    assert statuses[("basin", "测试流域")].result.status is gb3838.Status.MODERATELY_POLLUTED
    assert ("river", "测试湖") not in statuses  # lakes are assessed alone


def test_river_with_fewer_sections_uses_the_mean(published):
    history = dict(bulletin.river_history("测试河"))
    last = history[LAST_YEAR]
    # Two sections: NH3-N mean (0.3 + 1.8) / 2 = 1.05 → Class IV; the other means are Class III or better.
    assert (last.sections, last.result.method) == (2, "mean")
    assert last.result.water_class is gb3838.WaterClass.IV
    assert last.result.status is gb3838.Status.LIGHTLY_POLLUTED


def test_bulletin_page_shows_table_statuses_and_chart_data(published):
    response = Client().get(reverse("water:monthly"), {"month": "2026-10"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "中度污染" in html and "断面水质类别比例法" in html and "上年同期" in html
    charts = script_data(html, "water-chart-data")
    assert [p["code"] for p in charts["points"]] == ["R1", "R2", "R3", "R4", "R5"]  # L1 has no coordinates
    assert charts["trend"]["months"] == ["2025-10", "2026-10"]
    assert charts["trend"]["good"] == [50.0, 66.7]


def test_river_and_section_pages(published):
    client = Client()
    river = client.get(reverse("water:river", args=["测试河"]))
    assert river.status_code == 200 and "断面平均浓度单因子法" in river.content.decode()
    assert client.get(reverse("water:river", args=["无此河"])).status_code == 404
    section = client.get(reverse("water:section", args=["R5"]))
    html = section.content.decode()
    assert section.status_code == 200 and "劣Ⅴ类" in html
    chart = script_data(html, "water-section-data")
    assert chart["series"]["nh3_n"] == [2.5]
    assert chart["limits"]["nh3_n"] == 1.0  # Class III
    assert client.get(reverse("water:section", args=["NOPE"])).status_code == 404


def test_unpublished_months_stay_out(published, administrator):
    services.import_monthly(
        actor=administrator, month=date(2026, 11, 1), content=(HEADER + "R1,7,8,2,0.1,0.01\n").encode()
    )
    assert bulletin.class_trend(date(2026, 11, 1))["months"] == ["2025-10", "2026-10"]
    assert Client().get(reverse("water:section", args=["R1"])).content.decode().count("2026年11月") == 0


def test_demo_basin_has_coordinates_sources_and_a_mix_of_classes(db, settings):
    demo.load_demo(months=14)
    sections = Section.objects.all()
    assert sections.count() == 12
    assert all(s.longitude is not None and s.basin == demo.BASIN for s in sections)
    assert sections.filter(drinking_water_source=True).count() == 3
    assert sections.filter(water_body="lake").count() == 2
    classes = set(MonthlyResult.objects.values_list("water_class", flat=True))
    assert {2, 3, 4} <= classes and len(classes) >= 4
    latest = MonthlyResult.objects.latest("month").month
    assert bulletin.bulletin(latest)["last_year"] is not None
    sources = DrinkingWaterSource.objects.all()
    assert sources.count() == 3
    assert all(s.zone_primary and s.served_population and s.design_withdrawal for s in sources)
    assert all(s.sections.count() == 1 for s in sources)
    assert SourceMonth.objects.count() == 3 * 14
    report = bulletin.source_report(latest)
    assert report["assessed"] == 3 and report["volume_rate"] != "—"
    # Each month's volume stays within design × days (load factor 0.7–0.95).
    for row in SourceMonth.objects.select_related("source"):
        assert row.withdrawal <= row.source.design_withdrawal * 31


def test_the_worker_drafts_complete_months_only(published, administrator):
    from gongkai.water import tasks

    # October 2025 has results for R1 and R2 only: not complete; October 2026 has every section.
    drafted = tasks.draft_monthly_bulletins.call_local()
    assert drafted == ["2026-10"]
    bulletin_ = Bulletin.objects.get()
    assert bulletin_.title.endswith("2026年10月地表水环境质量月报")
    assert "中度污染" in bulletin_.body_html and "断面水质类别比例法" in bulletin_.body_html
    assert tasks.draft_monthly_bulletins.call_local() == []  # nothing twice
    assert AuditRecord.objects.filter(action="water.bulletin_draft").count() == 1
    with pytest.raises(DomainError, match="尚未全部发布"):
        services.draft_bulletin(actor=administrator, month=LAST_YEAR)


def test_reviewed_bulletin_goes_to_disclosure_as_a_draft(published, make_staff, client_for, administrator):
    from gongkai.disclosure import services as disclosure
    from gongkai.disclosure.models import Document

    disclosure.save_catalogue_item(
        actor=administrator, code="03", name="法定主动公开内容", department="办公室", channels=["政府网站"]
    )
    disclosure.save_catalogue_item(
        actor=administrator, code="03.05", name="统计信息", department="监测科", channels=["政府网站"]
    )
    officer = make_staff("data_officer")
    client = client_for(officer)
    response = client.post(reverse("water:staff_bulletin_draft"), {"month": "2026-10"})
    bulletin_ = Bulletin.objects.get()
    assert response.url == reverse("water:staff_bulletin", args=[bulletin_.pk])
    page = client.get(response.url).content.decode()
    assert "审核无误，提交主动公开" in page and "R5" not in page and "断面5" in page
    client.post(reverse("water:staff_bulletin_submit", args=[bulletin_.pk]))
    bulletin_.refresh_from_db()
    document = Document.objects.get(pk=bulletin_.document_id)
    assert document.status == "draft" and document.catalogue_item.code == "03.05"
    assert [a.name.rsplit(".", 1)[1] for a in document.current_attachments()] == ["xlsx"]
    assert "审核中" in client.get(reverse("water:staff_bulletins")).content.decode()
    with pytest.raises(DomainError, match="已提交"):
        services.submit_bulletin(actor=officer, bulletin=bulletin_)
    with pytest.raises(DomainError, match="不能重新生成"):
        services.draft_bulletin(actor=officer, month=MONTH)
    editor = make_staff("editor")
    assert client_for(editor).get(reverse("water:staff_bulletins")).status_code == 403


def test_home_card_shows_the_latest_month(published):
    from gongkai.core import home

    assert "water-month" in [card.key for card in home.cards()]
    context = water_home.card_context(None)
    assert context["month"] == MONTH and context["good"] == "66.7%" and context["worst"] == "16.7%"
    html = Client().get("/").content.decode()
    assert "6个断面中Ⅰ～Ⅲ类水质占66.7%" in html


def test_home_card_is_left_out_without_published_results(db):
    assert water_home.card_context(None) is None


def test_drinking_water_source_report(db, administrator):
    common = {"control_level": Section.ControlLevel.CITY, "drinking_water_source": True, "target_class": 2}
    one = DrinkingWaterSource.objects.create(
        code="DW1",
        name="一号水源地",
        served_population=20,
        zone_primary="取水口上下游各500米水域",
        zone_primary_area=Decimal("0.25"),
    )
    two = DrinkingWaterSource.objects.create(code="DW2", name="二号水源地")
    three = DrinkingWaterSource.objects.create(code="DW3", name="三号水源地")
    Section.objects.create(
        code="W1", name="一号水源", water_name="甲河", water_body="river", source=one, **common
    )
    Section.objects.create(
        code="W2", name="二号水源", water_name="乙库", water_body="lake", source=two, **common
    )
    Section.objects.create(
        code="W3", name="三号水源", water_name="丙河", water_body="river", source=three, **common
    )
    Section.objects.create(
        code="N1",
        name="普通断面",
        water_name="甲河",
        water_body="river",
        target_class=3,
        control_level="city",
    )
    content = (
        "section,ph,do,nh3_n,tp,mn\n"
        "W1,7.2,7.0,0.4,0.08,0.05\n"  # Class II, Mn 0.05 ≤ 0.1 → 达标
        "W2,7.5,6.5,0.5,0.06,0.15\n"  # lake TP 0.06 > 0.05 → Class IV; Mn 0.15 > 0.1 (0.5 over)
        "W3,7.0,6.2,0.9,0.15,0.08\n"  # Class III, Mn ≤ 0.1 → 达标
        "N1,7.0,5.0,1.8,0.3,\n"
    )
    services.import_monthly(actor=administrator, month=MONTH, content=content.encode())
    services.publish_month(actor=administrator, month=MONTH)
    # Withdrawal (万m³): DW1 300 and DW3 100 comply, DW2 600 fails → 400 / 1000 = 40.0%.
    SourceMonth.objects.create(source=one, month=MONTH, withdrawal=Decimal("300"))
    SourceMonth.objects.create(source=two, month=MONTH, withdrawal=Decimal("600"))
    SourceMonth.objects.create(source=three, month=MONTH, withdrawal=Decimal("100"))
    report = bulletin.source_report(MONTH)
    rows = {row["source"].code: row for row in report["sources"]}
    assert set(rows) == {"DW1", "DW2", "DW3"}
    assert rows["DW1"]["complies"] is True and rows["DW1"]["failing"] == ""
    assert rows["DW2"]["complies"] is False
    assert rows["DW2"]["basic_class"] is gb3838.WaterClass.IV
    assert rows["DW2"]["failing"] == "总磷(0.2)、锰(0.5)"
    # 达标率 2 / 3 = 66.7%; 取水量达标率 (300 + 100) / 1000 = 40.0%.
    assert (report["assessed"], report["rate"], report["volume_rate"]) == (3, "66.7%", "40.0%")
    assert report["withdrawal_total"] == Decimal("1000")
    html = Client().get(reverse("water:sources"), {"month": "2026-10"}).content.decode()
    assert "3个集中式饮用水水源地的水质达标率为66.7%" in html and "锰(0.5)" in html
    assert "取水量达标率为40.0%" in html and "地表水" in html and "未评价" not in html
    assert "取水口上下游各500米水域（0.25 km²）" in html
    api = Client().get("/api/v1/lists/water-sources", {"month": "2026-10"}).json()
    by_code = {row["source"]: row for row in api["results"]}
    assert set(by_code) == {"DW1", "DW2", "DW3"}
    assert float(by_code["DW2"]["withdrawal"]) == 600
    assert by_code["DW1"]["served_population"] == 20


def test_source_with_two_sections_fails_when_one_fails_and_volume_rate_skips_missing(db, administrator):
    source = DrinkingWaterSource.objects.create(code="DW9", name="双断面水源地")
    other = DrinkingWaterSource.objects.create(code="DW8", name="未填取水量水源地")
    common = {"control_level": "city", "target_class": 2, "water_body": "river", "water_name": "甲河"}
    Section.objects.create(code="A1", name="取水口", source=source, **common)
    Section.objects.create(code="A2", name="上游", source=source, **common)
    Section.objects.create(code="B1", name="另一取水口", source=other, **common)
    content = "section,ph,do,nh3_n\nA1,7.2,7.0,0.4\nA2,7.2,7.0,1.2\nB1,7.0,6.5,0.3\n"  # A2 NH3-N IV
    services.import_monthly(actor=administrator, month=MONTH, content=content.encode())
    services.publish_month(actor=administrator, month=MONTH)
    SourceMonth.objects.create(source=source, month=MONTH, withdrawal=Decimal("250"))
    report = bulletin.source_report(MONTH)
    (row_other, row) = report["sources"]  # ordered by code: DW8, DW9
    assert row["complies"] is False and [r.section.code for r in row["results"]] == ["A1", "A2"]
    assert row["failing"].startswith("上游：氨氮")
    assert row_other["complies"] is True and row_other["withdrawal"] is None
    # 达标率 1 / 2 = 50.0%; only DW9 entered a volume and it fails → 0 / 250 = 0.0%.
    assert (report["rate"], report["volume_rate"]) == ("50.0%", "0.0%")


def test_annual_summary_uses_the_mean_of_the_months(published, administrator):
    services.import_monthly(
        actor=administrator,
        month=date(2026, 11, 1),
        content=(HEADER + "R5,7.0,5.2,5.8,0.5,0.19\nR1,7.4,7.8,3.1,0.3,0.08\n").encode(),
    )
    services.publish_month(actor=administrator, month=date(2026, 11, 1))
    data = bulletin.annual_summary(2026)
    rows = {row.section.code: row for row in data["rows"]}
    # R5: NH3-N (2.5 + 0.5) / 2 = 1.5 → Class IV (on the limit), DO 5.2 → III.
    assert rows["R5"].months == 2 and rows["R5"].badge is gb3838.WaterClass.IV
    assert rows["R1"].badge is gb3838.WaterClass.II
    assert bulletin.published_years() == [2026, 2025]
    statuses = {(w.kind, w.name): w for w in data["statuses"]}
    # 5 river sections: II, III, III, IV, IV → 60 % I-III, no 劣V → 轻度污染.
    assert statuses[("river", "测试河")].result.status is gb3838.Status.LIGHTLY_POLLUTED
    html = Client().get(reverse("water:annual"), {"year": "2026"}).content.decode()
    assert "参加评价的6个断面中" in html and "轻度污染" in html
    assert Client().get(reverse("water:annual"), {"year": "x"}).status_code == 200


def test_declared_lists_page_exports_and_api_twins(published):
    client = Client()
    page = client.get(reverse("water:history"), {"section": "R5"}).content.decode()
    assert "劣Ⅴ类" in page and "断面5" in page
    export = client.get(reverse("water:history"), {"water": "测试河", "year": "2026", "export": "csv"})
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("月份,断面编码,断面名称") and len(lines) == 1 + 5
    api = client.get("/api/v1/lists/water-results", {"section": "R2"}).json()
    assert [(r["month"], r["water_class"]) for r in api["results"]] == [("2026-10", "III"), ("2025-10", "V")]
    assert api["results"][0]["values"]["nh3_n"] == "0.8"
    annual = client.get("/api/v1/lists/water-annual", {"year": "2025"}).json()
    assert {r["section"]: r["water_class"] for r in annual["results"]} == {"R1": "II", "R2": "V"}
    xlsx = client.get(reverse("water:annual"), {"year": "2026", "export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sources = client.get("/api/v1/lists/water-sources").json()
    assert sources["count"] == 0  # no drinking-water source in this fixture


def test_lake_trophic_state_on_the_bulletin(db, administrator):
    Section.objects.create(
        code="L9", name="镜湖", water_name="镜湖", water_body="lake", target_class=3, control_level="city"
    )
    content = "断面编码,codmn,tp,tn,叶绿素a,透明度\nL9,4,0.05,1.0,10,1.0\n"
    services.import_monthly(actor=administrator, month=MONTH, content=content.encode())
    services.publish_month(actor=administrator, month=MONTH)
    result = MonthlyResult.objects.get()
    assert (result.values["chla"], result.values["sd"]) == ("10", "1.0")
    assert result.water_class == 3  # chlorophyll a and transparency are not in the class
    [(shown, tli)] = bulletin.bulletin(MONTH)["trophic"]
    # By hand: TLI(chla) 50.01, TLI(TP) 45.71, TLI(TN) 54.53, TLI(SD) 51.18, TLI(CODMn) 37.98, weights
    # r²/Σr² with r = 1, 0.84, 0.82, -0.83, 0.83 → 48.0, 中营养 (30 ≤ TLI ≤ 50).
    assert shown.section.code == "L9"
    assert (str(tli.index), tli.state) == ("48.0", gb3838.TrophicState.MESOTROPHIC)
    html = Client().get(reverse("water:monthly")).content.decode()
    assert "湖库营养状态" in html and "48.0" in html


def test_demo_lakes_have_a_trophic_state(db):
    demo.load_demo(months=1)
    latest = MonthlyResult.objects.latest("month").month
    assert {r.section.code for r, _tli in bulletin.bulletin(latest)["trophic"]} == {"MH01", "XS01"}


def test_lake_trophic_state_on_the_annual_page(db, administrator):
    Section.objects.create(
        code="L9", name="镜湖", water_name="镜湖", water_body="lake", target_class=3, control_level="city"
    )
    Section.objects.create(
        code="R9", name="河段", water_name="甲河", water_body="river", target_class=3, control_level="city"
    )
    months = {
        date(2026, 8, 1): "L9,3,0.04,0.8,8,0.8\nR9,3,0.04,0.8,8,0.8\n",
        date(2026, 9, 1): "L9,5,0.06,1.2,12,1.2\n",
        date(2026, 10, 1): "L9,9,0.2,3.0,50,\n",  # no transparency: left out of the annual TLI
    }
    for month, rows in months.items():
        content = "断面编码,codmn,tp,tn,叶绿素a,透明度\n" + rows
        services.import_monthly(actor=administrator, month=month, content=content.encode())
        services.publish_month(actor=administrator, month=month)
    [state] = bulletin.annual_summary(2026)["trophic"]  # rivers have none
    # Means of Aug and Sep: CODMn 4, TP 0.05, TN 1.0, chla 10, SD 1.0 — the same values as the monthly
    # test above, so by hand TLI(Σ) = 48.0, 中营养.
    assert (state.section.code, state.months) == ("L9", 2)
    assert (state.means["chla"], state.means["sd"]) == (Decimal("10"), Decimal("1.0"))
    assert (str(state.result.index), state.result.state) == ("48.0", gb3838.TrophicState.MESOTROPHIC)
    html = Client().get(reverse("water:annual"), {"year": "2026"}).content.decode()
    assert "湖库年度营养状态" in html and "48.0" in html and "中营养" in html


def test_withdrawal_column_of_the_results_file_feeds_the_volume_rate(db, administrator):
    """取水量 as an optional column of the monthly file (万m³): stored as the source's SourceMonth row
    (audited), the 取水量达标率 computed from it; a re-import with the same value changes nothing."""
    from gongkai.audit.models import AuditRecord

    good = DrinkingWaterSource.objects.create(code="DW1", name="一号水源地")
    bad = DrinkingWaterSource.objects.create(code="DW2", name="二号水源地")
    common = {"control_level": "city", "target_class": 2, "water_body": "river", "water_name": "甲河"}
    Section.objects.create(code="W1", name="一号取水口", source=good, **common)
    Section.objects.create(code="W1B", name="一号上游", source=good, **common)
    Section.objects.create(code="W2", name="二号取水口", source=bad, **common)
    Section.objects.create(code="N1", name="普通断面", **common)
    content = (
        "断面编码,pH值,溶解氧,氨氮,取水量（万立方米）\n"
        "W1,7.2,7.0,0.4,300\n"
        "W1B,7.2,7.0,0.3,300.00\n"  # the same source: the same volume again
        "W2,7.0,6.5,1.2,100.5\n"  # NH3-N 1.2: Class IV, fails
        "N1,7.0,6.5,0.3,\n"  # not a source: left empty
    )
    services.import_monthly(actor=administrator, month=MONTH, content=content.encode())
    services.publish_month(actor=administrator, month=MONTH)
    volumes = dict(SourceMonth.objects.filter(month=MONTH).values_list("source__code", "withdrawal"))
    assert volumes == {"DW1": Decimal("300"), "DW2": Decimal("100.5")}
    assert MonthlyResult.objects.get(section__code="W1").values == {"ph": "7.2", "do": "7.0", "nh3_n": "0.4"}
    report = bulletin.source_report(MONTH)
    assert (report["rate"], report["volume_rate"]) == ("50.0%", "74.9%")  # 300 / 400.5
    assert AuditRecord.objects.filter(action="water.source_month.import").count() == 2
    services.import_monthly(actor=administrator, month=MONTH, content=content.encode())
    assert AuditRecord.objects.filter(action="water.source_month.import").count() == 2


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("W1,7.2,-1\n", "第2行：取水量：取水量“-1”无效"),
        ("W1,7.2,12.345\n", "第2行：取水量：取水量“12.345”无效"),
        ("W1,7.2,很多\n", "第2行：取水量：取水量“很多”无效"),
        ("N1,7.2,5\n", "第2行：断面“N1”不代表集中式饮用水水源地，不能填写取水量。"),
        ("W1,7.2,5\nW1B,7.2,6\n", "第3行：同一水源地的取水量与第2行不一致。"),
    ],
)
def test_bad_withdrawal_refuses_the_whole_file(db, administrator, rows, message):
    source = DrinkingWaterSource.objects.create(code="DW1", name="一号水源地")
    common = {"control_level": "city", "target_class": 2, "water_body": "river", "water_name": "甲河"}
    Section.objects.create(code="W1", name="一号取水口", source=source, **common)
    Section.objects.create(code="W1B", name="一号上游", source=source, **common)
    Section.objects.create(code="N1", name="普通断面", **common)
    with pytest.raises(services.ImportRejected) as error:
        services.import_monthly(
            actor=administrator, month=MONTH, content=("section,ph,取水量\n" + rows).encode()
        )
    assert any(problem.startswith(message) for problem in error.value.problems), error.value.problems
    assert not MonthlyResult.objects.exists() and not SourceMonth.objects.exists()
