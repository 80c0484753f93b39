"""Issue 21 "Done when": an independent, straightforward implementation (plain Python, Fraction and
Decimal, its own breakpoint tables and averaging rules; not the vectorised engine) recomputes the
published figures of a YEAR of demo data (2025-12-31 … 2026-12-31, across the switch to HJ 633-2026
on 2026-03-01) from the stored hourly data, and finds no difference:

- every station's daily values (24-hour means, O3 daily maximum 8-hour and 1-hour values) from its
  hourly values, and the city/district daily values as the means of their stations;
- every daily AQI, IAQI, level, 级别 and 类别 of every station and region, and the concentrations the
  daily API publishes (under HJ 633-2026 the GB/T 8170 value the index was computed from), every day;
- the real-time report — station and city/district hourly values, their AQI/IAQI, and the O3-8h and
  PM 24-hour moving means beside them — at every 13th hour of the year (13 is prime to 24, so every
  hour of the day is reached, on days spread over the whole year; each hour costs a round of queries) and
  every hour of the days around 2026-03-01; the real-time page for the last hour;
- the monthly and annual statistics of the city and each district (valid days, level days,
  优良天数比例, means, the HJ 663 percentiles at their published precision and the composite index),
  in the API and on the statistics page.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.air import queries, statistics_queries
from gongkai.air.demo import load_demo
from gongkai.air.models import (
    DailyRegionValue,
    DailyReport,
    DailyStationValue,
    HourlyObservation,
    Region,
    Station,
)

pytestmark = pytest.mark.django_db

YEAR = 2026
NOW = datetime(YEAR + 1, 1, 1, 9, 30)  # the demo runs up to 2027-01-01 09:00
DAYS = 366  # 2025-12-31 … 2026-12-31
SWITCH = date(2026, 3, 1)  # HJ 633-2026 in force
REALTIME_STRIDE = 13

STEPS = (0, 50, 100, 150, 200, 300, 400, 500)
# HJ 633-2012 Table 1 / HJ 633-2026 Table 3 (standards.md §1.2, §2.1).
DAY_2012 = {
    "SO2": (0, 50, 150, 475, 800, 1600, 2100, 2620),
    "NO2": (0, 40, 80, 180, 280, 565, 750, 940),
    "CO": (0, 2, 4, 14, 24, 36, 48, 60),
    "O3_8h": (0, 100, 160, 215, 265, 800),
    "O3": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "PM10": (0, 50, 150, 250, 350, 420, 500, 600),
    "PM2.5": (0, 35, 75, 115, 150, 250, 350, 500),
}
DAY_2026 = {
    **DAY_2012,
    "PM10": (0, 50, 120, 250, 350, 420, 500, 600),
    "PM2.5": (0, 35, 60, 115, 150, 250, 350, 500),
}
# Real-time: 1-hour columns of SO2, NO2, CO, O3; PM 1-hour values on the daily PM columns (§1.5, §2.2).
HOUR_COLUMNS = {
    "SO2": (0, 150, 500, 650, 800),
    "NO2": (0, 100, 200, 700, 1200, 2340, 3090, 3840),
    "CO": (0, 5, 10, 35, 60, 90, 120, 150),
    "O3": (0, 160, 200, 300, 400, 800, 1000, 1200),
}
HOURLY_FIELD = {"SO2": "so2", "NO2": "no2", "CO": "co", "O3": "o3", "PM10": "pm10", "PM2.5": "pm2_5"}
DAILY_FIELD = {
    "SO2": "so2",
    "NO2": "no2",
    "CO": "co",
    "O3_8h": "o3_8h",
    "O3": "o3_1h_max",
    "PM10": "pm10",
    "PM2.5": "pm2_5",
}
POLLUTANTS = ("so2", "no2", "co", "o3", "pm10", "pm2_5")
DAILY_FIELDS = ("so2", "no2", "co", "pm10", "pm2_5", "o3_8h", "o3_1h_max")
CATEGORIES = ("优", "良", "轻度污染", "中度污染", "重度污染", "严重污染")
GRADES = ("一级", "二级", "三级", "四级", "五级", "六级")
# standards.md §3.3: SO2/NO2 P98, PM10/PM2.5/CO P95, O3-8h P90; §3.4 composite limits.
PERCENTILE_OF = {"so2": 98, "no2": 98, "pm10": 95, "pm2_5": 95, "co": 95, "o3_8h": 90}
LIMITS_2012 = {"so2": 60, "no2": 40, "pm10": 70, "pm2_5": 35, "co": 4, "o3_8h": 160}
LIMITS_2026_TRANSITION = {"so2": 60, "no2": 40, "pm10": 60, "pm2_5": 30, "co": 4, "o3_8h": 160}


# --- the straightforward implementation ---------------------------------------------------------


def exact(value) -> Fraction:
    """A stored float as the decimal it stands for."""
    return Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)


def gbt8170(value: Fraction, places: int) -> Decimal:
    """GB/T 8170 on an exact value: the nearest multiple of 10^-places, exact halves to even."""
    scaled = value * 10**places
    low = math.floor(scaled)
    rest = scaled - low
    up = rest > Fraction(1, 2) or (rest == Fraction(1, 2) and low % 2 == 1)
    return Decimal(low + up).scaleb(-places)


def mean(values: list) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def iaqi(concentration: Fraction, column) -> int:
    for k in range(1, len(column)):
        if concentration <= column[k]:
            lo, hi = column[k - 1], column[k]
            return math.ceil(STEPS[k - 1] + Fraction(STEPS[k] - STEPS[k - 1], hi - lo) * (concentration - lo))
    return 500


def level(aqi_value: int | None) -> int | None:
    return None if aqi_value is None else 1 + sum(aqi_value > upper for upper in (50, 100, 150, 200, 300))


def combine(out: dict, indicators, standard: int) -> int | None:
    if not out:
        return None
    aqi_value = max(out.values())
    if standard == 2026 and len(out) < len(indicators) and aqi_value <= 100:  # HJ 633-2026 5.3.1
        return None
    return aqi_value


def daily_index(values: dict, standard: int) -> tuple[int | None, dict]:
    """(AQI, IAQI per indicator) of one day's values (exact), HJ 633-2012 or HJ 633-2026."""
    table = DAY_2026 if standard == 2026 else DAY_2012
    indicators = [name for name in table if standard == 2012 or name != "O3"]
    out = {}
    for name in indicators:
        value = values[DAILY_FIELD[name]]
        if value is None:
            continue
        if standard == 2026:  # §4.2: GB/T 8170 before the index
            value = Fraction(gbt8170(value, 1 if name == "CO" else 0))
        out[name] = iaqi(value, table[name])
    return combine(out, indicators, standard), out


