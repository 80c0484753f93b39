"""Data migration: every section flagged as a drinking-water source becomes a source record of its own
(code and name from the section, surface water, represented by that section). Zones, population and
design withdrawal are left empty for the bureau to fill in the console."""

from django.db import migrations


def forwards(apps, schema_editor):
    Section = apps.get_model("water", "Section")
    Source = apps.get_model("water", "DrinkingWaterSource")
    for section in Section.objects.filter(drinking_water_source=True).order_by("code"):
        if Source.objects.filter(code=section.code).exists():
            continue
        source = Source.objects.create(
            code=section.code, name=section.name, kind="surface", is_active=section.is_active
        )
        section.source = source
        section.save(update_fields=["source"])


def backwards(apps, schema_editor):
    Source = apps.get_model("water", "DrinkingWaterSource")
    Section = apps.get_model("water", "Section")
    Section.objects.filter(source__isnull=False).update(drinking_water_source=True, source=None)


class Migration(migrations.Migration):
    dependencies = [("water", "0004_drinking_water_source")]

    operations = [migrations.RunPython(forwards, backwards)]
