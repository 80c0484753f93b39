"""The services of the EIA notices: validation, the derived dates on the database calendar, the privacy
gate, the comment window, moderation and answers, the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.core.models import Organisation
from gongkai.eia import queries, services
from gongkai.eia.models import Comment, Notice, Project
from gongkai.workcalendar.models import CalendarYear

from .conftest import PROJECT_DATA, pdf_upload

pytestmark = pytest.mark.django_db

FULL_WIDTH_MOBILE = "13912345678".translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})


def test_a_project_needs_a_valid_credit_code(enforcer):
    with pytest.raises(DomainError) as error:
        services.create_project(actor=enforcer, data={**PROJECT_DATA, "credit_code": "91990100MA0TE00100"})
    assert error.value.field == "credit_code"
    lower = {**PROJECT_DATA, "credit_code": PROJECT_DATA["credit_code"].lower()}
    project = services.create_project(actor=enforcer, data=lower)
    assert project.credit_code == PROJECT_DATA["credit_code"]
    assert AuditRecord.objects.filter(action="eia.project_create").count() == 1


def test_a_reviewer_does_not_enter_projects(reviewer):
    with pytest.raises(PermissionDenied):
        services.create_project(actor=reviewer, data=dict(PROJECT_DATA))


def test_an_eia_project_needs_its_document_kind_and_a_licence_has_none(enforcer):
    with pytest.raises(DomainError):
        services.create_project(actor=enforcer, data={**PROJECT_DATA, "document_kind": "none"})
    data = {**PROJECT_DATA, "kind": "radiation", "document_kind": "report"}
    licence = services.create_project(actor=enforcer, data=data)
    assert licence.document_kind == "none"


@pytest.mark.parametrize(
    ("stage", "formed", "due"),
    [
        ("decision", date(2026, 9, 30), date(2026, 10, 15)),  # 7 working days over National Day
        ("decision", date(2026, 2, 13), date(2026, 3, 2)),  # over the Spring Festival
        ("acceptance", date(2026, 4, 30), date(2026, 6, 1)),  # 20 working days (标准目录)
        ("completion", date(2026, 9, 30), date(2026, 11, 3)),  # 20: 8 October … 3 November
    ],
)
def test_the_publication_deadline_follows_the_database_calendar(project, make_notice, stage, formed, due):
    notice = make_notice(project, stage, formed)
    assert (notice.due_on, notice.due_provisional) == (due, False)


def test_a_deadline_in_the_next_year_is_provisional(project, make_notice):
    last = max(CalendarYear.objects.values_list("year", flat=True))
    notice = make_notice(project, "decision", date(last, 12, 25))
    assert notice.due_provisional and notice.due_on.year == last + 1


@pytest.mark.parametrize(
    ("document_kind", "published", "first", "last"),
    [
        ("report", date(2026, 9, 28), date(2026, 9, 28), date(2026, 10, 15)),  # 10 working days
        ("table", date(2026, 9, 30), date(2026, 9, 30), date(2026, 10, 12)),  # 5 working days
        ("report", date(2026, 10, 3), date(2026, 10, 8), date(2026, 10, 20)),  # put up in the holiday
        ("table", date(2026, 2, 15), date(2026, 2, 24), date(2026, 2, 28)),  # ends on an adjusted Saturday
    ],
)
def test_the_acceptance_window_opens_on_publication(
    enforcer, make_notice, document_kind, published, first, last
):
    project = services.create_project(actor=enforcer, data={**PROJECT_DATA, "document_kind": document_kind})
    notice = make_notice(project, "acceptance", date(published.year, published.month, 1), published)
    assert (notice.window_first, notice.window_last, notice.window_provisional) == (first, last, False)
    assert notice.window_workdays == (10 if document_kind == "report" else 5)


def test_the_pre_approval_window_and_default_hearing_text(project, make_notice):
    notice = make_notice(project, "pre_approval", date(2026, 4, 29), date(2026, 4, 30))
    assert (notice.window_first, notice.window_last) == (date(2026, 4, 30), date(2026, 5, 9))
    assert "听证" in notice.hearing_text


def test_windows_follow_the_settings(settings, project, make_notice):
    settings.EIA_ACCEPTANCE_REPORT_WORKDAYS = 15
    notice = make_notice(project, "acceptance", date(2026, 3, 2), date(2026, 3, 2))
    assert notice.window_workdays == 15 and notice.window_last == date(2026, 3, 20)


def test_a_decision_notice_carries_the_remedy_and_needs_the_approval_number(project, make_notice, enforcer):
    notice = make_notice(project, "decision", date(2026, 5, 6))
    assert "行政复议" in notice.remedy_text
    assert Organisation.current().reconsideration_authority in notice.remedy_text
    with pytest.raises(DomainError, match="审批文号"):
        services.publish_notice(actor=enforcer, notice=notice)
    services.update_project(actor=enforcer, project=project, data={"approval_number": "示环审〔2026〕1号"})
    notice = services.publish_notice(actor=enforcer, notice=notice)
    assert notice.is_published and notice.window_first is None and notice.late is False


def test_the_acceptance_notice_needs_the_full_report(project, enforcer, set_today):
    set_today(date(2026, 5, 6))
    notice = services.save_notice(
        actor=enforcer,
        project=project,
        stage="acceptance",
        data={"formed_on": date(2026, 5, 6), "body": "公"},
    )
    with pytest.raises(DomainError, match="全本"):
        services.publish_notice(actor=enforcer, notice=notice)


def test_only_pdf_is_accepted(project, enforcer, set_today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    set_today(date(2026, 5, 6))
    with pytest.raises(DomainError, match="PDF"):
        services.save_notice(
            actor=enforcer,
            project=project,
            stage="acceptance",
            data={"formed_on": date(2026, 5, 6), "body": "公示。"},
            upload=SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>"),
        )


def test_a_stage_must_belong_to_the_kind(enforcer, set_today):
    set_today(date(2026, 5, 6))
    licence = services.create_project(actor=enforcer, data={**PROJECT_DATA, "kind": "hazardous_waste"})
    with pytest.raises(DomainError):
        services.save_notice(
            actor=enforcer,
            project=licence,
            stage="completion",
            data={"formed_on": date(2026, 5, 6), "body": "x"},
        )


def test_a_published_notice_is_not_changed(project, make_notice, enforcer):
    notice = make_notice(project, "acceptance", date(2026, 5, 6), date(2026, 5, 6))
    with pytest.raises(DomainError, match="已发布"):
        services.save_notice(
            actor=enforcer,
            project=project,
            stage="acceptance",
            data={"formed_on": date(2026, 5, 6), "body": "改"},
        )
    with pytest.raises(DomainError):
        services.publish_notice(actor=enforcer, notice=notice)


def test_published_notices_freeze_the_kind_and_code(project, make_notice, enforcer):
    make_notice(project, "acceptance", date(2026, 5, 6), date(2026, 5, 6))
    with pytest.raises(DomainError):
        services.update_project(actor=enforcer, project=project, data={"document_kind": "table"})
    services.update_project(actor=enforcer, project=project, data={"district": "城东区"})
    assert Project.objects.get().district == "城东区"


def test_the_privacy_gate_blocks_personal_data_unless_a_reviewer_lets_it_through(
    project, make_notice, enforcer, reviewer
):
    notice = make_notice(project, "pre_approval", date(2026, 5, 6), body="联系人手机13912345678。")
    with pytest.raises(DomainError, match="手机号码"):
        services.publish_notice(actor=enforcer, notice=notice)
    reason = "建设单位同意公开其联系人电话"
    with pytest.raises(PermissionDenied):
        services.publish_notice(actor=enforcer, notice=notice, override_reason=reason)
    notice = services.publish_notice(actor=reviewer, notice=notice, override_reason=reason)
    assert notice.privacy_override == reason
    record = AuditRecord.objects.get(action="eia.notice_publish")
    assert record.after_data["privacy_findings"] == 1


def test_the_bureaus_own_contact_details_pass_the_gate(project, make_notice, enforcer):
    organisation = Organisation.current()
    organisation.phone, organisation.email = "0999-12345678", "xxgk@example.gov.cn"
    organisation.save()
    channel = "电话：0999-12345678；邮箱：xxgk@example.gov.cn"
    notice = make_notice(project, "pre_approval", date(2026, 5, 6), comment_channel=channel)
    assert services.publish_notice(actor=enforcer, notice=notice).is_published


# --- comments ---------------------------------------------------------------------------------


@pytest.fixture
def open_notice(project, make_notice):
    """A 受理公示 published on Monday 28 September 2026: open until 15 October."""
    return make_notice(project, "acceptance", date(2026, 9, 25), date(2026, 9, 28))


def comment_on(notice, **data):
    values = {"name": "陈建国", "contact": "13912345678", "content": "请说明废气对周边村庄的影响。"} | data
    return services.submit_comment(notice=notice, **values)


@pytest.mark.parametrize(
    ("day", "open_"),
    [
        (date(2026, 9, 27), False),  # before it opened on the 28th
        (date(2026, 9, 28), True),
        (date(2026, 10, 3), True),  # the holiday is inside the window
        (date(2026, 10, 15), True),  # the last day
        (date(2026, 10, 16), False),
    ],
)
def test_comments_only_while_the_window_is_open(open_notice, set_today, day, open_):
    set_today(day)
    if open_:
        assert comment_on(open_notice).status == Comment.Status.PENDING
    else:
        with pytest.raises(DomainError, match="意见征求期"):
            comment_on(open_notice)


def test_a_notice_without_window_takes_no_comments(project, make_notice, enforcer):
    services.update_project(actor=enforcer, project=project, data={"approval_number": "示环审〔2026〕2号"})
    notice = make_notice(project, "decision", date(2026, 5, 6), date(2026, 5, 6))
    with pytest.raises(DomainError):
        comment_on(notice)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "陈"}, "name"),
        ({"contact": "12345"}, "contact"),
        ({"contact": "not-an-email"}, "contact"),
        ({"content": "好"}, "content"),
        ({"content": "意见\u202e内容很长很长"}, None),
    ],
)
def test_comment_validation(open_notice, set_today, data, field):
    set_today(date(2026, 9, 29))
    with pytest.raises(DomainError) as error:
        comment_on(open_notice, **data)
    assert error.value.field == field


@pytest.mark.parametrize("contact", ["13912345678", "0999-87654321", "chen@example.com", FULL_WIDTH_MOBILE])
def test_contacts_accepted(open_notice, set_today, contact):
    set_today(date(2026, 9, 29))
    assert comment_on(open_notice, contact=contact).contact


def test_name_and_contact_are_encrypted_and_not_audited(open_notice, set_today):
    set_today(date(2026, 9, 29))
    comment = comment_on(open_notice)
    assert comment.number.startswith("HPYJ2026")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact FROM eia_comment WHERE id = %s", [comment.pk])
        stored = cursor.fetchone()
    assert "陈建国" not in stored[0] and "13912345678" not in stored[1]
    assert Comment.objects.get().name == "陈建国"
    record = AuditRecord.objects.get(action="eia.comment_submit")
    assert "陈建国" not in str(record.after) and "13912345678" not in str(record.after)


def test_moderation_and_answer(open_notice, set_today, reviewer, enforcer):
    set_today(date(2026, 9, 29))
    comment = comment_on(open_notice)
    with pytest.raises(PermissionDenied):
        services.moderate_comment(actor=enforcer, comment=comment, approve=True)
    with pytest.raises(DomainError, match="先审核"):
        services.answer_comment(actor=enforcer, comment=comment, answer="答复。")
    with pytest.raises(DomainError, match="个人信息"):
        services.moderate_comment(
            actor=reviewer, comment=comment, approve=True, published_content="电13912345678"
        )
    with pytest.raises(DomainError, match="姓名或联系方式"):
        services.moderate_comment(
            actor=reviewer, comment=comment, approve=True, published_content="陈建国认为"
        )
    assert not queries.public_comments(open_notice.project).exists()
    services.moderate_comment(actor=reviewer, comment=comment, approve=True)
    with pytest.raises(DomainError, match="已审核"):
        services.moderate_comment(actor=reviewer, comment=comment, approve=False, reason="重复")
    services.answer_comment(actor=enforcer, comment=comment, answer="已要求建设单位补充废气影响预测。")
    public = queries.public_comments(open_notice.project).get()
    assert public.published_content == comment.content and public.answer.startswith("已要求")
    assert queries.unanswered_comments().count() == 0
    actions = list(AuditRecord.objects.filter(target_id=str(comment.pk)).values_list("action", flat=True))
    assert {"eia.comment_submit", "eia.comment_moderate", "eia.comment_answer"} <= set(actions)


def test_a_rejection_needs_a_reason_and_stays_private(open_notice, set_today, reviewer):
    set_today(date(2026, 9, 29))
    comment = comment_on(open_notice)
    with pytest.raises(DomainError, match="理由"):
        services.moderate_comment(actor=reviewer, comment=comment, approve=False)
    services.moderate_comment(actor=reviewer, comment=comment, approve=False, reason="与项目无关")
    assert not queries.public_comments(open_notice.project).exists()


def test_the_to_do_queries(open_notice, set_today, project, make_notice, enforcer):
    set_today(date(2026, 10, 14))
    comment_on(open_notice)
    assert queries.pending_comments().count() == 1
    assert [n.pk for n in queries.closing_notices()] == [open_notice.pk]  # 14 and 15 October left
    set_today(date(2026, 10, 9))
    assert queries.closing_notices() == []
    decision = make_notice(project, "decision", date(2026, 10, 9))
    assert list(queries.drafts_due()) == [decision]


def test_a_calendar_change_moves_the_deadline_of_a_draft(project, make_notice):
    from gongkai.workcalendar.models import SpecialDay

    notice = make_notice(project, "decision", date(2026, 11, 2))
    assert notice.due_on == date(2026, 11, 11)
    year = CalendarYear.objects.get(year=2026)
    SpecialDay.objects.create(year=year, day=date(2026, 11, 5), kind="holiday", name="测试")
    assert services.recompute_dates(years=[2026]) >= 1
    assert Notice.objects.get(pk=notice.pk).due_on == date(2026, 11, 12)


def test_a_radiation_licence_reuses_the_stages(enforcer, make_notice):
    licence = services.create_project(actor=enforcer, data={**PROJECT_DATA, "kind": "radiation"})
    notice = make_notice(licence, "acceptance", date(2026, 9, 25), date(2026, 9, 28))
    assert (notice.window_workdays, notice.window_last) == (10, date(2026, 10, 15))
    assert [row.stage for row in queries.stage_rows(licence, public=True)] == [
        "acceptance",
        "pre_approval",
        "decision",
    ]


def test_a_published_notice_changes_only_by_a_correction_with_its_reason(
    project, make_notice, enforcer, set_today
):
    notice = make_notice(project, "acceptance", date(2026, 9, 25), date(2026, 9, 28))
    window = (notice.window_first, notice.window_last, notice.due_on)
    set_today(date(2026, 9, 30))
    data = {"body": "更正后的公示内容。", "comment_channel": "", "hearing_text": "", "remedy_text": ""}
    with pytest.raises(DomainError, match="更正原因"):
        services.correct_notice(actor=enforcer, notice=notice, data=data, reason="")
    with pytest.raises(DomainError, match="个人信息"):
        services.correct_notice(
            actor=enforcer, notice=notice, data={**data, "body": "联系13912345678"}, reason="补充"
        )
    notice = services.correct_notice(
        actor=enforcer,
        notice=notice,
        data=data,
        reason="建设地点表述有误",
        upload=pdf_upload("全本（更正）.pdf"),
    )
    assert (notice.window_first, notice.window_last, notice.due_on) == window
    correction = notice.corrections.get()
    assert correction.fields == ["body", "document"] and correction.previous_body == "现将有关情况公示。"
    assert notice.document_name == "全本(更正).pdf"  # NFKC
    with pytest.raises(DomainError, match="没有变化"):
        services.correct_notice(actor=enforcer, notice=notice, data=data, reason="再次")
    record = AuditRecord.objects.get(action="eia.notice_correct")
    assert record.after_data["reason"] == "建设地点表述有误"
