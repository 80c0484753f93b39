"""Issue 21 "Done when" (in part): an independent, straightforward implementation (plain Python,
Fraction and Decimal, its own breakpoint tables; not the vectorised engine) recomputes the published
figures of two months of demo data spanning 2026-03-01 — every station and city/district daily AQI,
IAQI, level and category, the city/district means of their stations, the concentrations the daily
API publishes, and the monthly statistics' valid days, level days and means — and finds no
difference. Station daily means and the O3 8-hour maxima themselves are taken as published
(recomputing them from the hourly data independently is not done yet)."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.air.demo import load_demo
from gongkai.air.models import DailyRegionValue, DailyReport, DailyStationValue, Station

pytestmark = pytest.mark.django_db

STEPS = (0, 50, 100, 150, 200, 300, 400, 500)
# HJ 633-2012 Table 1 / HJ 633-2026 Table 3 (24-hour and 8-hour columns; O3 1-hour for 2012 daily).
TABLE_2012 = {
    "SO2": (0, 50, 150, 475, 800, 1600, 2100, 2620),
    "NO2": (0, 40, 80, 180, 280, 565, 750, 940),
    "CO": (0, 2, 4, 14, 24, 36, 48, 60),
    "O3_8h": (0, 100, 160, 215, 265, 800),
    "O3": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "PM10": (0, 50, 150, 250, 350, 420, 500, 600),
    "PM2.5": (0, 35, 75, 115, 150, 250, 350, 500),
}
TABLE_2026 = {
    **TABLE_2012,
    "PM10": (0, 50, 120, 250, 350, 420, 500, 600),
    "PM2.5": (0, 35, 60, 115, 150, 250, 350, 500),
}
FIELD_OF = {
    "SO2": "so2",
    "NO2": "no2",
    "CO": "co",
    "O3_8h": "o3_8h",
    "O3": "o3_1h_max",
    "PM10": "pm10",
    "PM2.5": "pm2_5",
}
CATEGORIES = ("优", "良", "轻度污染", "中度污染", "重度污染", "严重污染")


def gbt8170(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def iaqi(concentration, column) -> int:
    c = Fraction(Decimal(repr(concentration)) if isinstance(concentration, float) else concentration)
    for k in range(1, len(column)):
        if c <= column[k]:
            lo, hi = column[k - 1], column[k]
            return math.ceil(STEPS[k - 1] + Fraction(STEPS[k] - STEPS[k - 1], hi - lo) * (c - lo))
    return 500


def level(aqi_value: int) -> int:
    return 1 + sum(aqi_value > upper for upper in (50, 100, 150, 200, 300))


def daily_aqi(values: dict, standard: int) -> tuple[int | None, dict]:
    """(AQI, IAQI per indicator) of one day's values, HJ 633-2012 or HJ 633-2026."""
    table = TABLE_2026 if standard == 2026 else TABLE_2012
    indicators = [name for name in table if standard == 2012 or name != "O3"]
    out = {}
    for name in indicators:
        value = values[FIELD_OF[name]]
        if value is None:
            continue
        if standard == 2026:  # §4.2: GB/T 8170 before the index
            value = float(gbt8170(value, 1 if name == "CO" else 0))
        out[name] = iaqi(value, table[name])
    if not out:
        return None, out
    aqi_value = max(out.values())
    if standard == 2026 and len(out) < len(indicators) and aqi_value <= 100:  # 5.3.1
        return None, out
    return aqi_value, out


def check(value, standard_values: dict) -> None:
    aqi_value, out = daily_aqi(standard_values, value.standard)
    assert value.aqi == aqi_value, (value, value.date)
    assert {k: v for k, v in value.iaqi.items() if v is not None} == out, (value, value.date)
    assert value.level == (level(aqi_value) if aqi_value is not None else None)


FIELDS = ("so2", "no2", "co", "pm10", "pm2_5", "o3_8h", "o3_1h_max")


def test_independent_recompute_of_two_months_of_demo_data_finds_no_difference():
    load_demo(60, now=timezone.make_aware(datetime(2026, 4, 1, 9, 30)))
    published = set(DailyReport.objects.filter(published_at__isnull=False).values_list("date", flat=True))
    assert len(published) == 60 and date(2026, 3, 1) in published
    stations = {s.pk: s for s in Station.objects.select_related("district")}
    by_day = defaultdict(list)
    for value in DailyStationValue.objects.filter(date__in=published):
        check(value, {f: getattr(value, f) for f in FIELDS})
        by_day[value.date].append(value)
    regions = list(DailyRegionValue.objects.filter(date__in=published).select_related("region"))
    assert len(regions) == 60 * 4
    for region_value in regions:
        region = region_value.region
        members = [
            v
            for v in by_day[region_value.date]
            if region.pk in (stations[v.station_id].district_id, stations[v.station_id].district.parent_id)
        ]
        means = {}
        for f in FIELDS:
            values = [getattr(v, f) for v in members if getattr(v, f) is not None]
            means[f] = sum(values) / len(values) if values else None
            stored = getattr(region_value, f)
            assert (stored is None) == (means[f] is None)
            if stored is not None:
                assert abs(stored - means[f]) < 1e-6, (region.name, region_value.date, f)
        check(region_value, {f: getattr(region_value, f) for f in FIELDS})
    # The daily API publishes, under HJ 633-2026, the GB/T 8170 value the index used.
    api = Client().get("/api/v1/air/daily", {"date": "2026-03-15"}).json()
    stored = {v.region.code: v for v in regions if v.date == date(2026, 3, 15)}
    for row in api["regions"]:
        value = stored[row["code"]]
        assert row["pm2_5"] == float(gbt8170(value.pm2_5, 0)) and row["co"] == float(gbt8170(value.co, 1))
        assert row["aqi"] == value.aqi and row["category"] == CATEGORIES[value.level - 1]
        assert row["iaqi"]["pm2_5"] == value.iaqi["PM2.5"]
    # March 2026 statistics of the city: valid days, level days and the means, recomputed plainly.
    city = next(v.region for v in regions if v.region.kind == "city")
    march = [v for v in regions if v.region_id == city.pk and v.date.month == 3]
    stats = Client().get("/api/v1/air/statistics", {"year": 2026, "month": 3}).json()["city"]
    valid = [v for v in march if v.aqi is not None]
    assert stats["valid_days"] == len(valid) == 31 and stats["validity"]["status"] == "valid"
    assert stats["level_days"] == {str(n): sum(v.level == n for v in valid) for n in range(1, 7)}
    good = sum(v.aqi <= 100 for v in valid)
    assert stats["good_ratio"] == round(100 * good / len(valid), 1)
    for f in ("so2", "no2", "pm10", "pm2_5"):
        assert stats["means"][f] == round(sum(getattr(v, f) for v in march) / len(march), 1)
