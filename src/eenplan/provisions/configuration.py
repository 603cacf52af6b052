"""The product catalogue and the Iv3 taakvelden of the sociaal domein ship as JSON in
``provisions/config`` and are loaded on migration; the functional admin adjusts products in beheer.

The taakveld codes and names are those of the CBS Iv3 definitions for gemeenten, 2026
(statistiekcbs/iv3_definities), the budget lines every gemeente reports on (Besluit begroting en
verantwoording)."""

import json
from functools import cache
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent / "config"


def read(filename: str) -> list[dict]:
    return json.loads((CONFIG_DIR / filename).read_text(encoding="utf-8"))


@cache
def taakvelden() -> dict[str, str]:
    return {item["code"]: item["name"] for item in read("taakvelden.json")}


def taakveld_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {name}") for code, name in taakvelden().items()]


def load_products(apps=None) -> None:
    """Create the shipped products that do not exist yet; never overwrite the admin's changes."""
    from django.apps import apps as global_apps

    product = (apps or global_apps).get_model("provisions", "Product")
    for item in read("products.json"):
        values = dict(item)
        product.objects.get_or_create(code=values.pop("code"), defaults=values)
