from django.db import migrations, models


def load(apps, schema_editor):
    """The role policy of domain.md §5, and the new purposes for sharing, break-the-glass, the rights
    of the resident and supervision of the log (existing items are never overwritten)."""
    from eenplan.core.configuration import load_configuration

    load_configuration(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_configuration_and_chain_head")]

    operations = [
        migrations.CreateModel(
            name="RolePolicy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("role", models.CharField(max_length=30, unique=True, verbose_name="rol")),
                ("households", models.TextField(blank=True, verbose_name="huishoudens")),
                (
                    "aggregated",
                    models.CharField(blank=True, max_length=200, verbose_name="geaggregeerde gegevens"),
                ),
                ("configuration", models.CharField(blank=True, max_length=200, verbose_name="configuratie")),
                (
                    "categories",
                    models.ManyToManyField(
                        blank=True,
                        related_name="role_policies",
                        to="core.datacategory",
                        verbose_name="gegevenscategorieën",
                    ),
                ),
            ],
            options={
                "verbose_name": "toegangsbeleid van een rol",
                "verbose_name_plural": "toegangsbeleid per rol",
                "ordering": ["role"],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
