"""Synthetic policy chains at scale: ``eenplan generate`` calls ``generate_for_municipality`` for each
gemeente it makes, after that gemeente's teams, partners, policy advisor and social map exist.

Every gemeente gets the demo's blueprint (``seed.CHAIN``: three effects, their goals — one of them
without an assignment, as in the demo — assignments, service delivery and agreed results), with budgets
in proportion to its population, executors from its own teams and partners, services of its own social
map, and manual measurements for the last eight quarters (quarterly figures) and three years (yearly
ones), entered by its policy advisor. Bulk-created: a fixed number of queries per gemeente."""

from datetime import date
from decimal import Decimal
from random import Random

from eenplan.accounts.models import Partner, Role, Team, User
from eenplan.assessment.models import LifeDomain
from eenplan.provisions.models import Product
from eenplan.signals.configuration import DOMAIN_INSTRUMENT
from eenplan.socialmap.models import Service

from .models import AgreedResult, Assignment, Delivery, Effect, Indicator, Measurement, PolicyGoal
from .seed import CHAIN, MEASUREMENTS, SOURCES, assignment_period, measurement_periods

DEMO_POPULATION = 130_668  # the blueprint's budgets are those of the demo gemeente (Zwolle)
QUARTERS, YEARS = 8, 3


def _measurement_value(code: str, municipality, random: Random, index: int) -> Decimal:
    """A plausible figure; ``index`` counts back from the latest period."""
    if code == "meeting-participants":
        base = max(20, municipality.population // 300)
        return Decimal(round(base * (1 - 0.03 * index) * random.uniform(0.9, 1.1)))
    if code == "loneliness-ggd":
        return Decimal(str(round(random.uniform(38, 52), 1)))
    return Decimal(str(round(random.uniform(89, 96), 1)))


def generate_for_municipality(municipality, *, random: Random, today: date) -> dict[str, int]:
    """Bulk-create the chain and the measurements of one gemeente; returns the rows made per model."""
    teams = list(Team.objects.filter(municipality=municipality).order_by("pk"))
    partners: dict[str, list[Partner]] = {}
    for partner in Partner.objects.filter(municipality=municipality).order_by("pk"):
        partners.setdefault(partner.kind, []).append(partner)
    service_ids = list(
        Service.objects.filter(municipality=municipality).order_by("id").values_list("id", flat=True)
    )
    products = {product.code: product for product in Product.objects.filter(is_active=True)}
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(is_active=True)}
    life_domains = {d.code: d for d in LifeDomain.objects.filter(instrument__code=DOMAIN_INSTRUMENT)}
    advisor = (
        User.objects.filter(municipality=municipality, role=Role.POLICY_ADVISOR, is_active=True)
        .order_by("pk")
        .first()
    )
    scale = municipality.population / DEMO_POPULATION
    starts_on, ends_on = assignment_period(today)

    effects = Effect.objects.bulk_create(
        Effect(municipality=municipality, name=plan.name, description=plan.description, order=order)
        for order, plan in enumerate(CHAIN, start=1)
    )
    goal_plans = [(effect, order, goal) for effect, plan in zip(effects, CHAIN, strict=True)
                  for order, goal in enumerate(plan.goals, start=1)]  # fmt: skip
    goals = PolicyGoal.objects.bulk_create(
        PolicyGoal(
            effect=effect,
            name=plan.name,
            description=plan.description,
            life_domain=life_domains.get(plan.life_domain),
            law=plan.law,
            order=order,
        )
        for effect, order, plan in goal_plans
    )
    assignment_plans = []
    for goal, (_effect, _order, plan) in zip(goals, goal_plans, strict=True):
        for item in plan.assignments:
            kind, which = item.executor
            if kind == "team" and teams:
                executor = {"team": random.choice(teams)}
            elif kind == "partner" and partners.get(which):
                executor = {"partner": random.choice(partners[which])}
            else:
                executor = {"executor_name": str(which)}
            assignment = Assignment(
                policy_goal=goal,
                name=item.name,
                results=item.results_text,
                taakveld=item.taakveld,
                budget_cents=round(item.budget * scale * random.uniform(0.8, 1.2)) * 100,
                starts_on=starts_on,
                ends_on=ends_on,
                **executor,
            )
            assignment_plans.append((assignment, item))
    Assignment.objects.bulk_create(assignment for assignment, _item in assignment_plans)
    deliveries, results = [], []
    for assignment, item in assignment_plans:
        for kind, choice in item.deliveries:
            if kind == "product":
                product = next((products[code] for code in choice.split("|") if code in products), None)
                if product is not None:
                    deliveries.append(Delivery(assignment=assignment, product=product))
            elif service_ids:
                deliveries.append(Delivery(assignment=assignment, service_id=random.choice(service_ids)))
        results += [
            AgreedResult(assignment=assignment, indicator=indicators[code], target_value=Decimal(target))
            for code, target in item.results
            if code in indicators
        ]
    Delivery.objects.bulk_create(deliveries)
    AgreedResult.objects.bulk_create(results)
    measurements = []
    if advisor is not None:
        for code, kind, _values in MEASUREMENTS:
            if code not in indicators:
                continue
            periods = measurement_periods(kind, today, QUARTERS if kind == "quarter" else YEARS)
            measurements += [
                Measurement(
                    indicator=indicators[code],
                    municipality=municipality,
                    period_start=start,
                    period_end=end,
                    value=_measurement_value(code, municipality, random, index),
                    source=SOURCES[code].format(gemeente=municipality.name),
                    entered_by=advisor,
                )
                for index, (start, end) in enumerate(periods)
            ]
    Measurement.objects.bulk_create(measurements)
    return {
        "thermometer.Effect": len(effects),
        "thermometer.PolicyGoal": len(goals),
        "thermometer.Assignment": len(assignment_plans),
        "thermometer.Delivery": len(deliveries),
        "thermometer.AgreedResult": len(results),
        "thermometer.Measurement": len(measurements),
    }
