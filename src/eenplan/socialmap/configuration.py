"""Configuration of the social map as data: target groups (``config/target_groups.json``, loaded on
migration and editable in beheer), and the text-analysis lists used by text.py (synonyms, stopwords,
compound parts)."""

import json
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent / "config"
REVIEW_AFTER_DAYS = 365  # an entry not checked for a year is flagged for review


def load_target_groups(apps=None) -> None:
    """Create the shipped target groups that do not exist yet; never overwrite the admin's changes."""
    from django.apps import apps as global_apps

    model = (apps or global_apps).get_model("socialmap", "TargetGroup")
    for item in json.loads((CONFIG_DIR / "target_groups.json").read_text(encoding="utf-8")):
        values = dict(item)
        model.objects.get_or_create(code=values.pop("code"), defaults=values)
