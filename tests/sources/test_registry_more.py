"""Issue 15, second round: monitoring results filtered by enterprise, outlet, pollutant, statistic and
period (page and API twin), the staff entry form of 自动监控设备有效性审核 results (audited, with the
earlier result when corrected), and the permit number's link to the national platform in the list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from gongkai.audit.models import AuditRecord
from gongkai.sources import services
from gongkai.sources.models import Outlet, PermitLimit, ValidityAudit
from tests.sources.test_registry import code, make_enterprise
from tests.sources.test_registry import officer as officer_fixture
from tests.sources.test_registry import outlet as outlet_fixture

officer = officer_fixture
outlet = outlet_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(officer, outlet):
    second = Outlet.objects.create(
        enterprise=outlet.enterprise, code="DA001", name="锅炉排气筒", medium=Outlet.Medium.AIR
    )
    PermitLimit.objects.create(outlet=second, pollutant="二氧化硫", statistic="hourly", value=D("35"))
    other = make_enterprise(officer, serial=2)
    third = Outlet.objects.create(enterprise=other, code="DW001", name="总排口", medium=Outlet.Medium.WATER)
    rows = (
        (outlet, date(2026, 3, 5), "化学需氧量", "daily", "40"),
        (outlet, date(2026, 4, 5), "化学需氧量", "daily", "65"),
        (outlet, date(2026, 4, 5), "pH值", "daily", "7.1"),
        (second, date(2026, 4, 6), "二氧化硫", "hourly", "20"),
        (third, date(2026, 4, 7), "化学需氧量", "daily", "30"),
    )
    for where, day, pollutant, statistic, value in rows:
        services.record_result(
            actor=officer,
            source="supervisory",
            outlet=where,
            sampled_on=day,
            pollutant=pollutant,
            statistic=statistic,
            value=D(value),
        )
    return outlet


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 5),
        (f"enterprise={code(1)}", 4),
        (f"enterprise={code(1).lower()}&outlet=dw001", 3),
        ("outlet=DW001", 4),  # both enterprises have a DW001
        (f"enterprise={code(1)}&outlet=DA001", 1),
        ("pollutant=化学需氧量", 3),
        ("pollutant=no-such", 5),  # not a choice: ignored
        ("statistic=hourly", 1),
        ("date_from=2026-04-01", 4),
        ("date_from=2026-04-01&date_to=2026-04-05", 2),
        ("date_to=not-a-date", 5),
        (f"enterprise={code(1)}&pollutant=化学需氧量&date_from=2026-04-01", 1),
    ],
)
def test_monitoring_filters_on_the_page_and_the_api_twin(client, results, query, count):
    api = client.get(f"/api/v1/sources/monitoring?{query}").json()
    assert api["count"] == count, query
    twin = client.get(f"/api/v1/lists/sources-monitoring?{query}").json()
    assert twin["count"] == count, query
    page = client.get(f"/sources/monitoring/?{query}")
    assert page.status_code == 200
    csv = client.get(f"/sources/monitoring/?{query}&export=csv").content.decode("utf-8-sig")
    assert len([line for line in csv.splitlines() if line.strip()]) == count + 1, query


def test_the_facility_page_links_each_outlet_to_its_results(client, results):
    html = client.get(f"/sources/enterprise/{code(1)}/").content.decode()
    assert f"/sources/monitoring/?enterprise={code(1)}&amp;outlet=DW001" in html
    assert f"/sources/monitoring/?enterprise={code(1)}" in html
    spec = client.get("/api/v1/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/api/v1/sources/monitoring"]["get"]["parameters"]}
    assert {"enterprise", "outlet", "pollutant", "statistic", "date_from", "date_to"} <= names


def test_validity_audit_entered_by_staff_is_audited_and_published(client, client_for, officer, outlet):
    staff = client_for(officer)
    assert staff.get("/staff/sources/validity/new/").status_code == 200
    data = {
        "enterprise_code": code(1).lower(),
        "outlet_code": "dw001",
        "year": "2026",
        "quarter": "3",
        "result": "failed",
        "note": "数据传输有效率不足，联系人电话13812345678",
    }
    response = staff.post("/staff/sources/validity/new/", data, follow=True)
    assert "已保存有效性审核结果" in response.content.decode()
    row = ValidityAudit.objects.get()
    assert (row.outlet, row.year, row.quarter, row.result) == (outlet, 2026, 3, "failed")
    staff.post("/staff/sources/validity/new/", data | {"result": "passed", "note": "复核合格"})
    row.refresh_from_db()
    assert row.result == "passed" and ValidityAudit.objects.count() == 1
    records = AuditRecord.objects.filter(action="sources.validity_audit").order_by("pk")
    assert not records.first().before
    assert (
        records.last().before_data["result"] == "failed" and records.last().after_data["result"] == "passed"
    )
    # an enterprise-level result (no outlet) is its own row
    staff.post("/staff/sources/validity/new/", data | {"outlet_code": "", "result": "passed"})
    assert ValidityAudit.objects.filter(outlet=None).count() == 1
    page = client.get("/sources/validity-audits/").content.decode()
    assert "2026年第3季度" in page
    for bad, message in (
        ({"enterprise_code": "91990100MA9999999X"}, "单位未登记"),
        ({"outlet_code": "DW404"}, "该单位没有这个排放口"),
        ({"quarter": "5"}, "quarter"),
    ):
        response = staff.post("/staff/sources/validity/new/", data | bad)
        assert response.status_code == 200 and message in response.content.decode(), bad
    assert ValidityAudit.objects.count() == 2


def test_validity_entry_needs_the_results_permission(client_for, make_staff):
    reader = client_for(make_staff("enforcement_officer"))
    assert reader.get("/staff/sources/validity/new/").status_code == 403
    assert reader.post("/staff/sources/validity/new/", {}).status_code == 403


def test_an_outlet_of_another_enterprise_is_refused(officer, outlet):
    other = make_enterprise(officer, serial=3)
    from gongkai.core.errors import DomainError

    with pytest.raises(DomainError):
        services.record_validity_audit(
            actor=officer, enterprise=other, outlet=outlet, year=2026, quarter=1, result="passed"
        )


def test_permit_numbers_link_to_the_national_platform(client, outlet, settings):
    settings.SOURCES_PERMIT_URL = "https://permit.example.cn/query?xkzh={number}"
    html = client.get("/sources/permits/").content.decode()
    assert f'href="https://permit.example.cn/query?xkzh={outlet.permit.number}"' in html
    row = client.get("/api/v1/sources/permits").json()["results"][0]
    assert row["platform_url"] == f"https://permit.example.cn/query?xkzh={outlet.permit.number}"
