"""Air quality index (AQI, 环境空气质量指数) under HJ 633-2012 and HJ 633-2026.

Pure: numpy and the standard library only; no Django, no I/O, no clock. Concentrations in µg/m³, CO in
mg/m³.

Which standard: the data's date decides (`standard_for`): before 2026-03-01 HJ 633-2012, from 2026-03-01
HJ 633-2026, which abolishes the 2012 text from that day. The caller passes the standard in.

Real-time report (实时报, ``hourly_aqi``), both versions: the 1-hour values of SO2, NO2, CO, O3, PM10
and PM2.5, the particulate 1-hour values evaluated against the 24-hour (daily) PM breakpoints. This is
HJ 633-2026 §4.2 and the national real-time platform's method since 2014, which standards.md tells us to
expect in published 2012-era hourly AQI. The O3 8-hour moving mean is published beside the hourly AQI,
not in it, so the hourly functions do not take it. (The HJ 633-2012 Table 4 layout with 24-hour moving
PM means is not used.)

Daily report (日报, ``daily_aqi``), natural day:
- HJ 633-2012 §5.1: 24-hour means of SO2, NO2, CO, PM10, PM2.5, the daily maximum 1-hour O3 (indicator
  "O3") and the daily maximum 8-hour O3 (indicator "O3_8h"); both O3 indicators count.
- HJ 633-2026 §4.2: the same without the 1-hour O3; the concentrations are first rounded per GB/T 8170
  (CO to 0.1 mg/m³, the others to 1 µg/m³, round half to even), see `round_gbt8170`.

Rules encoded here, each in its own function: the piecewise-linear IAQI (§1.3 formula) rounded up to an
integer (HJ 633-2012 6.2 / HJ 633-2026 4.2.6); AQI = the largest IAQI; primary pollutants (AQI > 50, all
tied at the maximum); 2012 exceeding pollutants (IAQI > 100, a concept HJ 633-2026 deletes); the "above
800" notes of SO2 1-hour and O3 8-hour; the HJ 633-2026 5.3.1 completeness rule.

Numbers are exact. A float stands for the decimal it prints as (``repr``), which is what a CSV holds: a
concentration exactly at a breakpoint gives exactly that breakpoint's IAQI, and ``CO 2.12`` (2012, 24 h)
gives 53, not 54 as a naive ``ceil`` of the binary float would. `iaqi` computes with fractions; the fast
numpy path looks up, per integer IAQI n, the largest concentration that still has IAQI n (every such
threshold is a decimal with at most two places, so comparing a float with the float nearest to it is
exact; see `_IaqiLookup`).

Configurable, because the sources do not settle them (standards.md marks them C or leaves them open):
- ``cap_above_scale`` (default True): a concentration above the top breakpoint of a full table (IAQI
  500) gets IAQI 500, the "common practice" standards.md reports; False leaves that IAQI not computed.
- ``round_concentrations`` (default None = as the standard says): standards.md places GB/T 8170 rounding
  in the HJ 633-2026 daily report only; True/False forces it on or off for every kind and version.
- ``exempt_from_completeness``: indicators outside the monitoring plan that meet HJ 633-2026 5.3.2
  (never the primary pollutant of a polluted day in 3 years); the caller decides eligibility.
- The 2026 health-effect, advice and sensitive-group texts are transcriptions from secondary sources
  that agree with standards.md §2.3-2.4 and with the national platform's published level-3 strings;
  check them against the HJ 633-2026 PDF. The 2012 texts agree across many independent transcriptions of
  HJ 633-2012 Table 2.

Interpretations: an AQI of 0 (every concentration exactly 0) keeps the formula's value under HJ 633-2026
too (which states a range of 1-500) and is level 1. Under HJ 633-2012 an hourly SO2 above 800 µg/m³
takes its IAQI from the SO2 24-hour (moving) mean when the caller passes ``so2_24h``; otherwise the SO2
IAQI is not computed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_EVEN, Context, Decimal
from enum import IntEnum, StrEnum
from fractions import Fraction
from itertools import pairwise

import numpy as np

Number = float | int | Decimal


class Standard(IntEnum):
    HJ_633_2012 = 2012
    HJ_633_2026 = 2026


class Kind(StrEnum):
    HOURLY = "hourly"  # 实时报
    DAILY = "daily"  # 日报


# HJ 633-2026 foreword and standards.md "Which version applies": in force from 2026-03-01.
HJ_633_2026_IN_FORCE = date(2026, 3, 1)
# Data times without a zone are Beijing time; zoned ones are converted to it before taking the date.
CHINA_STANDARD_TIME = timezone(timedelta(hours=8))


def standard_for(moment: date | datetime) -> Standard:
    """The AQI standard for data belonging to ``moment`` (the measurement's own date, not today's)."""
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(CHINA_STANDARD_TIME)
        moment = moment.date()
    return Standard.HJ_633_2026 if moment >= HJ_633_2026_IN_FORCE else Standard.HJ_633_2012


def standards_for(times: np.ndarray) -> np.ndarray:
    """Vectorised `standard_for` over naive Beijing-time ``datetime64`` values: int16 2012/2026 codes."""
    in_force = np.asarray(times, dtype="datetime64[s]") >= np.datetime64(HJ_633_2026_IN_FORCE, "s")
    return np.where(in_force, Standard.HJ_633_2026.value, Standard.HJ_633_2012.value).astype(np.int16)


# Indicator names used in results (primary/exceeding pollutants, per-indicator IAQI).
SO2, NO2, CO, O3, O3_8H, PM10, PM2_5 = "SO2", "NO2", "CO", "O3", "O3_8h", "PM10", "PM2.5"
INDICATORS = (SO2, NO2, CO, O3, O3_8H, PM10, PM2_5)
_BIT = {name: 1 << index for index, name in enumerate(INDICATORS)}

# ----------------------------------------------------------------------------------------------------
# Breakpoints: the concentration at each IAQI step, read down one column of the standard's table.
# HJ 633-2012 Table 1 and HJ 633-2026 Table 3 (first column: IAQI).
IAQI_STEPS = (0, 50, 100, 150, 200, 300, 400, 500)

# HJ 633-2012 Table 1, µg/m³ (CO mg/m³). SO2 1-hour ends at 800 (note 2), O3 8-hour at 800 (note 3).
SO2_24H = (0, 50, 150, 475, 800, 1600, 2100, 2620)
SO2_1H = (0, 150, 500, 650, 800)
NO2_24H = (0, 40, 80, 180, 280, 565, 750, 940)
NO2_1H = (0, 100, 200, 700, 1200, 2340, 3090, 3840)
PM10_24H_2012 = (0, 50, 150, 250, 350, 420, 500, 600)
CO_24H = (0, 2, 4, 14, 24, 36, 48, 60)
CO_1H = (0, 5, 10, 35, 60, 90, 120, 150)
O3_1H = (0, 160, 200, 300, 400, 800, 1000, 1200)
O3_8H_MOVING = (0, 100, 160, 215, 265, 800)
PM2_5_24H_2012 = (0, 35, 75, 115, 150, 250, 350, 500)

# HJ 633-2026 Table 3: only the PM10 and PM2.5 daily columns differ from 2012 (IAQI 100 at 120 and 60).
PM10_DAY_2026 = (0, 50, 120, 250, 350, 420, 500, 600)
PM2_5_DAY_2026 = (0, 35, 60, 115, 150, 250, 350, 500)

_COLUMNS_2012 = {
    "SO2_24H": SO2_24H,
    "SO2_1H": SO2_1H,
    "NO2_24H": NO2_24H,
    "NO2_1H": NO2_1H,
    "CO_24H": CO_24H,
    "CO_1H": CO_1H,
    "O3_1H": O3_1H,
    "O3_8H": O3_8H_MOVING,
    "PM10_24H": PM10_24H_2012,
    "PM2_5_24H": PM2_5_24H_2012,
}
BREAKPOINTS: Mapping[Standard, Mapping[str, tuple[int, ...]]] = {
    Standard.HJ_633_2012: _COLUMNS_2012,
    Standard.HJ_633_2026: {**_COLUMNS_2012, "PM10_24H": PM10_DAY_2026, "PM2_5_24H": PM2_5_DAY_2026},
}

# HJ 633 terms and definitions (首要污染物): primary pollutants only when AQI > 50.
PRIMARY_POLLUTANT_ABOVE_AQI = 50
# HJ 633-2012 terms and definitions (超标污染物): IAQI > 100, above the GB 3095 Class II limit.
# HJ 633-2026 deletes the concept.
EXCEEDING_ABOVE_IAQI = 100
# HJ 633-2026 5.3.1: with an indicator missing, AQI is published only if it is still > 100.
INCOMPLETE_PUBLISHED_ABOVE_AQI = 100
# HJ 633-2026 §4.2 / GB/T 8170: decimal places kept before computing IAQI
# (CO in mg/m³ to 0.1, the others in µg/m³ to 1).
ROUNDING_PLACES_2026 = {CO: 1}


# ----------------------------------------------------------------------------------------------------
# Levels: HJ 633-2012 Table 2, HJ 633-2026 Table 1; colours: Appendix A of both (identical).
@dataclass(frozen=True)
class Colour:
    name: str
    rgb: tuple[int, int, int]
    cmyk: tuple[int, int, int, int]

    @property
    def hex(self) -> str:
        return "#{:02X}{:02X}{:02X}".format(*self.rgb)


COLOURS = (
    Colour("绿色", (0, 228, 0), (40, 0, 100, 0)),
    Colour("黄色", (255, 255, 0), (0, 0, 100, 0)),
    Colour("橙色", (255, 126, 0), (0, 52, 100, 0)),
    Colour("红色", (255, 0, 0), (0, 100, 100, 0)),
    Colour("紫色", (153, 0, 76), (10, 100, 40, 30)),
    Colour("褐红色", (126, 0, 35), (30, 100, 100, 30)),
)
LEVEL_UPPER_AQI = (50, 100, 150, 200, 300)  # levels 1-5 end here; level 6 is > 300
GRADES = ("一级", "二级", "三级", "四级", "五级", "六级")
CATEGORIES = ("优", "良", "轻度污染", "中度污染", "重度污染", "严重污染")

# HJ 633-2012 Table 2, 对健康影响情况 and 建议采取的措施.
HEALTH_EFFECTS_2012 = (
    "空气质量令人满意，基本无空气污染",
    "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响",
    "易感人群症状有轻度加剧，健康人群出现刺激症状",
    "进一步加剧易感人群症状，可能对健康人群心脏、呼吸系统有影响",
    "心脏病和肺病患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
    "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
)
ADVICE_2012 = (
    "各类人群可正常活动",
    "极少数异常敏感人群应减少户外活动",
    "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼",
    "儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度的户外锻炼，一般人群适量减少户外运动",
    "儿童、老年人和心脏病、肺病患者应停留在室内，停止户外运动，一般人群减少户外运动",
    "儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动",
)
# HJ 633-2026 Table 1 (secondary transcription, see the module docstring). The level-3 texts are
# exactly what the national platform (CNEMC, air.cnemc.cn) published for a 轻度污染 city day of
# September 2026 ("Unheathful" and "Measure" fields); the other levels are not yet cross-checked.
HEALTH_EFFECTS_2026 = (
    "空气质量令人满意，基本无空气污染",
    "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响",
    "敏感人群症状有轻度加剧，健康人群出现刺激症状",
    "进一步加剧敏感人群症状，可能对健康人群心血管系统、呼吸系统有影响",
    "心血管系统和呼吸系统患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
    "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
)
ADVICE_2026 = (
    "各类人群可正常活动",
    "极少数异常敏感人群应减少户外活动",
    "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼",
    "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者应避免长时间、高强度的户外锻炼，一般人群适量减少户外运动",
    "青少年儿童、老年人和心血管系统疾病、呼吸系统疾病患者应停留在室内，停止户外运动，一般人群减少户外运动",
    "青少年儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动",
)
# HJ 633-2026 Table 2 (new): sensitive groups of a pollutant whose IAQI > 100 (secondary transcription).
SENSITIVE_GROUPS_2026 = {
    SO2: "患有哮喘的人、儿童（包括青少年）以及老年人",
    NO2: "患有呼吸系统疾病（如哮喘）的人、儿童（包括青少年）以及老年人",
    CO: "患有心血管系统疾病的人",
    O3: "患有呼吸系统疾病（如哮喘）的人、儿童（包括青少年）、户外活动频繁的人以及老年人",
    PM10: "患有心血管系统疾病或呼吸系统疾病（如哮喘）的人、儿童（包括青少年）、户外活动频繁的人以及老年人",
    PM2_5: "患有心血管系统疾病或呼吸系统疾病（如哮喘）的人、儿童（包括青少年）、户外活动频繁的人以及老年人",
}
SENSITIVE_GROUPS_ABOVE_IAQI = 100  # HJ 633-2026 Table 2 applies above IAQI 100


@dataclass(frozen=True)
class Level:
    number: int
    grade: str
    category: str
    colour: Colour
    health_effect: str
    advice: str


LEVELS: Mapping[Standard, tuple[Level, ...]] = {
    standard: tuple(
        Level(number, grade, category, colour, health, advice)
        for number, grade, category, colour, health, advice in zip(
            range(1, 7), GRADES, CATEGORIES, COLOURS, effects, advices, strict=True
        )
    )
    for standard, effects, advices in (
        (Standard.HJ_633_2012, HEALTH_EFFECTS_2012, ADVICE_2012),
        (Standard.HJ_633_2026, HEALTH_EFFECTS_2026, ADVICE_2026),
    )
}


def level_number(aqi: int) -> int:
    """Table 2 (2012) / Table 1 (2026): 0-50 → 1, 51-100 → 2, ..., 201-300 → 5, above 300 → 6."""
    return 1 + sum(aqi > upper for upper in LEVEL_UPPER_AQI)


def level_of(aqi: int, standard: Standard) -> Level:
    return LEVELS[standard][level_number(aqi) - 1]


# ----------------------------------------------------------------------------------------------------
# Exact scalar arithmetic: the reference the fast path is built from and tested against.
_WIDE = Context(prec=400)  # wide enough to quantize any float64 to 0.1 without InvalidOperation


def _decimal(value: Number) -> Decimal:
    # A float means the decimal it prints as (repr), the number a person or a CSV file wrote.
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def iaqi(concentration: Number, column: Sequence[int]) -> int | None:
    """Formula (1) of HJ 633 with results rounded up (6.2 / 4.2.6); None above the column's last breakpoint.

    IAQI = (IAQI_Hi - IAQI_Lo) / (BP_Hi - BP_Lo) × (C - BP_Lo) + IAQI_Lo, computed exactly, then ceil."""
    c = Fraction(_decimal(concentration))
    if c < 0:
        raise ValueError(f"negative concentration: {concentration}")
    for (c_lo, c_hi), (i_lo, i_hi) in zip(pairwise(column), pairwise(IAQI_STEPS), strict=False):
        if c <= c_hi:
            return math.ceil(i_lo + Fraction(i_hi - i_lo, c_hi - c_lo) * (c - c_lo))
    return None


def round_gbt8170(value: Number, places: int) -> Decimal:
    """GB/T 8170 rounding (四舍六入五考虑): half to even when the dropped part is exactly half."""
    return _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN, context=_WIDE)


# ----------------------------------------------------------------------------------------------------
# Fast exact path (numpy).
MISSING = -1  # IAQI/AQI not computed


class _IaqiLookup:
    """IAQI of a breakpoint column by table lookup, exact for every float64 concentration.

    T[n] = the largest concentration with IAQI n (the formula solved for IAQI = n), so
    IAQI(C) = min{n : C <= T[n]}. All breakpoints are integers and every IAQI segment spans 50 or 100, so
    each T[n] is a decimal with at most two places; so is the width h of the narrowest concentration step
    per IAQI point. Buckets of width h whose edges sit half-way between multiples of 0.01 hold at most one
    threshold, and no threshold lies within 0.005 of an edge, so the float error in the bucket number
    (about 1e-13) cannot change the answer. Per bucket we store the IAQI at its lower edge and that IAQI's
    threshold: IAQI = n_b + (C > T[n_b]). As T[n_b] has few digits, ``C > float(T[n_b])`` holds exactly
    when the decimal of C exceeds T[n_b].
    """

    _UNITS = 200  # work in 1/200 µg/m³ (mg/m³ for CO): thresholds are even, bucket edges odd

    def __init__(self, column: Sequence[int]) -> None:
        steps = IAQI_STEPS[: len(column)]
        self.top = steps[-1]
        segments = list(zip(pairwise(column), pairwise(steps), strict=True))
        scaled = [0]  # T[n] × _UNITS, exact integers
        for (c_lo, c_hi), (i_lo, i_hi) in segments:
            for n in range(i_lo + 1, i_hi + 1):
                numerator = (c_lo * (i_hi - i_lo) + (c_hi - c_lo) * (n - i_lo)) * self._UNITS
                scaled.append(numerator // (i_hi - i_lo))
                assert numerator % (i_hi - i_lo) == 0 and scaled[-1] % 2 == 0, "T[n] off the 0.01 grid"
        width = min((c_hi - c_lo) * self._UNITS // (i_hi - i_lo) for (c_lo, c_hi), (i_lo, i_hi) in segments)
        assert all(
            (c_hi - c_lo) * self._UNITS % (i_hi - i_lo) == 0 for (c_lo, c_hi), (i_lo, i_hi) in segments
        )
        assert width % 2 == 0, "bucket width off the 0.01 grid"
        thresholds = np.array(scaled, dtype=np.int64)
        buckets = (column[-1] * self._UNITS + 1) // width + 2  # the last one: above the column
        lower_edges = np.arange(buckets, dtype=np.int64) * width - 1  # odd: half-way between thresholds
        iaqi_at = np.searchsorted(thresholds, lower_edges, side="left")  # == top + 1 past the column
        self.iaqi_at = iaqi_at.astype(np.int16)
        self.threshold_at = np.append(thresholds / self._UNITS, math.inf)[iaqi_at]  # nearest floats
        self.last_bucket = buckets - 1
        self.offset = 1 / self._UNITS
        self.inverse_width = self._UNITS / width

    def __call__(self, concentration: np.ndarray) -> np.ndarray:
        """int16 IAQI; MISSING where NaN; top + 1 where above the column's last breakpoint."""
        position = concentration + self.offset
        position *= self.inverse_width
        np.clip(position, 0, self.last_bucket, out=position)
        missing = np.isnan(position)
        position[missing] = 0
        bucket = position.astype(np.intp)
        result = self.iaqi_at[bucket]
        result += concentration > self.threshold_at[bucket]
        result[missing] = MISSING
        return result


