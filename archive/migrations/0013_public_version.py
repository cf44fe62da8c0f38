import secrets

from django.db import migrations, models


def first_version(apps, schema_editor):
    apps.get_model("archive", "PublicVersion").objects.create(id=1, token=secrets.randbits(63))


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0012_voicecount_no_row_by_row_check"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("token", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
