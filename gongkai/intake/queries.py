"""Read-side helpers of data intake."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from gongkai.intake.models import ImportJob


def failed_jobs(since: datetime | None = None, importer: str | None = None) -> QuerySet[ImportJob]:
    """Failed import jobs, newest first (a dashboard card); optionally since a moment, of one importer."""
    jobs = ImportJob.objects.filter(status=ImportJob.Status.FAILED).defer("content", "extra_content")
    if since is not None:
        jobs = jobs.filter(finished_at__gte=since)
    if importer:
        jobs = jobs.filter(importer=importer)
    return jobs.order_by("-finished_at", "-pk")


def jobs_of(user, importer: str, limit: int = 10) -> list[ImportJob]:
    return list(
        ImportJob.objects.filter(uploaded_by=user, importer=importer).defer("content", "extra_content")[
            :limit
        ]
    )