def hourly_index(values: dict, standard: int) -> tuple[int | None, dict]:
    table = DAY_2026 if standard == 2026 else DAY_2012
    out = {}
    for name, field in HOURLY_FIELD.items():
        value = values[field]
        if value is None:
            continue
        assert name != "SO2" or value <= 800  # the notes above the SO2 1-hour column are not needed here
        out[name] = iaqi(value, HOUR_COLUMNS.get(name, table[name]))
    return combine(out, HOURLY_FIELD, standard), out


def standard_of(day: date) -> int:
    return 2026 if day >= SWITCH else 2012


def station_days(hourly: dict[datetime, dict], day: date) -> dict:
    """GB 3095 Table 4 and HJ 663 as commonly cited: 24-hour means with ≥ 20 hours; O3 daily max
    1-hour with ≥ 20 hours; O3 daily max 8-hour over the 17 windows ending 08:00 … 24:00, each valid
    with ≥ 6 of its 8 hours, valid with ≥ 14 windows or when the largest exceeds 160."""
    midnight = datetime.combine(day, datetime.min.time())
    hours = [hourly.get(midnight + timedelta(hours=h), {}) for h in range(24)]
    out = {}
    for field in ("so2", "no2", "co", "pm10", "pm2_5"):
        values = [row[field] for row in hours if row.get(field) is not None]
        out[field] = mean(values) if len(values) >= 20 else None
    o3 = [row.get("o3") for row in hours]
    present = [value for value in o3 if value is not None]
    out["o3_1h_max"] = max(present) if len(present) >= 20 else None
    windows = []
    for end in range(8, 25):
        values = [value for value in o3[end - 8 : end] if value is not None]
        if len(values) >= 6:
            windows.append(mean(values))
    largest = max(windows) if windows else None
    out["o3_8h"] = largest if windows and (len(windows) >= 14 or largest > 160) else None
    return out


