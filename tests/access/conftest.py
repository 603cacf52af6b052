"""The matrix world: two households built through the project's real actions, one inside the north team's
area (INSIDE) and one inside the south team's area (OUTSIDE), each holding every kind of record a URL can
name; and one persona per role (domain.md §5).

Every piece of personal data carries a marker: a word that occurs nowhere else, tagged with its household
and its data category, so a response body can be searched for what it must not show."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from eenplan.accounts.models import Partner, Role
from eenplan.assessment.models import Instrument, LifeDomain
from eenplan.budget import actions as budget_actions
from eenplan.core.models import DataCategory, LegalBasis, Purpose
from eenplan.households import actions as household_actions
from eenplan.intake import actions as intake_actions
from eenplan.plans import actions as plan_actions
from eenplan.provisions import actions as provision_actions
from eenplan.provisions.models import Product
from eenplan.socialmap import actions as socialmap_actions
from eenplan.surveys import actions as survey_actions
from tests.factories import (
    DistrictFactory,
    NeighbourhoodFactory,
    PartnerFactory,
    TeamFactory,
    UserFactory,
    test_range_bsns,
)

INSIDE, OUTSIDE = "inside", "outside"

try:  # the sharing app (issue 6) is written alongside this suite
    from eenplan.sharing import actions as sharing_actions
except ImportError:  # pragma: no cover - only until sharing lands
    sharing_actions = None


@dataclass(frozen=True)
class Marker:
    text: str
    household: str  # INSIDE or OUTSIDE
    category: str  # a DataCategory code


# The words, per household and data category. Each is unique, so finding it in a page proves the page
# shows that piece of data. (Conversation "what matters" is copied into the plan by plan_create, so it
# counts as plan-agreements; the question behind the question and the ideas stay conversation notes.)
WORDS = {
    INSIDE: {
        "given_name": ("Ingeborg", "identity-contact"),
        "surname": ("Binnenhuis", "identity-contact"),
        "street": ("Klaproosweg", "identity-contact"),
        "phone": ("0611223344", "identity-contact"),
        "network": ("Netwerkina", "household-network"),
        "representative": ("Curatorella", "household-network"),
        "question": ("Binnenvraagtrap", "situation-assessment"),
        "housing": ("Binnenwoonsituatie", "situation-assessment"),
        "health": ("Binnengezondheidsklacht", "health"),
        "finances": ("Binnenbetalingsachterstand", "finances-income"),
        "question_behind": ("Binnenachtergrondnotitie", "conversation-notes"),
        "ideas": ("Binnenideeennotitie", "conversation-notes"),
        "what_matters": ("Binnenwensthuiswonen", "plan-agreements"),
        "goal": ("Binnendoelschoonhuis", "plan-agreements"),
        "agreement": ("Binnenafspraakafwas", "plan-agreements"),
        "motivation": ("Binnenmotivatieoperatie", "plan-agreements"),
        "advice": ("Binnenadviesnetwerk", "plan-agreements"),
    },
    OUTSIDE: {
        "given_name": ("Oswald", "identity-contact"),
        "surname": ("Buitenhuis", "identity-contact"),
        "street": ("Distelpad", "identity-contact"),
        "phone": ("0655667788", "identity-contact"),
        "network": ("Netwerkoomjan", "household-network"),
        "representative": ("Curatorotto", "household-network"),
        "question": ("Buitenvraagtuin", "situation-assessment"),
        "housing": ("Buitenwoonsituatie", "situation-assessment"),
        "health": ("Buitengezondheidsklacht", "health"),
        "finances": ("Buitenbetalingsachterstand", "finances-income"),
        "question_behind": ("Buitenachtergrondnotitie", "conversation-notes"),
        "ideas": ("Buitenideeennotitie", "conversation-notes"),
        "what_matters": ("Buitenwenszelfstandig", "plan-agreements"),
        "goal": ("Buitendoeltuinonderhoud", "plan-agreements"),
        "agreement": ("Buitenafspraakgrasmaaien", "plan-agreements"),
        "motivation": ("Buitenmotivatieheup", "plan-agreements"),
        "advice": ("Buitenadviesmantelzorg", "plan-agreements"),
    },
}


def word(household: str, key: str) -> str:
    return WORDS[household][key][0]


@dataclass
class HouseholdBundle:
    """One household and every record in it that a URL can name."""

    key: str  # INSIDE or OUTSIDE
    household: object
    head: object
    network_member: object
    support_request: object
    term: object
    plan: object
    goal: object
    agreement: object
    participant: object
    open_application: object  # advised, waiting for a decision
    decided_application: object  # granted and allocated (in its objection term, so still open)
    allocation: object
    arrangement: object = None
    arrangement_request: object = None
    break_glass: object = None
    representation: object = None
    markers: list[Marker] = field(default_factory=list)


@dataclass
class MatrixWorld:
    households: dict  # INSIDE/OUTSIDE → HouseholdBundle
    personas: dict  # persona name → User
    service: object  # a social-map service (no personal data)
    sharing: bool  # whether the sharing app was there to build arrangements
    survey: object = None  # a thermometer survey of INSIDE's gemeente (no personal data)
    survey_token: str = ""  # an open link to answer it
    thermometer_chain: dict = field(default_factory=dict)  # a policy chain of the gemeente (no personal data)

    @property
    def markers(self) -> list[Marker]:
        return [marker for bundle in self.households.values() for marker in bundle.markers]


def _build_household(
    key, *, area, consultant, decision_maker, provider, resident=None, bsn
) -> HouseholdBundle:
    def w(name):
        return word(key, name)

    today = timezone.localdate()
    household = household_actions.household_register(
        actor=consultant, area=area, street=w("street"), house_number=7, house_number_addition="",
        postcode="8011AB", city="Zwolle",
    )  # fmt: skip
    head = household_actions.person_add(
        actor=consultant, household=household, relation="head", given_name=w("given_name"),
        surname=w("surname"), date_of_birth=datetime.date(1958, 3, 14), bsn=bsn, phone=w("phone"),
        user=resident,
    )  # fmt: skip
    network_member = household_actions.network_member_add(
        actor=consultant, household=household, name=f"Tante {w('network')}", kind="family",
        is_informal_carer=True,
    )  # fmt: skip
    representation = household_actions.representation_grant(
        actor=consultant, person=head, kind="curator", representative_name=f"{w('representative')} Jansen",
        representative_bsn="", evidence="Beschikking van de kantonrechter.", starts_on=today, ends_on=None,
    )  # fmt: skip
    support_request = intake_actions.support_request_register(
        actor=consultant, household=household, person=head, received_on=today, channel="phone",
        reporter="resident", reporter_name="", question=f"{w('question')}: het lukt niet meer.",
        laws=["wmo"], urgency="normal",
    )  # fmt: skip
    inquiry = intake_actions.inquiry_start(actor=consultant, support_request=support_request)
    life_domains = Instrument.objects.get(code="life-domains")

    def domain(code):
        return LifeDomain.objects.get(instrument=life_domains, code=code)

    intake_actions.conversation_record(
        actor=consultant, inquiry=inquiry, instrument=life_domains, held_on=today, place="thuis",
        participants="de inwoner", what_matters=w("what_matters"), question_behind=w("question_behind"),
        ideas=w("ideas"),
        domain_scores=[
            {"domain": domain("housing"), "situation": w("housing"), "professional_score": 3,
             "resident_score": 2},
            {"domain": domain("physical-health"), "situation": w("health"), "professional_score": 2,
             "resident_score": 2},
            {"domain": domain("finances"), "situation": w("finances"), "professional_score": 2,
             "resident_score": 3},
        ],
    )  # fmt: skip
    report = intake_actions.report_draft(actor=consultant, inquiry=inquiry)
    intake_actions.report_issue(actor=consultant, report=report, issued_on=today)
    support_request.refresh_from_db()

    plan = plan_actions.plan_create(actor=consultant, support_request=support_request)
    goal = plan_actions.goal_add(actor=consultant, plan=plan, version=plan.version, text=w("goal"))
    plan.refresh_from_db()
    agreement = plan_actions.agreement_add(
        actor=consultant, plan=plan, version=plan.version, kind="resident", goal=goal,
        description=w("agreement"), person=head,
    )  # fmt: skip

    def apply(motivation):
        plan.refresh_from_db()
        application = provision_actions.application_submit(
            actor=consultant, plan=plan, version=plan.version, product=Product.objects.get(code="wmo-hh"),
            person=head, volume=3, starts_on=today, ends_on=today + datetime.timedelta(days=364),
            motivation=motivation, goal=goal,
        )  # fmt: skip
        provision_actions.advice_give(
            actor=consultant, application=application, recommendation="grant", volume=3, reasons=w("advice")
        )
        return application

    open_application = apply(w("motivation"))
    decided_application = apply(w("motivation"))
    decision = provision_actions.decision_make(
        actor=decision_maker, application=decided_application, outcome="grant", volume=3,
        reasons="Past bij het plan.",
    )  # fmt: skip
    allocation = provision_actions.allocation_make(
        actor=decision_maker, decision=decision, provider=provider, volume=3, starts_on=decision.starts_on,
        ends_on=decision.ends_on,
    )  # fmt: skip
    budget_actions.expenditure_record(actor=decision_maker, allocation=allocation, month=today, volume=3)
    for item in (plan, open_application, decided_application):
        item.refresh_from_db()
    markers = [Marker(text, key, category) for text, category in WORDS[key].values()]
    markers.append(Marker(bsn, key, "identity-contact"))
    return HouseholdBundle(
        key=key,
        household=household,
        head=head,
        network_member=network_member,
        support_request=support_request,
        term=support_request.terms.order_by("pk").first(),
        plan=plan,
        goal=goal,
        agreement=agreement,
        participant=plan.participants.order_by("pk").first(),
        open_application=open_application,
        decided_application=decided_application,
        allocation=allocation,
        markers=markers,
        representation=representation,
    )


# The arrangement the partner professional "fiona" has for INSIDE (domain.md §5: only its categories).
SHARED_CATEGORIES = ["health", "plan-agreements"]


@pytest.fixture
def matrix_world(db) -> MatrixWorld:
    north, south, west = (DistrictFactory(name=name) for name in ("Noord", "Zuid", "West"))
    north_team, south_team, west_team = (
        TeamFactory(name=f"Wijkteam {name}") for name in ("Noord", "Zuid", "West")
    )
    north_team.areas.set([north])
    south_team.areas.set([south])
    west_team.areas.set([west])
    without_arrangement = PartnerFactory(name="Huisartsenpraktijk Zonder Afspraak")
    with_arrangement = PartnerFactory(name="Huisartsenpraktijk De Brug")
    elsewhere = PartnerFactory(name="Buurtwerk Elders", kind=Partner.Kind.GENERAL_PRACTICE)
    provider = Partner.objects.create(
        municipality=north_team.municipality, name="Thuiszorg De Linde", kind=Partner.Kind.CARE_PROVIDER,
        agb_code="42420002",
    )  # fmt: skip

    def user(username, role, **fields):
        return UserFactory(
            username=username, role=role, first_name=username.title(), last_name="Persona", **fields
        )

    personas = {
        "resident": user("ingeborg", Role.RESIDENT),
        # A curator of INSIDE's head who lives elsewhere: acts for that household in Mijn plan.
        "representative": user("roos", Role.RESIDENT),
        "consultant_north": user("bob", Role.CONSULTANT, team=north_team),
        "consultant_south": user("carol", Role.CONSULTANT, team=south_team),
        "team_lead_north": user("dave", Role.TEAM_LEAD, team=north_team),
        "decision_maker": user("erin", Role.DECISION_MAKER),
        "partner_without_arrangement": user("frank", Role.PARTNER_PROFESSIONAL, partner=without_arrangement),
        "partner_with_arrangement": user("fiona", Role.PARTNER_PROFESSIONAL, partner=with_arrangement),
        "policy_advisor": user("grace", Role.POLICY_ADVISOR),
        "functional_admin": user("heidi", Role.FUNCTIONAL_ADMIN),
        "privacy_officer": user("pia", Role.PRIVACY_OFFICER),
    }
    # Not personas: they make the records that sharing URLs name for both households.
    elsewhere_professional = user("ivan", Role.PARTNER_PROFESSIONAL, partner=elsewhere)
    west_consultant = user("wendy", Role.CONSULTANT, team=west_team)

    bsns = test_range_bsns()
    for _ in range(500):  # stay clear of the BSNs tests/factories.py hands out
        next(bsns)
    households = {
        INSIDE: _build_household(
            INSIDE, area=NeighbourhoodFactory(parent=north), consultant=personas["consultant_north"],
            decision_maker=personas["decision_maker"], provider=provider, resident=personas["resident"],
            bsn=next(bsns),
        ),
        OUTSIDE: _build_household(
            OUTSIDE, area=NeighbourhoodFactory(parent=south), consultant=personas["consultant_south"],
            decision_maker=personas["decision_maker"], provider=provider, bsn=next(bsns),
        ),
    }  # fmt: skip
    service = socialmap_actions.service_save(
        actor=personas["functional_admin"], service=None,
        organization=socialmap_actions.organization_create(
            actor=personas["functional_admin"], name="Stichting Buurtkracht", description="Vrijwilligers."
        ),
        name="Samen eten", description="Elke dinsdag samen koken en eten.", kind="volunteer", cost="free",
        target_groups=[], areas=[], tags=[],
    )  # fmt: skip
    if sharing_actions is not None:
        _add_sharing(
            households, personas, with_arrangement, elsewhere, elsewhere_professional, west_consultant
        )
    survey = survey_actions.survey_create(
        actor=personas["policy_advisor"], title="Thermometer", opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
    )  # fmt: skip
    (survey_token,) = survey_actions.invitations_create(
        actor=personas["policy_advisor"], survey=survey, layer="execution", count=1
    )
    return MatrixWorld(
        households=households, personas=personas, service=service, sharing=sharing_actions is not None,
        survey=survey, survey_token=survey_token,
        thermometer_chain=_thermometer_chain(personas["policy_advisor"], north_team),
    )  # fmt: skip


def _add_sharing(households, personas, with_arrangement, elsewhere, elsewhere_professional, west_consultant):
    today = timezone.localdate()
    cooperation = Purpose.objects.get(code="cooperation")
    public_task = LegalBasis.objects.get(code="public-task")

    def grant(bundle, actor, partner, codes):
        return sharing_actions.arrangement_grant(
            actor=actor, household=bundle.household, partner=partner, purpose=cooperation,
            categories=list(DataCategory.objects.filter(code__in=codes)), legal_basis=public_task,
            starts_on=today, ends_on=today + datetime.timedelta(days=180), note="Afstemming van de zorg.",
        )  # fmt: skip

    inside, outside = households[INSIDE], households[OUTSIDE]
    inside.representation.representative = personas["representative"]
    inside.representation.save(update_fields=["representative"])
    inside.arrangement = grant(inside, personas["consultant_north"], with_arrangement, SHARED_CATEGORIES)
    outside.arrangement = grant(outside, personas["consultant_south"], elsewhere, ["identity-contact"])
    for bundle in (inside, outside):
        bundle.arrangement_request = sharing_actions.arrangement_request_submit(
            actor=elsewhere_professional, resident_name="de inwoner", bsn=bundle.head.bsn,
            purpose=cooperation, categories=list(DataCategory.objects.filter(code="plan-agreements")),
            reason="Wij begeleiden deze inwoner al.",
        )  # fmt: skip
        bundle.break_glass = sharing_actions.break_glass_start(
            actor=west_consultant, household=bundle.household,
            reason="Acute zorg nodig, de eigen consulent is niet bereikbaar.",
        )  # fmt: skip


def logged_in_client(user) -> Client:
    """A client logged in as the user with a verified second factor (the session django-otp's login
    leaves), so the matrix also holds where EENPLAN_REQUIRE_2FA is on. 500s come back as responses."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    if user.is_staff_role:
        device = TOTPDevice.objects.create(user=user, name="matrix", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _thermometer_chain(policy_advisor, team) -> dict:
    """A small policy chain of the world's gemeente, kept by its policy advisor: one of each record the
    thermometer's URLs name."""
    from eenplan.thermometer import actions as thermometer_actions
    from eenplan.thermometer.models import Indicator

    effect = thermometer_actions.effect_create(
        actor=policy_advisor, municipality=policy_advisor.municipality, name="Langer thuis"
    )
    policy_goal = thermometer_actions.policy_goal_create(actor=policy_advisor, effect=effect, name="Thuis")
    assignment = thermometer_actions.assignment_create(
        actor=policy_advisor, policy_goal=policy_goal, name="Keukentafelgesprekken", team=team,
        taakveld="6.21", budget_cents=100_000, starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )  # fmt: skip
    delivery = thermometer_actions.delivery_create(
        actor=policy_advisor, assignment=assignment, product=Product.objects.get(code="wmo-hh")
    )
    agreed_result = thermometer_actions.agreed_result_create(
        actor=policy_advisor, assignment=assignment, indicator=Indicator.objects.get(code="legal-terms-met"),
        target_value=95,
    )  # fmt: skip
    return {
        "effect": effect, "policy_goal": policy_goal, "assignment": assignment, "delivery": delivery,
        "agreed_result": agreed_result,
    }  # fmt: skip
