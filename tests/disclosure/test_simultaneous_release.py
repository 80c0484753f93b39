"""同步发布 (issue 13): a 政策解读 is prepared with its policy before the policy is published and goes
public at the same moment, never ahead of it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.disclosure import services
from gongkai.disclosure.forms import ApproveForm, DocumentForm
from gongkai.disclosure.models import DocType, Document, InterpretationForm, Status, Validity

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_draft, editor, catalogue):
    policy = make_draft(doc_type=DocType.NORMATIVE, validity=Validity.VALID)
    interpretation = services.create_document(
        actor=editor,
        interprets=[policy],
        title="《通知》政策解读",
        catalogue_item=catalogue["03.02"],
        issuing_organ="示例市生态环境局",
        date_formed=date(2026, 9, 29),
        doc_type=DocType.INTERPRETATION,
        interpretation_form=InterpretationForm.TEXT,
        body="<p>解读</p>",
    )
    return policy, interpretation


def through_review(document, reviewer):
    services.submit_for_review(actor=document.created_by, document=document)
    services.pass_review(actor=reviewer, document=document, note="经审查，可以公开。")
    document.refresh_from_db()


def test_an_unpublished_policy_can_be_chosen_in_the_draft_form(make_draft):
    policy = make_draft(doc_type=DocType.NORMATIVE, validity=Validity.VALID)
    assert policy in DocumentForm().fields["interprets"].queryset


def test_the_interpretation_alone_is_not_approved_before_its_policy(pair, reviewer, leader):
    _policy, interpretation = pair
    through_review(interpretation, reviewer)
    with pytest.raises(DomainError, match="请在审批政策文件时勾选本解读"):
        services.approve_document(actor=leader, document=interpretation)
    assert Document.objects.get(pk=interpretation.pk).status == Status.AWAITING_APPROVAL


def test_the_leader_publishes_the_policy_and_its_interpretation_at_the_same_moment(pair, reviewer, leader):
    policy, interpretation = pair
    through_review(policy, reviewer)
    through_review(interpretation, reviewer)
    assert list(ApproveForm(document=policy).fields["interpretations"].queryset) == [interpretation]
    now = timezone.now()
    services.approve_document(actor=leader, document=policy, interpretations=[interpretation], now=now)
    policy.refresh_from_db()
    interpretation.refresh_from_db()
    assert policy.status == interpretation.status == Status.PUBLISHED
    assert policy.published_at == interpretation.published_at == now
    record = AuditRecord.objects.get(action="disclosure.document.approve", target_id=str(interpretation.pk))
    assert record.after_data["with_policy"] == policy.pk


def test_scheduled_together_the_worker_publishes_the_policy_first(pair, reviewer, leader):
    policy, interpretation = pair
    through_review(policy, reviewer)
    through_review(interpretation, reviewer)
    at = timezone.now() + timedelta(hours=1)
    services.approve_document(actor=leader, document=policy, interpretations=[interpretation], publish_at=at)
    assert Document.objects.get(pk=interpretation.pk).scheduled_for == at
    published = services.publish_due(now=at + timedelta(seconds=5))
    assert [document.pk for document in published] == [policy.pk, interpretation.pk]


def test_only_its_own_interpretations_awaiting_approval_go_with_a_policy(pair, make_draft, reviewer, leader):
    policy, interpretation = pair
    other = make_draft(title="另一份文件")
    through_review(other, reviewer)
    with pytest.raises(DomainError):  # still a draft
        services.approve_document(actor=leader, document=policy, interpretations=[interpretation])
    through_review(policy, reviewer)
    through_review(interpretation, reviewer)
    with pytest.raises(DomainError, match="不是本文件的政策解读"):
        services.approve_document(actor=leader, document=other, interpretations=[interpretation])


def test_the_approval_form_offers_the_interpretations(pair, reviewer, leader, client_for):
    policy, interpretation = pair
    through_review(policy, reviewer)
    through_review(interpretation, reviewer)
    client = client_for(leader)
    page = client.get(reverse("disclosure:staff_document", args=[policy.pk])).content.decode()
    assert "同步发布的政策解读" in page and "《通知》政策解读" in page
    client.post(
        reverse("disclosure:staff_approve", args=[policy.pk]), {"interpretations": [interpretation.pk]}
    )
    assert Document.objects.get(pk=interpretation.pk).status == Status.PUBLISHED
