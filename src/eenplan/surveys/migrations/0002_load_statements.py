from django.db import migrations


def load(apps, schema_editor):
    from eenplan.surveys.configuration import load_statements

    load_statements(apps)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
