"""core.sequences: yearly numbers that are unique and gap-free across processes, a new series each
year, given back when the transaction that took them rolls back, and continued from the counters
they replaced (applications' 登记号/答复书文号 and disclosure's 索引号)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from gongkai.applications.services import next_number
from gongkai.core.models import Sequence
from gongkai.core.sequences import NOT_YEARLY, current_value, next_value

needs_postgresql = pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="row locks between connections: PostgreSQL (DATABASE_URL=postgres://…)",
)


@pytest.mark.django_db
def test_numbers_count_up_from_one_and_start_again_each_year():
    assert current_value("test.letters", 2026) == 0
    assert [next_value("test.letters", 2026) for _ in range(3)] == [1, 2, 3]
    assert next_value("test.letters", 2027) == 1
    assert next_value("test.other", 2026) == 1
    assert current_value("test.letters", 2026) == 3
    assert current_value("test.letters", 2027) == 1
    assert [next_value("test.running", NOT_YEARLY) for _ in range(2)] == [1, 2]


@pytest.mark.django_db
def test_a_rolled_back_transaction_gives_its_number_back():
    assert next_value("test.decisions", 2026) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_value("test.decisions", 2026) == 2
        raise RuntimeError("the decision was not stored")
    assert next_value("test.decisions", 2026) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "year"), [("", 2026), ("x" * 201, 2026), ("test.a", 26), ("test.a", 10000)])
def test_invalid_names_and_years_are_refused(name, year):
    with pytest.raises(ValueError):
        next_value(name, year)
    assert not Sequence.objects.exists()


@pytest.mark.django_db
def test_applications_numbers_are_core_sequences():
    assert next_number("tracking", 2026) == 1
    assert next_number("tracking", 2026) == 2
    assert current_value("applications.tracking", 2026) == 2
    assert next_number("tracking", 2027) == 1


def _in_threads(count: int, work) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run():
        try:
            start.wait(timeout=30)
            work()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_threads_drawing_from_a_new_sequence_get_every_number_once():
    results: list[int] = []

    def work():
        for _ in range(15):
            with transaction.atomic():
                results.append(next_value("test.concurrent", 2026))

    assert _in_threads(8, work) == []
    assert sorted(results) == list(range(1, 121))
    assert current_value("test.concurrent", 2026) == 120


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_second_creator_of_the_row_waits_and_takes_the_next_number():
    """The row does not exist yet; this connection creates it and holds it uncommitted while another
    thread tries to create it too. The other thread's insert waits, fails on the unique constraint
    once this transaction commits, and then locks the committed row: 2, not a duplicate 1."""
    results: list[int] = []

    def other():
        try:
            results.append(next_value("test.race", 2026))
        finally:
            connections.close_all()

    with transaction.atomic():
        assert next_value("test.race", 2026) == 1
        thread = threading.Thread(target=other)
        thread.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # until the other insert waits for this transaction
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted "
                    "AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
                )
                if cursor.fetchone()[0]:
                    break
            time.sleep(0.05)
        else:
            pytest.fail("the second creator never waited for the first")
    thread.join(timeout=10)
    assert results == [2]
    assert Sequence.objects.filter(name="test.race").count() == 1


BEFORE = [
    ("core", "0002_sequence"),
    ("applications", "0001_initial"),
    ("disclosure", "0003_search_rank_vector"),
]


@pytest.mark.django_db(transaction=True)
def test_numbering_continues_from_the_counters_the_sequences_replaced():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        old.get_model("applications", "Counter").objects.create(name="tracking", year=2026, last=41)
        old.get_model("applications", "Counter").objects.create(name="reply", year=2025, last=7)
        old.get_model("disclosure", "IndexCounter").objects.create(scope="11990100MB0000001T-2026-#", last=12)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert next_number("tracking", 2026) == 42
    assert next_number("reply", 2025) == 8
    assert next_number("reply", 2026) == 1
    assert next_value("disclosure.index:11990100MB0000001T-2026-#", NOT_YEARLY) == 13


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_sequences_back_when_reversed():
    next_number("tracking", 2026)
    next_number("tracking", 2026)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        counter = old.get_model("applications", "Counter").objects.get(name="tracking", year=2026)
        assert counter.last == 2
        assert not old.get_model("core", "Sequence").objects.filter(name__startswith="applications.").exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert next_number("tracking", 2026) == 3
