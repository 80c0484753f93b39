"""Messages and reports: the public form's robustness, moderation, routing, reply, public Q&A, rating,
case-lead transfer, deadline notices, statistics and the annual-report contribution."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditRecord
from gongkai.core import yearly
from gongkai.core.models import Notification
from gongkai.interaction import queries, services
from gongkai.interaction.models import CaseLead, Message, SensitiveWord, Status

WRITE = "/hudong/write/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def submit(client, form_data, **overrides):
    return client.post(WRITE, form_data(**overrides))


def flow_to_reply(message, editor, handler, text="您好，夜间施工噪声可拨打12369投诉，我局将安排监测。"):
    services.moderate(actor=editor, message=message, approve=True)
    services.assign(actor=editor, message=message, department="大气环境处", handler=handler)
    return services.reply(actor=handler, message=message, text=text, publish=True)


@pytest.mark.django_db
def test_a_message_gets_a_number_and_a_code_once_and_a_recorded_mail(
    client, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, form_data)
    assert response.status_code == 302
    page = client.get(reverse("interaction:submitted"))
    message = Message.objects.get()
    assert message.number.startswith(f"ZX{timezone.localdate().year}")
    assert message.number in page.text
    assert message.status == Status.PENDING and message.due_on is not None
    code = page.context["code"]
    assert code in page.text and code not in message.query_code_hash  # only its hash is stored
    note = Notification.objects.get(purpose="interaction.acknowledgement")
    assert note.status == Notification.Status.SENT and note.recipient == "lisi@example.com"
    assert note.recipient_masked == "l***@example.com"
    record = AuditRecord.objects.get(action="interaction.message_submit")
    assert "13912345678" not in record.after and "李四" not in record.after


@pytest.mark.django_db
def test_the_same_form_sent_twice_makes_one_message(client, form_data):
    data = form_data()
    first = client.post(WRITE, data)
    second = client.post(WRITE, data)
    assert first.status_code == second.status_code == 302
    assert Message.objects.count() == 1
    assert Message.objects.get().number in client.get(reverse("interaction:submitted")).text


@pytest.mark.django_db
def test_control_and_zero_width_characters_are_refused_on_the_field(client, form_data):
    response = submit(client, form_data, title="关于噪声\u200b监测的咨询")
    assert response.status_code == 400
    assert "含有不可见的控制字符" in response.text
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_full_width_input_is_normalised(client, form_data):
    submit(client, form_data, phone="１３９１２３４５６７８", title="关于ＰＭ２．５的咨询")
    message = Message.objects.get()
    assert message.phone == "13912345678"
    assert message.title == "关于PM2.5的咨询"


@pytest.mark.django_db
def test_spam_guard_and_captcha(client, form_data):
    assert submit(client, form_data, website="http://spam").status_code == 400
    assert submit(client, form_data, form_token="forged").status_code == 400
    wrong = submit(client, form_data, captcha_1="wrong")
    assert wrong.status_code == 400 and "验证码不正确" in wrong.text
    assert not Message.objects.exists()


@pytest.mark.django_db
@override_settings(INTERACTION_SUBMIT_LIMIT=(2, 3600))
def test_submissions_are_throttled_per_client(client, form_data):
    assert submit(client, form_data).status_code == 302
    assert submit(client, form_data).status_code == 302
    third = submit(client, form_data)
    assert third.status_code == 429 and "提交过于频繁" in third.text
    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_a_corrected_mistake_does_not_use_up_the_limit(client, form_data):
    with override_settings(INTERACTION_SUBMIT_LIMIT=(1, 3600)):
        assert submit(client, form_data, title="").status_code == 400
        assert submit(client, form_data).status_code == 302


@pytest.mark.django_db
def test_a_report_needs_kind_district_place_and_accepts_only_real_images(client, form_data):
    missing = submit(client, form_data, kind="report")
    assert missing.status_code == 400
    for text in ("请选择污染类型", "请选择所在区县", "请填写污染发生的具体地点"):
        assert text in missing.text
    gif = io.BytesIO(b"GIF89a" + b"\x00" * 100)
    gif.name = "photo.png"
    refused = submit(
        client,
        form_data,
        kind="report",
        pollution_kind="water",
        district="东湖区",
        location="东湖路排污口",
        photos=gif,
    )
    assert refused.status_code == 400 and "不是JPG或PNG图片" in refused.text
    photo = io.BytesIO(PNG)
    photo.name = "现场.png"
    ok = submit(
        client,
        form_data,
        kind="report",
        pollution_kind="water",
        district="东湖区",
        location="东湖路排污口",
        occurred_at="2026-11-30T21:10",
        photos=photo,
    )
    assert ok.status_code == 302
    report = Message.objects.get()
    assert (
        report.number.startswith("JB") and report.district == "东湖区" and report.location == "东湖路排污口"
    )
    assert report.photos.get().content_type == "image/png"


@pytest.mark.django_db
@override_settings(INTERACTION_PHOTO_MAX_MB=0)
def test_an_oversized_photo_is_refused(client, form_data):
    photo = io.BytesIO(PNG)
    photo.name = "big.png"
    response = submit(
        client,
        form_data,
        kind="report",
        pollution_kind="air",
        district="东湖区",
        location="某厂",
        photos=photo,
    )
    assert response.status_code == 400 and "超过0MB" in response.text


@pytest.mark.django_db
def test_sensitive_words_are_shown_to_the_moderator_never_auto_published(client, form_data, editor):
    SensitiveWord.objects.create(word="赌博")
    submit(client, form_data, body="小区旁边有人聚众赌 博，同时工地噪声很大，请处理。")
    message = Message.objects.get()
    assert message.screen_hits == ["赌博"] and message.status == Status.PENDING
    page = client_for_user(editor).get(reverse("interaction:staff_message", args=[message.pk]))
    assert "赌博" in page.text


def client_for_user(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_full_flow_to_the_public_qa_removes_personal_data(
    client, form_data, editor, handler, django_capture_on_commit_callbacks
):
    submit(
        client,
        form_data,
        body="我叫李四，电话13912345678，住幸福路12号3单元501室，楼下工地夜间施工噪声很大。",
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = flow_to_reply(Message.objects.get(), editor, handler)
    assert message.status == Status.REPLIED and message.reply_workdays is not None
    assert message.published_at is not None
    page = client.get(reverse("interaction:qa_detail", args=[message.number]))
    assert page.status_code == 200
    for personal in ("李四", "13912345678", "幸福路12号3单元501室"):
        assert personal not in page.text
    assert "12369" in page.text  # the reply itself
    listing = client.get(reverse("interaction:qa"))
    assert message.number in listing.text
    exported = client.get(reverse("interaction:qa"), {"export": "csv"})
    assert exported.status_code == 200 and "李四" not in exported.content.decode("utf-8-sig")
    api = client.get("/api/v1/lists/interaction-qa").json()
    assert api["count"] == 1 and "李四" not in str(api)
    assert Notification.objects.filter(purpose="interaction.reply", status="sent").exists()


@pytest.mark.django_db
def test_without_consent_nothing_is_public(client, form_data, editor, handler):
    submit(client, form_data, consent_publish=None)
    message = flow_to_reply(Message.objects.get(), editor, handler)
    assert message.published_at is None
    assert client.get(reverse("interaction:qa_detail", args=[message.number])).status_code == 404
    with pytest.raises(services.DomainError):
        services.publish(actor=editor, message=message)


@pytest.mark.django_db
def test_status_lookup_and_one_rating(client, form_data, editor, handler):
    submit(client, form_data)
    code = client.get(reverse("interaction:submitted")).context["code"]
    message = flow_to_reply(Message.objects.get(), editor, handler)
    wrong = client.post(reverse("interaction:status"), {"number": message.number, "query_code": "AAAAAAAA"})
    assert wrong.status_code == 404 and "登记号或查询码不正确" in wrong.text
    right = client.post(reverse("interaction:status"), {"number": message.number.lower(), "query_code": code})
    assert right.status_code == 200 and "12369" in right.text
    rated = client.post(
        reverse("interaction:rate"), {"number": message.number, "query_code": code, "rating": "3"}
    )
    assert rated.status_code == 200 and "感谢您的评价" in rated.text
    again = client.post(
        reverse("interaction:rate"), {"number": message.number, "query_code": code, "rating": "1"}
    )
    assert again.status_code == 400
    message.refresh_from_db()
    assert message.rating == 3


@pytest.mark.django_db
def test_permissions_of_the_steps(client, form_data, editor, handler, leader, officer):
    submit(client, form_data)
    message = Message.objects.get()
    moderate = reverse("interaction:staff_moderate", args=[message.pk])
    assert client_for_user(handler).post(moderate, {"decision": "approve"}).status_code == 403
    assert client_for_user(officer).get(reverse("interaction:staff_messages")).status_code == 403
    assert client_for_user(leader).get(reverse("interaction:staff_overview")).status_code == 200
    assert client_for_user(handler).get(reverse("interaction:staff_overview")).status_code == 403
    assert client_for_user(editor).post(moderate, {"decision": "approve"}).status_code == 302
    other = handler.__class__.objects.get(pk=handler.pk)
    services.assign(actor=editor, message=message, department="", handler=other)
    message.refresh_from_db()
    assert message.department == "大气环境处"  # the handler's own department by default
    with pytest.raises(services.PermissionDenied):
        services.reply(actor=leader, message=message, text="答复内容若干字。")


@pytest.mark.django_db
def test_rejection_needs_a_reason(client, form_data, editor):
    submit(client, form_data)
    message = Message.objects.get()
    response = client_for_user(editor).post(
        reverse("interaction:staff_moderate", args=[message.pk]), {"decision": "reject", "reason": ""}
    )
    assert response.status_code == 400 and "须写明原因" in response.text


@pytest.mark.django_db
def test_a_report_is_transferred_to_the_enforcement_officer_as_a_case_lead(
    client, form_data, editor, officer
):
    submit(
        client, form_data, kind="report", pollution_kind="water", district="东湖区", location="东湖路排污口"
    )
    report = Message.objects.get()
    services.moderate(actor=editor, message=report, approve=True)
    lead = services.transfer_to_enforcement(
        actor=editor, message=report, officer=officer, note="疑似偷排，请核查。"
    )
    assert CaseLead.objects.get() == lead
    with pytest.raises(services.DomainError):
        services.transfer_to_enforcement(actor=editor, message=report, officer=officer, note="再次移交")
    officer_client = client_for_user(officer)
    assert report.number in officer_client.get(reverse("interaction:staff_leads")).text
    response = officer_client.post(
        reverse("interaction:staff_lead", args=[lead.pk]), {"outcome": "已立案调查"}
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.acknowledged_at is not None and lead.outcome == "已立案调查"
    assert AuditRecord.objects.filter(action="interaction.lead_transfer").exists()


@pytest.mark.django_db
def test_only_reports_are_transferred(client, form_data, editor, officer):
    submit(client, form_data)
    message = Message.objects.get()
    services.moderate(actor=editor, message=message, approve=True)
    with pytest.raises(services.DomainError, match="只有环境污染举报"):
        services.transfer_to_enforcement(actor=editor, message=message, officer=officer, note="移交")


@pytest.mark.django_db
def test_reminders_before_and_alerts_after_the_deadline_once_each(client, form_data, editor, handler, leader):
    submit(client, form_data)
    message = Message.objects.get()
    services.moderate(actor=editor, message=message, approve=True)
    services.assign(actor=editor, message=message, department="", handler=handler)
    Message.objects.filter(pk=message.pk).update(received_on=date(2026, 9, 14), due_on=date(2026, 9, 28))
    first = services.send_deadline_notices(today=date(2026, 9, 24))
    assert first["reminders"] == 1 and first["alerts"] == 0
    assert services.send_deadline_notices(today=date(2026, 9, 25))["reminders"] == 0
    late = services.send_deadline_notices(today=date(2026, 9, 29))
    assert late["alerts"] == 1
    recipients = set(
        Notification.objects.filter(purpose="interaction.overdue").values_list("recipient_masked", flat=True)
    )
    assert recipients == {"c***@example.gov.cn", "l***@example.gov.cn"}
    assert services.send_deadline_notices(today=date(2026, 9, 30))["alerts"] == 0
    assert list(queries.overdue(today=date(2026, 9, 29))) == [message]


@pytest.mark.django_db
def test_monthly_statistics_and_the_annual_report_facts(client, form_data, editor, handler):
    submit(client, form_data)
    submit(client, form_data)
    first, second = Message.objects.order_by("pk")
    flow_to_reply(first, editor, handler)
    today = timezone.localdate()
    Message.objects.filter(pk=second.pk).update(due_on=today - timedelta(days=1))
    row = next(r for r in queries.monthly_statistics(today.year) if r.month.month == today.month)
    assert (row.received, row.replied, row.overdue) == (2, 1, 1)
    assert row.average_workdays == 0.0
    contribution = {c.key: r for c, r in yearly.collect(today.year)}["interaction"]
    assert "收到群众留言和环境污染举报2件" in contribution.facts[0].text
    assert contribution.facts[0].figures["overdue"] == 1
    page = client_for_user(leader_of(editor)).get(reverse("interaction:staff_statistics"), {"export": "xlsx"})
    assert page.status_code == 200


def leader_of(editor):
    from django.contrib.auth import get_user_model

    from gongkai.core import services as core

    return (
        core.create_user(
            actor=None,
            username="lingdao2",
            password="Gk!Strong#Pass2026x",
            roles=["leader"],
            must_change_password=False,
        )
        if not get_user_model().objects.filter(username="lingdao2").exists()
        else get_user_model().objects.get(username="lingdao2")
    )


@pytest.mark.django_db
def test_a_calendar_change_recomputes_open_deadlines(client, form_data):
    submit(client, form_data)
    message = Message.objects.get()
    Message.objects.filter(pk=message.pk).update(due_on=date(2000, 1, 1))
    assert services.recompute_deadlines(years=[message.received_on.year]) == 1
    message.refresh_from_db()
    assert message.due_on > message.received_on
