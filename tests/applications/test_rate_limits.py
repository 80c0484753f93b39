"""Rate limits are counted atomically and shared by every worker (Redis, or an atomic database
counter): a burst of parallel submissions never passes the limit; the form's anti-spam token is
good for one submission only."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from gongkai.applications import guard
from gongkai.applications.models import Application
from gongkai.core import ratelimit
from gongkai.core.models import RateCounter

from .conftest import APPLICANT_NAME, person

THREADS = 8
EACH = 3  # 24 submissions from one address against a limit of 10


def in_memory_sqlite() -> bool:
    """pytest-django's SQLite test database lives in shared-cache memory, whose table locks fail at
    once instead of waiting (a file database with WAL and busy_timeout, as deployed, waits): the
    threaded tests run on PostgreSQL, and tests/core/test_ratelimit_processes.py covers SQLite
    with worker processes on a real file."""
    return connections["default"].vendor == "sqlite"


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_eight_threads_does_not_pass_a_limit_of_ten(settings):
    if in_memory_sqlite():
        pytest.skip("threads on PostgreSQL (DATABASE_URL=postgres://…); SQLite: test_ratelimit_processes")
    settings.GONGKAI_APPLICATION_SUBMIT_LIMIT = (10, 3600)
    assert ratelimit.backend() == "database"
    start = threading.Barrier(THREADS)

    def submit_several(_index: int) -> list[int]:
        try:
            start.wait(timeout=30)
            client = Client(REMOTE_ADDR="203.0.113.50")
            return [
                client.post(
                    "/api/v1/applications", json.dumps(person()), content_type="application/json"
                ).status_code
                for _ in range(EACH)
            ]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        statuses = [status for batch in pool.map(submit_several, range(THREADS)) for status in batch]

    assert sorted(statuses) == [201] * 10 + [429] * (THREADS * EACH - 10)
    assert Application.objects.count() == 10
    print(
        f"\n{connections['default'].vendor}: {THREADS} threads x {EACH}: {statuses.count(201)} ok (limit 10)"
    )


@pytest.mark.django_db(transaction=True)
def test_the_database_counter_counts_every_parallel_hit_once():
    if in_memory_sqlite():
        pytest.skip("threads on PostgreSQL (DATABASE_URL=postgres://…); SQLite: test_ratelimit_processes")
    start = threading.Barrier(THREADS)

    def hits(_index: int) -> list[int]:
        try:
            start.wait(timeout=30)
            return [ratelimit.hit("gk:test:burst", 60) for _ in range(10)]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        counts = [count for batch in pool.map(hits, range(THREADS)) for count in batch]
    assert sorted(counts) == list(range(1, THREADS * 10 + 1))  # each count handed out exactly once
    assert RateCounter.objects.get(key="gk:test:burst").count == THREADS * 10


@pytest.mark.django_db
def test_an_expired_counter_starts_again_from_one():
    assert ratelimit.hit("gk:test:window", 60) == 1
    assert ratelimit.hit("gk:test:window", 60) == 2
    RateCounter.objects.update(expires_at=RateCounter.objects.get().expires_at.replace(year=2000))
    assert ratelimit.peek("gk:test:window") == 0
    assert ratelimit.hit("gk:test:window", 60) == 1
    ratelimit.release("gk:test:window")
    assert ratelimit.peek("gk:test:window") == 0


@pytest.mark.django_db
def test_the_form_token_is_good_for_one_submission_only():
    token = guard.form_token(shown_at=time.time() - 30)
    data = {**person(), "form_token": token, "website": ""}
    first = Client(REMOTE_ADDR="203.0.113.7").post(reverse("applications:apply"), data)
    assert first.status_code == 302
    replay = Client(REMOTE_ADDR="198.51.100.8").post(reverse("applications:apply"), data)
    assert replay.status_code == 400
    assert "提交未成功" in replay.text
    assert Application.objects.count() == 1
    assert guard.spam_reason(token=token, honeypot="") == "replayed"


@pytest.mark.django_db
def test_a_form_with_a_mistake_gets_a_new_token_and_does_not_count(settings):
    settings.GONGKAI_APPLICATION_SUBMIT_LIMIT = (1, 3600)
    client = Client(REMOTE_ADDR="203.0.113.8")
    data = {**person(), "name": "", "form_token": guard.form_token(shown_at=time.time() - 30), "website": ""}
    mistaken = client.post(reverse("applications:apply"), data)
    assert mistaken.status_code == 400
    assert "提交未成功" not in mistaken.text
    new_token = mistaken.context["form"].data["form_token"]
    assert new_token != data["form_token"]
    corrected = {**data, "name": APPLICANT_NAME, "form_token": guard.form_token(shown_at=time.time() - 30)}
    assert (
        client.post(reverse("applications:apply"), corrected).status_code == 302
    )  # the mistake did not count
