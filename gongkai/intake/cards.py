"""The dashboard card every importing app shows (core.dashboard): the signed-in user's own uploads
to one importer that failed in the last week, each linking to its job page."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.core.dashboard import Card, CardItem
from gongkai.intake import queries

FAILED_IMPORT_DAYS = 7  # a rejected upload stays on the card for a week (it is fixed by uploading again)


def failed_imports(user, importer: str):
    since = timezone.now() - timedelta(days=FAILED_IMPORT_DAYS)
    return queries.failed_jobs(since=since, importer=importer).filter(uploaded_by=user)


def job_url(job) -> str:
    return reverse("intake:job", args=[job.pk])


def failed_imports_card(*, key: str, section, importer: str, permission: str, url: str, order: int) -> Card:
    """`permission` is the importer's (the upload page `url` needs it)."""
    return Card(
        key=key,
        section=section,
        title=format_lazy(_("近 {days} 天导入失败"), days=FAILED_IMPORT_DAYS),
        permission=permission,
        count=lambda user: failed_imports(user, importer).count(),
        items=lambda user: [
            CardItem(f"{job.filename} {timezone.localtime(job.created_at):%m-%d %H:%M}", job_url(job))
            for job in failed_imports(user, importer)[:5]
        ],
        url=url,
        order=order,
        alert=True,
    )
