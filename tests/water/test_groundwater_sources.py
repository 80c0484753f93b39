"""Groundwater drinking-water sources on the public source report and its API twin: evaluated against the
GB/T 14848-2017 Class III limits of WATER_GROUNDWATER_LIMITS_FILE when the bureau supplies them, else shown
as 未评价 with the reason and left out of 达标率 and 取水量达标率. Surface sources keep GB 3838-2002.

The limits written here are test values, not the standard's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from gongkai.water import gb14848, services
from gongkai.water.models import DrinkingWaterSource, Section, SourceMonth

MONTH = date(2026, 10, 1)
REASON = "地下水水源按 GB/T 14848-2017 评价，本站未配置其限值"
LIMITS = "代码,项目,Ⅲ类限值\nph,pH,6.5~8.5\nnh3_n,氨氮,0.5\nsulfate,硫酸盐,250\n"


@pytest.fixture
def sources(db, administrator):
    """A surface source that meets Class III (300 万m³) and two wells (G1 500, G2 200): G1's ammonia 0.8 is
    over the test limit 0.5; both have DO 2.5, Class V under GB 3838 but no item of the groundwater file."""
    common = {"control_level": "city", "target_class": 3, "water_body": "river", "water_name": "甲河"}
    for code, name, kind, section, volume in (
        ("DW1", "河流水源地", "surface", "S1", "300"),
        ("DW2", "一号井水源地", "groundwater", "G1", "500"),
        ("DW3", "二号井水源地", "groundwater", "G2", "200"),
    ):
        source = DrinkingWaterSource.objects.create(code=code, name=name, kind=kind)
        Section.objects.create(code=section, name=f"{name}取水口", source=source, **common)
        SourceMonth.objects.create(source=source, month=MONTH, withdrawal=Decimal(volume))
    content = "section,ph,do,nh3_n,sulfate\nS1,7.2,6.5,0.4,120\nG1,7.3,2.5,0.8,90\nG2,7.1,2.5,0.3,60\n"
    services.import_monthly(actor=administrator, month=MONTH, content=content.encode())
    services.publish_month(actor=administrator, month=MONTH)


@pytest.fixture
def limits_file(tmp_path, settings):
    config = apps.get_app_config("water")
    path = tmp_path / "groundwater.csv"
    path.write_text("\ufeff" + LIMITS, encoding="utf-8")
    settings.WATER_GROUNDWATER_LIMITS_FILE = str(path)
    config._groundwater_limits()
    yield path
    gb14848.configure(())


def page(client=None) -> str:
    return (client or Client()).get(reverse("water:sources"), {"month": "2026-10"}).content.decode()


def api() -> dict:
    rows = Client().get("/api/v1/lists/water-sources", {"month": "2026-10"}).json()["results"]
    return {row["source"]: row for row in rows}


def test_not_configured_groundwater_sources_are_not_evaluated(sources):
    assert not gb14848.configured()
    html = page()
    # Only the surface source is assessed: 1 of 1 complies, 300 of 300 万m³.
    assert "1个集中式饮用水水源地的水质达标率为100.0%" in html
    assert "取水量达标率为100.0%（取水总量300.00万立方米）" in html
    assert "另有2个地下水水源地未评价，不计入达标率和取水量达标率。" in html
    assert html.count(REASON) == 2 and "本站未配置其限值，地下水水源地不作评价" in html
    assert "氨氮(0.6)" not in html and "溶解氧" not in html  # no GB 3838 verdict on the wells
    rows = api()
    assert rows["DW1"]["complies"] is True and rows["DW1"]["standard"] == "GB 3838-2002"
    assert rows["DW1"]["not_evaluated"] is None
    for code in ("DW2", "DW3"):
        assert rows[code]["complies"] is None and rows[code]["not_evaluated"] == REASON
        assert rows[code]["standard"] == "GB/T 14848-2017" and rows[code]["basic_class"] is None
        assert rows[code]["failing"] == ""


def test_configured_groundwater_sources_meet_the_supplied_limits(sources, limits_file):
    html = page()
    # G1 fails (ammonia 0.8 > 0.5), G2 complies: DO is no item of the file. 2 of 3 sources, 500 of 1000 万m³.
    assert "3个集中式饮用水水源地的水质达标率为66.7%" in html
    assert "取水量达标率为50.0%（取水总量1000.00万立方米）" in html
    assert "氨氮(0.6)" in html and "未评价" not in html and REASON not in html
    assert "按GB/T 14848-2017 Ⅲ类限值评价" in html
    rows = api()
    assert (rows["DW1"]["complies"], rows["DW2"]["complies"], rows["DW3"]["complies"]) == (True, False, True)
    assert rows["DW2"]["failing"] == "氨氮(0.6)" and rows["DW2"]["not_evaluated"] is None
    assert rows["DW3"]["standard"] == "GB/T 14848-2017"


def test_the_reason_reads_in_english(sources):
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client)
    assert "evaluated under GB/T 14848-2017; this site has no limits configured for it" in html
    assert REASON not in html


def test_a_bad_limits_file_stops_the_start_naming_its_line(tmp_path, settings):
    config = apps.get_app_config("water")
    path = tmp_path / "groundwater.csv"
    path.write_text("代码,项目,Ⅲ类限值\nnh3_n,氨氮,0.5\ntotal_hardness,总硬度,450\n", encoding="utf-8")
    settings.WATER_GROUNDWATER_LIMITS_FILE = str(path)
    with pytest.raises(ImproperlyConfigured, match="line 3: 'total_hardness' is not an item code"):
        config._groundwater_limits()
    settings.WATER_GROUNDWATER_LIMITS_FILE = str(tmp_path / "missing.csv")
    with pytest.raises(ImproperlyConfigured, match="WATER_GROUNDWATER_LIMITS_FILE"):
        config._groundwater_limits()
    assert not gb14848.configured()
