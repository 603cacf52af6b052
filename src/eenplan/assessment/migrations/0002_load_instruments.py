from django.db import migrations


def load(apps, schema_editor):
    from eenplan.assessment.configuration import load_instruments

    load_instruments(apps)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
