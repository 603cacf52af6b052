"""Derive the compact gemeenten table that Eén Plan ships from the CBS table 85067NED.

Usage: python scripts/derive_cbs_gemeenten.py ../shared/data/cbs/85067NED_gebieden_in_nederland_2022/data.csv
Writes src/eenplan/core/data/cbs_85067NED_gemeenten_2022.csv (code, name, province, population).
"""

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/eenplan/core/data/cbs_85067NED_gemeenten_2022.csv"


def main(source: str) -> None:
    with open(source, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with open(OUT, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "name", "province_code", "province", "population"])
        for row in rows:
            # Code_26/Naam_27 are the province (PVxx) columns of 85067NED; Inwonertal_54 the population.
            writer.writerow(
                [
                    row["Code_1"].strip(),
                    row["Naam_2"].strip(),
                    row["Code_26"].strip(),
                    row["Naam_27"].strip(),
                    row["Inwonertal_54"].strip(),
                ]
            )


if __name__ == "__main__":
    main(sys.argv[1])
