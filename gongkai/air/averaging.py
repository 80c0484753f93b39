"""Averages of air-quality data and their validity (数据统计的有效性规定).

GB 3095-2026 Table 4 (GB 3095-2012 Table 4 has the same numbers) and, where marked, HJ 663 as commonly
cited. Pure numpy: no Django, no I/O, no clock.

Conventions:
- An hourly series is a float64 array whose last axis is time, one value per clock hour with no gaps,
  NaN for a missing or invalid hour. Index i is the hour *starting* at i:00 of the first day (a series
  that labels an hour by its end, "01:00" for 00:00-01:00, is shifted by one first). Daily functions
  need whole days from 00:00.
- Leading axes are free (e.g. stations × hours), so one call handles every station.
- Every result is an `Averaged`: the value, NaN where not valid, a ``valid`` flag and the ``count`` of
  valid inputs behind it. Nothing is filled or interpolated.
- Means are rounded to 9 decimal places to strip float noise: with inputs of at most 6 decimals
  (instruments report 3), a mean of up to a few hundred of them that differs from a breakpoint differs
  by at least 1e-6/n, while the float error of the sum is below 1e-10; so a mean that is exactly 75
  stays 75, never 75.00000000000001.

Configurable, because standards.md marks the rule C (HJ 663 not read in the primary text) or gives none:
- O3 daily maximum 8-hour value: windows ending 08:00 ... 24:00 (``first_window_end_hour=8``), valid
  with ``min_windows=14`` valid windows, or with fewer when the largest exceeds ``limit`` (default 160
  µg/m³, the GB 3095 Class II 8-hour O3 limit; pass 100 for Class I areas): such a value is flagged
  ``exceedance_only``.
- O3 daily maximum 1-hour value: no rule in the sources; default ≥ 20 valid hours, the daily-mean rule.
- 24-hour moving PM means: no rule of their own; default ≥ 20 valid hours, the daily-mean rule.
- City/district values: the arithmetic mean of the valid station values; ``min_stations`` (default 1)
  because the number of stations needed is not confirmed.
- Monthly means use the "≥ 27 daily values (February ≥ 25)" counts that Table 4 lists with the annual
  mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

# GB 3095-2026 Table 4.
MIN_SAMPLING_MINUTES_PER_HOUR = 45  # SO2, NO2, CO, O3, NOx 1-hour value
MIN_HOURS_PER_DAY = 20  # SO2, NO2, CO, PM10, PM2.5, NOx daily (24-hour) value
MIN_HOURS_PER_8H = 6  # O3 8-hour value
MIN_DAYS_PER_YEAR = 324  # SO2, NO2, PM10, PM2.5, NOx annual value
MIN_DAYS_PER_MONTH = 27
MIN_DAYS_PER_FEBRUARY = 25
# GB 3095-2026 definitions: 8-hour average = mean of 8 consecutive hourly values; a day has 24.
HOURS_PER_8H = 8
HOURS_PER_DAY = 24
# HJ 663-2013 as commonly cited [C]: O3 daily maximum 8-hour value from the 17 windows ending 08:00 ... 24:00.
O3_MDA8_FIRST_WINDOW_END_HOUR = 8
O3_MDA8_MIN_VALID_WINDOWS = 14
# GB 3095-2012 Table 1 / GB 3095-2026 Table 1: O3 daily maximum 8-hour, Class II (transition and final).
O3_8H_LIMIT_CLASS_II = 160

MEAN_DECIMALS = 9  # float-noise guard, see the module docstring
FEBRUARY = 2


@dataclass(frozen=True)
class Averaged:
    value: np.ndarray  # float64, NaN where not valid
    valid: np.ndarray  # bool
    count: np.ndarray  # number of valid inputs behind each value


@dataclass(frozen=True)
class DailyMax8h(Averaged):
    exceedance_only: np.ndarray  # bool: valid only because it exceeds the limit with too few windows


def _counted(total: np.ndarray, count: np.ndarray, valid: np.ndarray) -> Averaged:
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.round(total / count, MEAN_DECIMALS)
    return Averaged(value=np.where(valid, mean, np.nan), valid=valid, count=count)


def _mean_over_last_axis(values: np.ndarray, min_count: int) -> Averaged:
    present = ~np.isnan(values)
    count = present.sum(axis=-1)
    total = np.where(present, values, 0.0).sum(axis=-1)
    return _counted(total, count, count >= min_count)


def _by_day(hourly: np.ndarray) -> np.ndarray:
    hourly = np.asarray(hourly, dtype=np.float64)
    if hourly.shape[-1] % HOURS_PER_DAY:
        raise ValueError(f"an hourly series for daily values needs whole days, got {hourly.shape[-1]} hours")
    return hourly.reshape(*hourly.shape[:-1], -1, HOURS_PER_DAY)


def valid_hourly(values: np.ndarray, sampling_minutes: np.ndarray) -> Averaged:
    """GB 3095 Table 4: a 1-hour value of SO2, NO2, CO, O3 or NOx needs ≥ 45 minutes of sampling."""
    values = np.asarray(values, dtype=np.float64)
    minutes = np.asarray(sampling_minutes)
    valid = (minutes >= MIN_SAMPLING_MINUTES_PER_HOUR) & ~np.isnan(values)
    return Averaged(value=np.where(valid, values, np.nan), valid=valid, count=valid.astype(np.int64))


def moving_mean(hourly: np.ndarray, *, window: int, min_count: int) -> Averaged:
    """Mean of the ``window`` hourly values ending with each hour (that hour and the ones before it),
    valid with at least ``min_count`` valid values; hours before the start of the series are missing."""
    hourly = np.asarray(hourly, dtype=np.float64)
    pad = np.full((*hourly.shape[:-1], window - 1), np.nan)
    windows = sliding_window_view(np.concatenate([pad, hourly], axis=-1), window, axis=-1)
    return _mean_over_last_axis(windows, min_count)


def o3_8h_moving_mean(o3_hourly: np.ndarray) -> Averaged:
    """GB 3095 Table 4: an O3 8-hour moving mean needs ≥ 6 valid hourly values among its 8 hours."""
    return moving_mean(o3_hourly, window=HOURS_PER_8H, min_count=MIN_HOURS_PER_8H)


def pm_24h_moving_mean(pm_hourly: np.ndarray, *, min_hours: int = MIN_HOURS_PER_DAY) -> Averaged:
    """24-hour moving mean of PM10 or PM2.5 (HJ 633-2012 real-time layout); validity: module docstring."""
    return moving_mean(pm_hourly, window=HOURS_PER_DAY, min_count=min_hours)


def daily_mean(hourly: np.ndarray, *, min_hours: int = MIN_HOURS_PER_DAY) -> Averaged:
    """GB 3095 Table 4: a natural-day mean of SO2, NO2, CO, PM10, PM2.5 needs ≥ 20 valid hourly values."""
    return _mean_over_last_axis(_by_day(hourly), min_hours)


def daily_max_1h(hourly: np.ndarray, *, min_hours: int = MIN_HOURS_PER_DAY) -> Averaged:
    """Largest 1-hour value of each day (O3 for the HJ 633-2012 daily report); validity: see the docstring."""
    days = _by_day(hourly)
    count = (~np.isnan(days)).sum(axis=-1)
    valid = count >= min_hours
    return Averaged(value=np.where(valid, np.fmax.reduce(days, axis=-1), np.nan), valid=valid, count=count)


def daily_max_8h(
    o3_hourly: np.ndarray,
    *,
    first_window_end_hour: int = O3_MDA8_FIRST_WINDOW_END_HOUR,
    min_windows: int = O3_MDA8_MIN_VALID_WINDOWS,
    limit: float = O3_8H_LIMIT_CLASS_II,
) -> DailyMax8h:
    """O3 daily maximum 8-hour mean: the largest valid 8-hour moving mean among the windows ending at
    ``first_window_end_hour``:00 ... 24:00 of the day (HJ 663 [C]); valid with at least ``min_windows``
    valid windows, or with fewer when the largest exceeds ``limit`` (then flagged ``exceedance_only``).
    A window ending before 08:00 reaches into the previous day, which the series must then contain."""
    moving = o3_8h_moving_mean(o3_hourly)
    windows = _by_day(moving.value)[..., first_window_end_hour - 1 :]  # window ending e:00 sits at hour e-1
    count = (~np.isnan(windows)).sum(axis=-1)
    largest = np.fmax.reduce(windows, axis=-1)
    enough = count >= min_windows
    exceedance_only = ~enough & (largest > limit)
    valid = enough | exceedance_only
    return DailyMax8h(
        value=np.where(valid, largest, np.nan), valid=valid, count=count, exceedance_only=exceedance_only
    )


def monthly_mean(daily: np.ndarray, *, month: int) -> Averaged:
    """Mean of a calendar month's daily values: ≥ 27 valid days, February ≥ 25 (GB 3095 Table 4)."""
    minimum = MIN_DAYS_PER_FEBRUARY if month == FEBRUARY else MIN_DAYS_PER_MONTH
    return _mean_over_last_axis(np.asarray(daily, dtype=np.float64), minimum)


