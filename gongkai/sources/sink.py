"""The platform's sink: the receiver's batches written to the models' tables, on SQLite or
PostgreSQL alike, in one transaction per batch.

On SQLite rows are built as tuples by ``records.batch_rows`` (the same builder as the stand-alone
SQLite receiver's) and go in with ``executemany``; on PostgreSQL ``records.pg_copy_text`` writes the
batch as COPY text (measurements one line per pollutant from the CP text, their value columns
filled from the fields' JSON by ``records.MEASUREMENT_SELECT``) into temporary staging tables, then
one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` per table — not ``bulk_create`` and not the model
fields' per-value preparation, which cost more than the rest of the receiver
(bench/bench_hj212.py). The column names of the tuples are the models' columns (a test compares
them)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence

from django.db import connection, connections, transaction

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.records import (
    MEASUREMENT_COLUMNS,
    MEASUREMENT_SELECT,
    PACKET_COLUMNS,
    Received,
    Rows,
    batch_rows,
    measurement_rows,
    measurement_tuples,
    pg_copy_text,
    segment_of,
    sqlite_time,
)
from gongkai.sources.models import Measurement, RawPacket


def _insert(model, columns: Sequence[str], rows: list[tuple]) -> None:
    """SQLite: insert ``rows`` (tuples), ignoring those already stored."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    table = quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# PostgreSQL: each table's batch is COPYed into a temporary staging table, then moved with one
# ``INSERT … SELECT … ON CONFLICT DO NOTHING`` — one round trip for thousands of rows. The staging
# tables are created once per database session (they empty at COMMIT) and both INSERTs go in one
# statement string: a commit is BEGIN, two COPYs, one execute and COMMIT, so the worker thread
# needs the GIL back (up to the 5 ms switch interval each time, the event loop holding it while it
# parses) as few times as possible.
def _staging(model) -> tuple[str, str, str]:
    """(table, staging table, column list) of a model's receiver table, quoted."""
    columns = PACKET_COLUMNS if model is RawPacket else MEASUREMENT_COLUMNS
    quote = connection.ops.quote_name
    table = model._meta.db_table
    return quote(table), quote(f"{table}_staging"), ", ".join(quote(column) for column in columns)


def _move_sql(model) -> str:
    table, staging, columns = _staging(model)
    # A measurement line of ``records.measurement_lines`` leaves the value columns to SQL.
    select = MEASUREMENT_SELECT if model is Measurement else columns
    return f"INSERT INTO {table} ({columns}) SELECT {select} FROM {staging} ON CONFLICT DO NOTHING"  # noqa: S608


def _move_both(cursor) -> None:
    """Move both staging tables into their tables: first as plain INSERTs behind a savepoint, and
    only if one of the batch's rows is already stored (a device resending what was committed but
    not answered, or one packet twice in the batch) again with ``ON CONFLICT DO NOTHING``. Nearly
    every batch is new data, and a plain INSERT costs PostgreSQL about half as much per row as
    one with ``ON CONFLICT`` (the speculative insertion checks the unique index before it inserts
    each row; bench/bench_hj212.py, docs/ARCHITECTURE.md "Fifth round"). SAVEPOINT and both
    INSERTs go in one statement string, so the commit thread waits on the database once.

    Two receivers writing the same packets in different orders (a device that resent to the
    other one) can each wait for the other's uncommitted row: PostgreSQL then cancels one of the
    two as a deadlock. That one rolls back to the savepoint, which lets the other finish, and
    moves its batch again with ``ON CONFLICT DO NOTHING`` (a few times if it meets another)."""
    packets, measurements = _move_sql(RawPacket), _move_sql(Measurement)
    conflict = " ON CONFLICT DO NOTHING"
    statement = (
        f"SAVEPOINT hj212_new; {packets.removesuffix(conflict)}; {measurements.removesuffix(conflict)}"
    )
    for attempt in range(1 + DEADLOCK_RETRIES):
        try:
            cursor.execute(statement)
            return
        except connection.Database.Error as error:
            code = getattr(error, "sqlstate", None)
            if code not in (UNIQUE_VIOLATION, DEADLOCK) or (code == UNIQUE_VIOLATION and attempt):
                raise
            if attempt == DEADLOCK_RETRIES:
                raise
            statement = f"ROLLBACK TO SAVEPOINT hj212_new; {packets}; {measurements}"


UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATEs: unique_violation,
DEADLOCK = "40P01"  # deadlock_detected
DEADLOCK_RETRIES = 3
_staged_sessions: weakref.WeakSet = weakref.WeakSet()  # psycopg connections holding the staging tables


