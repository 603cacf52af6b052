"""Personas for the tests (Alice/Bob/Charlie style): named people with a role and a reach."""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from eenplan.accounts.models import Role
from eenplan.core.configuration import configuration_cache_clear
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
def fresh_configuration():
    """No test sees configuration another test read into the process's cache (core.configuration)."""
    configuration_cache_clear()
    yield
    configuration_cache_clear()


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


@dataclass
class PlanWorld:
    """World's north household with a melding whose inquiry report was issued, a plan with a goal and
    an agreement, a Wmo application advised on by bob, and a care provider with an AGB code."""

    support_request: object
    plan: object
    goal: object
    application: object
    provider: object


@pytest.fixture
def inquired_request(world):
    """A Wmo melding of Alice (north household) with one conversation and an issued report."""
    from django.utils import timezone

    from eenplan.intake import actions as intake_actions

    today = timezone.localdate()
    household = world.north_household
    alice = household.members.get(user=world.resident)
    support_request = intake_actions.support_request_register(
        actor=world.consultant,
        household=household,
        person=alice,
        received_on=today,
        channel="phone",
        reporter="resident",
        reporter_name="",
        question="Het huishouden lukt niet meer.",
        laws=["wmo"],
        urgency="normal",
    )
    inquiry = intake_actions.inquiry_start(actor=world.consultant, support_request=support_request)
    intake_actions.conversation_record(
        actor=world.consultant,
        inquiry=inquiry,
        instrument=None,
        domain_scores=[],
        held_on=today,
        place="thuis",
        participants="Alice",
        what_matters="Zelf thuis blijven wonen.",
    )
    report = intake_actions.report_draft(actor=world.consultant, inquiry=inquiry)
    intake_actions.report_issue(actor=world.consultant, report=report, issued_on=today)
    support_request.refresh_from_db()
    return support_request


@pytest.fixture
def plan_world(world, inquired_request) -> PlanWorld:
    import datetime

    from django.utils import timezone

    from eenplan.accounts.models import Partner
    from eenplan.plans import actions as plan_actions
    from eenplan.provisions import actions as provision_actions
    from eenplan.provisions.models import Product

    today = timezone.localdate()
    household = world.north_household
    alice = household.members.get(user=world.resident)
    support_request = inquired_request
    plan = plan_actions.plan_create(actor=world.consultant, support_request=support_request)
    goal = plan_actions.goal_add(
        actor=world.consultant, plan=plan, version=plan.version, text="Mijn huis schoon houden"
    )
    plan_actions.agreement_add(
        actor=world.consultant,
        plan=plan,
        version=plan.version,
        kind="resident",
        goal=goal,
        description="Alice doet zelf de afwas",
        person=alice,
    )
    application = provision_actions.application_submit(
        actor=world.consultant,
        plan=plan,
        version=plan.version,
        product=Product.objects.get(code="wmo-hh"),
        person=alice,
        volume=3,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=364),
        motivation="Na de operatie lukt schoonmaken niet.",
        goal=goal,
    )
    provision_actions.advice_give(
        actor=world.consultant,
        application=application,
        recommendation="grant",
        volume=3,
        reasons="Past bij het doel; netwerk kan dit niet.",
    )
    provider = Partner.objects.create(
        municipality=household.municipality,
        name="Thuiszorg De Linde",
        kind=Partner.Kind.CARE_PROVIDER,
        agb_code="42420002",
    )
    plan.refresh_from_db()
    application.refresh_from_db()
    return PlanWorld(support_request, plan, goal, application, provider)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL, no autovacuum in the test database. The tests roll back every row they write, so
    autovacuum only ever finds dead rows and records a table as empty (reltuples 0); the planner trusts
    that and joins the next test's rows in nested loops without an index: one Thermometer query took
    20 s instead of milliseconds, and a CI run 34 minutes instead of 19."""
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        for (table,) in cursor.fetchall():
            cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} SET (autovacuum_enabled = false)")


@pytest.fixture(scope="session")
def xsd_dir() -> Path:
    """The official iStandaarden XSDs, which are not part of the project (licence not settled):
    EENPLAN_ISTANDAARDEN_DIR, or ../shared/data/istandaarden beside a parent folder. Required in CI."""
    if env := os.environ.get("EENPLAN_ISTANDAARDEN_DIR"):
        candidates = [Path(env)]
    else:
        here = Path(__file__).resolve()
        candidates = [p / "shared" / "data" / "istandaarden" for p in here.parents]
        candidates.append(Path("/work/shared/data/istandaarden"))
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    reason = f"iStandaarden XSDs not found (set EENPLAN_ISTANDAARDEN_DIR); looked in {candidates}"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)
