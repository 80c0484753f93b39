"""挂牌督办 / 曝光, the 督察整改 tracker (states, 逾期, progress history, evidence, totals, 整改方案 through
主动公开), the facility-page sections and the officer's to-do cards."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core import dashboard, facility, publishing
from gongkai.core.errors import DomainError
from gongkai.enforcement import rules, services
from gongkai.enforcement.models import ListedCase, ProblemProgress

pytestmark = pytest.mark.django_db


def at(day: date):
    moment = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10, 0))
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.mark.parametrize(
    ("recorded", "deadline", "today", "state"),
    [
        ("done", date(2026, 6, 30), date(2026, 12, 1), "done"),
        ("on_schedule", date(2026, 12, 31), date(2026, 12, 1), "on_schedule"),
        ("on_schedule", date(2026, 11, 30), date(2026, 12, 1), "overdue"),
        ("not_done", date(2026, 12, 1), date(2026, 12, 1), "not_done"),  # the deadline day itself
        ("not_done", None, date(2026, 12, 1), "not_done"),
    ],
)
def test_problem_state(recorded, deadline, today, state):
    assert rules.problem_state(recorded, deadline, today) == state


@pytest.fixture
def feedback(officer):
    return services.create_rectification_plan(
        actor=officer,
        title="第三轮中央生态环境保护督察反馈意见整改",
        level="central",
        feedback_on=date(2026, 3, 1),
    )


def test_tracker_states_history_totals_and_public_table(officer, feedback, client):
    problems = [
        services.add_problem(
            actor=officer,
            plan=feedback,
            description=f"问题{n}：工业园区污水收集管网不完善",
            responsible_unit="示例市住房和城乡建设局",
            measures="完成管网排查和雨污分流改造",
            deadline=date(2026, 12, 31) if n % 2 else date(2026, 6, 30),
        )
        for n in range(1, 5)
    ]
    with at(date(2026, 7, 1)):
        services.record_progress(
            actor=officer,
            problem=problems[0],
            reported_on=date(2026, 6, 20),
            state="done",
            note="已完成验收",
            evidence_name="验收意见.txt",
            evidence="验收合格。".encode(),
            evidence_public=True,
        )
        services.record_progress(
            actor=officer,
            problem=problems[2],
            reported_on=date(2026, 6, 25),
            state="on_schedule",
            note="完成60%",
        )
        with pytest.raises(DomainError):
            services.record_progress(
                actor=officer, problem=problems[2], reported_on=date(2026, 6, 25), state="overdue", note="x"
            )
        with pytest.raises(DomainError) as refused:
            services.record_progress(
                actor=officer,
                problem=problems[2],
                reported_on=date(2026, 6, 26),
                state="on_schedule",
                note="见附件",
                evidence_name="名单.txt",
                evidence="联系人手机13812345678".encode(),
                evidence_public=True,
            )
        assert "个人信息" in refused.value.message
        page = client.get(reverse("enforcement:rectification", args=[feedback.pk])).content.decode()
        totals = services.state_totals(feedback.problems.all(), date(2026, 7, 1))
    # problems 2 and 4 (deadline 06-30) are overdue on 07-01; 1 done; 3 on schedule
    assert totals == {"done": 1, "on_schedule": 1, "not_done": 0, "overdue": 2}
    assert 'data-state="overdue"' in page and "已完成验收" in page and "验收意见.txt" in page
    assert ProblemProgress.objects.filter(problem=problems[2]).count() == 1
    api = client.get("/api/v1/lists/enforcement-rectification-problems?state=done").json()
    assert api["count"] == 1
    export = client.get(reverse("enforcement:problems") + f"?plan={feedback.pk}&export=csv")
    assert export.status_code == 200 and "示例市住房和城乡建设局" in export.content.decode("utf-8-sig")
    evidence = ProblemProgress.objects.get(evidence_public=True)
    assert client.get(reverse("enforcement:evidence", args=[evidence.pk])).content == "验收合格。".encode()


def test_rectification_documents_go_to_proactive_disclosure(officer, feedback, administrator):
    from gongkai.disclosure import services as disclosure

    for code, name in (("03", "法定主动公开内容"), ("03.07", "环境监督检查")):
        disclosure.save_catalogue_item(
            actor=administrator, code=code, name=name, department="执法支队", channels=["政府网站"]
        )
    services.add_problem(
        actor=officer,
        plan=feedback,
        description="问题",
        responsible_unit="单位",
        measures="措施",
        deadline=date(2026, 12, 31),
    )
    if not publishing.available():
        with pytest.raises(DomainError):
            services.draft_rectification_document(actor=officer, plan=feedback, which="plan")
        return
    ref = services.draft_rectification_document(actor=officer, plan=feedback, which="plan")
    feedback.refresh_from_db()
    assert feedback.plan_document_id == ref.id
    assert ref.status == "draft"  # it waits for the 主动公开 review
    assert "问题" in publishing.status(ref.id).staff_url or ref.staff_url


def test_listed_cases(officer, code, client):
    case = services.create_listed_case(
        actor=officer,
        kind="supervised",
        campaign="2026年大气污染防治挂牌督办",
        party_name="示例市鑫源铸造有限公司",
        credit_code=code("91330100MA2LD0001"),
        problem="无组织排放严重，未落实重污染天气应急减排措施。",
        listed_on=date(2026, 8, 1),
        deadline=date(2026, 10, 31),
    )
    services.create_listed_case(
        actor=officer,
        kind="exposed",
        campaign="2026年“清废行动”专项督查",
        party_name="示例市恒信物资回收站",
        credit_code=code("92330100MA2LD0002"),
        problem="危险废物露天堆放。",
        listed_on=date(2026, 9, 15),
    )
    assert case.number == "督办〔2026〕1号"
    with pytest.raises(DomainError):
        services.create_listed_case(
            actor=officer,
            kind="supervised",
            campaign="x",
            party_name="x",
            credit_code="123",
            problem="x",
            listed_on=date(2026, 8, 1),
        )
    listing = client.get(reverse("enforcement:listed")).content.decode()
    assert "逾期未销号" in listing and "示例市恒信物资回收站" in listing
    services.close_listed_case(
        actor=officer, case=case, closed_on=date(2026, 11, 5), outcome="完成密闭改造，验收合格。"
    )
    assert ListedCase.objects.get(pk=case.pk).status == "closed"
    assert "已整改销号" in client.get(reverse("enforcement:listed")).content.decode()


def test_facility_sections_show_records_by_credit_code(officer, penalty_data, code):
    credit = penalty_data()["credit_code"]
    decision = services.create_decision(actor=officer, data=penalty_data())
    services.create_listed_case(
        actor=officer,
        kind="supervised",
        campaign="批次",
        party_name="示例市宏达化工有限公司",
        credit_code=credit,
        problem="废气超标。",
        listed_on=date(2026, 8, 1),
    )
    staff = {s.section.key: s for s in facility.sections_for(credit, public=False)}
    assert {"enforcement.decisions", "enforcement.listed"} <= set(staff)
    public = {s.section.key for s in facility.sections_for(credit, public=True)}
    assert "enforcement.decisions" not in public  # not yet published
    services.publish_decision(actor=officer, decision=decision)
    public = {s.section.key: s for s in facility.sections_for(credit, public=True)}
    assert public["enforcement.decisions"].context["decisions"] == [decision]
    from django.template.loader import render_to_string

    html = render_to_string(
        public["enforcement.decisions"].section.template, public["enforcement.decisions"].context
    )
    assert decision.number in html and reverse("enforcement:decision", args=[decision.pk]) in html
    html = render_to_string(
        public["enforcement.listed"].section.template, public["enforcement.listed"].context
    )
    assert "废气超标" in html


def test_officer_cards(officer, leader, penalty_data):
    decision = services.create_decision(actor=officer, data=penalty_data(decided_on=date(2026, 9, 28)))
    with at(date(2026, 10, 12)):  # due 10-13: within 2 working days
        cards = {shown.card.key: shown for shown in dashboard.cards_for(officer)}
        assert cards["enforcement.due_soon"].count == 1
        assert cards["enforcement.overdue_publication"].count == 0
        assert decision.number in str(cards["enforcement.due_soon"].items[0].label)
    with at(date(2026, 10, 20)):
        cards = {shown.card.key: shown for shown in dashboard.cards_for(officer)}
        assert cards["enforcement.overdue_publication"].count == 1
        assert cards["enforcement.overdue_publication"].urgent
    assert "enforcement.overdue_publication" not in {s.card.key for s in dashboard.cards_for(leader)}


def test_every_enforcement_menu_entry_opens_for_its_roles(officer, leader, client_for):
    from gongkai.core import menu

    entries = [e for e in menu._entries if e.url_name.startswith("enforcement:")]
    assert len(entries) == 5
    for user in (officer, leader):
        client = client_for(user)
        for entry in entries:
            if user.has_perm(entry.permission):
                assert client.get(reverse(entry.url_name)).status_code == 200, entry.url_name


def test_public_pages_answer(client):
    for name in ("index", "decisions", "plans", "listed", "rectifications", "problems"):
        assert client.get(reverse(f"enforcement:{name}")).status_code == 200
    assert client.get(reverse("enforcement:decision", args=[999])).status_code == 404
    assert client.get(reverse("enforcement:plan", args=[999])).status_code == 404
    assert client.get(reverse("enforcement:rectification", args=[999])).status_code == 404
    assert client.get("/sitemap.xml").status_code == 200
    _ = timedelta


def test_the_party_name_comes_from_the_enterprise_directory(officer, penalty_data, code):
    credit = code("91330100MA2DR0001")
    directory = facility.Directory(
        lookup=lambda c: (
            facility.EnterpriseRef(c, "示例市名录化工有限公司", "/qiye/1/") if c == credit else None
        ),
        search=lambda text, limit: [],
    )
    with mock.patch.object(facility, "_directory", [directory]):
        decision = services.create_decision(
            actor=officer, data=penalty_data(party_name="", credit_code=credit)
        )
        assert decision.party_name == "示例市名录化工有限公司"
        with pytest.raises(DomainError):
            services.create_decision(
                actor=officer, data=penalty_data(party_name="", credit_code=code("91330100MA2DR0002"))
            )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("报告.exe", b"MZ\x90\x00", "只接受"),
        ("报告.pdf", b"not a pdf", "不符"),
        ("照片.png", b"%PDF-1.4", "不符"),
        ("说明.txt", "验收".encode("gb18030"), "UTF-8"),
    ],
)
def test_evidence_types_are_checked(officer, feedback, name, data, message):
    problem = services.add_problem(
        actor=officer,
        plan=feedback,
        description="问题",
        responsible_unit="单位",
        measures="措施",
        deadline=date(2026, 12, 31),
    )
    with pytest.raises(DomainError, match=message):
        services.record_progress(
            actor=officer,
            problem=problem,
            reported_on=date(2026, 6, 20),
            state="on_schedule",
            note="进展",
            evidence_name=name,
            evidence=data,
        )


def test_evidence_is_listed_with_its_title_and_downloaded_by_staff(officer, feedback, client, client_for):
    from gongkai.enforcement.models import ProblemProgress

    problem = services.add_problem(
        actor=officer,
        plan=feedback,
        description="问题",
        responsible_unit="单位",
        measures="措施",
        deadline=date(2026, 12, 31),
    )
    services.record_progress(
        actor=officer,
        problem=problem,
        reported_on=date(2026, 6, 20),
        state="on_schedule",
        note="进展",
        evidence_name="scan.pdf",
        evidence=b"%PDF-1.4 minimal",
        evidence_title="现场核查照片",
    )
    progress = ProblemProgress.objects.get()
    assert progress.evidence_label == "现场核查照片"
    staff = client_for(officer)
    page = staff.get(reverse("enforcement:staff_rectification_plan", args=[feedback.pk])).content.decode()
    assert "现场核查照片" in page
    assert staff.get(reverse("enforcement:staff_evidence", args=[progress.pk])).content == b"%PDF-1.4 minimal"
    # not public: neither the public download nor an anonymous staff download
    assert client.get(reverse("enforcement:evidence", args=[progress.pk])).status_code == 404
    assert client.get(reverse("enforcement:staff_evidence", args=[progress.pk])).status_code in (302, 403)