def moving(series: list, window: int, minimum: int) -> Fraction | None:
    values = [value for value in series[-window:] if value is not None]
    return mean(values) if len(values) >= minimum else None


def percentile(values: list[Fraction], p: int) -> Fraction:
    """HJ 663 as commonly cited: k = 1 + (n − 1)p/100, X(s) + (X(s+1) − X(s))(k − s)."""
    ordered = sorted(values)
    k = 1 + Fraction((len(ordered) - 1) * p, 100)
    s = math.floor(k)
    if s >= len(ordered):
        return ordered[-1]
    return ordered[s - 1] + (ordered[s] - ordered[s - 1]) * (k - s)


def statistics_of(days: list[dict], start: date, end: date) -> dict:
    """The published statistics of a region over whole days (every day's report is published)."""
    valid = [d for d in days if d["aqi"] is not None]
    required = 324 if (start.month, end.month, end.day) == (1, 12, 31) else (25 if start.month == 2 else 27)
    if len(valid) < required:
        return {"valid_days": len(valid), "withheld": True}
    means = {}
    for field in ("so2", "no2", "co", "pm10", "pm2_5", "o3_8h"):
        values = [d[field] for d in days if d[field] is not None]
        means[field] = float(round(mean(values), 3 if field == "co" else 1))
    percentiles = {}
    for field, p in PERCENTILE_OF.items():
        value = gbt8170(
            percentile([d[field] for d in days if d[field] is not None], p), 1 if field == "co" else 0
        )
        percentiles[field] = float(value) if field == "co" else int(value)
    limits = LIMITS_2026_TRANSITION if any(d["date"] >= SWITCH for d in days) else LIMITS_2012
    composite = sum(
        Fraction(Decimal(repr(means[f] if f in ("so2", "no2", "pm10", "pm2_5") else percentiles[f]))) / limit
        for f, limit in limits.items()
    )
    return {
        "valid_days": len(valid),
        "withheld": False,
        "level_days": {str(n): sum(d["level"] == n for d in valid) for n in range(1, 7)},
        "good_ratio": float(round(Fraction(100 * sum(d["aqi"] <= 100 for d in valid), len(valid)), 1)),
        "means": means,
        "percentiles": percentiles,
        "composite_index": float(round(composite, 2)),
    }


# --- the test -------------------------------------------------------------------------------------


def close(published, expected, what) -> None:
    assert (published is None) == (expected is None), what
    if expected is not None:
        assert abs(Fraction(published) - expected) < Fraction(1, 10**6), (what, published, float(expected))


@pytest.fixture
def year_of_demo(monkeypatch):
    load_demo(DAYS, now=timezone.make_aware(NOW))
    # the statistics judge a period by today's date: the year is over
    monkeypatch.setattr(statistics_queries, "timezone", SimpleNamespace(localdate=lambda: NOW.date()))


