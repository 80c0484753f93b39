"""Validity of online monitoring data and the statistics exceedance is judged on. Pure: no Django.

Rules (standards.md §6, grade C there — the primary texts of HJ 75/76-2017 and HJ 353–356-2019 are not
verified, so the numbers are parameters whose defaults the platform's settings document):

- only data flagged N (HJ 212-2017 Table 8) are valid; every other flag (F 停运, M 维护, S 手工输入,
  D 故障, C 校准, T 超测定上限, B 通讯异常) makes the value invalid;
- an hourly mean built from minute data is valid when the hour holds at least ``required_minutes``
  minutes of valid data (default 45, HJ 75-2017 as cited in standards.md §6); each minute record
  stands for ``interval`` minutes (HJ 212 MinInterval 1…30);
- a daily mean from hourly means is valid with at least ``required_hours`` valid hours (no confirmed
  number: the platform's setting, default 20);
- a data gap is a stretch of more than ``tolerance`` expected intervals with no record, or a run of
  records flagged for maintenance (M), fault (D), calibration (C), stop (F) or communication (B)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

VALID_FLAG = "N"
DEFAULT_REQUIRED_MINUTES = 45
DEFAULT_REQUIRED_HOURS = 20
GAP_FLAGS = {"F": "stopped", "M": "maintenance", "D": "fault", "C": "calibration", "B": "communication"}
FOUR_PLACES = Decimal("0.0001")


def is_valid(flag: str | None) -> bool:
    """A value sent without a flag (HJ/T 212-2005 loggers often omit it) counts as N."""
    return not flag or flag == VALID_FLAG


@dataclass(frozen=True)
class Reading:
    at: datetime
    value: float | None
    flag: str | None = VALID_FLAG


@dataclass(frozen=True)
class Mean:
    value: Decimal | None  # None when not valid
    valid_count: int  # valid records used
    valid_minutes: int = 0  # for an hourly mean from minute data

    @property
    def valid(self) -> bool:
        return self.value is not None


def _mean(values: Sequence[float]) -> Decimal:
    return (sum(Decimal(str(v)) for v in values) / len(values)).quantize(FOUR_PLACES, ROUND_HALF_UP)


def interval_of(times: Iterable[datetime], default: int = 1) -> int:
    """The minute-data interval (minutes) seen in the data: the smallest spacing, 1…60."""
    ordered = sorted(set(times))
    gaps = [int((b - a).total_seconds() // 60) for a, b in pairwise(ordered)]
    gaps = [gap for gap in gaps if gap > 0]
    return max(1, min(60, min(gaps))) if gaps else default


def hourly_mean(
    minutes: Iterable[Reading], *, interval: int = 1, required_minutes: int = DEFAULT_REQUIRED_MINUTES
) -> Mean:
    values = [r.value for r in minutes if r.value is not None and is_valid(r.flag)]
    covered = min(60, len(values) * interval)
    if not values or covered < required_minutes:
        return Mean(None, len(values), covered)
    return Mean(_mean(values), len(values), covered)


def daily_mean(hours: Iterable[Mean | Reading], *, required_hours: int = DEFAULT_REQUIRED_HOURS) -> Mean:
    """Mean of the valid hourly values (hourly means, or hourly records with their flag)."""
    values: list[float] = []
    for hour in hours:
        if isinstance(hour, Mean):
            if hour.value is not None:
                values.append(float(hour.value))
        elif hour.value is not None and is_valid(hour.flag):
            values.append(hour.value)
    if not values or len(values) < required_hours:
        return Mean(None, len(values))
    return Mean(_mean(values), len(values))


@dataclass(frozen=True)
class Gap:
    start: datetime
    end: datetime
    reason: str  # "offline" or one of GAP_FLAGS' values

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def gaps(
    readings: Iterable[Reading],
    *,
    start: datetime,
    end: datetime,
    interval: timedelta,
    tolerance: int = 2,
) -> list[Gap]:
    """Offline stretches (no record for more than ``tolerance`` intervals, also before the first and
    after the last record of [start, end)) and runs of maintenance/fault/… flags, in time order."""
    found: list[Gap] = []
    ordered = sorted(readings, key=lambda r: r.at)
    previous = start - interval  # a record is expected at ``start``
    flagged: tuple[datetime, str] | None = None
    for reading in ordered:
        if not start <= reading.at < end:
            continue
        if reading.at - previous > interval * tolerance:
            if flagged is not None:  # the flagged run ended with its last record
                found.append(Gap(flagged[0], previous + interval, flagged[1]))
                flagged = None
            found.append(Gap(previous + interval, reading.at, "offline"))
        reason = GAP_FLAGS.get(reading.flag or VALID_FLAG)
        if flagged is not None and flagged[1] != reason:
            found.append(Gap(flagged[0], reading.at, flagged[1]))
            flagged = None
        if reason is not None and flagged is None:
            flagged = (reading.at, reason)
        previous = reading.at
    if flagged is not None:
        found.append(Gap(flagged[0], min(end, previous + interval), flagged[1]))
    if end - previous > interval * tolerance:
        found.append(Gap(previous + interval, end, "offline"))
    return sorted(found, key=lambda gap: (gap.start, gap.reason))


def completeness(valid_hours: int, expected_hours: int) -> Decimal | None:
    """Data-completeness rate (有效数据传输率) in percent, two decimals; None without expected hours."""
    if expected_hours <= 0:
        return None
    rate = Decimal(100) * Decimal(min(valid_hours, expected_hours)) / Decimal(expected_hours)
    return rate.quantize(Decimal("0.01"), ROUND_HALF_UP)
