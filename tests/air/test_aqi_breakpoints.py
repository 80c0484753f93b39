"""Every breakpoint edge of HJ 633-2012 Table 1 and HJ 633-2026 Table 3: exactly at, just below, just above.

At a breakpoint the IAQI is that breakpoint's IAQI; a hair below it (the ceiling of a value a little under
an integer) is still that IAQI; a hair above it is one more. Each case runs through the exact formula
(`iaqi`) and through the public report functions, which use the vectorised lookup."""

from __future__ import annotations

import math

import pytest

from gongkai.air import aqi
from gongkai.air.aqi import Kind, Standard

# Where each breakpoint column is used: (report kind, argument, indicator name).
USES = {
    "SO2_1H": [(Kind.HOURLY, "so2", "SO2")],
    "NO2_1H": [(Kind.HOURLY, "no2", "NO2")],
    "CO_1H": [(Kind.HOURLY, "co", "CO")],
    "O3_1H": [(Kind.HOURLY, "o3", "O3"), (Kind.DAILY, "o3_1h_max", "O3")],
    "PM10_24H": [(Kind.HOURLY, "pm10", "PM10"), (Kind.DAILY, "pm10", "PM10")],
    "PM2_5_24H": [(Kind.HOURLY, "pm2_5", "PM2.5"), (Kind.DAILY, "pm2_5", "PM2.5")],
    "SO2_24H": [(Kind.DAILY, "so2", "SO2")],
    "NO2_24H": [(Kind.DAILY, "no2", "NO2")],
    "CO_24H": [(Kind.DAILY, "co", "CO")],
    "O3_8H": [(Kind.DAILY, "o3_8h", "O3_8h")],
}
# A step small enough to move the IAQI by less than 1 on the steepest segment (CO 24 h: 25 per mg/m³).
STEP = 0.01


def edge_cases():
    for standard, columns in aqi.BREAKPOINTS.items():
        for key, column in columns.items():
            for concentration, step in zip(column, aqi.IAQI_STEPS, strict=False):
                yield pytest.param(
                    standard, key, concentration, step, id=f"{standard.value}-{key}-{concentration}"
                )


def report(standard: Standard, kind: Kind, argument: str, concentration: float) -> aqi.AqiResult:
    # No GB/T 8170 rounding here: these cases are about the breakpoints (rounding has its own tests).
    options = aqi.AqiOptions(round_concentrations=False)
    function = aqi.hourly_aqi if kind is Kind.HOURLY else aqi.daily_aqi
    return function(standard=standard, options=options, **{argument: concentration})


@pytest.mark.parametrize(("standard", "key", "concentration", "step"), list(edge_cases()))
def test_iaqi_at_below_and_above_every_breakpoint(standard, key, concentration, step):
    column = aqi.BREAKPOINTS[standard][key]
    top = concentration == column[-1]
    cases = [(concentration, step), (math.nextafter(concentration, math.inf), None if top else step + 1)]
    cases.append((concentration + STEP, None if top else step + 1))
    if concentration > 0:
        cases += [(concentration - STEP, step), (math.nextafter(concentration, 0), step)]
    for value, expected in cases:
        assert aqi.iaqi(value, column) == expected, value
        for kind, argument, name in USES[key]:
            if (kind, standard) == (Kind.DAILY, Standard.HJ_633_2026) and argument == "o3_1h_max":
                continue  # not a 2026 daily indicator
            result = report(standard, kind, argument, value)
            if expected is None:
                continue  # above the column: the notes and the scale cap decide (tested elsewhere)
            assert result.iaqi[name] == expected, (kind, value)


@pytest.mark.parametrize("standard", list(Standard))
@pytest.mark.parametrize(
    ("key", "argument", "kind", "name"),
    [
        ("SO2_24H", "so2", Kind.DAILY, "SO2"),
        ("NO2_1H", "no2", Kind.HOURLY, "NO2"),
        ("NO2_24H", "no2", Kind.DAILY, "NO2"),
        ("CO_1H", "co", Kind.HOURLY, "CO"),
        ("CO_24H", "co", Kind.DAILY, "CO"),
        ("O3_1H", "o3", Kind.HOURLY, "O3"),
        ("PM10_24H", "pm10", Kind.DAILY, "PM10"),
        ("PM2_5_24H", "pm2_5", Kind.HOURLY, "PM2.5"),
    ],
)
def test_above_the_top_breakpoint_the_iaqi_is_capped_at_500_unless_configured(
    standard, key, argument, kind, name
):
    top = aqi.BREAKPOINTS[standard][key][-1]
    function = aqi.hourly_aqi if kind is Kind.HOURLY else aqi.daily_aqi
    for value in (top + 1, top * 10):  # +1: still above after the 2026 daily rounding
        assert function(standard=standard, **{argument: value}).iaqi[name] == 500
        strict = function(
            standard=standard, options=aqi.AqiOptions(cap_above_scale=False), **{argument: value}
        )
        assert name in strict.not_computed


@pytest.mark.parametrize("standard", list(Standard))
def test_2026_daily_rounds_first_so_a_hair_off_a_breakpoint_is_the_breakpoint(standard):
    """HJ 633-2026 §4.2: PM2.5 74.6 → 75, CO 3.95 → 4.0 (GB/T 8170) before the IAQI; 2012 does not round."""
    results = {
        value: aqi.daily_aqi(standard=standard, pm2_5=value, co=co)
        for value, co in ((74.6, 3.95), (75.4, 4.04))
    }
    if standard is Standard.HJ_633_2026:
        assert results[74.6].iaqi == results[75.4].iaqi == {"PM2.5": 114, "CO": 100}
    else:
        assert results[74.6].iaqi == {"PM2.5": 100, "CO": 99}
        assert results[75.4].iaqi == {"PM2.5": 101, "CO": 101}
