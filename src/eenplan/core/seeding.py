"""Deterministic, modular demo seeding: every Eén Plan app may have a ``seed.py`` with a
``seed(context)`` function; they run in INSTALLED_APPS order inside one transaction."""

import importlib
from dataclasses import dataclass, field
from random import Random

from django.apps import apps
from django.db import transaction
from faker import Faker

from .actions import configuration_version_bump

DEMO_PASSWORD = "demo-eenplan-2026"


@dataclass
class SeedContext:
    seed: int
    municipality_code: str
    households: int = 80
    random: Random = field(init=False)
    faker: Faker = field(init=False)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, username, password)
    objects: dict = field(default_factory=dict)  # what one seeder hands to the next

    def __post_init__(self):
        self.random = Random(self.seed)
        self.faker = Faker("nl_NL")
        self.faker.seed_instance(self.seed)

    def test_bsn(self) -> str:
        """A BSN from the test range 999900006–999999990 that passes the 11-proef, never twice."""
        from .validators import bsn_is_valid

        used = self.objects.setdefault("bsns", set())
        while True:
            candidate = str(self.random.randint(999900006, 999999990))
            if bsn_is_valid(candidate) and candidate not in used:
                used.add(candidate)
                return candidate


def seed_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("eenplan."):
            try:
                yield importlib.import_module(f"{config.name}.seed")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.seed":
                    raise


@transaction.atomic
def seed_demo(*, seed: int, municipality_code: str, households: int = 80) -> SeedContext:
    context = SeedContext(seed=seed, municipality_code=municipality_code, households=households)
    for module in seed_modules():
        module.seed(context)
    configuration_version_bump()  # the seeds wrote teams, their areas and other configuration directly
    return context
