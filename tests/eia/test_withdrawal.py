"""撤回 of a published notice (reason and date shown publicly, audited, no more comments) and the hand-over
of a notice to 主动公开 through core.publishing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.core import publishing
from gongkai.core.errors import DomainError
from gongkai.eia import queries, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_notice(project, make_notice):
    return make_notice(project, "acceptance", date(2026, 9, 25), date(2026, 9, 28))


def test_a_withdrawn_notice_shows_reason_and_date_and_takes_no_comments(
    open_notice, enforcer, set_today, client
):
    set_today(date(2026, 9, 30))
    notice = services.withdraw_notice(actor=enforcer, notice=open_notice, reason="建设单位撤回环评申请")
    assert notice.withdrawn_on == date(2026, 9, 30)
    assert not services.accepts_comments(notice, date(2026, 10, 8))
    with pytest.raises(DomainError, match="意见征求期"):
        services.submit_comment(notice=notice, name="陈建国", contact="13912345678", content="请说明影响。")
    event = AuditRecord.objects.get(action="eia.notice_withdraw")
    assert event.after_data["reason"] == "建设单位撤回环评申请"
    assert notice not in queries.open_notices(date(2026, 10, 8))
    api = client.get("/api/v1/lists/eia-notices").json()
    assert api["results"][0]["withdrawn_on"] == "2026-09-30"
    page = client.get(reverse("eia:project", args=[notice.project_id])).content.decode()
    assert "已撤回" in page and "建设单位撤回环评申请" in page and "2026年9月30日" in page


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "撤回原因"), ("联系人手机13912345678", "个人信息")],
)
def test_a_withdrawal_needs_a_clean_reason(open_notice, enforcer, reason, message):
    with pytest.raises(DomainError, match=message):
        services.withdraw_notice(actor=enforcer, notice=open_notice, reason=reason)


def test_only_a_published_notice_is_withdrawn_and_only_once(project, make_notice, open_notice, enforcer):
    draft = make_notice(project, "pre_approval", date(2026, 10, 20))
    with pytest.raises(DomainError, match="无需撤回"):
        services.withdraw_notice(actor=enforcer, notice=draft, reason="误发")
    services.withdraw_notice(actor=enforcer, notice=open_notice, reason="误发")
    with pytest.raises(DomainError, match="已撤回"):
        services.withdraw_notice(actor=enforcer, notice=open_notice, reason="误发")


def test_withdrawal_needs_the_permission(open_notice, make_staff, client):
    editor = make_staff("editor", username="bianji")
    with pytest.raises(PermissionDenied):
        services.withdraw_notice(actor=editor, notice=open_notice, reason="误发")
    client.force_login(editor)
    response = client.post(reverse("eia:staff_notice_withdraw", args=[open_notice.pk]), {"reason": "误发"})
    assert response.status_code in (302, 403)
    open_notice.refresh_from_db()
    assert not open_notice.is_withdrawn


def test_the_officer_withdraws_from_the_console(open_notice, enforcer, client):
    client.force_login(enforcer)
    response = client.post(
        reverse("eia:staff_notice_withdraw", args=[open_notice.pk]), {"reason": "项目取消"}
    )
    assert response.status_code == 302
    open_notice.refresh_from_db()
    assert open_notice.withdrawal_reason == "项目取消"


def test_a_decision_notice_is_handed_to_publishing_once(project, make_notice, enforcer, administrator):
    from gongkai.disclosure import services as disclosure

    for code, name in (("05", "行政许可"), ("05.01", "行政许可")):
        disclosure.save_catalogue_item(
            actor=administrator, code=code, name=name, department="审批科", channels=["政府网站"]
        )
    services.update_project(actor=enforcer, project=project, data={"approval_number": "示环审〔2026〕9号"})
    notice = make_notice(project, "decision", date(2026, 5, 6), date(2026, 5, 6))
    if not publishing.available():
        with pytest.raises(DomainError):
            services.hand_to_publishing(actor=enforcer, notice=notice)
        return
    ref = services.hand_to_publishing(actor=enforcer, notice=notice)
    notice.refresh_from_db()
    assert notice.document_id == ref.id
    assert ref.status == "draft"  # it waits for the 主动公开 review
    assert publishing.status(ref.id).id == ref.id
    assert AuditRecord.objects.filter(action="eia.notice_to_publishing").count() == 1
    with pytest.raises(DomainError, match="已转入"):
        services.hand_to_publishing(actor=enforcer, notice=notice)


def test_a_draft_is_not_handed_to_publishing(project, make_notice, enforcer):
    draft = make_notice(project, "pre_approval", date(2026, 10, 20))
    with pytest.raises(DomainError, match="已发布"):
        services.hand_to_publishing(actor=enforcer, notice=draft)
