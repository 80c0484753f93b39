"""Online monitoring data by MN (在线监测数据, HJ 212-2017) as a meeting point of domain apps.

Domain apps never import each other (import-linter "domain-independence"). The app that receives HJ 212
data (sources) registers itself as the *provider*: the valid hourly values (CN=2061, data flag N, the
value ``Avg``) of a data logger, named by its MN, between two times. An app showing the data of its own
stations (water: the 水质自动站 of a section) reads them here by MN:

    monitoring.register_provider(monitoring.Provider(hourly=..., last_hour=...))  # the receiver's app
    monitoring.hourly(mn, start, end)   # -> [HourlyValue(code, hour, value)], [] without a provider
    monitoring.last_hour(mn)            # -> the start of the latest valid hour, or None

An app that owns stations also lists them (``register_stations``) so the receiver's app can register their
loggers (its demo does: the demo water stations get a simulated ST=21 logger) without importing the owner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class HourlyValue:
    code: str  # the HJ 212-2017 pollutant code (Appendix B), HJ/T 212-2005 codes already mapped
    hour: datetime  # aware: the start of the hour (the packet's DataTime)
    value: float  # the hourly mean (Avg) in the code's unit as sent


@dataclass(frozen=True)
class Provider:
    """hourly(mn, start, end) -> the valid hourly values with start <= hour < end, by hour then code;
    last_hour(mn) -> the hour of the latest valid hourly value, or None."""

    hourly: Callable[[str, datetime, datetime], list[HourlyValue]]
    last_hour: Callable[[str], datetime | None]


@dataclass(frozen=True)
class Station:
    """A monitoring station an app owns, by the MN of its data logger and its system code (ST)."""

    mn: str
    name: str
    system_code: str  # HJ 212-2017 Table 5, e.g. "21" 地表水质量监测


_provider: list[Provider] = []
_stations: dict[str, Callable[[], list[Station]]] = {}


def register_provider(provider: Provider) -> None:
    """The receiver's app registers itself; the same provider again changes nothing, another raises."""
    if _provider and _provider[0] != provider:
        raise ValueError("an online monitoring data provider is already registered")
    _provider[:] = [provider]


def has_provider() -> bool:
    return bool(_provider)


def hourly(mn: str, start: datetime, end: datetime) -> list[HourlyValue]:
    """Valid hourly values of the logger ``mn`` in [start, end); [] without a provider or an MN."""
    return _provider[0].hourly(mn, start, end) if _provider and mn else []


def last_hour(mn: str) -> datetime | None:
    return _provider[0].last_hour(mn) if _provider and mn else None


def register_stations(key: str, stations: Callable[[], list[Station]]) -> None:
    """An app's stations (a callable, read when asked); the same callable again changes nothing."""
    if _stations.get(key, stations) is not stations:
        raise ValueError(f"monitoring stations {key!r} are already registered")
    _stations[key] = stations


def stations() -> list[Station]:
    """Every registered app's stations, by MN (an MN listed twice is kept once)."""
    found: dict[str, Station] = {}
    for key in sorted(_stations):
        for station in _stations[key]():
            found.setdefault(station.mn, station)
    return [found[mn] for mn in sorted(found)]
