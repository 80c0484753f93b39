"""Validity rules of GB 3095 Table 4 and the HJ 663 statistics: invalid means are NaN with a False flag."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gongkai.air import aqi, averaging
from gongkai.air.averaging import Averaged

NAN = np.nan


def day(values, missing=()):
    """24 hourly values (start-labelled), with the given hours missing."""
    hours = np.asarray(values, dtype=float) * np.ones(24)
    hours[list(missing)] = NAN
    return hours


def assert_invalid(result: Averaged, index=()):
    assert not result.valid[index]
    assert np.isnan(result.value[index])


# ---- 1-hour values: ≥ 45 minutes of sampling
def test_hour_needs_45_minutes_of_sampling():
    result = averaging.valid_hourly(np.array([10.0, 20.0, 30.0, NAN]), np.array([45, 44, 60, 60]))
    assert result.valid.tolist() == [True, False, True, False]
    assert np.array_equal(result.value, [10.0, NAN, 30.0, NAN], equal_nan=True)


# ---- daily means: ≥ 20 hourly values
@pytest.mark.parametrize(("missing_hours", "valid"), [(0, True), (4, True), (5, False), (24, False)])
def test_daily_mean_needs_20_hourly_values(missing_hours, valid):
    result = averaging.daily_mean(day(40.0, missing=range(missing_hours)))
    assert bool(result.valid[0]) is valid
    assert result.count[0] == 24 - missing_hours
    if valid:
        assert result.value[0] == 40.0
    else:
        assert_invalid(result, 0)


def test_daily_mean_is_the_mean_of_the_valid_hours_only():
    hours = day(0.0, missing=[0, 1])
    hours[2:] = np.arange(22)  # 0..21 → mean 10.5
    assert averaging.daily_mean(hours).value[0] == 10.5


def test_daily_mean_of_several_days_and_stations():
    hourly = np.stack([np.concatenate([day(10.0), day(20.0, missing=range(5))]), np.full(48, 30.0)])
    result = averaging.daily_mean(hourly)
    assert result.valid.tolist() == [[True, False], [True, True]]
    assert np.array_equal(result.value, [[10.0, NAN], [30.0, 30.0]], equal_nan=True)


def test_daily_functions_need_whole_days():
    with pytest.raises(ValueError, match="whole days"):
        averaging.daily_mean(np.ones(25))


def test_mean_that_is_exactly_a_threshold_stays_exact():
    """CO 0.1, 0.2, 0.3 … averages to 0.2 mg/m³, exactly IAQI 5 under HJ 633-2012; float sums drift above."""
    co = np.array([0.1, 0.2, 0.3] * 8)
    assert co.sum() / 24 > 0.2  # the naive float mean is a hair above 0.2 …
    mean = averaging.daily_mean(co).value[0]
    assert mean == 0.2  # … the published mean is not
    assert aqi.daily_aqi(standard=aqi.Standard.HJ_633_2012, co=mean).iaqi["CO"] == 5
    assert aqi.daily_aqi(standard=aqi.Standard.HJ_633_2012, co=co.sum() / 24).iaqi["CO"] == 6


# ---- O3 8-hour moving mean: ≥ 6 of 8 hours
def test_o3_8h_moving_mean_needs_6_of_8_hours():
    hourly = np.full(16, 100.0)
    hourly[8:10] = NAN  # windows ending at hours 9..15 lose 1 or 2 values: still valid
    hourly[12] = NAN  # windows ending 12..15 then lose 3 values: invalid
    result = averaging.o3_8h_moving_mean(hourly)
    assert result.count.tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 7, 6, 6, 6, 5, 5, 5, 5]
    assert result.valid.tolist() == [False] * 5 + [True] * 7 + [False] * 4
    assert result.value[7] == 100.0


def test_moving_mean_uses_the_current_and_previous_hours():
    result = averaging.o3_8h_moving_mean(np.arange(10, dtype=float))
    assert result.value[7] == 3.5  # hours 0..7
    assert result.value[9] == 5.5  # hours 2..9


def test_pm_24h_moving_mean_needs_20_hours_by_default():
    hourly = np.full(30, 50.0)
    hourly[:5] = NAN
    result = averaging.pm_24h_moving_mean(hourly)
    assert not result.valid[23] and result.count[23] == 19
    assert result.valid[24] and result.value[24] == 50.0
    assert averaging.pm_24h_moving_mean(hourly, min_hours=18).valid[23]


# ---- O3 daily maximum 8-hour value (HJ 663 [C]: 17 windows ending 08:00 … 24:00, ≥ 14 valid)
def test_daily_max_8h_takes_the_largest_window_ending_8_to_24():
    hours = np.full(24, 50.0)
    hours[10:18] = 200.0  # the window ending 18:00 averages 200
    result = averaging.daily_max_8h(hours)
    assert result.valid[0] and result.value[0] == 200.0 and result.count[0] == 17


def test_daily_max_8h_ignores_windows_ending_before_8():
    hours = np.concatenate([np.full(24, 50.0), np.full(24, 60.0)])
    hours[20:24] = 500.0  # late hours of day 1 only reach day 2's windows ending 01:00..04:00
    assert averaging.daily_max_8h(hours).value[1] == 60.0
    reaching_back = averaging.daily_max_8h(hours, first_window_end_hour=1)
    assert reaching_back.value[1] > 200


@pytest.mark.parametrize(("invalid_windows", "valid"), [(3, True), (4, False)])
def test_daily_max_8h_needs_14_valid_windows(invalid_windows, valid):
    hours = np.full(24, 100.0)
    # with the last n + 2 hours missing, the last n windows keep fewer than 6 of their 8 hours
    hours[24 - invalid_windows - 2 :] = NAN
    result = averaging.daily_max_8h(hours)
    assert result.count[0] == 17 - invalid_windows
    assert bool(result.valid[0]) is valid
    assert not result.exceedance_only[0]


def test_daily_max_8h_with_too_few_windows_still_counts_an_exceedance():
    hours = np.full(24, NAN)
    hours[0:8] = 170.0  # only the window ending 08:00 is valid, and it exceeds 160
    result = averaging.daily_max_8h(hours)
    assert result.valid[0] and result.exceedance_only[0] and result.value[0] == 170.0
    clean = averaging.daily_max_8h(np.where(np.isnan(hours), NAN, 150.0))
    assert_invalid(clean, 0)
    assert averaging.daily_max_8h(np.where(np.isnan(hours), NAN, 150.0), limit=100).valid[0]  # Class I


def test_daily_max_1h_needs_20_hours_by_default():
    hours = day(30.0, missing=range(5))
    hours[10] = 250.0
    assert_invalid(averaging.daily_max_1h(hours), 0)
    assert averaging.daily_max_1h(hours, min_hours=1).value[0] == 250.0
    assert averaging.daily_max_1h(day(30.0, missing=[3])).value[0] == 30.0


# ---- monthly and annual means
@pytest.mark.parametrize(
    ("month", "days", "valid"), [(1, 27, True), (1, 26, False), (2, 25, True), (2, 24, False)]
)
def test_monthly_mean_needs_27_days_or_25_in_february(month, days, valid):
    daily = np.full(31 if month == 1 else 28, NAN)
    daily[:days] = 40.0
    assert bool(averaging.monthly_mean(daily, month=month).valid) is valid


def year_of_days(year_length=365):
    months = np.repeat(np.arange(1, 13), [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    return np.full(year_length, 35.0), months


def test_annual_mean_needs_324_days_and_every_month_covered():
    daily, months = year_of_days()
    assert averaging.annual_mean(daily, months).value == 35.0
    short = daily.copy()
    short[months == 2] = NAN  # February empty: 337 days remain but a month is missing
    assert_invalid(averaging.annual_mean(short, months))
    sparse = daily.copy()
    for month in range(1, 13):
        sparse[np.flatnonzero(months == month)[27 if month != 2 else 25 :]] = NAN  # 27×11 + 25 = 322 days
    result = averaging.annual_mean(sparse, months)
    assert result.count == 322
    assert_invalid(result)


# ---- city and district values
def test_city_value_is_the_mean_of_valid_stations():
    stations = np.array([[40.0, NAN], [60.0, NAN], [NAN, 30.0]])
    result = averaging.spatial_mean(stations)
    assert result.value.tolist() == [50.0, 30.0]
    assert result.count.tolist() == [2, 1]
    assert not averaging.spatial_mean(stations, min_stations=2).valid[1]
    assert_invalid(averaging.spatial_mean(np.full((3, 1), NAN)), 0)


# ---- daily values for the AQI
def test_daily_values_feed_the_daily_aqi():
    levels = {"so2": 10.0, "no2": 30.0, "co": 0.8, "pm10": 70.0, "pm2_5": 40.0}
    hourly = {name: np.full(48, value) for name, value in levels.items()}
    o3 = np.full(48, 80.0)
    o3[30:38] = 200.0  # day 2: one 8-hour window at 200
    hourly["pm2_5"][24:30] = NAN  # day 2: only 18 PM2.5 hours
    values = averaging.daily_values(o3=o3, **hourly)
    assert values.o3_8h.value.tolist() == [80.0, 200.0]
    assert values.o3_1h_max.value.tolist() == [80.0, 200.0]
    assert values.pm2_5.valid.tolist() == [True, False]
    result = aqi.daily_aqi_arrays(standard=aqi.Standard.HJ_633_2026, **values.aqi_inputs())
    # day 1: PM10 70 → 65; day 2: O3_8h 200 → 137, published although PM2.5 is missing (AQI > 100)
    assert result.aqi.tolist() == [65, 137]


@settings(max_examples=200, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.integers(1, 6).map(lambda d: d * 24),
        elements=st.one_of(st.just(NAN), st.floats(0, 1000)),
    )
)
def test_invalid_values_are_nan_and_never_filled(hourly):
    for result in (
        averaging.daily_mean(hourly),
        averaging.daily_max_1h(hourly),
        averaging.daily_max_8h(hourly),
        averaging.o3_8h_moving_mean(hourly),
    ):
        assert np.array_equal(np.isnan(result.value), ~result.valid)
    daily = averaging.daily_mean(hourly)
    present = (~np.isnan(hourly)).reshape(-1, 24).sum(axis=1)
    assert daily.valid.tolist() == (present >= 20).tolist()
    finite = hourly.reshape(-1, 24)
    for index in np.flatnonzero(daily.valid):
        assert daily.value[index] == pytest.approx(np.nanmean(finite[index]), rel=1e-12, abs=1e-9)
