from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eenplan.core.models import Municipality
from eenplan.core.seeding import seed_demo


class Command(BaseCommand):
    help = "Vul een lege database met de demogemeente (synthetische gegevens, vaste seed)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Seed voor reproduceerbare demodata.")
        parser.add_argument(
            "--municipality", default=settings.EENPLAN_DEMO_MUNICIPALITY, help="CBS-gemeentecode, bv. GM0193."
        )
        parser.add_argument("--households", type=int, default=80, help="Aantal huishoudens.")

    def handle(self, *args, seed, municipality, households, **options):
        if Municipality.objects.exists():
            self.stdout.write("De database bevat al een gemeente; er is niets toegevoegd.")
            return
        try:
            context = seed_demo(seed=seed, municipality_code=municipality, households=households)
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demogemeente {context.objects['municipality']} aangemaakt (seed {seed}).")
