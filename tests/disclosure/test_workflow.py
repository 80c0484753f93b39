"""The 主动公开 workflow: draft → 保密审查 → leader approval → (scheduled) publication → withdrawal,
revisions of published documents; every transition permission-checked and audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.disclosure import services
from gongkai.disclosure.models import (
    Attachment,
    DocType,
    Document,
    DocumentRevision,
    InterpretationForm,
    SearchEntry,
    Status,
    Validity,
)

from .conftest import docx_bytes

pytestmark = pytest.mark.django_db


def actions(document) -> list[str]:
    return list(
        AuditRecord.objects.filter(target_type="disclosure.document", target_id=str(document.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_a_document_goes_from_draft_to_published_and_every_step_is_audited(
    make_draft, editor, reviewer, leader
):
    document = make_draft()
    assert document.status == Status.DRAFT and document.index_number is None
    services.update_document(actor=editor, document=document, title="关于加强建设项目环评管理的通知")
    services.add_attachment(
        actor=editor, document=document, name="附件.docx", data=docx_bytes("环评审批流程")
    )
    services.submit_for_review(actor=editor, document=document)
    services.pass_review(actor=reviewer, document=document, note="不涉密，可公开。")
    now = timezone.now()
    document = services.approve_document(actor=leader, document=document, now=now)

    document.refresh_from_db()
    assert document.status == Status.PUBLISHED
    assert document.published_at == now
    assert document.index_number
    assert document.revision == 1
    assert Document.objects.published().filter(pk=document.pk).exists()
    assert SearchEntry.objects.filter(document_id=document.pk).exists()
    assert actions(document) == [
        "disclosure.document.create",
        "disclosure.document.update",
        "disclosure.attachment.add",
        "disclosure.document.submit",
        "disclosure.document.review",
        "disclosure.document.approve",
        "disclosure.document.publish",
    ]
    last = AuditRecord.objects.filter(action="disclosure.document.publish").get()
    assert last.actor_id == leader.pk


def test_drafts_under_review_and_awaiting_approval_are_not_published(make_draft, editor, reviewer):
    document = make_draft()
    assert not Document.objects.published().exists()
    services.submit_for_review(actor=editor, document=document)
    assert not Document.objects.published().exists()
    services.pass_review(actor=reviewer, document=document, note="可公开")
    assert not Document.objects.published().exists()
    assert not Document.objects.public_record().exists()


@pytest.mark.parametrize("role", ["reviewer", "leader", "administrator", "data_officer", None])
def test_only_editors_draft(role, make_staff, catalogue):
    actor = make_staff(role) if role else None
    with pytest.raises(PermissionDenied):
        services.create_document(
            actor=actor,
            title="标题",
            catalogue_item=catalogue["03.02"],
            issuing_organ="示例市生态环境局",
            date_formed=date(2026, 1, 5),
        )


@pytest.mark.parametrize("role", ["editor", "leader", "administrator"])
def test_only_reviewers_pass_review_and_redact(role, make_staff, make_draft, editor):
    document = make_draft(body=f"<p>联系电话 {'13912345678'}</p>")
    services.submit_for_review(actor=editor, document=document)
    actor = make_staff(role)
    with pytest.raises(PermissionDenied):
        services.pass_review(actor=actor, document=document, note="可公开")
    with pytest.raises(PermissionDenied):
        services.redact_hit(actor=actor, hit=document.privacy_hits.get())
    with pytest.raises(PermissionDenied):
        services.override_hit(actor=actor, hit=document.privacy_hits.get(), reason="本局公开电话")
    with pytest.raises(PermissionDenied):
        services.return_document(actor=actor, document=document, reason="请修改标题")


@pytest.mark.parametrize("role", ["editor", "reviewer", "administrator"])
def test_only_leaders_approve_and_withdraw(role, make_staff, make_draft, editor, reviewer, publish):
    document = make_draft()
    services.submit_for_review(actor=editor, document=document)
    services.pass_review(actor=reviewer, document=document, note="可公开")
    actor = make_staff(role)
    with pytest.raises(PermissionDenied):
        services.approve_document(actor=actor, document=document)
    published = publish(make_draft(title="另一份文件"))
    with pytest.raises(PermissionDenied):
        services.withdraw_document(actor=actor, document=published, reason="内容有误，予以撤回")


def test_editing_after_submission_is_refused(make_draft, editor):
    document = make_draft()
    services.submit_for_review(actor=editor, document=document)
    with pytest.raises(DomainError):
        services.update_document(actor=editor, document=document, title="新标题")
    with pytest.raises(DomainError):
        services.add_attachment(actor=editor, document=document, name="a.docx", data=docx_bytes("x"))


def test_steps_out_of_order_are_refused(make_draft, editor, reviewer, leader):
    document = make_draft()
    with pytest.raises(DomainError):
        services.pass_review(actor=reviewer, document=document, note="可公开")
    with pytest.raises(DomainError):
        services.approve_document(actor=leader, document=document)
    services.submit_for_review(actor=editor, document=document)
    with pytest.raises(DomainError):
        services.approve_document(actor=leader, document=document)
    with pytest.raises(DomainError):
        services.pass_review(actor=reviewer, document=document, note="   ")


def test_a_reviewer_returns_a_document_with_a_reason_and_the_editor_can_change_it_again(
    make_draft, editor, reviewer
):
    document = make_draft()
    services.submit_for_review(actor=editor, document=document)
    with pytest.raises(DomainError):
        services.return_document(actor=reviewer, document=document, reason="")
    services.return_document(actor=reviewer, document=document, reason="文号有误，请核对")
    document.refresh_from_db()
    assert document.status == Status.DRAFT and document.return_reason == "文号有误，请核对"
    services.update_document(actor=editor, document=document, document_number="示环发〔2026〕2号")


def test_a_leader_returns_a_document_awaiting_approval(make_draft, editor, reviewer, leader):
    document = make_draft()
    services.submit_for_review(actor=editor, document=document)
    services.pass_review(actor=reviewer, document=document, note="可公开")
    services.return_document(actor=leader, document=document, reason="请补充政策解读")
    assert Document.objects.get(pk=document.pk).status == Status.DRAFT


def test_an_empty_document_cannot_be_submitted(make_draft, editor):
    document = make_draft(body="<p> </p>")
    with pytest.raises(DomainError):
        services.submit_for_review(actor=editor, document=document)


def test_body_is_sanitised(make_draft):
    document = make_draft(body='<p onclick="x()">正文<script>alert(1)</script></p>')
    assert "script" not in document.body and "onclick" not in document.body
    assert "正文" in document.body


# --- metadata rules ---------------------------------------------------------------------------


def test_normative_documents_need_a_validity_and_repealed_ones_a_date(make_draft):
    with pytest.raises(DomainError) as error:
        make_draft(doc_type=DocType.NORMATIVE, validity="")
    assert error.value.field == "validity"
    with pytest.raises(DomainError) as error:
        make_draft(doc_type=DocType.NORMATIVE, validity=Validity.REPEALED)
    assert error.value.field == "ceased_on"
    with pytest.raises(DomainError):
        make_draft(doc_type=DocType.NORMATIVE, validity=Validity.REPEALED, ceased_on=date(2020, 1, 1))
    document = make_draft(doc_type=DocType.NORMATIVE, validity=Validity.REPEALED, ceased_on=date(2026, 10, 8))
    assert document.ceased_on == date(2026, 10, 8)


def test_other_documents_carry_no_validity(make_draft):
    document = make_draft(doc_type=DocType.OTHER, validity=Validity.VALID, ceased_on=date(2026, 10, 1))
    assert document.validity == "" and document.ceased_on is None


def test_the_date_formed_cannot_be_in_the_future(make_draft):
    with pytest.raises(DomainError):
        make_draft(date_formed=timezone.localdate() + timedelta(days=1))


def test_an_interpretation_links_to_its_policy_and_needs_a_form(make_draft, editor, catalogue):
    policy = make_draft(doc_type=DocType.NORMATIVE, validity=Validity.VALID)
    with pytest.raises(DomainError):
        make_draft(doc_type=DocType.INTERPRETATION, title="解读")
    interpretation = services.create_document(
        actor=editor,
        interprets=[policy],
        title="《通知》政策解读",
        catalogue_item=catalogue["03.02"],
        issuing_organ="示例市生态环境局",
        date_formed=date(2026, 9, 29),
        doc_type=DocType.INTERPRETATION,
        interpretation_form=InterpretationForm.GRAPHIC,
        body="<p>解读</p>",
    )
    assert list(policy.interpretations.all()) == [interpretation]
    with pytest.raises(DomainError):
        make_draft(interprets=[policy], title="不是解读却关联政策")


# --- scheduling -------------------------------------------------------------------------------


def test_a_scheduled_document_is_published_by_the_worker_when_due(make_draft, editor, reviewer, leader):
    document = make_draft()
    services.submit_for_review(actor=editor, document=document)
    services.pass_review(actor=reviewer, document=document, note="可公开")
    now = timezone.now()
    at = now + timedelta(hours=2)
    document = services.approve_document(actor=leader, document=document, publish_at=at, now=now)
    assert document.status == Status.SCHEDULED
    assert document.index_number  # numbered at approval
    assert services.publish_due(now=now + timedelta(hours=1)) == []
    assert not Document.objects.published().exists()

    published = services.publish_due(now=at + timedelta(seconds=30))
    assert [doc.pk for doc in published] == [document.pk]
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED and document.published_at == at + timedelta(seconds=30)
    assert services.publish_due(now=at + timedelta(minutes=5)) == []  # not twice
    record = AuditRecord.objects.get(action="disclosure.document.publish")
    assert record.actor_id is None and record.actor_name == "系统"


def test_the_late_worker_stamps_the_real_publication_time_and_timeliness_follows_it(
    make_draft, editor, reviewer, leader
):
    """A worker that runs three days after the scheduled time publishes with 发布日期 = the moment it
    actually ran; the verdict (due 2026-10-30 for a document formed 09-28) is judged on that day."""
    document = make_draft(date_formed=date(2026, 9, 28))
    services.submit_for_review(actor=editor, document=document)
    services.pass_review(actor=reviewer, document=document, note="可公开")
    approved = timezone.make_aware(datetime(2026, 10, 29, 9, 0))
    scheduled = timezone.make_aware(datetime(2026, 10, 30, 10, 0))  # the due day: would be on time
    services.approve_document(actor=leader, document=document, publish_at=scheduled, now=approved)

    worker_ran = scheduled + timedelta(days=3)  # Monday 2026-11-02: the worker was down
    services.publish_due(now=worker_ran)
    document.refresh_from_db()
    assert document.published_at == worker_ran
    assert document.public_date == date(2026, 11, 2)
    assert (document.due_on, document.late, document.workdays_taken) == (date(2026, 10, 30), True, 21)
    assert document.revisions.get().published_at == worker_ran
    record = AuditRecord.objects.get(action="disclosure.document.publish")
    stamps = record.after_data
    assert datetime.fromisoformat(stamps["scheduled_for"]) == scheduled
    assert datetime.fromisoformat(stamps["published_at"]) == worker_ran


def test_the_periodic_task_publishes_due_documents(make_draft, editor, reviewer, leader):
    from gongkai.disclosure.tasks import publish_scheduled_documents

    document = make_draft()
    services.submit_for_review(actor=editor, document=document)
    services.pass_review(actor=reviewer, document=document, note="可公开")
    now = timezone.now()
    services.approve_document(actor=leader, document=document, publish_at=now + timedelta(seconds=1), now=now)
    Document.objects.filter(pk=document.pk).update(scheduled_for=now - timedelta(minutes=1))
    publish_scheduled_documents.call_local()
    assert Document.objects.get(pk=document.pk).status == Status.PUBLISHED


def test_a_leader_can_cancel_a_scheduled_publication(make_draft, editor, reviewer, leader):
    document = make_draft()
    services.submit_for_review(actor=editor, document=document)
    services.pass_review(actor=reviewer, document=document, note="可公开")
    now = timezone.now()
    services.approve_document(actor=leader, document=document, publish_at=now + timedelta(days=1), now=now)
    services.return_document(actor=leader, document=document, reason="发布时间调整")
    document.refresh_from_db()
    assert document.status == Status.DRAFT and document.scheduled_for is None
    assert services.publish_due(now=now + timedelta(days=2)) == []


# --- withdrawal -------------------------------------------------------------------------------


def test_withdrawal_keeps_the_record_and_gives_a_public_reason(make_draft, publish, leader):
    document = publish(make_draft())
    number = document.index_number
    with pytest.raises(DomainError):
        services.withdraw_document(actor=leader, document=document, reason="")
    services.withdraw_document(actor=leader, document=document, reason="该决定已被依法撤销")
    document.refresh_from_db()
    assert document.status == Status.WITHDRAWN
    assert document.withdrawal_reason == "该决定已被依法撤销"
    assert document.index_number == number
    assert not Document.objects.published().exists()
    assert Document.objects.public_record().get() == document
    assert not SearchEntry.objects.filter(document_id=document.pk).exists()
    with pytest.raises(DomainError):
        services.withdraw_document(actor=leader, document=document, reason="再次撤回试试")


# --- revisions --------------------------------------------------------------------------------


def test_a_published_document_changes_only_through_a_revision_with_a_reason(
    make_draft, publish, editor, reviewer, leader
):
    document = publish(make_draft(doc_type=DocType.NORMATIVE, validity=Validity.VALID))
    with pytest.raises(DomainError):
        services.update_document(actor=editor, document=document, title="直接改标题")
    with pytest.raises(DomainError):
        services.start_revision(actor=editor, document=document, reason="")
    with pytest.raises(PermissionDenied):
        services.start_revision(actor=reviewer, document=document, reason="更正文号错误")

    draft = services.start_revision(actor=editor, document=document, reason="更正文号错误")
    with pytest.raises(DomainError):
        services.start_revision(actor=editor, document=document, reason="再开一份修订")
    services.update_document(actor=editor, document=draft, document_number="示环发〔2026〕9号")
    document.refresh_from_db()
    assert document.document_number == "示环发〔2026〕1号"  # published content unchanged meanwhile

    publish(draft)
    document.refresh_from_db()
    draft.refresh_from_db()
    assert document.document_number == "示环发〔2026〕9号"
    assert document.revision == 2 and document.status == Status.PUBLISHED
    assert draft.status == Status.MERGED
    assert Document.objects.published().count() == 1
    history = list(document.revisions.order_by("number").values_list("number", "reason"))
    assert history == [(1, "首次发布"), (2, "更正文号错误")]
    assert (
        DocumentRevision.objects.get(document=document, number=1).snapshot["document_number"]
        == "示环发〔2026〕1号"
    )
    record = AuditRecord.objects.get(action="disclosure.revision.publish")
    assert record.before_data == {"document_number": "示环发〔2026〕1号"}


def test_a_revision_replaces_the_attachments_and_keeps_the_old_ones_for_staff(make_draft, publish, editor):
    document = make_draft()
    services.add_attachment(actor=editor, document=document, name="旧.docx", data=docx_bytes("旧版本"))
    document = publish(document)
    draft = services.start_revision(actor=editor, document=document, reason="替换附件")
    services.remove_attachment(actor=editor, attachment=draft.attachments.get())
    services.add_attachment(actor=editor, document=draft, name="新.docx", data=docx_bytes("新版本"))
    publish(draft)
    assert [a.name for a in document.current_attachments()] == ["新.docx"]
    assert Attachment.objects.get(name="旧.docx").retired_in == 2


def test_a_revision_cannot_be_published_after_the_document_was_withdrawn(make_draft, publish, editor, leader):
    document = publish(make_draft())
    draft = services.start_revision(actor=editor, document=document, reason="补充说明")
    services.withdraw_document(actor=leader, document=document, reason="决定已撤销")
    with pytest.raises(DomainError):
        publish(draft)


def test_publishing_uses_the_approval_time_given(make_draft, publish):
    when = timezone.make_aware(datetime(2026, 10, 20, 9, 30))
    document = publish(make_draft(), when=when)
    assert document.published_at == when
    assert document.public_date == date(2026, 10, 20)


# --- 公开方式 / 公开对象 of the catalogue row ------------------------------------------------------


def test_a_notice_under_an_on_request_row_is_refused_publication(
    make_draft, publish, editor, reviewer, leader, admin_user, catalogue
):
    """依申请 row refusal: a 行政处罚事先告知书 filed under 05.02.01 (特定群体 / 依申请, 精准推送) never
    reaches the public site, whether drafted there or moved there after drafting."""
    on_request = services.save_catalogue_item(
        actor=admin_user, code="05.02", name="行政处罚行政强制和行政命令", department="执法支队"
    )
    on_request = services.save_catalogue_item(
        actor=admin_user,
        code="05.02.01",
        name="行政处罚流程",
        channels=["精准推送"],
        audience="特定群体",
        method="依申请",
        time_limit_start="request",
    )
    with pytest.raises(DomainError) as refused:
        make_draft(title="行政处罚事先告知书", catalogue_item=on_request)
    assert refused.value.field == "catalogue_item" and "依申请" in refused.value.message

    # a row that becomes 特定群体 while a draft waits: publication is refused at approval
    row = services.save_catalogue_item(actor=admin_user, code="05.01.09", name="听证通知")
    document = make_draft(title="听证通知书", catalogue_item=row)
    services.save_catalogue_item(
        actor=admin_user, item=row, code="05.01.09", name="听证通知", audience="特定群体"
    )
    with pytest.raises(DomainError):
        publish(document)
    assert not Document.objects.published().exists()

    # and a row with published documents cannot be turned into a 依申请 row
    published = publish(make_draft())
    with pytest.raises(DomainError) as refused:
        services.save_catalogue_item(
            actor=admin_user, item=published.catalogue_item, code="03.02", name="法规文件", method="依申请"
        )
    assert refused.value.field == "method"


# --- changes after publishing are public ------------------------------------------------------


def test_a_revision_restarts_the_article_26_clock_from_the_change_date(make_draft, publish, editor):
    """条例 Art. 26: "自该政府信息形成或者变更之日起20个工作日内". A change on 2026-09-28 is due
    2026-10-30 whatever the 成文日期; published on 11-02 it is late, and the history says so."""
    document = publish(
        make_draft(date_formed=date(2026, 9, 1)), when=timezone.make_aware(datetime(2026, 9, 2, 9))
    )
    assert document.late is False
    draft = services.start_revision(
        actor=editor, document=document, reason="补充执行时间", changed_on=date(2026, 9, 28)
    )
    publish(draft, when=timezone.make_aware(datetime(2026, 11, 2, 9)))
    change = document.revisions.get(number=2)
    assert (change.changed_on, change.due_on, change.late) == (date(2026, 9, 28), date(2026, 10, 30), True)
    document.refresh_from_db()
    assert document.late is False  # the first publication's verdict stands
    with pytest.raises(DomainError):  # a change date before the document was formed
        services.start_revision(
            actor=editor, document=document, reason="再次修订", changed_on=date(2026, 8, 1)
        )


def test_lateness_is_recomputed_when_the_date_formed_is_corrected(make_draft, publish, editor):
    """A revision that corrects 成文日期 re-judges the first publication: never a stale verdict."""
    document = publish(
        make_draft(date_formed=date(2026, 10, 20)), when=timezone.make_aware(datetime(2026, 11, 2, 9))
    )
    assert document.late is False
    draft = services.start_revision(actor=editor, document=document, reason="更正成文日期")
    services.update_document(actor=editor, document=draft, date_formed=date(2026, 9, 28))  # due 10-30
    publish(draft)
    document.refresh_from_db()
    assert (document.date_formed, document.due_on, document.late) == (
        date(2026, 9, 28),
        date(2026, 10, 30),
        True,
    )


def test_the_revised_decision_is_withdrawn_with_its_reason_and_republished_as_a_new_linked_document(
    make_draft, publish, editor, leader, admin_user
):
    """行政处罚法 Art. 48: a published 行政处罚决定 that was changed is not revised in place; it is
    withdrawn within 3 日 with its public reason, and the corrected decision is a new document."""
    services.save_catalogue_item(actor=admin_user, code="05.02", name="行政处罚行政强制和行政命令")
    row = services.save_catalogue_item(
        actor=admin_user, code="05.02.02", name="行政处罚决定", time_limit_days=7, replace_on_change=True
    )
    decision = publish(
        make_draft(
            title="行政处罚决定书（示环罚〔2026〕12号）", catalogue_item=row, date_formed=date(2026, 11, 2)
        )
    )
    with pytest.raises(DomainError) as refused:
        services.start_revision(actor=editor, document=decision, reason="更正罚款金额")
    assert "行政处罚法第四十八条" in refused.value.message

    changed_on = timezone.localdate() - timedelta(days=4)
    draft = services.withdraw_and_replace(
        actor=leader, document=decision, reason="经复议变更罚款金额，原决定撤回", changed_on=changed_on
    )
    decision.refresh_from_db()
    assert (
        decision.status == Status.WITHDRAWN and decision.withdrawal_reason == "经复议变更罚款金额，原决定撤回"
    )
    assert decision.withdrawal_deadline == changed_on + timedelta(days=3)
    assert decision.withdrawal_late is True  # four days after the change: tracked as late
    assert draft.supersedes == decision and draft.status == Status.DRAFT and draft.revision_of is None
    services.update_document(
        actor=editor, document=draft, title="行政处罚决定书（示环罚〔2026〕12号，变更后）"
    )
    corrected = publish(draft)
    assert corrected.index_number != decision.index_number
    assert list(Document.objects.published()) == [corrected]
    record = AuditRecord.objects.get(action="disclosure.document.replace")
    assert record.after_data["withdrawal_late"] is True


# --- 规范性文件 lifecycle ---------------------------------------------------------------------------


def test_a_future_repeal_date_is_scheduled_and_not_shown_as_ceased(normative, make_draft, publish, client):
    from gongkai.disclosure import queries

    today = timezone.localdate()
    replacing = publish(normative(title="新的管理办法", date_formed=date(2026, 9, 28)))
    old = publish(
        make_draft(
            doc_type=DocType.NORMATIVE,
            title="旧的管理办法",
            date_formed=date(2026, 9, 1),
            effective_on=date(2026, 9, 1),
            validity=Validity.REPEALED,
            ceased_on=today + timedelta(days=30),
            repealed_by=replacing,
        )
    )
    assert old.current_validity == Validity.VALID and old.ceasing_scheduled
    assert old.validity_on(today + timedelta(days=30)) == Validity.REPEALED
    page = client.get(old.get_absolute_url()).content.decode()
    assert (
        "本文件已废止" not in page and "将于" in page and "新的管理办法" in page
    )  # the replacing document linked
    valid = queries.public_documents(validity=Validity.VALID)
    assert set(valid.values_list("title", flat=True)) == {"新的管理办法", "旧的管理办法"}
    assert not queries.public_documents(validity=Validity.REPEALED).exists()


def test_a_normative_document_past_its_valid_until_date_has_expired_and_staff_are_reminded_before(
    normative, publish, editor
):
    from gongkai.disclosure import queries
    from gongkai.disclosure.cards import CARDS

    today = timezone.localdate()
    lapsed = publish(
        normative(title="已到期的办法", date_formed=date(2025, 1, 6), valid_until=today - timedelta(days=1))
    )
    expiring = publish(
        normative(
            title="即将到期的办法", date_formed=date(2025, 1, 6), valid_until=today + timedelta(days=20)
        )
    )
    assert lapsed.current_validity == Validity.EXPIRED and expiring.current_validity == Validity.VALID
    assert [d.title for d in queries.public_documents(validity=Validity.EXPIRED)] == ["已到期的办法"]
    assert list(queries.expiring_normative_documents()) == [expiring]
    card = next(card for card in CARDS if card.key == "disclosure.expiring")
    assert card.count(editor) == 1
    with pytest.raises(DomainError) as refused:
        normative(title="日期颠倒", date_formed=date(2026, 9, 1), valid_until=date(2026, 8, 1))
    assert refused.value.field == "valid_until"


def test_a_city_bureau_cannot_choose_the_regulation_type(make_draft, settings):
    from gongkai.disclosure.forms import DocumentForm

    with pytest.raises(DomainError) as refused:
        make_draft(doc_type=DocType.REGULATION, validity=Validity.VALID)
    assert refused.value.field == "doc_type"
    assert DocType.REGULATION not in dict(DocumentForm().fields["doc_type"].choices)

    settings.DISCLOSURE_ORGAN_LEVEL = "city_government"  # 设区的市人民政府: 地方政府规章
    rule = make_draft(title="示例市生态环境保护规定", doc_type=DocType.REGULATION, validity=Validity.VALID)
    assert rule.doc_type == DocType.REGULATION
    assert DocType.REGULATION in dict(DocumentForm().fields["doc_type"].choices)
