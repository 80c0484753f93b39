"""Staff pages of enforcement, licensing, EIA and interaction in English (issue #13, "Staff wording"):
with the language switch on English, and ASCII data only, the console pages of these four apps show no
Chinese interface text and no raw codes. The checks are those of test_staff_english.py."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.core.test_staff_english import (  # noqa: F401
    ascii_organisation,
    assert_english,
    chinese_left,
    english,
    people,
    raw_codes,
)

pytestmark = pytest.mark.django_db


def credit_code(body: str) -> str:
    from gongkai.core.identifiers import credit_code_check_char

    return body + credit_code_check_char(body)


@pytest.fixture
def officer(make_staff, ascii_organisation):  # noqa: F811
    return make_staff("enforcement_officer", username="officer", full_name="Olly Officer")


@pytest.fixture
def enforcement_cases(officer):
    """A draft and a published 行政处罚 decision, and a 双随机 plan committed and drawn, with ASCII data."""
    from gongkai.enforcement import services
    from gongkai.enforcement.models import InspectionObject, Inspector

    def data(**changes):
        return {
            "category": "penalty",
            "party_type": "organisation",
            "party_name": "Acme Chemicals Ltd",
            "credit_code": credit_code("91330100MA2AB1C2D"),
            "legal_representative": "Wang Jianguo",
            "violation_type": "Air pollutants above the standard",
            "facts": "Online monitoring showed sulphur dioxide above the emission standard.",
            "legal_basis": "Air Pollution Prevention and Control Law, article 99",
            "kind": "罚款",
            "content": "A fine of 200,000 yuan",
            "amount": Decimal("20"),
            "decided_on": date(2026, 9, 28),
            "authority": "Example EEB",
            "authority_code": credit_code("11990100000123456"),
            **changes,
        }

    draft = services.create_decision(actor=officer, data=data())
    published = services.publish_decision(
        actor=officer,
        decision=services.create_decision(actor=officer, data=data(decided_on=date(2026, 10, 9))),
    )
    services.credit_push(actor=officer, first=timezone.localdate(), last=timezone.localdate())
    for n in range(1, 9):
        InspectionObject.objects.create(
            code=f"K{n:03d}",
            name=f"Key Plant {n}",
            category="key",
            credit_code=credit_code(f"91330100MA2K{n:05d}"),
        )
        InspectionObject.objects.create(code=f"G{n:03d}", name=f"General Works {n}", category="general")
        Inspector.objects.create(code=f"P{n:02d}", name=f"Inspector {n}")
    plan = services.create_plan(
        actor=officer,
        title="Fourth quarter random inspections",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        pools=[("key", Fraction(1, 4), None), ("general", None, 2)],
    )
    drawn = services.create_plan(
        actor=officer,
        title="Drawn random inspections",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        pools=[("key", None, 2), ("general", None, 2)],
    )
    drawn = services.run_draw(
        actor=officer, plan=services.commit_plan(actor=officer, plan=drawn, seed_hex="5eed" * 16)
    )
    listed = services.create_listed_case(
        actor=officer,
        kind="supervised",
        campaign="Air pollution cases listed in 2026",
        party_name="Xinyuan Foundry Ltd",
        credit_code=credit_code("91330100MA2LD0001"),
        problem="Fugitive emissions; no emergency reduction measures.",
        listed_on=date(2026, 8, 1),
        deadline=date(2026, 10, 31),
    )
    rectification = services.create_rectification_plan(
        actor=officer, title="Central inspection feedback", level="central", feedback_on=date(2026, 3, 1)
    )
    services.add_problem(
        actor=officer,
        plan=rectification,
        description="Sewage pipes of the industrial park incomplete",
        responsible_unit="Example Housing Bureau",
        measures="Survey the pipes and separate rain and sewage",
        deadline=date(2026, 12, 31),
    )
    return {
        "draft": draft,
        "published": published,
        "plan": plan,
        "drawn": drawn,
        "listed": listed,
        "rectification": rectification,
    }


def test_enforcement_pages_are_english(client_for, officer, people, enforcement_cases):  # noqa: F811
    client = english(client_for(officer))
    urls = [
        reverse(f"enforcement:{name}")
        for name in (
            "staff_decisions",
            "staff_decision_new",
            "staff_creditchina",
            "staff_plans",
            "staff_plan_new",
            "staff_conflicts",
            "staff_listed",
            "staff_rectification",
        )
    ]
    urls += [
        reverse("enforcement:staff_decision", args=[enforcement_cases[name].pk])
        for name in ("draft", "published")
    ]
    urls.append(reverse("enforcement:staff_decision_edit", args=[enforcement_cases["draft"].pk]))
    urls += [
        reverse("enforcement:staff_plan", args=[enforcement_cases[name].pk]) for name in ("plan", "drawn")
    ]
    assert_english(client, urls)
    leader = english(client_for(people["leader"]))
    assert_english(leader, [reverse("enforcement:staff_decisions"), reverse("enforcement:staff_plans")])


@pytest.fixture
def licensing_cases(people):  # noqa: F811
    from gongkai.licensing import services

    def data(**changes):
        return {
            "item": "eia",
            "action": "issue",
            "party_name": "Qinghe Chemicals Ltd",
            "party_category": "organisation",
            "credit_code": credit_code("91330100MA2AB1C2D"),
            "legal_representative": "",
            "document_title": "Approval of the Qinghe extension EIA report",
            "document_number": "",
            "licence_category": "普通",
            "certificate_name": "",
            "certificate_number": "",
            "content": "The project may be built",
            "decided_on": date(2026, 9, 29),
            "valid_from": None,
            "valid_to": None,
            "remarks": "",
            **changes,
        }

    editor = people["editor"]
    draft = services.create_decision(actor=editor, data=data())
    published = services.publish_decision(
        actor=editor, decision=services.create_decision(actor=editor, data=data())
    )
    licence = services.issue_licence(
        actor=editor,
        data={
            "kind": "hazardous_waste",
            "number": "HW-2026-001",
            "holder_name": "Green Source Environmental Ltd",
            "credit_code": credit_code("91330100MA2AB1C3D"),
            "legal_representative": "",
            "address": "High-tech Zone",
            "valid_from": date(2026, 3, 2),
            "valid_to": date(2031, 3, 1),
            "business_mode": "Collection, storage, disposal",
            "capacity_tpa": Decimal("12000"),
            "scope": "",
        },
        decided_on=date(2026, 3, 2),
    )
    application = services.register_application(
        actor=editor,
        data={
            "number": "xk2026-0001",
            "item": "eia",
            "applicant_name": "Secret Chemicals Ltd",
            "credit_code": credit_code("91330100MA2AB1C4D"),
            "received_on": date(2026, 9, 1),
        },
    )
    return {"draft": draft, "published": published, "licence": licence, "application": application}


def test_licensing_pages_are_english(client_for, people, officer, licensing_cases):  # noqa: F811
    editor = english(client_for(people["editor"]))
    urls = [
        reverse(f"licensing:{name}")
        for name in (
            "staff_decisions",
            "staff_decision_new",
            "staff_creditchina",
            "staff_licences",
            "staff_licence_new",
            "staff_applications",
            "staff_application_new",
        )
    ]
    urls += [
        reverse("licensing:staff_decision", args=[licensing_cases[name].pk])
        for name in ("draft", "published")
    ]
    assert_english(editor, urls)
    enforcement = english(client_for(officer))
    assert_english(
        enforcement,
        [
            reverse(f"licensing:{name}")
            for name in (
                "staff_obligations",
                "staff_obligation_new",
                "staff_obligation_upload",
                "staff_report_new",
                "staff_report_upload",
                "staff_token_new",
            )
        ],
    )


@pytest.fixture
def eia_cases(officer, monkeypatch):
    """A project whose 受理公示 is published on Monday 28 September 2026 with a comment, and another with a
    draft notice."""
    from gongkai.eia import services
    from tests.eia.conftest import moment, pdf_upload

    monkeypatch.setattr(services, "today", lambda: date(2026, 9, 28))
    monkeypatch.setattr(timezone, "now", lambda: moment(date(2026, 9, 28)))

    def project(n: int):
        return services.create_project(
            actor=officer,
            data={
                "kind": "eia",
                "name": f"Test chemicals project {n}",
                "builder": "Test Chemicals Ltd",
                "credit_code": credit_code(f"91990100MA0TE001{n}"),
                "location": "1 Harbour Road",
                "district": "Harbour District",
                "category": "C26",
                "document_kind": "report",
                "preparer": "Example Institute of Environmental Sciences",
                "summary": "A new production line.",
                "approval_number": "",
                "received_on": date(2026, 9, 25),
            },
        )

    def notice(project):
        return services.save_notice(
            actor=officer,
            project=project,
            stage="acceptance",
            data={"formed_on": date(2026, 9, 25), "body": "The application is hereby announced."},
            upload=pdf_upload("report.pdf"),
        )

    drafted = project(1)
    notice(drafted)
    published = project(2)
    open_notice = services.publish_notice(actor=officer, notice=notice(published))
    comment = services.submit_comment(
        notice=open_notice,
        name="Chen Jianguo",
        contact="13912345678",
        content="Please explain the effect of the exhaust gas on the villages nearby.",
    )
    return {"project": drafted, "published": published, "notice": open_notice, "comment": comment}


def test_eia_pages_are_english(client_for, officer, people, eia_cases):  # noqa: F811
    client = english(client_for(officer))
    project = eia_cases["project"]
    assert_english(
        client,
        [
            reverse("eia:staff_projects"),
            reverse("eia:staff_project_new"),
            reverse("eia:staff_comments"),
            reverse("eia:staff_project", args=[project.pk]),
            reverse("eia:staff_project_edit", args=[project.pk]),
            reverse("eia:staff_notice", args=[project.pk, "acceptance"]),
            reverse("eia:staff_notice", args=[project.pk, "pre_approval"]),
            reverse("eia:staff_project", args=[eia_cases["published"].pk]),
            reverse("eia:staff_comment", args=[eia_cases["comment"].pk]),
            reverse("eia:staff_notice_correct", args=[eia_cases["notice"].pk]),
        ],
    )


@pytest.fixture
def interaction_cases(people, officer, settings):  # noqa: F811
    from gongkai.interaction import services

    settings.INTERACTION_DISTRICTS = (
        "East District",
        "West District",
    )  # configured, as the organisation's name
    editor, handler = people["editor"], people["handler"]
    message = services.submit_message(
        data={
            "kind": "consultation",
            "title": "Noise monitoring near a building site",
            "body": "How is the night-time noise of the building site near my home measured?",
            "name": "Li Si",
            "phone": "13912345678",
            "email": "lisi@example.com",
            "consent_publish": True,
        }
    ).message
    answered = services.submit_message(
        data={
            "kind": "complaint",
            "title": "Smoke from a chimney",
            "body": "A chimney near the river smokes every night.",
            "name": "Zhang San",
            "phone": "13912345679",
            "email": "zhangsan@example.com",
            "consent_publish": True,
        }
    ).message
    services.moderate(actor=editor, message=answered, approve=True)
    services.assign(actor=editor, message=answered, department="Air section", handler=handler)
    services.reply(actor=handler, message=answered, text="We will measure it this week.", publish=True)
    report = services.submit_message(
        data={
            "kind": "report",
            "pollution_kind": "water",
            "district": "East District",
            "location": "Outfall on East Lake Road",
            "title": "Dark water at an outfall",
            "body": "Dark water flows from the outfall every evening.",
            "name": "Wang Wu",
            "phone": "13912345670",
            "email": "wangwu@example.com",
            "consent_publish": False,
        }
    ).message
    services.moderate(actor=editor, message=report, approve=True)
    lead = services.transfer_to_enforcement(
        actor=editor, message=report, officer=officer, note="Possibly illegal discharge, please check."
    )
    today = timezone.localdate()
    consultation = services.save_consultation(
        actor=editor,
        consultation=None,
        data={
            "title": "Draft rules on noise",
            "summary": "",
            "draft_text": "The draft text.",
            "department": "",
            "starts_on": today,
            "ends_on": today + timedelta(days=30),
        },
    )
    consultation = services.open_consultation(actor=editor, consultation=consultation)
    _pending, _new = services.submit_comment(
        consultation=consultation,
        data={
            "body": "Measure the noise one metre outside the nearest window.",
            "name": "Wang Wu",
            "contact": "",
        },
    )
    adopted, _new = services.submit_comment(
        consultation=consultation,
        data={"body": "Publish the readings every month.", "name": "", "contact": ""},
    )
    services.moderate_comment(actor=editor, comment=adopted, approve=True)
    services.set_adoption(
        actor=editor, comment=adopted, adoption="not_adopted", reason="Already in article 5"
    )
    planned = services.save_press_event(
        actor=editor,
        event=None,
        data={
            "format": "press",
            "title": "Third quarter press conference",
            "scheduled_at": timezone.now() + timedelta(days=20),
            "place": "Meeting room 3",
            "speakers": "",
            "topics": "",
            "transcript": "",
            "materials": "",
            "video_url": "",
            "state": "planned",
        },
    )
    opinion = services.save_opinion(
        actor=editor,
        item=None,
        data={
            "topic": "A plant said to discharge at night",
            "source": "Local forum",
            "source_url": "",
            "level": "significant",
            "first_seen_at": timezone.now() - timedelta(hours=2),
            "assessment": "",
            "response": "",
            "responded_at": None,
            "response_url": "",
        },
    )
    press = services.save_press_event(
        actor=editor,
        event=None,
        data={
            "format": "press",
            "title": "Second quarter press conference",
            "scheduled_at": timezone.now() - timedelta(days=1),
            "place": "Meeting room 3",
            "speakers": "Zhang San, director",
            "topics": "Air quality",
            "transcript": "Host: welcome.",
            "materials": "",
            "video_url": "",
            "state": "held",
        },
        opinions=[opinion],
    )
    publication = services.save_publication(
        actor=editor,
        publication=None,
        data={
            "source": "document",
            "title": "Inspections of the third quarter",
            "summary": "",
            "body_html": "<p>We inspected 42 plants.</p>",
        },
    )
    return {
        "message": message,
        "answered": answered,
        "consultation": consultation,
        "opinion": opinion,
        "press": press,
        "publication": publication,
        "report": report,
        "lead": lead,
        "planned": planned,
    }


def test_interaction_pages_are_english(client_for, people, officer, interaction_cases, settings):  # noqa: F811
    settings.INTERACTION_DISTRICTS = (
        "East District",
        "West District",
    )  # configured names, as the organisation's
    cases = interaction_cases
    editor = english(client_for(people["editor"]))
    urls = [
        reverse(f"interaction:{name}")
        for name in (
            "staff_messages",
            "staff_notifications",
            "staff_consultations",
            "staff_consultation_new",
            "staff_press",
            "staff_press_new",
            "staff_opinions",
            "staff_opinion_new",
            "staff_publications",
            "staff_publication_new",
            "staff_map",
        )
    ]
    urls += [
        reverse("interaction:staff_message", args=[cases[name].pk])
        for name in ("message", "answered", "report")
    ]
    urls += [
        reverse("interaction:staff_consultation", args=[cases["consultation"].pk]),
        reverse("interaction:staff_press_edit", args=[cases["press"].pk]),
        reverse("interaction:staff_press_edit", args=[cases["planned"].pk]),
        reverse("interaction:staff_opinion_edit", args=[cases["opinion"].pk]),
        reverse("interaction:staff_publication", args=[cases["publication"].pk]),
    ]
    assert_english(editor, urls)
    handler = english(client_for(people["handler"]))
    assert_english(
        handler,
        [
            reverse("interaction:staff_messages"),
            reverse("interaction:staff_message", args=[cases["answered"].pk]),
        ],
    )
    leader = english(client_for(people["leader"]))
    assert_english(
        leader,
        [reverse(f"interaction:{name}") for name in ("staff_overview", "staff_statistics", "staff_leads")],
    )
    enforcement = english(client_for(officer))
    assert_english(
        enforcement,
        [reverse("interaction:staff_leads"), reverse("interaction:staff_lead", args=[cases["lead"].pk])],
    )


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("officer", "enforcement:staff_decision_new"),
        ("officer", "enforcement:staff_plan_new"),
        ("editor", "licensing:staff_decision_new"),
        ("editor", "licensing:staff_licence_new"),
        ("editor", "licensing:staff_application_new"),
        ("officer", "licensing:staff_obligation_new"),
        ("officer", "licensing:staff_report_new"),
        ("officer", "licensing:staff_token_new"),
        ("officer", "eia:staff_project_new"),
        ("editor", "interaction:staff_consultation_new"),
        ("editor", "interaction:staff_press_new"),
        ("editor", "interaction:staff_opinion_new"),
        ("editor", "interaction:staff_publication_new"),
    ],
)
def test_the_errors_of_a_wrong_form_are_english(client_for, people, officer, role, name):  # noqa: F811
    user = officer if role == "officer" else people[role]
    wrong = {"credit_code": "abc", "amount": "x", "decided_on": "2026-13-01", "title": "t"}
    response = english(client_for(user)).post(reverse(name), wrong)
    assert response.status_code in (200, 400)  # the form again, with its errors
    page = response.content.decode()
    assert 'class="error' in page or "errorlist" in page, "the form shows no error"
    assert not chinese_left(page) + raw_codes(page), chinese_left(page) + raw_codes(page)
