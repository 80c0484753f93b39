"""The demo's 2026 report: generated from every app's demo records after them, passing every check,
handed to 主动公开 review under the 年报 row, and published through that review (保密审查, 领导审批)."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.annual import services
from gongkai.annual.models import Report
from gongkai.core.demo import load_demo_data


def test_the_demo_2026_report_is_generated_and_published_through_review(demo_data, make_staff):
    from gongkai.disclosure import services as disclosure
    from gongkai.disclosure.models import Document

    report = Report.objects.get(year=2026)
    assert services.failures(report) == []
    assert report.figures["table3"]["new"][-1] > 0
    assert report.figures["table2"]["行政处罚"]["本年处理决定数量"] > 0
    # air and water are drafted from their records (core.yearly), not written by hand in the demo
    assert "空气质量日报" in report.sections["一"] and "优良天数" in report.sections["一"]
    assert "地表水" in report.sections["一"] and "断面" in report.sections["一"]
    assert "及时更新空气质量、水环境质量等数据" not in report.sections["一"]
    ref = services.document_status(report)
    assert ref is not None and ref.status == "draft"
    document = Document.objects.get(pk=ref.id)
    assert document.catalogue_item.code == "04"
    assert [a.name.rsplit(".", 1)[1] for a in document.current_attachments()] == ["docx", "pdf"]
    load_demo_data()  # idempotent: the same document
    assert Report.objects.get(year=2026).document_id == ref.id

    editor = make_staff("editor", username="nb_editor")
    reviewer = make_staff("reviewer", username="nb_reviewer")
    leader = make_staff("leader", username="nb_leader")
    document = disclosure.submit_for_review(actor=editor, document=document)
    for hit in disclosure.pending_hits(document):
        disclosure.override_hit(actor=reviewer, hit=hit, reason="年报中的机构联系方式，依法公开。")
    document = disclosure.pass_review(actor=reviewer, document=document, note="不涉密，可公开。")
    document = disclosure.approve_document(actor=leader, document=document)
    assert services.published(Report.objects.get(year=2026))
    ref = services.document_status(report)
    page = Client().get(ref.public_url)
    assert page.status_code == 200
    assert "2026年政府信息公开工作年度报告" in page.content.decode()


def test_the_demo_reaches_100_on_the_piti_self_assessment(demo_data):
    """Issue 19: the demo scores full marks in every category (each deduction is shown by the hand-made
    fixtures of tests/sitecheck/test_piti_measures.py); the late examples the enforcement and
    interaction demos keep are from before the 12 months the index scores."""
    from django.utils import timezone

    from gongkai.core import piti
    from gongkai.sitecheck import piti as scoring

    today = timezone.localdate()
    measures = [m for indicator in piti.indicators() for m in indicator.compute(today)]
    overall, categories = scoring.score(measures, piti.CATEGORIES)
    assert {c.category: (c.score, c.fixes) for c in categories} == dict.fromkeys(piti.CATEGORIES, (100, ()))
    assert overall == 100
    by = {c.category: c for c in categories}
    for category, criterion in (("日常监管", "完整"), ("排放数据", "及时"), ("重点排污单位名录", "及时")):
        measure = next(m for m in by[category].measures if m.criterion == criterion)
        assert measure.total > 0  # full marks from records, not from nothing to count


@pytest.mark.django_db
def test_the_demo_reaches_100_also_when_loaded_in_the_first_hour_of_a_month():
    """The same at 2026-12-01 00:30 +08:00 (time frozen by patching django.utils.timezone.now, which the
    demos and the measures read): the six HJ 212 demo loggers' 12 hours then end in November, so they
    run a few minutes into December (sources/demo.py)."""
    from datetime import UTC, datetime, timedelta, timezone
    from unittest import mock

    from gongkai.core import piti
    from gongkai.sitecheck import piti as scoring

    moment = datetime(2026, 12, 1, 0, 30, tzinfo=timezone(timedelta(hours=8)))
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(UTC)):
        load_demo_data()
        measures = [m for indicator in piti.indicators() for m in indicator.compute(moment.date())]
    overall, categories = scoring.score(measures, piti.CATEGORIES)
    assert {c.category: (c.score, c.fixes) for c in categories} == dict.fromkeys(piti.CATEGORIES, (100, ()))
    assert overall == 100
