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

from gongkai.air import aqi, validity
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

# The limit set S_i for periods with data from 2026-03-01 is not settled by the sources (standards.md
# §3.4, §8): it is a setting (AIR_COMPOSITE_LIMITS_2026, README "Composite index limits"). Sets, from
# GB 3095-2012 Class II and GB 3095-2026 Table 1 Class II [A] (annual SO2/NO2/PM10/PM2.5; CO 24-hour;
# O3 daily maximum 8-hour).
LIMIT_SETS = {
    "gb3095-2012": ("GB 3095-2012 二级", COMPOSITE_LIMITS),
    "gb3095-2026-transition": (
        "GB 3095-2026 二级过渡限值",
        {"so2": 60, "no2": 40, "pm10": 60, "pm2_5": 30, "co": 4, "o3_8h": 160},
    ),
    "gb3095-2026-final": (
        "GB 3095-2026 二级最终限值",
        {"so2": 20, "no2": 30, "pm10": 50, "pm2_5": 25, "co": 4, "o3_8h": 160},
    ),
}
# Default: the limits in force for data from 2026-03-01 (GB 3095-2026 §3.1: transition limits until
# 2030-12-31). A period with any day under HJ 633-2026 uses this set; earlier periods GB 3095-2012.
DEFAULT_LIMIT_SET_2026 = "gb3095-2026-transition"
STANDARD_2026 = 2026
# The precision percentiles are published at. HJ 663 is not available in the primary text (standards.md
# §3.3, §8), so it is a setting (AIR_PERCENTILE_PLACES, README "Percentile precision"); the default is
# the precision of the concentrations they are percentiles of (HJ 633-2026 §4.2, GB/T 8170): CO to
# 0.1 mg/m³, the others to 1 µg/m³, rounded once with GB/T 8170 (四舍六入五考虑).
PERCENTILE_PLACES = {"so2": 0, "no2": 0, "pm10": 0, "pm2_5": 0, "co": 1, "o3_8h": 0}
MEAN_POLLUTANTS = ("so2", "no2", "pm10", "pm2_5")  # C_i is the period mean; CO and O3 use their percentile


# The unit of every statistic, stated in the API beside the figures as on the page (issue 21).
UNITS = {
    "valid_days": "天",
    "level_days": "天",
    "good_ratio": "%",
    "means": {
        "so2": "µg/m³",
        "no2": "µg/m³",
        "co": "mg/m³",
        "pm10": "µg/m³",
        "pm2_5": "µg/m³",
        "o3_8h": "µg/m³",
    },
    "percentiles": {
        "so2": "µg/m³",
        "no2": "µg/m³",
        "co": "mg/m³",
        "pm10": "µg/m³",
        "pm2_5": "µg/m³",
        "o3_8h": "µg/m³",
    },
    "composite_index": "1",  # dimensionless
}


@dataclass(frozen=True)
class StatisticsOptions:
    percentiles: dict[str, int] = field(default_factory=lambda: dict(PERCENTILES))
    limits: dict[str, float] | None = None  # None: the set for the period's data (LIMIT_SETS)
    limit_set_2026: str = DEFAULT_LIMIT_SET_2026
    weights: dict[str, float] = field(default_factory=lambda: dict(UNWEIGHTED))
    method: str = "linear"  # HJ 663 as commonly cited: X(s) + (X(s+1) − X(s)) × (k − s), k = 1 + (n − 1)p/100
    percentile_places: dict[str, int] = field(default_factory=lambda: dict(PERCENTILE_PLACES))


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
    percentiles: dict[str, float | int | None]  # at `StatisticsOptions.percentile_places`
    composite_index: float | None
    standards: tuple[int, ...]  # the AQI standards the period's days were evaluated under
    # GB 3095 Table 4 (validity.py): a period that fails is withheld (figures None), a period not yet
    # over states its coverage.
    coverage: validity.Coverage | None = None
    limit_set: str = ""  # the name of the composite-index limit set used

    @property
    def status(self) -> str:
        return self.coverage.status.value if self.coverage else validity.Status.VALID.value

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
            "validity": self.coverage.as_dict() if self.coverage else None,
            "composite_limits": self.limit_set,
            "units": UNITS,
        }


