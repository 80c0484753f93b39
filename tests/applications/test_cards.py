"""The to-do cards of 依申请公开 on the staff home: each role sees the cards of its work, with the
bureau-wide counts of what waits (待确认受理, 待法审, 待审批签发, 逾期, 5 个工作日内到期)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.core.dashboard import cards_for

from .conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def workload(register, handler, legal, today):
    """Cases in every waiting state: one submitted online, one overdue, one due soon (with a pending
    extension request), one with a letter in legal review and one with a letter approved to sign."""
    services.submit_application(data=person())
    register(received_on=date(2026, 9, 1), backdate_reason="补登")  # due 2026-09-29 + holidays: overdue
    soon = register(received_on=date(2026, 9, 22), backdate_reason="补登")
    services.request_extension(actor=handler, application=soon, workdays=10, reason="需要调取档案")
    in_review = register()
    services.submit_for_legal_review(
        actor=handler, letter=services.draft_reply(actor=handler, application=in_review, outcome="disclosed")
    )
    to_sign = register()
    letter = services.draft_reply(actor=handler, application=to_sign, outcome="disclosed")
    services.submit_for_legal_review(actor=handler, letter=letter)
    services.review_reply(actor=legal, letter=letter, approve=True, opinion="同意")


def counts(user) -> dict[str, int]:
    return {
        shown.card.key: shown.count for shown in cards_for(user) if shown.card.key.startswith("applications.")
    }


CASE_CARDS = {"applications.overdue": 1, "applications.due_soon": 1}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("request_handler", {"applications.awaiting_registration": 1, **CASE_CARDS}),
        ("legal_reviewer", {"applications.legal_review": 1, **CASE_CARDS}),
        # the leader decides the extension request and signs the approved letter
        ("leader", {"applications.approvals": 2, **CASE_CARDS}),
        ("administrator", CASE_CARDS),
        ("editor", {}),
        ("reviewer", {}),
        ("data_officer", {}),
        ("enforcement_officer", {}),
    ],
)
def test_each_role_sees_the_counts_of_its_own_work(workload, make_staff, role, expected):
    assert counts(make_staff(role)) == expected


def test_the_cards_lead_to_the_filtered_lists_and_name_the_cases(workload, make_staff, client_for):
    text = client_for(make_staff("request_handler")).get("/staff/").text
    assert 'data-card="applications.overdue"' in text
    assert f'href="{reverse("applications:cases")}?due=overdue"' in text
    assert f'href="{reverse("applications:cases")}?status=submitted"' in text
    assert "个工作日内到期" in text
    assert "欧阳测试" not in text  # case numbers only: no applicant's name on the home page


def test_items_show_their_deadline_and_are_marked_overdue_or_due_soon(workload, make_staff, today):
    cards = {shown.card.key: shown for shown in cards_for(make_staff("request_handler"), today=today)}
    (overdue,) = cards["applications.overdue"].items
    assert overdue.due_on < today and overdue.state == "overdue" and overdue.days_left < 0
    (soon,) = cards["applications.due_soon"].items
    assert soon.state == "soon" and 0 <= soon.days_left <= 5
    keys = [key for key in cards if key.startswith("applications.")]
    assert keys.index("applications.overdue") < keys.index("applications.due_soon")  # by urgency
    assert keys.index("applications.due_soon") < keys.index("applications.awaiting_registration")


def test_the_home_page_queries_do_not_grow_with_the_cases(workload, register, make_staff, client_for):
    """Every card lists at most MAX_ITEMS items, each without a query of its own (select_related)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(make_staff("leader"))
    client.get("/staff/")  # warm the calendar and permission caches
    with CaptureQueriesContext(connection) as before:
        assert client.get("/staff/").status_code == 200
    for day in range(1, 8):
        register(received_on=date(2026, 9, day), backdate_reason="补登")
    with CaptureQueriesContext(connection) as after:
        assert client.get("/staff/").status_code == 200
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries][-10:]
    assert len(after) <= 120
