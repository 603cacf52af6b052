"""Configuration as data: purposes, legal bases, data categories and the role policy ship as JSON files in
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
    _load_role_policy(registry)


def _load_role_policy(registry) -> None:
    """The default policy of domain.md §5 (role_policy.json), for roles that have none yet."""
    try:
        policy_model = registry.get_model("core", "RolePolicy")
    except LookupError:  # an early migration, before the role policy existed
        return
    categories = registry.get_model("core", "DataCategory").objects
    for item in read("role_policy.json"):
        values = dict(item)
        codes = values.pop("categories")
        policy, created = policy_model.objects.get_or_create(role=values.pop("role"), defaults=values)
        if created:
            policy.categories.set(categories.filter(code__in=codes))
