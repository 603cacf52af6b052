from django.db import migrations


def load(apps, schema_editor):
    from eenplan.socialmap.configuration import load_target_groups

    load_target_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0002_search_index")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
