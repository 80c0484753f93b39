"""What the public sees (read side): real-time AQI, published daily reports and history. Daily values
reach the public only through published reports, and only as published (the frozen `Published*Value`
rows, changed by a published correction alone), so an unpublished day cannot leak and a published value
cannot change silently."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
from django.conf import settings
from django.utils import timezone

from gongkai.air import aqi, averaging, publication
from gongkai.air.models import (
    POLLUTANTS,
    DailyReport,
    Flag,
    HourlyObservation,
    PublishedRegionValue,
    PublishedStationValue,
    Region,
    Station,
)

TREND_HOURS = 24
# Published beside the real-time AQI, not in it (HJ 633 real-time report; standards.md §2):
# the O3 8-hour moving mean and the PM 24-hour moving means ending with the report hour.
MOVING_MEANS = ("o3_8h", "pm10_24h", "pm2_5_24h")
MOVING_MEAN_LABELS = {"o3_8h": "O₃-8h", "pm10_24h": "PM₁₀-24h", "pm2_5_24h": "PM₂.₅-24h"}
IAQI_NAMES = {
    "so2": aqi.SO2,
    "no2": aqi.NO2,
    "co": aqi.CO,
    "o3": aqi.O3,
    "pm10": aqi.PM10,
    "pm2_5": aqi.PM2_5,
}


def display_concentration(name: str, value: float | None) -> str | None:
    """A real-time concentration as published: GB/T 8170, once (publication.py)."""
    return publication.shown_hourly(name, value)


@dataclass
class RealtimeRow:
    """One station's or region's real-time (hourly) AQI and its inputs."""

    name: str
    code: str
    hour: datetime | None
    result: aqi.AqiResult | None
    concentrations: dict[str, float | None] = field(default_factory=dict)
    longitude: float | None = None
    latitude: float | None = None
    district: str = ""
    moving_means: dict[str, float | None] = field(default_factory=dict)
    # A city or district row: how many of its stations reported the hour (a computed AQI) of how many
    # in service, and whether that is below the published share (then nothing is published for it).
    stations_reported: int | None = None
    stations_expected: int | None = None
    insufficient: bool = False

    @property
    def missing(self) -> str:
        return missing_mark(self.result.standard if self.result else None)

    @property
    def moving_cells(self) -> list[str | None]:
        """The moving means in MOVING_MEANS order as shown, rounded once (None = not valid: too few
        hourly values)."""
        return [publication.shown(name, self.moving_means.get(name)) for name in MOVING_MEANS]

    @property
    def cells(self) -> list[tuple[str | None, int | None]]:
        """(concentration as displayed, IAQI) per pollutant in POLLUTANTS order: CO in mg/m³ with one
        decimal, the others in µg/m³ without a trailing ".0"."""
        iaqi = self.result.iaqi if self.result else {}
        return [
            (display_concentration(name, self.concentrations.get(name)), iaqi.get(IAQI_NAMES[name]))
            for name in POLLUTANTS
        ]

    def as_dict(self) -> dict:
        result = self.result
        return {
            "code": self.code,
            "name": self.name,
            "district": self.district,
            "longitude": self.longitude,
            "latitude": self.latitude,
            # labelled by the hour's end as the national platform does; the start as "hour_start"
            "hour": (self.hour + timedelta(hours=1)).isoformat() if self.hour else None,
            "hour_start": self.hour.isoformat() if self.hour else None,
            "standard": result.standard.value if result else None,
            "aqi": result.aqi if result else None,
            "level": result.level if result else None,
            "category": result.category if result else None,
            "colour": result.colour if result else None,
            "primary_pollutants": list(result.primary_pollutants) if result else [],
            "iaqi": {name: (result.iaqi.get(IAQI_NAMES[name]) if result else None) for name in POLLUTANTS},
            # as the page shows them (publication.shown_hourly): 58.5 stays 58.5, 50.04 is 50
            "concentrations": {
                name: publication.number_hourly(name, value) for name, value in self.concentrations.items()
            },
            "moving_means": {
                name: publication.number(name, value) for name, value in self.moving_means.items()
            },
            # regions only: the station count behind the value; "insufficient" = withheld (数据不足)
            "stations_reported": self.stations_reported,
            "stations_expected": self.stations_expected,
            "insufficient": self.insufficient,
        }


@dataclass
class Realtime:
    hour: datetime | None
    city: RealtimeRow | None
    districts: list[RealtimeRow]
    stations: list[RealtimeRow]
    trend_hours: list[str]
    trends: dict[str, dict[str, list[float | None]]]  # station code -> pollutant -> 24 values

    @property
    def hour_end(self) -> datetime | None:
        """The label of the hour as the national real-time platform shows it: the hour's end
        (data of 10:00-11:00 is "11:00"). ``hour`` is the start, kept in the API as ``hour_start``."""
        return None if self.hour is None else self.hour + timedelta(hours=1)


def latest_hour() -> datetime | None:
    latest = HourlyObservation.objects.order_by("-hour").values_list("hour", flat=True).first()
    return None if latest is None else timezone.localtime(latest)


def _window(station_ids: list[int], end_hour: datetime) -> dict[str, np.ndarray]:
    """stations × 24 valid concentrations for the 24 hours ending with ``end_hour`` (NaN = not valid)."""
    start = end_hour - timedelta(hours=TREND_HOURS - 1)
    index = {pk: row for row, pk in enumerate(station_ids)}
    matrix = {name: np.full((len(station_ids), TREND_HOURS), np.nan) for name in POLLUTANTS}
    fields = ["station_id", "hour", *POLLUTANTS, *(f"{name}_flag" for name in POLLUTANTS)]
    for record in HourlyObservation.objects.filter(
        station_id__in=station_ids, hour__gte=start, hour__lte=end_hour
    ).values_list(*fields):
        column = int((record[1] - start).total_seconds()) // 3600
        for offset, name in enumerate(POLLUTANTS):
            if record[2 + offset] is not None and record[8 + offset] == Flag.VALID:
                matrix[name][index[record[0]], column] = record[2 + offset]
    return matrix


def _hourly(values: dict[str, np.ndarray], hour: datetime) -> aqi.AqiArrays:
    return aqi.hourly_aqi_arrays(standard=aqi.standard_for(hour), **values)


def _concentrations(values: dict[str, np.ndarray], row: int, names=POLLUTANTS) -> dict[str, float | None]:
    return {name: (None if np.isnan(values[name][row]) else float(values[name][row])) for name in names}


def _moving_means(window: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each station's moving means ending with the window's last hour, unrounded: they are rounded
    once when shown, after any averaging (NaN where the validity rule is not met: ≥ 6 of 8 hours,
    ≥ 20 of 24 hours)."""
    return {
        "o3_8h": averaging.o3_8h_moving_mean(window["o3"]).value[:, -1],
        "pm10_24h": averaging.pm_24h_moving_mean(window["pm10"]).value[:, -1],
        "pm2_5_24h": averaging.pm_24h_moving_mean(window["pm2_5"]).value[:, -1],
    }


