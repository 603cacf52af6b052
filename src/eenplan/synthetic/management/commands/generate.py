from django.core.management.base import BaseCommand, CommandError

from eenplan.synthetic.generate import SCALES, GenerateError, generate


class Command(BaseCommand):
    help = "Vul een lege database met synthetische gegevens op schaal (small, city of national)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--fraction", type=float, default=1.0,
            help="Deel van de schaal, om te proberen (bijvoorbeeld 0.1 voor een tiende).",
        )  # fmt: skip
        parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk.")

    def handle(self, *args, scale, seed, fraction, no_progress, **options):
        import time

        started = time.perf_counter()
        try:
            result = generate(scale=scale, seed=seed, fraction=fraction, progress=not no_progress)
        except GenerateError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        total = sum(result["counts"].values())
        self.stdout.write(f"Schaal {scale}: {total:,} rijen in {seconds:.0f} s.".replace(",", "."))
        for label, count in sorted(result["counts"].items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {label:<32} {count:>12,}".replace(",", "."))
        self.stdout.write("Inloggen (wachtwoord van de demo):")
        for role, username in result["logins"]:
            self.stdout.write(f"  {role:<24} {username}")
