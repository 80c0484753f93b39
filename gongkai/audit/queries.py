"""Read side of the audit trail: the one way views, archives and reports read an object's history or a
user's own actions (the log pages filter the whole trail themselves, in `audit.views`)."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from gongkai.audit.models import AuditRecord


def trail_for(obj: models.Model) -> QuerySet[AuditRecord]:
    """Every record whose target is `obj`, oldest first (chain order): the "操作记录" of a record page
    and of an exported case file. Matches how `services.record` names a model target."""
    records = AuditRecord.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))
    return records.order_by("seq")


def actions_by(user) -> QuerySet[AuditRecord]:
    """The records `user` made, newest first: "我的操作记录" and the console home page."""
    return AuditRecord.objects.filter(actor_id=user.pk).order_by("-seq")