_LOOKUPS: Mapping[Standard, Mapping[str, _IaqiLookup]] = {
    standard: {key: _IaqiLookup(column) for key, column in columns.items()}
    for standard, columns in BREAKPOINTS.items()
}


def round_gbt8170_array(values: np.ndarray, places: int) -> np.ndarray:
    """`round_gbt8170` for float64 arrays, exact for every float (a float meaning its repr decimal).

    A half-way point m + 1/2 (in units of 10^-places) is a short decimal, so the float ``x`` stands for
    exactly that point iff ``x == float(point)``, and lies below it iff ``x < float(point)``. rint(x *
    10^places) is at most one unit off; comparing with the half-way points around it corrects it and
    settles ties to even."""
    scale = 10.0**places
    candidate = np.rint(values * scale)
    if places == 0:
        return candidate  # x × 1 is exact, so rint's half-to-even is already exact
    below = (2 * candidate - 1) / (2 * scale)
    above = (2 * candidate + 1) / (2 * scale)
    odd = np.fmod(candidate, 2) == 1
    rounded = candidate - (values < below) + (values > above)
    rounded = np.where(values == below, candidate - odd, rounded)
    rounded = np.where(values == above, candidate + odd, rounded)
    return rounded / scale


# ----------------------------------------------------------------------------------------------------
# The rules that act where a concentration is above its column (one function per note).
def held_at_column_top(raw: np.ndarray, lookup: _IaqiLookup) -> np.ndarray:
    """HJ 633-2026 Table 3 notes b and c: SO2 1-hour > 800 → IAQI 200; O3 8-hour > 800 → IAQI 300."""
    return np.where(raw > lookup.top, lookup.top, raw).astype(np.int16)


