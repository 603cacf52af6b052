"""An invitation keeps whether it was used, no longer the day: the day next to a response's day would
tell whose answers they are on a quiet day."""

from django.db import migrations, models


def keep_whether_used(apps, schema_editor):
    Invitation = apps.get_model("surveys", "Invitation")
    Invitation.objects.filter(used_on__isnull=False).update(used=True)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_load_statements"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="used",
            field=models.BooleanField(default=False, verbose_name="gebruikt"),
        ),
        migrations.RunPython(keep_whether_used, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="invitation",
            name="used_on",
        ),
    ]
