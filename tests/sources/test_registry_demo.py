"""The registry's demo loader: about 60 enterprises, two years of 名录, permits with limits, results with
exceedances judged like any result; a second run adds nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from gongkai.core import facility
from gongkai.core.identifiers import is_valid_credit_code
from gongkai.sources.demo_registry import load_registry_demo
from gongkai.sources.models import Enterprise, KeyUnit, MonitoringResult, Permit, PermitLimit, ValidityAudit

pytestmark = pytest.mark.django_db


@override_settings(TESTING=False)
def test_demo_registry_volume_and_idempotence():
    assert load_registry_demo(today=date(2026, 12, 6)) == 60
    assert all(
        is_valid_credit_code(code) for code in Enterprise.objects.values_list("credit_code", flat=True)
    )
    assert Enterprise.objects.values("district_code").distinct().count() == 3
    assert Enterprise.objects.values("industry_code").distinct().count() >= 8
    assert set(KeyUnit.objects.values_list("year", flat=True)) == {2025, 2026}
    added = set(KeyUnit.objects.filter(year=2026).values_list("enterprise", "category")) - set(
        KeyUnit.objects.filter(year=2025).values_list("enterprise", "category")
    )
    assert added
    assert Permit.objects.count() == 60 and PermitLimit.objects.exists()
    assert set(Permit.objects.values_list("status", flat=True)) >= {"valid", "changed", "revoked", "expired"}
    results = MonitoringResult.objects.filter(source="supervisory")
    months = {(d.year, d.month) for d in results.values_list("sampled_on", flat=True)}
    assert len(months) == 12
    assert 0 < results.filter(exceeded=True).count() < results.count() * 0.1
    assert MonitoringResult.objects.filter(
        source="self", judged=False
    ).exists()  # hourly at a daily-limit outlet
    assert ValidityAudit.objects.filter(result="failed").exists()
    assert facility.lookup(Enterprise.objects.first().credit_code) is not None
    from gongkai.sources.models_permits import PermitApplication

    applications = PermitApplication.objects.all()
    assert applications.count() == 4
    assert {a.publicity_state(date(2026, 12, 6)) for a in applications} == {"open", "upcoming", "closed"}
    assert all(a.documents.count() == 2 for a in applications)
    from gongkai.sources.queries import plan_coverage

    coverage = [
        c
        for e in Enterprise.objects.filter(outlets__plan_items__isnull=False).distinct()[:10]
        for c in plan_coverage(e.credit_code, date(2026, 12, 6))
    ]
    assert any(c.checked and c.missing for c in coverage) and any(not c.checked for c in coverage)
    assert load_registry_demo(today=date(2026, 12, 6)) == 0
