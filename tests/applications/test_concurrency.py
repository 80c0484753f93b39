"""100 applications submitted at once through the API against PostgreSQL: every one stored, every tracking
number unique and the yearly sequence without gaps, the audit chain intact. (SQLite serialises writers
anyway; the row locks that make this work are PostgreSQL's.)"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from gongkai.applications.models import Application
from gongkai.audit.services import verify

from .conftest import person

SUBMISSIONS = 100


def spare_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        maximum = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_stat_activity")
        used = int(cursor.fetchone()[0])
    return maximum - used - 10  # superuser slots and room for others on a shared server


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_tracking_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    workers = min(SUBMISSIONS, spare_connections())
    assert workers >= 20, f"only {workers} database connections free"
    start = threading.Barrier(workers)

    def submit(index: int) -> tuple[int, dict]:
        try:
            if index < workers:
                start.wait(timeout=30)  # the first wave leaves together
            client = Client(REMOTE_ADDR=f"10.0.{index // 250}.{index % 250 + 1}")
            response = client.post(
                "/api/v1/applications", json.dumps(person()), content_type="application/json"
            )
            return response.status_code, response.json()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(submit, range(SUBMISSIONS)))

    assert [status for status, _body in results] == [201] * SUBMISSIONS, results[:3]
    numbers = [body["tracking_number"] for _status, body in results]
    assert len(set(numbers)) == SUBMISSIONS
    stored = sorted(Application.objects.values_list("tracking_number", flat=True))
    assert stored == sorted(numbers)
    year = stored[0][3:7]
    assert stored == [f"YSQ{year}-{n:05d}" for n in range(1, SUBMISSIONS + 1)]  # no gaps, no duplicates
    assert len({body["query_code"] for _status, body in results}) == SUBMISSIONS
    assert verify().ok
    print(
        f"\n{SUBMISSIONS} submissions by {workers} concurrent threads: "
        f"{len(set(numbers))} unique tracking numbers"
    )


@pytest.mark.django_db(transaction=True)
def test_parallel_retries_with_the_same_idempotency_key_create_one_application():
    """Issue 10: a client that retries at once (a double click, a timeout and retry) sends the same
    Idempotency-Key in parallel: one application, every answer the same tracking number and query code."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    workers = min(20, spare_connections())
    assert workers >= 5, f"only {workers} database connections free"
    start = threading.Barrier(workers)

    def submit(index: int) -> tuple[int, dict]:
        try:
            start.wait(timeout=30)
            response = Client(REMOTE_ADDR="10.9.0.1").post(
                "/api/v1/applications",
                json.dumps(person()),
                content_type="application/json",
                headers={"Idempotency-Key": "provincial-platform-7781"},
            )
            return response.status_code, response.json()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(submit, range(workers)))

    assert [status for status, _body in results] == [201] * workers, results[:3]
    assert len({(body["tracking_number"], body["query_code"]) for _status, body in results}) == 1
    assert Application.objects.count() == 1
    assert verify().ok
    print(f"\n{workers} parallel retries with one Idempotency-Key: 1 application")