def not_computed_above_column(raw: np.ndarray, lookup: _IaqiLookup) -> np.ndarray:
    """HJ 633-2012 Table 1 note 3: O3 8-hour > 800 → no 8-hour IAQI; the 1-hour O3 IAQI stands for O3."""
    return np.where(raw > lookup.top, MISSING, raw).astype(np.int16)


def so2_from_24h_above_1h_column(raw: np.ndarray, lookup: _IaqiLookup, iaqi_24h: np.ndarray) -> np.ndarray:
    """HJ 633-2012 Table 1 note 2: SO2 1-hour > 800 → report the IAQI of the SO2 24-hour mean instead."""
    return np.where(raw > lookup.top, iaqi_24h, raw).astype(np.int16)


def beyond_scale(raw: np.ndarray, lookup: _IaqiLookup, *, cap: bool) -> np.ndarray:
    """Above the top breakpoint (IAQI 500) the standards give no rule: 500 if ``cap``, else not computed."""
    return np.where(raw > lookup.top, lookup.top if cap else MISSING, raw).astype(np.int16)


# ----------------------------------------------------------------------------------------------------
# Indicators per report kind and standard.
@dataclass(frozen=True)
class Indicator:
    name: str  # result name, e.g. "O3_8h"
    source: str  # input argument / CSV column, e.g. "o3_8h"
    column: str  # breakpoint column key in BREAKPOINTS


