from django.db import migrations


def load(apps, schema_editor):
    from eenplan.provisions.configuration import load_products

    load_products(apps)


class Migration(migrations.Migration):
    dependencies = [("provisions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
