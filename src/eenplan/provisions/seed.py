"""Demo seed of tailored provisions: applications from the seeded plans in every state (waiting for
advice, waiting for a decision with days left and overdue, granted, granted in part, refused,
allocated, withdrawn), across the Wmo, the Jeugdwet, the Participatiewet and the Wgs, made through
the same actions as the screens with back-dated dates, so that the decision maker's work list shows
days left and the budget shows granted and committed amounts."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from eenplan.intake.models import Law
from eenplan.plans.models import Plan

from . import actions
from .configuration import load_products
from .models import Product, Recommendation


@dataclass(frozen=True)
class Scenario:
    """One application's path. ``age`` is how many days ago it was received (at least, at most);
    ``advice``/``decision`` are a recommendation with a volume, or None; ``provider`` the start of the
    name of the partner it is allocated to."""

    product: str
    volume: int
    motivation: str
    age: tuple[int, int]
    advice: tuple[str, int] | None = None
    decision: tuple[str, int] | None = None
    reasons: str = ""
    provider: str = ""
    withdraw: str = ""
    urgent: bool = False


GRANT, PARTLY, REFUSE = Recommendation.GRANT, Recommendation.PARTLY, Recommendation.REFUSE
ADVICE_REASONS = {
    GRANT: "Past bij het doel in het plan; zelf en met het netwerk lukt dit niet.",
    PARTLY: "Een deel is nodig; de rest regelen de inwoner en het netwerk zelf, zo staat het in het plan.",
    REFUSE: "Er is een oplossing in de wijk en in het netwerk; een maatwerkvoorziening is niet nodig.",
}

# In order: the first pass covers every state and every law; later ones add volume.
# fmt: off
SCENARIOS = [
    Scenario("wmo-hh", 3, "Na de operatie lukt schoonmaken niet; het netwerk doet de boodschappen al.",
             (60, 240), (GRANT, 3), (GRANT, 3), "U krijgt 3 uur hulp per week, zoals het wijkteam adviseert.",
             provider="Thuiszorg Samen"),
    Scenario("jw-ambulant", 2, "Het gezin loopt vast; met begeleiding thuis kan het kind weer naar school.",
             (45, 240), (GRANT, 2), (GRANT, 2), "Ambulante jeugdhulp, 2 uur per week, bij het gezin thuis.",
             provider="Jeugdhulp De Brug"),
    Scenario("wmo-dagbesteding", 4, "Een vaste dagbesteding geeft ritme en geeft de mantelzorger lucht.",
             (3, 8), (GRANT, 4)),
    Scenario("wmo-begeleiding", 3, "Hulp bij de post en afspraken; de dochter woont te ver weg.",
             (30, 200), (PARTLY, 2), (PARTLY, 2),
             "U krijgt 2 uur begeleiding per week. De administratie doet de vrijwilliger van Humanitas.",
             provider="Thuiszorg Samen"),
    Scenario("wmo-vervoer", 8, "Ritten naar de dagbesteding en de markt.",
             (20, 120), (REFUSE, 0), (REFUSE, 0),
             "De buurman rijdt op dinsdag en de buurtbus stopt voor de deur; regiotaxi is niet nodig."),
    Scenario("pw-bijzondere-bijstand", 640, "De wasmachine is kapot en er is geen geld voor een nieuwe.",
             (0, 3)),
    Scenario("wmo-hulpmiddel", 1, "Douchen lukt niet meer veilig zonder douchestoel.", (5, 60),
             withdraw="De inwoner leent een douchestoel van de thuiszorgwinkel; de aanvraag is niet nodig."),
    Scenario("wmo-dagbesteding", 3, "Overdag alleen thuis loopt het vast; de mantelzorger raakt op.",
             (17, 24), (GRANT, 3)),
    Scenario("wmo-respijt", 4, "De mantelzorger is overbelast; er is nu een logeerplek nodig.",
             (10, 90), None, (GRANT, 4), "Spoed: kortdurend verblijf, 4 etmalen per maand.",
             provider="Zorgboerderij De Hoeve", urgent=True),
    Scenario("wgs-schuldhulp", 1, "Schulden bij zes schuldeisers; de inwoner wil een regeling.",
             (30, 240), (GRANT, 1), (GRANT, 1), "Schuldhulpverlening met een budgetcoach.",
             provider="Schuldhulp"),
    Scenario("wmo-woonvoorziening", 4800, "Een traplift, zodat de inwoner boven kan blijven slapen.",
             (10, 40), (GRANT, 4800), (GRANT, 4800), "Een traplift tot € 4.800, via de woningcorporatie."),
    Scenario("jw-dagbehandeling", 2, "Behandeling overdag, naast school, voor een paar maanden.",
             (5, 30), (GRANT, 2)),
    Scenario("pw-bijzondere-bijstand", 350, "Kosten voor een bril die de zorgverzekering niet vergoedt.",
             (10, 120), (GRANT, 350), (GRANT, 350), "Bijzondere bijstand van € 350 voor de bril."),
    Scenario("wmo-hh", 2, "Het huishouden lukt niet meer; de kinderen wonen ver weg.",
             (30, 120), (GRANT, 2), (GRANT, 2), "U krijgt 2 uur hulp per week.", provider="Thuiszorg Samen"),
    Scenario("jw-maatwerk", 1200, "Maatwerk: begeleiding op de voetbalclub in plaats van in een groep.",
             (20, 200), (PARTLY, 900), (PARTLY, 900),
             "Een maatwerkarrangement van € 900; de club doet de rest.", provider="Jeugdhulp De Brug"),
    Scenario("wmo-begeleiding", 2, "Na de opname thuis weer op gang komen.", (0, 4)),
    Scenario("wmo-dagbesteding", 2, "Twee dagen per week op de zorgboerderij, tussen de dieren.",
             (40, 240), (GRANT, 2), (GRANT, 2), "Dagbesteding, 2 dagdelen per week.",
             provider="Zorgboerderij De Hoeve"),
]
# fmt: on


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def seed(context) -> None:
    load_products()  # normally loaded by migration 0002; a flushed test database lacks it
    today = timezone.localdate()
    users = context.objects["users"]
    decision_maker = users["beslisser"]
    products = {product.code: product for product in Product.objects.filter(is_active=True)}
    providers = context.objects["partners"]
    plans = [
        plan
        for plan in context.objects.get("plans", [])
        if plan.status in (Plan.Status.AGREED, Plan.Status.ACTIVE, Plan.Status.EVALUATED)
    ]
    taken: dict[int, set[str]] = {plan.pk: set() for plan in plans}
    allocations = []
    for scenario in SCENARIOS:
        product = products.get(scenario.product)
        if product is None:
            continue
        found = _plan_for(context, scenario, product, plans, taken, today)
        if found is None:
            continue
        plan, person, received_on = found
        taken[plan.pk].add(product.code)
        allocation = _seed_application(
            context, scenario, product, plan, person, received_on, decision_maker, providers, today
        )
        if allocation is not None:
            allocations.append(allocation)
    context.objects["allocations"] = allocations


def _plan_for(context, scenario, product, plans, taken, today):
    """A plan this application fits: the law of its melding, a child for youth care, agreed before the
    application came in, a decided application only in a running plan, the Wmo rule on the inquiry."""
    fitting = []
    for plan in plans:
        support_request = plan.support_request
        if product.code in taken[plan.pk] or len(taken[plan.pk]) >= 2:
            continue
        if product.law not in support_request.laws:
            continue
        if scenario.decision and plan.status == Plan.Status.AGREED:
            continue
        person = _person_for(plan, product)
        if person is None:
            continue
        first = max(plan.agreed_on, today - timedelta(days=scenario.age[1]))
        last = today - timedelta(days=scenario.age[0])
        if first > last:
            continue
        # soon after the plan was agreed (or as soon as the scenario allows): the application follows the plan
        received_on = first + timedelta(days=context.random.randint(0, min((last - first).days, 21)))
        wmo_rule = scenario.urgent or actions._inquiry_done_or_late(plan, received_on)
        if product.law == Law.WMO and not wmo_rule:
            continue
        fitting.append((len(taken[plan.pk]), plan.pk, plan, person, received_on))
    if not fitting:
        return None
    fewest = min(item[0] for item in fitting)
    _count, _pk, plan, person, received_on = context.random.choice([f for f in fitting if f[0] == fewest])
    return plan, person, received_on


def _person_for(plan, product):
    """Youth care is for the youngest child; the rest for whom the melding is."""
    if product.law != Law.YOUTH:
        return plan.support_request.person
    children = [m for m in plan.household.members.all() if m.relation == "child"]
    return max(children, key=lambda child: child.date_of_birth, default=None)


def _seed_application(
    context, scenario, product, plan, person, received_on, decision_maker, providers, today
):
    advisor = plan.case_director
    starts_on = received_on + timedelta(days=context.random.randint(7, 21))
    ends_on = add_months(starts_on, product.reconsider_after_months or 12) - timedelta(days=1)
    goal = plan.goals.order_by("priority", "pk").first()
    application = actions.application_submit(
        actor=advisor,
        plan=plan,
        version=plan.version,
        product=product,
        person=person,
        volume=scenario.volume,
        starts_on=starts_on,
        ends_on=ends_on,
        motivation=scenario.motivation,
        goal=goal,
        urgent=scenario.urgent,
        received_on=received_on,
    )
    if scenario.withdraw:
        actions.application_withdraw(actor=advisor, application=application, reason=scenario.withdraw)
        return None
    advised_on = min(received_on + timedelta(days=context.random.randint(1, 3)), today)
    if scenario.advice is not None:
        recommendation, volume = scenario.advice
        actions.advice_give(
            actor=advisor,
            application=application,
            recommendation=recommendation,
            volume=volume,
            reasons=ADVICE_REASONS[recommendation],
            advised_on=advised_on,
        )
    if scenario.decision is None:
        return None
    outcome, volume = scenario.decision
    decided_on = min(max(received_on + timedelta(days=context.random.randint(5, 12)), advised_on), today)
    decision = actions.decision_make(
        actor=decision_maker,
        application=application,
        outcome=outcome,
        volume=volume,
        reasons=scenario.reasons,
        decided_on=decided_on,
    )
    provider = next(
        (p for p in providers if scenario.provider and p.name.startswith(scenario.provider)), None
    )
    if (
        provider is None
        or not decision.is_granted
        or (product.has_allocation_message and not provider.agb_code)
    ):
        return None
    return actions.allocation_make(
        actor=decision_maker,
        decision=decision,
        provider=provider,
        volume=decision.volume,
        starts_on=max(decision.starts_on, decided_on),
        ends_on=decision.ends_on,
    )
