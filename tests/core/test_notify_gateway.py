"""core.notify's production adapters against a real HTTP server on 127.0.0.1 started by the test: the
JSON-over-HTTPS SMS gateway (request signed, answer parsed, refusals and outages on the delivery
record) and the signed JSON POST the posting connectors share. Nothing leaves the machine."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.test import override_settings

from gongkai.core import notify
from gongkai.core.models import Notification


class Gateway:
    """A local gateway: records each request and answers with `self.answer` (status, body)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answer: tuple[int, bytes] = (200, b'{"code":"0","message":"ok","id":"g-1"}')
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append(
                    {"headers": dict(self.headers), "raw": body, "json": json.loads(body)}
                )
                status, answer = gateway.answer
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    server = Gateway()
    settings.SMS_BACKEND = "gongkai.core.notify.HttpSmsGateway"
    settings.SMS_GATEWAY_URL = server.url
    settings.SMS_GATEWAY_ACCOUNT = "hbj-account"
    settings.SMS_GATEWAY_KEY = "shared-secret"
    settings.SMS_GATEWAY_SIGN = "东湖市生态环境局"
    settings.SMS_GATEWAY_TEMPLATE = "TPL_001"
    yield server
    server.close()


@pytest.mark.django_db
def test_an_sms_goes_through_the_http_gateway_signed(gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = notify.sms(to="139 1234 5678", body="您的留言已答复。", purpose="test.gateway")
    row.refresh_from_db()
    assert row.status == "sent" and row.error == ""
    assert row.backend == "gongkai.core.notify.HttpSmsGateway #g-1"
    [request] = gateway.requests
    assert request["json"] == {
        "account": "hbj-account",
        "phone": "13912345678",
        "sign": "东湖市生态环境局",
        "template": "TPL_001",
        "params": {"content": "您的留言已答复。"},
        "content": "【东湖市生态环境局】您的留言已答复。",
    }
    headers = request["headers"]
    assert headers["X-Gongkai-Account"] == "hbj-account"
    expected = notify.signature(
        "shared-secret", headers["X-Gongkai-Timestamp"], headers["X-Gongkai-Nonce"], request["raw"]
    )
    assert headers["X-Gongkai-Signature"] == expected
    assert notify.signature(
        "wrong", headers["X-Gongkai-Timestamp"], headers["X-Gongkai-Nonce"], request["raw"]
    ) != (expected)


@pytest.mark.django_db
def test_a_refusal_and_an_http_error_are_the_records_reason(gateway, django_capture_on_commit_callbacks):
    gateway.answer = (200, '{"code":"E105","message":"签名未报备"}'.encode())
    with django_capture_on_commit_callbacks(execute=True):
        refused = notify.sms(to="13912345678", body="提醒", purpose="test.refused")
    refused.refresh_from_db()
    assert refused.status == "failed" and refused.error == "短信网关拒绝：E105 签名未报备"
    gateway.answer = (503, b"busy")
    with django_capture_on_commit_callbacks(execute=True):
        down = notify.sms(to="13912345678", body="提醒", purpose="test.down")
    down.refresh_from_db()
    assert down.status == "failed" and down.error == "网关返回HTTP 503：busy"
    gateway.answer = (200, b"<html>not json</html>")
    assert not notify.deliver(down.pk)
    down.refresh_from_db()
    assert down.error == "网关应答不是JSON。"
    gateway.answer = (200, b'{"code":"OK","id":"g-2"}')
    assert notify.retry_failed() == 2
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_an_unreachable_gateway_is_recorded(gateway, settings, django_capture_on_commit_callbacks):
    gateway.close()
    with django_capture_on_commit_callbacks(execute=True):
        row = notify.sms(to="13912345678", body="提醒", purpose="test.unreachable")
    row.refresh_from_db()
    assert row.status == "failed" and row.error.startswith("无法连接网关")


def test_only_https_or_this_machine():
    with pytest.raises(notify.GatewayError, match="HTTPS"):
        notify.signed_post("http://sms.example.com/send", {"a": 1})
    with pytest.raises(notify.GatewayError, match="HTTPS"):
        notify.signed_post("file:///etc/passwd", {"a": 1})


def test_the_bases_are_abstract():
    with pytest.raises(TypeError):
        notify.SmsBackend()

    class Half(notify.SmsGateway):
        pass

    with pytest.raises(TypeError):
        Half()


@pytest.mark.django_db
@override_settings(SMS_BACKEND="gongkai.core.notify.HttpSmsGateway", SMS_GATEWAY_URL="")
def test_a_gateway_without_address_fails_with_the_setting_named(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = notify.sms(to="13912345678", body="提醒", purpose="test.unset")
    row.refresh_from_db()
    assert row.status == "failed" and "GONGKAI_SMS_GATEWAY_URL" in row.error


@pytest.mark.django_db
def test_email_attachments_are_rendered_at_delivery_and_not_retried_blindly(
    django_capture_on_commit_callbacks,
):
    rendered = []

    def pdf():
        rendered.append(1)
        return b"%PDF-1.7 reply"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = notify.email(
            to="x@example.com",
            subject="答复书",
            body="见附件",
            purpose="test.attach",
            attachments=[("r.pdf", pdf, "application/pdf")],
        )
    assert rendered == []  # nothing rendered before the commit
    for callback in callbacks:
        callback()
    assert rendered == [1]
    assert mail.outbox[-1].attachments == [("r.pdf", b"%PDF-1.7 reply", "application/pdf")]
    row.refresh_from_db()
    assert row.status == "sent"
    with pytest.raises(notify.NotifyError):
        notify.send(
            channel=notify.SMS,
            to="13912345678",
            body="b",
            purpose="p",
            attachments=[("a", b"", "text/plain")],
        )


@pytest.mark.django_db
def test_a_failed_email_with_attachments_is_left_to_staff(settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_EMAIL_BACKEND = "tests.core.test_notify_gateway.BrokenMail"
    with django_capture_on_commit_callbacks(execute=True):
        row = notify.email(
            to="x@example.com",
            subject="答复书",
            body="见附件",
            purpose="test.attach",
            attachments=[("r.pdf", b"x", "application/pdf")],
        )
    row.refresh_from_db()
    assert row.status == "failed" and row.error.startswith(notify.ATTACHMENTS_NOT_RESENT)
    settings.NOTIFY_EMAIL_BACKEND = ""
    assert notify.retry_failed() == 0


class BrokenMail:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")
