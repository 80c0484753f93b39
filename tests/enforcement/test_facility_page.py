"""With the enterprise registry installed (gongkai.sources registers the directory), a published penalty
shows on the enterprise's public facility page, and the public decision links to that page."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from gongkai.core import facility
from gongkai.enforcement import services

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not apps.is_installed("gongkai.sources"), reason="no enterprise registry installed")
def test_penalty_on_the_enterprise_page(officer, penalty_data, make_staff, client):
    from gongkai.sources import services as registry

    data_officer = make_staff("data_officer", username="data")
    credit = penalty_data()["credit_code"]
    registry.save_enterprise(
        actor=data_officer,
        data={
            "credit_code": credit,
            "name": "示例市宏达化工有限公司",
            "district_code": "990102",
            "district_name": "示范区",
            "industry_code": "C2614",
            "industry_name": "有机化学原料制造",
        },
    )
    ref = facility.lookup(credit)
    assert ref is not None and ref.url
    decision = services.create_decision(actor=officer, data=penalty_data(decided_on=date(2026, 9, 28)))
    services.publish_decision(actor=officer, decision=decision)
    page = client.get(ref.url).content.decode()
    assert decision.number in page and "行政处罚与行政强制" in page
    detail = client.get(reverse("enforcement:decision", args=[decision.pk])).content.decode()
    assert f'href="{ref.url}"' in detail
