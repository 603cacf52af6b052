"""Load the centres of 4-digit postcode areas (PC4) for the social map's distance search.

The file is a CSV with the columns ``postcode``, ``latitude`` and ``longitude`` (WGS84), for example
derived from the CBS/PDOK "postcode4" dataset. Existing postcodes are updated; nothing else changes."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from eenplan.socialmap.models import Postcode


class Command(BaseCommand):
    help = "Laad de middelpunten van postcodegebieden (PC4) uit een CSV: postcode,latitude,longitude."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        rows, problems = [], []
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                for number, row in enumerate(csv.DictReader(handle), start=2):
                    code = (row.get("postcode") or "").strip()[:4]
                    try:
                        lat, lon = float(row["latitude"]), float(row["longitude"])
                    except (KeyError, TypeError, ValueError):
                        lat = lon = None
                    if (
                        not (len(code) == 4 and code.isdigit())
                        or lat is None
                        or not (50 < lat < 54 and 3 < lon < 8)
                    ):
                        problems.append(f"regel {number}: {row}")
                        continue
                    rows.append(Postcode(code=code, latitude=lat, longitude=lon))
        except OSError as error:
            raise CommandError(f"Kan {file} niet lezen: {error}") from error
        if problems:
            raise CommandError("Niets geladen; ongeldige regels:\n" + "\n".join(problems[:20]))
        with transaction.atomic():
            Postcode.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["code"], update_fields=["latitude", "longitude"]
            )
        self.stdout.write(f"{len(rows)} postcodegebieden geladen.")
