"""Reference data that ships with Eén Plan (see core/data/README.md for origin and licence)."""

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CBS_SOURCE = "CBS StatLine 85067NED, Gebieden in Nederland 2022 (CC BY 4.0)"


@cache
def cbs_municipalities() -> dict[str, dict]:
    with open(DATA_DIR / "cbs_85067NED_gemeenten_2022.csv", encoding="utf-8") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def municipality_from_cbs(code: str) -> dict:
    """Fields for a Municipality from the CBS table; raises LookupError for an unknown code."""
    try:
        row = cbs_municipalities()[code]
    except KeyError:
        raise LookupError(f"Gemeentecode {code} staat niet in de CBS-tabel 85067NED (2022).") from None
    return {
        "code": row["code"],
        "name": row["name"],
        "province": row["province"],
        "population": int(row["population"]),
        "population_source": CBS_SOURCE,
    }
