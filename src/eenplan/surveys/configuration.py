"""Survey statements as data: ``config/statements.json`` holds the shipped themes with their statements.
They are loaded on migration, where the functional admin adjusts them."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

CONFIG_FILE = Path(__file__).resolve().parent / "config" / "statements.json"


def read_themes(path: Path = CONFIG_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def validate_definitions(definitions: list[dict]) -> None:
    """Refuse a theme without a code, name or statements, a statement without a code or text, and a
    theme or statement code that occurs twice, before anything is written."""
    theme_codes = [definition.get("code") for definition in definitions]
    statement_codes = [
        statement.get("code") for definition in definitions for statement in definition.get("statements", [])
    ]
    for codes, kind in ((theme_codes, "thema"), (statement_codes, "stelling")):
        duplicates = sorted({code for code in codes if code and codes.count(code) > 1})
        if duplicates:
            raise ValidationError(
                _("De code %(code)s komt meer dan één keer voor (%(kind)s)."),
                code="survey_duplicate",
                params={"code": duplicates[0], "kind": kind},
            )
    for definition in definitions:
        if not definition.get("code") or not definition.get("name") or not definition.get("statements"):
            raise ValidationError(
                _("Thema %(code)s heeft een code, een naam en stellingen nodig."),
                code="survey_theme_shape",
                params={"code": definition.get("code")},
            )
        for statement in definition["statements"]:
            if not statement.get("code") or not statement.get("text"):
                raise ValidationError(
                    _("Stelling %(statement)s heeft een code en een tekst nodig."),
                    code="survey_statement_shape",
                    params={"statement": statement},
                )


def load_statements(apps=None, *, path: Path = CONFIG_FILE) -> None:
    """Create the shipped themes and statements that do not exist yet (by code); never overwrite what the
    functional admin changed. Every definition is checked first, so a bad file loads nothing. ``apps``
    is the migration state from a migration."""
    from django.apps import apps as global_apps

    registry = apps or global_apps
    theme_model = registry.get_model("surveys", "Theme")
    statement_model = registry.get_model("surveys", "Statement")
    definitions = read_themes(path)
    validate_definitions(definitions)
    with transaction.atomic():
        for definition in definitions:
            values = dict(definition)
            code = values.pop("code")
            statements = values.pop("statements")
            theme, _created = theme_model.objects.get_or_create(code=code, defaults=values)
            for statement in statements:
                statement_values = dict(statement)
                statement_code = statement_values.pop("code")
                statement_model.objects.get_or_create(
                    code=statement_code, defaults={**statement_values, "theme": theme}
                )
