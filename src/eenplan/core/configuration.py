"""Configuration as data: purposes, legal bases, data categories and the role policy ship as JSON files in
``core/config`` and are loaded into the database, where the functional admin can adjust them."""

import json
import time
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
    if apps is None:  # outside a migration, a server may be running: it reads the configuration again
        from .actions import configuration_version_bump

        configuration_version_bump()


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


# -- the configuration cache --------------------------------------------------------------------------------
#
# Every page reads the same configuration: the purposes, the role policy, the areas of the user's team and
# the name of their organisation (up to 9 small queries). A process keeps what it read for as long as the
# configuration version (ConfigurationVersion) stays the same; a request reads the version once (it is kept
# on the request's user object). Beheer raises the version with every change it saves (core.admin →
# core.actions.configuration_version_bump), so every process reads the configuration again on its next
# request. A change made another way (a shell, SQL) counts once the version is raised, and at the latest
# after CACHE_SECONDS.

CACHE_SECONDS = 300
_cache: dict = {}
_held = {"version": None, "since": 0.0}  # the version _cache holds, and since when (time.monotonic)


def configuration_version() -> int:
    from .models import ConfigurationVersion

    return ConfigurationVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def configuration_cached(user, key: tuple, compute):
    """``compute()``, or what it gave before in this process for the same key and configuration version.
    The value must not be changed by the caller (give back frozensets and tuples)."""
    version = getattr(user, "_configuration_version", None)
    if version is None:
        version = configuration_version()
        user._configuration_version = version
    now = time.monotonic()
    if _held["version"] != version or now - _held["since"] > CACHE_SECONDS:
        _cache.clear()
        _held.update(version=version, since=now)
    if key not in _cache:
        _cache[key] = compute()
    return _cache[key]


def configuration_cache_clear() -> None:
    """Forget what this process read (after a change, and before every test)."""
    _cache.clear()
    _held.update(version=None, since=0.0)
