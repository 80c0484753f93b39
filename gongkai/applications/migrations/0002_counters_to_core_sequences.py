"""The yearly counters (登记号 "tracking", 答复书文号 "reply") move to core.Sequence as
"applications.<name>", keeping their last values so numbering continues without a duplicate."""

from django.db import migrations


def forward(apps, schema_editor):
    Counter = apps.get_model("applications", "Counter")
    Sequence = apps.get_model("core", "Sequence")
    for counter in Counter.objects.all():
        sequence, _created = Sequence.objects.get_or_create(
            name=f"applications.{counter.name}", year=counter.year, defaults={"last": counter.last}
        )
        if sequence.last < counter.last:
            sequence.last = counter.last
            sequence.save(update_fields=["last"])


def backward(apps, schema_editor):
    Counter = apps.get_model("applications", "Counter")
    Sequence = apps.get_model("core", "Sequence")
    for sequence in Sequence.objects.filter(name__startswith="applications."):
        Counter.objects.update_or_create(
            name=sequence.name.removeprefix("applications."), year=sequence.year, defaults={"last": sequence.last}
        )
        sequence.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("core", "0002_sequence"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="Counter"),
    ]