_HOURLY = (
    Indicator(SO2, "so2", "SO2_1H"),
    Indicator(NO2, "no2", "NO2_1H"),
    Indicator(CO, "co", "CO_1H"),
    Indicator(O3, "o3", "O3_1H"),
    Indicator(PM10, "pm10", "PM10_24H"),  # 1-hour value, daily breakpoints (HJ 633-2026 4.2.4)
    Indicator(PM2_5, "pm2_5", "PM2_5_24H"),
)
_DAILY_2012 = (
    Indicator(SO2, "so2", "SO2_24H"),
    Indicator(NO2, "no2", "NO2_24H"),
    Indicator(CO, "co", "CO_24H"),
    Indicator(O3, "o3_1h_max", "O3_1H"),
    Indicator(O3_8H, "o3_8h", "O3_8H"),
    Indicator(PM10, "pm10", "PM10_24H"),
    Indicator(PM2_5, "pm2_5", "PM2_5_24H"),
)
PLANS: Mapping[tuple[Kind, Standard], tuple[Indicator, ...]] = {
    (Kind.HOURLY, Standard.HJ_633_2012): _HOURLY,
    (Kind.HOURLY, Standard.HJ_633_2026): _HOURLY,
    (Kind.DAILY, Standard.HJ_633_2012): _DAILY_2012,
    # HJ 633-2026 §4.2: the daily maximum 1-hour O3 is no longer a daily indicator.
    (Kind.DAILY, Standard.HJ_633_2026): tuple(i for i in _DAILY_2012 if i.name != O3),
}
HOURLY_SOURCES = ("so2", "no2", "co", "o3", "pm10", "pm2_5", "so2_24h")
DAILY_SOURCES = ("so2", "no2", "co", "pm10", "pm2_5", "o3_8h", "o3_1h_max")


