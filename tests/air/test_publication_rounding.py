"""Issue 21, one rounding rule applied once: values are averaged and indexed unrounded, and rounded
once (GB/T 8170) when shown; under HJ 633-2026 the shown daily value is the one the index used."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.air import aqi, publication, services
from gongkai.air.intake import ingest
from tests.air.conftest import day_rows


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("pm2_5", 158.5, "158"),  # half to even, not half up
        ("o3_8h", 159.5, "160"),
        ("pm2_5", 34.5, "34"),
        ("pm2_5", 35.5, "36"),
        ("pm2_5", 34.51, "35"),
        ("co", 2.45, "2.4"),
        ("co", 2.55, "2.6"),
        ("so2", None, None),
        ("so2", float("nan"), None),
    ],
)
def test_shown_concentration_is_rounded_once_by_gbt_8170(name, value, shown):
    assert publication.shown(name, value) == shown


def test_shown_hourly_mean_keeps_the_half_the_index_used():
    assert publication.shown_hourly("pm2_5", 58.5) == "58.5"
    assert publication.shown_hourly("pm2_5", 58.0) == "58"
    assert publication.shown_hourly("co", 0.8) == "0.8"
    assert publication.shown_hourly("co", 0.85) == "0.85"


def test_daily_index_input_is_the_gbt_8170_value_under_hj_633_2026_only():
    assert publication.daily_index_input("o3_8h", 158.5, aqi.Standard.HJ_633_2026) == 158
    assert publication.daily_index_input("o3_8h", 158.5, aqi.Standard.HJ_633_2012) == 158.5


@pytest.mark.django_db
def test_city_hourly_pm2_5_mean_58_5_is_indexed_unrounded_as_97(city, settings):
    settings.AIR_REALTIME_MIN_STATION_SHARE = 0.5  # two of the three stations report
    day = date(2026, 7, 2)
    ingest(rows=day_rows("A1", day, pm2_5=58) + day_rows("B1", day, pm2_5=59), channel="api")
    data = Client().get("/api/v1/air/realtime").json()
    # HJ 633-2026 real-time report: PM2.5 1-hour against the daily breakpoints (35→50, 60→100):
    # 50 + (58.5 − 35) × 50 / 25 = 97 (rounding the mean to 58 first gave 96).
    assert data["city"]["concentrations"]["pm2_5"] == 58.5
    assert data["city"]["iaqi"]["pm2_5"] == 97
    assert "58.5（97）" in Client().get(reverse("air:realtime")).content.decode()


@pytest.mark.django_db
def test_city_moving_mean_is_the_mean_of_unrounded_station_means(city, settings):
    settings.AIR_REALTIME_MIN_STATION_SHARE = 0.5  # two of the three stations report
    day = date(2026, 7, 2)
    ingest(rows=day_rows("A1", day, pm2_5=50.5) + day_rows("B1", day, pm2_5=40.5), channel="api")
    data = Client().get("/api/v1/air/realtime").json()
    stations = {row["code"]: row for row in data["stations"]}
    # Each station's 24-hour mean shown once: 50.5 → 50, 40.5 → 40 (GB/T 8170, half to even) ...
    station_means = [stations[code]["moving_means"]["pm2_5_24h"] for code in ("A1", "B1")]
    assert station_means == [50, 40]
    # ... but the city mean is taken from 50.5 and 40.5: 45.5 → 46 (rounding first gave 45).
    assert data["city"]["moving_means"]["pm2_5_24h"] == 46


@pytest.mark.django_db
def test_daily_o3_8h_158_5_under_hj_633_2026_is_shown_as_158_beside_aqi_99(city):
    day = date(2026, 7, 2)
    ingest(rows=day_rows("A1", day, o3=158) + day_rows("B1", day, o3=159), channel="api")
    services.publish_daily_report(day=day)
    daily = Client().get(reverse("air:daily"), {"date": day.isoformat()})
    city_value = next(v for v in daily.context["regions"] if v.region.code == "990100")
    assert city_value.o3_8h == 158.5  # stored unrounded
    # HJ 633-2026 §4.2: 158.5 → 158 (GB/T 8170) → IAQI ceil(50 + 58 × 50 / 60) = 99.
    assert (city_value.aqi, city_value.shown["o3_8h"]) == (99, "158")
    # Each concentration with its IAQI (station B1: 159 → ceil(50 + 59 × 50 / 60) = 100).
    assert "<td>158（99）</td>" in daily.content.decode() and "<td>159（100）</td>" in daily.content.decode()
    api = Client().get("/api/v1/air/daily", {"date": day.isoformat()}).json()
    city_row = next(row for row in api["regions"] if row["code"] == "990100")
    assert (city_row["o3_8h"], city_row["aqi"]) == (158, 99)
    history = Client().get("/api/v1/air/history", {"start": "2026-07-01", "end": "2026-07-03"}).json()
    shown = {row["station"]: row["o3_8h"] for row in history if row["date"] == day.isoformat()}
    assert (shown["A1"], shown["B1"]) == (158, 159)


@pytest.mark.django_db
def test_daily_report_shows_each_iaqi_beside_its_concentration_with_grade_and_category(city):
    day = date(2026, 2, 10)
    ingest(rows=day_rows("A1", day, pm2_5=50, pm10=70), channel="api")
    services.publish_daily_report(day=day)
    page = Client().get(reverse("air:daily"), {"date": day.isoformat()}).content.decode()
    # HJ 633-2012: PM2.5 50 → IAQI 69 (二级, 良); 级别 and 类别 are separate columns.
    assert "<td>50（69）</td>" in page and "<td>二级</td><td>良</td>" in page
    assert "µg/m³（IAQI）" in page and "mg/m³（IAQI）" in page
    api = Client().get("/api/v1/air/daily", {"date": day.isoformat()}).json()
    a1 = next(row for row in api["stations"] if row["code"] == "A1")
    assert (a1["pm2_5"], a1["iaqi"]["pm2_5"], a1["grade"], a1["category"]) == (50, 69, "二级", "良")
    csv = Client().get(reverse("air:daily"), {"date": day.isoformat(), "export": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    a1_line = next(line for line in lines if ",A1," in line).split(",")
    assert a1_line[header.index("pm2_5_iaqi")] == "69" and a1_line[header.index("级别名称")] == "二级"


@pytest.mark.django_db
def test_realtime_hour_is_labelled_by_its_end_with_the_start_form_in_the_api(city):
    day = date(2026, 7, 2)
    ingest(rows=day_rows("A1", day), channel="api")  # the last hour is 23:00-24:00
    data = Client().get("/api/v1/air/realtime").json()
    assert data["hour"] == "2026-07-03T00:00:00+08:00"
    assert data["hour_start"] == "2026-07-02T23:00:00+08:00"
    a1 = next(row for row in data["stations"] if row["code"] == "A1")
    assert (a1["hour"], a1["hour_start"]) == (data["hour"], data["hour_start"])
    page = Client().get(reverse("air:realtime")).content.decode()
    assert "数据时间：2026-07-03 00:00" in page and "23:00 起的一小时" in page


@pytest.mark.parametrize(
    ("reported", "expected", "share", "enough"),
    [
        (3, 4, 0.75, True),  # exactly at the share
        (2, 4, 0.75, False),
        (5, 6, 0.75, True),
        (4, 6, 0.75, False),  # 0.667 just below
        (7, 10, 0.7, True),  # exact: 0.7 × 10 is 7, not 7.000000000000001
        (6, 10, 0.7, False),
        (1, 6, 0.75, False),  # one station of six (the city shown 233 重度污染)
        (1, 1, 1.0, True),
        (2, 3, 1.0, False),
        (0, 3, 0.0, True),
        (0, 0, 0.75, False),  # a region without stations in service
    ],
)
def test_realtime_region_needs_the_station_share(reported, expected, share, enough):
    assert publication.enough_stations(reported, expected, share) is enough


def test_default_station_share_is_three_quarters():
    assert publication.DEFAULT_MIN_STATION_SHARE == 0.75
    assert publication.enough_stations(3, 4) and not publication.enough_stations(2, 3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("share", "reporting", "city_aqi", "east_aqi"),
    [
        (0.75, ("A1", "A2", "B1"), 158, 158),  # all report: PM2.5 120 → 150 + 5 × 50/35 → 158
        (0.75, ("A1", "A2"), None, 158),  # city 2/3 below 3/4: 数据不足; 东区 2/2 published
        (0.75, ("A1",), None, None),
        (0.5, ("A1", "B1"), 158, 158),  # 2/3 and 东区 1/2 at a half
        (0.5, ("A1",), None, 158),  # city 1/3 below a half
    ],
)
def test_realtime_city_and_district_are_withheld_below_the_share(
    city, settings, share, reporting, city_aqi, east_aqi
):
    settings.AIR_REALTIME_MIN_STATION_SHARE = share
    day = date(2026, 7, 2)
    rows = [row for code in reporting for row in day_rows(code, day, pm2_5=120)]
    ingest(rows=rows, channel="api")
    data = Client().get("/api/v1/air/realtime").json()
    east = next(row for row in data["districts"] if row["name"] == "东区")
    assert (data["city"]["aqi"], east["aqi"]) == (city_aqi, east_aqi)
    assert data["city"]["insufficient"] is (city_aqi is None)
    assert (data["city"]["stations_reported"], data["city"]["stations_expected"]) == (len(reporting), 3)
    if city_aqi is None:
        assert data["city"]["concentrations"]["pm2_5"] is None
        assert data["city"]["primary_pollutants"] == []


@pytest.mark.django_db
def test_one_station_of_three_shows_insufficient_data_not_a_city_value(city):
    day = date(2026, 7, 2)
    ingest(rows=day_rows("A1", day, pm2_5=183), channel="api")  # 重度污染 at one station only
    page = Client().get(reverse("air:realtime")).content.decode()
    assert "数据不足（1/3 站）" in page
    assert "重度污染" in page  # the station itself is still shown
    export = Client().get(reverse("air:realtime"), {"export": "csv"}).content.decode("utf-8-sig")
    city_line = next(line for line in export.splitlines() if "测试市" in line)
    assert "数据不足" in city_line and "重度污染" not in city_line
    home = Client().get("/").content.decode()
    assert "最新时次的数据不足以发布空气质量指数" in home
