"""PostgreSQL only: the HJ 212 measurement table becomes a table partitioned by month with a BRIN
time index (gongkai/sources/partitions.py). SQLite keeps its plain table; the models are unchanged."""

from django.db import migrations


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from gongkai.sources import partitions

    with schema_editor.connection.cursor() as cursor:
        partitions.convert(cursor)
    partitions.ensure_partitions()


class Migration(migrations.Migration):
    dependencies = [("sources", "0003_device_outlet")]

    operations = [migrations.RunPython(partition, migrations.RunPython.noop, elidable=False)]
