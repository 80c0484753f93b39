"""Exceedance against permitted limits (gongkai.sources.compliance): a result is compared only with the
limit of the same statistic, 超标倍数 = (C − L) / L to two decimals (standards.md §6)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from gongkai.sources import compliance
from gongkai.sources.compliance import (
    ANNUAL_AMOUNT,
    DAILY,
    DAILY_AMOUNT,
    HOURLY,
    MONTHLY_AMOUNT,
    Limit,
    assess,
    exceedance_multiple,
)

LIMITS = (
    Limit("二氧化硫", HOURLY, upper=D("35")),
    Limit("化学需氧量", DAILY, upper=D("50")),
    Limit("化学需氧量", DAILY_AMOUNT, upper=D("120")),  # kg/d
    Limit("化学需氧量", MONTHLY_AMOUNT, upper=D("3.6")),  # t/month
    Limit("化学需氧量", ANNUAL_AMOUNT, upper=D("43.8")),  # t/a
    Limit("pH值", DAILY, lower=D("6"), upper=D("9")),
    Limit("氨氮", HOURLY, upper=D("8")),
)


@pytest.mark.parametrize(
    ("pollutant", "statistic", "value", "judged", "exceeded", "multiple"),
    [
        # hourly concentration
        ("二氧化硫", HOURLY, "35", True, False, None),  # equal to the limit: not above it
        ("二氧化硫", HOURLY, "35.01", True, True, "0.00"),  # above, multiple rounds to 0.00: still 超标
        ("二氧化硫", HOURLY, "52.5", True, True, "0.50"),
        ("二氧化硫", HOURLY, "105", True, True, "2.00"),
        ("二氧化硫", DAILY, "105", False, False, None),  # no daily SO2 limit: never against the hourly one
        # daily concentration
        ("化学需氧量", DAILY, "49.9", True, False, None),
        ("化学需氧量", DAILY, "65", True, True, "0.30"),
        ("化学需氧量", DAILY, "50.125", True, True, "0.00"),
        ("化学需氧量", DAILY, "50.25", True, True, "0.01"),  # 0.005 rounds half up
        ("化学需氧量", HOURLY, "65", False, False, None),  # an hourly COD value against no hourly limit
        # daily amount
        ("化学需氧量", DAILY_AMOUNT, "119", True, False, None),
        ("化学需氧量", DAILY_AMOUNT, "180", True, True, "0.50"),
        # monthly amount
        ("化学需氧量", MONTHLY_AMOUNT, "3.6", True, False, None),
        ("化学需氧量", MONTHLY_AMOUNT, "4.5", True, True, "0.25"),
        # annual amount
        ("化学需氧量", ANNUAL_AMOUNT, "43.7", True, False, None),
        ("化学需氧量", ANNUAL_AMOUNT, "87.6", True, True, "1.00"),
        # a range limit: below the lower end is 超标 without a multiple
        ("pH值", DAILY, "7.2", True, False, None),
        ("pH值", DAILY, "5.4", True, True, None),
        ("pH值", DAILY, "10.8", True, True, "0.20"),
        # an hourly limit never judges a daily mean
        ("氨氮", DAILY, "20", False, False, None),
        ("氨氮", HOURLY, "20", True, True, "1.50"),
        # a pollutant without limits
        ("总磷", DAILY, "3", False, False, None),
    ],
)
def test_exceedance_of_each_averaging_period(pollutant, statistic, value, judged, exceeded, multiple):
    result = assess(D(value), pollutant=pollutant, statistic=statistic, limits=LIMITS)
    assert result.judged is judged
    assert result.exceeded is exceeded
    assert result.multiple == (D(multiple) if multiple is not None else None)
    if judged:
        assert result.limit.statistic == statistic
    else:
        assert result.reason == "no_limit"


def test_invalid_data_are_not_judged():
    result = assess(D("500"), pollutant="二氧化硫", statistic=HOURLY, limits=LIMITS, valid=False)
    assert (result.judged, result.exceeded, result.reason) == (False, False, "invalid")


@pytest.mark.parametrize(
    ("value", "upper", "multiple"),
    [
        ("100", "50", "1.00"),
        ("75", "50", "0.50"),
        ("50", "50", "0.00"),
        ("1.2345", "1", "0.23"),
        ("0.015", "0.01", "0.50"),
    ],
)
def test_exceedance_multiple(value, upper, multiple):
    assert exceedance_multiple(D(value), D(upper)) == D(multiple)


def test_unknown_statistic_and_empty_limit_are_refused():
    with pytest.raises(ValueError):
        assess(D(1), pollutant="x", statistic="weekly", limits=LIMITS)
    with pytest.raises(ValueError):
        Limit("x", HOURLY)
    with pytest.raises(ValueError):
        Limit("x", "weekly", upper=D(1))
    assert set(compliance.STATISTICS) == {HOURLY, DAILY, DAILY_AMOUNT, MONTHLY_AMOUNT, ANNUAL_AMOUNT}


def test_statistics_match_the_model_choices():
    from gongkai.sources.models import Statistic

    assert set(Statistic.values) == set(compliance.STATISTICS)
