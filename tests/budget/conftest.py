"""A budget year (2026) built through the real actions: three households of Zwolle in two teams, five
laws' worth of products, partial-year periods, a partly granted and a refused decision, allocations and
expenditures; and one household of another gemeente that must never count."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from eenplan.accounts.models import Partner, Role
from eenplan.budget import actions as budget_actions
from eenplan.intake import actions as intake_actions
from eenplan.plans import actions as plan_actions
from eenplan.provisions import actions as provision_actions
from eenplan.provisions.models import Product
from tests.factories import (
    DistrictFactory,
    HouseholdFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)


def open_plan(consultant, household, person):
    """A melding with an issued inquiry report (a Wmo application follows it), and the plan."""
    today = timezone.localdate()
    support_request = intake_actions.support_request_register(
        actor=consultant, household=household, person=person, received_on=today, channel="phone",
        reporter="resident", reporter_name="", question="Het lukt niet meer alleen.", laws=["wmo"],
        urgency="normal",
    )  # fmt: skip
    inquiry = intake_actions.inquiry_start(actor=consultant, support_request=support_request)
    intake_actions.conversation_record(
        actor=consultant, inquiry=inquiry, instrument=None, domain_scores=[], held_on=today, place="thuis",
        participants=person.given_name, what_matters="Zelf de dingen blijven doen.",
    )  # fmt: skip
    report = intake_actions.report_draft(actor=consultant, inquiry=inquiry)
    intake_actions.report_issue(actor=consultant, report=report, issued_on=today)
    support_request.refresh_from_db()
    return plan_actions.plan_create(actor=consultant, support_request=support_request)


def decide(consultant, decision_maker, plan, person, code, volume, starts_on, ends_on, *, outcome="grant",
           granted=None):  # fmt: skip
    """Apply, advise (the team) and decide (the gemeente); returns the decision."""
    plan.refresh_from_db()
    application = provision_actions.application_submit(
        actor=consultant, plan=plan, version=plan.version, product=Product.objects.get(code=code),
        person=person, volume=volume, starts_on=starts_on, ends_on=ends_on,
        motivation="Nodig voor het doel in het plan.",
    )  # fmt: skip
    granted = volume if granted is None else granted
    provision_actions.advice_give(
        actor=consultant,
        application=application,
        recommendation=outcome,
        volume=granted,
        reasons="Onderbouwd.",
    )
    return provision_actions.decision_make(
        actor=decision_maker, application=application, outcome=outcome, volume=granted, reasons="Gemotiveerd."
    )


def allocate(decision_maker, decision, provider, volume=None, starts_on=None, ends_on=None):
    return provision_actions.allocation_make(
        actor=decision_maker, decision=decision, provider=provider, volume=volume or decision.volume,
        starts_on=starts_on or decision.starts_on, ends_on=ends_on or decision.ends_on,
    )  # fmt: skip


def spend(actor, allocation, month: date, volume: int, amount_cents=None):
    return budget_actions.expenditure_record(
        actor=actor, allocation=allocation, month=month, volume=volume, amount_cents=amount_cents
    )


@dataclass
class BudgetWorld:
    third_household: object  # north district, another neighbourhood than world.north_household
    elsewhere_household: object  # another gemeente
    decisions: dict  # label → Decision (A, B, C, D, R, E, F, X)
    allocations: dict  # label → Allocation


@pytest.fixture
def budget_world(world) -> BudgetWorld:
    """Year 2026 (see test_budget.py for the values by hand):

    north household (Wijkteam Noord, bob): A Alice wmo-hh 3 h/week 2025-10-01..2026-03-31, allocated in
      full, spent Dec 2025 (other year), Jan, Feb, Mar 2026; B Bram jw-ambulant asked 4 h/week, granted
      in part 2 h/week 2026-07-01..2027-06-30, allocated 1 h/week 2026-07-01..2026-12-31.
    south household (Wijkteam Zuid, carol): C Charlie wgs-schuldhulp 1 traject 2026-05-01..2027-04-30,
      allocated, spent May; D pw-bijzondere-bijstand €450 on 2026-04-01, granted, not allocated;
      R wmo-begeleiding refused.
    third household (Wijkteam Noord, bob): E Dirk wmo-hulpmiddel 1 on 2026-03-01, allocated, spent; F wmo-hh
      2 h/week in 2025 only, allocated, spent June 2025.
    elsewhere (Amsterdam): X wmo-hh, allocated and spent in 2026: never in Zwolle's budget.
    """
    erin, bob, carol = world.decision_maker, world.consultant, world.other_consultant
    municipality = world.north_household.municipality
    care = Partner.objects.create(
        municipality=municipality,
        name="Thuiszorg De Linde",
        kind=Partner.Kind.CARE_PROVIDER,
        agb_code="42420002",
    )
    youth = Partner.objects.create(
        municipality=municipality, name="Jeugdhulp Zwolle", kind=Partner.Kind.YOUTH_CARE, agb_code="42420003"
    )
    debt = Partner.objects.create(
        municipality=municipality, name="Schuldhulp IJssel", kind=Partner.Kind.DEBT_HELP
    )

    north = world.north_household
    alice, bram = north.members.get(user=world.resident), north.members.get(relation="child")
    plan = open_plan(bob, north, alice)
    a = decide(bob, erin, plan, alice, "wmo-hh", 3, date(2025, 10, 1), date(2026, 3, 31))
    b = decide(bob, erin, plan, bram, "jw-ambulant", 4, date(2026, 7, 1), date(2027, 6, 30), outcome="partly",
               granted=2)  # fmt: skip
    allocation_a = allocate(erin, a, care)
    for month, volume in ((date(2025, 12, 1), 13), (date(2026, 1, 1), 12), (date(2026, 2, 1), 12),
                          (date(2026, 3, 1), 16)):  # fmt: skip
        spend(erin, allocation_a, month, volume)
    allocation_b = allocate(erin, b, youth, volume=1, ends_on=date(2026, 12, 31))

    south = world.south_household
    charlie = south.members.get()
    plan = open_plan(carol, south, charlie)
    c = decide(carol, erin, plan, charlie, "wgs-schuldhulp", 1, date(2026, 5, 1), date(2027, 4, 30))
    d = decide(carol, erin, plan, charlie, "pw-bijzondere-bijstand", 450, date(2026, 4, 1), date(2026, 4, 1))
    r = decide(carol, erin, plan, charlie, "wmo-begeleiding", 2, date(2026, 2, 1), date(2026, 12, 31),
               outcome="refuse")  # fmt: skip
    allocation_c = allocate(erin, c, debt)
    spend(erin, allocation_c, date(2026, 5, 1), 1, amount_cents=30000)

    third = HouseholdFactory(area=NeighbourhoodFactory(parent=north.area.parent))
    dirk = PersonFactory(household=third, given_name="Dirk", surname="Dalen")
    plan = open_plan(bob, third, dirk)
    e = decide(bob, erin, plan, dirk, "wmo-hulpmiddel", 1, date(2026, 3, 1), date(2026, 3, 1))
    f = decide(bob, erin, plan, dirk, "wmo-hh", 2, date(2025, 1, 1), date(2025, 12, 31))
    allocation_e = allocate(erin, e, care)
    spend(erin, allocation_e, date(2026, 3, 1), 1)
    allocation_f = allocate(erin, f, care)
    spend(erin, allocation_f, date(2025, 6, 1), 8)

    amsterdam = MunicipalityFactory(
        code="GM0363", name="Amsterdam", province="Noord-Holland", population=931298
    )
    centrum = DistrictFactory(municipality=amsterdam, code="WK036300", name="Centrum")
    TeamFactory(municipality=amsterdam, name="Wijkteam Centrum").areas.set([centrum])
    elsewhere = HouseholdFactory(area=NeighbourhoodFactory(parent=centrum, code="BU03630000"))
    eve = PersonFactory(household=elsewhere, given_name="Eva", surname="Elders")
    amsterdammer = UserFactory(
        username="ivan", role=Role.CONSULTANT, municipality=amsterdam, team=amsterdam.teams.get()
    )
    plan = open_plan(amsterdammer, elsewhere, eve)
    x = decide(amsterdammer, erin, plan, eve, "wmo-hh", 5, date(2026, 1, 1), date(2026, 12, 31))
    provider_x = Partner.objects.create(
        municipality=amsterdam, name="Zorg Amsterdam", kind=Partner.Kind.CARE_PROVIDER, agb_code="42420004"
    )
    allocation_x = allocate(erin, x, provider_x)
    spend(erin, allocation_x, date(2026, 1, 1), 20)

    return BudgetWorld(
        third_household=third,
        elsewhere_household=elsewhere,
        decisions={"A": a, "B": b, "C": c, "D": d, "R": r, "E": e, "F": f, "X": x},
        allocations={
            "A": allocation_a,
            "B": allocation_b,
            "C": allocation_c,
            "E": allocation_e,
            "F": allocation_f,
            "X": allocation_x,
        },
    )
