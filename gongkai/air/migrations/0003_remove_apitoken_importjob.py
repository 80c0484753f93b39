from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("air", "0002_copy_tokens_and_jobs_to_intake"),
    ]

    operations = [
        migrations.DeleteModel(name="ApiToken"),
        migrations.DeleteModel(name="ImportJob"),
    ]
