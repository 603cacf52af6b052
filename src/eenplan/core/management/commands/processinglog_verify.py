from django.core.management.base import BaseCommand, CommandError

from eenplan.core.queries import processing_log_verify


class Command(BaseCommand):
    help = "Controleer of het verwerkingenlog compleet en ongewijzigd is (hashketen)."

    def handle(self, *args, **options):
        result = processing_log_verify()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Het verwerkingenlog is aangetast: {len(result.problems)} probleem/problemen"
                f" in {result.checked} verwerkingen."
            )
        self.stdout.write(f"Het verwerkingenlog is in orde: {result.checked} verwerkingen gecontroleerd.")
