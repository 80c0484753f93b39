"""GB 3838-2002 Tables 1-3 as the standard prints them, and the class at every limit of every item, for rivers
and lakes, in both directions (on the limit, and the smallest step worse)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from gongkai.water import gb3838
from gongkai.water.gb3838 import Direction, WaterBody, WaterClass

# Table 1 as printed (标准限值, Classes I-V); "湖、库" values of total phosphorus on their own row.
TABLE_1_AS_PRINTED = """
2 pH值 6~9
3 溶解氧 ≥ 7.5 6 5 3 2
4 高锰酸盐指数 ≤ 2 4 6 10 15
5 化学需氧量 ≤ 15 15 20 30 40
6 五日生化需氧量 ≤ 3 3 4 6 10
7 氨氮 ≤ 0.15 0.5 1.0 1.5 2.0
8 总磷 ≤ 0.02 0.1 0.2 0.3 0.4
8 总磷(湖、库) ≤ 0.01 0.025 0.05 0.1 0.2
9 总氮 ≤ 0.2 0.5 1.0 1.5 2.0
10 铜 ≤ 0.01 1.0 1.0 1.0 1.0
11 锌 ≤ 0.05 1.0 1.0 2.0 2.0
12 氟化物 ≤ 1.0 1.0 1.0 1.5 1.5
13 硒 ≤ 0.01 0.01 0.01 0.02 0.02
14 砷 ≤ 0.05 0.05 0.05 0.1 0.1
15 汞 ≤ 0.00005 0.00005 0.0001 0.001 0.001
16 镉 ≤ 0.001 0.005 0.005 0.005 0.01
17 铬(六价) ≤ 0.01 0.05 0.05 0.05 0.1
18 铅 ≤ 0.01 0.01 0.05 0.05 0.1
19 氰化物 ≤ 0.005 0.05 0.2 0.2 0.2
20 挥发酚 ≤ 0.002 0.002 0.005 0.01 0.1
21 石油类 ≤ 0.05 0.05 0.05 0.5 1.0
22 阴离子表面活性剂 ≤ 0.2 0.2 0.2 0.3 0.3
23 硫化物 ≤ 0.05 0.1 0.2 0.5 1.0
24 粪大肠菌群 ≤ 200 2000 10000 20000 40000
"""


def printed_rows():
    for line in TABLE_1_AS_PRINTED.strip().splitlines():
        number, name, *rest = line.split()
        yield int(number), name, rest


def test_table_1_has_the_24_rows_in_the_standards_order():
    assert [item.number for item in gb3838.TABLE_1] == list(range(1, 25))
    assert gb3838.TABLE_1[0].name == "水温" and gb3838.TABLE_1[0].direction is Direction.NONE


@pytest.mark.parametrize(("number", "name", "printed"), list(printed_rows()))
def test_table_1_limits_are_the_printed_ones(number, name, printed):
    item = gb3838.TABLE_1[number - 1]
    if name == "pH值":
        assert item.direction is Direction.RANGE and gb3838.PH_RANGE == (6, 9)
        return
    direction, *limits = printed
    lake = name.endswith("(湖、库)")
    assert item.name == name.removesuffix("(湖、库)")
    assert item.direction.value == direction
    assert item.limits_for(WaterBody.LAKE if lake else WaterBody.RIVER) == tuple(map(Decimal, limits))


def test_only_total_phosphorus_differs_for_lakes():
    assert [item.code for item in gb3838.TABLE_1 if item.lake_limits] == ["tp"]


def test_the_21_evaluated_items_leave_out_temperature_total_nitrogen_and_faecal_coliforms():
    assert len(gb3838.EVALUATED_ITEMS) == 21
    left_out = {item.name for item in gb3838.TABLE_1} - {item.name for item in gb3838.EVALUATED_ITEMS}
    assert left_out == {"水温", "总氮", "粪大肠菌群"}
    assert {item.code for item in gb3838.TABLE_1 if not item.has_multiple} == {"temp", "ph", "do"}


def test_table_2_supplementary_items():
    assert [(i.name, str(i.limit)) for i in gb3838.TABLE_2] == [
        ("硫酸盐", "250"),
        ("氯化物", "250"),
        ("硝酸盐", "10"),
        ("铁", "0.3"),
        ("锰", "0.1"),
    ]


def test_table_3_rows_are_numbered_as_in_the_standard_and_missing_rows_are_absent():
    numbers = [item.number for item in gb3838.TABLE_3]
    assert numbers == [*range(1, 20), *range(21, 40)]
    by_number = {item.number: item for item in gb3838.TABLE_3}
    assert (by_number[1].name, by_number[1].limit) == ("三氯甲烷", Decimal("0.06"))
    assert (by_number[32].name, by_number[32].limit) == ("2,4-二硝基甲苯", Decimal("0.0003"))
    assert by_number[1].code == "t3_01"


def worse_step(limit: Decimal) -> Decimal:
    """The smallest decimal step beyond a limit, two places finer than the limit is written."""
    return Decimal(1).scaleb(limit.as_tuple().exponent - 2)


def boundary_cases():
    for item in gb3838.TABLE_1:
        if item.direction in (Direction.NONE, Direction.RANGE):
            continue
        for body in WaterBody:
            limits = item.limits_for(body)
            for index, limit in enumerate(limits):
                step = worse_step(limit)
                worse = limit + step if item.direction is Direction.AT_MOST else limit - step
                yield pytest.param(
                    item, body, limits, index, limit, worse, id=f"{item.code}-{body}-{index + 1}"
                )


def expected_class(item, limits, value: Decimal) -> WaterClass:
    """Counting oracle: one class worse for every limit the value misses."""
    if item.direction is Direction.AT_MOST:
        return WaterClass(1 + sum(value > limit for limit in limits))
    return WaterClass(1 + sum(value < limit for limit in limits))


@pytest.mark.parametrize(("item", "body", "limits", "index", "limit", "worse"), list(boundary_cases()))
def test_every_limit_of_every_item_both_directions(item, body, limits, index, limit, worse):
    on_limit = gb3838.class_of(item, limit, body)
    # On the limit: the best class with that very limit (COD 15 is Class I, not II).
    assert on_limit == WaterClass(limits.index(limit) + 1)
    assert on_limit <= index + 1
    beyond = gb3838.class_of(item, worse, body)
    assert beyond == expected_class(item, limits, worse)
    assert beyond > index + 1 or limits[index + 1 :].count(limit)  # worse than this class
    lake = np.array([body is WaterBody.LAKE])
    batch = gb3838.classify_batch(
        {item.code: np.array([float(limit), float(worse)])}, lake=np.repeat(lake, 2)
    )
    if item.in_class:
        assert batch.classes[:, batch.items.index(item)].tolist() == [on_limit, beyond]


HAND_CASES = [
    ("cod", "15", WaterBody.RIVER, WaterClass.I),
    ("cod", "15.01", WaterBody.RIVER, WaterClass.III),
    ("cu", "0.011", WaterBody.RIVER, WaterClass.II),
    ("cu", "1.0", WaterBody.RIVER, WaterClass.II),
    ("cu", "1.01", WaterBody.RIVER, WaterClass.WORSE_THAN_V),
    ("do", "7.5", WaterBody.RIVER, WaterClass.I),
    ("do", "7.49", WaterBody.RIVER, WaterClass.II),
    ("do", "2", WaterBody.RIVER, WaterClass.V),
    ("do", "1.99", WaterBody.RIVER, WaterClass.WORSE_THAN_V),
    ("tp", "0.2", WaterBody.RIVER, WaterClass.III),
    ("tp", "0.2", WaterBody.LAKE, WaterClass.V),
    ("tp", "0.21", WaterBody.LAKE, WaterClass.WORSE_THAN_V),
    ("hg", "0.00006", WaterBody.RIVER, WaterClass.III),
    ("cn", "0.2", WaterBody.RIVER, WaterClass.III),
    ("cn", "0.2001", WaterBody.RIVER, WaterClass.WORSE_THAN_V),
    ("ph", "6", WaterBody.RIVER, WaterClass.I),
    ("ph", "9", WaterBody.RIVER, WaterClass.I),
    ("ph", "5.99", WaterBody.RIVER, WaterClass.WORSE_THAN_V),
    ("ph", "9.01", WaterBody.RIVER, WaterClass.WORSE_THAN_V),
    ("fecal_coliform", "40000", WaterBody.RIVER, WaterClass.V),
    ("fecal_coliform", "40001", WaterBody.RIVER, WaterClass.WORSE_THAN_V),
]


@pytest.mark.parametrize(("code", "value", "body", "expected"), HAND_CASES)
def test_hand_checked_classes(code, value, body, expected):
    assert gb3838.class_of(gb3838.ITEMS[code], Decimal(value), body) == expected
    assert gb3838.class_of(gb3838.ITEMS[code], float(value), body) == expected


def test_water_temperature_has_no_class():
    with pytest.raises(ValueError, match="no class"):
        gb3838.class_of(gb3838.ITEMS["temp"], 20)


def test_class_codes_labels_and_status_words():
    assert [c.code for c in WaterClass] == ["I", "II", "III", "IV", "V", "劣V"]
    assert [c.label for c in WaterClass] == ["Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类", "劣Ⅴ类"]
    assert [c.status.value for c in WaterClass] == ["优", "优", "良好", "轻度污染", "中度污染", "重度污染"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("I", 1), ("iii", 3), ("Ⅳ", 4), ("Ⅲ类", 3), ("5", 5), ("劣V", 6), ("劣Ⅴ类", 6), (" II ", 2)],
)
def test_parse_class(text, expected):
    assert gb3838.parse_class(text) == expected


@pytest.mark.parametrize("text", ["", "VI", "劣IV", "0", "6", "A"])
def test_parse_class_refuses(text):
    with pytest.raises(ValueError):
        gb3838.parse_class(text)


def test_item_names_and_aliases_find_items():
    assert gb3838.item_by_name("总磷") is gb3838.ITEMS["tp"]
    assert gb3838.item_by_name("NH3-N") is gb3838.ITEMS["nh3_n"]
    assert gb3838.item_by_name("ＣＯＤ") is gb3838.ITEMS["cod"]  # full-width letters
    assert gb3838.item_by_name("铁") is gb3838.SOURCE_ITEMS["fe"]
    assert gb3838.item_by_name("三氯甲烷") is gb3838.SOURCE_ITEMS["t3_01"]
    assert gb3838.item_by_name("站点") is None
