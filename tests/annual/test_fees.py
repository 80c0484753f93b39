"""Table 二 第（八）项 行政事业性收费: no app records it (the 信息处理费 go to section 六), so staff enter the
year's figure; it is audited, shown in the report as entered, and refused once the report is in review."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from gongkai.annual import fees, services
from gongkai.audit.models import AuditRecord
from gongkai.core import yearly
from gongkai.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_staff):
    return make_staff("editor", username="bianji", full_name="王编辑")


@pytest.fixture
def no_fee_contributor(fake_yearly, monkeypatch):
    """The made-up contributors, without the one giving 行政事业性收费, plus this app's own."""
    found = {k: v for k, v in yearly._contributors.items() if k != "penalties"}
    penalties = yearly.Contributor(
        "penalties", lambda year: yearly.Contribution(table2={"penalty": {"decisions": 37}}), 30
    )
    monkeypatch.setattr(yearly, "_contributors", found | {"penalties": penalties, fees.KEY: fees.CONTRIBUTOR})


def test_the_fee_contributor_is_registered():
    assert fees.KEY in {contributor.key for contributor in yearly.contributors()}
    applications = next(c for c in yearly.contributors() if c.key.startswith("applications"))
    assert "fees" not in applications.compute(2026).table2  # 信息处理费 are not 行政事业性收费


def test_without_an_entry_the_row_is_reported_as_zero_and_named(no_fee_contributor, editor):
    report = services.generate(actor=editor, year=2026)
    assert report.figures["table2"]["行政事业性收费"] == {"本年收费金额（单位：万元）": 0.0}
    assert "行政事业性收费" in report.missing


def test_staff_enter_the_figure_audited_and_shown_as_entered(no_fee_contributor, editor, client):
    services.generate(actor=editor, year=2026)
    client.force_login(editor)
    url = reverse("annual:report", args=[2026])
    page = client.get(url).content.decode()
    assert "未录入（按0填报）" in page
    bad = client.post(url, {"action": "fees", "fees-amount": "-1"})
    assert bad.status_code == 200 and "fees-amount" in bad.content.decode()
    response = client.post(
        url, {"action": "fees", "fees-amount": "2.5", "fees-items": "排污权有偿使用费（示例依据）"}
    )
    assert response.status_code == 302
    report = services.Report.objects.get(year=2026)
    assert report.figures["table2"]["行政事业性收费"] == {"本年收费金额（单位：万元）": 2.5}
    assert "行政事业性收费" not in report.missing and report.sources["fees.fee_amount"] == fees.KEY
    page = client.get(url).content.decode()
    assert "2.5万元，工作人员录入（" in page and "排污权有偿使用费（示例依据）" in page
    services.enter_fees(actor=editor, year=2026, amount=Decimal("3"))
    records = AuditRecord.objects.filter(action="annual.fees.enter").order_by("pk")
    assert [Decimal(r.after_data["amount"]) for r in records] == [Decimal("2.5"), Decimal("3")]
    assert Decimal(records.last().before_data["amount"]) == Decimal("2.5")


def test_fees_need_the_permission_and_an_open_report(no_fee_contributor, editor, make_staff, monkeypatch):
    leader = make_staff("leader", username="lingdao")
    with pytest.raises(Exception):
        services.enter_fees(actor=leader, year=2026, amount=Decimal("1"))
    services.generate(actor=editor, year=2026)
    monkeypatch.setattr(services, "submitted", lambda report: True)
    with pytest.raises(DomainError):
        services.enter_fees(actor=editor, year=2026, amount=Decimal("1"))
