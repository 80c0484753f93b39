"""Properties of the GB 3838 engine (hypothesis): classes are monotone in the value, the section class is the
worst evaluated item, a further measurement never improves it, and the vectorised engine agrees row by row
with the per-sample API (classes, main pollutants in order, target compliance) for rivers and lakes."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gongkai.water import gb3838
from gongkai.water.gb3838 import Direction, Ranking, Rules, WaterBody, WaterClass

CLASSIFIED = [item for item in gb3838.TABLE_1 if item.direction is not Direction.NONE]


def decimal_for(item) -> st.SearchStrategy[Decimal]:
    """Decimals near the limits (on one, a few steps either side) and anywhere up to 3 × Class V."""
    if item.direction is Direction.RANGE:
        top, places = Decimal(14), 2
    else:
        top = max(item.limits) * 3
        places = max(-limit.as_tuple().exponent for limit in (*item.limits, *item.lake_limits)) + 2
    step = Decimal(1).scaleb(-places)
    around = st.sampled_from([*item.limits, *item.lake_limits, *gb3838.PH_RANGE]).flatmap(
        lambda limit: st.integers(-3, 3).map(lambda k: max(Decimal(0), limit + k * step))
    )
    anywhere = st.integers(0, int(top / step)).map(lambda k: k * step)
    return st.one_of(around, anywhere)


def samples(optional: bool = True) -> st.SearchStrategy[dict[str, Decimal | None]]:
    return st.fixed_dictionaries(
        {},
        optional={item.code: st.one_of(st.none(), decimal_for(item)) for item in CLASSIFIED},
    )


bodies = st.sampled_from(list(WaterBody))
items = st.sampled_from([item for item in CLASSIFIED if item.direction is not Direction.RANGE])


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # the shared machine stalls at times
@given(items, bodies, st.data())
def test_class_is_monotone_in_the_value(item, body, data):
    a, b = sorted([data.draw(decimal_for(item)), data.draw(decimal_for(item))])
    worse_first = item.direction is Direction.AT_LEAST
    low, high = gb3838.class_of(item, a, body), gb3838.class_of(item, b, body)
    assert (low >= high) if worse_first else (low <= high)


@given(samples(), bodies)
def test_section_class_is_the_worst_evaluated_item(sample, body):
    evaluation = gb3838.evaluate(sample, body)
    counted = [
        gb3838.class_of(item, sample[item.code], body)
        for item in gb3838.EVALUATED_ITEMS
        if sample.get(item.code) is not None
    ]
    assert evaluation.water_class == (max(counted) if counted else None)
    if evaluation.water_class is not None:
        assert evaluation.water_class.status is gb3838.STATUS_OF_CLASS[evaluation.water_class]
        # Main pollutants exist exactly when the section is worse than Class III.
        assert bool(evaluation.main_pollutants) == (evaluation.water_class > WaterClass.III)
        assert all(p.water_class > WaterClass.III for p in evaluation.main_pollutants)
        multiples = [p.multiple for p in evaluation.main_pollutants if p.multiple is not None]
        assert multiples == sorted(multiples, reverse=True)
        assert all(m > 0 for m in multiples)


@given(samples(), bodies, st.sampled_from(CLASSIFIED), st.data())
def test_a_further_measurement_never_improves_the_class(sample, body, item, data):
    assume(sample.get(item.code) is None)  # a further item, not a changed one
    before = gb3838.evaluate(sample, body).water_class
    after = gb3838.evaluate({**sample, item.code: data.draw(decimal_for(item))}, body).water_class
    if before is not None:
        assert after >= before


rule_sets = st.sampled_from(
    [
        gb3838.RULES,
        Rules(ranking=Ranking.CLASS_THEN_MULTIPLE),
        Rules(reference_class=WaterClass.II, main_pollutant_count=5),
        Rules(list_items_without_multiple=False, lake_total_nitrogen_in_class=True),
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(samples(), bodies, st.integers(0, 5)), min_size=1, max_size=30), rule_sets)
def test_the_vectorised_engine_agrees_with_evaluate(rows, rules):
    codes = [item.code for item in CLASSIFIED]
    columns = {
        code: np.array([np.nan if s.get(code) is None else float(s[code]) for s, _, _ in rows])
        for code in codes
    }
    lake = np.array([body is WaterBody.LAKE for _, body, _ in rows])
    target = np.array([t for _, _, t in rows])
    batch = gb3838.classify_batch(columns, lake=lake, target=target, rules=rules)
    for index, (sample, body, target_number) in enumerate(rows):
        evaluation = gb3838.evaluate(
            sample, body, target_class=WaterClass(target_number) if target_number else None, rules=rules
        )
        assert batch.water_class[index] == (evaluation.water_class or 0)
        picked = [batch.items[c].code for c in batch.main[index] if c >= 0]
        assert picked == [p.code for p in evaluation.main_pollutants]
        expected_meets = {None: -1, True: 1, False: 0}[evaluation.meets_target]
        assert batch.meets_target[index] == expected_meets


@given(
    st.dictionaries(
        st.sampled_from(["chla", "tp", "tn", "codmn"]),
        st.integers(1, 10**6).map(lambda k: Decimal(k) / 1000),
        min_size=1,
    ),
    st.sampled_from(["chla", "tp", "tn", "codmn", "sd"]),
)
def test_tli_rises_with_nutrients_and_falls_with_transparency(values, parameter):
    values = {**values, "sd": Decimal("1.5")}
    assume(parameter in values)
    base = gb3838.trophic_level_index(values, Rules(tli_places=6))
    more = {**values, parameter: values[parameter] * 2}
    changed = gb3838.trophic_level_index(more, Rules(tli_places=6))
    if parameter == "sd":
        assert changed.index < base.index
    else:
        assert changed.index > base.index


@given(
    st.lists(st.sampled_from(list(WaterClass)), min_size=1, max_size=40), st.sampled_from(list(WaterClass))
)
def test_share_status_never_improves_when_a_section_gets_worse(classes, worse):
    order = list(gb3838.Status)
    before = gb3838.status_by_share(classes).status
    changed = [max(classes[0], worse), *classes[1:]]
    after = gb3838.status_by_share(changed).status
    assert order.index(after) >= order.index(before)
