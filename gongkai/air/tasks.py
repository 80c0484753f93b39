"""Air-quality background jobs: file imports and the automatic daily report (日报)."""

from __future__ import annotations

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.air import intake, services
from gongkai.air.models import Channel, ImportJob
from gongkai.core.errors import DomainError

logger = logging.getLogger(__name__)


@db_task()
def run_import(job_id: int) -> None:
    """Validate and store an uploaded file; progress is written to the job as batches are stored."""
    job = ImportJob.objects.get(pk=job_id)
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    try:
        rows = intake.read_table(job.filename, bytes(job.content))
        job.total = len(rows)
        job.save(update_fields=["total"])
        result = intake.ingest(
            rows=rows,
            channel=Channel.UPLOAD,
            actor=job.uploaded_by,
            label=job.filename,
            progress=lambda done: ImportJob.objects.filter(pk=job.pk).update(processed=done),
        )
    except intake.BatchRejected as rejected:
        job.status, job.errors = ImportJob.Status.REJECTED, [error.as_dict() for error in rejected.errors]
    except DomainError as error:
        job.status, job.errors = (
            ImportJob.Status.REJECTED,
            [{"row": 0, "field": "", "message": error.message}],
        )
    else:
        job.status = ImportJob.Status.DONE
        job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
        job.processed = job.total = result.created + result.updated + result.unchanged
    job.finished_at = timezone.now()
    job.content = b""
    job.save(
        update_fields=[
            "status",
            "errors",
            "created",
            "updated",
            "unchanged",
            "processed",
            "total",
            "finished_at",
            "content",
        ]
    )


@db_periodic_task(crontab(hour="1-11", minute="5"))
def publish_daily_report():
    """The previous day's report appears by itself: first at 01:05, then hourly until 11:05 to take in
    late data (HJ 633 daily report, published before 12:00)."""
    report = services.publish_previous_day()
    logger.info("空气质量日报已发布：%s", report.date)
    return report.pk
