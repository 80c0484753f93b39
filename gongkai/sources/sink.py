"""The platform's sink: the receiver's batches written to the models' tables, on SQLite or
PostgreSQL alike, in one transaction per batch.

Rows go in with one prepared ``INSERT … ON CONFLICT DO NOTHING`` per table through ``executemany``
(psycopg 3 pipelines it) instead of ``bulk_create``: the ORM compiled a statement of thousands of
placeholders per batch and spent ~5 ms per packet doing it (bench/bench_hj212.py). Values are still
prepared by the model fields, so what is stored is exactly what the ORM would store."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import close_old_connections, connection, transaction

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.records import Received, measurement_rows, raw_row, segment_of
from gongkai.sources.models import Measurement, RawPacket


def _statement(model) -> tuple[str, list]:
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = quote(model._meta.db_table)
    return f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING", fields  # noqa: S608


def _insert(model, rows: list[dict]) -> None:
    if not rows:
        return
    sql, fields = _statement(model)
    prepared = [field.get_db_prep_save(row[field.attname], connection) for row in rows for field in fields]
    width = len(fields)
    params = [prepared[start : start + width] for start in range(0, len(prepared), width)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy_insert(cursor.cursor, model, fields, params)
        else:
            cursor.executemany(sql, params)


def _copy_insert(cursor, model, fields, params) -> None:
    """PostgreSQL: COPY the batch into a temporary table, then one INSERT … SELECT … ON CONFLICT
    DO NOTHING — one round trip for thousands of rows."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    staging = quote(f"{model._meta.db_table}_staging")
    columns = ", ".join(quote(field.column) for field in fields)
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {staging} ON COMMIT DELETE ROWS AS "  # noqa: S608
        f"SELECT {columns} FROM {table} WITH NO DATA"
    )
    with cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
        for row in params:
            copy.write_row(row)
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} ON CONFLICT DO NOTHING"  # noqa: S608
    )
    cursor.execute(f"TRUNCATE {staging}")


class DjangoSink:
    def commit(self, batch: Sequence[Received]) -> None:
        if not connection.in_atomic_block:  # the receiver's thread: drop a connection gone stale
            close_old_connections()
        packets, measurements, splits = [], [], []
        for item in batch:
            row = raw_row(item)
            packets.append(row)
            if item.accepted and row["key"]:
                measurements += measurement_rows(item.packet, key=row["key"], received_at=item.received_at)
                if item.packet.is_split:  # the last part in completes the group
                    splits.append((item.packet, item.received_at))
        with transaction.atomic():
            _insert(RawPacket, packets)
            for packet, received_at in splits:
                measurements += _joined(packet, received_at)
            _insert(Measurement, measurements)

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
