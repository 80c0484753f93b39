"""Shared by every service module: the permissions, the guards (permission, open case, no future
date, row lock) and the notices sent with an event."""

from __future__ import annotations

import hashlib
from datetime import date

from django.utils.translation import gettext as _

from gongkai.applications import documents, letters, notify, queries
from gongkai.applications.models import OPEN_STATUSES, Application, ClockEvent, Notice
from gongkai.audit import services as audit
from gongkai.core.errors import DomainError
from gongkai.core.models import Organisation

HANDLE = "applications.handle_application"
LEGAL_REVIEW = "applications.legal_review"
APPROVE_EXTENSION = "applications.approve_extension"
SIGN = "applications.sign_reply"
MANAGE_APPEALS = "applications.manage_appeals"


def not_future(day: date, field: str, label: str) -> None:
    if day > queries.today():
        raise DomainError(_("%(label)s不能晚于今天。") % {"label": label}, field=field)


def locked(application: Application) -> Application:
    """The case re-read under a row lock: two handlers acting at once are serialised."""
    return Application.objects.select_for_update().get(pk=application.pk)


def require_open(application: Application) -> None:
    if application.status not in OPEN_STATUSES:
        raise DomainError(
            _("申请当前状态为“%(s)s”，不能进行此操作。") % {"s": application.get_status_display()}
        )


def issue_notice(
    application: Application,
    *,
    actor,
    kind: str,
    issued_on: date,
    body: str,
    deadline: date | None = None,
    event: ClockEvent | None = None,
    recipient: str = "",
) -> Notice:
    to_applicant = kind in Notice.TO_APPLICANT
    numbered = kind in Notice.NUMBERED
    if numbered:  # issue 10: a numbered document with the remedy clause, like the reply letter
        body = letters.notice_document_body(
            body,
            reconsideration_body=Organisation.current().reconsideration_authority,
            to_applicant=to_applicant,
        )
    created = Notice.objects.create(
        application=application,
        kind=kind,
        issued_on=issued_on,
        body=body,
        deadline=deadline,
        event=event,
        issued_by=actor,
        recipient=recipient,
        document_number=notice_number(kind, issued_on.year) if numbered else "",
        delivered_via=application.delivery_method if to_applicant else "",
        body_sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )
    if numbered:
        audit.record(
            actor=actor,
            action="application.notice_issue",
            target=application,
            after={
                "kind": kind,
                "document_number": created.document_number,
                "issued_on": issued_on.isoformat(),
                "body_sha256": created.body_sha256,
            },
        )
    if to_applicant and application.email:
        # The applicant's channel: by e-mail with the signed PDF attached (rendered after commit); by post
        # or in person the handler prints the PDF from the case page (delivered_via says which).
        notify.notice(
            email=application.email,
            tracking_number=application.tracking_number,
            title=str(created.get_kind_display()),
            text=body,
            document_number=created.document_number,
            pdf=(lambda: documents.letter_pdf(queries.notice_content(created))) if numbered else None,
        )
    return created


def notice_number(kind: str, year: int) -> str:
    """〈简称〉依申请公开〈代字〉〔YYYY〕N号, N from the yearly sequence of the kind (core.sequences)."""
    from gongkai.applications.services.numbers import next_number

    organisation = Organisation.current()
    prefix = organisation.short_name or organisation.name
    return f"{prefix}依申请公开{Notice.NUMBERED[kind]}〔{year}〕{next_number(f'notice.{kind}', year)}号"
