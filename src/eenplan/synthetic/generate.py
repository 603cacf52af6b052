"""``eenplan generate``: realistic synthetic data at a named scale, proportional to the real population
of each gemeente in the CBS table (core/data), for benchmarks and load tests.

Everything a running Eén Plan holds is made: areas, teams, staff and partner accounts, the social map,
households with members and networks, meldingen with their legal terms, inquiries with kitchen-table
conversations and assessments, reports, plans with goals, agreements, participants and versions,
evaluations, applications with advice, decisions, terms, allocations and spend, sharing arrangements,
and the processing log (hash-chained, so ``processinglog_verify`` passes). Rows go in with COPY on
PostgreSQL and ``executemany`` on SQLite (``bulk.py``), in one transaction: a failure leaves nothing.

The texts come from the demo's stories (plans/seed.py, intake/seed.py); the rates per inhabitant are
configuration (``config/scales.json``)."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from random import Random

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker
from tqdm import tqdm

from eenplan.accounts.models import Partner, Role, Team, User
from eenplan.assessment.configuration import load_instruments
from eenplan.assessment.models import Assessment, DomainScore, Instrument
from eenplan.budget.models import Expenditure
from eenplan.core.actions import configuration_version_bump
from eenplan.core.configuration import load_configuration
from eenplan.core.models import (
    Area,
    DataCategory,
    LegalBasis,
    Municipality,
    ProcessingLogEntry,
    ProcessingLogHead,
    Purpose,
)
from eenplan.core.reference import cbs_municipalities, municipality_from_cbs
from eenplan.core.seeding import DEMO_PASSWORD
from eenplan.households.models import Household, NetworkMember, Person
from eenplan.intake import deadlines
from eenplan.intake.models import Conversation, Inquiry, InquiryReport, SupportRequest, Term
from eenplan.intake.seed import IDEAS, WHAT_MATTERS
from eenplan.plans.models import Agreement, Evaluation, Goal, GoalEvaluation, Participant, Plan, PlanVersion
from eenplan.plans.seed import CLOSE_REASONS, OUTCOME_WORDS, STORIES, SUMMARIES
from eenplan.provisions import money
from eenplan.provisions.models import Advice, Allocation, Application, ApplicationTerm, Decision, Product
from eenplan.sharing.models import Arrangement, ArrangementVersion
from eenplan.socialmap.models import Service
from eenplan.socialmap.synthetic import generate_services

CONFIG = json.loads((Path(__file__).resolve().parent / "config" / "scales.json").read_text(encoding="utf-8"))
SCALES = tuple(CONFIG["scales"])
STREETS = [
    "Dorpsstraat",
    "Kerkstraat",
    "Molenweg",
    "Schoolstraat",
    "Stationsweg",
    "Julianastraat",
    "Beatrixlaan",
    "Parkweg",
    "Lindelaan",
    "Eikenlaan",
    "Wilhelminastraat",
    "Nieuwstraat",
    "Veldweg",
    "Brinkstraat",
    "Havenstraat",
    "Burgemeester de Vlugtlaan",
    "Rozenstraat",
    "Tulpstraat",
    "Meidoornweg",
    "Zandpad",
]
PLACES = ["bij de inwoner thuis", "in het wijkcentrum", "op het kantoor van het wijkteam", "bij de dochter"]
NEIGHBOURHOOD_WORDS = ["Oud", "Nieuw", "Hoog", "Laag", "Noord", "Zuid", "Oost", "West", "Klein", "Groot"]
NEIGHBOURHOOD_NAMES = [
    "Hof",
    "Veld",
    "Kwartier",
    "Park",
    "Haven",
    "Dijk",
    "Weide",
    "Akker",
    "Molen",
    "Beek",
    "Wijk",
    "Laan",
    "Brink",
    "Kamp",
    "Hoek",
    "Kade",
    "Dam",
    "Horst",
    "Heuvel",
    "Rijk",
]
SUFFIXES = ["buurt", "wijk", "hof", "park"]
PARTNER_NAMES = {
    Partner.Kind.GENERAL_PRACTICE: "Huisartsenpraktijk",
    Partner.Kind.HOUSING: "Woonstichting",
    Partner.Kind.INCOME_WORK: "Werkplein",
    Partner.Kind.WELFARE: "Welzijn",
    Partner.Kind.YOUTH_CARE: "Jeugdhulp",
    Partner.Kind.MENTAL_HEALTH: "GGZ",
    Partner.Kind.CARE_PROVIDER: "Thuiszorg",
    Partner.Kind.DEBT_HELP: "Schuldhulp",
}
PROVIDER_KINDS = (Partner.Kind.CARE_PROVIDER, Partner.Kind.YOUTH_CARE)
DELIVERED = [1, 1, 1, 0.9, 0.75]
VOLUMES = {
    "04": (2, 8),
    "14": (2, 6),
    "16": (2, 6),
    "82": (4, 20),
    "83": (300, 4000),
    "84": (1, 4),
    "01": (30, 120),
}
REPORT = (
    "Op {day} spraken we met {name} over de vraag: {question} Wat belangrijk is: {matters} "
    "We hebben samen gekeken wat zelf lukt, wat het netwerk doet en waar hulp nodig is."
)


def rates(scale: str) -> dict:
    return {**CONFIG["rates"], **CONFIG["scales"][scale].get("rates", {})}


def municipality_codes(scale: str) -> list[str]:
    chosen = CONFIG["scales"][scale]["municipalities"]
    return sorted(cbs_municipalities()) if chosen == "all" else list(chosen)


@cache
def _deadline(rule_code: str, start: date) -> date:
    return deadlines.deadline(deadlines.rules()[rule_code], start)


def bsn_numbers(start: int = 90_000_000):
    """Numbers that pass the 11-proef, counted up from 90,000,000 × 10: outside the test range
    (999900006–999999990) the demo uses, never twice. Synthetic: never mix this data with real people."""
    prefix = start
    while True:
        digits = [int(d) for d in f"{prefix:08d}"]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            yield f"{prefix:08d}{check}"
        prefix += 1


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


# One template per kind of processing-log row: what the actions and access functions write.
LOG_KINDS = [
    # (action, purpose, legal basis, channel, object type, categories, description)
    ("read", "support", "public-task", "screen", "household", ["identity-contact"], "Huishouden bekeken"),
    ("read", "support", "public-task", "screen", "plan", ["plan-agreements"], "Plan bekeken"),
    (
        "read",
        "support",
        "public-task",
        "screen",
        "support_request",
        ["identity-contact", "situation-assessment"],
        "Melding bekeken",
    ),
    ("read", "support", "public-task", "api", "household", ["identity-contact"], "Huishouden bekeken"),
    (
        "create",
        "support",
        "public-task",
        "screen",
        "support_request",
        ["identity-contact", "situation-assessment"],
        "Melding geregistreerd",
    ),
    (
        "create",
        "support",
        "public-task",
        "screen",
        "inquiry",
        ["identity-contact", "situation-assessment"],
        "Onderzoek gestart",
    ),
    (
        "create",
        "support",
        "public-task",
        "screen",
        "conversation",
        ["conversation-notes", "situation-assessment"],
        "Gesprek vastgelegd",
    ),
    (
        "create",
        "support",
        "public-task",
        "screen",
        "inquiry_report",
        ["conversation-notes", "situation-assessment"],
        "Verslag opgesteld",
    ),
    ("create", "support", "public-task", "screen", "plan", ["plan-agreements"], "Plan gemaakt"),
    ("update", "support", "public-task", "screen", "plan", ["plan-agreements"], "Afspraak toegevoegd"),
    (
        "create",
        "support",
        "public-task",
        "screen",
        "application",
        ["identity-contact", "plan-agreements", "situation-assessment"],
        "Aanvraag ingediend",
    ),
    (
        "create",
        "decision",
        "public-task",
        "screen",
        "application",
        ["identity-contact", "plan-agreements", "situation-assessment"],
        "Besluit genomen",
    ),
    ("create", "decision", "public-task", "screen", "expenditure", ["plan-agreements"], "Uitgave vastgelegd"),
    (
        "create",
        "support",
        "public-task",
        "screen",
        "arrangement",
        ["identity-contact"],
        "Deelafspraak vastgelegd",
    ),
    (
        "update",
        "support",
        "public-task",
        "screen",
        "plan",
        ["plan-agreements", "situation-assessment"],
        "Plan geëvalueerd",
    ),
]
(
    READ_HOUSEHOLD,
    READ_PLAN,
    READ_REQUEST,
    READ_API,
    LOG_REQUEST,
    LOG_INQUIRY,
    LOG_CONVERSATION,
    LOG_REPORT,
    LOG_PLAN,
    LOG_AGREEMENT,
    LOG_APPLICATION,
    LOG_DECISION,
    LOG_EXPENDITURE,
    LOG_ARRANGEMENT,
    LOG_EVALUATION,
) = range(len(LOG_KINDS))
READ_KINDS = (READ_HOUSEHOLD, READ_HOUSEHOLD, READ_PLAN, READ_PLAN, READ_REQUEST, READ_API)


@dataclass
class Tables:
    """One bulk table per model, with the columns in the order the generator fills them."""

    user: object = None
    household: object = None
    person: object = None
    network: object = None
    request: object = None
    term: object = None
    inquiry: object = None
    conversation: object = None
    report: object = None
    assessment: object = None
    score: object = None
    plan: object = None
    goal: object = None
    goal_domain: object = None
    agreement: object = None
    participant: object = None
    version: object = None
    evaluation: object = None
    goal_evaluation: object = None
    application: object = None
    advice: object = None
    decision: object = None
    application_term: object = None
    allocation: object = None
    expenditure: object = None
    arrangement: object = None
    arrangement_category: object = None
    arrangement_version: object = None
    log: object = None

    def __post_init__(self):
        from .bulk import Table

        self.user = Table(
            User,
            [
                "id",
                "password",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_superuser",
                "is_staff",
                "is_active",
                "date_joined",
                "role",
                "municipality",
                "team",
                "partner",
            ],
        )
        self.household = Table(
            Household,
            [
                "id",
                "municipality",
                "area",
                "street",
                "house_number",
                "house_number_addition",
                "postcode",
                "city",
                "created_at",
            ],
        )
        self.person = Table(
            Person,
            [
                "id",
                "household",
                "relation",
                "given_name",
                "surname_prefix",
                "surname",
                "date_of_birth",
                "bsn",
                "phone",
                "email",
                "preferred_language",
            ],
        )
        self.network = Table(
            NetworkMember, ["id", "household", "name", "kind", "is_informal_carer", "contribution", "phone"]
        )
        self.request = Table(
            SupportRequest,
            [
                "id",
                "household",
                "person",
                "received_on",
                "channel",
                "reporter",
                "reporter_name",
                "question",
                "laws",
                "urgency",
                "status",
                "assigned_to",
                "registered_by",
                "registered_at",
                "receipt_confirmed_at",
                "closed_on",
                "closed_reason",
                "personal_plan",
                "next_due",
            ],
        )
        self.term = Table(Term, ["id", "support_request", "rule", "starts_on", "due_on", "status"])
        self.inquiry = Table(
            Inquiry,
            ["id", "support_request", "started_on", "status"],
        )
        self.conversation = Table(
            Conversation,
            [
                "id",
                "inquiry",
                "held_on",
                "place",
                "participants",
                "interpreter_offered",
                "client_support_offered",
                "what_matters",
                "question_behind",
                "own_actions",
                "ideas",
                "assessment",
                "created_by",
                "created_at",
            ],
        )
        self.report = Table(
            InquiryReport,
            [
                "id",
                "inquiry",
                "text",
                "issued_on",
                "resident_response",
                "resident_agrees",
                "response_recorded_on",
                "updated_at",
            ],
        )
        self.assessment = Table(
            Assessment, ["id", "person", "instrument", "assessed_on", "created_by", "created_at"]
        )
        self.score = Table(
            DomainScore,
            [
                "id",
                "assessment",
                "domain",
                "situation",
                "own_strength",
                "network",
                "professional_score",
                "resident_score",
            ],
        )
        self.plan = Table(
            Plan,
            [
                "id",
                "household",
                "support_request",
                "case_director",
                "status",
                "what_matters",
                "agreed_on",
                "agreed_how",
                "agreed_note",
                "agreed_version",
                "closed_on",
                "closed_reason",
                "version",
                "created_at",
                "updated_at",
            ],
        )
        self.goal = Table(Goal, ["id", "plan", "text", "priority", "target_date", "outcome"])
        self.goal_domain = Table(Goal.domains.through, ["id", "goal", "lifedomain"])
        self.agreement = Table(
            Agreement,
            [
                "id",
                "plan",
                "goal",
                "kind",
                "description",
                "performer",
                "person",
                "network_member",
                "partner",
                "community_service",
                "service",
                "service_outcome",
                "due_on",
                "status",
            ],
        )
        self.participant = Table(
            Participant, ["id", "plan", "kind", "person", "network_member", "user", "role"]
        )
        self.version = Table(
            PlanVersion, ["id", "plan", "number", "change", "snapshot", "changed_by", "changed_at"]
        )
        self.evaluation = Table(
            Evaluation, ["id", "plan", "held_on", "summary", "assessment", "created_by", "created_at"]
        )
        self.goal_evaluation = Table(
            GoalEvaluation, ["id", "evaluation", "goal", "outcome", "resident_words", "professional_words"]
        )
        self.application = Table(
            Application,
            [
                "id",
                "household",
                "person",
                "plan",
                "agreement",
                "product",
                "volume",
                "starts_on",
                "ends_on",
                "motivation",
                "urgent",
                "received_on",
                "status",
                "submitted_by",
                "created_at",
            ],
        )
        self.advice = Table(
            Advice, ["id", "application", "recommendation", "volume", "reasons", "advised_by", "advised_on"]
        )
        self.decision = Table(
            Decision,
            [
                "id",
                "application",
                "outcome",
                "volume",
                "starts_on",
                "ends_on",
                "reasons",
                "decided_by",
                "decided_on",
                "objection_ends_on",
            ],
        )
        self.application_term = Table(
            ApplicationTerm, ["id", "application", "rule", "starts_on", "due_on", "status"]
        )
        self.allocation = Table(
            Allocation,
            [
                "id",
                "decision",
                "provider",
                "number",
                "volume",
                "starts_on",
                "ends_on",
                "allocated_at",
                "allocated_by",
            ],
        )
        self.expenditure = Table(
            Expenditure,
            [
                "id",
                "allocation",
                "month",
                "volume",
                "amount_cents",
                "reference",
                "recorded_by",
                "recorded_at",
            ],
        )
        self.arrangement = Table(
            Arrangement,
            [
                "id",
                "household",
                "partner",
                "purpose",
                "legal_basis",
                "starts_on",
                "ends_on",
                "consent_given_by",
                "consent_form",
                "consent_document",
                "note",
                "granted_by",
                "granted_at",
                "withdrawal_reason",
                "version",
            ],
        )
        self.arrangement_category = Table(
            Arrangement.categories.through, ["id", "arrangement", "datacategory"]
        )
        self.arrangement_version = Table(
            ArrangementVersion,
            ["id", "arrangement", "version", "change", "changed_by", "changed_at", "snapshot"],
        )
        self.log = Table(
            ProcessingLogEntry,
            raw={"categories"},
            columns=[
                "id",
                "sequence",
                "occurred_at",
                "actor_id",
                "actor_name",
                "actor_role",
                "organisation",
                "action",
                "purpose",
                "legal_basis",
                "channel",
                "household_id",
                "person_id",
                "categories",
                "object_type",
                "object_id",
                "description",
                "previous_hash",
                "entry_hash",
            ],
        )

    def all(self):
        return [value for value in vars(self).values() if value is not None]

    def flush(self) -> None:
        for table in self.all():
            table.flush()


@dataclass(frozen=True)
class Staff:
    """A user as the processing log copies it."""

    id: int
    name: str
    role: str
    organisation: str


@dataclass
class Context:
    scale: str
    seed: int
    fraction: float
    today: date
    random: Random
    tables: Tables
    rates: dict
    password: str
    names: dict = field(default_factory=dict)
    bsn: object = None
    allocation_number: int = 0
    counts: dict = field(default_factory=dict)
    logins: list = field(default_factory=list)
    reference: dict = field(default_factory=dict)
    progress: bool = True


class GenerateError(Exception):
    pass


def generate(*, scale: str, seed: int = 2026, fraction: float = 1.0, progress: bool = True) -> dict:
    """Fill an empty Eén Plan database at ``scale``; returns the number of rows per kind."""
    if scale not in SCALES:
        raise GenerateError(f"Onbekende schaal {scale}; kies uit {', '.join(SCALES)}.")
    if not 0 < fraction <= 1:
        raise GenerateError("--fraction ligt tussen 0 en 1.")
    load_configuration()
    load_instruments()
    if Household.objects.exists() or Municipality.objects.exists():
        raise GenerateError("De database bevat al gegevens. Genereer in een lege (gemigreerde) database.")
    random = Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    context = Context(
        scale=scale,
        seed=seed,
        fraction=fraction,
        today=timezone.localdate(),
        random=random,
        tables=Tables(),
        rates=rates(scale),
        password=make_password(DEMO_PASSWORD),
        names={
            "given": [faker.first_name() for _ in range(400)],
            "surname": [faker.last_name() for _ in range(600)],
        },
        progress=progress,
        bsn=bsn_numbers(),
        reference=_reference_data(),
    )
    codes = municipality_codes(scale)
    population = sum(int(cbs_municipalities()[code]["population"]) for code in codes)
    expected = round(population * context.rates["households_per_inhabitant"] * fraction)
    with transaction.atomic():
        with tqdm(total=expected, unit=" huishoudens", disable=not progress, smoothing=0.05) as bar:
            for code in codes:
                _municipality(context, code, bar)
        context.tables.flush()
        _finish_log(context)
        from .bulk import reset_sequences

        reset_sequences([table.model for table in context.tables.all()])
        # Teams, their areas and partners went straight into the tables: servers read them again.
        configuration_version_bump()
    # The Thermometer's stored figures, as its nightly job would make them.
    from eenplan.signals.actions import derived_counts_refresh
    from eenplan.thermometer.actions import indicator_cells_refresh

    refresh = indicator_cells_refresh(today=context.today)
    derived = derived_counts_refresh(today=context.today)
    counts = {table.model._meta.label: table.written for table in context.tables.all()}
    counts["socialmap.Service"] = context.counts.get("services", 0)
    counts["signals.Signal"] = context.counts.get("signals", 0)
    counts["thermometer.IndicatorCell"] = refresh.cells.count()
    counts["signals.DerivedCount"] = derived
    return {"counts": counts, "logins": context.logins}


def _municipality(context: Context, code: str, bar) -> None:
    random, rates, tables = context.random, context.rates, context.tables
    municipality = Municipality.objects.create(**municipality_from_cbs(code))
    bar.set_description(municipality.name)
    population = municipality.population
    fraction = context.fraction
    digits = code[2:]
    # Areas: districts of about 25,000 inhabitants, 3–8 neighbourhoods each (CBS-format codes).
    neighbourhoods, teams = [], []
    district_count = max(2, min(99, round(population / rates["inhabitants_per_district"])))
    names = random.sample(
        [f"{word} {name}" for word in NEIGHBOURHOOD_WORDS for name in NEIGHBOURHOOD_NAMES], 99
    )
    for number, name in enumerate(names[:district_count], start=1):
        district = Area.objects.create(
            municipality=municipality,
            kind=Area.Kind.DISTRICT,
            code=f"WK{digits}{number:02d}",
            name=f"{municipality.name} {name}"[:100],
        )
        children = Area.objects.bulk_create(
            Area(
                municipality=municipality,
                parent=district,
                kind=Area.Kind.NEIGHBOURHOOD,
                code=f"BU{digits}{number:02d}{child:02d}",
                name=f"{random.choice(NEIGHBOURHOOD_NAMES)}{random.choice(SUFFIXES)} {child}",
            )
            for child in range(1, random.randint(3, 8) + 1)
        )
        team = Team.objects.create(municipality=municipality, name=f"Wijkteam {district.name}"[:100])
        team.areas.set([district, *children])
        teams.append(team)
        neighbourhoods.extend((child, team) for child in children)
    # Accounts: consultants in proportion to the households, a team lead per team, decision makers.
    households_here = max(1, round(population * rates["households_per_inhabitant"] * fraction))
    consultants_per_team = max(1, round(households_here / rates["households_per_consultant"] / len(teams)))
    slug = code.lower()
    team_staff = {}
    for index, team in enumerate(teams, start=1):
        organisation = f"{team.name}, {municipality.name}"
        team_staff[team.pk] = [
            _user(
                context,
                f"{slug}-consulent-{index:02d}-{n:02d}",
                Role.CONSULTANT,
                municipality,
                organisation,
                team=team,
            )
            for n in range(1, consultants_per_team + 1)
        ]
        _user(
            context, f"{slug}-teamleider-{index:02d}", Role.TEAM_LEAD, municipality, organisation, team=team
        )
    municipal = f"Gemeente {municipality.name}"
    deciders = [
        _user(context, f"{slug}-beslisser-{n}", Role.DECISION_MAKER, municipality, municipal)
        for n in range(1, max(1, round(population * fraction / rates["inhabitants_per_decision_maker"])) + 1)
    ]
    _user(context, f"{slug}-beleid", Role.POLICY_ADVISOR, municipality, municipal)
    _user(context, f"{slug}-beheer", Role.FUNCTIONAL_ADMIN, municipality, municipal)
    _user(context, f"{slug}-privacy", Role.PRIVACY_OFFICER, municipality, municipal)
    per_kind = max(1, round(population / rates["inhabitants_per_partner_of_a_kind"]))
    partners = Partner.objects.bulk_create(
        Partner(
            municipality=municipality,
            kind=kind,
            name=f"{label} {municipality.name} {n}",
            agb_code=f"{random.randint(10_000_000, 99_999_999)}" if kind in PROVIDER_KINDS else "",
        )
        for kind, label in PARTNER_NAMES.items()
        for n in range(1, per_kind + 1)
    )
    for partner in partners:
        _user(
            context,
            f"{slug}-partner-{partner.pk}",
            Role.PARTNER_PROFESSIONAL,
            municipality,
            partner.name,
            partner=partner,
        )
    partners_by_kind = {}
    for partner in partners:
        partners_by_kind.setdefault(partner.kind, []).append(partner)
    if not context.logins:
        context.logins = [
            (str(Role.CONSULTANT.label), f"{slug}-consulent-01-01"),
            (str(Role.TEAM_LEAD.label), f"{slug}-teamleider-01"),
            (str(Role.DECISION_MAKER.label), f"{slug}-beslisser-1"),
            (str(Role.POLICY_ADVISOR.label), f"{slug}-beleid"),
            (str(Role.PRIVACY_OFFICER.label), f"{slug}-privacy"),
        ]
    context.tables.user.flush()
    # The social map, through the HSDS import.
    services = max(5, round(population * rates["services_per_inhabitant"] * fraction))
    context.counts["services"] = context.counts.get("services", 0) + generate_services(
        municipality, services, context.random.randrange(1 << 30)
    )
    service_ids = list(Service.objects.filter(municipality=municipality).values_list("id", "name"))
    world = World(
        context=context,
        municipality=municipality,
        neighbourhoods=neighbourhoods,
        team_staff=team_staff,
        deciders=deciders,
        partners=partners_by_kind,
        services=service_ids,
        events=[],
    )
    for _ in range(households_here):
        world.household()
        bar.update(1)
    tables.flush()
    _write_log(context, world.events)
    _thermometer(context, municipality, next(iter(team_staff.values()))[0])


def _thermometer(context: Context, municipality: Municipality, recorder: Staff) -> None:
    """What the Thermometer reads besides the cases (issue 9): collective signals of a share of the
    households, a survey answered by every layer, and a policy chain with assignments and deliveries."""
    from eenplan.signals.synthetic import generate_for_municipality as signals_for
    from eenplan.surveys.synthetic import generate_for_municipality as survey_for
    from eenplan.thermometer.synthetic import generate_for_municipality as chain_for

    random, today = context.random, context.today
    counts = context.counts
    counts["signals"] = counts.get("signals", 0) + signals_for(
        municipality,
        random=random,
        today=today,
        user_id=recorder.id,
        rate=context.rates["signals_per_household"],
        days=365,
    )
    survey_for(municipality, random=random, today=today)
    chain_for(municipality, random=random, today=today)


def _user(context: Context, username, role, municipality, organisation, *, team=None, partner=None) -> Staff:
    names = context.names
    first, last = context.random.choice(names["given"]), context.random.choice(names["surname"])
    table = context.tables.user
    pk = table.new_id()
    joined = datetime(2023, 1, 1, 8, tzinfo=UTC)
    table.add(
        (
            pk,
            context.password,
            username,
            first,
            last,
            "",
            False,
            False,
            True,
            joined,
            role,
            municipality.pk,
            team.pk if team else None,
            partner.pk if partner else None,
        )
    )
    return Staff(pk, f"{first} {last}", role, organisation)


def _reference_data() -> dict:
    """Configuration the generator points at, read once per run."""
    instrument = Instrument.objects.get(code="life-domains")
    return {
        "instrument": instrument,
        "domains": list(instrument.domains.filter(is_active=True).values_list("pk", "code", "applies_to")),
        "products": list(Product.objects.filter(is_active=True)),
        "categories": dict(DataCategory.objects.values_list("code", "pk")),
        "purposes": {purpose.code: purpose for purpose in Purpose.objects.all()},
        "bases": dict(LegalBasis.objects.values_list("code", "pk")),
    }


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = EPOCH.date().toordinal()
WORK_START, WORK_DAY = 7 * 3_600_000_000, 10 * 3_600_000_000  # 07:00–17:00 UTC


def _postcode(area_id: int, random: Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    return f"{1000 + area_id % 9000}{random.choice(letters)}{random.choice(letters)}"


def _at(day: date, random: Random) -> datetime:
    """A moment in working hours on ``day``."""
    return datetime.combine(day, time(7, 0), tzinfo=UTC) + timedelta(seconds=random.randrange(36_000))


@dataclass
class World:
    context: Context
    municipality: Municipality
    neighbourhoods: list
    team_staff: dict
    deciders: list
    partners: dict
    services: list
    events: list

    def __post_init__(self):
        self.today_ordinal = self.context.today.toordinal()

    def log(self, day: date, kind: int, actor: Staff, household_id, object_id, person_id=None) -> None:
        """A processing-log row at a moment in working hours on ``day``, in microseconds since 1970 (UTC)."""
        ordinal = day.toordinal()
        if ordinal > self.today_ordinal:
            return
        stamp = (
            (ordinal - EPOCH_ORDINAL) * 86_400_000_000 + WORK_START + self.context.random.randrange(WORK_DAY)
        )
        self.events.append((stamp, kind, actor, household_id, person_id, object_id))

    def household(self) -> None:
        context, random, tables, today = (
            self.context,
            self.context.random,
            self.context.tables,
            self.context.today,
        )
        area, team = random.choice(self.neighbourhoods)
        staff = self.team_staff[team.pk]
        consultant = random.choice(staff)
        household_id = tables.household.new_id()
        span = context.rates["history_days"]
        first_day = today - timedelta(days=random.randint(10, span))
        tables.household.add(
            (
                household_id,
                self.municipality.pk,
                area.pk,
                random.choice(STREETS),
                random.randint(1, 250),
                random.choice(["", "", "", "A", "B", "bis"]),
                _postcode(area.pk, random),
                self.municipality.name,
                _at(first_day, random),
            )
        )
        members = self._members(household_id)
        head_id, head_name = members[0][0], members[0][1]
        has_child = any(relation == "child" for _pk, _name, relation in members)
        network = self._network(household_id)
        stories = [story for story in STORIES if has_child or not story.needs_child]
        # Meldingen, oldest first; only the newest can still be open.
        count = random.choices([1, 2, 3], weights=[65, 25, 10])[0]
        days = sorted(
            first_day + timedelta(days=random.randint(0, max(0, (today - first_day).days)))
            for _ in range(count)
        )
        days[0] = first_day
        objects = {READ_HOUSEHOLD: household_id, READ_API: household_id}
        for index, received in enumerate(days):
            newest = index == count - 1
            open_request = newest and (today - received).days < 240 and random.random() < 0.85
            next_day = days[index + 1] if not newest else None
            request_id, plan_id = self._case(
                household_id,
                head_id,
                head_name,
                members,
                network,
                random.choice(stories),
                consultant,
                received,
                open_request,
                next_day,
            )
            objects[READ_REQUEST] = request_id
            objects[READ_PLAN] = plan_id or objects.get(READ_PLAN)
        # Reads: the team opens the household, its plan and meldingen while it works on them.
        reads = max(0, round(context.rates["log_rows_per_household"] * random.uniform(0.6, 1.4)) - 25)
        window = max(1, (today - first_day).days)
        for _ in range(reads):
            day = first_day + timedelta(days=random.randrange(window))
            kind = random.choice(READ_KINDS)
            if objects.get(kind) is None:
                kind = READ_HOUSEHOLD
            self.log(
                day,
                kind,
                random.choice(staff) if random.random() < 0.2 else consultant,
                household_id,
                objects[kind],
            )

    def _members(self, household_id) -> list:
        context, random, tables = self.context, self.context.random, self.context.tables
        names = context.names
        surname = random.choice(names["surname"])
        shape = random.choices(
            ["single", "couple", "family", "single_parent", "other"], weights=[40, 25, 20, 10, 5]
        )[0]
        relations = {
            "single": ["head"],
            "couple": ["head", "partner"],
            "other": ["head", "other"],
            "family": ["head", "partner"] + ["child"] * random.randint(1, 3),
            "single_parent": ["head"] + ["child"] * random.randint(1, 3),
        }[shape]
        members = []
        for relation in relations:
            age = random.randint(0, 17) if relation == "child" else random.randint(19, 94)
            born = context.today - timedelta(days=age * 365 + random.randrange(365))
            given = random.choice(names["given"])
            pk = tables.person.new_id()
            tables.person.add(
                (
                    pk,
                    household_id,
                    relation,
                    given,
                    "",
                    surname,
                    born,
                    next(context.bsn),
                    f"06{random.randrange(10**8):08d}" if relation != "child" else "",
                    "",
                    "Nederlands",
                )
            )
            members.append((pk, f"{given} {surname}", relation))
        return members

    def _network(self, household_id) -> list:
        context, random, tables = self.context, self.context.random, self.context.tables
        network = []
        for _ in range(random.choices([0, 1, 2, 3], weights=[25, 35, 25, 15])[0]):
            pk = tables.network.new_id()
            name = f"{random.choice(context.names['given'])} {random.choice(context.names['surname'])}"
            kind = random.choice(["family", "family", "friend", "neighbour", "volunteer"])
            tables.network.add(
                (
                    pk,
                    household_id,
                    name,
                    kind,
                    random.random() < 0.4,
                    "Doet boodschappen en komt op zaterdag langs.",
                    "",
                )
            )
            network.append((pk, name))
        return network

    def _case(
        self,
        household_id,
        head_id,
        head_name,
        members,
        network,
        story,
        consultant,
        received,
        open_request,
        next_day,
    ) -> tuple[int, int | None]:
        context, random, tables, today = (
            self.context,
            self.context.random,
            self.context.tables,
            self.context.today,
        )
        request_id = tables.request.new_id()
        closed_on = None
        if not open_request:
            latest = (next_day or today) - timedelta(days=1)
            closed_on = min(latest, received + timedelta(days=random.randint(60, 400)))
            closed_on = max(closed_on, received)
        age = (today - received).days
        inquiry_done = closed_on is not None or age > 45
        terms = [
            (rule.code, _deadline(rule.code, received), "met" if inquiry_done or closed_on else "running")
            for rule in deadlines.rules_for("support_request", story.laws)
        ]
        tables.request.add(
            (
                request_id,
                household_id,
                head_id,
                received,
                random.choice(["phone", "email", "desk", "referral"]),
                random.choice(["resident", "resident", "network", "partner"]),
                "",
                story.question,
                list(story.laws),
                "urgent" if random.random() < 0.05 else "normal",
                "closed" if closed_on else "open",
                consultant.id,
                consultant.id,
                _at(received, random),
                _at(received, random),
                closed_on,
                random.choice(CLOSE_REASONS) if closed_on else "",
                "",
                min((due for _code, due, status in terms if status == "running"), default=None),
            )
        )
        self.log(received, LOG_REQUEST, consultant, household_id, request_id, head_id)
        for code, due, status in terms:
            tables.term.add((tables.term.new_id(), request_id, code, received, due, status))
        if age < 5 and not closed_on:
            return request_id, None  # too new for an inquiry
        inquiry_id = tables.inquiry.new_id()
        started = received + timedelta(days=random.randint(0, 5))
        tables.inquiry.add((inquiry_id, request_id, started, "finished" if inquiry_done else "open"))
        self.log(started, LOG_INQUIRY, consultant, household_id, inquiry_id, head_id)
        held = min(today, started + timedelta(days=random.randint(2, 20)))
        instrument, domains = context.reference["instrument"], context.reference["domains"]
        assessment_id = self._assessment(
            head_id,
            instrument,
            domains,
            held,
            consultant,
            improve=0,
            children=any(r == "child" for _p, _n, r in members),
        )
        conversation_id = tables.conversation.new_id()
        tables.conversation.add(
            (
                conversation_id,
                inquiry_id,
                held,
                random.choice(PLACES),
                f"{head_name} en {consultant.name}",
                random.random() < 0.1,
                True,
                story.what_matters,
                "",
                "De inwoner vraagt de buren om hulp.",
                random.choice(IDEAS),
                assessment_id,
                consultant.id,
                _at(held, random),
            )
        )
        self.log(held, LOG_CONVERSATION, consultant, household_id, conversation_id, head_id)
        if not inquiry_done:
            return request_id, None
        issued = min(today, held + timedelta(days=random.randint(3, 14)))
        tables.report.add(
            (
                tables.report.new_id(),
                inquiry_id,
                REPORT.format(
                    day=held.strftime("%d-%m-%Y"),
                    name=head_name,
                    question=story.question,
                    matters=random.choice(WHAT_MATTERS),
                ),
                issued,
                "",
                True if random.random() < 0.9 else None,
                issued,
                _at(issued, random),
            )
        )
        self.log(issued, LOG_REPORT, consultant, household_id, inquiry_id, head_id)
        if random.random() < 0.1:
            return request_id, None  # solved without a plan: advice, a referral
        return request_id, self._plan(
            household_id,
            head_id,
            head_name,
            members,
            network,
            story,
            consultant,
            request_id,
            issued,
            closed_on,
            instrument,
            domains,
        )

    def _assessment(self, person_id, instrument, domains, day, actor, *, improve, children) -> int:
        random, tables = self.context.random, self.context.tables
        pk = tables.assessment.new_id()
        tables.assessment.add((pk, person_id, instrument.pk, day, actor.id, _at(day, random)))
        chosen = [d for d in domains if children or d[2] == "everyone"]
        for domain_pk, _code, _applies in random.sample(chosen, random.randint(3, 6)):
            score = min(instrument.scale_max, max(instrument.scale_min, random.randint(1, 4) + improve))
            resident = min(
                instrument.scale_max, max(instrument.scale_min, score + random.choice([-1, 0, 0, 1]))
            )
            tables.score.add(
                (
                    tables.score.new_id(),
                    pk,
                    domain_pk,
                    "Het lukt niet altijd zelf.",
                    "Doet zelf de boodschappen.",
                    "De buren helpen soms.",
                    score,
                    resident,
                )
            )
        return pk

    def _plan(
        self,
        household_id,
        head_id,
        head_name,
        members,
        network,
        story,
        consultant,
        request_id,
        made,
        closed_on,
        instrument,
        domains,
    ) -> int:
        context, random, tables, today = (
            self.context,
            self.context.random,
            self.context.tables,
            self.context.today,
        )
        plan_id = tables.plan.new_id()
        if closed_on:
            status = "closed"
        else:
            status = random.choices(["draft", "agreed", "active", "evaluated"], weights=[10, 10, 60, 20])[0]
        agreed = status != "draft"
        versions = random.randint(1, 4)
        agreed_version = (versions if random.random() < 0.8 else max(1, versions - 1)) if agreed else None
        agreed_on = min(today, made + timedelta(days=random.randint(0, 10))) if agreed else None
        # Goals: the story's, sometimes one more from another story.
        goal_rows = []
        goal_specs = list(story.goals)
        if random.random() < 0.4:
            goal_specs.append(random.choice(random.choice(STORIES).goals))
        domain_pk = {code: pk for pk, code, _a in domains}
        for text, codes, priority in goal_specs:
            goal_id = tables.goal.new_id()
            outcome = (
                random.choice(["achieved", "partly", "not"]) if status in ("evaluated", "closed") else ""
            )
            tables.goal.add(
                (
                    goal_id,
                    plan_id,
                    text.replace("{child}", "haar zoon"),
                    priority,
                    made + timedelta(days=random.randint(60, 300)),
                    outcome,
                )
            )
            for code in codes:
                if code in domain_pk:
                    tables.goal_domain.add((tables.goal_domain.new_id(), goal_id, domain_pk[code]))
            goal_rows.append((goal_id, text, outcome))
        # Agreements: the story's, then more of the same kinds, up to 6–20.
        low, high = context.rates["agreements_per_plan"]
        wanted = random.randint(low, high)
        specs = list(story.agreements)
        pool = [agreement for other in STORIES for agreement in other.agreements]
        while len(specs) < wanted:
            specs.append(random.choice(pool))
        agreements = []
        for goal_index, kind, description, who in specs:
            goal_id = goal_rows[min(goal_index, len(goal_rows) - 1)][0]
            agreement_id = tables.agreement.new_id()
            performer, person, network_member, partner, community, service, outcome = (
                "",
                None,
                None,
                None,
                "",
                None,
                "",
            )
            if kind == "resident":
                person = head_id
            elif kind == "network":
                if network:
                    network_member = random.choice(network)[0]
                else:
                    performer = "De buurvrouw"
            elif kind == "partner":
                choices = self.partners.get(who) or self.partners[Partner.Kind.WELFARE]
                partner = random.choice(choices).pk
            elif kind == "community":
                community = who
                if self.services and random.random() < 0.7:
                    service, community = random.choice(self.services)
                    if status in ("evaluated", "closed"):
                        outcome = random.choice(["helped", "helped", "partly", "not_helped"])
            elif kind == "team":
                performer = consultant.name
            elif kind == "provision":
                performer = "Gemeente"
            done = "done" if status == "closed" or random.random() < 0.3 else "open"
            tables.agreement.add(
                (
                    agreement_id,
                    plan_id,
                    goal_id,
                    kind,
                    description.replace("{child}", "haar zoon"),
                    performer,
                    person,
                    network_member,
                    partner,
                    community[:200],
                    service,
                    outcome,
                    made + timedelta(days=random.randint(7, 120)),
                    done,
                )
            )
            agreements.append((agreement_id, kind, description, goal_id))
        tables.plan.add(
            (
                plan_id,
                household_id,
                request_id,
                consultant.id,
                status,
                story.what_matters,
                agreed_on,
                random.choice(["verbal", "written"]) if agreed else "",
                "",
                agreed_version,
                closed_on,
                random.choice(CLOSE_REASONS) if closed_on else "",
                versions,
                _at(made, random),
                _at(agreed_on or made, random),
            )
        )
        self.log(made, LOG_PLAN, consultant, household_id, plan_id)
        for _agreement in agreements[: random.randint(2, 6)]:
            self.log(
                made + timedelta(days=random.randint(0, 30)), LOG_AGREEMENT, consultant, household_id, plan_id
            )
        tables.participant.add(
            (tables.participant.new_id(), plan_id, "member", head_id, None, None, "Inwoner")
        )
        tables.participant.add(
            (tables.participant.new_id(), plan_id, "team", None, None, consultant.id, "Regisseur")
        )
        if network:
            tables.participant.add(
                (tables.participant.new_id(), plan_id, "network", None, network[0][0], None, "Mantelzorger")
            )
        snapshot = {
            "status": status,
            "what_matters": story.what_matters,
            "case_director": consultant.name,
            "agreed_on": agreed_on.isoformat() if agreed_on else None,
            "goals": [{"id": g, "text": t, "outcome": o} for g, t, o in goal_rows],
            "agreements": [{"id": a, "kind": k, "description": d, "goal": g} for a, k, d, g in agreements],
        }
        for number in range(1, versions + 1):
            day = made + timedelta(days=(number - 1) * random.randint(5, 40))
            tables.version.add(
                (
                    tables.version.new_id(),
                    plan_id,
                    number,
                    "Plan gemaakt" if number == 1 else "Afspraak toegevoegd",
                    snapshot,
                    consultant.id,
                    _at(min(day, today), random),
                )
            )
        if status in ("evaluated", "closed") and (closed_on is None or random.random() < 0.7):
            held = min(today, (closed_on or today) - timedelta(days=random.randint(0, 20)))
            held = max(held, made)
            assessment_id = self._assessment(
                head_id,
                instrument,
                domains,
                held,
                consultant,
                improve=1,
                children=any(r == "child" for _p, _n, r in members),
            )
            evaluation_id = tables.evaluation.new_id()
            tables.evaluation.add(
                (
                    evaluation_id,
                    plan_id,
                    held,
                    random.choice(SUMMARIES),
                    assessment_id,
                    consultant.id,
                    _at(held, random),
                )
            )
            for goal_id, _text, outcome in goal_rows:
                resident_words, professional_words = random.choice(OUTCOME_WORDS[outcome or "partly"])
                tables.goal_evaluation.add(
                    (
                        tables.goal_evaluation.new_id(),
                        evaluation_id,
                        goal_id,
                        outcome or "partly",
                        resident_words,
                        professional_words,
                    )
                )
            self.log(held, LOG_EVALUATION, consultant, household_id, plan_id)
        if agreed and random.random() < context.rates["share_of_plans_with_application"]:
            self._application(
                household_id, head_id, members, story, consultant, plan_id, agreed_on, closed_on
            )
        if not closed_on and random.random() < context.rates["share_with_arrangement"]:
            self._arrangement(household_id, head_name, consultant, made)
        return plan_id

    def _application(
        self, household_id, head_id, members, story, consultant, plan_id, agreed_on, closed_on
    ) -> None:
        random, tables, today = self.context.random, self.context.tables, self.context.today
        laws, catalogue = set(story.laws), self.context.reference["products"]
        products = [p for p in catalogue if p.law in laws] or [p for p in catalogue if p.law == "wmo"]
        product = random.choice(products)
        person_id = head_id
        if product.law == "jeugdwet":
            children = [pk for pk, _n, relation in members if relation == "child"]
            person_id = children[0] if children else head_id
        received = min(today, agreed_on + timedelta(days=random.randint(0, 10)))
        low, high = VOLUMES.get(product.unit, (1, 10))
        volume = 1 if product.frequency == "6" and product.unit == "82" else random.randint(low, high)
        starts = received + timedelta(days=random.randint(7, 21))
        ends = starts + timedelta(days=random.choice([90, 182, 365]))
        if closed_on:
            ends = max(starts, min(ends, closed_on))
        agreement_id = tables.agreement.new_id()
        tables.agreement.add(
            (
                agreement_id,
                plan_id,
                None,
                "provision",
                f"{product.name} aanvragen",
                "Gemeente",
                None,
                None,
                None,
                "",
                None,
                "",
                starts,
                "open",
            )
        )
        application_id = tables.application.new_id()
        age = (today - received).days
        decided = age > 14 or closed_on is not None
        advised = decided or age > 5
        tables.application.add(
            (
                application_id,
                household_id,
                person_id,
                plan_id,
                agreement_id,
                product.pk,
                volume,
                starts,
                ends,
                "Het netwerk kan dit niet opvangen; zonder hulp lukt het niet.",
                False,
                received,
                "decided" if decided else ("advised" if advised else "submitted"),
                consultant.id,
                _at(received, random),
            )
        )
        self.log(received, LOG_APPLICATION, consultant, household_id, application_id, person_id)
        law_rule = "wmo_decision" if product.law == "wmo" else "awb_decision"
        decision_due = _deadline(law_rule, received)
        if advised:
            tables.advice.add(
                (
                    tables.advice.new_id(),
                    application_id,
                    "grant",
                    volume,
                    "Past bij de doelen in het plan.",
                    consultant.id,
                    min(today, received + timedelta(days=random.randint(1, 5))),
                )
            )
        if not decided:
            tables.application_term.add(
                (
                    tables.application_term.new_id(),
                    application_id,
                    law_rule,
                    received,
                    decision_due,
                    "running",
                )
            )
            return
        tables.application_term.add(
            (tables.application_term.new_id(), application_id, law_rule, received, decision_due, "met")
        )
        decider = random.choice(self.deciders)
        decided_on = min(today, received + timedelta(days=random.randint(5, 14)))
        outcome = random.choices(["grant", "partly", "refuse"], weights=[80, 10, 10])[0]
        granted = volume if outcome == "grant" else (max(1, volume // 2) if outcome == "partly" else 0)
        objection_ends = _deadline("objection", decided_on)
        decision_id = tables.decision.new_id()
        tables.decision.add(
            (
                decision_id,
                application_id,
                outcome,
                granted,
                starts if granted else None,
                ends if granted else None,
                "Besloten op grond van het onderzoek en het advies.",
                decider.id,
                decided_on,
                objection_ends,
            )
        )
        tables.application_term.add(
            (
                tables.application_term.new_id(),
                application_id,
                "objection",
                decided_on,
                objection_ends,
                "ended" if objection_ends < today else "running",
            )
        )
        self.log(decided_on, LOG_DECISION, decider, household_id, application_id, person_id)
        if not granted:
            return
        providers = [p for kind in PROVIDER_KINDS for p in self.partners.get(kind, [])]
        if not providers:
            return
        self.context.allocation_number += 1
        allocation_id = tables.allocation.new_id()
        tables.allocation.add(
            (
                allocation_id,
                decision_id,
                random.choice(providers).pk,
                self.context.allocation_number,
                granted,
                starts,
                ends,
                _at(decided_on, random),
                decider.id,
            )
        )
        last_closed_month = today.replace(day=1) - timedelta(days=1)
        months = months_between(starts, min(ends, last_closed_month))
        if product.frequency == "6":
            months = months[:1]
        for month in months:
            month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            if product.frequency == "6":
                amount, delivered = product.tariff_cents * granted, granted
            else:
                due = money.value_cents(
                    volume=granted,
                    tariff_cents=product.tariff_cents,
                    frequency=product.frequency,
                    starts_on=starts,
                    ends_on=ends,
                    within=(month, month_end),
                )
                delivered = max(1, round(due / product.tariff_cents * random.choice(DELIVERED)))
                amount = delivered * product.tariff_cents
            recorded = min(today, month_end + timedelta(days=random.randint(5, 25)))
            tables.expenditure.add(
                (
                    tables.expenditure.new_id(),
                    allocation_id,
                    month,
                    delivered,
                    amount,
                    f"D{month:%Y%m}-{self.context.allocation_number:06d}",
                    decider.id,
                    _at(recorded, random),
                )
            )
            self.log(recorded, LOG_EXPENDITURE, decider, household_id, allocation_id)

    def _arrangement(self, household_id, head_name, consultant, made) -> None:
        random, tables, today = self.context.random, self.context.tables, self.context.today
        reference = self.context.reference
        categories, purposes, bases = reference["categories"], reference["purposes"], reference["bases"]
        kind = random.choice([Partner.Kind.GENERAL_PRACTICE, Partner.Kind.DEBT_HELP, Partner.Kind.HOUSING])
        partner = random.choice(self.partners[kind])
        if kind == Partner.Kind.GENERAL_PRACTICE:
            purpose, basis, codes = purposes["care-coordination"], "consent", ["health", "plan-agreements"]
        else:
            purpose, basis, codes = (
                purposes["cooperation"],
                "public-task",
                ["identity-contact", "plan-agreements"],
            )
        starts = min(today, made + timedelta(days=random.randint(0, 20)))
        ends = starts + timedelta(days=random.choice([90, 180, 365]))
        consent = basis == "consent"
        arrangement_id = tables.arrangement.new_id()
        tables.arrangement.add(
            (
                arrangement_id,
                household_id,
                partner.pk,
                purpose.pk,
                bases[basis],
                starts,
                ends,
                head_name if consent else "",
                "verbal" if consent else "",
                "",
                "",
                consultant.id,
                _at(starts, random),
                "",
                1,
            )
        )
        for code in codes:
            tables.arrangement_category.add(
                (tables.arrangement_category.new_id(), arrangement_id, categories[code])
            )
        snapshot = {
            "partner": partner.name,
            "purpose": purpose.code,
            "categories": sorted(codes),
            "legal_basis": basis,
            "starts_on": starts.isoformat(),
            "ends_on": ends.isoformat(),
            "withdrawn": False,
        }
        tables.arrangement_version.add(
            (
                tables.arrangement_version.new_id(),
                arrangement_id,
                1,
                "granted",
                consultant.id,
                _at(starts, random),
                snapshot,
            )
        )
        self.log(starts, LOG_ARRANGEMENT, consultant, household_id, arrangement_id)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@cache
def _hash_parts(kind: int, actor: Staff) -> tuple[str, ...]:
    """The constant parts of the canonical JSON that ``ProcessingLogEntry.compute_hash`` hashes (keys
    sorted, no spaces), for one kind of row by one actor; ``_write_log`` fills in the rest. The tests
    check the result against ``compute_hash`` through ``processinglog_verify``."""
    action, purpose, basis, channel, object_type, categories, description = LOG_KINDS[kind]
    return (
        f'{{"action":{_json(action)},"actor_id":{_json(actor.id)},"actor_name":{_json(actor.name)},'
        f'"actor_role":{_json(actor.role)},"categories":{_json(categories)},"channel":{_json(channel)},'
        f'"description":{_json(description)},"household_id":',
        f',"legal_basis":{_json(basis)},"object_id":',
        f',"object_type":{_json(object_type)},"occurred_at":',
        f',"organisation":{_json(actor.organisation)},"person_id":',
        ',"previous_hash":',
        f',"purpose":{_json(purpose)},"sequence":',
        _json(categories),
    )


def _write_log(context: Context, events: list) -> None:
    """The processing-log rows of one gemeente, in time order, continuing the hash chain."""
    events.sort(key=lambda event: event[0])
    head, _created = ProcessingLogHead.objects.get_or_create(pk=1)
    sequence, previous = head.last_sequence, head.last_hash
    table = context.tables.log
    sha256 = hashlib.sha256
    rows = tqdm(events, unit=" verwerkingen", disable=not context.progress, leave=False, unit_scale=True)
    for stamp, kind, actor, household_id, person_id, object_id in rows:
        action, purpose, basis, channel, object_type, _categories, description = LOG_KINDS[kind]
        a, b, c, d, e, f, categories = _hash_parts(kind, actor)
        sequence += 1
        moment = EPOCH + timedelta(microseconds=stamp)
        canonical = (
            f'{a}{"null" if household_id is None else household_id}{b}"{object_id}"{c}'
            f'"{moment.isoformat(timespec="microseconds")}"{d}{"null" if person_id is None else person_id}'
            f'{e}"{previous}"{f}{sequence}}}'
        )
        digest = sha256(canonical.encode()).hexdigest()
        table.add(
            (
                table.new_id(),
                sequence,
                moment,
                actor.id,
                actor.name,
                actor.role,
                actor.organisation,
                action,
                purpose,
                basis,
                channel,
                household_id,
                person_id,
                categories,
                object_type,
                str(object_id),
                description,
                previous,
                digest,
            )
        )
        previous = digest
    table.flush()
    head.last_sequence, head.last_hash = sequence, previous
    head.save(update_fields=["last_sequence", "last_hash"])
    events.clear()


def _finish_log(context: Context) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
