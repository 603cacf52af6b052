"""Demo seed of the thermometer: a filled policy chain for the demo gemeente — three effects with two or
three policy goals each, assignments to the wijkteams and partners with a budget line (Iv3 taakveld) and
agreed results, service delivery through services of the seeded social map and products of the
catalogue — and a few manual measurements.

One effect shows where a chain breaks: "Minder inwoners zijn eenzaam" has a goal without any assignment,
and an assignment whose social-map service was agreed in no plan (a service the plans' seed did not use).

Made through the same actions as the screens, by the demo policy advisor ("beleid"); at the end the
indicators are computed as the nightly task does (``actions.indicator_cells_refresh``)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from eenplan.accounts.models import Partner
from eenplan.assessment.models import LifeDomain
from eenplan.plans.models import Agreement
from eenplan.provisions.configuration import load_products
from eenplan.provisions.models import Product
from eenplan.signals.configuration import DOMAIN_INSTRUMENT
from eenplan.signals.queries import quarter_start, shift_quarters
from eenplan.socialmap.models import Service

from . import actions
from .configuration import load_indicators
from .models import Indicator
from .queries import products_delivered, quarter_end

USED = "used"  # a service that plans of the gemeente agreed
UNUSED = "unused"  # a service no plan agreed: the visible break
UNUSED_PREFERRED = "Telefooncirkel Zilverdraad"


@dataclass(frozen=True)
class AssignmentPlan:
    """``executor``: ("team", index) or ("partner", Partner.Kind) or ("name", text). A delivery is
    ("service", a service name, USED or UNUSED) or ("product", product codes separated by "|": the first
    that was ever allocated in the gemeente, else the first). Budget in euros."""

    name: str
    executor: tuple[str, object]
    results_text: str
    taakveld: str
    budget: int
    deliveries: tuple[tuple[str, str], ...]
    results: tuple[tuple[str, str], ...]  # (indicator code, target)


@dataclass(frozen=True)
class GoalPlan:
    name: str
    life_domain: str
    law: str
    description: str = ""
    assignments: tuple[AssignmentPlan, ...] = ()


@dataclass(frozen=True)
class EffectPlan:
    name: str
    description: str
    goals: tuple[GoalPlan, ...] = field(default_factory=tuple)


# fmt: off
CHAIN = (
    EffectPlan(
        "Inwoners wonen langer zelfstandig thuis",
        "Ouderen en mensen met een beperking wonen zo lang mogelijk in hun eigen huis, met hun netwerk, de "
        "buurt en waar nodig maatwerk.",
        (
            GoalPlan(
                "Inwoners redden zich thuis, met hun netwerk en de buurt", "housing", "wmo",
                "Eerst eigen kracht, het netwerk en voorliggende voorzieningen; maatwerk waar dat nodig is.",
                (
                    AssignmentPlan(
                        "Keukentafelgesprekken en regie in Noord en Oost", ("team", 0),
                        "Elke melding binnen de wettelijke termijn onderzocht; in elk plan eerst eigen "
                        "kracht, netwerk en voorliggende voorzieningen.",
                        "6.21", 1_250_000,
                        (("service", "Samen eten in De Wieken"), ("product", "wmo-hh")),
                        (("legal-terms-met", "95"), ("self-reliance-rose", "60")),
                    ),
                ),
            ),
            GoalPlan(
                "Inwoners met een beperking krijgen thuis de ondersteuning die past", "adl", "wmo", "",
                (
                    AssignmentPlan(
                        "Hulp en begeleiding thuis", ("partner", Partner.Kind.CARE_PROVIDER),
                        "Hulp start binnen twee weken na het besluit; elke toewijzing wordt geleverd zoals "
                        "afgesproken.",
                        "6.712", 1_640_000,
                        (("product", "wmo-begeleiding|wmo-hh"),),
                        (("spend-per-household", "2500"),),
                    ),
                ),
            ),
            GoalPlan(
                "Mantelzorgers houden het vol", "social-network", "wmo", "",
                (
                    AssignmentPlan(
                        "Mantelzorgondersteuning en respijt", ("partner", Partner.Kind.WELFARE),
                        "Elke mantelzorger die zich meldt krijgt binnen twee weken een gesprek; respijt "
                        "waar nodig.",
                        "6.714", 380_000,
                        (("service", "Ontmoetingsgroep Vergeet-mij-niet"),
                         ("product", "wmo-respijt|wmo-dagbesteding")),
                        (("goals-achieved-resident", "70"),),
                    ),
                ),
            ),
        ),
    ),
    EffectPlan(
        "Kinderen groeien veilig en gezond op",
        "Gezinnen krijgen vroeg en dichtbij hulp, zodat kinderen thuis en op school mee kunnen doen.",
        (
            GoalPlan(
                "Gezinnen krijgen snel hulp dichtbij", "parenting", "jeugdwet", "",
                (
                    AssignmentPlan(
                        "Ambulante jeugdhulp in de wijk", ("partner", Partner.Kind.YOUTH_CARE),
                        "Hulp start binnen vier weken na de melding, bij het gezin thuis of op school.",
                        "6.751", 2_100_000,
                        (("product", "jw-ambulant"),),
                        (("days-to-first-conversation", "14"),),
                    ),
                ),
            ),
            GoalPlan(
                "Ouders vinden hulp in de wijk voordat problemen groot worden", "domestic-relations",
                "jeugdwet", "",
                (
                    AssignmentPlan(
                        "Opvoedvragen in het wijkteam Zuid-West", ("team", 1),
                        "Ouders met een opvoedvraag krijgen eerst hulp uit de wijk; maatwerk alleen als dat "
                        "nodig is.",
                        "6.22", 450_000,
                        (("service", USED),),
                        (("community-share", "60"),),
                    ),
                ),
            ),
        ),
    ),
    EffectPlan(
        "Minder inwoners zijn eenzaam",
        "Inwoners die alleen zijn hebben mensen om zich heen en plekken in de buurt waar ze welkom zijn.",
        (
            GoalPlan(
                "Inwoners die alleen zijn vinden aansluiting in hun buurt", "social-network", "wmo", "",
                (
                    AssignmentPlan(
                        "Ontmoeting in de wijk", ("partner", Partner.Kind.WELFARE),
                        "In elke wijk minstens twee ontmoetingsplekken per week; 400 deelnemers per "
                        "kwartaal.",
                        "6.1", 300_000,
                        (("service", "Koffieochtend in Het Spoor"), ("service", UNUSED)),
                        (("meeting-participants", "400"),),
                    ),
                ),
            ),
            # No assignment: the chain breaks here.
            GoalPlan("Eenzaamheid wordt vroeg opgemerkt", "social-participation", "",
                     "Huisartsen, wijkverpleging en buren weten waar ze iemand die alleen is naartoe "
                     "kunnen sturen."),
        ),
    ),
)
# fmt: on

# (indicator code, quarters back or "year" back, value): manual measurements relative to today.
MEASUREMENTS = (
    ("meeting-participants", "quarter", (388, 362, 335, 310)),
    ("loneliness-ggd", "year", (47.0,)),
    ("independent-living-75plus", "year", (93.6,)),
)
SOURCES = {
    "meeting-participants": "Registratie Welzijn {gemeente}",
    "loneliness-ggd": "GGD Gezondheidsmonitor Volwassenen en Ouderen",
    "independent-living-75plus": "CBS StatLine",
}


def assignment_period(today: date) -> tuple[date, date]:
    """The assignments of the blueprint run from the start of last year to the end of next year."""
    return date(today.year - 1, 1, 1), date(today.year + 1, 12, 31)


def measurement_periods(kind: str, today: date, count: int) -> list[tuple[date, date]]:
    """The last ``count`` complete quarters (or years), the latest first."""
    if kind == "quarter":
        current = quarter_start(today)
        return [
            (shift_quarters(current, -n), quarter_end(shift_quarters(current, -n)))
            for n in range(1, count + 1)
        ]
    return [(date(today.year - n, 1, 1), date(today.year - n, 12, 31)) for n in range(1, count + 1)]


def pick_services(municipality) -> dict[str, list[str]]:
    """Ids of the gemeente's services that plans agreed (USED) and that none did (UNUSED), by name."""
    used = set(
        Agreement.objects.filter(service__isnull=False, plan__household__municipality=municipality)
        .values_list("service_id", flat=True)
        .distinct()
    )
    services = list(
        Service.objects.filter(municipality=municipality).order_by("name", "id").values_list("id", "name")
    )
    return {
        USED: [pk for pk, _name in services if pk in used],
        UNUSED: [pk for pk, _name in services if pk not in used],
        "names": {name: pk for pk, name in reversed(services)},
    }


