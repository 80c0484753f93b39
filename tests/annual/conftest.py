"""Annual-report tests with Django: a registry of made-up contributors (`fake_yearly`) so that the
report's collection, checks and outputs are tested apart from the apps, and the real contributors in
test_contributors.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.core import yearly
from gongkai.core.outcomes import (
    AppealResult,
    AppealRoute,
    ApplicantColumn,
    ReplyOutcome,
    build_table_four,
    build_table_three,
)

C = ApplicantColumn


def sample_table_three():
    """12 new + 3 carried in = 13 concluded + 2 carried out, in every column."""
    return build_table_three(
        received={C.NATURAL_PERSON: 10, C.COMMERCIAL_ENTERPRISE: 2},
        carried_over={C.NATURAL_PERSON: 3},
        outcomes={
            ReplyOutcome.DISCLOSED: {C.NATURAL_PERSON: 8, C.COMMERCIAL_ENTERPRISE: 1},
            ReplyOutcome.PARTIALLY_DISCLOSED: {C.NATURAL_PERSON: 3, C.COMMERCIAL_ENTERPRISE: 1},
        },
        carried_forward={C.NATURAL_PERSON: 2},
    )


def contributors(*, first=2024, penalty_twice=False, table3=None):
    def records(year):
        return yearly.Contribution(
            table2={
                "rules": {"issued": 0, "repealed": 0, "in_force": 0},
                "normative_documents": {"issued": 3, "repealed": 1, "in_force": 12},
            },
            facts=(yearly.Fact("一", "主动公开", "本年度主动公开政府信息120条。"),),
        )

    def cases(year):
        return yearly.Contribution(
            table3=table3 if table3 is not None else sample_table_three(),
            table4=build_table_four({(AppealRoute.RECONSIDERATION, AppealResult.UPHELD): 1}),
            facts=(yearly.Fact("六", "信息处理费", "本年度收取信息处理费1件，共计100.00元。"),),
        )

    def penalties(year):
        return yearly.Contribution(
            table2={"penalty": {"decisions": 37}, "fees": {"fee_amount": Decimal("1.25")}}
        )

    found = {
        "records": yearly.Contributor("records", records, 10, first_year=lambda: first),
        "cases": yearly.Contributor("cases", cases, 20, first_year=lambda: first),
        "penalties": yearly.Contributor("penalties", penalties, 30),
    }
    if penalty_twice:
        found["again"] = yearly.Contributor("again", penalties, 40)
    return found


@pytest.fixture
def fake_yearly(monkeypatch):
    """`fake_yearly(**options)`: replace the registry with the made-up contributors."""

    def install(**options):
        monkeypatch.setattr(yearly, "_contributors", contributors(**options))

    install()
    return install
