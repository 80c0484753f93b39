"""The platform's sink: the receiver's batches written to the models' tables, on SQLite or
PostgreSQL alike, in one transaction per batch.

Rows are built as tuples by ``records.batch_rows`` (the same builder as the stand-alone SQLite
receiver's) and go in with ``COPY`` into a temporary table and one ``INSERT … SELECT … ON CONFLICT DO
NOTHING`` on PostgreSQL, ``executemany`` on SQLite — not ``bulk_create`` and not the model fields'
per-value preparation, which cost more than the rest of the receiver (bench/bench_hj212.py). The
column names of the tuples are the models' columns (a test compares them)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence

from django.db import close_old_connections, connection, connections, transaction

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.records import (
    MEASUREMENT_COLUMNS,
    PACKET_COLUMNS,
    Received,
    Rows,
    batch_rows,
    copy_text,
    measurement_rows,
    measurement_tuples,
    pg_time,
    segment_of,
    sqlite_time,
)
from gongkai.sources.models import Measurement, RawPacket


def _insert(model, columns: Sequence[str], rows: list[tuple], text: str = "") -> None:
    """Insert ``rows`` (tuples) and, on PostgreSQL, ``text`` (the same kind of rows as COPY text)."""
    if not rows and not text:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy_insert(cursor.cursor, table, quote(f"{model._meta.db_table}_staging"), names, rows, text)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"  # noqa: S608
            cursor.executemany(sql, rows)


def _copy_insert(cursor, table: str, staging: str, columns: str, rows: list[tuple], text: str = "") -> None:
    """PostgreSQL: COPY the batch into a temporary table, then one INSERT … SELECT … ON CONFLICT
    DO NOTHING — one round trip for thousands of rows. The staging table empties at COMMIT; inside
    an outer transaction (a test, a caller's atomic block) it is emptied explicitly."""
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {staging} ON COMMIT DELETE ROWS AS "  # noqa: S608
        f"SELECT {columns} FROM {table} WITH NO DATA"
    )
    with cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
        if text:
            copy.write(text)
        for row in rows:
            copy.write_row(row)
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} ON CONFLICT DO NOTHING"  # noqa: S608
    )
    if len(connection.atomic_blocks) > 1:
        cursor.execute(f"TRUNCATE {staging}")


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
        packets, measurements, splits = batch_rows(batch, pg_time)  # datetimes as COPY text
        return Rows([], [], splits, copy_text(batch, packets, measurements))

    def commit(self, batch: Sequence[Received] | Rows) -> None:
        if not connection.in_atomic_block:  # the receiver's thread: drop a connection gone stale
            close_old_connections()
        moment = sqlite_time if connection.vendor == "sqlite" else None
        rows = batch if isinstance(batch, Rows) else self.prepare(batch)
        packet_text, measurement_text = rows.copy or ("", "")
        measurements = list(rows.measurements)
        with contextlib.nullcontext() if self._postgres else self._sqlite_writer, transaction.atomic():
            _insert(RawPacket, PACKET_COLUMNS, rows.packets, packet_text)
            for item in rows.splits:  # the last part in completes the group
                joined = _joined(item.packet, item.received_at)
                measurements += measurement_tuples(joined, moment) if moment else measurement_tuples(joined)
            _insert(Measurement, MEASUREMENT_COLUMNS, measurements, measurement_text)

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
