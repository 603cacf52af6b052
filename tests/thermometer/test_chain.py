"""The policy chain and where it breaks: each kind of break, a complete chain, values on a goal's life
domain, and a number of queries that does not grow with the chain or the data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eenplan.plans.models import Agreement
from eenplan.provisions.models import Product
from eenplan.thermometer import actions
from eenplan.thermometer.queries import chain_for

from .conftest import Q1, TODAY, YEAR, D, domain, indicator, service

pytestmark = pytest.mark.django_db


def measure(world, gemeente, code, value, period=Q1):
    return actions.measurement_record(
        actor=world.policy_advisor,
        indicator=indicator(code),
        municipality=gemeente,
        period_start=period[0],
        period_end=period[1],
        value=Decimal(value),
        source="Welzijn",
    )


class Chain:
    """Builds a chain as the policy advisor."""

    def __init__(self, world, gemeente):
        self.actor, self.gemeente, self.team = world.policy_advisor, gemeente, world.consultant.team

    def effect(self, name, order=0):
        return actions.effect_create(actor=self.actor, municipality=self.gemeente, name=name, order=order)

    def goal(self, effect, name, **fields):
        return actions.policy_goal_create(actor=self.actor, effect=effect, name=name, **fields)

    def assignment(self, goal, name, *, period=YEAR, **executor):
        executor = executor or {"team": self.team}
        return actions.assignment_create(
            actor=self.actor, policy_goal=goal, name=name, taakveld="6.1", budget_cents=100_000,
            starts_on=period[0], ends_on=period[1], **executor,
        )  # fmt: skip

    def deliver(self, assignment, **what):
        return actions.delivery_create(actor=self.actor, assignment=assignment, **what)

    def result(self, assignment, code, target="50"):
        return actions.agreed_result_create(
            actor=self.actor, assignment=assignment, indicator=indicator(code), target_value=Decimal(target)
        )


def test_each_kind_of_break_is_named_in_words(world, cases, north, gemeente):
    chain = Chain(world, gemeente)
    used, unused = service(world, "Koffieochtend"), service(world, "Telefooncirkel")
    plan = cases.plan(cases.household(north), D(2025, 12, 1))
    cases.agreement(plan, Agreement.Kind.COMMUNITY, service=used)  # a plan that runs in Q1 uses it
    measure(world, gemeente, "meeting-participants", "300")

    effect = chain.effect("Minder inwoners zijn eenzaam")
    chain.goal(effect, "Eenzaamheid wordt vroeg opgemerkt")  # no assignment at all
    old = chain.goal(effect, "Vroeger beleid")
    chain.assignment(old, "Afgelopen opdracht", period=(D(2024, 1, 1), D(2024, 12, 31)))  # not in the period
    chain.assignment(chain.goal(effect, "Ontmoeting"), "Ontmoeting in de wijk", executor_name="Buurtwerk")
    full = chain.assignment(
        chain.goal(effect, "Aansluiting"), "Maatjes", partner=world.partner_professional.partner
    )
    chain.deliver(full, service=used)
    chain.deliver(full, service=unused)
    chain.deliver(full, product=Product.objects.get(code="wmo-begeleiding"))
    chain.result(full, "meeting-participants", "400")
    chain.result(full, "spend-per-household", "2000")

    [found] = chain_for(gemeente.pk, period=Q1, today=TODAY)
    assert not found.complete
    assert [(b.kind, b.label) for b in found.breaks] == [
        (
            "goal_without_assignment",
            'Het beleidsdoel "Eenzaamheid wordt vroeg opgemerkt" heeft geen opdracht in deze periode.',
        ),
        ("goal_without_assignment", 'Het beleidsdoel "Vroeger beleid" heeft geen opdracht in deze periode.'),
        (
            "assignment_without_delivery",
            'Bij de opdracht "Ontmoeting in de wijk" is geen dienstverlening vastgelegd.',
        ),
        (
            "delivery_without_result",
            'Bij de opdracht "Ontmoeting in de wijk" zijn geen resultaten afgesproken.',
        ),
        (
            "delivery_without_result",
            'De dienst "Telefooncirkel" van de opdracht "Maatjes" is in deze periode in geen enkel plan '
            "afgesproken.",
        ),
        (
            "delivery_without_result",
            'Van "Individuele begeleiding" (opdracht "Maatjes") is in deze periode niets toegewezen of '
            "gedeclareerd.",
        ),
        (
            "delivery_without_result",
            'Het afgesproken resultaat "Besteed per huishouden met maatwerk" van de opdracht "Maatjes" heeft '
            "over deze periode geen waarde: er is niets berekend of gemeten.",
        ),
    ]
    assert {b.effect_id for b in found.breaks} == {effect.pk}
    full_node = found.goals[3].assignments[0]
    assert [node.delivered for node in full_node.deliveries] == [True, False, False]
    assert [(r.agreed_result.indicator.code, r.value.value, r.on_target) for r in full_node.results] == [
        ("spend-per-household", None, None),  # in the indicators' order
        ("meeting-participants", 300.0, False),
    ]
    assert found.goals[1].assignments[0].in_period is False


def test_a_complete_chain_and_a_product_that_was_delivered(world, cases, north, gemeente):
    chain = Chain(world, gemeente)
    used = service(world, "Samen eten")
    for _ in range(10):
        household = cases.household(north)
        cases.agreement(cases.plan(household, D(2026, 1, 10)), Agreement.Kind.COMMUNITY, service=used)
    allocation = cases.spend(cases.household(north), [(D(2025, 6, 1), 5_000)], product="wmo-dagbesteding")
    assert allocation.ends_on >= Q1[0]  # allocated for part of Q1, no expenditure in it
    effect = chain.effect("Inwoners wonen langer thuis")
    assignment = chain.assignment(chain.goal(effect, "Thuis met de buurt"), "Ontmoeting")
    chain.deliver(assignment, service=used)
    chain.deliver(assignment, product=Product.objects.get(code="wmo-dagbesteding"))
    chain.result(assignment, "community-share", "60")
    [found] = chain_for(gemeente.pk, period=Q1, today=TODAY)
    assert (found.complete, found.breaks) == (True, [])
    [result] = found.goals[0].assignments[0].results
    assert (result.value.value, result.value.households, result.on_target, result.target_display) == (
        100.0,
        10,
        True,
        "60,0 %",
    )


def test_an_effect_without_goals_is_not_complete(world, gemeente):
    Chain(world, gemeente).effect("Nog leeg")
    [found] = chain_for(gemeente.pk, period=Q1, today=TODAY)
    assert (found.complete, found.breaks, found.goals) == (False, [], [])


def test_a_suppressed_value_is_a_value_not_a_break(world, cases, north, gemeente):
    chain = Chain(world, gemeente)
    for _ in range(3):
        melding = cases.melding(cases.household(north), D(2026, 1, 5))
        cases.conversation(melding, D(2026, 1, 8))
    assignment = chain.assignment(chain.goal(chain.effect("Snel geholpen"), "Snel een gesprek"), "Toegang")
    chain.deliver(assignment, service=service(world, "Sociaal loket"))
    chain.result(assignment, "days-to-first-conversation", "14")
    [found] = chain_for(gemeente.pk, period=Q1, today=TODAY)
    [result] = found.goals[0].assignments[0].results
    assert (result.value.suppressed, result.has_value, result.on_target) == (True, True, None)
    assert [b.kind for b in found.breaks] == ["delivery_without_result"]  # only the unused service


def test_a_goal_with_a_life_domain_gets_self_reliance_on_that_domain(world, cases, north, gemeente):
    housing, finances = domain("housing"), domain("finances")
    for _ in range(10):  # rose on finances, not on housing
        household = cases.household(north)
        person = household.members.first()
        cases.assessment(person, D(2025, 10, 1), {housing: (3, None), finances: (2, None)})
        plan = cases.plan(household, D(2025, 12, 1))
        cases.goal(plan, housing, finances)
        cases.evaluation(
            plan,
            D(2026, 2, 1),
            assessment=cases.assessment(person, D(2026, 2, 1), {housing: (3, None), finances: (4, None)}),
        )
    chain = Chain(world, gemeente)
    effect = chain.effect("Zelfredzaam")
    for name, life_domain in (("Wonen", housing), ("Geld", finances), ("Alles", None)):
        assignment = chain.assignment(chain.goal(effect, name, life_domain=life_domain), f"Opdracht {name}")
        chain.result(assignment, "self-reliance-rose", "50")
    [found] = chain_for(gemeente.pk, period=Q1, today=TODAY)
    values = [goal.assignments[0].results[0].value.value for goal in found.goals]
    assert values == [0.0, 100.0, 100.0]


def test_chain_queries_do_not_grow_with_the_chain_or_the_data(world, cases, north, gemeente):
    def build(times):
        chain = Chain(world, gemeente)
        for n in range(times):
            effect = chain.effect(f"Effect {n}")
            goal = chain.goal(effect, f"Doel {n}", life_domain=domain("housing"))
            assignment = chain.assignment(goal, f"Opdracht {n}")
            chain.deliver(assignment, service=service(world, f"Dienst {n}"))
            chain.deliver(assignment, product=Product.objects.get(code="wmo-hh"))
            chain.result(assignment, "self-reliance-rose")
            chain.result(assignment, "legal-terms-met")
            chain.result(assignment, "meeting-participants")
            cases.spend(cases.household(north), [(D(2026, 1, 1), 1_000)])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            chain_for(gemeente.pk, period=Q1, today=TODAY)
        return len(captured)

    build(1)
    few = queries()
    build(4)
    assert queries() == few
    assert few <= 20


def test_the_chain_of_another_gemeente_is_not_mixed_in(world, gemeente, other_gemeente, other_policy_advisor):
    actions.effect_create(actor=other_policy_advisor, municipality=other_gemeente, name="Elders")
    Chain(world, gemeente).effect("Hier")
    assert [c.effect.name for c in chain_for(gemeente.pk, period=Q1, today=TODAY)] == ["Hier"]
    assert [c.effect.name for c in chain_for(other_gemeente.pk, period=Q1, today=TODAY)] == ["Elders"]


def test_an_assignment_that_starts_after_the_period_leaves_its_goal_without_one(world, gemeente):
    chain = Chain(world, gemeente)
    goal = chain.goal(chain.effect("Later"), "Straks")
    chain.assignment(goal, "Volgend jaar", period=(D(2027, 1, 1), D(2027, 12, 31)))
    [found] = chain_for(gemeente.pk, period=Q1, today=TODAY)
    assert [b.kind for b in found.breaks] == ["goal_without_assignment"]
    assert found.goals[0].breaks[0].policy_goal_id == goal.pk
    assert datetime.date(2027, 1, 1) > Q1[1]
