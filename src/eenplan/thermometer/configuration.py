"""Indicators as data: ``config/indicators.json`` holds the shipped indicators of the thermometer, each
with the exact definition shown to users. They are loaded on migration (0002); the functional admin
adjusts names and definitions in beheer. A computed indicator is counted by the function registered
under its code in ``queries.COMPUTATIONS``."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

CONFIG_FILE = Path(__file__).resolve().parent / "config" / "indicators.json"
FIELDS = {"code", "name", "description", "definition", "unit", "kind", "higher_is_better", "source", "order"}
UNITS = {"percent", "days", "euro", "number"}
KINDS = {"computed", "manual"}


def read_indicators(path: Path = CONFIG_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def validate_indicators(definitions: list[dict]) -> None:
    """Every indicator has a code, a name, a definition, a known unit and kind, and only known fields."""
    seen = set()
    for definition in definitions:
        code = definition.get("code")
        problems = [
            not code or code in seen,
            not definition.get("name") or not definition.get("definition"),
            definition.get("unit") not in UNITS,
            definition.get("kind") not in KINDS,
            bool(set(definition) - FIELDS),
        ]
        if any(problems):
            raise ValidationError(
                _("Indicator %(code)s is niet goed beschreven."), code="indicator", params={"code": code}
            )
        seen.add(code)


def load_indicators(apps=None, *, path: Path = CONFIG_FILE) -> None:
    """Create the shipped indicators that do not exist yet (by code); never overwrite what the functional
    admin changed. ``apps`` is the migration state from a migration."""
    from django.apps import apps as global_apps

    indicator = (apps or global_apps).get_model("thermometer", "Indicator")
    definitions = read_indicators(path)
    validate_indicators(definitions)
    with transaction.atomic():
        for definition in definitions:
            values = dict(definition)
            indicator.objects.get_or_create(code=values.pop("code"), defaults=values)
