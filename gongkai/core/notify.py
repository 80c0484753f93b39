"""Notifications (通知): e-mail and SMS behind one interface, every delivery recorded.

    from gongkai.core import notify
    notify.send(channel=notify.EMAIL, to=writer.email, subject="…", body="…",
                purpose="interaction.reply", target=message)

`send` writes a `core.Notification` row (recipient and body encrypted, the recipient also masked
for lists) in the caller's transaction and delivers after it commits, so a rolled-back change sends
nothing; the row then says `sent` or `failed` with the reason. A failing mail server or SMS gateway
is logged and never undoes the caller's change.

Backends:
- e-mail goes through Django's mail (`EMAIL_BACKEND`: SMTP when `EMAIL_HOST` is set, otherwise the
  private file backend; `django.core.mail.backends.console.EmailBackend` prints it);
  `GONGKAI_NOTIFY_EMAIL_BACKEND` overrides the backend for notifications only;
- SMS through `GONGKAI_SMS_BACKEND`, a dotted path to an `SmsBackend` (an abstract base):
  `ConsoleSmsBackend` (default in development: logs the text), `FileSmsBackend` (one 0600 file per
  message under DATA_DIR/sms), `HttpSmsGateway` (production: a JSON-over-HTTPS gateway configured by
  GONGKAI_SMS_GATEWAY_URL/_ACCOUNT/_KEY/_SIGN/_TEMPLATE, request and answer documented on the class),
  or a deployment's subclass of `SmsGateway` for a provider with another API. The gateway's message
  id is kept with the backend on the delivery record; a refusal is the record's failure reason.

Foundation: imports no domain app (domain apps call it)."""

from __future__ import annotations

import abc
import hashlib
import hmac
import json
import logging
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

EMAIL = "email"
SMS = "sms"
CHANNELS = (EMAIL, SMS)

MOBILE = re.compile(r"^1[3-9]\d{9}$")  # 11-digit mainland mobile numbers
SMS_MAX_CHARS = 500  # gateways split long texts; above this the text belongs in an e-mail or a page


class NotifyError(ValueError):
    """A notification that cannot be sent as asked (unknown channel, malformed recipient)."""


@dataclass(frozen=True)
class SmsResult:
    gateway_id: str = ""


class SmsBackend(abc.ABC):
    """Sends one text to one mobile number; raises on failure (the delivery record keeps the reason)."""

    name = "sms"

    @abc.abstractmethod
    def send(self, phone: str, text: str) -> SmsResult:
        """Deliver `text` to `phone` (11 digits, already normalised) or raise."""


class ConsoleSmsBackend(SmsBackend):
    """Development and demo: the text goes to the log (and so the console), nothing leaves the machine."""

    name = "console"

    def send(self, phone: str, text: str) -> SmsResult:
        logger.info("短信 → %s：%s", mask(phone), text)
        return SmsResult(gateway_id=f"console-{time.time_ns()}")


class FileSmsBackend(SmsBackend):
    """Demo: one file per message under GONGKAI_SMS_FILE_PATH (default DATA_DIR/sms), 0600 in a 0700
    folder (the files carry phone numbers)."""

    name = "file"

    def __init__(self, path: Path | None = None):
        from gongkai.core.filemodes import private_dir

        self.path = private_dir(Path(path or getattr(settings, "SMS_FILE_PATH", settings.DATA_DIR / "sms")))

    def send(self, phone: str, text: str) -> SmsResult:
        from gongkai.core.filemodes import private_file

        name = f"{timezone.now():%Y%m%d-%H%M%S}-{time.time_ns()}.sms"
        target = self.path / name
        target.write_text(f"To: {phone}\n\n{text}\n", encoding="utf-8")
        private_file(target)
        return SmsResult(gateway_id=name)


class SmsGateway(SmsBackend):
    """Base of a production SMS gateway (运营商或云短信平台): reads the gateway settings, puts the
    signature 【签名】 in front of the text and leaves the provider's API to `deliver`.
    `HttpSmsGateway` below is the ready adapter for a JSON-over-HTTPS gateway; a provider with
    another API subclasses this class and names the subclass in GONGKAI_SMS_BACKEND.

    Settings (environment GONGKAI_SMS_GATEWAY_*): URL, ACCOUNT, KEY, SIGN (签名, e.g. "某某生态环境局"),
    TEMPLATE (the template code the provider approved; empty when free text is allowed), TIMEOUT
    (seconds, default 10)."""

    name = "gateway"

    def __init__(self):
        self.url = getattr(settings, "SMS_GATEWAY_URL", "")
        self.account = getattr(settings, "SMS_GATEWAY_ACCOUNT", "")
        self.key = getattr(settings, "SMS_GATEWAY_KEY", "")
        self.sign = getattr(settings, "SMS_GATEWAY_SIGN", "")
        self.template = getattr(settings, "SMS_GATEWAY_TEMPLATE", "")
        self.timeout = float(getattr(settings, "SMS_GATEWAY_TIMEOUT", 10) or 10)
        if not self.url:
            raise NotifyError("未配置短信网关地址（GONGKAI_SMS_GATEWAY_URL）。")

    def send(self, phone: str, text: str) -> SmsResult:
        text = f"【{self.sign}】{text}" if self.sign and not text.startswith("【") else text
        return self.deliver(phone, text)

    @abc.abstractmethod
    def deliver(self, phone: str, text: str) -> SmsResult:
        """Hand the signed text to the provider; return its message id or raise."""


