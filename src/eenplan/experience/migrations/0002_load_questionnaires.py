from django.db import migrations


def load(apps, schema_editor):
    from eenplan.experience.configuration import load_questionnaires

    load_questionnaires(apps)


class Migration(migrations.Migration):
    dependencies = [("experience", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