def service_for(choice: str, services: dict, taken: set) -> str | None:
    """A service not taken yet: for UNUSED one that no plan agreed (the telephone circle when it is
    free); otherwise the named one when plans agreed it, else another that plans agreed."""
    pool = services[UNUSED] if choice == UNUSED else services[USED]
    wanted = services["names"].get(UNUSED_PREFERRED if choice == UNUSED else choice)
    if wanted in pool and wanted not in taken:
        return wanted
    return next((pk for pk in pool if pk not in taken), None)


def product_for(choice: str, products: dict, allocated: set):
    codes = [code for code in choice.split("|") if code in products]
    found = next((code for code in codes if products[code].pk in allocated), codes[0] if codes else None)
    return products.get(found)


def seed(context) -> None:
    load_products()  # normally loaded by migrations; a flushed test database lacks them
    load_indicators()
    users = context.objects["users"]
    actor = users.get("beleid")
    if actor is None:
        return
    municipality = context.objects["municipality"]
    teams = context.objects["teams"]
    partners = {}
    for partner in context.objects["partners"]:
        partners.setdefault(partner.kind, partner)
    today = timezone.localdate()
    starts_on, ends_on = assignment_period(today)
    life_domains = {
        domain.code: domain for domain in LifeDomain.objects.filter(instrument__code=DOMAIN_INSTRUMENT)
    }
    products = {product.code: product for product in Product.objects.filter(is_active=True)}
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(is_active=True)}
    services = pick_services(municipality)
    allocated = products_delivered(
        municipality.pk, [p.pk for p in products.values()], (date(2000, 1, 1), today)
    )
    taken: set = set()
    for effect_order, plan in enumerate(CHAIN, start=1):
        effect = actions.effect_create(
            actor=actor,
            municipality=municipality,
            name=plan.name,
            description=plan.description,
            order=effect_order,
        )
        for goal_order, goal_plan in enumerate(plan.goals, start=1):
            goal = actions.policy_goal_create(
                actor=actor,
                effect=effect,
                name=goal_plan.name,
                description=goal_plan.description,
                life_domain=life_domains.get(goal_plan.life_domain),
                law=goal_plan.law,
                order=goal_order,
            )
            for item in goal_plan.assignments:
                kind, which = item.executor
                executor = {}
                if kind == "team" and which < len(teams):
                    executor["team"] = teams[which]
                elif kind == "partner" and which in partners:
                    executor["partner"] = partners[which]
                else:
                    executor["executor_name"] = str(which)
                assignment = actions.assignment_create(
                    actor=actor,
                    policy_goal=goal,
                    name=item.name,
                    results=item.results_text,
                    taakveld=item.taakveld,
                    budget_cents=item.budget * 100,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    **executor,
                )
                for delivery_kind, choice in item.deliveries:
                    if delivery_kind == "product":
                        product = product_for(choice, products, allocated)
                        if product is not None:
                            actions.delivery_create(actor=actor, assignment=assignment, product=product)
                        continue
                    service_id = service_for(choice, services, taken) if delivery_kind == "service" else None
                    if service_id is not None:
                        taken.add(service_id)
                        actions.delivery_create(
                            actor=actor, assignment=assignment, service=Service.objects.get(pk=service_id)
                        )
                for code, target in item.results:
                    if code in indicators:
                        actions.agreed_result_create(
                            actor=actor,
                            assignment=assignment,
                            indicator=indicators[code],
                            target_value=Decimal(target),
                        )
    for code, kind, values in MEASUREMENTS:
        if code not in indicators:
            continue
        for (period_start, period_end), value in zip(
            measurement_periods(kind, today, len(values)), values, strict=True
        ):
            actions.measurement_record(
                actor=actor,
                indicator=indicators[code],
                municipality=municipality,
                period_start=period_start,
                period_end=period_end,
                value=Decimal(str(value)),
                source=SOURCES[code].format(gemeente=municipality.name),
            )
    # The last one in, today: shows in the monitor's current year as a figure of 1 January.
    if "independent-living-75plus" in indicators:
        first_of_year = date(today.year, 1, 1)
        actions.measurement_record(
            actor=actor,
            indicator=indicators["independent-living-75plus"],
            municipality=municipality,
            period_start=first_of_year,
            period_end=first_of_year,
            value=Decimal("93.9"),
            source=SOURCES["independent-living-75plus"],
        )
    actions.indicator_cells_refresh(today=today)  # what the nightly task does: the monitor reads these
