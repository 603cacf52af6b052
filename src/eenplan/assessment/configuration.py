"""Instruments as data: every ``config/instruments/*.json`` file holds one instrument with its life
domains. They are loaded into the database on migration, where the functional admin can adjust them."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import LifeDomain, validate_levels

CONFIG_DIR = Path(__file__).resolve().parent / "config" / "instruments"


def read_instruments(directory: Path = CONFIG_DIR) -> list[dict]:
    """The instrument definitions in ``directory``, in file-name order."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.json"))]


def validate_definition(definition: dict) -> None:
    """Refuse a definition whose levels fall outside its scale or whose domains are malformed, before
    anything is written."""
    validate_levels(definition.get("levels", []), definition.get("scale_min"), definition.get("scale_max"))
    codes = [domain.get("code") for domain in definition.get("domains", [])]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ValidationError(
            _("Leefgebied %(code)s komt meer dan één keer voor in instrument %(instrument)s."),
            code="domain_duplicate",
            params={"code": duplicates[0], "instrument": definition.get("code")},
        )
    for domain in definition.get("domains", []):
        applies_to = domain.get("applies_to", LifeDomain.AppliesTo.EVERYONE)
        if applies_to not in LifeDomain.AppliesTo.values:
            raise ValidationError(
                _("Leefgebied %(code)s heeft een onbekende doelgroep: %(applies_to)s."),
                code="domain_applies_to",
                params={"code": domain.get("code"), "applies_to": applies_to},
            )


def load_instruments(apps=None, *, directory: Path = CONFIG_DIR) -> None:
    """Create the shipped instruments and life domains that do not exist yet (by code); never overwrite
    what the functional admin changed. Every file is checked first, so a bad file loads nothing.
    ``apps`` is the migration state when called from a migration."""
    from django.apps import apps as global_apps

    registry = apps or global_apps
    instrument_model = registry.get_model("assessment", "Instrument")
    domain_model = registry.get_model("assessment", "LifeDomain")
    definitions = read_instruments(directory)
    for definition in definitions:
        validate_definition(definition)
    with transaction.atomic():
        for definition in definitions:
            values = dict(definition)
            code = values.pop("code")
            domains = values.pop("domains", [])
            instrument, _created = instrument_model.objects.get_or_create(code=code, defaults=values)
            for domain in domains:
                domain_values = dict(domain)
                domain_code = domain_values.pop("code")
                domain_model.objects.get_or_create(
                    instrument=instrument, code=domain_code, defaults=domain_values
                )
