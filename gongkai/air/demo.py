"""Demo air-quality data for the fictional 示例市: 3 districts, 6 stations and hourly data up to the last
full hour, generated deterministically with numpy (seasonal PM, diurnal O3 and NO2). Marked as demo
(`is_demo`, channel DEMO). Idempotent: existing station-hours are left alone."""

from __future__ import annotations

import os
from datetime import date, timedelta

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.air import corrections
from gongkai.air.derived import local_midnight, recompute_days
from gongkai.air.intake import insert_observations
from gongkai.air.models import POLLUTANTS, Channel, DailyReport, Flag, HourlyObservation, Region, Station

CITY = ("990100", "示例市")
DISTRICTS = (("990102", "示范区"), ("990103", "东湖区"), ("990121", "西山县"))
# code, name, control level, lon, lat, district index, pollution factor
STATIONS = (
    ("99010001", "环保路", Station.ControlLevel.NATIONAL, 116.40, 39.90, 0, 1.00),
    ("99010002", "市政府", Station.ControlLevel.NATIONAL, 116.45, 39.93, 0, 1.05),
    ("99010003", "东湖公园", Station.ControlLevel.NATIONAL, 116.55, 39.88, 1, 0.90),
    ("99010004", "开发区", Station.ControlLevel.PROVINCIAL, 116.60, 39.95, 1, 1.20),
    ("99010005", "西山", Station.ControlLevel.NATIONAL, 116.20, 39.98, 2, 0.70),
    ("99010006", "县城", Station.ControlLevel.CITY, 116.25, 39.85, 2, 1.10),
)
DEFAULT_DAYS = 365
TEST_RUN_DAYS = 2  # under pytest every browser test loads the demo: a full year would dominate the suite
SEED = 20260301
BATCH = 5000


def _series(first: date, hours: int, factor: float, station_index: int) -> dict[str, np.ndarray]:
    """Plausible hourly concentrations: PM high in winter, O3 high on summer afternoons."""
    rng = np.random.default_rng(SEED + station_index * 1000 + first.toordinal())
    t = np.arange(hours)
    day_of_year = (first.timetuple().tm_yday + t / 24) % 365
    hour_of_day = t % 24
    winter = np.cos(2 * np.pi * (day_of_year - 15) / 365)  # +1 mid-January, -1 mid-July
    # Slowly varying weather: a smoothed random walk gives multi-day pollution episodes.
    weather = np.convolve(rng.normal(0, 1, hours + 72), np.ones(72) / 72**0.5, mode="valid")[:hours] * 0.5
    pm2_5 = factor * 22 * (1 + 0.6 * winter) * np.exp(weather + rng.normal(0, 0.15, hours))
    pm10 = pm2_5 * (1.5 + 0.3 * rng.random(hours)) + 4
    diurnal_o3 = np.clip(np.sin(np.pi * (hour_of_day - 7) / 14), 0, None)
    o3 = (30 + (1 - winter) * 60 * diurnal_o3) * (1.5 - 0.5 * factor) * np.exp(rng.normal(0, 0.15, hours))
    rush = 1 + 0.4 * (np.exp(-((hour_of_day - 8) ** 2) / 4) + np.exp(-((hour_of_day - 19) ** 2) / 4))
    no2 = factor * 22 * (1 + 0.3 * winter) * rush * np.exp(rng.normal(0, 0.2, hours))
    so2 = factor * 8 * (1 + 0.5 * winter) * np.exp(rng.normal(0, 0.25, hours))
    co = factor * 0.6 * (1 + 0.4 * winter) * np.exp(weather * 0.5 + rng.normal(0, 0.1, hours))
    values = {
        "so2": np.round(so2),
        "no2": np.round(no2),
        "co": np.round(co, 1),
        "o3": np.round(o3),
        "pm10": np.round(pm10),
        "pm2_5": np.round(pm2_5),
    }
    missing = rng.random(hours) < 0.005  # an instrument outage now and then
    for name in POLLUTANTS:
        values[name][missing] = np.nan
    return values


@transaction.atomic
def _regions_and_stations(first: date) -> list[Station]:
    city, _created = Region.objects.get_or_create(
        code=CITY[0], defaults={"name": CITY[1], "kind": Region.Kind.CITY, "is_demo": True}
    )
    districts = [
        Region.objects.get_or_create(
            code=code, defaults={"name": name, "kind": Region.Kind.DISTRICT, "parent": city, "is_demo": True}
        )[0]
        for code, name in DISTRICTS
    ]
    stations = []
    for code, name, level, lon, lat, district, _factor in STATIONS:
        station, _created = Station.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "control_level": level,
                "longitude": lon,
                "latitude": lat,
                "district": districts[district],
                "active_from": first,
                "is_demo": True,
            },
        )
        if station.active_from > first:
            station.active_from = first
            station.save(update_fields=["active_from"])
        stations.append(station)
    return stations


def _publication_time(day: date):
    return local_midnight(day) + timedelta(days=1, hours=1, minutes=5)


def load_demo(days: int | None = None, *, now=None) -> int:
    """Load ``days`` days before today (default a year; GONGKAI_AIR_DEMO_DAYS overrides) plus today's hours
    up to the last full hour, and publish their daily reports; returns the rows added."""
    if days is None:
        default = TEST_RUN_DAYS if getattr(settings, "TESTING", False) else DEFAULT_DAYS
        days = int(os.environ.get("GONGKAI_AIR_DEMO_DAYS", default))
    now = timezone.localtime(now)
    today = now.date()
    first = today - timedelta(days=days)
    stations = _regions_and_stations(first)
    hours = days * 24 + now.hour  # the hour that has begun is not over yet
    start = local_midnight(first)
    stamps = [start + timedelta(hours=offset) for offset in range(hours)]
    added = 0
    with transaction.atomic():
        for index, station in enumerate(stations):
            have = set(
                HourlyObservation.objects.filter(station=station, hour__gte=start).values_list(
                    "hour", flat=True
                )
            )
            series = _series(first, hours, STATIONS[index][6], index)
            rows = []
            for offset, stamp in enumerate(stamps):
                if stamp in have:
                    continue
                row = {"station_id": station.pk, "hour": stamp}
                for name in POLLUTANTS:
                    value = series[name][offset]
                    missing = bool(np.isnan(value))
                    row[name] = None if missing else float(value)
                    row[f"{name}_flag"] = Flag.MISSING if missing else Flag.VALID
                rows.append(row)
            for start_row in range(0, len(rows), BATCH):
                insert_observations(
                    rows[start_row : start_row + BATCH], channel=Channel.DEMO, received_at=now
                )
            added += len(rows)
        if added:
            dates = [first + timedelta(days=d) for d in range(days)]
            recompute_days([station.pk for station in stations], dates)
            # The worker publishes each day's report at 01:05 the next morning.
            DailyReport.objects.bulk_create(
                [DailyReport(date=day, published_at=_publication_time(day)) for day in dates],
                ignore_conflicts=True,
            )
            fresh = DailyReport.objects.filter(date__in=dates, station_values__isnull=True)
            corrections.freeze(fresh.distinct())  # the published values of the reports just made
    return added
