"""HJ 633 rules beyond the tables: test vectors, the >800 notes, primary and exceeding pollutants, the 2026
completeness rule, GB/T 8170 rounding and which indicators each report uses."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from gongkai.air import aqi
from gongkai.air.aqi import Standard

OLD, NEW = Standard.HJ_633_2012, Standard.HJ_633_2026
CLEAN_2026_DAY = {"so2": 5, "no2": 10, "co": 0.4, "pm10": 20, "pm2_5": 10, "o3_8h": 50}  # all IAQI ≤ 50
CLEAN_HOUR = {"so2": 5, "no2": 10, "co": 0.4, "o3": 50, "pm10": 20, "pm2_5": 10}


# standards.md §1.6, computed by hand from formula (1).
@pytest.mark.parametrize(
    ("argument", "value", "name", "expected_2012", "expected_2026"),
    [
        ("pm2_5", 35, "PM2.5", 50, 50),
        ("pm2_5", 36, "PM2.5", 52, 52),
        ("pm2_5", 60, "PM2.5", 82, 100),
        ("pm2_5", 61, "PM2.5", 83, 101),
        ("pm2_5", 75, "PM2.5", 100, 114),
        ("pm2_5", 76, "PM2.5", 102, 115),
        ("pm10", 120, "PM10", 85, 100),
        ("pm10", 150, "PM10", 100, 112),
        ("co", 2.5, "CO", 63, 63),
        ("co", 3.9, "CO", 98, 98),
        ("o3_8h", 161, "O3_8h", 101, 101),
        ("so2", 475, "SO2", 150, 150),
    ],
)
def test_vectors_of_standards_md_1_6_daily(argument, value, name, expected_2012, expected_2026):
    assert aqi.daily_aqi(standard=OLD, **{argument: value}).iaqi[name] == expected_2012
    assert aqi.daily_aqi(standard=NEW, **{argument: value}).iaqi[name] == expected_2026


@pytest.mark.parametrize("standard", list(Standard))
def test_vector_no2_1h_201_gives_101(standard):
    assert aqi.hourly_aqi(standard=standard, no2=201).iaqi["NO2"] == 101


def test_float_noise_does_not_push_an_exact_iaqi_up():
    """CO 2.12 mg/m³ is exactly IAQI 53 (50 + 25 × 0.12); float(2.12) is a hair above 2.12."""
    assert Decimal("2.12") < 2.12  # the binary float really is above
    assert aqi.daily_aqi(standard=OLD, co=2.12).iaqi["CO"] == 53
    assert aqi.iaqi(2.12, aqi.CO_24H) == 53
    assert aqi.daily_aqi(standard=OLD, pm2_5=35.8).iaqi["PM2.5"] == 51  # 50 + 1.25 × 0.8


def test_hourly_uses_1h_breakpoints_for_gases_and_daily_breakpoints_for_pm():
    result = aqi.hourly_aqi(standard=OLD, so2=150, no2=100, co=5, o3=160, pm10=50, pm2_5=35)
    assert result.iaqi == {"SO2": 50, "NO2": 50, "CO": 50, "O3": 50, "PM10": 50, "PM2.5": 50}
    assert aqi.hourly_aqi(standard=NEW, pm2_5=60, pm10=120).iaqi == {"PM10": 100, "PM2.5": 100}


def test_daily_2012_counts_both_o3_indicators_and_2026_only_the_8h_one():
    old = aqi.daily_aqi(standard=OLD, o3_1h_max=300, o3_8h=160)
    assert old.iaqi == {"O3": 150, "O3_8h": 100}
    assert old.aqi == 150 and old.primary_pollutants == ("O3",)
    new = aqi.daily_aqi(standard=NEW, **{**CLEAN_2026_DAY, "o3_8h": 160}, o3_1h_max=300)
    assert "O3" not in new.iaqi and new.iaqi["O3_8h"] == 100 and new.aqi == 100
    assert set(new.iaqi) | set(new.not_computed) == {"SO2", "NO2", "CO", "O3_8h", "PM10", "PM2.5"}


# ---- HJ 633-2012 Table 1 notes 2 and 3, HJ 633-2026 Table 3 notes b and c
def test_2012_hourly_so2_above_800_takes_the_24h_iaqi():
    at = aqi.hourly_aqi(standard=OLD, so2=800, so2_24h=100)
    assert at.iaqi["SO2"] == 200  # 800 is still on the 1-hour column
    above = aqi.hourly_aqi(standard=OLD, so2=800.01, so2_24h=100)
    assert above.iaqi["SO2"] == 75  # 24-hour column: 50 + 50 × 50/100
    alone = aqi.hourly_aqi(standard=OLD, so2=801, pm2_5=20)
    assert "SO2" in alone.not_computed and alone.aqi == 29


def test_2026_hourly_so2_above_800_is_iaqi_200():
    assert aqi.hourly_aqi(standard=NEW, so2=801, so2_24h=10).iaqi["SO2"] == 200
    assert aqi.hourly_aqi(standard=NEW, so2=5000).iaqi["SO2"] == 200


def test_2012_daily_o3_8h_above_800_is_not_computed_and_the_1h_o3_counts():
    result = aqi.daily_aqi(standard=OLD, o3_8h=801, o3_1h_max=900)
    assert "O3_8h" in result.not_computed
    assert result.iaqi["O3"] == 350 and result.aqi == 350 and result.primary_pollutants == ("O3",)
    assert aqi.daily_aqi(standard=OLD, o3_8h=800, o3_1h_max=900).iaqi["O3_8h"] == 300


def test_2026_daily_o3_8h_above_800_is_iaqi_300():
    assert aqi.daily_aqi(standard=NEW, **{**CLEAN_2026_DAY, "o3_8h": 801}).iaqi["O3_8h"] == 300
    assert aqi.daily_aqi(standard=NEW, **{**CLEAN_2026_DAY, "o3_8h": 2000}).aqi == 300


# ---- primary and exceeding pollutants
def test_no_primary_pollutant_at_or_below_50():
    assert aqi.daily_aqi(standard=OLD, pm2_5=35, pm10=50).primary_pollutants == ()
    assert aqi.daily_aqi(standard=OLD, pm2_5=35.01, pm10=50).primary_pollutants == ("PM2.5",)


def test_tied_pollutants_are_all_primary_in_indicator_order():
    result = aqi.daily_aqi(standard=OLD, pm2_5=75, pm10=150, so2=150, no2=40)
    assert result.aqi == 100
    assert result.primary_pollutants == ("SO2", "PM10", "PM2.5")


def test_2012_exceeding_pollutants_are_all_above_100_and_2026_has_none():
    old = aqi.daily_aqi(standard=OLD, pm2_5=80, pm10=160, no2=80, o3_8h=161)
    assert old.exceeding_pollutants == ("O3_8h", "PM10", "PM2.5")  # NO2 at 100 does not exceed
    assert old.primary_pollutants == ("PM2.5",)
    new = aqi.daily_aqi(standard=NEW, **{**CLEAN_2026_DAY, "pm2_5": 80, "pm10": 160})
    assert new.exceeding_pollutants == ()


# ---- HJ 633-2026 5.3.1 and 5.3.2
def test_2026_missing_indicator_publishes_aqi_only_above_100():
    low = aqi.daily_aqi(standard=NEW, **{**CLEAN_2026_DAY, "so2": None, "pm2_5": 60})
    assert (low.aqi, low.level, low.category, low.primary_pollutants) == (None, None, None, ())
    assert low.iaqi["PM2.5"] == 100 and low.not_computed == ("SO2",)  # the IAQIs are still published
    high = aqi.daily_aqi(standard=NEW, **{**CLEAN_2026_DAY, "so2": None, "pm2_5": 61})
    assert (high.aqi, high.category, high.primary_pollutants) == (101, "轻度污染", ("PM2.5",))


def test_2026_completeness_applies_to_hourly_too():
    assert aqi.hourly_aqi(standard=NEW, **{**CLEAN_HOUR, "o3": None}).aqi is None
    assert aqi.hourly_aqi(standard=NEW, **CLEAN_HOUR).aqi == 20  # PM10 20 → 20


def test_2026_exempt_indicator_is_not_missing():
    options = aqi.AqiOptions(exempt_from_completeness=frozenset({"CO"}))
    result = aqi.daily_aqi(standard=NEW, options=options, **{**CLEAN_2026_DAY, "co": None})
    assert result.aqi == 25


def test_2012_has_no_completeness_rule():
    assert aqi.daily_aqi(standard=OLD, pm2_5=10).aqi == 15


def test_nothing_measured_gives_no_aqi():
    for standard in Standard:
        assert aqi.hourly_aqi(standard=standard).aqi is None
        assert aqi.daily_aqi(standard=standard, pm2_5=float("nan")).aqi is None


# ---- GB/T 8170 rounding (HJ 633-2026 §4.2)
@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (34.5, 0, "34"),
        (35.5, 0, "36"),
        (34.51, 0, "35"),
        (34.49, 0, "34"),
        (2.45, 1, "2.4"),
        (2.55, 1, "2.6"),
        (2.65, 1, "2.6"),
        (2.451, 1, "2.5"),
        (0.05, 1, "0.0"),
        (0.15, 1, "0.2"),
        (Decimal("2.45"), 1, "2.4"),
        ("2.35", 1, "2.4"),
    ],
)
def test_gbt8170_rounds_half_to_even(value, places, expected):
    assert aqi.round_gbt8170(Decimal(value) if isinstance(value, str) else value, places) == Decimal(expected)
    if not isinstance(value, str):
        assert aqi.round_gbt8170_array(np.array([float(value)]), places)[0] == float(expected)


def test_2026_daily_rounds_concentrations_before_the_iaqi():
    # PM2.5 34.5 → 34 (IAQI 49, not 50); CO 2.45 → 2.4 (IAQI 60, not 62); PM10 50.5 → 50 (IAQI 50)
    result = aqi.daily_aqi(standard=NEW, **{**CLEAN_2026_DAY, "pm2_5": 34.5, "co": 2.45, "pm10": 50.5})
    assert (result.iaqi["PM2.5"], result.iaqi["CO"], result.iaqi["PM10"]) == (49, 60, 50)
    assert result.primary_pollutants == ("CO",)
    unrounded = aqi.daily_aqi(standard=OLD, pm2_5=34.5, co=2.45, pm10=50.5)
    assert (unrounded.iaqi["PM2.5"], unrounded.iaqi["CO"], unrounded.iaqi["PM10"]) == (50, 62, 51)


def test_rounding_is_configurable_for_other_reports():
    assert aqi.hourly_aqi(standard=NEW, pm2_5=35.4).iaqi["PM2.5"] == 51
    rounded = aqi.AqiOptions(round_concentrations=True)
    assert aqi.hourly_aqi(standard=NEW, options=rounded, pm2_5=35.4).iaqi["PM2.5"] == 50
    never = aqi.AqiOptions(round_concentrations=False)
    assert aqi.daily_aqi(standard=NEW, options=never, pm2_5=34.5).iaqi["PM2.5"] == 50


def test_negative_or_infinite_concentrations_are_refused():
    with pytest.raises(ValueError, match="negative"):
        aqi.hourly_aqi(standard=NEW, pm2_5=-1)
    with pytest.raises(ValueError, match="infinite"):
        aqi.daily_aqi(standard=NEW, co=float("inf"))
    with pytest.raises(ValueError, match="negative"):
        aqi.iaqi(-0.5, aqi.PM2_5_DAY_2026)


def test_arrays_refuse_mismatched_lengths_and_unknown_standards():
    with pytest.raises(ValueError, match="length"):
        aqi.hourly_aqi_arrays(standard=NEW, so2=np.ones(3), no2=np.ones(2))
    with pytest.raises(ValueError, match="unknown standard"):
        aqi.hourly_aqi_arrays(standard=np.array([2012, 2020]), so2=np.ones(2))


def test_arrays_mix_standards_per_row():
    codes = np.array([2012, 2026, 2012, 2026])
    others = {name: np.full(4, value) for name, value in CLEAN_2026_DAY.items() if name != "pm2_5"}
    result = aqi.daily_aqi_arrays(standard=codes, pm2_5=np.array([75.0, 75.0, np.nan, 60.0]), **others)
    # 2012 row without PM2.5 still has an AQI (O3_8h 50 → 25); the 2026 rows are complete
    assert result.aqi.tolist() == [100, 114, 25, 100]
    assert result.level.tolist() == [2, 3, 1, 2]
    assert [result.result(row).standard for row in range(4)] == [OLD, NEW, OLD, NEW]
