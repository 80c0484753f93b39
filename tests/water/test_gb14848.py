"""Groundwater sources against the Class III limits of GB/T 14848-2017 the bureau supplies
(WATER_GROUNDWATER_LIMITS_FILE): no limit is shipped; the file names its bad line; every measured item with
a limit must meet it, a value on a limit meets it, pH as an inclusive range.

The limits in these tests are test values, not the standard's."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from gongkai.water import gb3838, gb14848

CODES = {"ph", "nh3_n", "sulfate", "mn", "t3_01"}
FILE = "代码,项目,Ⅲ类限值\nph,pH,6.5~8.5\nnh3_n,氨氮,0.5\nsulfate,硫酸盐,250\n"


def test_nothing_is_shipped():
    assert gb14848.LIMITS == {}
    assert not gb14848.configured()


def test_the_file_gives_upper_limits_and_a_ph_range():
    limits = gb14848.limits_from_csv("\ufeff" + FILE + "\n", codes=CODES)
    assert [(x.code, x.name, x.lower, x.upper) for x in limits] == [
        ("ph", "pH", D("6.5"), D("8.5")),
        ("nh3_n", "氨氮", None, D("0.5")),
        ("sulfate", "硫酸盐", None, D("250")),
    ]


@pytest.mark.parametrize("text", ["6.5-8.5", "6.5～8.5", " 6.5 ~ 8.5 "])
def test_a_range_may_be_written_with_a_hyphen_or_a_full_width_tilde(text):
    (limit,) = gb14848.limits_from_csv(f"代码,项目,Ⅲ类限值\nph,pH,{text}\n", codes=CODES)
    assert (limit.lower, limit.upper) == (D("6.5"), D("8.5"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("代码,项目,Ⅲ类限值\nnh3_n,氨氮\n", "line 2: expected"),
        ("代码,项目,Ⅲ类限值\n\ntotal_hardness,总硬度,450\n", "line 3: 'total_hardness' is not an item code"),
        ("代码,项目,Ⅲ类限值\nnh3_n,氨氮,0.5\nnh3_n,氨氮,0.5\n", "line 3: item nh3_n repeats"),
        ("代码,项目,Ⅲ类限值\nnh3_n,,0.5\n", "line 2: the item's name is missing"),
        ("代码,项目,Ⅲ类限值\nnh3_n,氨氮,0\n", "line 2: the limit must be above 0"),
        ("代码,项目,Ⅲ类限值\nnh3_n,氨氮,很少\n", "line 2: the limit must be a number or a range"),
        ("代码,项目,Ⅲ类限值\nph,pH,8.5~6.5\n", "line 2: a range needs"),
        ("代码,项目,Ⅲ类限值\nph,pH,6.5~\n", "line 2: the limit must be a number or a range"),
        ("代码,项目,Ⅲ类限值\nnh3_n,氨氮,NaN\n", "line 2: the limit must be a number or a range"),
        ("代码,项目,Ⅲ类限值\n", "no item"),
    ],
)
def test_a_bad_file_names_its_line_and_reason(text, message):
    with pytest.raises(ValueError, match=message):
        gb14848.limits_from_csv(text, codes=CODES)


LIMITS = gb14848.limits_from_csv(FILE, codes=CODES)


def test_every_measured_item_with_a_limit_meets_it():
    result = gb14848.groundwater_compliance({"ph": D("7.2"), "nh3_n": D("0.5"), "mn": D("9")}, LIMITS)
    # NH3-N on its limit meets it; Mn has no configured limit and is not evaluated.
    assert (result.complies, result.basic_class, result.failing) == (True, None, ())


def test_an_item_over_its_limit_fails_with_its_multiple():
    result = gb14848.groundwater_compliance({"nh3_n": D("0.8"), "sulfate": D("100")}, LIMITS)
    assert result.complies is False
    assert [p.text() for p in result.failing] == ["氨氮(0.6)"]


@pytest.mark.parametrize(("ph", "complies"), [("6.5", True), ("8.5", True), ("6.4", False), ("8.6", False)])
def test_ph_is_a_range_with_both_ends_included(ph, complies):
    result = gb14848.groundwater_compliance({"ph": D(ph)}, LIMITS)
    assert result.complies is complies
    if not complies:
        assert [p.text() for p in result.failing] == ["pH"]  # a range has no 超标倍数


def test_below_detection_counts_as_half_the_detection_limit():
    below = gb3838.parse_measurement("<0.8")  # 0.4 ≤ 0.5
    assert gb14848.groundwater_compliance({"nh3_n": below}, LIMITS).complies is True
    above = gb3838.parse_measurement("<1.2")  # 0.6 > 0.5
    assert gb14848.groundwater_compliance({"nh3_n": above}, LIMITS).complies is False


def test_no_item_with_a_limit_measured_is_not_assessed():
    assert gb14848.groundwater_compliance({"mn": D("0.01"), "ph": None}, LIMITS).complies is None


def test_configure_installs_and_clears_the_limits():
    try:
        gb14848.configure(LIMITS)
        assert gb14848.configured() and set(gb14848.LIMITS) == {"ph", "nh3_n", "sulfate"}
    finally:
        gb14848.configure(())
    assert not gb14848.configured()
