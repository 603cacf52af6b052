"""Themes as data: ``config/themes.json`` holds the shipped themes of collective signals. They are loaded
on migration, where the functional admin adjusts them."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

CONFIG_FILE = Path(__file__).resolve().parent / "config" / "themes.json"
DOMAIN_INSTRUMENT = "life-domains"  # Leefgebieden (assessment/config/instruments/leefgebieden.json)


def read_themes(path: Path = CONFIG_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def load_themes(apps=None, *, path: Path = CONFIG_FILE) -> None:
    """Create the shipped themes that do not exist yet (by code), with their life domains of the
    Leefgebieden instrument; never overwrite what the functional admin changed. A theme naming an unknown
    life domain loads nothing. ``apps`` is the migration state from a migration."""
    from django.apps import apps as global_apps

    registry = apps or global_apps
    theme_model = registry.get_model("signals", "Theme")
    domain_model = registry.get_model("assessment", "LifeDomain")
    definitions = read_themes(path)
    known = dict(domain_model.objects.filter(instrument__code=DOMAIN_INSTRUMENT).values_list("code", "pk"))
    for definition in definitions:
        unknown = sorted(set(definition.get("domains", [])) - set(known))
        if known and unknown:
            raise ValidationError(
                _("Thema %(code)s noemt een onbekend leefgebied: %(domain)s."),
                code="theme_domain",
                params={"code": definition.get("code"), "domain": unknown[0]},
            )
    with transaction.atomic():
        for definition in definitions:
            values = dict(definition)
            code = values.pop("code")
            domains = values.pop("domains", [])
            theme, created = theme_model.objects.get_or_create(code=code, defaults=values)
            if created:
                theme.domains.set([known[domain] for domain in domains if domain in known])
