from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eenplan.socialmap import hsds


class Command(BaseCommand):
    help = (
        "Lees HSDS 3.0-gegevens in de sociale kaart in: een JSON-bestand (één record, een lijst of een "
        "pagina van de HSDS-API) of een CSV-datapakket (map of .zip). Alles of niets: met één afgekeurd "
        "record wordt er niets opgeslagen, tenzij --lenient."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="JSON-bestand, .zip of map met een CSV-datapakket.")
        parser.add_argument(
            "--table",
            choices=sorted(hsds.TABLES),
            help="De HSDS-tabel van de records in een JSON-bestand (anders afgeleid uit de bestandsnaam, "
            "zoals service_full.json).",
        )
        parser.add_argument(
            "--lenient",
            action="store_true",
            help="Sla de goedgekeurde records op, ook als er records zijn afgekeurd.",
        )

    def handle(self, *args, path: Path, table: str | None, lenient: bool, **options):
        if not path.exists():
            raise CommandError(f"{path} bestaat niet.")
        try:
            report = hsds.hsds_import(items=hsds.read_path(path, table=table), strict=not lenient)
        except hsds.HsdsError as error:
            raise CommandError(str(error)) from error
        for rejected in report.rejected:
            name = f"{rejected.table} {rejected.id or ''}".strip()
            self.stderr.write(f"Afgekeurd: {name} (record {rejected.index + 1})")
            for reason in rejected.reasons:
                self.stderr.write(f"  - {reason}")
        for warning in report.warnings:
            self.stderr.write(f"Let op: {warning}")
        if not report.stored:
            raise CommandError(
                f"{len(report.rejected)} record(s) afgekeurd; er is niets opgeslagen "
                "(gebruik --lenient om de goedgekeurde records toch op te slaan)."
            )
        for table_name in hsds.TABLES:
            created, updated = report.created.get(table_name, 0), report.updated.get(table_name, 0)
            if created or updated:
                self.stdout.write(f"{table_name}: {created} nieuw, {updated} bijgewerkt")
        self.stdout.write(
            f"Klaar: {sum(report.created.values())} nieuw, {sum(report.updated.values())} bijgewerkt, "
            f"{len(report.rejected)} afgekeurd, {len(report.warnings)} waarschuwing(en)."
        )
