"""HJ 212-2017 water pollutant codes → GB 3838-2002 Table 1 items, with the factor to the item's unit.

Pure: no Django, no I/O. The automatic station (水质自动站) of a section sends its hourly data over HJ 212
(ST=21 地表水质量监测, CN=2061 小时数据, the value ``Avg``); the receiver stores each value under its
HJ 212-2017 code (Appendix B, Table B.1, from HJ 525-2009; shared/domain/standards.md §5.8), an HJ/T
212-2005 code (e.g. 060 氨氮) already mapped to the 2017 one (w21003), so only 2017 codes are here.

A value in the code's default concentration unit (Table B.1) times ``factor`` is in the unit of GB 3838-2002
Table 1 (mg/L; pH dimensionless, water temperature in °C, faecal coliforms in 个/L): Table B.1 gives µg/L for
w20111 总汞, w20115 总镉, w20117 六价铬, w20119 总砷 and w20120 总铅, so their factor is 0.001.

w20138–w20144 (铜, 锌, 硒, 砷, 汞, 镉, 铅 without "总", the surface-water codes) have no unit in the table
(standards.md §5.8 lists them after the table, in that order): their unit is configuration (the site's
``WATER_HJ212_UNITS``, e.g. ``{"w20142": "µg/L"}``); a code without a known unit is not mapped, so no
value is ever classed in a guessed unit. The same setting may override the unit of any concentration code
here, for a station that sends another unit than the table's default."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from gongkai.water import gb3838

MG_PER_L = "mg/L"
UG_PER_L = "µg/L"
# Concentration units a configured code may be given, with the factor to mg/L.
UNIT_FACTORS: Mapping[str, Decimal] = {MG_PER_L: Decimal(1), UG_PER_L: Decimal("0.001")}


@dataclass(frozen=True)
class CodeMapping:
    code: str  # HJ 212-2017 code (Table B.1)
    item: str  # GB 3838-2002 Table 1 item code (gb3838.ITEMS)
    unit: str  # the code's concentration unit as sent
    factor: Decimal  # value as sent × factor = value in the item's unit

    def convert(self, value: Decimal) -> Decimal:
        return value * self.factor


# HJ 212-2017 Table B.1 (standards.md §5.8): code, GB 3838 item, default unit ("" where the item's own unit
# is meant: pH dimensionless, water temperature °C, faecal coliforms 个/L — the same unit in both tables).
_TABLE_B1 = (
    ("w01010", "temp", ""),  # 水温 °C
    ("w01001", "ph", ""),  # pH
    ("w01009", "do", MG_PER_L),  # 溶解氧
    ("w01019", "codmn", MG_PER_L),  # 高锰酸盐指数
    ("w01018", "cod", MG_PER_L),  # COD
    ("w01017", "bod5", MG_PER_L),  # BOD5
    ("w21003", "nh3_n", MG_PER_L),  # 氨氮
    ("w21011", "tp", MG_PER_L),  # 总磷
    ("w21001", "tn", MG_PER_L),  # 总氮
    ("w20122", "cu", MG_PER_L),  # 总铜
    ("w20123", "zn", MG_PER_L),  # 总锌
    ("w21017", "fluoride", MG_PER_L),  # 氟化物
    ("w20119", "as", UG_PER_L),  # 总砷
    ("w20111", "hg", UG_PER_L),  # 总汞
    ("w20115", "cd", UG_PER_L),  # 总镉
    ("w20117", "cr6", UG_PER_L),  # 六价铬
    ("w20120", "pb", UG_PER_L),  # 总铅
    ("w21016", "cn", MG_PER_L),  # 氰化物
    ("w23002", "volatile_phenol", MG_PER_L),  # 挥发酚
    ("w22001", "petroleum", MG_PER_L),  # 石油类
    ("w19002", "las", MG_PER_L),  # 阴离子表面活性剂
    ("w21019", "sulfide", MG_PER_L),  # 硫化物
    ("w02003", "fecal_coliform", ""),  # 粪大肠菌群 个/L
)
# standards.md §5.8: "w20138–w20144 copper, zinc, selenium, arsenic, mercury, cadmium, lead" — no unit listed.
_UNITLESS_METALS = (
    ("w20138", "cu"),
    ("w20139", "zn"),
    ("w20140", "se"),
    ("w20141", "as"),
    ("w20142", "hg"),
    ("w20143", "cd"),
    ("w20144", "pb"),
)
CONFIGURABLE_CODES = frozenset(
    {code for code, _item, unit in _TABLE_B1 if unit} | {code for code, _item in _UNITLESS_METALS}
)


def parse_unit(text: str) -> str:
    """mg/L or µg/L as people write them (ug/L, μg/L with the Greek mu, 毫克/升, 微克/升); ValueError else."""
    word = unicodedata.normalize("NFKC", text).strip().replace(" ", "").lower()
    if word in ("mg/l", "毫克/升"):
        return MG_PER_L
    if word in ("µg/l", "μg/l", "ug/l", "微克/升"):  # NFKC turns the micro sign into the Greek mu
        return UG_PER_L
    raise ValueError(f"unknown concentration unit {text!r} (mg/L or µg/L)")


def mappings(units: Mapping[str, str] | None = None) -> dict[str, CodeMapping]:
    """Code → mapping: Table B.1's default units, overridden or completed by ``units`` (code → unit text,
    the site's configuration). ValueError for a code that takes no unit or an unknown unit."""
    configured: dict[str, str] = {}
    for code, text in (units or {}).items():
        if code not in CONFIGURABLE_CODES:
            raise ValueError(f"{code}: not a concentration code of HJ 212-2017 Table B.1 mapped to GB 3838")
        configured[code] = parse_unit(text)
    result: dict[str, CodeMapping] = {}
    for code, item, unit in _TABLE_B1:
        unit = configured.get(code, unit)
        factor = UNIT_FACTORS[unit] if unit else Decimal(1)
        result[code] = CodeMapping(code, item, unit or gb3838.ITEMS[item].unit, factor)
    for code, item in _UNITLESS_METALS:
        if code in configured:
            result[code] = CodeMapping(code, item, configured[code], UNIT_FACTORS[configured[code]])
    return result


MAPPINGS = mappings()  # the table's defaults, w20138–w20144 left out
