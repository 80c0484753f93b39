"""The report model and staff pages: generated from the registered contributions, narrative edited by
staff and kept on recompute, every cross-check and gap blocking the hand-over with the figures named,
DOCX/PDF/HTML, handed to 主动公开 review as a draft under the 年报 row, reminders and overdue cards."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from gongkai.annual import cards, schedule, services
from gongkai.annual.models import Report
from gongkai.audit.models import AuditRecord
from gongkai.core import publishing
from gongkai.core.errors import DomainError
from gongkai.core.outcomes import ApplicantColumn, build_table_three

pytestmark = pytest.mark.django_db
FIVE = "一是部分栏目更新不及时。改进措施：落实日扫描、周通报、月考核。"


@pytest.fixture
def editor(make_staff):
    return make_staff("editor", username="bianji", full_name="王编辑")


@pytest.fixture
def leader(make_staff):
    return make_staff("leader", username="lingdao", full_name="孙局长")


@pytest.fixture
def annual_row(administrator):
    from gongkai.disclosure import services as disclosure

    return disclosure.save_catalogue_item(
        actor=administrator, code="04", name="政府信息公开年报", department="办公室", channels=["政府网站"]
    )


def test_generate_edit_recompute_keeps_staff_text(fake_yearly, editor):
    report = services.generate(actor=editor, year=2026)
    assert report.figures["table2"]["行政处罚"] == {"本年处理决定数量": 37}
    assert report.missing == ["行政许可", "行政强制"]
    assert "行政许可、行政强制无对应业务模块数据，按0填报" in report.sections["六"]
    assert "（一）主动公开。本年度主动公开政府信息120条。" in report.sections["一"]
    services.edit_sections(actor=editor, report=report, sections={"五": FIVE})
    report = services.generate(actor=editor, year=2026)
    assert report.sections["五"] == FIVE and report.edited == ["五"]
    report = services.generate(actor=editor, year=2026, redraft=True)
    assert report.sections["五"].startswith("【请补充")
    assert AuditRecord.objects.filter(action="annual.report.generate").count() == 3


def test_cross_checks_and_gaps_block_the_hand_over_naming_the_figures(fake_yearly, editor, annual_row):
    fake_yearly(
        table3=build_table_three(
            received={ApplicantColumn.NATURAL_PERSON: 4}, carried_over={}, outcomes={}, carried_forward={}
        )
    )
    report = services.generate(actor=editor, year=2026)
    problems = services.failures(report)
    assert any(p.startswith("表三：") and "4" in p for p in problems)
    assert any("“五、存在的主要问题及改进情况”中还有待补充的内容" in p for p in problems)
    with pytest.raises(DomainError, match="年度报告未通过校验"):
        services.submit(actor=editor, report=report)
    assert report.document_id is None


def test_hand_over_to_review_as_a_draft_under_the_annual_row(fake_yearly, editor, annual_row):
    report = services.generate(actor=editor, year=2026)
    one = report.sections["一"].replace("【请补充：", "").replace("】", "")
    report = services.edit_sections(actor=editor, report=report, sections={"一": one, "五": FIVE})
    assert services.failures(report) == []
    ref = services.submit(actor=editor, report=report)
    assert ref.status == "draft"
    report.refresh_from_db()
    assert report.document_id == ref.id and services.submitted(report)
    from gongkai.disclosure.models import Document

    document = Document.objects.get(pk=ref.id)
    assert document.catalogue_item.code == "04"
    assert document.title == "示例市生态环境局2026年政府信息公开工作年度报告" or document.title.endswith(
        "2026年政府信息公开工作年度报告"
    )
    assert "第二十条第（一）项" in document.body and "（七）总计" in document.body
    names = sorted(a.name for a in document.current_attachments())
    assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "pdf"]
    with pytest.raises(DomainError, match="已提交主动公开审核"):
        services.generate(actor=editor, year=2026)
    with pytest.raises(DomainError, match="已提交"):
        services.submit(actor=editor, report=report)


def test_staff_pages_and_outputs(fake_yearly, editor, leader, client_for):
    client = client_for(editor)
    response = client.post(reverse("annual:reports"), {"year": "2026"})
    assert response.status_code == 302
    page = client.get(reverse("annual:report", args=[2026]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="annual-failures"' in text and "五、存在的主要问题及改进情况" in text
    assert 'id="table-three"' in text and "行政许可、行政强制" in text
    response = client.post(reverse("annual:report", args=[2026]), {"action": "save", "五": FIVE})
    assert response.status_code == 302
    assert Report.objects.get(year=2026).sections["五"] == FIVE
    bad = client.post(reverse("annual:reports"), {"year": "2019"})
    assert "早于系统中最早的业务记录" in bad.content.decode()
    for kind, start in (("docx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>")):
        response = client.get(reverse("annual:download", args=[2026, kind]))
        assert response.status_code == 200 and response.content.startswith(start)
    assert client.get(reverse("annual:download", args=[2026, "exe"])).status_code == 404
    assert client.get(reverse("annual:report", args=[1999])).status_code == 404
    # the leader reads but does not edit
    reading = client_for(leader)
    assert reading.get(reverse("annual:report", args=[2026])).status_code == 200
    assert (
        reading.post(reverse("annual:report", args=[2026]), {"action": "save", "五": "x"}).status_code == 403
    )
    assert reading.post(reverse("annual:reports"), {"year": "2026"}).status_code == 403


def test_schedule_reminders_and_overdue(fake_yearly, editor, monkeypatch):
    assert schedule.deadline(2026) == date(2027, 1, 31)
    assert [s.due for s in schedule.steps(2026)] == [
        date(2026, 12, 17),
        date(2027, 1, 16),
        date(2027, 1, 26),
        date(2027, 1, 31),
    ]
    assert schedule.active_years(date(2026, 12, 6)) == [2025]
    assert schedule.active_years(date(2026, 12, 20)) == [2025, 2026]
    monkeypatch.setattr(cards.timezone, "localdate", lambda: date(2027, 1, 10))
    assert cards.pending() == [(2026, schedule.Step(date(2027, 1, 16), "提交主动公开审核"))]
    assert cards.overdue() == []
    monkeypatch.setattr(cards.timezone, "localdate", lambda: date(2027, 2, 3))
    assert cards.overdue() == [2026]
    card = next(c for c in cards.CARDS if c.key == "annual.overdue")
    assert card.alert and card.count(None) == 1
    assert [(item.label, item.due_on) for item in card.items(None)] == [("2026年年报", date(2027, 1, 31))]


def test_nothing_is_published_without_a_publisher(fake_yearly, editor, monkeypatch):
    monkeypatch.setattr(publishing, "_publisher", [])
    report = services.generate(actor=editor, year=2026)
    report.sections = {**report.sections, "一": "x", "五": FIVE}
    report.save()
    with pytest.raises(DomainError, match="未安装主动公开模块"):
        services.submit(actor=editor, report=report)


def test_docx_has_every_title_and_table():
    import docx

    from gongkai.annual import format as fmt
    from gongkai.annual import render
    from tests.annual.conftest import sample_table_three

    report = Report(
        year=2026,
        figures=fmt.to_json(fmt.AnnualReport(2026, fmt.build_table_two(penalty=3), sample_table_three())),
        sections={"一": "第一段\n第二段"},
    )
    document = docx.Document(io.BytesIO(render.docx(report)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0].endswith("2026年政府信息公开工作年度报告")
    assert "第二段" in paragraphs
    assert [len(t.columns) for t in document.tables] == [4, 10, 15]
