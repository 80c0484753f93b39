"""Values derived from the hourly data: daily station values and city/district values with their AQI
(日报). `recompute_days` is the only writer; it runs after every change of hourly data (late data,
corrections), so a derived value always matches its inputs. A day whose report is already published
keeps its published values: the difference becomes a pending correction (`corrections`). The AQI
standard is chosen from each value's own date (`aqi.standard_for`), never from today's."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

import numpy as np
from django.db import models, transaction
from django.utils import timezone

from gongkai.air import aqi, averaging, corrections
from gongkai.air.models import (
    DAILY_FIELDS,
    POLLUTANTS,
    DailyRegionValue,
    DailyStationValue,
    Flag,
    HourlyObservation,
    Region,
    Station,
)

HOURS = averaging.HOURS_PER_DAY


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def hourly_matrix(station_ids: list[int], first: date, days: int) -> dict[str, np.ndarray]:
    """stations × hours arrays of the valid concentrations from ``first`` 00:00 for ``days`` days;
    NaN where an hour is missing or its flag is not valid (never filled)."""
    start = local_midnight(first)
    end = start + timedelta(days=days)
    index = {station_id: row for row, station_id in enumerate(station_ids)}
    matrix = {name: np.full((len(station_ids), days * HOURS), np.nan) for name in POLLUTANTS}
    fields = ["station_id", "hour", *POLLUTANTS, *(f"{name}_flag" for name in POLLUTANTS)]
    rows = HourlyObservation.objects.filter(station_id__in=station_ids, hour__gte=start, hour__lt=end)
    for record in rows.values_list(*fields).iterator(chunk_size=20_000):
        row = index[record[0]]
        column = int((record[1] - start).total_seconds()) // 3600
        for offset, name in enumerate(POLLUTANTS):
            value = record[2 + offset]
            if value is not None and record[8 + offset] == Flag.VALID:
                matrix[name][row, column] = value
    return matrix


def _standards(first: date, days: int) -> np.ndarray:
    return _standards_of([first + timedelta(days=offset) for offset in range(days)])


def _standards_of(dates: list[date]) -> np.ndarray:
    """The AQI standard of each date (HJ 633-2026 from 2026-03-01), as 2012/2026 codes."""
    return np.array([aqi.standard_for(day).value for day in dates], dtype=np.int16)


def _none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _aqi_fields(results: aqi.AqiArrays, row: int) -> dict:
    result = results.result(row)
    return {
        "standard": result.standard.value,
        "aqi": result.aqi,
        "level": result.level,
        "primary_pollutants": ";".join(result.primary_pollutants),
        "iaqi": dict(result.iaqi),
    }


@transaction.atomic
def recompute_days(station_ids: Iterable[int], dates: Iterable[date], *, change: dict | None = None) -> int:
    """Rebuild the daily values of these stations on these dates and of their district and city, and
    review the published reports among the dates (``change``: the data change, as
    `corrections.trigger` describes it, listed on a pending correction). Returns the station-days written."""
    station_ids = sorted(set(station_ids))
    dates = sorted(set(dates))
    if not station_ids or not dates:
        return 0
    first, last = dates[0], dates[-1]
    days = (last - first).days + 1
    wanted = set(dates)
    values = averaging.daily_values(**hourly_matrix(station_ids, first, days))
    inputs = {name: getattr(values, name).value for name in DAILY_FIELDS}  # stations × days
    standards = np.tile(_standards(first, days), len(station_ids))
    results = aqi.daily_aqi_arrays(standard=standards, **{k: v.ravel() for k, v in inputs.items()})
    now = timezone.now()
    objects = []
    for row, station_id in enumerate(station_ids):
        for offset in range(days):
            day = first + timedelta(days=offset)
            if day not in wanted:
                continue
            flat = row * days + offset
            objects.append(
                DailyStationValue(
                    station_id=station_id,
                    date=day,
                    computed_at=now,
                    valid_hours={
                        name: int(getattr(values, name).count[row, offset]) for name in ("so2", "no2", "co")
                    },
                    **{name: _none(inputs[name][row, offset]) for name in DAILY_FIELDS},
                    **_aqi_fields(results, flat),
                )
            )
    DailyStationValue.objects.filter(station_id__in=station_ids, date__in=dates).delete()
    DailyStationValue.objects.bulk_create(objects, batch_size=2000)
    district_ids = set(Station.objects.filter(pk__in=station_ids).values_list("district_id", flat=True))
    recompute_regions(district_ids, dates)
    corrections.review_published_days(dates, change)
    return len(objects)


def recompute_regions(district_ids: Iterable[int], dates: list[date]) -> None:
    """District and city values: the mean of the valid values of their stations active that day
    (HJ 663), then the AQI of those means."""
    districts = list(Region.objects.filter(pk__in=set(district_ids)))
    regions = districts + list(Region.objects.filter(pk__in={d.parent_id for d in districts if d.parent_id}))
    stations = {
        station.pk: station
        for station in Station.objects.filter(
            models.Q(district__in=regions) | models.Q(district__parent__in=regions)
        ).select_related("district")
    }
    day_index = {day: column for column, day in enumerate(dates)}
    station_index = {pk: row for row, pk in enumerate(stations)}
    cube = np.full((len(DAILY_FIELDS), len(stations), len(dates)), np.nan)
    present = np.zeros((len(stations), len(dates)), dtype=bool)
    for record in DailyStationValue.objects.filter(station_id__in=list(stations), date__in=dates).values_list(
        "station_id", "date", *DAILY_FIELDS
    ):
        row, column = station_index[record[0]], day_index[record[1]]
        if stations[record[0]].active_on(record[1]):
            present[row, column] = True
            cube[:, row, column] = [np.nan if value is None else value for value in record[2:]]
    standards = _standards_of(dates)
    now = timezone.now()
    objects = []
    for region in regions:
        members = [
            station_index[pk]
            for pk, station in stations.items()
            if region.pk in (station.district_id, station.district.parent_id)
        ]
        if not members:
            continue
        means = {
            name: averaging.spatial_mean(cube[field_index, members, :]).value
            for field_index, name in enumerate(DAILY_FIELDS)
        }
        counts = present[members, :].sum(axis=0)
        results = aqi.daily_aqi_arrays(standard=standards, **means)
        for column, day in enumerate(dates):
            if not counts[column]:
                continue
            objects.append(
                DailyRegionValue(
                    region=region,
                    date=day,
                    computed_at=now,
                    station_count=int(counts[column]),
                    **{name: _none(means[name][column]) for name in DAILY_FIELDS},
                    **_aqi_fields(results, column),
                )
            )
    DailyRegionValue.objects.filter(region__in=regions, date__in=dates).delete()
    DailyRegionValue.objects.bulk_create(objects, batch_size=2000)
