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
from datetime import date, timedelta
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


# --- 自行监测方案: results against the plan's frequency ---------------------------------------------
# A plan item says how often a pollutant is measured at an outlet (HJ 819 gives the minimum frequencies
# per industry; the plan fixes them). Periods are calendar periods: a day, a week Monday–Sunday, a
# month, a quarter, a half-year, a year. A period is due once it has ended inside the window; it is
# missing when no self-monitoring result of that outlet and pollutant falls in it. Automatic
# (continuous) monitoring is judged on its own data (HJ 212), not here.

CONTINUOUS = "continuous"
PERIODIC = ("daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly")
FREQUENCIES = (CONTINUOUS, *PERIODIC)


def _period_of(frequency: str, day: date) -> tuple[date, date]:
    if frequency == "daily":
        return day, day
    if frequency == "weekly":
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    months = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}[frequency]
    first_month = (day.month - 1) // months * months + 1
    first = date(day.year, first_month, 1)
    end_month = first_month + months  # the month after the period, maybe 13
    following = date(day.year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
    return first, following - timedelta(days=1)


def due_periods(frequency: str, start: date, end: date) -> list[tuple[date, date]]:
    """The whole calendar periods of ``frequency`` inside [start, end] (first day ≥ start, last ≤ end)."""
    if frequency not in PERIODIC:
        raise ValueError(f"not a periodic frequency: {frequency!r}")
    periods = []
    first, last = _period_of(frequency, start)
    if first < start:
        first, last = _period_of(frequency, last + timedelta(days=1))
    while last <= end:
        periods.append((first, last))
        first, last = _period_of(frequency, last + timedelta(days=1))
    return periods


def missing_periods(
    frequency: str, start: date, end: date, sampled: Iterable[date]
) -> list[tuple[date, date]]:
    """The due periods without a sampling date in them."""
    days = sorted(set(sampled))
    missing = []
    for first, last in due_periods(frequency, start, end):
        if not any(first <= day <= last for day in days):
            missing.append((first, last))
    return missing
