"""Repeated applications: links between cases of the same applicant and content."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications.models import Application, ApplicationLink
from gongkai.applications.services.common import HANDLE
from gongkai.audit import services as audit
from gongkai.core.errors import DomainError, require


@transaction.atomic
def link_repeat(*, actor, application: Application, related: Application, note: str = "") -> ApplicationLink:
    require(actor, HANDLE)
    if related.pk == application.pk:
        raise DomainError(_("不能把申请与其自身关联。"))
    if ApplicationLink.objects.filter(application=application, related=related).exists():
        raise DomainError(_("两件申请已关联。"))
    link = ApplicationLink.objects.create(
        application=application, related=related, note=note.strip()[:200], linked_by=actor
    )
    audit.record(
        actor=actor,
        action="application.link",
        target=application,
        after={"related": related.tracking_number, "note": note.strip()},
    )
    return link


@transaction.atomic
def unlink_repeat(*, actor, link: ApplicationLink) -> None:
    require(actor, HANDLE)
    application, related = link.application, link.related.tracking_number
    link.delete()
    audit.record(actor=actor, action="application.unlink", target=application, before={"related": related})
