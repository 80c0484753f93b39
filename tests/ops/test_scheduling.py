"""Two workers on one queue: each periodic job is enqueued by one scheduler per minute only."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.cache import cache
from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY

from gongkai.ops.scheduling import once_per_minute


@pytest.fixture
def two_schedulers():
    autodiscover_modules("tasks")
    cache.clear()
    yield [once_per_minute(HUEY.read_periodic, HUEY._get_timestamp) for _ in range(2)]
    cache.clear()


def names(tasks) -> set[str]:
    return {task.name for task in tasks}


def test_a_job_due_this_minute_is_claimed_by_one_scheduler_only(two_schedulers):
    first, second = two_schedulers
    at = datetime(2026, 5, 6, 2, 17, 0)
    due = names(HUEY.read_periodic(at))
    assert "worker_heartbeat" in due and len(due) >= 2  # every minute, and the nightly audit check
    assert names(first(at)) == due
    assert names(second(datetime(2026, 5, 6, 2, 17, 40))) == set()  # the same minute, later check
    # The next minute belongs to whichever scheduler checks first.
    assert names(second(datetime(2026, 5, 6, 2, 18, 1))) == names(
        HUEY.read_periodic(datetime(2026, 5, 6, 2, 18))
    )
    assert names(first(datetime(2026, 5, 6, 2, 18, 2))) == set()
