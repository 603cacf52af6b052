"""Configuration as data: purposes, legal bases and data categories ship as JSON files in
``core/config`` and are loaded into the database, where the functional admin can adjust them."""

import json
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent / "config"

FILES = {
    "LegalBasis": "legal_bases.json",
    "Purpose": "purposes.json",
    "DataCategory": "data_categories.json",
}


def read(filename: str) -> list[dict]:
    return json.loads((CONFIG_DIR / filename).read_text(encoding="utf-8"))


def load_configuration(apps=None) -> None:
    """Create the shipped configuration items that do not exist yet; never overwrite what the
    functional admin changed. ``apps`` is the migration state when called from a migration."""
    from django.apps import apps as global_apps

    registry = apps or global_apps
    for model_name, filename in FILES.items():
        model = registry.get_model("core", model_name)
        for item in read(filename):
            values = dict(item)
            code = values.pop("code")
            if model_name == "Purpose":
                values["legal_basis"] = registry.get_model("core", "LegalBasis").objects.get(
                    code=values["legal_basis"]
                )
            model.objects.get_or_create(code=code, defaults=values)
