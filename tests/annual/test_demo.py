"""The demo's 2026 report: generated from every app's demo records after them, passing every check, and
handed to 主动公开 review under the 年报 row."""

from __future__ import annotations

import pytest

from gongkai.annual import services
from gongkai.annual.models import Report
from gongkai.core.demo import load_demo_data


@pytest.mark.django_db
def test_the_demo_2026_report_is_generated_and_handed_to_review():
    load_demo_data()
    report = Report.objects.get(year=2026)
    assert services.failures(report) == []
    assert report.figures["table3"]["new"][-1] > 0
    ref = services.document_status(report)
    assert ref is not None and ref.status == "draft"
    from gongkai.disclosure.models import Document

    assert Document.objects.get(pk=ref.id).catalogue_item.code == "04"
    load_demo_data()
    assert Report.objects.get(year=2026).document_id == ref.id
