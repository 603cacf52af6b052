"""The retention rules ship as JSON in ``privacy/config/retention.json`` and are loaded on migration;
the functional admin adjusts them in beheer."""

import json
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent / "config"


def read(filename: str) -> list[dict]:
    return json.loads((CONFIG_DIR / filename).read_text(encoding="utf-8"))


def load_retention_rules(apps=None) -> None:
    """Create the shipped rules that do not exist yet; never overwrite the admin's changes."""
    from django.apps import apps as global_apps

    rule = (apps or global_apps).get_model("privacy", "RetentionRule")
    for item in read("retention.json"):
        values = dict(item)
        rule.objects.get_or_create(code=values.pop("code"), defaults=values)
