from django.db import migrations


def load(apps, schema_editor):
    from eenplan.core.configuration import load_configuration

    load_configuration(apps)
    apps.get_model("core", "ProcessingLogHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
