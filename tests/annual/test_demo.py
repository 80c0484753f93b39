"""The demo's 2026 report: generated from every app's demo records after them, passing every check,
handed to 主动公开 review under the 年报 row, and published through that review (保密审查, 领导审批)."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.annual import services
from gongkai.annual.models import Report
from gongkai.core.demo import load_demo_data


@pytest.mark.django_db
def test_the_demo_2026_report_is_generated_and_published_through_review(make_staff):
    from gongkai.disclosure import services as disclosure
    from gongkai.disclosure.models import Document

    load_demo_data()
    report = Report.objects.get(year=2026)
    assert services.failures(report) == []
    assert report.figures["table3"]["new"][-1] > 0
    assert report.figures["table2"]["行政处罚"]["本年处理决定数量"] > 0
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


@pytest.mark.django_db
def test_the_demo_piti_self_assessment_measures_every_category():
    from django.utils import timezone

    from gongkai.core import piti
    from gongkai.sitecheck import piti as scoring

    load_demo_data()
    today = timezone.localdate()
    measures = [m for indicator in piti.indicators() for m in indicator.compute(today)]
    overall, categories = scoring.score(measures, piti.CATEGORIES)
    by = {c.category: c for c in categories}
    assert all(c.score is not None for c in categories) and overall is not None
    for category in ("自行监测", "环评信息", "依申请公开"):
        assert by[category].score == 100, by[category].fixes
    complete = next(m for m in by["日常监管"].measures if m.criterion == "完整")
    assert complete.total > 0 and complete.done == complete.total  # every 双公示 必填 field
    # What the demo deliberately leaves to fix (late publications, units without loggers) is listed.
    assert all(c.fixes for c in categories if c.score < 100)
