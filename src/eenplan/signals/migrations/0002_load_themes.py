from django.db import migrations


def load(apps, schema_editor):
    from eenplan.signals.configuration import load_themes

    load_themes(apps)


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial"), ("assessment", "0002_load_instruments")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
