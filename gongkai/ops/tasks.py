"""The worker's heartbeat and the record of its periodic runs, read by /healthz."""

from __future__ import annotations

import logging
import os
import socket

from huey import crontab
from huey.api import PeriodicTask
from huey.contrib.djhuey import HUEY, db_periodic_task
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR

from gongkai.ops import health

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    """Every minute: the worker is alive and its scheduler runs."""
    health.beat(health.WORKER, detail=f"{socket.gethostname()}:{os.getpid()}")


@HUEY.signal(SIGNAL_COMPLETE, SIGNAL_ERROR)
def record_periodic_run(signal, task, exc=None) -> None:
    """After each periodic job: when it ran and whether it succeeded."""
    if not isinstance(task, PeriodicTask) or task.name == worker_heartbeat.name:
        return
    try:
        health.beat(
            f"periodic:{task.name}", ok=signal == SIGNAL_COMPLETE, detail=repr(exc)[:200] if exc else ""
        )
    except Exception:  # the record of a run must never fail the job itself
        logger.exception("could not record the run of %s", task.name)