def min_station_share() -> float:
    """Setting AIR_REALTIME_MIN_STATION_SHARE (0–1; default `publication.DEFAULT_MIN_STATION_SHARE`)."""
    return float(getattr(settings, "AIR_REALTIME_MIN_STATION_SHARE", publication.DEFAULT_MIN_STATION_SHARE))


def realtime(hour: datetime | None = None) -> Realtime:
    """The real-time report at ``hour`` (default: the latest hour with data). Station values are
    the 1-hour values; city and district values the means of their stations' valid values (HJ 663),
    published only when at least the configured share of the region's stations in service reported
    the hour (a computed AQI); below it the region's row is withheld and marked insufficient."""
    hour = hour or latest_hour()
    stations = list(Station.objects.select_related("district").order_by("code"))
    if hour is None or not stations:
        return Realtime(None, None, [], [], [], {})
    stations = [station for station in stations if station.active_on(hour.date())]
    ids = [station.pk for station in stations]
    window = _window(ids, hour)
    now_values = {name: window[name][:, -1] for name in POLLUTANTS}
    results = _hourly(now_values, hour)
    moving = _moving_means(window) if ids else {name: np.array([]) for name in MOVING_MEANS}
    rows = [
        RealtimeRow(
            name=station.name,
            code=station.code,
            hour=hour,
            result=results.result(row),
            concentrations=_concentrations(now_values, row),
            longitude=float(station.longitude),
            latitude=float(station.latitude),
            district=station.district.name,
            moving_means=_concentrations(moving, row, MOVING_MEANS),
        )
        for row, station in enumerate(stations)
    ]

    share = min_station_share()

    def region_row(region: Region, members: list[int]) -> RealtimeRow:
        reported = sum(1 for row in members if rows[row].result and rows[row].result.aqi is not None)
        if not publication.enough_stations(reported, len(members), share):
            return RealtimeRow(
                name=region.name,
                code=region.code,
                hour=hour,
                result=None,
                concentrations=dict.fromkeys(POLLUTANTS),
                moving_means=dict.fromkeys(MOVING_MEANS),
                stations_reported=reported,
                stations_expected=len(members),
                insufficient=True,
            )
        means = {
            name: averaging.spatial_mean(now_values[name][members][:, None]).value
            if members
            else np.array([np.nan])
            for name in POLLUTANTS
        }
        # The index is computed from the unrounded means (issue 21: one rounding, at the end).
        moving_region = {
            name: averaging.spatial_mean(moving[name][members][:, None]).value
            if members
            else np.array([np.nan])
            for name in MOVING_MEANS
        }
        return RealtimeRow(
            name=region.name,
            code=region.code,
            hour=hour,
            result=_hourly(means, hour).result(0),
            concentrations=_concentrations(means, 0),
            moving_means=_concentrations(moving_region, 0, MOVING_MEANS),
            stations_reported=reported,
            stations_expected=len(members),
        )

    districts = []
    for district in Region.objects.filter(kind=Region.Kind.DISTRICT).order_by("code"):
        members = [row for row, station in enumerate(stations) if station.district_id == district.pk]
        if members:
            districts.append(region_row(district, members))
    city_region = Region.objects.filter(kind=Region.Kind.CITY).first()
    city = region_row(city_region, list(range(len(stations)))) if city_region else None
    trend_hours = [  # labelled by the end of each hour, as the page's report hour
        (hour - timedelta(hours=TREND_HOURS - 2 - i)).strftime("%m-%d %H:00") for i in range(TREND_HOURS)
    ]
    trends = {
        station.code: {
            # as published (the chart and its table show what the tables show)
            name: [publication.number_hourly(name, float(v)) for v in window[name][row]]
            for name in POLLUTANTS
        }
        for row, station in enumerate(stations)
    }
    return Realtime(hour, city, districts, rows, trend_hours, trends)


