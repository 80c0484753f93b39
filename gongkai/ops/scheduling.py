"""Each periodic job runs once per scheduled minute however many `gongkai worker` processes share
the queue (two servers, or two workers on one).

Huey's scheduler lives in every consumer: with two workers on one Redis, each would enqueue every
periodic job, and the nightly reports, reminders and publications would run twice. Before enqueueing,
a scheduler claims the job for its minute with an atomic add in the shared cache (Redis `SET NX`, or a
row of the database cache); only the one that gets the claim enqueues it. Claims expire after a day."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 24 * 3600


def claim_key(task_name: str, minute: str) -> str:
    return f"gongkai:periodic-claim:{task_name}:{minute}"


def claim(task_name: str, timestamp: datetime) -> bool:
    """True for the first scheduler to claim `task_name` for the minute of `timestamp`."""
    minute = timestamp.strftime("%Y-%m-%dT%H:%M")
    won = cache.add(claim_key(task_name, minute), "1", timeout=CLAIM_SECONDS)
    logger.info(
        "periodic job %s for %s: %s",
        task_name,
        minute,
        "claimed" if won else "already claimed by another worker",
        extra={"event": "periodic-claim" if won else "periodic-skip", "task": task_name, "minute": minute},
    )
    return won


def once_per_minute(read_periodic: Callable, get_timestamp: Callable[[], datetime]) -> Callable:
    """Wraps `Huey.read_periodic` (the scheduler's list of periodic jobs due now) with the claim."""

    def read_claimed(timestamp: datetime | None = None) -> list:
        if timestamp is None:
            timestamp = get_timestamp()
        return [task for task in read_periodic(timestamp) if claim(task.name, timestamp)]

    return read_claimed
