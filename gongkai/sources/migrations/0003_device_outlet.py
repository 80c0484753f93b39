"""HJ 212 devices attach to an outlet of the registry (issue 15) instead of the placeholder
enterprise-name / outlet-code text fields of issue 16. Existing devices are linked where an outlet
with that code belongs to an enterprise of that name (current or former); the others stay unlinked
and are listed unlinked on the device page."""

import django.db.models.deletion
from django.db import migrations, models


def link_devices(apps, schema_editor):
    Device = apps.get_model("sources", "Device")
    Outlet = apps.get_model("sources", "Outlet")
    for device in Device.objects.exclude(outlet_code="").exclude(enterprise_name=""):
        outlet = (
            Outlet.objects.filter(code=device.outlet_code.strip().upper())
            .filter(
                models.Q(enterprise__name=device.enterprise_name.strip())
                | models.Q(enterprise__events__old_name=device.enterprise_name.strip())
            )
            .first()
        )
        if outlet is not None:
            device.outlet_id = outlet.pk
            device.save(update_fields=["outlet"])


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0002_registry"),
    ]

    operations = [
        migrations.AddField(
            model_name="device",
            name="outlet",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="devices",
                to="sources.outlet",
                verbose_name="排放口",
            ),
        ),
        migrations.RunPython(link_devices, migrations.RunPython.noop),
        migrations.RemoveField(model_name="device", name="enterprise_name"),
        migrations.RemoveField(model_name="device", name="outlet_code"),
    ]
