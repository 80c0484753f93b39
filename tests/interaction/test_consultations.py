"""意见征集: from a draft through public comments and moderation to the published 采纳情况."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import Notification
from gongkai.interaction import guard, services
from gongkai.interaction.models import Comment, Consultation

from .conftest import captcha


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def comment_data(**overrides):
    data = {
        "body": "建议将夜间施工噪声限值的监测点位设在最近的居民楼窗外1米处，我的电话13800001111。",
        "name": "王五",
        "contact": "13800001111",
        "form_token": guard.form_token(shown_at=time.time() - 60),
        "website": "",
        **captcha(),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_consultation_from_draft_to_published_feedback(client, editor, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    staff = staff_client(editor)
    response = staff.post(
        reverse("interaction:staff_consultation_new"),
        {
            "title": "《城区建筑施工噪声管理办法（征求意见稿）》",
            "summary": "为规范夜间施工，起草本办法。",
            "draft_text": "第一条 为了防治建筑施工噪声污染……\n第二条 本办法适用于城区。",
            "department": "大气环境处",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert client.get(consultation.get_absolute_url()).status_code == 404  # a draft is not public
    staff.post(reverse("interaction:staff_consultation_action", args=[consultation.pk, "open"]))
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.OPEN

    page = client.post(consultation.get_absolute_url(), comment_data())
    assert page.status_code == 200 and "感谢您的意见" in page.text
    second = client.post(
        consultation.get_absolute_url(), comment_data(body="支持出台，建议增加对违规企业的公开曝光。")
    )
    assert second.status_code == 200
    first, other = Comment.objects.order_by("pk")
    assert staff.get(reverse("interaction:staff_consultation", args=[consultation.pk])).status_code == 200
    assert client.get(consultation.get_absolute_url()).text.count("支持出台") == 0  # not moderated yet

    action = reverse("interaction:staff_consultation_action", args=[consultation.pk, f"comment-{first.pk}"])
    staff.post(action, {"verb": "approve"})
    staff.post(
        reverse("interaction:staff_consultation_action", args=[consultation.pk, f"comment-{other.pk}"]),
        {"verb": "approve"},
    )
    first.refresh_from_db()
    assert "13800001111" not in first.public_body and "王五" not in first.public_body

    # Too early: the period has not ended.
    with pytest.raises(services.DomainError, match="征集期尚未结束"):
        services.publish_feedback(actor=editor, consultation=consultation, summary="共收到意见2条。")
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_deadline_notices(today=today)
    assert sent["consultation_reminders"] == 1
    assert Notification.objects.filter(purpose="interaction.consultation_feedback_due").exists()
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.CLOSED

    with pytest.raises(services.DomainError, match="未填写采纳情况"):
        services.publish_feedback(actor=editor, consultation=consultation, summary="共收到意见2条。")
    refused = staff.post(action, {f"c{first.pk}-adoption": "not_adopted", f"c{first.pk}-reason": ""})
    assert refused.status_code == 302
    first.refresh_from_db()
    assert first.adoption == ""  # a reason is required for 未采纳
    staff.post(action, {f"c{first.pk}-adoption": "partly", f"c{first.pk}-reason": "监测点位按国家标准执行。"})
    services.set_adoption(actor=editor, comment=other, adoption="adopted", reason="")
    staff.post(
        reverse("interaction:staff_consultation_action", args=[consultation.pk, "feedback"]),
        {"feedback-summary": "共收到有效意见2条，采纳1条，部分采纳1条。"},
    )
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.FEEDBACK
    public = client.get(consultation.get_absolute_url()).text
    for text in ("意见采纳情况", "部分采纳", "监测点位按国家标准执行", "共收到有效意见2条"):
        assert text in public
    assert "13800001111" not in public
    with pytest.raises(services.DomainError):
        services.set_adoption(actor=editor, comment=other, adoption="not_adopted", reason="改主意")


@pytest.mark.django_db
def test_comments_only_in_the_period_and_only_with_the_guard(client, editor):
    today = timezone.localdate()
    consultation = services.save_consultation(
        actor=editor,
        consultation=None,
        data={
            "title": "征求意见稿",
            "summary": "",
            "draft_text": "正文",
            "department": "",
            "starts_on": today,
            "ends_on": today + timedelta(days=3),
        },
    )
    services.open_consultation(actor=editor, consultation=consultation)
    assert client.post(consultation.get_absolute_url(), comment_data(website="x")).status_code == 400
    assert not Comment.objects.exists()
    Consultation.objects.filter(pk=consultation.pk).update(ends_on=today - timedelta(days=1))
    assert client.post(consultation.get_absolute_url(), comment_data()).status_code == 404


@pytest.mark.django_db
def test_a_consultation_period_must_be_in_order(editor):
    today = timezone.localdate()
    with pytest.raises(services.DomainError, match="截止日期不能早于开始日期"):
        services.save_consultation(
            actor=editor,
            consultation=None,
            data={
                "title": "t",
                "summary": "",
                "draft_text": "x",
                "department": "",
                "starts_on": today,
                "ends_on": today - timedelta(days=1),
            },
        )
