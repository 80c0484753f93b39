"""The 索引号 counters move to core.Sequence as "disclosure.index:<scope>" with year 0 (the scope
already carries the year when the pattern has one), keeping their last values so numbering
continues without a duplicate."""

from django.db import migrations

PREFIX = "disclosure.index:"


def forward(apps, schema_editor):
    IndexCounter = apps.get_model("disclosure", "IndexCounter")
    Sequence = apps.get_model("core", "Sequence")
    for counter in IndexCounter.objects.all():
        sequence, _created = Sequence.objects.get_or_create(
            name=PREFIX + counter.scope, year=0, defaults={"last": counter.last}
        )
        if sequence.last < counter.last:
            sequence.last = counter.last
            sequence.save(update_fields=["last"])


def backward(apps, schema_editor):
    IndexCounter = apps.get_model("disclosure", "IndexCounter")
    Sequence = apps.get_model("core", "Sequence")
    for sequence in Sequence.objects.filter(name__startswith=PREFIX, year=0):
        IndexCounter.objects.update_or_create(
            scope=sequence.name.removeprefix(PREFIX), defaults={"last": sequence.last}
        )
        sequence.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_search_rank_vector"),
        ("core", "0002_sequence"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="IndexCounter"),
    ]
