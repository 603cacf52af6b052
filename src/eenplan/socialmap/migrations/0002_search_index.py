from django.db import migrations


def install(apps, schema_editor):
    from eenplan.socialmap.search import search_index_install

    search_index_install(schema_editor)


def remove(apps, schema_editor):
    from eenplan.socialmap.search import search_index_remove

    search_index_remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