@dataclass(frozen=True)
class AqiOptions:
    """Choices the sources leave open; see the module docstring."""

    cap_above_scale: bool = True
    round_concentrations: bool | None = None
    exempt_from_completeness: frozenset[str] = frozenset()

    def rounds(self, kind: Kind, standard: Standard) -> bool:
        if self.round_concentrations is not None:
            return self.round_concentrations
        return kind is Kind.DAILY and standard is Standard.HJ_633_2026


DEFAULT_OPTIONS = AqiOptions()


@dataclass(frozen=True)
class AqiResult:
    """One AQI (实时报 or 日报). ``aqi`` is None when it cannot be published (nothing computed, or
    HJ 633-2026 5.3.1); ``iaqi`` holds every indicator computed, ``not_computed`` the rest of the report's
    indicator set."""

    standard: Standard
    kind: Kind
    aqi: int | None
    level: int | None
    category: str | None
    colour: str | None  # hex RGB of Appendix A; level_info.colour has the name and CMYK
    primary_pollutants: tuple[str, ...]
    exceeding_pollutants: tuple[str, ...]
    iaqi: Mapping[str, int] = field(default_factory=dict)
    not_computed: tuple[str, ...] = ()

    @property
    def level_info(self) -> Level | None:
        return None if self.aqi is None else level_of(self.aqi, self.standard)

    @property
    def health_effect(self) -> str | None:
        return None if self.aqi is None else self.level_info.health_effect

    @property
    def advice(self) -> str | None:
        return None if self.aqi is None else self.level_info.advice

    @property
    def sensitive_groups(self) -> Mapping[str, str]:
        """HJ 633-2026 Table 2: the groups at risk from each indicator with IAQI > 100 (none under 2012)."""
        if self.standard is not Standard.HJ_633_2026:
            return {}
        return {
            name: SENSITIVE_GROUPS_2026[O3 if name == O3_8H else name]
            for name, value in self.iaqi.items()
            if value > SENSITIVE_GROUPS_ABOVE_IAQI
        }


