"""Shared by every service module: the permissions, the guards (permission, open case, no future
date, row lock) and the notices sent with an event."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from gongkai.applications import notify, queries
from gongkai.applications.models import OPEN_STATUSES, Application, ClockEvent, Notice
from gongkai.core.errors import DomainError

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
) -> Notice:
    created = Notice.objects.create(
        application=application,
        kind=kind,
        issued_on=issued_on,
        body=body,
        deadline=deadline,
        event=event,
        issued_by=actor,
    )
    if kind in Notice.TO_APPLICANT and application.email:
        notify.notice(
            email=application.email,
            tracking_number=application.tracking_number,
            title=str(created.get_kind_display()),
            text=body,
        )
    return created
