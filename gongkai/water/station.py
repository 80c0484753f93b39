"""The section's automatic station (水质自动站) on its public page: the valid hourly values of the last 24
complete hours, read by the section's MN through core.monitoring (the HJ 212 receiver's data; the water app
never imports the receiver), each mapped to its GB 3838-2002 item (``hj212_codes``) and given the item's
single-factor class. Informative only: the section's class is the monthly manual result's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from gongkai.core import monitoring
from gongkai.water import gb3838, hj212_codes
from gongkai.water.models import Section

HOURS = 24  # the hours shown: the last 24 complete hours


@dataclass(frozen=True)
class Column:
    item: str
    name: str
    unit: str


@dataclass(frozen=True)
class Cell:
    value: Decimal | None  # in the item's unit; None: no valid value this hour (无有效数据)
    water_class: gb3838.WaterClass | None  # None for water temperature (no class) or no value

    @property
    def text(self) -> str:
        return "" if self.value is None else format(self.value.normalize(), "f")


@dataclass(frozen=True)
class Hour:
    start: datetime  # aware
    cells: tuple[Cell, ...]

    @property
    def empty(self) -> bool:
        return all(cell.value is None for cell in self.cells)


@dataclass(frozen=True)
class StationHours:
    mn: str
    columns: tuple[Column, ...]
    hours: tuple[Hour, ...]  # latest first
    last_hour: datetime | None  # the latest valid hourly value, maybe older than the window


def code_mappings() -> dict[str, hj212_codes.CodeMapping]:
    """Table B.1's units with the site's WATER_HJ212_UNITS (validated at start, WaterConfig.ready)."""
    return hj212_codes.mappings(getattr(settings, "WATER_HJ212_UNITS", {}))


def window(now: datetime) -> tuple[datetime, datetime]:
    """[start, end) of the last HOURS complete hours before ``now`` (an hour's data arrive after it ends)."""
    end = now.replace(minute=0, second=0, microsecond=0)
    return end - timedelta(hours=HOURS), end


def class_of(item: gb3838.Item, value: Decimal, body: gb3838.WaterBody) -> gb3838.WaterClass | None:
    if item.direction is gb3838.Direction.NONE:
        return None
    try:
        return gb3838.class_of(item, value, body)
    except ValueError:  # a negative value: shown as sent, not classed
        return None


def station_hours(section: Section, *, now: datetime | None = None) -> StationHours | None:
    """The section's last 24 hours of automatic data, or None when it has no station (no MN)."""
    if not section.station_mn:
        return None
    start, end = window(now or timezone.now())
    mappings = code_mappings()
    values: dict[tuple[datetime, str], Decimal] = {}
    for row in monitoring.hourly(section.station_mn, start, end):
        mapping = mappings.get(row.code)
        if mapping is None:
            continue
        # Two codes of one item (w20119 总砷, w20141 砷): the first by code is kept.
        values.setdefault((row.hour, mapping.item), mapping.convert(Decimal(repr(row.value))))
    present = {item for _hour, item in values}
    items = [item for item in gb3838.TABLE_1 if item.code in present]
    body = section.body
    hours = []
    for number in range(HOURS):
        hour = end - timedelta(hours=number + 1)
        cells = []
        for item in items:
            value = values.get((hour, item.code))
            cells.append(Cell(value, None if value is None else class_of(item, value, body)))
        hours.append(Hour(hour, tuple(cells)))
    return StationHours(
        mn=section.station_mn,
        columns=tuple(Column(item.code, item.name, item.unit) for item in items),
        hours=tuple(hours),
        last_hour=monitoring.last_hour(section.station_mn),
    )


def stations() -> list[monitoring.Station]:
    """The sections' automatic stations for core.monitoring (ST=21 地表水质量监测, HJ 212-2017 Table 5)."""
    return [
        monitoring.Station(mn=mn, name=f"{name}水质自动站", system_code="21")
        for mn, name in Section.objects.exclude(station_mn="")
        .order_by("code")
        .values_list("station_mn", "name")
    ]
