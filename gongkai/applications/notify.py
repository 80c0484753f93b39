"""E-mails of 依申请公开: to the applicant (tracking number and query code, notices, the reply) and the
daily reminders to handlers. Sent through `core.notify`: each delivery recorded (sent or failed with the
reason), after the transaction commits, so a rolled-back change mails nothing; a mail server that fails
never undoes the change (the applicant also sees the code on screen and the staff send notices by post)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse

from gongkai.core import notify as core_notify
from gongkai.core.models import Organisation

logger = logging.getLogger(__name__)


def site_url(path: str) -> str:
    """An absolute link for an e-mail (setting GONGKAI_SITE_URL; settings.py derives a default from
    ALLOWED_HOSTS): a relative path in a mail leads nowhere."""
    base = (getattr(settings, "GONGKAI_SITE_URL", "") or "http://localhost").rstrip("/")
    return f"{base}{path}"


def _send(
    *, to: str, subject: str, body: str, purpose: str, tracking_number: str = "", attachments=()
) -> None:
    """Through `core.notify`: the delivery is recorded (recipient and body encrypted) and sent after
    the commit. `attachments`: (name, bytes or a callable giving them, mimetype) — a callable is
    rendered at delivery, so a document is only made when it is sent."""
    target = f"applications.application:{tracking_number}" if tracking_number else None
    try:
        core_notify.email(
            to=to, subject=subject, body=body, purpose=purpose, target=target, attachments=attachments
        )
    except core_notify.NotifyError:  # a malformed address must not lose the case; the log says who
        logger.exception("依申请公开邮件无法发送：%s", subject)


def later(**kwargs) -> None:
    if kwargs.get("to"):
        _send(**kwargs)


def acknowledgement(*, email: str, tracking_number: str, query_code: str) -> None:
    """The tracking number and the query code: the only place the code is ever written down for the
    applicant besides the confirmation page (the database keeps only its hash)."""
    organisation = Organisation.current().name
    body = (
        f"您好：\n\n{organisation}已收到您提交的政府信息公开申请。\n\n"
        f"登记号：{tracking_number}\n查询码：{query_code}\n\n"
        f"请妥善保存登记号和查询码，凭此在以下网址查询办理进度和答复书：\n"
        f"{site_url(reverse('applications:status'))}\n\n"
        "网上提交的申请，以双方确认之日为收到申请之日（《中华人民共和国政府信息公开条例》第三十一条），"
        "工作人员确认受理后开始计算答复期限。\n\n"
        f"{organisation}\n（本邮件由系统自动发送，请勿直接回复。）"
    )
    later(
        to=email,
        subject=f"政府信息公开申请已提交（登记号{tracking_number}）",
        body=body,
        purpose="applications.acknowledgement",
        tracking_number=tracking_number,
    )


def notice(
    *, email: str, tracking_number: str, title: str, text: str, document_number: str = "", pdf=None
) -> None:
    """A notice to the applicant; a numbered one (`document_number`) has its signed PDF attached (`pdf`:
    a callable rendering it after the commit)."""
    organisation = Organisation.current().name
    heading = f"{title}（{document_number}）\n\n" if document_number else ""
    attachments = (
        [(f"{title}-{document_number or tracking_number}.pdf", pdf, "application/pdf")] if pdf else []
    )
    body = (
        f"您好：\n\n{heading}{text}\n\n登记号：{tracking_number}\n"
        f"凭登记号和查询码查询办理进度：{site_url(reverse('applications:status'))}\n\n"
        f"{organisation}\n（本邮件由系统自动发送。）"
    )
    later(
        to=email,
        subject=f"{title}（登记号{tracking_number}）",
        body=body,
        attachments=attachments,
        purpose="applications.notice",
        tracking_number=tracking_number,
    )


def reply(*, email: str, tracking_number: str, document_number: str, pdf: bytes, material: list = ()) -> None:
    """The signed reply and the disclosed material (`material`: (name, bytes, type)) in one mail."""
    organisation = Organisation.current().name
    enclosed = f"，答复书所附公开的政府信息{len(material)}份一并附上" if material else ""
    body = (
        f"您好：\n\n{organisation}已对您的政府信息公开申请（登记号{tracking_number}）作出答复，"
        f"答复书（{document_number}）见附件{enclosed}。\n\n{organisation}"
    )
    later(
        to=email,
        subject=f"政府信息公开申请答复书（{document_number}）",
        body=body,
        attachments=[(f"答复书-{tracking_number}.pdf", pdf, "application/pdf"), *material],
        purpose="applications.reply",
        tracking_number=tracking_number,
    )


def reminder(*, email: str, name: str, lines: list[str]) -> None:
    body = (
        f"{name}：\n\n以下依申请公开案件需要您关注：\n\n" + "\n".join(lines) + "\n\n"
        f"请登录工作台处理：{site_url(reverse('applications:dashboard'))}\n（本邮件由系统每日自动发送。）"
    )
    _send(
        to=email, subject=f"依申请公开办理提醒（{len(lines)}件）", body=body, purpose="applications.reminder"
    )