def published_reports():
    return DailyReport.objects.filter(published_at__isnull=False)


def latest_published_day() -> date | None:
    return published_reports().values_list("date", flat=True).first()


def published_daily(
    day: date,
) -> tuple[DailyReport | None, list[PublishedRegionValue], list[PublishedStationValue]]:
    """The report of ``day`` with its values as published (after its published corrections)."""
    report = published_reports().filter(date=day).first()
    if report is None:
        return None, [], []
    regions = list(
        PublishedRegionValue.objects.filter(report=report)
        .select_related("region")
        .order_by("region__kind", "region__code")
    )
    stations = list(
        PublishedStationValue.objects.filter(report=report)
        .select_related("station", "station__district")
        .order_by("station__code")
    )
    return report, regions, stations


def history(*, start: date, end: date, station: str = ""):
    """Published daily station values between two dates (inclusive)."""
    rows = (
        PublishedStationValue.objects.filter(date__range=(start, end))
        .select_related("station")
        .order_by("-date", "station__code")
    )
    if station:
        rows = rows.filter(station__code=station)
    return rows


def history_chart(*, start: date, end: date, station: str = "") -> dict:
    """The daily AQI series drawn above the history table: the selected station's, else the city's
    (published days only; a day without a valid AQI is a gap, never a zero)."""
    if station:
        values = PublishedStationValue.objects.filter(date__range=(start, end), station__code=station)
        name = Station.objects.filter(code=station).values_list("name", flat=True).first() or station
    else:
        city = Region.objects.filter(kind=Region.Kind.CITY).first()
        values = PublishedRegionValue.objects.filter(date__range=(start, end), region=city)
        name = city.name if city else ""
    series = list(values.order_by("date").values_list("date", "aqi", "level"))
    return {
        "name": name,
        "dates": [day.isoformat() for day, _aqi, _level in series],
        "aqi": [aqi_value for _day, aqi_value, _level in series],
        "levels": [level or 0 for _day, _aqi, level in series],
        "colours": ["#CCCCCC", *(colour.hex for colour in aqi.COLOURS)],
    }


def missing_mark(standard: int | None = None) -> str:
    """What a value that could not be computed shows: "NA" under both standards — HJ 633-2012
    Tables 3/4 notes and HJ 633-2026 Tables 4/5 notes print "NA" for a missing indicator (and, under
    HJ 633-2026 5.3.1, for the AQI, level and category withheld). ``standard`` is kept for callers."""
    return "NA"


def level_text(level: int | None) -> tuple[str, str]:
    """(category, colour) of a level number 1-6, e.g. ("良", "#FFFF00"); placeholders when not computed."""
    if not level:
        return "—", "#CCCCCC"
    return aqi.CATEGORIES[level - 1], aqi.COLOURS[level - 1].hex
