# ruff: noqa: F811  (fixtures imported from the apps' own conftest files)
"""The applications app's contribution: Tables 三 and 四 exactly as its statistics page computes them,
the 依申请 facts, and the 信息处理费 collected (section 六)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gongkai.applications import statistics, yearly
from gongkai.applications.models import FeeDecision
from gongkai.core import yearly as registry
from tests.applications.conftest import (  # noqa: F401 (fixtures)
    _empty_cache,
    _fast_query_codes,
    handler,
    organisation,
    register,
    set_today,
    today,
)

pytestmark = pytest.mark.django_db


def test_tables_three_and_four_are_the_statistics_pages(register, today, handler):
    register(received_on=today)
    register(received_on=today, data=organisation("commercial"))
    contribution = yearly.compute(today.year)
    assert contribution.table3 == statistics.table_three(today.year)
    assert contribution.table4 == statistics.table_four(today.year)
    assert contribution.table2 == {}
    texts = {fact.section: fact.text for fact in contribution.facts}
    assert texts["一"].startswith("本年度新收政府信息公开申请2件，办结0件")
    assert "未发生" in texts["四"]
    assert "本年度未收取信息处理费" in texts["六"]
    assert yearly.first_year() == today.year
    assert registry._contributors["applications"] is yearly.CONTRIBUTOR


def test_fees_collected_count_what_was_paid_in_the_year(register, today):
    case = register(received_on=today)
    common = {
        "application": case,
        "method": "piece",
        "computed": Decimal("100"),
        "explanation": "按件",
        "issued_on": today,
        "notice_received_on": today,
    }
    FeeDecision.objects.create(amount=Decimal("100.00"), state="paid", settled_on=today, **common)
    FeeDecision.objects.create(amount=Decimal("200.00"), state="waived", settled_on=today, **common)
    FeeDecision.objects.create(
        amount=Decimal("300.00"), state="paid", settled_on=date(today.year - 1, 12, 1), **common
    )
    assert yearly.fees_collected(today.year) == (1, Decimal("100.00"))
    six = next(f for f in yearly.compute(today.year).facts if f.section == "六")
    assert "本年度收取信息处理费1件，共计100.00元" in six.text
