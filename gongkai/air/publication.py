"""How a concentration is published: one rounding rule, applied once, at the end (issue 21).

Pure (no Django). Every computed value (station hourly and daily values, moving means, city and district
means) is kept unrounded until it is shown. Shown values are rounded once with GB/T 8170
(四舍六入五考虑, `aqi.round_gbt8170`): CO to 0.1 mg/m³, the others to 1 µg/m³ — the precision
HJ 633-2026 §4.2 requires before computing IAQI, so on data under HJ 633-2026 the shown daily value is
exactly the value the index was computed from (standards.md §2.2). A value is never rounded and then
averaged or indexed again."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from gongkai.air import aqi

# HJ 633-2026 §4.2 / GB/T 8170: CO to one decimal (mg/m³), every other pollutant to integers (µg/m³).
# Keys are the app's field names (hourly, daily and moving-mean fields).
ONE_DECIMAL = frozenset({"co"})


def places(name: str) -> int:
    return 1 if name in ONE_DECIMAL else 0


def rounded(name: str, value: float | None) -> Decimal | None:
    """The GB/T 8170 value of ``value`` at the published precision of ``name``."""
    if value is None or value != value:  # None or NaN: not valid
        return None
    return aqi.round_gbt8170(value, places(name))


def shown(name: str, value: float | None) -> str | None:
    """The text a page or an export shows for a concentration (None = missing)."""
    value = rounded(name, value)
    return None if value is None else str(value)


def shown_hourly(name: str, value: float | None) -> str | None:
    """A real-time concentration as shown. The hourly index is computed from unrounded values (city
    and district means included), so a mean that is not whole at the published precision keeps one
    more decimal (GB/T 8170): 58.5 is shown as "58.5" beside its index 97, never as "58"."""
    if value is None or value != value:
        return None
    exact = aqi.round_gbt8170(value, places(name) + 1)
    short = aqi.round_gbt8170(value, places(name))
    return str(short) if exact == short else str(exact)


def number_hourly(name: str, value: float | None) -> float | None:
    """`shown_hourly` as a number, for the real-time API."""
    text = shown_hourly(name, value)
    return None if text is None else float(text)


def number(name: str, value: float | None) -> float | None:
    """`shown` as a number, for APIs and charts."""
    value = rounded(name, value)
    return None if value is None else float(value)


def daily_index_input(name: str, value: float | None, standard: int) -> float | None:
    """The daily concentration the index was computed from: under HJ 633-2026 the GB/T 8170 value
    (§4.2), under HJ 633-2012 the unrounded value (it rounds only the IAQI, 6.2)."""
    if value is None:
        return None
    if standard == aqi.Standard.HJ_633_2026:
        return number(name, value)
    return float(value)


# The daily fields and the indicator names their IAQI is stored under (aqi.INDICATORS).
DAILY_IAQI = {
    "so2": aqi.SO2,
    "no2": aqi.NO2,
    "co": aqi.CO,
    "o3_8h": aqi.O3_8H,
    "o3_1h_max": aqi.O3,
    "pm10": aqi.PM10,
    "pm2_5": aqi.PM2_5,
}


def grade(level: int | None) -> str | None:
    """The 级别 of a level number 1-6 (一级 … 六级; HJ 633-2012 Table 2, HJ 633-2026 Table 1)."""
    return aqi.GRADES[level - 1] if level else None


# The share of a region's stations that must have reported an hour before the city's or a district's
# real-time AQI is published (setting AIR_REALTIME_MIN_STATION_SHARE). HJ 663 says a city value is the
# mean of its valid assessment stations but not how many are needed (standards.md §3.3: "not
# confirmed"), so this default is the platform's own choice, not the standard's: three quarters, as
# GB 3095's 6-of-8-hours rule for an 8-hour mean.
DEFAULT_MIN_STATION_SHARE = 0.75


def enough_stations(reported: int, expected: int, share: float = DEFAULT_MIN_STATION_SHARE) -> bool:
    """Whether ``reported`` of ``expected`` stations reach ``share`` (0–1, inclusive bound). Compared
    exactly (0.7 of 10 is 7, not 7.000000000000001); a region without stations never has enough."""
    if expected <= 0:
        return False
    return Fraction(reported, expected) >= Fraction(str(share))