# Level number per AQI + 1 (index 0: not computed), for the vectorised path.
_LEVEL_BY_AQI = np.array([0] + [level_number(aqi) for aqi in range(IAQI_STEPS[-1] + 1)], dtype=np.int8)
_NAMES_BY_MASK = tuple(
    tuple(name for name in INDICATORS if mask & _BIT[name]) for mask in range(1 << len(INDICATORS))
)


def names_of(mask: int) -> tuple[str, ...]:
    """Indicator names of a primary/exceeding bit mask, in INDICATORS order."""
    return _NAMES_BY_MASK[mask]


@dataclass(frozen=True)
class AqiArrays:
    """Vectorised results, one row per input row. int16 ``aqi`` and ``iaqi`` values are MISSING (-1) where not
    computed; ``primary``/``exceeding`` are bit masks over INDICATORS (bit i = INDICATORS[i])."""

    kind: Kind
    standard: np.ndarray  # int16: 2012 or 2026
    aqi: np.ndarray
    iaqi: Mapping[str, np.ndarray]
    primary: np.ndarray
    exceeding: np.ndarray

    def __len__(self) -> int:
        return len(self.aqi)

    @property
    def level(self) -> np.ndarray:
        """int8 level 1-6; 0 where AQI is not computed."""
        return _LEVEL_BY_AQI[self.aqi.astype(np.intp) + 1]

    def result(self, row: int) -> AqiResult:
        standard = Standard(int(self.standard[row]))
        indicators = [indicator.name for indicator in PLANS[self.kind, standard]]
        values = {name: int(self.iaqi[name][row]) for name in indicators}
        aqi = int(self.aqi[row])
        level = None if aqi == MISSING else level_of(aqi, standard)
        return AqiResult(
            standard=standard,
            kind=self.kind,
            aqi=None if level is None else aqi,
            level=None if level is None else level.number,
            category=None if level is None else level.category,
            colour=None if level is None else level.colour.hex,
            primary_pollutants=names_of(int(self.primary[row])),
            exceeding_pollutants=names_of(int(self.exceeding[row])),
            iaqi={name: value for name, value in values.items() if value != MISSING},
            not_computed=tuple(name for name, value in values.items() if value == MISSING),
        )


_CHUNK = 1 << 16  # rows per block: keeps the temporaries in cache


