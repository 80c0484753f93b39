"""Monthly and annual statistics of a region (月报/年报统计): days per AQI level, 优良天数比例, pollutant
means, the HJ 663 percentiles and the composite index (环境空气质量综合指数), computed from the
region's daily values. standards.md §3.3 and §3.4 mark the percentile set, the percentile formula, the
composite limits and the weights as B/C (not read in the primary text): they are `StatisticsOptions`
fields, and the defaults are the commonly cited ones.

Pure: no Django, no I/O (the boundary contracts in pyproject.toml check it); reading the daily values
from the database is `statistics_queries`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from gongkai.air.indicators import DAILY_FIELDS

LEVELS = range(1, 7)
GOOD_AQI = 100  # 优 + 良: AQI ≤ 100 (standards.md §3.4)

# standards.md §3.3 [B]: 24-hour percentiles SO2/NO2 98th, PM10/PM2.5/CO 95th, O3 daily max 8-hour 90th.
PERCENTILES = {"so2": 98, "no2": 98, "pm10": 95, "pm2_5": 95, "co": 95, "o3_8h": 90}
# standards.md §3.4 [B/C]: S_i = GB 3095-2012 Class II annual limits; CO 24-hour and O3 8-hour limits.
COMPOSITE_LIMITS = {"so2": 60, "no2": 40, "pm10": 70, "pm2_5": 35, "co": 4, "o3_8h": 160}
# standards.md §3.4 [C]: the weighted variant attributed to HJ 663-2026 (PM2.5 3, NO2 2, O3 2, others 1).
WEIGHTS_2026_CANDIDATE = {"so2": 1, "no2": 2, "pm10": 1, "pm2_5": 3, "co": 1, "o3_8h": 2}
UNWEIGHTED = dict.fromkeys(COMPOSITE_LIMITS, 1)
MEAN_POLLUTANTS = ("so2", "no2", "pm10", "pm2_5")  # C_i is the period mean; CO and O3 use their percentile


@dataclass(frozen=True)
class StatisticsOptions:
    percentiles: dict[str, int] = field(default_factory=lambda: dict(PERCENTILES))
    limits: dict[str, float] = field(default_factory=lambda: dict(COMPOSITE_LIMITS))
    weights: dict[str, float] = field(default_factory=lambda: dict(UNWEIGHTED))
    method: str = "linear"  # HJ 663 as commonly cited: X(s) + (X(s+1) − X(s)) × (k − s), k = 1 + (n − 1)p/100


DEFAULT_OPTIONS = StatisticsOptions()


@dataclass(frozen=True)
class PeriodStatistics:
    region: str
    start: date
    end: date
    days: int
    valid_days: int
    level_days: dict[int, int]
    good_ratio: float | None  # percent, one decimal
    means: dict[str, float | None]
    percentiles: dict[str, float | None]
    composite_index: float | None
    standards: tuple[int, ...]  # the AQI standards the period's days were evaluated under

    def as_dict(self) -> dict:
        return {
            "region": self.region,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "valid_days": self.valid_days,
            "level_days": {str(level): count for level, count in self.level_days.items()},
            "good_ratio": self.good_ratio,
            "means": self.means,
            "percentiles": self.percentiles,
            "composite_index": self.composite_index,
            "standards": list(self.standards),
        }


def _round(value: float, places: int = 1) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), places)


def summarise(
    *,
    region: str,
    start: date,
    end: date,
    aqi: np.ndarray,
    levels: np.ndarray,
    daily: dict[str, np.ndarray],
    standards: tuple[int, ...] = (),
    options: StatisticsOptions = DEFAULT_OPTIONS,
) -> PeriodStatistics:
    """Pure: statistics of a period from its daily AQI (NaN = not valid), levels and concentrations."""
    valid = ~np.isnan(aqi)
    valid_days = int(valid.sum())
    means = {
        name: _round(
            np.nanmean(daily[name]) if (~np.isnan(daily[name])).any() else np.nan, 3 if name == "co" else 1
        )
        for name in DAILY_FIELDS
        if name != "o3_1h_max"
    }
    percentiles = {}
    for name, p in options.percentiles.items():
        values = daily[name][~np.isnan(daily[name])]
        percentiles[name] = (
            _round(np.percentile(values, p, method=options.method), 3) if len(values) else None
        )
    composite = 0.0
    for name, limit in options.limits.items():
        concentration = means[name] if name in MEAN_POLLUTANTS else percentiles.get(name)
        if concentration is None:
            composite = None
            break
        composite += options.weights.get(name, 1) * concentration / limit
    return PeriodStatistics(
        region=region,
        start=start,
        end=end,
        days=(end - start).days + 1,
        valid_days=valid_days,
        level_days={level: int((levels[valid] == level).sum()) for level in LEVELS},
        good_ratio=_round(100 * float((aqi[valid] <= GOOD_AQI).sum()) / valid_days) if valid_days else None,
        means=means,
        percentiles=percentiles,
        composite_index=None if composite is None else round(composite, 2),
        standards=standards,
    )


def period(year: int, month: int | None) -> tuple[date, date]:
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, 1), date.fromordinal(end.toordinal() - 1)


def _change_percent(now: float | None, before: float | None) -> float | None:
    if now is None or before is None or before == 0:
        return None
    return round(100 * (now - before) / before, 1)


def year_on_year(current: PeriodStatistics, previous: PeriodStatistics) -> dict[str, float | None]:
    """Change against the same period of the previous year (同比): 优良天数比例 in percentage points,
    the means, the percentiles of CO and O3 and the composite index in percent (a fall is negative)."""
    changes: dict[str, float | None] = {
        "good_ratio_points": None
        if current.good_ratio is None or previous.good_ratio is None
        else round(current.good_ratio - previous.good_ratio, 1)
    }
    for name in MEAN_POLLUTANTS:
        changes[name] = _change_percent(current.means.get(name), previous.means.get(name))
    for name in ("co", "o3_8h"):
        changes[name] = _change_percent(current.percentiles.get(name), previous.percentiles.get(name))
    changes["composite_index"] = _change_percent(current.composite_index, previous.composite_index)
    return changes


@dataclass(frozen=True)
class Report:
    city: PeriodStatistics | None
    previous: PeriodStatistics | None  # the same period of the previous year
    districts: list[PeriodStatistics]  # ranked: lowest composite index first

    @property
    def changes(self) -> dict[str, float | None]:
        """The city's change against the same period of the previous year (empty without data)."""
        if self.city is None or self.previous is None or not self.previous.valid_days:
            return {}
        return year_on_year(self.city, self.previous)
