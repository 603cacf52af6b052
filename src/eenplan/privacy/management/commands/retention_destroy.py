import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eenplan.privacy.actions import retention_destroy


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Geen geldige datum: {value!r}. Gebruik JJJJ-MM-DD.") from None


class Command(BaseCommand):
    help = "Vernietigt de gegevens waarvan de bewaartermijn voorbij is, en legt vast wat vernietigd is."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Alleen laten zien wat vernietigd zou worden."
        )
        parser.add_argument("--today", type=parse_day, help="Peildatum (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args, dry_run, today, **options):
        today = today or timezone.localdate()
        run = retention_destroy(today=today, dry_run=dry_run)
        for record in run.records.all():
            self.stdout.write(f"- {record.description}")
        if dry_run:
            self.stdout.write(
                f"Proefdraaien op peildatum {today:%Y-%m-%d}: {run.count} gegeven(s) zou(den) worden "
                "vernietigd. Er is niets vernietigd."
            )
        else:
            self.stdout.write(f"Peildatum {today:%Y-%m-%d}: {run.count} gegeven(s) vernietigd en vastgelegd.")
