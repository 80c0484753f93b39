"""Surface-water quality class under GB 3838-2002, evaluated by the 2011 method (环办〔2011〕22号,
《地表水环境质量评价办法（试行）》).

Pure: numpy and the standard library only; no Django, no I/O, no clock. Concentrations in mg/L, faecal
coliforms in 个/L, pH dimensionless, water temperature in °C.

Sources and confidence (shared/domain/standards.md §4, marks A/B/C as defined there):
- GB 3838-2002 Table 1 (24 basic items): B, secondary copies agree (standards.md §4.1; also
  tezngx.com/yggc/43955.htm and qqmaoyi.com/tech_news/detail-396824.html read for this module).
- Table 2 (5 supplementary items for centralised drinking-water sources): standards.md marks it C; the two
  copies above agree on every value, so B here. Still data (`TABLE_2`) a caller may replace.
- Table 3 (80 specific items): only one secondary copy was readable (tezngx.com), and only rows 1-19 and 21-39
  (row 20, 甲苯, and rows 40-80 were cut off). `TABLE_3` holds those 38 rows as the documented default (C); a
  bureau adds or corrects limits by passing its own mapping — an item without a limit is refused, never
  guessed.
- 环办〔2011〕22号 (B unless noted): the section class is the worst class of the 21 evaluated items (Table 1
  without water temperature, total nitrogen and faecal coliforms, which are reported beside it); class →
  status words; the river/basin share method with ≥ 5 sections, the mean-concentration method below that.
- 超标倍数 and 主要污染指标 (C, configurable in `Rules`): for an item worse than the reference class (Class
  III by default), multiple = (C − limit) / limit against the reference class limit; not computed for water
  temperature, pH and DO; the top three by multiple are the main pollutants, written ``总磷(0.6)``.
- Trophic state of lakes and reservoirs: 综合营养状态指数 TLI(Σ) of 中国环境监测总站《湖泊（水库）富营养化评价
  方法及分级技术规定》(总站生字〔2001〕090号), the method the 2011 evaluation method uses for 营养状态评价
  (B: biz.doczj.com/doc/1611920260.html and m.zhuangpeitu.com/p-9056091.html agree on every number).
- Below the detection limit (C): the 2011 method has no rule (环境监测管理与技术 2016(6) lists it as an open
  point); the documented default is half the detection limit, the common practice of monitoring reports
  ("低于检出限的项目，按照1/2检出限值参加计算"); `Rules.below_detection_factor` changes it.

Boundary convention (GB 3838-2002): a value equal to a limit is in that class ("≤" limits; DO is "≥";
pH 6-9 inclusive). Values are exact decimals: the scalar API computes with `Decimal`; the vectorised
`classify_batch` compares binary floats with the float nearest to each decimal limit, which is exact for any
value written with at most 15 significant digits (a CSV value and a limit parse to the same float when
equal, and rounding to the nearest float keeps the order of distinct decimals).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from enum import IntEnum, StrEnum
from fractions import Fraction

import numpy as np

Number = Decimal | float | int


class WaterClass(IntEnum):
    I = 1  # noqa: E741 - the standard's name
    II = 2
    III = 3
    IV = 4
    V = 5
    WORSE_THAN_V = 6  # 劣Ⅴ类

    @property
    def code(self) -> str:
        """ASCII code of the CLI contract (issue 14): I, II, III, IV, V, 劣V."""
        return _CLASS_CODES[self]

    @property
    def label(self) -> str:
        """The class as bulletins write it, with Roman numeral characters: Ⅰ类 … 劣Ⅴ类."""
        return _CLASS_LABELS[self]

    @property
    def status(self) -> Status:
        return STATUS_OF_CLASS[self]


_CLASS_CODES = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "劣V"}
_CLASS_LABELS = {1: "Ⅰ类", 2: "Ⅱ类", 3: "Ⅲ类", 4: "Ⅳ类", 5: "Ⅴ类", 6: "劣Ⅴ类"}
CLASSES_I_TO_V = tuple(WaterClass)[:5]


def parse_class(text: str) -> WaterClass:
    """A class as people write it: I … V / 劣V, Ⅰ … Ⅴ / 劣Ⅴ, with or without 类, or 1 … 5.

    ValueError for anything else."""
    normalised = unicodedata.normalize("NFKC", text).strip().upper().removesuffix("类").strip()
    worse = normalised.startswith("劣")
    core = normalised.removeprefix("劣").strip()
    number = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}.get(core)
    if number is None or (worse and number != 5):
        raise ValueError(text)
    return WaterClass.WORSE_THAN_V if worse else WaterClass(number)


class Status(StrEnum):
    """水质状况 (定性评价), 环办〔2011〕22号: of a section from its class, of a river or basin by
    `basin_status`."""

    EXCELLENT = "优"
    GOOD = "良好"
    LIGHTLY_POLLUTED = "轻度污染"
    MODERATELY_POLLUTED = "中度污染"
    HEAVILY_POLLUTED = "重度污染"


# 环办〔2011〕22号, 断面水质定性评价: Ⅰ-Ⅱ 优, Ⅲ 良好, Ⅳ 轻度污染, Ⅴ 中度污染, 劣Ⅴ 重度污染.
STATUS_OF_CLASS: Mapping[int, Status] = {
    1: Status.EXCELLENT,
    2: Status.EXCELLENT,
    3: Status.GOOD,
    4: Status.LIGHTLY_POLLUTED,
    5: Status.MODERATELY_POLLUTED,
    6: Status.HEAVILY_POLLUTED,
}


class WaterBody(StrEnum):
    RIVER = "river"  # 河流
    LAKE = "lake"  # 湖泊、水库


def parse_water_body(text: str) -> WaterBody:
    """river / lake, or in Chinese 河流 / 湖泊 / 水库 / 湖库 (ValueError else)."""
    key = unicodedata.normalize("NFKC", text).strip().lower()
    found = _WATER_BODY_WORDS.get(key)
    if found is None:
        raise ValueError(text)
    return found


_WATER_BODY_WORDS = {
    "river": WaterBody.RIVER,
    "河流": WaterBody.RIVER,
    "河": WaterBody.RIVER,
    "lake": WaterBody.LAKE,
    "reservoir": WaterBody.LAKE,
    "湖泊": WaterBody.LAKE,
    "水库": WaterBody.LAKE,
    "湖库": WaterBody.LAKE,
    "湖": WaterBody.LAKE,
    "库": WaterBody.LAKE,
}


class Direction(StrEnum):
    AT_MOST = "≤"  # the class limit is an upper limit
    AT_LEAST = "≥"  # dissolved oxygen
    RANGE = "range"  # pH: 6-9 in every class
    NONE = "none"  # water temperature: a limit on man-made change, not a class


def _limits(*texts: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(text) for text in texts)


@dataclass(frozen=True)
class Item:
    """One row of GB 3838-2002 Table 1."""

    code: str  # CLI column name (issue 14 contract)
    name: str  # the standard's Chinese name
    number: int  # row number in Table 1
    unit: str
    direction: Direction
    limits: tuple[Decimal, ...] = ()  # Classes I..V
    lake_limits: tuple[Decimal, ...] = ()  # lakes and reservoirs, where the standard gives other numbers
    in_class: bool = True  # one of the 21 items of the section class (环办〔2011〕22号)
    has_multiple: bool = True  # 超标倍数 computed (not for water temperature, pH, DO)
    aliases: tuple[str, ...] = ()

    def limits_for(self, body: WaterBody) -> tuple[Decimal, ...]:
        return self.lake_limits if body is WaterBody.LAKE and self.lake_limits else self.limits


# GB 3838-2002 Table 1, "地表水环境质量标准基本项目标准限值" (mg/L unless noted), in the standard's row order.
# Row 3: Class I is "饱和率90%（或7.5）"; concentrations arrive in mg/L, so 7.5 is used.
# Row 8: total phosphorus, lakes and reservoirs in brackets.  Row 9: total nitrogen is given "(湖、库)".
PH_RANGE = (Decimal(6), Decimal(9))
TABLE_1: tuple[Item, ...] = (
    Item("temp", "水温", 1, "℃", Direction.NONE, in_class=False, has_multiple=False, aliases=("水温(℃)",)),
    Item("ph", "pH值", 2, "无量纲", Direction.RANGE, has_multiple=False, aliases=("pH", "PH")),
    Item(
        "do", "溶解氧", 3, "mg/L", Direction.AT_LEAST, _limits("7.5", "6", "5", "3", "2"), has_multiple=False,
        aliases=("DO",),
    ),
    Item(
        "codmn", "高锰酸盐指数", 4, "mg/L", Direction.AT_MOST, _limits("2", "4", "6", "10", "15"),
        aliases=("CODMn",),
    ),
    Item(
        "cod", "化学需氧量", 5, "mg/L", Direction.AT_MOST, _limits("15", "15", "20", "30", "40"),
        aliases=("COD", "CODCr", "化学需氧量(COD)"),
    ),
    Item(
        "bod5", "五日生化需氧量", 6, "mg/L", Direction.AT_MOST, _limits("3", "3", "4", "6", "10"),
        aliases=("BOD5", "五日生化需氧量(BOD5)"),
    ),
    Item(
        "nh3_n", "氨氮", 7, "mg/L", Direction.AT_MOST, _limits("0.15", "0.5", "1.0", "1.5", "2.0"),
        aliases=("NH3-N", "氨氮(NH3-N)"),
    ),
    Item(
        "tp", "总磷", 8, "mg/L", Direction.AT_MOST, _limits("0.02", "0.1", "0.2", "0.3", "0.4"),
        lake_limits=_limits("0.01", "0.025", "0.05", "0.1", "0.2"), aliases=("TP", "总磷(以P计)"),
    ),
    Item(
        "tn", "总氮", 9, "mg/L", Direction.AT_MOST, _limits("0.2", "0.5", "1.0", "1.5", "2.0"),
        in_class=False, aliases=("TN", "总氮(以N计)"),
    ),
    Item("cu", "铜", 10, "mg/L", Direction.AT_MOST, _limits("0.01", "1.0", "1.0", "1.0", "1.0")),
    Item("zn", "锌", 11, "mg/L", Direction.AT_MOST, _limits("0.05", "1.0", "1.0", "2.0", "2.0")),
    Item(
        "fluoride", "氟化物", 12, "mg/L", Direction.AT_MOST, _limits("1.0", "1.0", "1.0", "1.5", "1.5"),
        aliases=("氟化物(以F-计)",),
    ),
    Item("se", "硒", 13, "mg/L", Direction.AT_MOST, _limits("0.01", "0.01", "0.01", "0.02", "0.02")),
    Item("as", "砷", 14, "mg/L", Direction.AT_MOST, _limits("0.05", "0.05", "0.05", "0.1", "0.1")),
    Item("hg", "汞", 15, "mg/L", Direction.AT_MOST, _limits("0.00005", "0.00005", "0.0001", "0.001", "0.001")),  # noqa: E501
    Item("cd", "镉", 16, "mg/L", Direction.AT_MOST, _limits("0.001", "0.005", "0.005", "0.005", "0.01")),
    Item(
        "cr6", "铬(六价)", 17, "mg/L", Direction.AT_MOST, _limits("0.01", "0.05", "0.05", "0.05", "0.1"),
        aliases=("六价铬", "铬（六价）"),
    ),
    Item("pb", "铅", 18, "mg/L", Direction.AT_MOST, _limits("0.01", "0.01", "0.05", "0.05", "0.1")),
    Item("cn", "氰化物", 19, "mg/L", Direction.AT_MOST, _limits("0.005", "0.05", "0.2", "0.2", "0.2")),
    Item(
        "volatile_phenol", "挥发酚", 20, "mg/L", Direction.AT_MOST,
        _limits("0.002", "0.002", "0.005", "0.01", "0.1"),
    ),
    Item("petroleum", "石油类", 21, "mg/L", Direction.AT_MOST, _limits("0.05", "0.05", "0.05", "0.5", "1.0")),
    Item(
        "las", "阴离子表面活性剂", 22, "mg/L", Direction.AT_MOST, _limits("0.2", "0.2", "0.2", "0.3", "0.3"),
    ),
    Item("sulfide", "硫化物", 23, "mg/L", Direction.AT_MOST, _limits("0.05", "0.1", "0.2", "0.5", "1.0")),
    Item(
        "fecal_coliform", "粪大肠菌群", 24, "个/L", Direction.AT_MOST,
        _limits("200", "2000", "10000", "20000", "40000"), in_class=False, aliases=("粪大肠菌群(个/L)",),
    ),
)  # fmt: skip
ITEMS: Mapping[str, Item] = {item.code: item for item in TABLE_1}
# 环办〔2011〕22号 水质评价指标: the 21 items of the section class, in Table 1 order.
EVALUATED_ITEMS: tuple[Item, ...] = tuple(item for item in TABLE_1 if item.in_class)
# Classified and reported beside the section class, not in it.
REFERENCE_ITEMS: tuple[Item, ...] = tuple(
    item for item in TABLE_1 if item.direction is not Direction.NONE and not item.in_class
)


@dataclass(frozen=True)
class SourceItem:
    """One row of GB 3838-2002 Table 2 or Table 3: a single limit for drinking-water sources."""

    code: str
    name: str
    table: int
    number: int
    limit: Decimal
    aliases: tuple[str, ...] = ()


# GB 3838-2002 Table 2, 集中式生活饮用水地表水源地补充项目标准限值 (mg/L).
TABLE_2: tuple[SourceItem, ...] = (
    SourceItem("sulfate", "硫酸盐", 2, 1, Decimal("250"), ("硫酸盐(以SO42-计)",)),
    SourceItem("chloride", "氯化物", 2, 2, Decimal("250"), ("氯化物(以Cl-计)",)),
    SourceItem("nitrate", "硝酸盐", 2, 3, Decimal("10"), ("硝酸盐(以N计)",)),
    SourceItem("fe", "铁", 2, 4, Decimal("0.3")),
    SourceItem("mn", "锰", 2, 5, Decimal("0.1")),
)

# GB 3838-2002 Table 3, 集中式生活饮用水地表水源地特定项目标准限值 (mg/L), rows 1-19 and 21-39 as read in the
# one readable copy (C, see the module docstring). Codes are "t3_" + the row number.
_TABLE_3_ROWS = (
    (1, "三氯甲烷", "0.06"), (2, "四氯化碳", "0.002"), (3, "三溴甲烷", "0.1"), (4, "二氯甲烷", "0.02"),
    (5, "1,2-二氯乙烷", "0.03"), (6, "环氧氯丙烷", "0.02"), (7, "氯乙烯", "0.005"),
    (8, "1,1-二氯乙烯", "0.03"), (9, "1,2-二氯乙烯", "0.05"), (10, "三氯乙烯", "0.07"),
    (11, "四氯乙烯", "0.04"), (12, "氯丁二烯", "0.002"), (13, "六氯丁二烯", "0.0006"),
    (14, "苯乙烯", "0.02"), (15, "甲醛", "0.9"), (16, "乙醛", "0.05"), (17, "丙烯醛", "0.1"),
    (18, "三氯乙醛", "0.01"), (19, "苯", "0.01"), (21, "乙苯", "0.3"), (22, "二甲苯", "0.5"),
    (23, "异丙苯", "0.25"), (24, "氯苯", "0.3"), (25, "1,2-二氯苯", "1.0"), (26, "1,4-二氯苯", "0.3"),
    (27, "三氯苯", "0.02"), (28, "四氯苯", "0.02"), (29, "六氯苯", "0.05"), (30, "硝基苯", "0.017"),
    (31, "二硝基苯", "0.5"), (32, "2,4-二硝基甲苯", "0.0003"), (33, "2,4,6-三硝基甲苯", "0.5"),
    (34, "硝基氯苯", "0.05"), (35, "2,4-二硝基氯苯", "0.5"), (36, "2,4-二氯苯酚", "0.093"),
    (37, "2,4,6-三氯苯酚", "0.2"), (38, "五氯酚", "0.009"), (39, "苯胺", "0.1"),
)  # fmt: skip
TABLE_3: tuple[SourceItem, ...] = tuple(
    SourceItem(f"t3_{number:02d}", name, 3, number, Decimal(limit)) for number, name, limit in _TABLE_3_ROWS
)
SOURCE_ITEMS: dict[str, SourceItem] = {item.code: item for item in (*TABLE_2, *TABLE_3)}
TABLE_3_ROWS = 80


def table_3_items(text: str) -> list[SourceItem]:
    """Table 3 rows a bureau supplies from its copy of GB 3838-2002 (the site's WATER_TABLE_3_FILE): CSV
    text, header line `序号,项目,标准限值` (row number 1-80, Chinese name, limit in mg/L > 0), one row a
    line. A ValueError names the first bad line (header = line 1). Nothing is guessed: a row not given
    keeps the default (rows 1-19, 21-39) or stays unknown (row 20, rows 40-80)."""
    import csv
    import io

    items: list[SourceItem] = []
    seen: set[int] = set()
    for line, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), 1):
        if line == 1 or not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            raise ValueError(f"line {line}: expected 序号,项目,标准限值")
        number_text, name, limit_text = (unicodedata.normalize("NFKC", cell).strip() for cell in row[:3])
        try:
            number, limit = int(number_text), Decimal(limit_text)
        except (ValueError, InvalidOperation):
            raise ValueError(f"line {line}: row number and limit must be numbers") from None
        if not 1 <= number <= TABLE_3_ROWS or number in seen:
            raise ValueError(f"line {line}: row number {number} is not 1-{TABLE_3_ROWS} or repeats")
        if not name or not limit.is_finite() or limit <= 0:
            raise ValueError(f"line {line}: a name and a limit above 0 are needed")
        seen.add(number)
        items.append(SourceItem(f"t3_{number:02d}", name, 3, number, limit))
    return items


def add_source_items(items: Iterable[SourceItem]) -> None:
    """Add or replace Table 2/3 rows (by code) for `source_compliance` and the column names of imports."""
    for item in items:
        old = SOURCE_ITEMS.get(item.code)
        if old is not None:
            for text in (old.code, old.name, *old.aliases):
                if _ITEM_WORDS.get(_word(text)) is old:
                    del _ITEM_WORDS[_word(text)]
        SOURCE_ITEMS[item.code] = item
        for text in (item.code, item.name, *item.aliases):
            _ITEM_WORDS.setdefault(_word(text), item)


def item_by_name(text: str) -> Item | SourceItem | None:
    """The item a column header names: its code, its Chinese name or an alias (NFKC, case-insensitive)."""
    return _ITEM_WORDS.get(_word(text))


def _word(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")


_ITEM_WORDS: dict[str, Item | SourceItem] = {}
for _item in (*TABLE_1, *TABLE_2, *TABLE_3):
    for _text in (_item.code, _item.name, *_item.aliases):
        _ITEM_WORDS.setdefault(_word(_text), _item)


# ------------------------------------------------------------------------------------------------------
# Configuration: what the sources leave open (C), with the documented defaults.


class Ranking(StrEnum):
    """How main pollutants are ordered."""

    MULTIPLE = "multiple"  # by 超标倍数, largest first (standards.md §4.2; issue 14) — the default
    CLASS_THEN_MULTIPLE = (
        "class_then_multiple"  # worst class first, 超标倍数 within a class (a reported variant)
    )


@dataclass(frozen=True)
class Rules:
    # Below the detection limit, a value counts as factor × the detection limit (C; default one half).
    below_detection_factor: Decimal = Decimal("0.5")
    # 超标倍数 and main pollutants are taken against this class's limit (C; Class III).
    reference_class: WaterClass = WaterClass.III
    main_pollutant_count: int = 3
    # Decimal places of a printed 超标倍数, rounded per GB/T 8170 (half to even); bulletins print one.
    multiple_places: int = 1
    ranking: Ranking = Ranking.MULTIPLE
    # pH and DO worse than the reference class have no multiple; listed after the items with one.
    list_items_without_multiple: bool = True
    # Lakes: total nitrogen is evaluated separately (环办〔2011〕22号); True counts it in the class.
    lake_total_nitrogen_in_class: bool = False
    # Rivers and basins with at least this many sections use the share method, else mean concentrations.
    basin_share_min_sections: int = 5
    # Decimal places of the published TLI(Σ); the trophic grade is read from the published value.
    tli_places: int = 1

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.below_detection_factor <= Decimal(1):
            raise ValueError("below_detection_factor must lie in [0, 1]")
        if self.reference_class is WaterClass.WORSE_THAN_V:
            raise ValueError("reference_class must be I..V")
        if self.main_pollutant_count < 0 or self.multiple_places < 0 or self.basin_share_min_sections < 1:
            raise ValueError("counts must be non-negative")

    def items_in_class(self, body: WaterBody) -> tuple[Item, ...]:
        if body is WaterBody.LAKE and self.lake_total_nitrogen_in_class:
            return tuple(item for item in TABLE_1 if item.in_class or item.code == "tn")
        return EVALUATED_ITEMS


RULES = Rules()


# ------------------------------------------------------------------------------------------------------
# Measurements


@dataclass(frozen=True)
class Measurement:
    """A reported value; below the detection limit it holds that limit (reported "<0.01" or "0.01L")."""

    value: Decimal
    below_detection: bool = False

    def effective(self, rules: Rules = RULES) -> Decimal:
        """The value that enters classifications and means (below detection: factor × the limit)."""
        return self.value * rules.below_detection_factor if self.below_detection else self.value

    def __str__(self) -> str:
        return f"<{self.value}" if self.below_detection else str(self.value)


class BadValue(ValueError):
    """A cell that is not a measurement; ``reason`` is Chinese, fit for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_measurement(text: str) -> Measurement | None:
    """A cell as monitoring reports write it: "0.12", "<0.01" / "＜0.01", "0.01L" (below the detection limit
    0.01); empty = not measured (None). "ND" or "未检出" without the limit is refused: the limit is needed."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    below = False
    if cleaned[0] == "<":
        below, cleaned = True, cleaned[1:].strip()
    elif cleaned[-1] in "Ll":
        below, cleaned = True, cleaned[:-1].strip()
    if cleaned.upper() in ("ND", "未检出", "N.D."):
        raise BadValue("未检出须注明检出限，如“<0.01”或“0.01L”")
    number = _decimal(cleaned)
    if number is None:
        raise BadValue(f"“{text.strip()}”不是数字")
    if number < 0:
        raise BadValue(f"“{text.strip()}”为负数")
    if below and number == 0:
        raise BadValue("检出限须大于0")
    return Measurement(number, below)


def _decimal(text: str) -> Decimal | None:
    if not text or any(c not in "0123456789.eE+-" for c in text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def to_decimal(value: Number | Measurement, rules: Rules = RULES) -> Decimal:
    """A value as an exact decimal: a float stands for the decimal it prints as (``repr``)."""
    if isinstance(value, Measurement):
        return value.effective(rules)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        raise TypeError("a measurement, not a bool")
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        number = Decimal(repr(value))
    else:
        raise TypeError(f"not a number: {value!r}")
    if not number.is_finite() or number < 0:
        raise ValueError("a measurement is a finite non-negative number")
    return number


# ------------------------------------------------------------------------------------------------------
# Single-factor classification


def class_of(
    item: Item, value: Number | Measurement, body: WaterBody = WaterBody.RIVER, rules: Rules = RULES
) -> WaterClass:
    """The best class whose limit the value meets (GB 3838-2002 Table 1; a value on a limit meets it)."""
    number = to_decimal(value, rules)
    if item.direction is Direction.RANGE:
        low, high = PH_RANGE
        return WaterClass.I if low <= number <= high else WaterClass.WORSE_THAN_V
    if item.direction is Direction.NONE:
        raise ValueError(f"{item.name} has no class (GB 3838-2002 Table 1 limits man-made change only)")
    meets = (
        (lambda limit: number <= limit)
        if item.direction is Direction.AT_MOST
        else (lambda limit: number >= limit)
    )
    for water_class, limit in zip(CLASSES_I_TO_V, item.limits_for(body), strict=True):
        if meets(limit):
            return water_class
    return WaterClass.WORSE_THAN_V


def exceedance_multiple(value: Decimal, limit: Decimal) -> Decimal:
    """超标倍数 = (C − S) / S, exact (before rounding for print)."""
    return (value - limit) / limit


def round_multiple(multiple: Decimal, places: int) -> Decimal:
    """GB/T 8170 rounding (四舍六入五成双) of an exact decimal to ``places`` decimals."""
    return multiple.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Pollutant:
    code: str
    name: str
    water_class: WaterClass | None  # None for Table 2/3 items, which have one limit and no class
    multiple: Decimal | None  # exact; None for pH and DO

    def text(self, places: int = RULES.multiple_places) -> str:
        """As bulletins write it: 总磷(0.6); pH and DO by name only."""
        if self.multiple is None:
            return self.name
        return f"{self.name}({round_multiple(self.multiple, places)})"


@dataclass(frozen=True)
class Evaluation:
    water_class: WaterClass | None  # None: none of the evaluated items was measured
    item_classes: Mapping[str, WaterClass]  # every measured item with a class, reference items included
    main_pollutants: tuple[Pollutant, ...]
    target_class: WaterClass | None = None
    rules: Rules = field(default=RULES, repr=False)

    @property
    def status(self) -> Status | None:
        return None if self.water_class is None else self.water_class.status

    @property
    def meets_target(self) -> bool | None:
        if self.target_class is None or self.water_class is None:
            return None
        return self.water_class <= self.target_class

    def main_pollutants_text(self, separator: str = ";") -> str:
        return separator.join(p.text(self.rules.multiple_places) for p in self.main_pollutants)


def evaluate(
    sample: Mapping[str, Number | Measurement | None],
    body: WaterBody = WaterBody.RIVER,
    *,
    target_class: WaterClass | None = None,
    rules: Rules = RULES,
) -> Evaluation:
    """Section class by the single-factor method (环办〔2011〕22号): the worst class of the evaluated items
    measured; reference items (total nitrogen, faecal coliforms) are classified beside it. Keys are item codes
    of Table 1; None means not measured; an unknown key is a ValueError (a typo must not pass silently)."""
    unknown = [key for key in sample if key not in ITEMS]
    if unknown:
        raise ValueError(f"unknown item codes: {', '.join(sorted(unknown))}")
    in_class = rules.items_in_class(body)
    values: dict[str, Decimal] = {}
    classes: dict[str, WaterClass] = {}
    for item in TABLE_1:
        raw = sample.get(item.code)
        if raw is None or item.direction is Direction.NONE:
            continue
        values[item.code] = to_decimal(raw, rules)
        classes[item.code] = class_of(item, values[item.code], body, rules)
    counted = [classes[item.code] for item in in_class if item.code in classes]
    water_class = max(counted) if counted else None
    pollutants = main_pollutants(values, classes, body, rules) if water_class else ()
    return Evaluation(water_class, classes, pollutants, target_class, rules)


def main_pollutants(
    values: Mapping[str, Decimal], classes: Mapping[str, WaterClass], body: WaterBody, rules: Rules = RULES
) -> tuple[Pollutant, ...]:
    """主要污染指标: evaluated items worse than the reference class, ranked per `Rules.ranking`, at most
    `Rules.main_pollutant_count`; ties keep Table 1 order. 超标倍数 against the reference class limit."""
    reference = rules.reference_class
    found: list[tuple[int, Pollutant]] = []
    for position, item in enumerate(rules.items_in_class(body)):
        water_class = classes.get(item.code)
        if water_class is None or water_class <= reference:
            continue
        multiple = None
        if item.has_multiple:
            multiple = exceedance_multiple(values[item.code], item.limits_for(body)[reference - 1])
        elif not rules.list_items_without_multiple:
            continue
        found.append((position, Pollutant(item.code, item.name, water_class, multiple)))
    key = _multiple_first if rules.ranking is Ranking.MULTIPLE else _class_first
    found.sort(key=key)
    return tuple(pollutant for _, pollutant in found[: rules.main_pollutant_count])


def _multiple_first(entry: tuple[int, Pollutant]) -> tuple:
    position, pollutant = entry
    if pollutant.multiple is None:
        return (1, -pollutant.water_class, Decimal(0), position)
    return (0, 0, -pollutant.multiple, position)


def _class_first(entry: tuple[int, Pollutant]) -> tuple:
    position, pollutant = entry
    has = pollutant.multiple is not None
    return (-pollutant.water_class, 0 if has else 1, -(pollutant.multiple or Decimal(0)), position)


def status_of(water_class: WaterClass | None) -> Status | None:
    return None if water_class is None else STATUS_OF_CLASS[water_class]


# ------------------------------------------------------------------------------------------------------
# Rivers and basins (水系): share of sections by class, or mean concentrations below the section count.


@dataclass(frozen=True)
class BasinResult:
    status: Status
    method: str  # "share" (断面水质类别比例法) or "mean" (断面平均浓度单因子法)
    share_i_to_iii: Fraction | None = None
    share_worse_than_v: Fraction | None = None
    water_class: WaterClass | None = None  # for the mean method


# 环办〔2011〕22号 (standards.md §4.2, B): I-III ≥ 90 % 优; 75 % ≤ I-III < 90 % 良好; I-III < 75 % and
# 劣V < 20 % 轻度污染; 20 % ≤ 劣V < 40 % 中度污染; 劣V ≥ 40 % 重度污染.
SHARE_EXCELLENT = Fraction(90, 100)
SHARE_GOOD = Fraction(75, 100)
SHARE_WORSE_LIGHT = Fraction(20, 100)
SHARE_WORSE_MODERATE = Fraction(40, 100)


def status_by_share(classes: Sequence[WaterClass]) -> BasinResult:
    """断面水质类别比例法 over the sections' classes (exact fractions, a share on a threshold meets it)."""
    if not classes:
        raise ValueError("no sections")
    good = Fraction(sum(1 for c in classes if c <= WaterClass.III), len(classes))
    worst = Fraction(sum(1 for c in classes if c is WaterClass.WORSE_THAN_V), len(classes))
    if good >= SHARE_EXCELLENT:
        status = Status.EXCELLENT
    elif good >= SHARE_GOOD:
        status = Status.GOOD
    elif worst < SHARE_WORSE_LIGHT:
        status = Status.LIGHTLY_POLLUTED
    elif worst < SHARE_WORSE_MODERATE:
        status = Status.MODERATELY_POLLUTED
    else:
        status = Status.HEAVILY_POLLUTED
    return BasinResult(status, "share", good, worst)


def basin_status(
    sections: Sequence[Mapping[str, Number | Measurement | None]],
    body: WaterBody = WaterBody.RIVER,
    rules: Rules = RULES,
) -> BasinResult:
    """A river or basin: with at least `Rules.basin_share_min_sections` sections (C: the 2011 text is cited as
    "≥5", one local page says "大于5") the share method over each section's class; with fewer, the mean of
    each item over the sections, classified by the single-factor method."""
    if not sections:
        raise ValueError("no sections")
    if len(sections) >= rules.basin_share_min_sections:
        classes = [evaluate(section, body, rules=rules).water_class for section in sections]
        if any(c is None for c in classes):
            raise ValueError("a section has no evaluated item")
        return status_by_share(classes)  # type: ignore[arg-type]
    means = period_mean(sections, rules)
    evaluation = evaluate(means, body, rules=rules)
    if evaluation.water_class is None:
        raise ValueError("no evaluated item measured")
    return BasinResult(evaluation.water_class.status, "mean", water_class=evaluation.water_class)


# ------------------------------------------------------------------------------------------------------
# Means: month = mean of the month's measurements; quarter and year = mean of the monthly values (C).


def mean_of(values: Iterable[Number | Measurement | None], rules: Rules = RULES) -> Decimal | None:
    """Arithmetic mean of the measured values (below detection as `Measurement.effective`); None if none."""
    numbers = [to_decimal(value, rules) for value in values if value is not None]
    if not numbers:
        return None
    return sum(numbers, Decimal(0)) / len(numbers)


def period_mean(
    samples: Iterable[Mapping[str, Number | Measurement | None]], rules: Rules = RULES
) -> dict[str, Decimal]:
    """Per item, the mean of the samples that measured it (a monthly value from the month's samples, an
    annual value from the monthly values). Items nobody measured are absent."""
    collected: dict[str, list[Number | Measurement]] = {}
    for sample in samples:
        for code, value in sample.items():
            if value is not None:
                collected.setdefault(code, []).append(value)
    return {code: mean for code, values in collected.items() if (mean := mean_of(values, rules)) is not None}


# ------------------------------------------------------------------------------------------------------
# Trophic state of lakes and reservoirs: 综合营养状态指数 TLI(Σ) (总站生字〔2001〕090号).


class TrophicState(StrEnum):
    OLIGOTROPHIC = "贫营养"
    MESOTROPHIC = "中营养"
    LIGHT_EUTROPHIC = "轻度富营养"
    MIDDLE_EUTROPHIC = "中度富营养"
    HYPER_EUTROPHIC = "重度富营养"


# TLI(j) = 10 × (a + b × ln C_j); chlorophyll a in mg/m³, transparency (SD) in m, the others mg/L.
TLI_COEFFICIENTS: Mapping[str, tuple[float, float]] = {
    "chla": (2.5, 1.086),
    "tp": (9.436, 1.624),
    "tn": (5.453, 1.694),
    "sd": (5.118, -1.94),
    "codmn": (0.109, 2.661),
}
# r_ij with chlorophyll a (金相灿《中国湖泊环境》, 26 lakes);
# weights W_j = r_ij² / Σ r_ij² over the parameters used.
TLI_CORRELATION: Mapping[str, float] = {"chla": 1.0, "tp": 0.84, "tn": 0.82, "sd": -0.83, "codmn": 0.83}
# Grades: TLI < 30 贫营养; 30 ≤ TLI ≤ 50 中营养; 50 < TLI ≤ 60 轻度富营养; 60 < TLI ≤ 70 中度; TLI > 70 重度.
TLI_OLIGOTROPHIC_BELOW = 30
TLI_MESOTROPHIC_UP_TO = 50
TLI_LIGHT_UP_TO = 60
TLI_MIDDLE_UP_TO = 70


@dataclass(frozen=True)
class TrophicResult:
    index: Decimal  # TLI(Σ), rounded to Rules.tli_places
    state: TrophicState
    partial: Mapping[str, float]  # TLI(j) per parameter, unrounded


def tli_weights(parameters: Iterable[str]) -> dict[str, float]:
    used = list(parameters)
    total = sum(TLI_CORRELATION[p] ** 2 for p in used)
    return {p: TLI_CORRELATION[p] ** 2 / total for p in used}


def trophic_state(index: Number) -> TrophicState:
    value = to_decimal(index) if not isinstance(index, Decimal) else index
    if value < TLI_OLIGOTROPHIC_BELOW:
        return TrophicState.OLIGOTROPHIC
    if value <= TLI_MESOTROPHIC_UP_TO:
        return TrophicState.MESOTROPHIC
    if value <= TLI_LIGHT_UP_TO:
        return TrophicState.LIGHT_EUTROPHIC
    if value <= TLI_MIDDLE_UP_TO:
        return TrophicState.MIDDLE_EUTROPHIC
    return TrophicState.HYPER_EUTROPHIC


def trophic_level_index(
    values: Mapping[str, Number | Measurement | None], rules: Rules = RULES
) -> TrophicResult:
    """TLI(Σ) = Σ W_j × TLI(j) over the parameters given (chla, tp, tn, sd, codmn; the method uses all five).
    The grade is read from the published (rounded) index, so that a reader can check it."""
    unknown = set(values) - set(TLI_COEFFICIENTS)
    if unknown:
        raise ValueError(f"unknown TLI parameters: {', '.join(sorted(unknown))}")
    given = {p: float(to_decimal(v, rules)) for p, v in values.items() if v is not None}
    if not given:
        raise ValueError("no TLI parameter")
    if any(v <= 0 for v in given.values()):
        raise ValueError("TLI parameters must be positive (logarithm)")
    partial = {p: 10 * (a + b * math.log(given[p])) for p, (a, b) in TLI_COEFFICIENTS.items() if p in given}
    weights = tli_weights(partial)
    total = sum(weights[p] * partial[p] for p in partial)
    index = Decimal(repr(total)).quantize(Decimal(1).scaleb(-rules.tli_places), rounding=ROUND_HALF_EVEN)
    return TrophicResult(index, trophic_state(index), partial)


# ------------------------------------------------------------------------------------------------------
# Centralised drinking-water sources: Class III for the basic items, Tables 2 and 3 for the others.


@dataclass(frozen=True)
class SourceResult:
    complies: bool | None  # 达标; None when nothing was measured
    basic_class: WaterClass | None
    failing: tuple[Pollutant, ...]  # every item above its limit, basic items first, Table order


DRINKING_WATER_CLASS = (
    WaterClass.III
)  # standards.md §4.2 (Yunnan bulletin): surface sources against Class III


def source_compliance(
    sample: Mapping[str, Number | Measurement | None],
    *,
    limits: Mapping[str, Decimal] | None = None,
    body: WaterBody = WaterBody.RIVER,
    rules: Rules = RULES,
) -> SourceResult:
    """达标 of a surface drinking-water source: the 21 evaluated basic items meet Class III and every
    Table 2 / Table 3 item measured meets its limit. ``limits`` overrides or adds Table 2/3 limits by
    item code; an item without a known limit is a ValueError."""
    table_limits = {code: item.limit for code, item in SOURCE_ITEMS.items()}
    table_limits.update(limits or {})
    basic = {code: value for code, value in sample.items() if code in ITEMS}
    others = {code: value for code, value in sample.items() if code not in ITEMS and value is not None}
    missing = [code for code in others if code not in table_limits]
    if missing:
        raise ValueError(f"no limit for: {', '.join(sorted(missing))}")
    evaluation = evaluate(basic, body, rules=rules)
    failing: list[Pollutant] = []
    reference = DRINKING_WATER_CLASS
    for item in rules.items_in_class(body):
        water_class = evaluation.item_classes.get(item.code)
        if water_class is not None and water_class > reference:
            multiple = None
            if item.has_multiple:
                multiple = exceedance_multiple(
                    to_decimal(basic[item.code], rules), item.limits_for(body)[reference - 1]
                )
            failing.append(Pollutant(item.code, item.name, water_class, multiple))
    ordered = sorted(others, key=lambda code: _source_order(code))
    for code in ordered:
        value, limit = to_decimal(others[code], rules), table_limits[code]
        if value > limit:
            name = SOURCE_ITEMS[code].name if code in SOURCE_ITEMS else code
            failing.append(Pollutant(code, name, None, exceedance_multiple(value, limit)))
    measured = evaluation.water_class is not None or bool(others)
    return SourceResult(
        measured and not failing if measured else None, evaluation.water_class, tuple(failing)
    )


def _source_order(code: str) -> tuple[int, int, str]:
    item = SOURCE_ITEMS.get(code)
    return (item.table, item.number, code) if item else (9, 0, code)


def compliance_rate(results: Iterable[bool]) -> Fraction | None:
    """达标率: compliant sources ÷ sources assessed (None when none)."""
    flags = list(results)
    return Fraction(sum(flags), len(flags)) if flags else None


def volume_compliance_rate(results: Iterable[tuple[bool, Number]]) -> Fraction | None:
    """取水量达标率 (C, common in bulletins): water drawn from compliant sources ÷ all water drawn."""
    total = compliant = Fraction(0)
    for complies, volume in results:
        amount = Fraction(to_decimal(volume))
        total += amount
        if complies:
            compliant += amount
    return compliant / total if total else None


# ------------------------------------------------------------------------------------------------------
# Vectorised engine: the same rules over numpy columns (NaN = not measured), for files and benchmarks.

NOT_CLASSIFIED = 0  # class code of "not measured" / "no evaluated item"


@dataclass(frozen=True)
class Batch:
    items: tuple[Item, ...]  # the evaluated items, column order of ``classes``
    classes: np.ndarray  # (n, len(items)) int8 class per item, 0 = not measured
    water_class: np.ndarray  # (n,) int8 section class, 0 = none
    main: np.ndarray  # (n, main_pollutant_count) int8 column indices into ``items``, -1 = none
    meets_target: np.ndarray  # (n,) int8: 1 meets, 0 misses, -1 no target or no class


def _class_column(item: Item, values: np.ndarray, lake: np.ndarray) -> np.ndarray:
    if item.direction is Direction.RANGE:
        low, high = (float(x) for x in PH_RANGE)
        result = np.where((values >= low) & (values <= high), 1, 6).astype(np.int8)
    else:
        result = _class_by_limits(values, item.limits, item.direction)
        if item.lake_limits:
            result = np.where(
                lake, _class_by_limits(values, item.lake_limits, item.direction), result
            ).astype(np.int8)
    result[np.isnan(values)] = NOT_CLASSIFIED
    return result


def _class_by_limits(values: np.ndarray, limits: Sequence[Decimal], direction: Direction) -> np.ndarray:
    result = np.ones(values.shape, dtype=np.int8)
    for limit in limits:  # one more class for every limit missed; limits are monotone, so this counts them
        result += (values > float(limit)) if direction is Direction.AT_MOST else (values < float(limit))
    return result


def classify_batch(
    values: Mapping[str, np.ndarray],
    lake: np.ndarray | bool = False,
    target: np.ndarray | None = None,
    rules: Rules = RULES,
) -> Batch:
    """`evaluate` over columns: ``values`` maps item codes to float arrays (NaN = not measured;
    below-detection values already replaced by their effective value), ``lake`` is a bool per row,
    ``target`` an int class per row (0 = none). Items not given count as not measured."""
    unknown = set(values) - set(ITEMS)
    if unknown:
        raise ValueError(f"unknown item codes: {', '.join(sorted(unknown))}")
    length = len(next(iter(values.values()))) if values else 0
    lake_rows = np.broadcast_to(np.asarray(lake, dtype=bool), (length,))
    items = list(EVALUATED_ITEMS)
    tn = ITEMS["tn"]
    with_tn = rules.lake_total_nitrogen_in_class and "tn" in values and bool(lake_rows.any())
    if with_tn:
        items.insert(items.index(ITEMS["cu"]), tn)
    classes = np.zeros((length, len(items)), dtype=np.int8)
    columns: dict[int, np.ndarray] = {}
    for index, item in enumerate(items):
        if item.code not in values:
            continue
        column = np.asarray(values[item.code], dtype=np.float64)
        columns[index] = column
        classes[:, index] = _class_column(item, column, lake_rows)
        if item is tn:
            classes[~lake_rows, index] = NOT_CLASSIFIED
    water_class = classes.max(axis=1) if len(items) else np.zeros(length, dtype=np.int8)
    main = _main_columns(items, classes, columns, lake_rows, rules)
    if target is None:
        meets = np.full(length, -1, dtype=np.int8)
    else:
        target = np.asarray(target)
        meets = np.where(
            (target > 0) & (water_class > 0), (water_class <= target).astype(np.int8), -1
        ).astype(np.int8)
    return Batch(tuple(items), classes, water_class.astype(np.int8), main, meets)


def _main_columns(
    items: Sequence[Item],
    classes: np.ndarray,
    columns: Mapping[int, np.ndarray],
    lake: np.ndarray,
    rules: Rules,
) -> np.ndarray:
    length = classes.shape[0]
    count = rules.main_pollutant_count
    main = np.full((length, count), -1, dtype=np.int8)
    reference = int(rules.reference_class)
    rows = np.flatnonzero(classes.max(axis=1) > reference) if length else np.zeros(0, dtype=np.intp)
    if not count or not rows.size:
        return main
    sub = classes[rows]
    key = np.full(sub.shape, -np.inf)
    by_multiple = rules.ranking is Ranking.MULTIPLE
    for index, item in enumerate(items):
        worse = np.flatnonzero(sub[:, index] > reference)  # positions in ``rows``
        if not worse.size or not (item.has_multiple or rules.list_items_without_multiple):
            continue
        cls = sub[worse, index].astype(np.float64)
        if item.has_multiple:
            river, lake_limit = (float(item.limits_for(body)[reference - 1]) for body in WaterBody)
            limit = np.where(lake[rows[worse]], lake_limit, river) if item.lake_limits else river
            # Rounded to 9 places so that equal decimal multiples tie (then Table 1 order decides).
            multiple = np.round((columns[index][rows[worse]] - limit) / limit, 9)
            # Class-first: a class owns the band [4c, 4c + 3); items with a multiple rank in its top part.
            score = multiple if by_multiple else cls * 4 + 2 + multiple / (1 + multiple)
        else:
            score = -1 + cls / 10 if by_multiple else cls * 4
        key[worse, index] = score
    picked = np.full((rows.size, count), -1, dtype=np.int8)
    every = np.arange(rows.size)
    for slot in range(min(count, len(items))):
        best = key.argmax(axis=1)  # the first maximum: Table 1 order breaks ties
        found = np.isfinite(key[every, best])
        picked[:, slot] = np.where(found, best, -1)
        key[every, best] = -np.inf
    main[rows] = picked
    return main