def hourly_aqi_arrays(
    *,
    standard: Standard | np.ndarray,
    so2: np.ndarray | None = None,
    no2: np.ndarray | None = None,
    co: np.ndarray | None = None,
    o3: np.ndarray | None = None,
    pm10: np.ndarray | None = None,
    pm2_5: np.ndarray | None = None,
    so2_24h: np.ndarray | None = None,
    options: AqiOptions = DEFAULT_OPTIONS,
) -> AqiArrays:
    """Real-time AQI of many rows: 1-hour SO2, NO2, CO, O3, PM10, PM2.5 (NaN = missing). ``so2_24h``
    serves only HJ 633-2012 note 2. ``standard``: one Standard, or 2012/2026 per row (`standards_for`)."""
    inputs = {"so2": so2, "no2": no2, "co": co, "o3": o3, "pm10": pm10, "pm2_5": pm2_5, "so2_24h": so2_24h}
    return _aqi_arrays(Kind.HOURLY, standard, inputs, options)


def daily_aqi_arrays(
    *,
    standard: Standard | np.ndarray,
    so2: np.ndarray | None = None,
    no2: np.ndarray | None = None,
    co: np.ndarray | None = None,
    pm10: np.ndarray | None = None,
    pm2_5: np.ndarray | None = None,
    o3_8h: np.ndarray | None = None,
    o3_1h_max: np.ndarray | None = None,
    options: AqiOptions = DEFAULT_OPTIONS,
) -> AqiArrays:
    """Daily AQI of many rows: 24-hour means, daily max 8-hour O3 and (2012 only) daily max 1-hour O3."""
    inputs = {
        "so2": so2,
        "no2": no2,
        "co": co,
        "pm10": pm10,
        "pm2_5": pm2_5,
        "o3_8h": o3_8h,
        "o3_1h_max": o3_1h_max,
    }
    return _aqi_arrays(Kind.DAILY, standard, inputs, options)


def hourly_aqi(
    *,
    standard: Standard,
    so2: Number | None = None,
    no2: Number | None = None,
    co: Number | None = None,
    o3: Number | None = None,
    pm10: Number | None = None,
    pm2_5: Number | None = None,
    so2_24h: Number | None = None,
    options: AqiOptions = DEFAULT_OPTIONS,
) -> AqiResult:
    """Real-time (hourly) AQI of one row; None or NaN = missing. See `hourly_aqi_arrays`."""
    values = {"so2": so2, "no2": no2, "co": co, "o3": o3, "pm10": pm10, "pm2_5": pm2_5, "so2_24h": so2_24h}
    return hourly_aqi_arrays(standard=standard, options=options, **_one_row(values)).result(0)


def daily_aqi(
    *,
    standard: Standard,
    so2: Number | None = None,
    no2: Number | None = None,
    co: Number | None = None,
    pm10: Number | None = None,
    pm2_5: Number | None = None,
    o3_8h: Number | None = None,
    o3_1h_max: Number | None = None,
    options: AqiOptions = DEFAULT_OPTIONS,
) -> AqiResult:
    """Daily AQI of one row; None or NaN = missing. See `daily_aqi_arrays`."""
    values = {
        "so2": so2,
        "no2": no2,
        "co": co,
        "pm10": pm10,
        "pm2_5": pm2_5,
        "o3_8h": o3_8h,
        "o3_1h_max": o3_1h_max,
    }
    return daily_aqi_arrays(standard=standard, options=options, **_one_row(values)).result(0)


def _one_row(values: Mapping[str, Number | None]) -> dict[str, np.ndarray]:
    return {name: np.array([np.nan if value is None else float(value)]) for name, value in values.items()}


def _aqi_arrays(
    kind: Kind, standard: Standard | np.ndarray, inputs: Mapping[str, np.ndarray | None], options: AqiOptions
) -> AqiArrays:
    arrays = {
        name: np.asarray(values, dtype=np.float64) for name, values in inputs.items() if values is not None
    }
    lengths = {len(values) for values in arrays.values()}
    if np.ndim(standard) == 0:
        standard = Standard(int(standard))
        codes = None
    else:
        codes = np.asarray(standard, dtype=np.int16)
        lengths.add(len(codes))
    if len(lengths) != 1:
        raise ValueError(f"input arrays differ in length or none given: {sorted(lengths)}")
    for name, values in arrays.items():
        if values.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional")
        if np.any(values < 0) or np.any(np.isinf(values)):
            raise ValueError(f"{name} has a negative or infinite concentration")
    rows = lengths.pop()
    names = list(dict.fromkeys(i.name for plan in PLANS.values() for i in plan))
    if codes is None:
        codes = np.full(rows, standard.value, dtype=np.int16)
    else:
        unknown = set(np.unique(codes).tolist()) - {s.value for s in Standard}
        if unknown:
            raise ValueError(f"unknown standard codes: {sorted(unknown)}")
    out = AqiArrays(
        kind=kind,
        standard=codes,
        aqi=np.full(rows, MISSING, dtype=np.int16),
        iaqi={name: np.full(rows, MISSING, dtype=np.int16) for name in names},
        primary=np.zeros(rows, dtype=np.uint8),
        exceeding=np.zeros(rows, dtype=np.uint8),
    )
    for start in range(0, rows, _CHUNK):
        block = slice(start, start + _CHUNK)
        first = codes[start]
        if np.all(codes[block] == first):  # the usual case: data sorted by time
            _fill(out, kind, Standard(int(first)), arrays, block, options)
            continue
        for each in Standard:
            selected = start + np.flatnonzero(codes[block] == each.value)
            if len(selected):
                _fill(out, kind, each, arrays, selected, options)
    return out


