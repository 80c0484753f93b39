"""A section's automatic station (水质自动站) on its public page: the last 24 complete hours of valid hourly
values (HJ 212 CN=2061, flag N) read by the section's MN through core.monitoring, each with its GB 3838-2002
single-item class, hours without valid data shown as 无有效数据, the time of the latest valid data, and the
statement that the monthly manual result is the official evaluation. No MN, no block."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditRecord
from gongkai.core import monitoring
from gongkai.sources.models import Measurement
from gongkai.water import station
from gongkai.water.models import Section

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 1, 2, 20, tzinfo=UTC)  # 10:20 Beijing time
LAST_COMPLETE = datetime(2026, 10, 1, 1, tzinfo=UTC)  # the hour 09:00-10:00 Beijing time
MN = "WQ990100S1"


@pytest.fixture
def section(db):
    return Section.objects.create(
        code="S1",
        name="上游桥",
        water_name="清水河",
        water_body="river",
        control_level="national",
        target_class=3,
        station_mn=MN,
    )


@pytest.fixture
def fixed_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def measure(hour, code, avg, *, flag="N", cn="2061", mn=MN):
    Measurement.objects.create(
        mn=mn,
        cn=cn,
        data_time=hour,
        code=code,
        sent_code=code,
        avg=avg,
        flag=flag,
        valid=flag == "N",
        fields={"Avg": str(avg), "Flag": flag},
        packet_key=f"{mn}|{cn}|{hour:%Y%m%d%H}|{code}",
        received_at=hour + timedelta(hours=1),
    )


@pytest.fixture
def hours(section):
    measure(LAST_COMPLETE, "w21003", 0.52)  # 氨氮 → Ⅲ类
    measure(LAST_COMPLETE, "w01001", 7.2)  # pH → Ⅰ类 (6-9)
    measure(LAST_COMPLETE, "w01010", 18.3)  # 水温: no class
    measure(LAST_COMPLETE, "w20111", 0.05)  # 总汞 0.05 µg/L = 0.00005 mg/L → Ⅰ类
    measure(LAST_COMPLETE, "w00000", 12.0)  # flow: no GB 3838 item, not shown
    before = LAST_COMPLETE - timedelta(hours=1)
    measure(before, "w21003", 0.9, flag="D")  # invalid (D): a gap
    measure(before, "w21003", 0.3, cn="2051")  # minute data never stand for the hour
    earlier = LAST_COMPLETE - timedelta(hours=2)
    measure(earlier, "w21003", 1.6)  # → Ⅴ类; pH missing that hour
    measure(LAST_COMPLETE, "w21011", 0.5, mn="WQ-OTHER")  # another station's data
    measure(LAST_COMPLETE - timedelta(hours=24), "w21003", 0.2)  # just before the window


def test_the_sources_app_provides_valid_hourly_values_by_mn(hours):
    assert monitoring.has_provider()
    values = monitoring.hourly(MN, LAST_COMPLETE - timedelta(hours=1), LAST_COMPLETE + timedelta(hours=1))
    assert {(v.hour, v.code) for v in values} == {
        (LAST_COMPLETE, code) for code in ("w00000", "w01001", "w01010", "w20111", "w21003")
    }
    assert monitoring.last_hour(MN) == LAST_COMPLETE
    assert monitoring.last_hour("WQ-NONE") is None


def test_the_last_24_complete_hours_with_classes_and_gaps(hours):
    shown = station.station_hours(Section.objects.get(code="S1"), now=NOW)
    assert [c.item for c in shown.columns] == ["temp", "ph", "nh3_n", "hg"]  # GB 3838 Table 1 order
    assert len(shown.hours) == 24
    assert shown.hours[0].start == LAST_COMPLETE and shown.hours[-1].start == LAST_COMPLETE - timedelta(
        hours=23
    )
    latest = {c.item: cell for c, cell in zip(shown.columns, shown.hours[0].cells, strict=True)}
    assert (latest["temp"].text, latest["temp"].water_class) == ("18.3", None)
    assert (latest["ph"].text, latest["ph"].water_class.label) == ("7.2", "Ⅰ类")
    assert (latest["nh3_n"].text, latest["nh3_n"].water_class.label) == ("0.52", "Ⅲ类")
    assert (latest["hg"].text, latest["hg"].water_class.label) == ("0.00005", "Ⅰ类")
    assert shown.hours[1].empty  # only an invalid (D) hourly value and minute data
    earlier = dict(zip((c.item for c in shown.columns), shown.hours[2].cells, strict=True))
    assert earlier["nh3_n"].water_class.label == "Ⅴ类" and earlier["ph"].value is None
    assert all(hour.empty for hour in shown.hours[3:])
    assert shown.last_hour == LAST_COMPLETE


def test_the_section_page_shows_the_hours_with_the_official_evaluation_note(hours, fixed_now):
    text = Client().get("/water/section/S1/").text
    assert "自动监测（小时数据）" in text
    assert "断面水质类别以每月手工监测的评价结果为准" in text
    assert "最新有效数据时间：" in text and "2026-10-01 09:00" in text  # Beijing time
    table = text[text.index('id="water-station-hours"') :]
    table = table[: table.index("</table>")]
    assert table.count("<tr>") == 25  # the header and 24 hours
    assert "10-01 09:00" in table and "09-30 10:00" in table and "10-01 10:00" not in table
    assert '<span class="wq wq-3">Ⅲ类</span>' in table and "0.00005" in table
    assert table.count("无有效数据") == 22 + 3  # 21 empty hours + the D hour; pH, 水温, 汞 at 07:00
    assert "WQ-OTHER" not in text and "0.5 " not in table


def test_a_station_without_data_shows_every_hour_as_a_gap(section, fixed_now):
    text = Client().get("/water/section/S1/").text
    assert "尚未收到有效数据" in text
    table = text[text.index('id="water-station-hours"') :]
    assert table[: table.index("</table>")].count("无有效数据") == 24


def test_a_section_without_an_mn_shows_no_block(section, fixed_now):
    Section.objects.filter(pk=section.pk).update(station_mn="")
    text = Client().get("/water/section/S1/").text
    assert "上游桥断面水质" in text and "自动监测" not in text and "water-station-hours" not in text


def test_the_block_in_english(hours, fixed_now):
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get("/water/section/S1/").text
    assert "Automatic monitoring (hourly data)" in text and "No valid data" in text
    assert "monthly manual monitoring" in text


def test_the_water_sections_list_their_stations_for_the_receiver(section):
    Section.objects.create(
        code="S2",
        name="出境口",
        water_name="清水河",
        water_body="river",
        control_level="city",
        target_class=3,
    )
    assert [(s.mn, s.system_code) for s in monitoring.stations() if s.mn == MN] == [(MN, "21")]
    assert not any(s.name.startswith("出境口") for s in monitoring.stations())


# --- the MN in the section reference-data form ---------------------------------------------------------

NEW, EDIT = "refdata:water-sections_new", "refdata:water-sections_edit"


def section_form(**overrides) -> dict:
    data = {
        "code": "S9",
        "name": "下游桥",
        "water_name": "清水河",
        "water_body": "river",
        "control_level": "city",
        "target_class": "3",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_an_administrator_sets_the_station_mn_and_the_write_is_audited(admin_client):
    response = admin_client.post(reverse(NEW), section_form(station_mn="ＷＱ990100S9"))  # full-width typed
    assert response.status_code == 302
    created = Section.objects.get(code="S9")
    assert created.station_mn == "WQ990100S9"
    response = admin_client.post(reverse(EDIT, args=[created.pk]), section_form(station_mn=""))
    assert response.status_code == 302
    record = AuditRecord.objects.get(action="water.section.update")
    assert '"station_mn":"WQ990100S9"' in record.before and '"station_mn":""' in record.after


@pytest.mark.parametrize(
    ("mn", "message"),
    [
        ("WQ 1", "MN应为1至24位字母、数字"),
        ("W" * 25, ""),  # longer than the 24 characters of HJ 212-2017
        (MN, "该MN已用于断面上游桥（S1）。"),
    ],
)
def test_bad_or_taken_mns_are_refused_in_chinese(admin_client, section, mn, message):
    response = admin_client.post(reverse(NEW), section_form(station_mn=mn))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["station_mn"])
    assert message in errors
    assert not Section.objects.filter(code="S9").exists()


# --- the demo: the water demo sets the MNs, the receiver's demo sends the stations' hourly data ----------


def test_demo_stations_get_loggers_and_a_day_of_hourly_data_through_the_receiver():
    from gongkai.sources import demo as sources_demo
    from gongkai.sources.models import Device, RawPacket
    from gongkai.water import demo as water_demo

    water_demo.load_demo(months=1)
    assert dict(Section.objects.exclude(station_mn="").values_list("code", "station_mn")) == (
        water_demo.STATION_MNS
    )
    now = timezone.now()
    first = sources_demo._quality_stations(now, None)
    mns = sorted(water_demo.STATION_MNS.values())
    assert first == 3 * sources_demo.STATION_HOURS - 1  # one hour of the first station left out
    assert set(Device.objects.filter(system_code="21").values_list("mn", flat=True)) == set(mns)
    assert sources_demo._quality_stations(now, None) == 0  # idempotent
    assert RawPacket.objects.filter(mn__in=mns).count() == first
    for code, mn in water_demo.STATION_MNS.items():
        shown = station.station_hours(Section.objects.get(code=code), now=now)
        assert [c.item for c in shown.columns] == ["temp", "ph", "do", "codmn", "nh3_n", "tp", "tn"]
        gaps = sum(hour.empty for hour in shown.hours)
        assert gaps == (1 if mn == mns[0] else 0)
        assert shown.last_hour is not None
    water_demo.load_demo(months=1)
    assert Section.objects.exclude(station_mn="").count() == 3


def test_configured_units_apply_on_the_page_and_a_bad_one_stops_the_start(section, settings):
    from django.core.exceptions import ImproperlyConfigured

    from gongkai.water.apps import WaterConfig

    measure(LAST_COMPLETE, "w20142", 0.1)  # 汞 without 总: no unit in Table B.1
    assert station.station_hours(section, now=NOW).columns == ()  # not shown in a guessed unit
    settings.WATER_HJ212_UNITS = {"w20142": "µg/L"}
    WaterConfig._station_units()
    shown = station.station_hours(section, now=NOW)
    assert [(c.item, c.unit) for c in shown.columns] == [("hg", "mg/L")]
    assert (shown.hours[0].cells[0].text, shown.hours[0].cells[0].water_class.label) == ("0.0001", "Ⅲ类")
    for bad in ({"w01001": "mg/L"}, {"w20142": "ppm"}, ["w20142"]):
        settings.WATER_HJ212_UNITS = bad
        with pytest.raises(ImproperlyConfigured, match="WATER_HJ212_UNITS"):
            WaterConfig._station_units()
