"""core.notify: one interface for e-mail and SMS, delivery recorded, nothing sent on rollback."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from gongkai.core import notify
from gongkai.core.models import Notification


@pytest.mark.django_db
def test_email_is_recorded_encrypted_and_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = notify.email(
            to="a.writer@example.com", subject="主题", body="正文", purpose="test.mail", target="x:1"
        )
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT and row.sent_at is not None
    assert row.recipient_masked == "a***@example.com"
    assert "locmem" in row.backend
    assert mail.outbox[-1].to == ["a.writer@example.com"]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient, body FROM core_notification WHERE id = %s", [row.pk])
        stored = cursor.fetchone()
    assert "a.writer@example.com" not in stored[0] and "正文" not in stored[1]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        notify.email(to="b@example.com", subject="s", body="b", purpose="test.rollback")
        raise RuntimeError
    assert not Notification.objects.exists()
    assert not [m for m in mail.outbox if m.to == ["b@example.com"]]


@pytest.mark.django_db
@override_settings(SMS_BACKEND="gongkai.core.notify.FileSmsBackend")
def test_sms_through_the_file_backend(tmp_path, settings, django_capture_on_commit_callbacks):
    settings.SMS_FILE_PATH = tmp_path / "sms"
    with django_capture_on_commit_callbacks(execute=True):
        row = notify.sms(to="139 1234 5678", body="您的留言已答复", purpose="test.sms")
    row.refresh_from_db()
    assert row.status == "sent" and row.recipient_masked == "139****5678"
    files = list((tmp_path / "sms").iterdir())
    assert len(files) == 1 and "您的留言已答复" in files[0].read_text(encoding="utf-8")
    assert oct(files[0].stat().st_mode & 0o777) == "0o600"


class BrokenGateway(notify.SmsGateway):
    def deliver(self, phone, text):
        raise ConnectionError("网关超时")


@pytest.mark.django_db
@override_settings(
    SMS_BACKEND="tests.interaction.test_notify.BrokenGateway", SMS_GATEWAY_URL="https://sms.example"
)
def test_a_failing_gateway_is_recorded_and_retried(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = notify.sms(to="13912345678", body="提醒", purpose="test.fail")
    row.refresh_from_db()
    assert row.status == "failed" and "网关超时" in row.error
    with override_settings(SMS_BACKEND="gongkai.core.notify.ConsoleSmsBackend"):
        assert notify.retry_failed() == 1
    row.refresh_from_db()
    assert row.status == "sent"


def test_recipients_are_checked():
    with pytest.raises(notify.NotifyError, match="11位手机号码"):
        notify.normalise_recipient(notify.SMS, "010-12345678")
    with pytest.raises(notify.NotifyError):
        notify.normalise_recipient(notify.EMAIL, "not an address")
    assert notify.normalise_recipient(notify.SMS, "+86 139-1234-5678") == "13912345678"


@pytest.mark.django_db
def test_an_empty_recipient_sends_nothing():
    assert notify.email(to="", subject="s", body="b", purpose="p") is None
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_delivery_records_are_listed_masked(make_staff, django_capture_on_commit_callbacks):
    from django.test import Client
    from django.urls import reverse

    with django_capture_on_commit_callbacks(execute=True):
        notify.email(to="someone@example.com", subject="主题", body="正文", purpose="test.list")
    admin = Client()
    admin.force_login(make_staff("administrator", username="guanli"))
    page = admin.get(reverse("interaction:staff_notifications"))
    assert page.status_code == 200 and "s***@example.com" in page.text and "someone@" not in page.text
    assert admin.get("/api/v1/lists/interaction-notifications").json()["count"] == 1
    handler = Client()
    handler.force_login(make_staff("request_handler", username="jingban"))
    assert handler.get(reverse("interaction:staff_notifications")).status_code == 403
