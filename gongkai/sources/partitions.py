"""Monthly partitions of the HJ 212 monitoring data on PostgreSQL (issue 16: "monitoring data in
PostgreSQL tables partitioned by month (native partitioning, BRIN on time)").

``hj212_measurement`` is a table partitioned by RANGE (data_time), one partition per calendar month
of Beijing time (a month's data, its completeness and its exceedances live in one partition), named
``hj212_measurement_pYYYYMM``, plus ``hj212_measurement_pdefault`` for anything outside the created
months (a logger with a wrong clock). The time index is BRIN (data arrives in time order, so a BRIN
index is a few pages instead of a B-tree as large as the data). The primary key is (id, data_time)
because a unique constraint of a partitioned table must contain the partition key; the uniqueness
of (MN, CN, DataTime, code) that makes resent packets harmless holds as before.

``ensure_partitions`` creates the partitions of the current month and of the following
``settings.HJ212_PARTITION_MONTHS_AHEAD`` months (default 3); the worker runs it every day
(``tasks.py``), the migration once. Rows
that landed in the default partition for a month created later are moved into it. SQLite (the
embedded default for a small bureau) keeps one plain table: every function here does nothing there.

The raw packet table ``hj212_packet`` is not partitioned: its idempotency key (MN|CN|QN|PNO) is
unique on its own, which a partitioned table cannot enforce without the partition column."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from django.conf import settings
from django.db import connection, transaction

TABLE = "hj212_measurement"
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
DEFAULT_MONTHS_AHEAD = 3


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def partition_name(month: date) -> str:
    return f"{TABLE}_p{month:%Y%m}"


def bound(month: date) -> str:
    """The partition bound of a Beijing-time month start, as a timestamptz literal."""
    return f"{month:%Y-%m-%d} 00:00:00+08"


def is_partitioned(cursor) -> bool:
    cursor.execute(
        "SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relname = %s AND n.nspname = current_schema()",
        [TABLE],
    )
    row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def existing_partitions(cursor) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s ORDER BY c.relname",
        [TABLE],
    )
    return [row[0] for row in cursor.fetchall()]


def create_partition(cursor, month: date) -> bool:
    """Create the partition of ``month`` unless it exists; rows of that month waiting in the default
    partition are moved into it (PostgreSQL refuses the new partition while they are there)."""
    name = partition_name(month)
    if name in existing_partitions(cursor):
        return False
    low, high = bound(month), bound(next_month(month))
    default = f"{TABLE}_pdefault"
    # Names and bounds come from dates formatted above, never from input.
    cursor.execute(f"CREATE TEMP TABLE hj212_moving ON COMMIT DROP AS SELECT * FROM {default} WHERE false")  # noqa: S608
    cursor.execute(
        f"WITH moved AS (DELETE FROM {default} WHERE data_time >= %s AND data_time < %s RETURNING *)"  # noqa: S608
        " INSERT INTO hj212_moving SELECT * FROM moved",
        [low, high],
    )
    cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES FROM ('{low}') TO ('{high}')")
    cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM hj212_moving")  # noqa: S608
    cursor.execute("DROP TABLE hj212_moving")
    return True


def ensure_partitions(today: date | None = None, months_ahead: int | None = None) -> list[str]:
    """Create the missing partitions from this month to ``months_ahead`` months on; the names made."""
    if connection.vendor != "postgresql":
        return []
    if months_ahead is None:
        months_ahead = getattr(settings, "HJ212_PARTITION_MONTHS_AHEAD", DEFAULT_MONTHS_AHEAD)
    today = today or datetime.now(BEIJING).date()
    made = []
    with transaction.atomic(), connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return []
        cursor.execute("SELECT pg_advisory_xact_lock(212212)")  # two workers never race
        month = month_start(today)
        for _ in range(months_ahead + 1):
            if create_partition(cursor, month):
                made.append(partition_name(month))
            month = next_month(month)
    return made


# The conversion run by migration 0004 (PostgreSQL only). The identity sequence of ``id`` is kept
# as a plain sequence default (identity columns of partitioned tables need PostgreSQL 17).
CONVERT = [
    f"ALTER TABLE {TABLE} RENAME TO {TABLE}_plain",
    f"ALTER TABLE {TABLE}_plain DROP CONSTRAINT hj212_measurement_unique",
    "DROP INDEX IF EXISTS hj212_measurement_time",
    f"ALTER TABLE {TABLE}_plain DROP CONSTRAINT {TABLE}_pkey",
    f"CREATE SEQUENCE {TABLE}_id_partitioned_seq",
    f"SELECT setval('{TABLE}_id_partitioned_seq',"  # noqa: S608 - constant names
    f" COALESCE((SELECT max(id) FROM {TABLE}_plain), 0) + 1, false)",
    f"""CREATE TABLE {TABLE} (
        id bigint NOT NULL DEFAULT nextval('{TABLE}_id_partitioned_seq'),
        mn varchar(24) NOT NULL, cn varchar(4) NOT NULL, data_time timestamptz NOT NULL,
        code varchar(20) NOT NULL, sent_code varchar(20) NOT NULL,
        rtd double precision NULL, avg double precision NULL, min double precision NULL,
        max double precision NULL, cou double precision NULL, zs_rtd double precision NULL,
        zs_avg double precision NULL, flag varchar(4) NOT NULL, valid boolean NOT NULL,
        fields jsonb NOT NULL, packet_key varchar(120) NOT NULL, received_at timestamptz NOT NULL,
        CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, data_time),
        CONSTRAINT hj212_measurement_unique UNIQUE (mn, cn, data_time, code)
    ) PARTITION BY RANGE (data_time)""",
    f"ALTER SEQUENCE {TABLE}_id_partitioned_seq OWNED BY {TABLE}.id",
    f"CREATE TABLE {TABLE}_pdefault PARTITION OF {TABLE} DEFAULT",
    f"CREATE INDEX hj212_measurement_time ON {TABLE} USING brin (data_time) WITH (pages_per_range = 32)",
]


def convert(cursor) -> None:
    """Turn the plain table into the partitioned one, keeping its rows."""
    if is_partitioned(cursor):
        return
    for statement in CONVERT:
        cursor.execute(statement)
    cursor.execute(f"SELECT min(data_time), max(data_time) FROM {TABLE}_plain")  # noqa: S608
    first, last = cursor.fetchone()
    today = datetime.now(BEIJING).date()
    month = month_start(first.astimezone(BEIJING).date()) if first else month_start(today)
    end = max(last.astimezone(BEIJING).date() if last else today, today)
    while month <= end:
        create_partition(cursor, month)
        month = next_month(month)
    cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM {TABLE}_plain")  # noqa: S608
    cursor.execute(f"DROP TABLE {TABLE}_plain")
