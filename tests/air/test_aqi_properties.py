"""Properties of the AQI engine (hypothesis): exact lookup, monotone, AQI = max IAQI, version by date, and the
vectorised path agreeing with the per-row API and with a slow oracle written from the standard's text."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.air import aqi
from gongkai.air.aqi import Kind, Standard

OLD, NEW = Standard.HJ_633_2012, Standard.HJ_633_2026

# Generous upper ends so that the notes (> 800) and the scale cap are exercised.
RANGES = {
    "so2": 3000.0,
    "no2": 4000.0,
    "co": 160.0,
    "o3": 1300.0,
    "pm10": 700.0,
    "pm2_5": 600.0,
    "so2_24h": 3000.0,
    "o3_8h": 1300.0,
    "o3_1h_max": 1300.0,
}


def concentration(high: float) -> st.SearchStrategy[float | None]:
    return st.one_of(
        st.none(),
        st.floats(0, high, allow_nan=False),
        st.integers(0, int(high * 100)).map(lambda k: k / 100),  # 2-decimal values hit breakpoints and ties
        st.integers(0, int(high * 20)).map(lambda k: k / 20),  # half-way points of GB/T 8170 rounding
    )


def row(sources: tuple[str, ...]) -> st.SearchStrategy[dict[str, float | None]]:
    return st.fixed_dictionaries({name: concentration(RANGES[name]) for name in sources})


hourly_rows = row(aqi.HOURLY_SOURCES)
daily_rows = row(aqi.DAILY_SOURCES)
standards = st.sampled_from(list(Standard))


def as_arrays(rows: list[dict[str, float | None]]) -> dict[str, np.ndarray]:
    return {name: np.array([np.nan if r[name] is None else r[name] for r in rows]) for name in rows[0]}


# ---- an independent slow oracle: the text of HJ 633 read literally, with exact decimals
ORACLE_INDICATORS = {
    Kind.HOURLY: [
        ("SO2", "so2", "SO2_1H"),
        ("NO2", "no2", "NO2_1H"),
        ("CO", "co", "CO_1H"),
        ("O3", "o3", "O3_1H"),
        ("PM10", "pm10", "PM10_24H"),
        ("PM2.5", "pm2_5", "PM2_5_24H"),
    ],
    Kind.DAILY: [
        ("SO2", "so2", "SO2_24H"),
        ("NO2", "no2", "NO2_24H"),
        ("CO", "co", "CO_24H"),
        ("O3", "o3_1h_max", "O3_1H"),  # 2012 only
        ("O3_8h", "o3_8h", "O3_8H"),
        ("PM10", "pm10", "PM10_24H"),
        ("PM2.5", "pm2_5", "PM2_5_24H"),
    ],
}


def oracle(kind: Kind, standard: Standard, values: dict[str, float | None]) -> tuple:
    columns = aqi.BREAKPOINTS[standard]
    iaqis: dict[str, int | None] = {}
    for name, source, key in ORACLE_INDICATORS[kind]:
        if kind is Kind.DAILY and standard is NEW and name == "O3":
            continue
        value = values.get(source)
        if value is None:
            iaqis[name] = None
            continue
        if kind is Kind.DAILY and standard is NEW:
            value = aqi.round_gbt8170(value, 1 if name == "CO" else 0)
        result = aqi.iaqi(value, columns[key])
        if result is None and key == "SO2_1H":
            if standard is NEW:
                result = 200
            elif values.get("so2_24h") is not None:
                result = aqi.iaqi(values["so2_24h"], columns["SO2_24H"])
                result = 500 if result is None else result
        elif result is None and key == "O3_8H":
            result = 300 if standard is NEW else None
        elif result is None:
            result = 500
        iaqis[name] = result
    present = {name: value for name, value in iaqis.items() if value is not None}
    value = max(present.values(), default=None)
    if standard is NEW and len(present) < len(iaqis) and value is not None and value <= 100:
        value = None
    primary = () if value is None or value <= 50 else tuple(n for n, v in present.items() if v == value)
    exceeding = tuple(n for n, v in present.items() if v > 100) if standard is OLD else ()
    return value, primary, exceeding, present


def summary(result: aqi.AqiResult) -> tuple:
    return result.aqi, result.primary_pollutants, result.exceeding_pollutants, dict(result.iaqi)


@settings(max_examples=300, deadline=None)
@given(st.lists(hourly_rows, min_size=1, max_size=12), st.lists(standards, min_size=12, max_size=12))
def test_hourly_vectorised_equals_per_row_api_and_oracle(rows, row_standards):
    codes = np.array([s.value for s in row_standards[: len(rows)]])
    batch = aqi.hourly_aqi_arrays(standard=codes, **as_arrays(rows))
    for index, (values, standard) in enumerate(zip(rows, row_standards, strict=False)):
        single = aqi.hourly_aqi(standard=standard, **values)
        assert batch.result(index) == single
        assert summary(single) == oracle(Kind.HOURLY, standard, values)


@settings(max_examples=300, deadline=None)
@given(st.lists(daily_rows, min_size=1, max_size=12), st.lists(standards, min_size=12, max_size=12))
def test_daily_vectorised_equals_per_row_api_and_oracle(rows, row_standards):
    codes = np.array([s.value for s in row_standards[: len(rows)]])
    batch = aqi.daily_aqi_arrays(standard=codes, **as_arrays(rows))
    for index, (values, standard) in enumerate(zip(rows, row_standards, strict=False)):
        single = aqi.daily_aqi(standard=standard, **values)
        assert batch.result(index) == single
        assert summary(single) == oracle(Kind.DAILY, standard, values)


def test_vectorised_equals_per_row_across_blocks():
    """More rows than one internal block, standards mixed in runs and at random."""
    rng = np.random.default_rng(7)
    rows = 150_000
    inputs = {name: rng.lognormal(np.log(RANGES[name] / 20), 1.0, rows) for name in aqi.DAILY_SOURCES}
    for values in inputs.values():
        values[rng.random(rows) < 0.05] = np.nan
    codes = np.where(np.arange(rows) < rows // 3, 2012, np.where(rng.random(rows) < 0.5, 2012, 2026))
    batch = aqi.daily_aqi_arrays(standard=codes, **inputs)
    for index in [*rng.integers(0, rows, 300), 0, 65_535, 65_536, 131_071, 131_072, rows - 1]:
        values = {name: None if math.isnan(v[index]) else float(v[index]) for name, v in inputs.items()}
        assert batch.result(int(index)) == aqi.daily_aqi(standard=Standard(int(codes[index])), **values)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from([(s, key) for s in Standard for key in aqi.BREAKPOINTS[s]]),
    st.one_of(
        st.floats(0, 5000, allow_nan=False),
        st.integers(0, 500_000).map(lambda k: k / 100),
        st.integers(0, 500_000).map(lambda k: math.nextafter(k / 100, math.inf)),
        st.integers(1, 500_000).map(lambda k: math.nextafter(k / 100, 0)),
    ),
)
def test_fast_lookup_equals_the_exact_formula_for_any_float(column_of, value):
    standard, key = column_of
    column = aqi.BREAKPOINTS[standard][key]
    expected = aqi.iaqi(value, column)
    got = int(aqi._LOOKUPS[standard][key](np.array([value]))[0])
    above_column = aqi.IAQI_STEPS[len(column) - 1] + 1  # the lookup's mark for "above the last breakpoint"
    assert got == (above_column if expected is None else expected)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.floats(0, 1e12, allow_nan=False),
        st.integers(0, 10**8).map(lambda k: (2 * k + 1) / 20),  # exact ties at 0.05, 0.15, …
        st.integers(0, 10**8).map(lambda k: (2 * k + 1) / 2),  # exact ties at 0.5, 1.5, …
        st.integers(0, 10**6).map(lambda k: k / 1000),
    ),
    st.sampled_from([0, 1]),
)
def test_vectorised_gbt8170_equals_decimal_rounding(value, places):
    expected = float(aqi.round_gbt8170(value, places))
    assert aqi.round_gbt8170_array(np.array([value]), places)[0] == expected
    assert Decimal(repr(expected)) == aqi.round_gbt8170(value, places)


@settings(max_examples=300, deadline=None)
@given(standards, hourly_rows, st.sampled_from(["so2", "no2", "co", "o3", "pm10", "pm2_5"]), st.data())
def test_hourly_aqi_is_monotone_in_each_concentration(standard, values, name, data):
    if standard is OLD:  # note 2 switches to the 24-hour mean above 800: a different quantity
        values = {**values, "so2": None if values["so2"] is None else min(values["so2"], 800.0)}
    low = data.draw(st.floats(0, 800.0 if (standard is OLD and name == "so2") else RANGES[name]))
    high = data.draw(st.floats(low, 800.0 if (standard is OLD and name == "so2") else RANGES[name]))
    before = aqi.hourly_aqi(standard=standard, **{**values, name: low})
    after = aqi.hourly_aqi(standard=standard, **{**values, name: high})
    assert (before.aqi or -1) <= (after.aqi or -1)
    for indicator, value in before.iaqi.items():
        assert value <= after.iaqi[indicator]


@settings(max_examples=300, deadline=None)
@given(
    standards,
    daily_rows,
    st.sampled_from(aqi.DAILY_SOURCES),
    st.data(),
)
def test_daily_aqi_is_monotone_in_each_concentration(standard, values, name, data):
    top = 800.0 if (standard is OLD and name == "o3_8h") else RANGES[name]  # note 3 drops the 8-hour IAQI
    if standard is OLD and values["o3_8h"] is not None:
        values = {**values, "o3_8h": min(values["o3_8h"], 800.0)}
    low = data.draw(st.floats(0, top))
    high = data.draw(st.floats(low, top))
    before = aqi.daily_aqi(standard=standard, **{**values, name: low})
    after = aqi.daily_aqi(standard=standard, **{**values, name: high})
    assert (before.aqi or -1) <= (after.aqi or -1)


@settings(max_examples=300, deadline=None)
@given(standards, daily_rows)
def test_aqi_is_the_largest_iaqi_and_primary_pollutants_reach_it(standard, values):
    result = aqi.daily_aqi(standard=standard, **values)
    if result.aqi is None:
        incomplete = standard is NEW and result.not_computed
        assert not result.iaqi or (incomplete and max(result.iaqi.values()) <= 100)
        assert result.primary_pollutants == ()
        return
    assert result.aqi == max(result.iaqi.values())
    assert result.level == aqi.level_number(result.aqi)
    expected = {n for n, v in result.iaqi.items() if v == result.aqi} if result.aqi > 50 else set()
    assert set(result.primary_pollutants) == expected
    assert set(result.exceeding_pollutants) <= set(result.iaqi)


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)), st.times())
def test_version_is_chosen_by_the_data_date(day, moment):
    expected = NEW if day >= date(2026, 3, 1) else OLD
    assert aqi.standard_for(day) is expected
    assert aqi.standard_for(datetime.combine(day, moment)) is expected
    beijing = datetime.combine(day, moment, tzinfo=timezone(timedelta(hours=8)))
    assert aqi.standard_for(beijing.astimezone(UTC)) is expected


@given(st.lists(st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1)), min_size=1, max_size=20))
def test_vectorised_version_choice_matches(moments):
    codes = aqi.standards_for(np.array(moments, dtype="datetime64[s]"))
    assert codes.tolist() == [aqi.standard_for(m).value for m in moments]


@given(standards, st.integers(0, 500))
def test_level_is_monotone_and_within_1_to_6(standard, value):
    assume(value < 500)
    assert 1 <= aqi.level_number(value) <= aqi.level_number(value + 1) <= 6
    assert aqi.level_of(value, standard).number == aqi.level_number(value)
