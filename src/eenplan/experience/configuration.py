"""Questionnaires as data: ``config/questionnaires.json`` holds one questionnaire per law with its
statements. They are loaded into the database on migration, where the functional admin adjusts them."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from eenplan.intake.models import Law

from .models import Theme

CONFIG_FILE = Path(__file__).resolve().parent / "config" / "questionnaires.json"


def read_questionnaires(path: Path = CONFIG_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def validate_definition(definition: dict) -> None:
    """Refuse a questionnaire for an unknown law, or with a question on an unknown theme, without a
    statement, or whose code occurs twice, before anything is written."""
    law = definition.get("law")
    if law not in Law.values:
        raise ValidationError(
            _("Vragenlijst %(code)s is voor een onbekende wet: %(law)s."),
            code="questionnaire_law",
            params={"code": definition.get("code"), "law": law},
        )
    questions = definition.get("questions", [])
    if not questions:
        raise ValidationError(
            _("Vragenlijst %(code)s heeft geen stellingen."),
            code="questionnaire_empty",
            params={"code": definition.get("code")},
        )
    codes = [question.get("code") for question in questions]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ValidationError(
            _("Stelling %(question)s komt meer dan één keer voor in vragenlijst %(code)s."),
            code="question_duplicate",
            params={"question": duplicates[0], "code": definition.get("code")},
        )
    for question in questions:
        if (
            question.get("theme") not in Theme.values
            or not question.get("statement")
            or not question.get("code")
        ):
            raise ValidationError(
                _("Stelling %(question)s heeft een code, een bekend thema en een tekst nodig."),
                code="question_shape",
                params={"question": question},
            )


def load_questionnaires(apps=None, *, path: Path = CONFIG_FILE) -> None:
    """Create the shipped questionnaires and statements that do not exist yet (a questionnaire by law,
    a statement by code); never overwrite what the functional admin changed. Every definition is
    checked first, so a bad file loads nothing. ``apps`` is the migration state from a migration."""
    from django.apps import apps as global_apps

    registry = apps or global_apps
    questionnaire_model = registry.get_model("experience", "Questionnaire")
    question_model = registry.get_model("experience", "Question")
    definitions = read_questionnaires(path)
    laws = [definition.get("law") for definition in definitions]
    for definition in definitions:
        validate_definition(definition)
        if laws.count(definition["law"]) > 1:
            raise ValidationError(
                _("Er is meer dan één vragenlijst voor de wet %(law)s."),
                code="questionnaire_duplicate",
                params={"law": definition["law"]},
            )
    with transaction.atomic():
        for definition in definitions:
            values = dict(definition)
            law = values.pop("law")
            questions = values.pop("questions")
            questionnaire, _created = questionnaire_model.objects.get_or_create(law=law, defaults=values)
            for question in questions:
                question_values = dict(question)
                code = question_values.pop("code")
                question_model.objects.get_or_create(
                    questionnaire=questionnaire, code=code, defaults=question_values
                )
