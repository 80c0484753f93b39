"""Intake (one validation path, all-or-nothing) and the daily values derived from it."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.air.intake import BatchRejected, ingest
from gongkai.air.models import Channel, DailyRegionValue, DailyStationValue, HourlyObservation
from gongkai.audit.models import AuditRecord
from tests.air.conftest import day_rows

pytestmark = pytest.mark.django_db


def _station_day(code: str, day: date) -> DailyStationValue:
    return DailyStationValue.objects.get(station__code=code, date=day)


@pytest.mark.parametrize(
    ("day", "standard", "expected_aqi"),
    [
        (date(2026, 2, 28), 2012, 69),  # PM2.5 50: 2012 Table 1 35→50, 75→100
        (date(2026, 3, 1), 2026, 80),  # PM2.5 50: 2026 Table 3 35→50, 60→100
    ],
)
def test_daily_aqi_uses_the_standard_of_the_data_date(city, day, standard, expected_aqi):
    ingest(rows=day_rows("A1", day, pm2_5=50, pm10=70), channel=Channel.API)
    value = _station_day("A1", day)
    assert (value.standard, value.aqi, value.primary_pollutants) == (standard, expected_aqi, "PM2.5")
    assert value.pm2_5 == 50


def test_district_and_city_values_are_the_mean_of_station_values(city):
    day = date(2026, 2, 10)
    ingest(
        rows=day_rows("A1", day, pm2_5=40, pm10=70) + day_rows("A2", day, pm2_5=60, pm10=70), channel="api"
    )
    district = DailyRegionValue.objects.get(region__code="990102", date=day)
    assert (district.pm2_5, district.aqi, district.station_count) == (50, 69, 2)
    assert DailyRegionValue.objects.get(region__code="990100", date=day).station_count == 2


def test_resubmission_is_idempotent_and_a_correction_recomputes(city):
    day = date(2026, 2, 10)
    first = ingest(rows=day_rows("A1", day, pm2_5=50, pm10=70), channel="api")
    again = ingest(rows=day_rows("A1", day, pm2_5=50, pm10=70), channel="api")
    assert (first.created, again.created, again.updated, again.unchanged) == (24, 0, 0, 24)
    corrected = day_rows("A1", day, pm2_5=50, pm10=70)
    corrected[5]["pm2_5"] = "290"  # one hour corrected: the mean becomes 60
    result = ingest(rows=corrected, channel="upload")
    assert (result.updated, result.unchanged) == (1, 23)
    assert _station_day("A1", day).pm2_5 == 60
    assert DailyRegionValue.objects.get(region__code="990102", date=day).pm2_5 == 60
    assert HourlyObservation.objects.count() == 24


def test_invalid_hours_are_not_averaged_and_too_few_make_the_day_invalid(city):
    day = date(2026, 2, 10)
    rows = day_rows("A1", day, pm2_5=50, pm10=70)
    for row in rows[:5]:
        row["pm2_5_flag"] = "calibration"  # 19 valid hours < 20 (GB 3095 Table 4)
    ingest(rows=rows, channel="api")
    value = _station_day("A1", day)
    assert value.pm2_5 is None
    assert value.aqi == 60  # PM10 70 (2012) is now the largest IAQI
    assert value.primary_pollutants == "PM10"


def test_a_batch_with_one_bad_row_is_rejected_whole_with_row_numbers(city):
    rows = day_rows("A1", date(2026, 2, 10))
    rows[3]["pm10"] = "abc"
    rows[7]["station"] = "ZZ"
    rows[9]["time"] = "2026-02-10 09:30"
    rows[11]["so2"] = "-1"
    rows[12]["no2"] = ""
    rows[12]["no2_flag"] = "valid"
    rows[13]["co_flag"] = "weird"
    rows.append(dict(rows[0]))
    with pytest.raises(BatchRejected) as rejected:
        ingest(rows=rows, channel="api")
    found = {(error.row, error.field) for error in rejected.value.errors}
    assert found == {
        (4, "pm10"),
        (8, "station"),
        (10, "time"),
        (12, "so2"),
        (13, "no2_flag"),
        (14, "co_flag"),
        (25, "time"),
    }
    assert "站点编码" in next(e.message for e in rejected.value.errors if e.field == "station")
    assert not HourlyObservation.objects.exists()


def test_future_hours_and_hours_outside_the_station_period_are_rejected(city):
    rows = day_rows("A1", date(2019, 12, 31))[:1] + day_rows("A1", date(2099, 1, 1))[:1]
    with pytest.raises(BatchRejected) as rejected:
        ingest(rows=rows, channel="api")
    assert [error.row for error in rejected.value.errors] == [1, 2]


def test_intake_is_audited(city):
    ingest(rows=day_rows("A1", date(2026, 2, 10)), channel="api", label="测试批次")
    record = AuditRecord.objects.get(action="air.ingest")
    assert record.target_repr == "测试批次"


@pytest.mark.parametrize(
    ("now", "accepted"),
    [
        ("2026-02-10 10:30:00", False),  # the hour 10:00–11:00 is still running
        ("2026-02-10 10:59:59", False),
        ("2026-02-10 11:00:00", True),  # ended exactly now
        ("2026-02-10 12:00:00", True),
    ],
)
def test_an_hour_is_accepted_only_after_it_has_ended(city, now, accepted):
    from datetime import datetime

    from django.utils import timezone

    from gongkai.air.intake import validate_rows
    from gongkai.air.models import Station

    stations = {station.code: station for station in Station.objects.all()}
    moment = datetime.fromisoformat(now).replace(tzinfo=timezone.get_current_timezone())
    row = {"station": "A1", "time": "2026-02-10 10:00", "pm10": "80"}
    clean, errors = validate_rows([row], stations, now=moment)
    assert (len(clean), len(errors)) == ((1, 0) if accepted else (0, 1))
    if not accepted:
        assert errors[0].field == "time"
        assert "尚未结束" in errors[0].message


def test_the_current_hour_is_refused_at_intake(city):
    from django.utils import timezone

    current = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    rows = [{"station": "A1", "time": current.strftime("%Y-%m-%d %H:00"), "pm10": "80"}]
    with pytest.raises(BatchRejected) as rejected:
        ingest(rows=rows, channel="api")
    assert [(e.row, e.field) for e in rejected.value.errors] == [(1, "time")]
    assert "尚未结束" in rejected.value.errors[0].message
    assert not HourlyObservation.objects.exists()
