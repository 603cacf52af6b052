"""A small hand-made world of case records for the thermometer's indicators: each helper makes the
fewest rows a rule needs, directly (the actions are tested in their own apps), so every expected value
can be worked out by hand."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count

import pytest
from django.utils import timezone

from eenplan.accounts.models import Partner, Role
from eenplan.assessment.models import Assessment, DomainScore, Instrument
from eenplan.budget.models import Expenditure
from eenplan.intake.models import Conversation, Inquiry, InquiryReport, SupportRequest, Term
from eenplan.plans.models import Agreement, Evaluation, Goal, GoalEvaluation, Plan
from eenplan.provisions.models import Allocation, Application, ApplicationTerm, Decision, Product
from eenplan.socialmap import actions as socialmap_actions
from eenplan.thermometer import actions
from eenplan.thermometer.models import Indicator
from tests.factories import HouseholdFactory, MunicipalityFactory, PersonFactory, UserFactory

D = datetime.date
Q1 = (D(2026, 1, 1), D(2026, 3, 31))
Q2 = (D(2026, 4, 1), D(2026, 6, 30))
YEAR = (D(2026, 1, 1), D(2026, 12, 31))
TODAY = D(2026, 7, 15)


@dataclass
class Cases:
    """Makes households and their records; ``actor`` is the consultant who did the work."""

    actor: object
    numbers: count = field(default_factory=lambda: count(1))

    def household(self, area):
        household = HouseholdFactory(area=area)
        PersonFactory(household=household)
        return household

    def households(self, area, n: int) -> list:
        return [self.household(area) for _ in range(n)]

    def melding(self, household, received_on, *, status=SupportRequest.Status.OPEN, laws=("wmo",)):
        return SupportRequest.objects.create(
            household=household,
            person=household.members.first(),
            received_on=received_on,
            channel="phone",
            reporter="resident",
            question="Het lukt niet meer.",
            laws=list(laws),
            status=status,
            assigned_to=self.actor,
            registered_by=self.actor,
            receipt_confirmed_at=timezone.now(),
        )

    def inquiry(self, support_request):
        inquiry, _created = Inquiry.objects.get_or_create(
            support_request=support_request, defaults={"started_on": support_request.received_on}
        )
        return inquiry

    def conversation(self, support_request, held_on):
        return Conversation.objects.create(
            inquiry=self.inquiry(support_request),
            held_on=held_on,
            place="thuis",
            participants="de inwoner",
            what_matters="Thuis blijven wonen.",
            created_by=self.actor,
        )

    def report(self, support_request, issued_on):
        return InquiryReport.objects.create(
            inquiry=self.inquiry(support_request), text="Verslag", issued_on=issued_on
        )

    def term(self, support_request, due_on, *, rule="inquiry"):
        return Term.objects.create(
            support_request=support_request, rule=rule, starts_on=support_request.received_on, due_on=due_on
        )

    def plan(self, household, agreed_on, *, closed_on=None):
        status = Plan.Status.CLOSED if closed_on else (Plan.Status.ACTIVE if agreed_on else Plan.Status.DRAFT)
        return Plan.objects.create(
            household=household,
            case_director=self.actor,
            status=status,
            agreed_on=agreed_on,
            closed_on=closed_on,
        )

    def goal(self, plan, *domains):
        goal = Goal.objects.create(plan=plan, text="Weer zelf boodschappen doen")
        goal.domains.set(domains)
        return goal

    def agreement(self, plan, kind, **fields):
        return Agreement.objects.create(plan=plan, kind=kind, description="Afspraak", **fields)

    def assessment(self, person, on, scores: dict):
        """``scores``: life domain → (professional score, resident score)."""
        assessment = Assessment.objects.create(
            person=person, instrument=life_domains(), assessed_on=on, created_by=self.actor
        )
        for domain, (professional, resident) in scores.items():
            DomainScore.objects.create(
                assessment=assessment, domain=domain, professional_score=professional, resident_score=resident
            )
        return assessment

    def evaluation(self, plan, held_on, *, assessment=None):
        return Evaluation.objects.create(
            plan=plan, held_on=held_on, assessment=assessment, created_by=self.actor
        )

    def goal_evaluation(self, evaluation, goal, outcome, *, resident_words="Het gaat beter."):
        return GoalEvaluation.objects.create(
            evaluation=evaluation, goal=goal, outcome=outcome, resident_words=resident_words
        )

    def application(self, household, received_on, *, product="wmo-hh", status=Application.Status.SUBMITTED):
        plan = Plan.objects.filter(household=household).first() or self.plan(household, received_on)
        return Application.objects.create(
            household=household,
            person=household.members.first(),
            plan=plan,
            product=Product.objects.get(code=product),
            volume=3,
            starts_on=received_on,
            ends_on=received_on + datetime.timedelta(days=364),
            motivation="Nodig.",
            received_on=received_on,
            status=status,
            submitted_by=self.actor,
        )

    def application_term(self, application, due_on, *, rule="wmo_decision"):
        return ApplicationTerm.objects.create(
            application=application, rule=rule, starts_on=application.received_on, due_on=due_on
        )

    def decision(self, application, decided_on):
        application.status = Application.Status.DECIDED
        application.save(update_fields=["status"])
        return Decision.objects.create(
            application=application,
            outcome="grant",
            volume=application.volume,
            starts_on=application.starts_on,
            ends_on=application.ends_on,
            reasons="Past bij het plan.",
            decided_by=self.actor,
            decided_on=decided_on,
            objection_ends_on=decided_on + datetime.timedelta(days=42),
        )

    def allocation(self, decision, starts_on, ends_on, provider=None):
        provider = provider or Partner.objects.filter(kind=Partner.Kind.CARE_PROVIDER).first()
        if provider is None:
            provider = Partner.objects.create(
                municipality=decision.application.household.municipality,
                name="Thuiszorg Test",
                kind=Partner.Kind.CARE_PROVIDER,
                agb_code="12345678",
            )
        return Allocation.objects.create(
            decision=decision,
            provider=provider,
            number=next(self.numbers),
            volume=decision.volume,
            starts_on=starts_on,
            ends_on=ends_on,
            allocated_at=timezone.now(),
            allocated_by=self.actor,
        )

    def spend(self, household, months_and_cents: list[tuple[datetime.date, int]], *, product="wmo-hh"):
        """A decided, allocated application of the household with these expenditures."""
        first = months_and_cents[0][0]
        decision = self.decision(self.application(household, first, product=product), first)
        allocation = self.allocation(decision, first, first + datetime.timedelta(days=364))
        for month, cents in months_and_cents:
            Expenditure.objects.create(
                allocation=allocation, month=month, volume=1, amount_cents=cents, recorded_by=self.actor
            )
        return allocation


def service(world, name):
    """A community service of the social map (made by the functional admin)."""
    admin = world.functional_admin
    organisation = socialmap_actions.organization_create(
        actor=admin, name=f"Stichting {name}", description=""
    )
    return socialmap_actions.service_save(
        actor=admin, service=None, organization=organisation, name=name, description="Voor de buurt.",
        kind="community", cost="free", target_groups=[], areas=[], tags=[],
    )  # fmt: skip


def life_domains():
    return Instrument.objects.get(code="life-domains")


def domain(code):
    return life_domains().domains.get(code=code)


@pytest.fixture
def cases(world) -> Cases:
    return Cases(actor=world.consultant)


@pytest.fixture
def north(world):
    """The neighbourhood of the world's north household (north team's area)."""
    return world.north_household.area


@pytest.fixture
def south(world):
    return world.south_household.area


@pytest.fixture
def gemeente(world):
    return world.north_household.municipality


@pytest.fixture
def other_gemeente(db):
    return MunicipalityFactory(code="GM0363", name="Amsterdam", population=931298)


@pytest.fixture
def other_policy_advisor(other_gemeente):
    return UserFactory(username="olga", role=Role.POLICY_ADVISOR, municipality=other_gemeente)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


@dataclass
class SmallChain:
    effect: object
    policy_goal: object
    assignment: object
    delivery: object
    agreed_result: object


@pytest.fixture
def small_chain(world, gemeente) -> SmallChain:
    """One effect → goal → assignment (north team) → a product → an agreed result, by grace."""
    actor = world.policy_advisor
    effect = actions.effect_create(actor=actor, municipality=gemeente, name="Inwoners wonen langer thuis")
    goal = actions.policy_goal_create(actor=actor, effect=effect, name="Hulp dichtbij", law="wmo")
    assignment = actions.assignment_create(
        actor=actor,
        policy_goal=goal,
        name="Keukentafelgesprekken",
        team=world.consultant.team,
        taakveld="6.21",
        budget_cents=10_000_00,
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
    )
    delivery = actions.delivery_create(
        actor=actor, assignment=assignment, product=Product.objects.get(code="wmo-hh")
    )
    result = actions.agreed_result_create(
        actor=actor, assignment=assignment, indicator=indicator("legal-terms-met"), target_value=Decimal("95")
    )
    return SmallChain(effect, goal, assignment, delivery, result)


# The signals' fixtures, for the reading's hotspots.
from tests.signals.conftest import add_signals, north_neighbourhood  # noqa: E402, F401
