"""自行监测方案: the pure period arithmetic (compliance.due_periods / missing_periods, table-driven),
and in Django the plan kept through 基础数据 (audited), compared with the self-monitoring results on
the facility page and in the API twin, missing periods flagged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from gongkai.sources import compliance
from gongkai.sources.compliance import due_periods, missing_periods

d = date


@pytest.mark.parametrize(
    ("frequency", "start", "end", "expected"),
    [
        (
            "daily",
            d(2026, 3, 1),
            d(2026, 3, 3),
            [(d(2026, 3, 1), d(2026, 3, 1)), (d(2026, 3, 2), d(2026, 3, 2)), (d(2026, 3, 3), d(2026, 3, 3))],
        ),
        # weeks run Monday–Sunday; a week cut by the window's start or end is not due
        (
            "weekly",
            d(2026, 3, 4),
            d(2026, 3, 22),
            [(d(2026, 3, 9), d(2026, 3, 15)), (d(2026, 3, 16), d(2026, 3, 22))],
        ),
        (
            "weekly",
            d(2026, 3, 2),
            d(2026, 3, 21),
            [(d(2026, 3, 2), d(2026, 3, 8)), (d(2026, 3, 9), d(2026, 3, 15))],
        ),
        (
            "monthly",
            d(2026, 1, 15),
            d(2026, 4, 30),
            [
                (d(2026, 2, 1), d(2026, 2, 28)),
                (d(2026, 3, 1), d(2026, 3, 31)),
                (d(2026, 4, 1), d(2026, 4, 30)),
            ],
        ),
        ("monthly", d(2025, 12, 1), d(2026, 1, 30), [(d(2025, 12, 1), d(2025, 12, 31))]),
        (
            "quarterly",
            d(2025, 12, 1),
            d(2026, 12, 5),
            [
                (d(2026, 1, 1), d(2026, 3, 31)),
                (d(2026, 4, 1), d(2026, 6, 30)),
                (d(2026, 7, 1), d(2026, 9, 30)),
            ],
        ),
        (
            "half_yearly",
            d(2025, 7, 1),
            d(2026, 12, 30),
            [(d(2025, 7, 1), d(2025, 12, 31)), (d(2026, 1, 1), d(2026, 6, 30))],
        ),
        (
            "yearly",
            d(2025, 1, 1),
            d(2026, 12, 31),
            [(d(2025, 1, 1), d(2025, 12, 31)), (d(2026, 1, 1), d(2026, 12, 31))],
        ),
        ("yearly", d(2025, 12, 1), d(2026, 12, 5), []),
        ("monthly", d(2026, 3, 10), d(2026, 3, 5), []),
    ],
)
def test_due_periods(frequency, start, end, expected):
    assert due_periods(frequency, start, end) == expected


def test_continuous_monitoring_has_no_periods_here():
    with pytest.raises(ValueError):
        due_periods(compliance.CONTINUOUS, d(2026, 1, 1), d(2026, 12, 31))


@pytest.mark.parametrize(
    ("frequency", "sampled", "missing"),
    [
        ("monthly", [d(2026, 1, 5), d(2026, 2, 27), d(2026, 3, 31)], []),
        ("monthly", [d(2026, 1, 5), d(2026, 3, 1)], [(d(2026, 2, 1), d(2026, 2, 28))]),
        (
            "monthly",
            [],
            [
                (d(2026, 1, 1), d(2026, 1, 31)),
                (d(2026, 2, 1), d(2026, 2, 28)),
                (d(2026, 3, 1), d(2026, 3, 31)),
            ],
        ),
        (
            "monthly",
            [d(2026, 1, 5), d(2026, 1, 20), d(2026, 2, 2)],
            [(d(2026, 3, 1), d(2026, 3, 31))],
        ),  # two in one month do not cover the next
        ("quarterly", [d(2026, 2, 10)], []),
        ("quarterly", [d(2025, 12, 31)], [(d(2026, 1, 1), d(2026, 3, 31))]),  # outside the window
    ],
)
def test_missing_periods(frequency, sampled, missing):
    assert missing_periods(frequency, d(2026, 1, 1), d(2026, 3, 31), sampled) == missing


@pytest.mark.django_db
def test_plan_on_the_facility_page_and_api_with_missing_periods(client, client_for, make_staff, monkeypatch):
    from gongkai.audit.models import AuditRecord
    from gongkai.sources import services
    from gongkai.sources.models import Outlet, Permit
    from gongkai.sources.models_permits import SelfMonitoringPlanItem
    from tests.sources.test_registry import code, make_enterprise

    officer = make_staff("data_officer", username="data")
    enterprise = make_enterprise(officer)
    permit = Permit.objects.create(
        enterprise=enterprise,
        number="91990100MA0000001X001V",
        management="key",
        issued_on=d(2025, 1, 10),
        valid_from=d(2025, 1, 10),
        valid_until=d(2030, 1, 9),
    )
    outlet = Outlet.objects.create(
        enterprise=enterprise, permit=permit, code="DW001", name="废水总排口", medium=Outlet.Medium.WATER
    )
    staff = client_for(officer)
    base = {
        "outlet": outlet.pk,
        "pollutant": "化学需氧量",
        "mode": "manual",
        "frequency": "monthly",
        "method": "HJ 828-2017",
        "valid_from": "2026-01-01",
        "valid_until": "",
    }
    assert staff.post("/staff/refdata/sources-plan-items/new/", base).status_code == 302
    assert (
        staff.post(
            "/staff/refdata/sources-plan-items/new/", base | {"pollutant": "氨氮", "frequency": "quarterly"}
        ).status_code
        == 302
    )
    refused = staff.post(
        "/staff/refdata/sources-plan-items/new/", base | {"pollutant": "pH值", "frequency": "continuous"}
    )
    assert "连续监测只能是自动监测" in refused.content.decode()
    assert (
        staff.post(
            "/staff/refdata/sources-plan-items/new/",
            base | {"pollutant": "流量", "frequency": "continuous", "mode": "automatic"},
        ).status_code
        == 302
    )
    assert SelfMonitoringPlanItem.objects.count() == 3
    assert AuditRecord.objects.filter(action="sources.plan_item.create").count() == 3

    # self-monitoring results in Jan, Feb, Apr (March missing); 氨氮 in Q1 only (Q2 and Q3 missing)
    for day, pollutant in (
        (d(2026, 1, 9), "化学需氧量"),
        (d(2026, 2, 9), "化学需氧量"),
        (d(2026, 4, 9), "化学需氧量"),
        (d(2026, 3, 3), "氨氮"),
    ):
        services.record_result(
            actor=officer,
            source="self",
            outlet=outlet,
            sampled_on=day,
            pollutant=pollutant,
            statistic="daily",
            value=D("10"),
        )
    # a supervisory result does not count for the plan
    services.record_result(
        actor=officer,
        source="supervisory",
        outlet=outlet,
        sampled_on=d(2026, 3, 9),
        pollutant="化学需氧量",
        statistic="daily",
        value=D("10"),
    )
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: d(2026, 5, 15))
    html = client.get(f"/sources/enterprise/{code(1)}/").content.decode()
    assert "自行监测方案" in html and "HJ 828-2017" in html
    assert "应测4个周期，缺测1个" in html and "2026-03-01～2026-03-31" in html  # Jan–Apr are due by May 15
    assert "应测1个周期，均已监测" in html  # 氨氮: Q1 due, measured
    assert "自动监测，见自动监控数据" in html
    plan = client.get(f"/api/v1/sources/enterprises/{code(1)}").json()["self_monitoring_plan"]
    cod = next(p for p in plan if p["pollutant"] == "化学需氧量")
    assert cod["due_periods"] == 4 and cod["missing_periods"] == [["2026-03-01", "2026-03-31"]]
    flow = next(p for p in plan if p["pollutant"] == "流量")
    assert flow["checked"] is False and flow["missing_periods"] is None

    monkeypatch.setattr(timezone, "localdate", lambda *a: d(2026, 10, 2))
    plan = client.get(f"/api/v1/sources/enterprises/{code(1)}").json()["self_monitoring_plan"]
    nh3 = next(p for p in plan if p["pollutant"] == "氨氮")
    assert nh3["due_periods"] == 3 and nh3["missing_periods"] == [
        ["2026-04-01", "2026-06-30"],
        ["2026-07-01", "2026-09-30"],
    ]
