from django.core.management.base import BaseCommand

from eenplan.thermometer.tasks import refresh_indicators


class Command(BaseCommand):
    help = "Zet de nachtelijke berekening van de indicatoren van de thermometer klaar (of reken meteen)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Nu rekenen in plaats van via een worker.")

    def handle(self, *args, now, **options):
        if now:
            cells = refresh_indicators.call()
            self.stdout.write(
                f"Indicatoren berekend: {cells} cellen; de lezingen van dit jaar als PDF gemaakt."
            )
        else:
            result = refresh_indicators.enqueue()
            self.stdout.write(
                f"Klaargezet als taak {result.id}; een worker (eenplan manage db_worker) rekent."
            )
