"""The to-do cards of 主动公开 on the staff home: drafts for editors, 待保密审查 for reviewers, 待领导审批
and 定时待发布 for leaders, documents past their 公开时限 for those who watch timeliness."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core.dashboard import cards_for
from gongkai.disclosure import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def workload(make_draft, catalogue, admin_user, reviewer, leader, publish):
    """One document in each waiting state. Only the draft has a 公开时限 (03.02: 20 working days from
    2026-09-28, long past); the others belong to an item without a time limit."""
    no_limit = services.save_catalogue_item(
        actor=admin_user,
        code="06",
        name="其他信息",
        department="办公室",
        channels=["政府网站"],
        time_limit_days=None,
    )
    make_draft(title="逾期的草稿")
    in_review = make_draft(title="待审查的文件", catalogue_item=no_limit, date_formed=date(2026, 11, 2))
    services.submit_for_review(actor=in_review.created_by, document=in_review)
    for title, scheduled in (("待审批的文件", False), ("定时发布的文件", True), ("已发布的文件", None)):
        document = make_draft(title=title, catalogue_item=no_limit, date_formed=date(2026, 11, 2))
        if scheduled is None:
            publish(document)
            continue
        services.submit_for_review(actor=document.created_by, document=document)
        services.redact_all(actor=reviewer, document=document)
        services.pass_review(actor=reviewer, document=document, note="经审查，可以公开。")
        if scheduled:
            services.approve_document(
                actor=leader, document=document, publish_at=timezone.now() + timedelta(days=3)
            )


def counts(user) -> dict[str, int]:
    return {
        shown.card.key: shown.count for shown in cards_for(user) if shown.card.key.startswith("disclosure.")
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "editor",
            {
                "disclosure.drafts": 1,
                "disclosure.overdue": 1,
                "disclosure.due_soon": 0,
                "disclosure.expiring": 0,
            },
        ),
        ("reviewer", {"disclosure.review": 1}),
        (
            "leader",
            {
                "disclosure.approval": 1,
                "disclosure.scheduled": 1,
                "disclosure.overdue": 1,
                "disclosure.due_soon": 0,
            },
        ),
        ("administrator", {"disclosure.overdue": 1, "disclosure.due_soon": 0}),
        ("request_handler", {}),
        ("legal_reviewer", {}),
        ("data_officer", {}),
        ("enforcement_officer", {}),
    ],
)
def test_each_role_sees_the_counts_of_its_own_work(workload, make_staff, role, expected):
    assert counts(make_staff(role)) == expected


def test_a_card_lists_its_documents_and_links_to_the_filtered_list(workload, make_staff, client_for):
    text = client_for(make_staff("reviewer")).get(reverse("core:staff_home")).text
    assert f'href="{reverse("disclosure:staff_documents")}?status=review"' in text
    assert "待审查的文件" in text and "待审批的文件" not in text