def test_an_independent_recompute_of_a_year_of_demo_data_finds_no_difference(year_of_demo):
    first = NOW.date() - timedelta(days=DAYS)
    days = [first + timedelta(days=n) for n in range(DAYS)]
    assert set(DailyReport.objects.filter(published_at__isnull=False).values_list("date", flat=True)) == set(
        days
    )
    stations = list(Station.objects.select_related("district").order_by("code"))
    regions = list(Region.objects.order_by("kind", "code"))
    members = {
        region.pk: [s for s in stations if region.pk in (s.district_id, s.district.parent_id)]
        for region in regions
    }
    # hourly values as stored (valid flag only), in local time
    hourly: dict[int, dict[datetime, dict]] = defaultdict(dict)
    fields = ["station_id", "hour", *POLLUTANTS, *(f"{p}_flag" for p in POLLUTANTS)]
    for record in HourlyObservation.objects.values_list(*fields):
        row = {}
        for offset, name in enumerate(POLLUTANTS):
            value, flag = record[2 + offset], record[8 + offset]
            row[name] = exact(value) if value is not None and flag == "valid" else None
        hourly[record[0]][timezone.localtime(record[1]).replace(tzinfo=None)] = row
    assert sum(len(rows) for rows in hourly.values()) == len(stations) * (DAYS * 24 + NOW.hour)

    # 1. daily values and indices of stations and regions
    expected_station = {(s.pk, day): station_days(hourly[s.pk], day) for s in stations for day in days}
    expected_region = {}
    for region in regions:
        for day in days:
            values = {}
            for field in DAILY_FIELDS:
                present = [expected_station[s.pk, day][field] for s in members[region.pk]]
                values[field] = mean([v for v in present if v is not None])
            expected_region[region.pk, day] = values
    stored_stations = {(v.station_id, v.date): v for v in DailyStationValue.objects.all()}
    stored_regions = {(v.region_id, v.date): v for v in DailyRegionValue.objects.all()}
    assert len(stored_stations) == len(stations) * DAYS and len(stored_regions) == len(regions) * DAYS
    for stored, expected in ((stored_stations, expected_station), (stored_regions, expected_region)):
        for key, values in expected.items():
            value = stored[key]
            for field in DAILY_FIELDS:
                close(getattr(value, field), values[field], (key, field))
            aqi_value, out = daily_index(values, standard_of(key[1]))
            values.update(aqi=aqi_value, level=level(aqi_value), iaqi=out, date=key[1])
            assert (value.aqi, value.level, value.standard) == (
                aqi_value,
                level(aqi_value),
                standard_of(key[1]),
            ), key
            assert {k: v for k, v in value.iaqi.items() if v is not None} == out, key

    # 2. the daily API of every day: concentrations as published, AQI, IAQI, 级别 and 类别
    client = Client()
    codes = {s.code: s.pk for s in stations} | {r.code: r.pk for r in regions}
    for day in days:
        data = client.get("/api/v1/air/daily", {"date": day.isoformat()}).json()
        rows = [*(("r", row) for row in data["regions"]), *(("s", row) for row in data["stations"])]
        assert len(rows) == len(regions) + len(stations)
        for kind, row in rows:
            values = (expected_region if kind == "r" else expected_station)[codes[row["code"]], day]
            # As the page shows them under both standards: GB/T 8170 once (issue 12).
            for field in DAILY_FIELDS:
                if values[field] is not None:
                    assert row[field] == float(gbt8170(values[field], 1 if field == "co" else 0)), (
                        day,
                        field,
                    )
                else:
                    assert row[field] is None, (day, row["code"], field)
            assert row["aqi"] == values["aqi"] and row["level"] == values["level"], (day, row["code"])
            assert row["grade"] == (GRADES[values["level"] - 1] if values["level"] else None)
            assert row["category"] == (CATEGORIES[values["level"] - 1] if values["level"] else None)
            for field, name in DAILY_FIELD.items():
                assert row["iaqi"][name] == values["iaqi"].get(field), (day, row["code"], field)

    # 3. the real-time report: hourly values, AQI and moving means of stations, districts and the city
    last_hour = datetime.combine(NOW.date(), datetime.min.time()) + timedelta(hours=NOW.hour - 1)
    start = datetime.combine(first, datetime.min.time())
    hours = [start + timedelta(hours=h) for h in range(0, DAYS * 24 + NOW.hour, REALTIME_STRIDE)]
    around_switch = datetime.combine(SWITCH, datetime.min.time())
    hours += [around_switch + timedelta(hours=h) for h in range(-24, 24)] + [last_hour]
    for hour in sorted(set(hours)):
        report = queries.realtime(timezone.make_aware(hour))
        standard = standard_of(hour.date())
        station_rows = {}
        for s in stations:
            series = [hourly[s.pk].get(hour - timedelta(hours=h), {}) for h in range(23, -1, -1)]
            now_values = {p: series[-1].get(p) for p in POLLUTANTS}
            station_rows[s.pk] = {
                **now_values,
                "o3_8h": moving([r.get("o3") for r in series], 8, 6),
                "pm10_24h": moving([r.get("pm10") for r in series], 24, 20),
                "pm2_5_24h": moving([r.get("pm2_5") for r in series], 24, 20),
            }
        expected_rows = {s.code: station_rows[s.pk] for s in stations}
        for region in regions:
            # published only when ≥ 3/4 of its stations have an hourly index (the default share)
            reported = sum(
                1 for s in members[region.pk] if hourly_index(station_rows[s.pk], standard)[0] is not None
            )
            if 4 * reported < 3 * len(members[region.pk]):
                expected_rows[region.code] = dict.fromkeys((*POLLUTANTS, "o3_8h", "pm10_24h", "pm2_5_24h"))
                continue
            expected_rows[region.code] = {
                name: mean(
                    [
                        station_rows[s.pk][name]
                        for s in members[region.pk]
                        if station_rows[s.pk][name] is not None
                    ]
                )
                for name in (*POLLUTANTS, "o3_8h", "pm10_24h", "pm2_5_24h")
            }
        published = [report.city, *report.districts, *report.stations]
        assert len(published) == len(regions) + len(stations)
        for row in published:
            data = row.as_dict()
            values = expected_rows[row.code]
            aqi_value, out = hourly_index(values, standard)
            what = (hour, row.code)
            assert data["hour"] == timezone.make_aware(hour + timedelta(hours=1)).isoformat(), what
            assert (data["aqi"], data["level"]) == (aqi_value, level(aqi_value)), what
            assert data["category"] == (CATEGORIES[level(aqi_value) - 1] if aqi_value else None), what
            assert {k: v for k, v in data["iaqi"].items() if v is not None} == {
                HOURLY_FIELD[k]: v for k, v in out.items()
            }, what
            for name in POLLUTANTS:
                # as the page shows it (issue 12): GB/T 8170 at the published precision, one more
                # decimal when the value is not whole at it (58.5 stays 58.5 beside its index)
                expected = values[name]
                if expected is not None:
                    places = 1 if name == "co" else 0
                    fine, short = gbt8170(expected, places + 1), gbt8170(expected, places)
                    expected = float(short if fine == short else fine)
                assert data["concentrations"][name] == expected, (*what, name)
            for name in ("o3_8h", "pm10_24h", "pm2_5_24h"):
                shown = data["moving_means"][name]
                assert shown == (None if values[name] is None else float(gbt8170(values[name], 0))), (
                    *what,
                    name,
                )
    # the page of the last hour shows the city's index and its moving means, rounded once
    page = client.get("/air/").content.decode()
    city = next(r for r in regions if r.kind == "city")
    city_now = report.city.as_dict()
    assert city_now["aqi"] is not None and f">{city_now['aqi']}<" in page
    for name in ("o3_8h", "pm10_24h", "pm2_5_24h"):
        assert f">{int(city_now['moving_means'][name])}<" in page

    # 4. monthly and annual statistics of the city and every district, API and page
    by_region = defaultdict(list)
    for (region_id, day), values in expected_region.items():
        if day.year == YEAR:
            by_region[region_id].append(values)
    periods = [
        (m, date(YEAR, m, 1), (date(YEAR + (m == 12), m % 12 + 1, 1) - timedelta(days=1)))
        for m in range(1, 13)
    ]
    periods.append((None, date(YEAR, 1, 1), date(YEAR, 12, 31)))
    code_of = {r.pk: r.code for r in regions}
    for month, begin, end in periods:
        params = {"year": YEAR} if month is None else {"year": YEAR, "month": month}
        data = client.get("/api/v1/air/statistics", params).json()
        names = {r.name: r.pk for r in regions}
        for stats in [data["city"], *data["district_ranking"]]:
            region_id = names[stats["region"]]
            days_of = [v for v in by_region[region_id] if begin <= v["date"] <= end]
            expected = statistics_of(days_of, begin, end)
            what = (code_of[region_id], month)
            assert stats["valid_days"] == expected["valid_days"], what
            assert (stats["validity"]["status"] == "invalid") == expected["withheld"], what
            if expected["withheld"]:
                continue
            for key in ("level_days", "good_ratio", "percentiles", "composite_index"):
                assert stats[key] == expected[key], (*what, key, stats[key], expected[key])
            for field, value in expected["means"].items():
                assert stats["means"][field] == value, (*what, field)
            assert all(
                type(stats["percentiles"][f]) is type(expected["percentiles"][f]) for f in PERCENTILE_OF
            )
            assert stats["units"]["percentiles"]["co"] == "mg/m³" and stats["units"]["good_ratio"] == "%"
    annual = statistics_of(by_region[city.pk], date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert not annual["withheld"]
    page = client.get("/air/statistics/", {"year": YEAR}).content.decode()
    for value in (annual["composite_index"], annual["percentiles"]["co"], annual["percentiles"]["o3_8h"]):
        assert f">{value}<" in page
