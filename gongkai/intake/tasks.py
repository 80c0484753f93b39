"""Intake jobs run by `gongkai worker` (Huey): one import job, and the reaper of stale jobs."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.intake import runner, services

logger = logging.getLogger(__name__)


@db_task()
def run_import_job(job_id: int):
    return runner.run_job(job_id)


@db_periodic_task(crontab(minute="*/5"))
def reap_stale_import_jobs():
    """Every five minutes: a running job without a heartbeat for INTAKE_STALE_MINUTES ends failed."""
    reaped = services.reap_stale_jobs()
    if reaped:
        logger.warning("import jobs ended as failed (worker stopped): %s", reaped)
    return reaped
