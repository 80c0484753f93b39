"""Statistics of the regions in the database: reads their daily values and hands them to the pure
`statistics` module (月报/年报统计, 同比, district ranking)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import numpy as np
from django.conf import settings
from django.utils import timezone

from gongkai.air import validity
from gongkai.air.models import DAILY_FIELDS, PublishedRegionValue, Region
from gongkai.air.statistics import (
    DEFAULT_LIMIT_SET_2026,
    DEFAULT_OPTIONS,
    PERCENTILE_PLACES,
    PeriodStatistics,
    Report,
    StatisticsOptions,
    period,
    same_days_last_year,
    summarise,
)


def region_statistics(
    region: Region,
    start: date,
    end: date,
    options: StatisticsOptions = DEFAULT_OPTIONS,
    today: date | None = None,
) -> PeriodStatistics:
    """Statistics of the days whose daily report was published (issue 21), from the values as
    published (after their published corrections); ``today`` (default: the local date) decides whether
    the period is still running."""
    rows = list(
        PublishedRegionValue.objects.filter(region=region, date__range=(start, end)).values_list(
            "aqi", "level", "standard", *DAILY_FIELDS
        )
    )
    array = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=np.float64).reshape(
        len(rows), 3 + len(DAILY_FIELDS)
    )
    if options is DEFAULT_OPTIONS:
        options = configured_options()
    return summarise(
        region=region.name,
        start=start,
        end=end,
        aqi=array[:, 0],
        levels=array[:, 1],
        daily={name: array[:, 3 + i] for i, name in enumerate(DAILY_FIELDS)},
        standards=tuple(sorted({int(s) for s in array[:, 2]})),
        options=options,
        today=today or timezone.localdate(),
    )


def configured_options() -> StatisticsOptions:
    """The statistics options with the deployment's choice of composite-index limits for data from
    2026-03-01 (setting AIR_COMPOSITE_LIMITS_2026) and of the percentiles' precision (setting
    AIR_PERCENTILE_PLACES, e.g. {"pm2_5": 1}); defaults and choices in air/README.md."""
    return StatisticsOptions(
        limit_set_2026=getattr(settings, "AIR_COMPOSITE_LIMITS_2026", DEFAULT_LIMIT_SET_2026),
        percentile_places={**PERCENTILE_PLACES, **(getattr(settings, "AIR_PERCENTILE_PLACES", None) or {})},
    )


def validity_options() -> validity.ValidityOptions:
    """The coverage a year-on-year side needs when the standard has no rule for its window (a
    year-to-date, the same days last year): setting AIR_YOY_MIN_COVERAGE, a share 0–1 of the elapsed
    days (default 324/365, the annual rule's share of GB 3095 Table 4 — the platform's choice)."""
    configured = getattr(settings, "AIR_YOY_MIN_COVERAGE", None)
    if configured is None:
        return validity.DEFAULT_OPTIONS
    return validity.ValidityOptions(pro_rata=Fraction(str(configured)))


def monthly(
    year: int, region: Region | None = None, options: StatisticsOptions = DEFAULT_OPTIONS
) -> list[PeriodStatistics]:
    """Month-by-month statistics of a region (default: the city) for the twelve months of a year."""
    region = region or Region.objects.filter(kind=Region.Kind.CITY).first()
    if region is None:
        return []
    return [region_statistics(region, *period(year, month), options) for month in range(1, 13)]


def report(year: int, month: int | None = None, options: StatisticsOptions = DEFAULT_OPTIONS) -> Report:
    start, end = period(year, month)
    # 同比: the same calendar days of the previous year as the ones elapsed in this period.
    today = timezone.localdate()
    elapsed_end = min(end, today - timedelta(days=1))
    previous_start, previous_end = same_days_last_year(start, max(elapsed_end, start))
    city = Region.objects.filter(kind=Region.Kind.CITY).first()
    districts = [
        region_statistics(d, start, end, options) for d in Region.objects.filter(kind=Region.Kind.DISTRICT)
    ]
    districts.sort(key=lambda s: (s.composite_index is None, s.composite_index or 0))
    return Report(
        city=region_statistics(city, start, end, options) if city else None,
        previous=region_statistics(city, previous_start, previous_end, options, today=today)
        if city
        else None,
        districts=districts,
        validity_options=validity_options(),
    )
