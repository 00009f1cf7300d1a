from django.db import migrations

from accounts.unit_data import load_units


def forwards(apps, schema_editor):
    load_units(apps.get_model("accounts", "Unit"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
