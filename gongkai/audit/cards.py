"""To-do card of the audit administrator (core.dashboard): the last week's changes of accounts and
roles, to be reviewed (三员分立, GB/T 22239-2019 8.1.4.2: the audit administrator checks what the
system and security administrators did)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.audit.models import AuditRecord
from gongkai.core.dashboard import Card, CardItem

REVIEW_DAYS = 7  # the card shows the last week's account changes (ours, not a rule)
ACCOUNT_ACTIONS = ("user.create", "user.update", "user.roles", "user.reset_password")


def _account_changes():
    since = timezone.now() - timedelta(days=REVIEW_DAYS)
    return AuditRecord.objects.filter(action__in=ACCOUNT_ACTIONS, created_at__gte=since).order_by("-pk")


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%m-%d %H:%M}"


CARDS = (
    Card(
        key="audit.account_changes",
        section=_("系统管理"),
        title=_("近 7 天的账号和角色变更"),
        permission="audit.view_auditrecord",
        count=lambda user: _account_changes().count(),
        items=lambda user: [
            CardItem(
                f"{record.action_label} {record.target_display} {_when(record.created_at)}",
                f"{reverse('audit:list')}?action={record.action}",
            )
            for record in _account_changes()[:5]
        ],
        url="audit:list",
        query="target_type=core.user",
        order=20,
    ),
)
