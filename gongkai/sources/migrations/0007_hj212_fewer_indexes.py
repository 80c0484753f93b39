"""PostgreSQL only: two indexes the receiver paid for on every row and no query uses.

- ``hj212_measurement_pkey`` (id, data_time): a measurement is identified by its unique key
  (mn, cn, data_time, code), which every query and the receiver's ON CONFLICT use; ``id`` stays as
  a row number filled from its sequence, without an index.
- the ``varchar_pattern_ops`` index Django adds beside a unique CharField (``hj212_packet.key``):
  only for LIKE 'prefix%' searches, and packets are looked up by equal keys (the unique index).

bench: inserting 20,000 packets took 18 µs a row with the five packet indexes, about 3 µs without
any (each index ≈ 3–4 µs); 40,000 measurements 8.7 µs a row with three, 2.6 without."""

from django.db import migrations

MEASUREMENT_PKEY = "hj212_measurement_pkey"


def _like_indexes(cursor) -> list[str]:
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'hj212_packet'"
        " AND indexdef LIKE '%%varchar_pattern_ops%%'"
    )
    return [row[0] for row in cursor.fetchall()]


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE hj212_measurement DROP CONSTRAINT IF EXISTS {MEASUREMENT_PKEY}")
        for name in _like_indexes(cursor):
            cursor.execute(f"DROP INDEX {quote(name)}")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE hj212_measurement ADD CONSTRAINT {MEASUREMENT_PKEY} PRIMARY KEY (id, data_time)"
        )
        if not _like_indexes(cursor):
            cursor.execute(
                "CREATE INDEX hj212_packet_key_c578f327_like ON hj212_packet (key varchar_pattern_ops)"
            )


class Migration(migrations.Migration):
    dependencies = [("sources", "0006_hj212_merge_src")]

    operations = [migrations.RunPython(drop, restore, elidable=False)]
