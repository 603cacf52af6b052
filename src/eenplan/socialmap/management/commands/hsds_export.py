from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eenplan.socialmap import hsds


class Command(BaseCommand):
    help = (
        "Schrijf de sociale kaart als HSDS 3.0: alle diensten volledig genest als JSON-lijst, of alles als "
        "CSV-datapakket (.zip met één CSV per tabel en datapackage.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Doelbestand (.json of .zip); '-' schrijft JSON naar de uitvoer.")
        parser.add_argument(
            "--format",
            dest="kind",
            choices=["json", "csv"],
            help="json: lijst van volledige diensten; csv: datapakket als zip (standaard: naar de extensie).",
        )

    def handle(self, *args, path: str, kind: str | None, **options):
        kind = kind or ("csv" if path.lower().endswith(".zip") else "json")
        if kind == "csv":
            if path == "-":
                raise CommandError("Een CSV-datapakket is een zip-bestand: geef een bestandsnaam.")
            with open(path, "wb") as target:
                hsds.write_csv_package(target)
            self.stdout.write(f"CSV-datapakket geschreven naar {path}.")
            return
        if path == "-":
            hsds.write_services_json(self.stdout)  # (the newlines it adds fall between JSON tokens)
            return
        with Path(path).open("w", encoding="utf-8") as target:
            count = hsds.write_services_json(target)
        self.stdout.write(f"{count} dienst(en) geschreven naar {path}.")