def _round(value: float, places: int = 1) -> float | None:
    """A statistic as published: GB/T 8170 at ``places`` decimals of the value's decimal form, after
    stripping float noise (9 decimals), so that a composite index of exactly 3.555 is 3.56 (not 3.55
    from the binary 3.55499…) — the value an exact recomputation publishes."""
    if value is None or np.isnan(value):
        return None
    return float(aqi.round_gbt8170(round(float(value), 9), places))


def published_percentile(value: float, places: int) -> float | int:
    """A percentile as published: GB/T 8170 at ``places`` decimals, once (an int when 0). The
    interpolation's float noise is stripped first (9 decimals, as averaging.py does for means), so
    a percentile that is exactly 95.5 is 96, not 95 from 95.49999999999999."""
    rounded = aqi.round_gbt8170(round(float(value), 9), places)
    return int(rounded) if places == 0 else float(rounded)


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
    today: date | None = None,
) -> PeriodStatistics:
    """Pure: statistics of a period from its daily AQI (NaN = not valid), levels and concentrations.
    ``today`` (None: the period is over) tells a period still running from one that ended; a period
    that ended without enough valid days (GB 3095 Table 4) is withheld: its figures are None."""
    valid = ~np.isnan(aqi)
    valid_days = int(valid.sum())
    coverage = validity.assess(start, end, valid_days, today)
    if coverage.withheld:
        return PeriodStatistics(
            region=region,
            start=start,
            end=end,
            days=(end - start).days + 1,
            valid_days=valid_days,
            level_days={level: int((levels[valid] == level).sum()) for level in LEVELS},
            good_ratio=None,
            means=dict.fromkeys((n for n in DAILY_FIELDS if n != "o3_1h_max"), None),
            percentiles=dict.fromkeys(options.percentiles, None),
            composite_index=None,
            standards=standards,
            coverage=coverage,
            limit_set=limits_for(standards, options)[0],
        )
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
            published_percentile(
                np.percentile(values, p, method=options.method), options.percentile_places.get(name, 0)
            )
            if len(values)
            else None
        )
    limit_set, limits = limits_for(standards, options)
    composite = 0.0
    for name, limit in limits.items():
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
        composite_index=_round(composite, 2),
        standards=standards,
        coverage=coverage,
        limit_set=limit_set,
    )


def limits_for(standards: tuple[int, ...], options: StatisticsOptions) -> tuple[str, dict[str, float]]:
    """(name, limits) of the composite-index limit set for a period evaluated under ``standards``."""
    if options.limits is not None:
        return "", options.limits
    key = options.limit_set_2026 if STANDARD_2026 in standards else "gb3095-2012"
    return LIMIT_SETS[key]


def same_days_last_year(start: date, end: date) -> tuple[date, date]:
    """The same calendar days one year earlier (29 February becomes 28 February)."""

    def back(day: date) -> date:
        return day.replace(year=day.year - 1, day=min(day.day, 28 if day.month == 2 else day.day))

    return back(start), back(end)


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
    # The coverage rule for windows the standard has no rule for (setting AIR_YOY_MIN_COVERAGE).
    validity_options: validity.ValidityOptions = validity.DEFAULT_OPTIONS

    @property
    def comparison(self) -> str:
        """Whether a year-on-year change is published: "none" (no data on one side), "insufficient"
        (either side fails the validity rule for the days compared: 数据覆盖不足，不作同比) or
        "comparable"."""
        if (
            self.city is None
            or self.previous is None
            or not self.city.valid_days
            or not self.previous.valid_days
        ):
            return "none"
        sides = (self.city.coverage, self.previous.coverage)
        if None in sides or not validity.comparable(*sides, self.validity_options):
            return "insufficient"
        return "comparable"

    @property
    def changes(self) -> dict[str, float | None]:
        """The city's change against the same calendar days of the previous year; empty without data
        and withheld (empty) when either side fails the validity rule (GB 3095 Table 4, validity.py)."""
        if self.comparison != "comparable":
            return {}
        return year_on_year(self.city, self.previous)