def annual_mean(daily: np.ndarray, month_of_day: np.ndarray) -> Averaged:
    """Annual mean of SO2, NO2, PM10, PM2.5 (GB 3095 Table 4): at least 324 valid daily values in the
    year and 27 in every month (February 25). ``month_of_day``: the month (1-12) of each day (last axis)."""
    daily = np.asarray(daily, dtype=np.float64)
    month_of_day = np.asarray(month_of_day)
    result = _mean_over_last_axis(daily, MIN_DAYS_PER_YEAR)
    valid = result.valid.copy()
    for month in range(1, 13):
        in_month = daily[..., month_of_day == month]
        valid &= monthly_mean(in_month, month=month).valid
    return Averaged(value=np.where(valid, result.value, np.nan), valid=valid, count=result.count)


def spatial_mean(station_values: np.ndarray, *, min_stations: int = 1) -> Averaged:
    """City or district value (HJ 663): the arithmetic mean of the valid station values on axis 0."""
    values = np.moveaxis(np.asarray(station_values, dtype=np.float64), 0, -1)
    return _mean_over_last_axis(values, min_stations)


@dataclass(frozen=True)
class DailyValues:
    """The daily-report concentrations of one or more stations, named as `aqi.daily_aqi_arrays` takes them."""

    so2: Averaged
    no2: Averaged
    co: Averaged
    pm10: Averaged
    pm2_5: Averaged
    o3_8h: DailyMax8h
    o3_1h_max: Averaged

    def aqi_inputs(self) -> dict[str, np.ndarray]:
        """Keyword arguments for `aqi.daily_aqi_arrays` (flattened); invalid values are NaN, i.e. missing."""
        return {name: getattr(self, name).value.ravel() for name in self.__dataclass_fields__}


def daily_values(
    *,
    so2: np.ndarray,
    no2: np.ndarray,
    co: np.ndarray,
    o3: np.ndarray,
    pm10: np.ndarray,
    pm2_5: np.ndarray,
    first_window_end_hour: int = O3_MDA8_FIRST_WINDOW_END_HOUR,
    min_windows: int = O3_MDA8_MIN_VALID_WINDOWS,
    o3_8h_limit: float = O3_8H_LIMIT_CLASS_II,
    o3_1h_max_min_hours: int = MIN_HOURS_PER_DAY,
) -> DailyValues:
    """Daily means, O3 daily maximum 8-hour and 1-hour values from hourly series of whole days."""
    return DailyValues(
        so2=daily_mean(so2),
        no2=daily_mean(no2),
        co=daily_mean(co),
        pm10=daily_mean(pm10),
        pm2_5=daily_mean(pm2_5),
        o3_8h=daily_max_8h(
            o3, first_window_end_hour=first_window_end_hour, min_windows=min_windows, limit=o3_8h_limit
        ),
        o3_1h_max=daily_max_1h(o3, min_hours=o3_1h_max_min_hours),
    )
