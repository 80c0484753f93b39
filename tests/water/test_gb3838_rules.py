"""The evaluation rules of 环办〔2011〕22号 as gongkai applies them: section class, main pollutants and their
multiples, target compliance, basins, trophic state, drinking-water sources, below-detection values, means."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest

from gongkai.water import gb3838
from gongkai.water.gb3838 import Measurement, Ranking, Rules, Status, TrophicState, WaterBody, WaterClass

D = Decimal


def test_section_class_is_the_worst_evaluated_item():
    evaluation = gb3838.evaluate({"ph": 7.5, "do": 8, "codmn": 3.2, "nh3_n": 0.6, "tp": 0.12})
    assert evaluation.item_classes["codmn"] == WaterClass.II
    assert evaluation.item_classes["nh3_n"] == WaterClass.III
    assert evaluation.water_class == WaterClass.III
    assert evaluation.status is Status.GOOD
    assert evaluation.main_pollutants == ()


def test_reference_items_are_classified_but_not_counted():
    evaluation = gb3838.evaluate({"codmn": 1.5, "tn": 5.0, "fecal_coliform": 90000, "temp": 31})
    assert evaluation.water_class == WaterClass.I
    assert evaluation.item_classes["tn"] == WaterClass.WORSE_THAN_V
    assert evaluation.item_classes["fecal_coliform"] == WaterClass.WORSE_THAN_V
    assert "temp" not in evaluation.item_classes


def test_lake_total_nitrogen_counts_only_when_configured():
    sample = {"codmn": 1.5, "tn": 1.2}
    assert gb3838.evaluate(sample, WaterBody.LAKE).water_class == WaterClass.I
    rules = Rules(lake_total_nitrogen_in_class=True)
    assert gb3838.evaluate(sample, WaterBody.LAKE, rules=rules).water_class == WaterClass.IV
    assert gb3838.evaluate(sample, WaterBody.RIVER, rules=rules).water_class == WaterClass.I


def test_no_evaluated_item_gives_no_class():
    evaluation = gb3838.evaluate({"tn": 1.0, "temp": 20, "codmn": None})
    assert evaluation.water_class is None and evaluation.status is None and evaluation.meets_target is None


def test_unknown_codes_are_refused():
    with pytest.raises(ValueError, match="unknown item codes: tpp"):
        gb3838.evaluate({"tpp": 0.1})


def test_main_pollutants_as_a_bulletin_writes_them():
    # TP 0.32 → (0.32-0.2)/0.2 = 0.6; COD 25 → 0.25 → 0.2 (GB/T 8170, five to even); NH3-N 1.2 → 0.2;
    # BOD5 4.5 → 0.125 → 0.1 is fourth and left out.
    evaluation = gb3838.evaluate({"tp": 0.32, "cod": 25, "nh3_n": 1.2, "bod5": 4.5, "ph": 7})
    assert evaluation.water_class == WaterClass.V
    assert evaluation.main_pollutants_text() == "总磷(0.6);化学需氧量(0.2);氨氮(0.2)"
    assert evaluation.main_pollutants[1].multiple == D("0.25")
    assert evaluation.main_pollutants_text("、") == "总磷(0.6)、化学需氧量(0.2)、氨氮(0.2)"


def test_equal_multiples_keep_table_order():
    # NH3-N 1.5 and TP 0.3 both exceed Class III by exactly 0.5 (a float would make TP 0.4999…).
    evaluation = gb3838.evaluate({"tp": 0.3, "nh3_n": 1.5})
    assert [p.code for p in evaluation.main_pollutants] == ["nh3_n", "tp"]
    assert evaluation.main_pollutants_text() == "氨氮(0.5);总磷(0.5)"


def test_ph_and_do_are_listed_without_a_multiple_after_the_others():
    evaluation = gb3838.evaluate({"do": 1.0, "ph": 9.5, "codmn": 7})
    assert evaluation.main_pollutants_text() == "高锰酸盐指数(0.2);pH值;溶解氧"
    quiet = gb3838.evaluate(
        {"do": 1.0, "ph": 9.5, "codmn": 7}, rules=Rules(list_items_without_multiple=False)
    )
    assert quiet.main_pollutants_text() == "高锰酸盐指数(0.2)"


def test_class_first_ranking_is_available():
    sample = {"codmn": 14, "nh3_n": 2.5}  # CODMn Class V with multiple 1.3; NH3-N 劣V with multiple 1.5
    assert gb3838.evaluate(sample).main_pollutants_text() == "氨氮(1.5);高锰酸盐指数(1.3)"
    sample = {"codmn": 14.5, "nh3_n": 2.1}  # multiples 1.4167 and 1.1
    assert gb3838.evaluate(sample).main_pollutants_text() == "高锰酸盐指数(1.4);氨氮(1.1)"
    rules = Rules(ranking=Ranking.CLASS_THEN_MULTIPLE)
    assert gb3838.evaluate(sample, rules=rules).main_pollutants_text() == "氨氮(1.1);高锰酸盐指数(1.4)"


def test_lake_multiples_use_the_lake_limit():
    evaluation = gb3838.evaluate({"tp": 0.08}, WaterBody.LAKE)
    assert evaluation.water_class == WaterClass.IV
    assert evaluation.main_pollutants_text() == "总磷(0.6)"  # (0.08-0.05)/0.05


def test_reference_class_and_count_are_configurable():
    sample = {"codmn": 5, "nh3_n": 0.8, "tp": 0.15}
    rules = Rules(reference_class=WaterClass.II, main_pollutant_count=2, multiple_places=2)
    evaluation = gb3838.evaluate(sample, rules=rules)
    assert evaluation.main_pollutants_text() == "氨氮(0.60);总磷(0.50)"


def test_meets_target():
    assert gb3838.evaluate({"tp": 0.2}, target_class=WaterClass.III).meets_target is True
    assert gb3838.evaluate({"tp": 0.21}, target_class=WaterClass.III).meets_target is False
    assert gb3838.evaluate({"tp": 0.21}).meets_target is None


def test_below_detection_uses_half_the_limit_by_default():
    measurement = gb3838.parse_measurement("<0.01")
    assert measurement == Measurement(D("0.01"), below_detection=True)
    assert measurement.effective() == D("0.005")
    assert measurement.effective(Rules(below_detection_factor=D(1))) == D("0.01")
    # Petroleum "<0.06": half is 0.03 → Class I; counted at the limit it is Class IV.
    sample = {"petroleum": gb3838.parse_measurement("0.06L")}
    assert gb3838.evaluate(sample).water_class == WaterClass.I
    assert gb3838.evaluate(sample, rules=Rules(below_detection_factor=D(1))).water_class == WaterClass.IV


@pytest.mark.parametrize(
    ("text", "value", "below"),
    [("0.12", "0.12", False), ("＜0.01", "0.01", True), ("0.01L", "0.01", True), (" 1e-3 ", "0.001", False)],
)
def test_parse_measurement(text, value, below):
    assert gb3838.parse_measurement(text) == Measurement(D(value), below)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ND", "检出限"),
        ("未检出", "检出限"),
        ("abc", "不是数字"),
        ("-1", "负数"),
        ("nan", "不是数字"),
        ("<0", "大于0"),
    ],
)
def test_parse_measurement_refuses_in_chinese(text, reason):
    with pytest.raises(gb3838.BadValue) as caught:
        gb3838.parse_measurement(text)
    assert reason in caught.value.reason


def test_empty_cell_is_not_measured():
    assert gb3838.parse_measurement("  ") is None


def test_monthly_and_annual_means():
    month = [{"tp": 0.1, "nh3_n": Measurement(D("0.025"), True)}, {"tp": 0.2, "nh3_n": 0.5}, {"tp": None}]
    means = gb3838.period_mean(month)
    assert means == {"tp": D("0.15"), "nh3_n": D("0.25625")}
    year = gb3838.period_mean([means, {"tp": D("0.25")}])
    assert year["tp"] == D("0.2")
    assert gb3838.mean_of([None, None]) is None


@pytest.mark.parametrize(
    ("good", "worst", "total", "status"),
    [
        (9, 0, 10, Status.EXCELLENT),  # 90 % I-III exactly
        (8, 0, 10, Status.GOOD),
        (3, 0, 4, Status.GOOD),  # 75 % exactly
        (7, 1, 10, Status.LIGHTLY_POLLUTED),
        (2, 1, 5, Status.MODERATELY_POLLUTED),  # 劣V 20 % exactly
        (6, 3, 10, Status.MODERATELY_POLLUTED),
        (3, 2, 5, Status.HEAVILY_POLLUTED),  # 劣V 40 % exactly
    ],
)
def test_share_method_thresholds(good, worst, total, status):
    classes = [WaterClass.II] * good + [WaterClass.WORSE_THAN_V] * worst
    classes += [WaterClass.IV] * (total - good - worst)
    result = gb3838.status_by_share(classes)
    assert result.status is status
    assert result.share_i_to_iii == Fraction(good, total)


def test_basin_uses_share_from_five_sections_and_means_below():
    five = [{"codmn": 3}] * 4 + [{"codmn": 16}]
    assert gb3838.basin_status(five).method == "share"
    assert gb3838.basin_status(five).status is Status.GOOD  # 80 % I-III
    four = [{"codmn": 3}, {"codmn": 3}, {"codmn": 3}, {"codmn": 16}]  # mean 6.25 → Class IV
    result = gb3838.basin_status(four)
    assert (result.method, result.water_class, result.status) == (
        "mean",
        WaterClass.IV,
        Status.LIGHTLY_POLLUTED,
    )
    assert gb3838.basin_status(four, rules=Rules(basin_share_min_sections=4)).method == "share"


def test_tli_formula_and_weights():
    weights = gb3838.tli_weights(["chla", "tp", "tn", "sd", "codmn"])
    assert math.isclose(sum(weights.values()), 1)
    assert math.isclose(weights["chla"], 1 / (1 + 0.7056 + 0.6724 + 0.6889 + 0.6889))
    values = {"chla": 10, "tp": 0.05, "tn": 1.0, "sd": 1.0, "codmn": 4}
    result = gb3838.trophic_level_index(values)
    by_hand = {
        "chla": 10 * (2.5 + 1.086 * math.log(10)),
        "tp": 10 * (9.436 + 1.624 * math.log(0.05)),
        "tn": 54.53,
        "sd": 51.18,
        "codmn": 10 * (0.109 + 2.661 * math.log(4)),
    }
    total = sum(weights[p] * by_hand[p] for p in by_hand)
    assert result.index == D(f"{total:.1f}")
    assert result.state is TrophicState.MESOTROPHIC


@pytest.mark.parametrize(
    ("index", "state"),
    [
        ("29.9", TrophicState.OLIGOTROPHIC),
        ("30", TrophicState.MESOTROPHIC),
        ("50", TrophicState.MESOTROPHIC),
        ("50.1", TrophicState.LIGHT_EUTROPHIC),
        ("60", TrophicState.LIGHT_EUTROPHIC),
        ("60.1", TrophicState.MIDDLE_EUTROPHIC),
        ("70", TrophicState.MIDDLE_EUTROPHIC),
        ("70.1", TrophicState.HYPER_EUTROPHIC),
    ],
)
def test_trophic_grades_at_their_edges(index, state):
    assert gb3838.trophic_state(D(index)) is state


def test_tli_refuses_nonsense():
    with pytest.raises(ValueError, match="positive"):
        gb3838.trophic_level_index({"chla": 0})
    with pytest.raises(ValueError, match="unknown"):
        gb3838.trophic_level_index({"do": 1})
    with pytest.raises(ValueError, match="no TLI"):
        gb3838.trophic_level_index({"chla": None})


def test_drinking_water_source_compliance():
    good = gb3838.source_compliance({"nh3_n": 0.5, "tp": 0.1, "fe": 0.3, "t3_01": 0.06})
    assert good.complies is True and good.failing == ()
    bad = gb3838.source_compliance({"nh3_n": 1.2, "fe": 0.45, "mn": 0.05, "t3_02": 0.003})
    assert bad.complies is False
    assert [(p.code, p.text()) for p in bad.failing] == [
        ("nh3_n", "氨氮(0.2)"),
        ("fe", "铁(0.5)"),
        ("t3_02", "四氯化碳(0.5)"),
    ]
    assert gb3838.source_compliance({}).complies is None


def test_source_limits_can_be_supplied_and_unknown_items_are_refused():
    with pytest.raises(ValueError, match="no limit for: t3_20"):
        gb3838.source_compliance({"t3_20": 0.5})
    result = gb3838.source_compliance({"t3_20": 0.8}, limits={"t3_20": D("0.7")})
    assert result.complies is False


def test_compliance_rates():
    assert gb3838.compliance_rate([True, True, False]) == Fraction(2, 3)
    assert gb3838.compliance_rate([]) is None
    assert gb3838.volume_compliance_rate([(True, 300), (False, 100)]) == Fraction(3, 4)
    assert gb3838.volume_compliance_rate([]) is None


def test_rules_refuse_impossible_settings():
    with pytest.raises(ValueError):
        Rules(below_detection_factor=D(2))
    with pytest.raises(ValueError):
        Rules(reference_class=WaterClass.WORSE_THAN_V)
