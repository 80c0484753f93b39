"""Validity of online data: N-only, hourly means need the configured valid minutes, daily means the
configured valid hours, gaps (offline, maintenance, fault), completeness."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from gongkai.sources.hj212.validity import (
    Gap,
    Mean,
    Reading,
    completeness,
    daily_mean,
    gaps,
    hourly_mean,
    interval_of,
    is_valid,
)

T0 = datetime(2026, 3, 1, 8, 0)


def minutes(count, value=10.0, flag="N", step=1, start=T0):
    return [Reading(start + timedelta(minutes=i * step), value, flag) for i in range(count)]


def test_only_n_and_unflagged_values_are_valid():
    assert is_valid("N") and is_valid(None) and is_valid("")
    assert not any(is_valid(flag) for flag in "FMSDCTB")


def test_hourly_mean_needs_the_configured_valid_minutes():
    assert hourly_mean(minutes(45)) == Mean(Decimal("10.0000"), 45, 45)
    short = hourly_mean(minutes(44))
    assert short.value is None and short.valid_minutes == 44 and not short.valid
    # 40 valid minutes and 20 under maintenance: not enough valid data, whatever the values.
    mixed = minutes(40, 5.0) + minutes(20, 999.0, "M", start=T0 + timedelta(minutes=40))
    assert hourly_mean(mixed).value is None
    assert hourly_mean(mixed, required_minutes=40).value == Decimal("5.0000")
    # Ten-minute data: 5 valid records cover 50 minutes.
    assert hourly_mean(minutes(5, 2.0, step=10), interval=10).value == Decimal("2.0000")
    assert hourly_mean(minutes(4, 2.0, step=10), interval=10).value is None
    assert hourly_mean([Reading(T0, None)] * 60).value is None


def test_mean_is_decimal_and_rounded_half_up():
    values = [Reading(T0 + timedelta(minutes=i), v) for i, v in enumerate([1.00005] + [1.0] * 59)]
    assert hourly_mean(values).value == Decimal("1.0000")
    assert hourly_mean(
        minutes(30, 1.0) + minutes(30, 2.0, start=T0 + timedelta(minutes=30))
    ).value == Decimal("1.5000")


def test_daily_mean_needs_the_configured_valid_hours():
    hours = [Mean(Decimal(2), 60, 60)] * 20 + [Mean(None, 10, 10)] * 4
    assert daily_mean(hours).value == Decimal("2.0000")
    assert daily_mean(hours[:19] + hours[20:]).value is None
    records = [Reading(T0 + timedelta(hours=i), 3.0, "N" if i < 21 else "D") for i in range(24)]
    assert daily_mean(records) == Mean(Decimal("3.0000"), 21)
    assert daily_mean(records, required_hours=22).value is None


def test_interval_is_the_smallest_spacing():
    assert interval_of([r.at for r in minutes(6, step=10)]) == 10
    assert interval_of([T0]) == 1 and interval_of([], default=5) == 5


def test_gaps_offline_and_flagged_runs():
    step = timedelta(minutes=10)
    end = T0 + timedelta(hours=2)
    readings = (
        minutes(3, step=10)  # 08:00–08:20
        + minutes(3, flag="M", step=10, start=T0 + timedelta(minutes=30))  # 08:30–08:50 maintenance
        + minutes(2, flag="D", step=10, start=T0 + timedelta(minutes=60))  # 09:00–09:10 fault
        # nothing 09:20–09:40: offline
        + minutes(1, step=10, start=T0 + timedelta(minutes=100))  # 09:40
    )
    found = gaps(readings, start=T0, end=end, interval=step)
    assert found == [
        Gap(T0 + timedelta(minutes=30), T0 + timedelta(minutes=60), "maintenance"),
        Gap(T0 + timedelta(minutes=60), T0 + timedelta(minutes=80), "fault"),
        Gap(T0 + timedelta(minutes=80), T0 + timedelta(minutes=100), "offline"),
    ]
    assert found[0].minutes == 30
    # Nothing at all: the whole period is offline; silence at the end counts too.
    assert gaps([], start=T0, end=end, interval=step) == [Gap(T0, end, "offline")]
    tail = gaps(minutes(3, step=10), start=T0, end=end, interval=step)
    assert tail == [Gap(T0 + timedelta(minutes=30), end, "offline")]
    # One missing record is within tolerance.
    holey = [r for i, r in enumerate(minutes(12, step=10)) if i != 5]
    assert gaps(holey, start=T0, end=end, interval=step) == []


def test_completeness_rate():
    assert completeness(720, 744) == Decimal("96.77")
    assert completeness(800, 744) == Decimal("100.00")
    assert completeness(0, 0) is None
