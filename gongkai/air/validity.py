"""Validity of a statistics period (月/年), GB 3095-2026 Table 4 (GB 3095-2012 Table 4 has the same
numbers; standards.md §3.2): an annual value needs at least 324 daily values, a monthly value at least
27 (February 25). Pure: no Django.

A period is assessed on the days whose daily report was published (the caller counts them):

- ``valid``: the period is over and has enough valid days (or has no rule and is over);
- ``partial``: the period is not over yet (year-to-date, the current month); its figures are
  published with their coverage (days counted of days elapsed) stated beside them;
- ``invalid``: the period is over and has too few valid days; its figures are withheld and the
  period is published as not meeting the validity rule, with its coverage.

A window that is not a whole calendar month or year (the same calendar days of last year, compared
with a year-to-date) has no rule in the standard. `ValidityOptions.pro_rata` (default: the annual rule's
share, 324/365, applied to the window's days, rounded up) is the platform's choice, not the standard's:
it is a setting so the bureau can change it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

# GB 3095-2026 Table 4 [A]: annual ≥ 324 daily values; monthly ≥ 27, February ≥ 25.
YEAR_MIN_DAYS = 324
MONTH_MIN_DAYS = 27
FEBRUARY_MIN_DAYS = 25
FEBRUARY = 2


class Status(StrEnum):
    VALID = "valid"
    PARTIAL = "partial"
    INVALID = "invalid"


@dataclass(frozen=True)
class ValidityOptions:
    pro_rata: Fraction = Fraction(YEAR_MIN_DAYS, 365)  # platform choice for other windows, see above


DEFAULT_OPTIONS = ValidityOptions()


@dataclass(frozen=True)
class Coverage:
    start: date
    end: date
    through: date | None  # the last day counted (None: none elapsed yet)
    period_days: int  # calendar days of the period
    elapsed_days: int  # calendar days of the period up to ``through``
    valid_days: int  # days with a published, valid daily value
    required_days: int | None  # the validity rule's minimum for the whole period
    status: Status

    @property
    def withheld(self) -> bool:
        return self.status is Status.INVALID

    def as_dict(self) -> dict:
        return {
            "status": self.status.value,
            "through": self.through.isoformat() if self.through else None,
            "period_days": self.period_days,
            "elapsed_days": self.elapsed_days,
            "valid_days": self.valid_days,
            "required_days": self.required_days,
        }


def _whole_month(start: date, end: date) -> bool:
    return start.day == 1 and (end + timedelta(days=1)).day == 1 and start.month == end.month


def _whole_year(start: date, end: date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year


def required_days(start: date, end: date) -> int | None:
    """The minimum number of valid days for a statistic of ``start``…``end`` (None: the standard has
    no rule for such a window)."""
    if _whole_year(start, end):
        return YEAR_MIN_DAYS
    if _whole_month(start, end):
        return FEBRUARY_MIN_DAYS if start.month == FEBRUARY else MONTH_MIN_DAYS
    return None


def assess(
    start: date,
    end: date,
    valid_days: int,
    today: date | None = None,
) -> Coverage:
    """The coverage and status of a period; ``today`` (None: the period is over) decides whether the
    period has ended — a day's report exists from the next day, so days before ``today`` count."""
    period_days = (end - start).days + 1
    last = end if today is None else min(end, today - timedelta(days=1))
    through = last if last >= start else None
    elapsed = 0 if through is None else (through - start).days + 1
    required = required_days(start, end)
    if elapsed < period_days:
        status = Status.PARTIAL
    elif required is not None and valid_days < required:
        status = Status.INVALID
    else:
        status = Status.VALID
    return Coverage(start, end, through, period_days, elapsed, valid_days, required, status)


def comparable(current: Coverage, previous: Coverage, options: ValidityOptions = DEFAULT_OPTIONS) -> bool:
    """Year-on-year (同比) is published only when both sides meet the validity rule for the days
    compared: a whole month or year its GB 3095 minimum; a running period or a window without a rule
    (the same calendar days last year) the pro-rata share of its elapsed days."""
    return all(_meets(side, options) for side in (current, previous))


def comparison_minimum(side: Coverage, options: ValidityOptions = DEFAULT_OPTIONS) -> int | None:
    """The valid days a side of a year-on-year comparison needs (None: it cannot be compared at all:
    a period that ended short, or no day elapsed): a whole month or year that is over its GB 3095
    minimum; otherwise the pro-rata share of its elapsed days, rounded up."""
    if side.status is Status.INVALID or not side.elapsed_days:
        return None
    if side.status is Status.VALID and side.required_days is not None:
        return side.required_days
    return math.ceil(options.pro_rata * side.elapsed_days)


def _meets(side: Coverage, options: ValidityOptions) -> bool:
    minimum = comparison_minimum(side, options)
    return minimum is not None and side.valid_days >= minimum
