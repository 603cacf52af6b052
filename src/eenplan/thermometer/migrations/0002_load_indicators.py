from django.db import migrations


def load(apps, schema_editor):
    from eenplan.thermometer.configuration import load_indicators

    load_indicators(apps)


class Migration(migrations.Migration):
    dependencies = [("thermometer", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
