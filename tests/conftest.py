"""Personas for the tests (Alice/Bob/Charlie style): named people with a role and a reach."""

from dataclasses import dataclass

import pytest

from eenplan.accounts.models import Role
from eenplan.core.models import ProcessingLogEntry

from .factories import (
    DistrictFactory,
    HouseholdFactory,
    NeighbourhoodFactory,
    PartnerFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 stays the production hasher (tested in accounts/test_login.py); tests hash faster."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    """Two teams in two districts, a household in each, and a persona for every role."""

    north_household: object
    south_household: object
    resident: object  # head of north_household
    consultant: object  # team north
    other_consultant: object  # team south
    team_lead: object  # team north
    decision_maker: object
    partner_professional: object
    policy_advisor: object
    functional_admin: object

    def all_users(self):
        return [
            self.resident,
            self.consultant,
            self.other_consultant,
            self.team_lead,
            self.decision_maker,
            self.partner_professional,
            self.policy_advisor,
            self.functional_admin,
        ]


@pytest.fixture
def world(db) -> World:
    north, south = DistrictFactory(name="Noord"), DistrictFactory(name="Zuid")
    north_team, south_team = TeamFactory(name="Wijkteam Noord"), TeamFactory(name="Wijkteam Zuid")
    north_team.areas.set([north])
    south_team.areas.set([south])
    north_household = HouseholdFactory(area=NeighbourhoodFactory(parent=north))
    south_household = HouseholdFactory(area=NeighbourhoodFactory(parent=south))
    resident = UserFactory(username="alice", role=Role.RESIDENT, first_name="Alice", last_name="Jansen")
    PersonFactory(household=north_household, user=resident, given_name="Alice", surname="Jansen")
    PersonFactory(household=north_household, relation="child", given_name="Bram", surname="Jansen")
    PersonFactory(household=south_household, given_name="Charlie", surname="Visser")
    return World(
        north_household=north_household,
        south_household=south_household,
        resident=resident,
        consultant=UserFactory(username="bob", role=Role.CONSULTANT, team=north_team),
        other_consultant=UserFactory(username="carol", role=Role.CONSULTANT, team=south_team),
        team_lead=UserFactory(username="dave", role=Role.TEAM_LEAD, team=north_team),
        decision_maker=UserFactory(username="erin", role=Role.DECISION_MAKER),
        partner_professional=UserFactory(
            username="frank", role=Role.PARTNER_PROFESSIONAL, partner=PartnerFactory()
        ),
        policy_advisor=UserFactory(username="grace", role=Role.POLICY_ADVISOR),
        functional_admin=UserFactory(username="heidi", role=Role.FUNCTIONAL_ADMIN),
    )


@pytest.fixture
def log_count():
    return lambda: ProcessingLogEntry.objects.count()
