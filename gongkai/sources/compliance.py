"""Compliance of a monitoring result with a permitted limit (超标判定). Pure: no Django.

Rules (standards.md §6, [C]; each one tested table-driven in tests/sources/test_compliance.py):

- A result is compared only with the limit of the **same statistic** (averaging period): an hourly mean
  with an hourly-mean concentration limit, a daily mean with a daily-mean limit, a day's, month's or year's
  emitted amount with the amount limit of that period. A result with no limit of its statistic is **not
  judged** (never an hourly value against a daily limit, nor the other way).
- 超标 when the value is above the upper limit, or below the lower limit of a range (pH 6-9).
- 超标倍数 = (C − L) / L for an upper limit (standards.md §6: "Exceedance multiple = (C − limit)/limit"),
  rounded half-up to two decimals; a value just above the limit may round to 0.00 and is still 超标.
  A range limit breached at its lower end (pH below 6) has no multiple (None): the standards define the
  multiple only for an upper limit, so none is invented here.
- Data marked invalid (HJ 212 flags other than N, start-up/shut-down, declared abnormal conditions) are not
  judged: the caller passes ``valid=False``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HOURLY = "hourly"  # 小时均值浓度
DAILY = "daily"  # 日均值浓度
DAILY_AMOUNT = "daily_amount"  # 日排放量
MONTHLY_AMOUNT = "monthly_amount"  # 月排放量
ANNUAL_AMOUNT = "annual_amount"  # 年排放量
STATISTICS = (HOURLY, DAILY, DAILY_AMOUNT, MONTHLY_AMOUNT, ANNUAL_AMOUNT)
CONCENTRATIONS = frozenset({HOURLY, DAILY})

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Limit:
    pollutant: str
    statistic: str
    upper: Decimal | None = None
    lower: Decimal | None = None  # a range limit (pH 6-9) has both

    def __post_init__(self):
        if self.statistic not in STATISTICS:
            raise ValueError(f"unknown statistic {self.statistic!r}")
        if self.upper is None and self.lower is None:
            raise ValueError("a limit needs an upper or a lower bound")


@dataclass(frozen=True)
class Assessment:
    judged: bool  # False: no limit of the same statistic, or the value is not valid
    exceeded: bool = False
    multiple: Decimal | None = None  # 超标倍数, only when exceeded above an upper limit
    limit: Limit | None = None
    reason: str = ""  # "no_limit" | "invalid" when not judged


def exceedance_multiple(value: Decimal, upper: Decimal) -> Decimal:
    """(C − L) / L, two decimals, half-up; 0 or less means not above the limit."""
    if upper <= 0:
        raise ValueError("an upper limit must be positive to give a multiple")
    return ((value - upper) / upper).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def matching_limit(pollutant: str, statistic: str, limits: Iterable[Limit]) -> Limit | None:
    """The limit of this pollutant with exactly this statistic, else None."""
    for limit in limits:
        if limit.pollutant == pollutant and limit.statistic == statistic:
            return limit
    return None


def assess(
    value: Decimal, *, pollutant: str, statistic: str, limits: Iterable[Limit], valid: bool = True
) -> Assessment:
    if statistic not in STATISTICS:
        raise ValueError(f"unknown statistic {statistic!r}")
    value = Decimal(value)
    limit = matching_limit(pollutant, statistic, limits)
    if limit is None:
        return Assessment(judged=False, reason="no_limit")
    if not valid:
        return Assessment(judged=False, limit=limit, reason="invalid")
    if limit.upper is not None and value > limit.upper:
        multiple = exceedance_multiple(value, limit.upper) if limit.upper > 0 else None
        return Assessment(judged=True, exceeded=True, multiple=multiple, limit=limit)
    if limit.lower is not None and value < limit.lower:
        return Assessment(judged=True, exceeded=True, multiple=None, limit=limit)
    return Assessment(judged=True, exceeded=False, limit=limit)