class GatewayError(RuntimeError):
    """The gateway refused a request or answered something that is not a success."""


def signature(key: str, timestamp: str, nonce: str, body: bytes) -> str:
    """HMAC-SHA256 (hex) of "timestamp\\nnonce\\n" + the request body, with the shared key."""
    message = f"{timestamp}\n{nonce}\n".encode() + body
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    loopback = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise GatewayError("网关地址必须使用HTTPS（本机测试地址除外）。")


def signed_post(url: str, payload: dict, *, account: str = "", key: str = "", timeout: float = 10) -> dict:
    """POST `payload` as JSON to `url`, signed with `key`; return the JSON answer (a dict).

    Headers: `X-Gongkai-Account`, `X-Gongkai-Timestamp` (Unix seconds), `X-Gongkai-Nonce` (random hex)
    and `X-Gongkai-Signature` = `signature(key, timestamp, nonce, body)`; the receiver recomputes it
    and refuses requests older than a few minutes. HTTPS only (plain HTTP only to this machine, for
    tests). Raises `GatewayError` on a network error, a non-2xx status or an answer that is not JSON."""
    _check_url(url)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
    request = urllib.request.Request(  # noqa: S310 - https (or loopback http) checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "X-Gongkai-Account": account,
            "X-Gongkai-Timestamp": timestamp,
            "X-Gongkai-Nonce": nonce,
            "X-Gongkai-Signature": signature(key, timestamp, nonce, body) if key else "",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked
            raw = response.read(65536)
    except urllib.error.HTTPError as error:
        detail = error.read(500).decode("utf-8", "replace").strip()
        raise GatewayError(f"网关返回HTTP {error.code}：{detail}"[:480]) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise GatewayError(f"无法连接网关：{getattr(error, 'reason', error)}"[:480]) from error
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise GatewayError("网关应答不是JSON。") from error
    if not isinstance(answer, dict):
        raise GatewayError("网关应答格式不正确。")
    return answer


class HttpSmsGateway(SmsGateway):
    """Production adapter for a JSON-over-HTTPS SMS gateway (GONGKAI_SMS_BACKEND =
    "gongkai.core.notify.HttpSmsGateway"); many 云短信 platforms and the operators' 企业短信 gateways
    offer this shape, or a small relay at the bureau's network edge translates it.

    Request: POST GONGKAI_SMS_GATEWAY_URL, signed as `signed_post` says, with the JSON body
        {"account": ACCOUNT, "phone": "13912345678", "sign": SIGN, "template": TEMPLATE,
         "params": {"content": "<text without the signature>"}, "content": "【SIGN】<text>"}
    Answer: HTTP 2xx and {"code": "0", "message": "…", "id": "<gateway message id>"}; success is a
    `code` of "0" or "OK" (GONGKAI_SMS_GATEWAY_OK_CODES, comma separated, to match another gateway).
    Anything else raises, and the delivery record says "短信网关拒绝：<code> <message>"."""

    name = "http"

    def __init__(self):
        super().__init__()
        codes = getattr(settings, "SMS_GATEWAY_OK_CODES", "0,OK") or "0,OK"
        self.ok_codes = {code.strip().upper() for code in str(codes).split(",") if code.strip()}

    def deliver(self, phone: str, text: str) -> SmsResult:
        payload = {
            "account": self.account,
            "phone": phone,
            "sign": self.sign,
            "template": self.template,
            "params": {"content": text.removeprefix(f"【{self.sign}】") if self.sign else text},
            "content": text,
        }
        answer = signed_post(self.url, payload, account=self.account, key=self.key, timeout=self.timeout)
        code = str(answer.get("code", "")).strip().upper()
        if code not in self.ok_codes:
            message = str(answer.get("message") or answer.get("msg") or "")
            raise GatewayError(f"短信网关拒绝：{code or '无返回码'} {message}".strip()[:480])
        return SmsResult(gateway_id=str(answer.get("id") or answer.get("message_id") or "")[:100])


def sms_backend() -> SmsBackend:
    path = getattr(settings, "SMS_BACKEND", "gongkai.core.notify.ConsoleSmsBackend")
    return import_string(path)()


def email_connection():
    path = getattr(settings, "NOTIFY_EMAIL_BACKEND", "") or None
    return get_connection(path)


def mask(recipient: str) -> str:
    """138****1234, a***@example.com: enough for staff to recognise, not to contact."""
    recipient = recipient.strip()
    if "@" in recipient:
        local, _at, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(recipient) >= 7:
        return f"{recipient[:3]}****{recipient[-4:]}"
    return "*" * len(recipient)


def normalise_recipient(channel: str, to: str) -> str:
    to = (to or "").strip()
    if channel == SMS:
        to = re.sub(r"[\s\-()（）]", "", to).removeprefix("+86")
        if not MOBILE.match(to):
            raise NotifyError("短信只能发送到11位手机号码。")
        return to
    if channel == EMAIL:
        if "@" not in to or len(to) > 254 or any(c.isspace() for c in to):
            raise NotifyError("电子邮箱地址格式不正确。")
        return to
    raise NotifyError(f"未知的通知渠道：{channel}")


def _target_label(target) -> str:
    if target is None:
        return ""
    if isinstance(target, str):
        return target[:120]
    return f"{target._meta.label_lower}:{target.pk}"


def send(*, channel: str, to: str, body: str, purpose: str, subject: str = "", target=None, attachments=()):
    """Record one notification and deliver it after the surrounding transaction commits (at once
    outside a transaction). Returns the `Notification` row; an empty `to` sends nothing (None).

    `attachments` (e-mail only): (name, bytes or a callable giving them, mimetype); a callable is
    called at delivery, after the commit, so a document is only rendered when it is sent. They are
    not stored: a failed e-mail with attachments is marked so and `retry_failed` leaves it to staff."""
    from gongkai.core.models import Notification

    if not (to or "").strip():
        return None
    to = normalise_recipient(channel, to)
    if channel == SMS and len(body) > SMS_MAX_CHARS:
        raise NotifyError(f"短信内容不能超过{SMS_MAX_CHARS}个字。")
    if channel == SMS and attachments:
        raise NotifyError("短信不能带附件。")
    attachments = tuple(attachments)
    row = Notification.objects.create(
        channel=channel,
        recipient=to,
        recipient_masked=mask(to),
        subject=subject[:200],
        body=body,
        purpose=purpose[:80],
        target=_target_label(target),
    )
    transaction.on_commit(lambda: deliver(row.pk, attachments=attachments))
    return row


def email(*, to: str, subject: str, body: str, purpose: str, target=None, attachments=()):
    return send(
        channel=EMAIL,
        to=to,
        subject=subject,
        body=body,
        purpose=purpose,
        target=target,
        attachments=attachments,
    )


def sms(*, to: str, body: str, purpose: str, target=None):
    return send(channel=SMS, to=to, body=body, purpose=purpose, target=target)


ATTACHMENTS_NOT_RESENT = "（含附件，不自动重发）"


def deliver(pk: int, *, attachments=()) -> bool:
    """Send a recorded notification now; True when it went out. A queued row sent again (a retry)
    is fine; a row already sent is left alone."""
    from gongkai.core.models import Notification

    row = Notification.objects.filter(
        pk=pk, status__in=[Notification.Status.QUEUED, Notification.Status.FAILED]
    )
    row = row.first()
    if row is None:
        return False
    try:
        if row.channel == EMAIL:
            connection = email_connection()
            backend = f"{type(connection).__module__}.{type(connection).__name__}"
            message = EmailMessage(row.subject, row.body, to=[row.recipient], connection=connection)
            for name, content, mimetype in attachments:
                message.attach(name, content() if callable(content) else content, mimetype)
            message.send()
        else:
            gateway = sms_backend()
            backend = f"{type(gateway).__module__}.{type(gateway).__name__}"
            result = gateway.send(row.recipient, row.body)
            if result.gateway_id:  # the provider's message id, to trace a complaint with the provider
                backend = f"{backend} #{result.gateway_id}"
    except Exception as error:  # an outage must not undo the caller's change; the row says why
        logger.exception("通知发送失败：%s → %s", row.purpose, row.recipient_masked)
        reason = str(error) or type(error).__name__
        if attachments:
            reason = f"{ATTACHMENTS_NOT_RESENT}{reason}"
        Notification.objects.filter(pk=row.pk).update(status=Notification.Status.FAILED, error=reason[:500])
        return False
    Notification.objects.filter(pk=row.pk).update(
        status=Notification.Status.SENT, backend=backend[:200], sent_at=timezone.now(), error=""
    )
    return True


def retry_failed(*, since_hours: int = 24) -> int:
    """Send again the notifications that failed in the last `since_hours` hours; returns how many went out."""
    from gongkai.core.models import Notification

    cutoff = timezone.now() - timedelta(hours=since_hours)
    pks = (
        Notification.objects.filter(status=Notification.Status.FAILED, created_at__gte=cutoff)
        .exclude(error__startswith=ATTACHMENTS_NOT_RESENT)
        .values_list("pk", flat=True)
    )
    return sum(deliver(pk) for pk in list(pks))
