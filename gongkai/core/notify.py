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
- SMS through `GONGKAI_SMS_BACKEND`, a dotted path to an `SmsBackend`: `ConsoleSmsBackend` (default
  in development: logs the text), `FileSmsBackend` (one 0600 file per message under
  DATA_DIR/sms), or a deployment's subclass of `SmsGateway` for its provider's HTTP API.

Foundation: imports no domain app (domain apps call it)."""

from __future__ import annotations

import logging
import re
import time
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


class SmsBackend:
    """Sends one text to one mobile number; raises on failure."""

    name = "sms"

    def send(self, phone: str, text: str) -> SmsResult:  # pragma: no cover - interface
        raise NotImplementedError


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
    """Adapter for a production SMS gateway (运营商或云短信平台). A deployment subclasses it for its
    provider, implementing `deliver` with the provider's API (signature, template code), and names the
    subclass in GONGKAI_SMS_BACKEND. The settings it reads: GONGKAI_SMS_GATEWAY_URL, _KEY, _SIGN."""

    name = "gateway"

    def __init__(self):
        self.url = getattr(settings, "SMS_GATEWAY_URL", "")
        self.key = getattr(settings, "SMS_GATEWAY_KEY", "")
        self.sign = getattr(settings, "SMS_GATEWAY_SIGN", "")
        if not self.url:
            raise NotifyError("未配置短信网关地址（GONGKAI_SMS_GATEWAY_URL）。")

    def send(self, phone: str, text: str) -> SmsResult:
        text = f"【{self.sign}】{text}" if self.sign and not text.startswith("【") else text
        return self.deliver(phone, text)

    def deliver(self, phone: str, text: str) -> SmsResult:  # pragma: no cover - provider specific
        raise NotImplementedError("请为所用短信平台实现 SmsGateway.deliver。")


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


def send(*, channel: str, to: str, body: str, purpose: str, subject: str = "", target=None):
    """Record one notification and deliver it after the surrounding transaction commits (at once
    outside a transaction). Returns the `Notification` row; an empty `to` sends nothing (None)."""
    from gongkai.core.models import Notification

    if not (to or "").strip():
        return None
    to = normalise_recipient(channel, to)
    if channel == SMS and len(body) > SMS_MAX_CHARS:
        raise NotifyError(f"短信内容不能超过{SMS_MAX_CHARS}个字。")
    row = Notification.objects.create(
        channel=channel,
        recipient=to,
        recipient_masked=mask(to),
        subject=subject[:200],
        body=body,
        purpose=purpose[:80],
        target=_target_label(target),
    )
    transaction.on_commit(lambda: deliver(row.pk))
    return row


def email(*, to: str, subject: str, body: str, purpose: str, target=None):
    return send(channel=EMAIL, to=to, subject=subject, body=body, purpose=purpose, target=target)


def sms(*, to: str, body: str, purpose: str, target=None):
    return send(channel=SMS, to=to, body=body, purpose=purpose, target=target)


def deliver(pk: int) -> bool:
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
            EmailMessage(subject=row.subject, body=row.body, to=[row.recipient], connection=connection).send()
        else:
            gateway = sms_backend()
            backend = f"{type(gateway).__module__}.{type(gateway).__name__}"
            gateway.send(row.recipient, row.body)
    except Exception as error:  # an outage must not undo the caller's change; the row says why
        logger.exception("通知发送失败：%s → %s", row.purpose, row.recipient_masked)
        Notification.objects.filter(pk=row.pk).update(
            status=Notification.Status.FAILED, error=str(error)[:500] or type(error).__name__
        )
        return False
    Notification.objects.filter(pk=row.pk).update(
        status=Notification.Status.SENT, backend=backend[:200], sent_at=timezone.now(), error=""
    )
    return True


def retry_failed(*, since_hours: int = 24) -> int:
    """Send again the notifications that failed in the last `since_hours` hours; returns how many went out."""
    from gongkai.core.models import Notification

    cutoff = timezone.now() - timedelta(hours=since_hours)
    pks = Notification.objects.filter(status=Notification.Status.FAILED, created_at__gte=cutoff).values_list(
        "pk", flat=True
    )
    return sum(deliver(pk) for pk in list(pks))
