from django.db import migrations


def load(apps, schema_editor):
    from eenplan.privacy.configuration import load_retention_rules

    load_retention_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