def _fill(
    out: AqiArrays,
    kind: Kind,
    standard: Standard,
    arrays: Mapping[str, np.ndarray],
    where: slice | np.ndarray,
    options: AqiOptions,
) -> None:
    chunk = {name: values[where] for name, values in arrays.items()}
    iaqis = _indicator_iaqis(kind, standard, chunk, len(out.aqi[where]), options)
    aqi, primary, exceeding = _combine(standard, iaqis, options)
    out.aqi[where] = aqi
    out.primary[where] = primary
    out.exceeding[where] = exceeding
    for name, values in iaqis.items():
        out.iaqi[name][where] = values


def _indicator_iaqis(
    kind: Kind, standard: Standard, chunk: Mapping[str, np.ndarray], rows: int, options: AqiOptions
) -> dict[str, np.ndarray]:
    lookups = _LOOKUPS[standard]
    rounds = options.rounds(kind, standard)

    def concentration(source: str, name: str) -> np.ndarray | None:
        values = chunk.get(source)
        if values is None or not rounds:
            return values
        return round_gbt8170_array(values, ROUNDING_PLACES_2026.get(name, 0))

    def raw_iaqi(source: str, name: str, column: str) -> np.ndarray:
        values = concentration(source, name)
        return np.full(rows, MISSING, dtype=np.int16) if values is None else lookups[column](values)

    result = {}
    for indicator in PLANS[kind, standard]:
        lookup = lookups[indicator.column]
        raw = raw_iaqi(indicator.source, indicator.name, indicator.column)
        if indicator.column == "SO2_1H" and standard is Standard.HJ_633_2012:
            fallback = beyond_scale(
                raw_iaqi("so2_24h", SO2, "SO2_24H"), lookups["SO2_24H"], cap=options.cap_above_scale
            )
            result[indicator.name] = so2_from_24h_above_1h_column(raw, lookup, fallback)
        elif indicator.column == "O3_8H" and standard is Standard.HJ_633_2012:
            result[indicator.name] = not_computed_above_column(raw, lookup)
        elif indicator.column in ("SO2_1H", "O3_8H"):
            result[indicator.name] = held_at_column_top(raw, lookup)
        else:
            result[indicator.name] = beyond_scale(raw, lookup, cap=options.cap_above_scale)
    return result


def _combine(
    standard: Standard, iaqis: Mapping[str, np.ndarray], options: AqiOptions
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """AQI = max IAQI; primary and exceeding pollutants; the HJ 633-2026 completeness rule."""
    stacked = np.stack(list(iaqis.values()))
    aqi = stacked.max(axis=0)  # MISSING (-1) loses to any computed IAQI
    if standard is Standard.HJ_633_2026:
        aqi = completeness_2026(aqi, iaqis, options.exempt_from_completeness)
    primary = np.zeros(len(aqi), dtype=np.uint8)
    exceeding = np.zeros(len(aqi), dtype=np.uint8)
    has_primary = aqi > PRIMARY_POLLUTANT_ABOVE_AQI
    for name, values in iaqis.items():
        primary |= ((values == aqi) & has_primary).astype(np.uint8) * np.uint8(_BIT[name])
        if standard is Standard.HJ_633_2012:
            exceeding |= (values > EXCEEDING_ABOVE_IAQI).astype(np.uint8) * np.uint8(_BIT[name])
    return aqi, primary, exceeding


def completeness_2026(aqi: np.ndarray, iaqis: Mapping[str, np.ndarray], exempt: frozenset[str]) -> np.ndarray:
    """HJ 633-2026 5.3.1: with an indicator missing, publish AQI (and so level and primary pollutant)
    only if > 100; 5.3.2: qualifying indicators outside the monitoring plan (``exempt``) are not missing."""
    incomplete = np.zeros(len(aqi), dtype=bool)
    for name, values in iaqis.items():
        if name not in exempt:
            incomplete |= values == MISSING
    return np.where(incomplete & (aqi <= INCOMPLETE_PUBLISHED_ABOVE_AQI), MISSING, aqi).astype(np.int16)
