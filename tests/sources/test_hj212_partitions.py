"""PostgreSQL: monitoring data partitioned by Beijing month with a BRIN time index; the worker task
creates the coming months; the sink's idempotent inserts work across partitions."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from django.db import connection

from gongkai.sources import partitions, tasks
from gongkai.sources.hj212 import codec
from gongkai.sources.models import Measurement
from gongkai.sources.partitions import bound, next_month, partition_name
from gongkai.sources.sink import DjangoSink
from tests.sources.receiver_helpers import Client, running, upload


def test_month_arithmetic():
    assert next_month(date(2026, 12, 1)) == date(2027, 1, 1)
    assert next_month(date(2026, 1, 31)) == date(2026, 2, 1)
    assert partition_name(date(2026, 3, 1)) == "hj212_measurement_p202603"
    assert bound(date(2026, 3, 1)) == "2026-03-01 00:00:00+08"


def _require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")


def _partition_of(moment: datetime) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM hj212_measurement WHERE data_time = %s LIMIT 1", [moment]
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_measurements_are_partitioned_by_beijing_month_with_brin():
    _require_postgresql()
    with connection.cursor() as cursor:
        assert partitions.is_partitioned(cursor)
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'hj212_measurement_time'")
        assert "USING brin (data_time)" in cursor.fetchone()[0]
    partitions.ensure_partitions(today=date(2030, 1, 15), months_ahead=1)
    wires = [
        codec.encode(upload(qn="20300131235900001", cp={"DataTime": "20300131235900"})),  # Beijing January
        codec.encode(upload(qn="20300201000100001", cp={"DataTime": "20300201000100"})),  # Beijing February
        codec.encode(upload(qn="20350101000000001", cp={"DataTime": "20350101000000"})),  # no partition yet
    ]

    async def scenario():
        async with running(DjangoSink()) as receiver:
            client = await Client.connect(receiver.config.port)
            await client.send(b"".join(wires) * 2)  # each packet twice: stored once
            await client.replies(6)
            await client.close()

    asyncio.run(scenario())
    assert Measurement.objects.count() == 3 * len(upload().values)
    # 2030-01-31 23:59 Beijing is 15:59 UTC, still January's partition; 00:01 on 1 February is
    # 16:01 UTC on 31 January, already February's.
    assert _partition_of(datetime(2030, 1, 31, 15, 59, tzinfo=UTC)) == "hj212_measurement_p203001"
    assert _partition_of(datetime(2030, 1, 31, 16, 1, tzinfo=UTC)) == "hj212_measurement_p203002"
    far = datetime(2034, 12, 31, 16, 0, tzinfo=UTC)
    assert _partition_of(far) == "hj212_measurement_pdefault"
    # The month's partition created later takes its rows out of the default partition.
    assert partitions.ensure_partitions(today=date(2035, 1, 1), months_ahead=0) == [
        "hj212_measurement_p203501"
    ]
    assert _partition_of(far) == "hj212_measurement_p203501"
    assert Measurement.objects.count() == 3 * len(upload().values)
    assert partitions.ensure_partitions(today=date(2035, 1, 1), months_ahead=0) == []


@pytest.mark.django_db(transaction=True)
def test_worker_task_creates_the_coming_months(settings):
    _require_postgresql()
    settings.HJ212_PARTITION_MONTHS_AHEAD = 2
    tasks.hj212_partitions.call_local()
    with connection.cursor() as cursor:
        names = set(partitions.existing_partitions(cursor))
    month = partitions.month_start(datetime.now(partitions.BEIJING).date())
    for _ in range(3):
        assert partition_name(month) in names
        month = next_month(month)


@pytest.mark.django_db
def test_the_receiver_tables_carry_only_the_indexes_queries_use():
    """Each index costs every inserted row (migration 0007): no primary-key index on measurements
    (their unique key identifies them) and no pattern index on the packet key."""
    _require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes"
            " WHERE tablename IN ('hj212_packet', 'hj212_measurement')"
        )
        rows = cursor.fetchall()
    measurement = sorted(
        definition.split(" USING ")[1] for table, definition in rows if table == "hj212_measurement"
    )
    assert measurement == ["brin (data_time) WITH (pages_per_range='32')", "btree (mn, cn, data_time, code)"]
    packet = [definition for table, definition in rows if table == "hj212_packet"]
    assert len(packet) == 4 and not any("pattern_ops" in definition for definition in packet)
