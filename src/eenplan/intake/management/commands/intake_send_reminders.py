from django.core.management.base import BaseCommand

from eenplan.intake.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = "Zet de dagelijkse herinneringen over termijnen klaar als achtergrondtaak (of verstuur ze meteen)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Nu versturen in plaats van via een worker.")

    def handle(self, *args, now, **options):
        if now:
            sent = send_deadline_reminders.call()
            self.stdout.write(f"{sent} herinnering(en) verstuurd.")
        else:
            result = send_deadline_reminders.enqueue()
            self.stdout.write(
                f"Klaargezet als taak {result.id}; een worker (eenplan manage db_worker) verstuurt ze."
            )
