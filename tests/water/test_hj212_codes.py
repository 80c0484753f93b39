"""HJ 212-2017 Table B.1 water codes (standards.md §5.8) mapped to GB 3838-2002 Table 1 items, each value
brought to the item's unit: µg/L codes times 0.001; w20138–w20144 (no unit in the table) only once the site
configures their unit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.water import gb3838, hj212_codes
from gongkai.water.hj212_codes import MAPPINGS, mappings


@pytest.mark.parametrize(
    ("code", "item", "sent", "in_item_unit"),
    [
        ("w01001", "ph", "7.20", "7.20"),  # pH, dimensionless in both
        ("w01009", "do", "6.5", "6.5"),  # 溶解氧 mg/L
        ("w01010", "temp", "18.3", "18.3"),  # 水温 °C
        ("w01019", "codmn", "4.1", "4.1"),  # 高锰酸盐指数
        ("w01018", "cod", "16", "16"),  # COD
        ("w21003", "nh3_n", "0.52", "0.52"),  # 氨氮
        ("w21011", "tp", "0.105", "0.105"),  # 总磷
        ("w21001", "tn", "1.8", "1.8"),  # 总氮
        ("w20111", "hg", "0.05", "0.00005"),  # 总汞 µg/L → mg/L: exactly the Class I limit
        ("w20115", "cd", "5", "0.005"),  # 总镉 µg/L
        ("w20117", "cr6", "50", "0.050"),  # 六价铬 µg/L
        ("w20119", "as", "50", "0.050"),  # 总砷 µg/L
        ("w20120", "pb", "10", "0.010"),  # 总铅 µg/L
        ("w20122", "cu", "0.01", "0.01"),  # 总铜 mg/L
        ("w02003", "fecal_coliform", "2000", "2000"),  # 粪大肠菌群 个/L
    ],
)
def test_table_b1_codes_map_to_gb3838_items_in_mg_per_litre(code, item, sent, in_item_unit):
    mapping = MAPPINGS[code]
    assert mapping.item == item and item in gb3838.ITEMS
    assert mapping.convert(Decimal(sent)) == Decimal(in_item_unit)


def test_every_mapped_item_is_a_table_1_item_and_every_code_is_in_table_b1():
    from gongkai.sources.hj212.tables import POLLUTANTS  # the receiver's Table B.1 (units as listed)

    for code, mapping in MAPPINGS.items():
        assert mapping.item in gb3838.ITEMS
        _name, unit = POLLUTANTS[code]
        assert mapping.factor == (Decimal("0.001") if unit == "μg/L" else Decimal(1)), code


def test_a_microgram_value_on_a_class_limit_is_in_that_class():
    mercury = MAPPINGS["w20111"]
    value = mercury.convert(Decimal("0.1"))  # 0.1 µg/L = 0.0001 mg/L, the Class III limit of 汞
    assert gb3838.class_of(gb3838.ITEMS["hg"], value) is gb3838.WaterClass.III


def test_codes_without_a_unit_in_table_b1_are_left_out_until_configured():
    assert not {"w20138", "w20139", "w20140", "w20141", "w20142", "w20143", "w20144"} & MAPPINGS.keys()
    configured = mappings({"w20142": "ug/L", "w20140": "mg/L", "w20138": " MG/L "})
    assert (configured["w20142"].item, configured["w20142"].factor) == ("hg", Decimal("0.001"))
    assert (configured["w20140"].item, configured["w20140"].unit) == ("se", "mg/L")
    assert configured["w20138"].item == "cu"


@pytest.mark.parametrize("unit", ["µg/L", "μg/L", "ug/l", "微克/升"])
def test_micrograms_per_litre_as_people_write_it(unit):
    assert hj212_codes.parse_unit(unit) == hj212_codes.UG_PER_L


def test_a_station_sending_another_unit_overrides_the_default():
    assert mappings({"w21011": "µg/L"})["w21011"].convert(Decimal("100")) == Decimal("0.1")
    assert MAPPINGS["w21011"].factor == 1  # the defaults are untouched


@pytest.mark.parametrize(
    "units",
    [
        {"w01001": "mg/L"},  # pH takes no unit
        {"w02003": "mg/L"},  # faecal coliforms are counted
        {"a21026": "mg/L"},  # not a water code
        {"w20142": "g/L"},  # not a unit offered
    ],
)
def test_bad_unit_configuration_is_refused(units):
    with pytest.raises(ValueError):
        mappings(units)