def _ensure_staging(cursor) -> None:
    """Create the staging tables unless this session has them. Run outside the batch's transaction:
    created in autocommit mode they stay for the session even if a batch is rolled back (inside a
    caller's transaction they are created each time, as a rollback would drop them)."""
    session = cursor.connection
    if session in _staged_sessions:
        return
    statements = []
    for model in (RawPacket, Measurement):
        table, staging, columns = _staging(model)
        statements.append(
            f"CREATE TEMP TABLE IF NOT EXISTS {staging} ON COMMIT DELETE ROWS AS "  # noqa: S608
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
    cursor.execute("; ".join(statements))
    if not connection.in_atomic_block:
        _staged_sessions.add(session)


def _copy(cursor, model, text: str, rows: Sequence[tuple] = ()) -> None:
    if not text and not rows:
        return
    _table, staging, columns = _staging(model)
    with cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
        if text:
            copy.write(text)
        for row in rows:
            copy.write_row(row)


def _drop_if_unusable() -> None:
    """Close the thread's connection if a query failed on it and it no longer answers (the next
    query reconnects). Not ``close_old_connections``: that applies ``CONN_MAX_AGE``, meant for web
    requests — at its default 0 it closed the receiver's connection before every batch, so each
    commit paid a new PostgreSQL session (and its staging tables)."""
    if connection.connection is None:
        return
    if connection.get_autocommit() != connection.settings_dict["AUTOCOMMIT"]:
        connection.close()
    elif connection.errors_occurred:
        if connection.is_usable():
            connection.errors_occurred = False
        else:
            connection.close()


class DjangoSink:
    # The receiver commits in its worker thread (Django refuses database calls in an event loop).
    # ``prepare`` has done the Python work in the event loop's thread, so on PostgreSQL the commit
    # is a few statements and one COPY write per table, each waiting on the database with the GIL
    # released — parsing goes on meanwhile.
    threaded = True
    # SQLite has one writer: sinks of one process (two receivers in a test) take turns, since an
    # in-memory test database reports "table is locked" at once instead of waiting.
    _sqlite_writer = threading.Lock()

    def __init__(self) -> None:
        self._postgres = connections["default"].vendor == "postgresql"

    def prepare(self, batch: Sequence[Received]) -> Rows:
        """The rows of a batch, and on PostgreSQL their COPY text (CPU only, no database access)."""
        if not self._postgres:
            return Rows(*batch_rows(batch, sqlite_time))
        packet_text, measurement_text, splits = pg_copy_text(batch)
        return Rows([], [], splits, (packet_text, measurement_text))

    def commit(self, batch: Sequence[Received] | Rows) -> None:
        if not connection.in_atomic_block:  # the receiver's thread: drop a connection gone bad
            _drop_if_unusable()
        rows = batch if isinstance(batch, Rows) else self.prepare(batch)
        if self._postgres:
            self._commit_postgres(rows)
            return
        measurements = list(rows.measurements)
        with self._sqlite_writer, transaction.atomic():
            _insert(RawPacket, PACKET_COLUMNS, rows.packets)
            for item in rows.splits:  # the last part in completes the group
                joined = _joined(item.packet, item.received_at)
                measurements += measurement_tuples(joined, sqlite_time)
            _insert(Measurement, MEASUREMENT_COLUMNS, measurements)

    def _commit_postgres(self, rows: Rows) -> None:
        packet_text, measurement_text = rows.copy or ("", "")
        with connection.cursor() as wrapper:
            _ensure_staging(wrapper.cursor)
        with transaction.atomic(), connection.cursor() as wrapper:
            cursor = wrapper.cursor  # psycopg's own cursor (COPY)
            _copy(cursor, RawPacket, packet_text, rows.packets)
            _copy(cursor, Measurement, measurement_text, rows.measurements)
            if rows.splits:
                # The joined measurements of a split upload are read back from the stored parts,
                # so its packets go in first.
                cursor.execute(_move_sql(RawPacket))
                joined = []
                for item in rows.splits:  # the last part in completes the group
                    joined += measurement_tuples(_joined(item.packet, item.received_at))
                _copy(cursor, Measurement, "", joined)
                cursor.execute(_move_sql(Measurement))
            else:
                _move_both(cursor)
            if len(connection.atomic_blocks) > 1:  # inside a caller's transaction: empty them now
                cursor.execute(f"TRUNCATE {_staging(RawPacket)[1]}, {_staging(Measurement)[1]}")

    def close(self) -> None:
        connection.close()


def _joined(packet: codec.Packet, received_at) -> list[dict]:
    """A split upload whose DataTime is not in every part: its measurements once all parts are in."""
    raws = RawPacket.objects.filter(
        status=RawPacket.Status.ACCEPTED,
        mn=packet.mn,
        cn=packet.cn,
        qn=packet.qn or "",
        pnum=int(packet.pnum),
    ).values_list("raw", flat=True)
    parts = {}
    for raw in raws:
        try:
            part = codec.parse_segment(segment_of(raw))
        except codec.Hj212Error:
            continue
        parts.setdefault(int(part.pno), part)
    if len(parts) != int(packet.pnum):
        return []
    whole = codec.join_parts(parts.values())
    return measurement_rows(
        whole, key=f"{packet.mn}|{packet.cn}|{packet.qn or ''}|joined", received_at=received_at
    )
