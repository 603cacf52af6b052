"""The actions of the chain and the measurements: what they change, what they refuse (and that a refusal
changes nothing), and who may call them at all."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from eenplan.provisions.models import Product
from eenplan.thermometer import actions
from eenplan.thermometer.models import AgreedResult, Assignment, Delivery, Effect, Measurement, PolicyGoal
from tests.factories import DistrictFactory, PartnerFactory, TeamFactory, UserFactory

from .conftest import Q1, D, domain, indicator, service

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count()
        for model in (Effect, PolicyGoal, Assignment, Delivery, AgreedResult, Measurement)
    ]


def test_the_policy_advisor_builds_changes_and_removes_the_chain(world, gemeente, small_chain):
    advisor = world.policy_advisor
    effect = actions.effect_update(
        actor=advisor, effect=small_chain.effect, name="Langer thuis", description="Met de buurt.", order=2
    )
    effect.refresh_from_db()
    assert (effect.name, effect.description, effect.order) == ("Langer thuis", "Met de buurt.", 2)
    goal = actions.policy_goal_update(
        actor=advisor,
        policy_goal=small_chain.policy_goal,
        name="Hulp in de wijk",
        life_domain=domain("housing"),
        law="wmo",
    )
    assert (goal.name, goal.life_domain.code, goal.law) == ("Hulp in de wijk", "housing", "wmo")
    partner = PartnerFactory(name="Welzijn Zwolle")
    assignment = actions.assignment_update(
        actor=advisor,
        assignment=small_chain.assignment,
        name="Ontmoeting",
        partner=partner,
        taakveld="6.1",
        budget_cents=250_000_00,
        starts_on=D(2026, 1, 1),
        ends_on=D(2027, 12, 31),
        results="Twee plekken per wijk.",
    )
    assignment.refresh_from_db()
    assert (assignment.team_id, assignment.partner_id, assignment.executor) == (
        None,
        partner.pk,
        "Welzijn Zwolle",
    )
    assert (assignment.taakveld_name, assignment.budget_euros) == (
        "Samenkracht en burgerparticipatie",
        250_000,
    )
    delivery = actions.delivery_update(
        actor=advisor,
        delivery=small_chain.delivery,
        product=Product.objects.get(code="wmo-begeleiding"),
        note="x",
    )
    assert (delivery.label, delivery.note) == ("Individuele begeleiding", "x")
    result = actions.agreed_result_update(
        actor=advisor,
        agreed_result=small_chain.agreed_result,
        indicator=indicator("community-share"),
        target_value=Decimal("55.5"),
    )
    result.refresh_from_db()
    assert (result.indicator.code, result.target_value) == ("community-share", Decimal("55.50"))

    actions.delivery_delete(actor=advisor, delivery=delivery)
    actions.agreed_result_delete(actor=advisor, agreed_result=result)
    assert counts() == [1, 1, 1, 0, 0, 0]
    actions.effect_delete(actor=advisor, effect=effect)  # everything under it goes too
    assert counts() == [0, 0, 0, 0, 0, 0]


@pytest.mark.parametrize(
    "who", ["other_policy_advisor", "team_lead", "consultant", "functional_admin", "resident"]
)
def test_nobody_else_changes_the_chain_and_nothing_changes(
    world, gemeente, small_chain, other_policy_advisor, who
):
    actor = other_policy_advisor if who == "other_policy_advisor" else getattr(world, who)
    before = counts()
    attempts = [
        lambda: actions.effect_create(actor=actor, municipality=gemeente, name="Overgenomen"),
        lambda: actions.effect_update(actor=actor, effect=small_chain.effect, name="Overgenomen"),
        lambda: actions.effect_delete(actor=actor, effect=small_chain.effect),
        lambda: actions.policy_goal_create(actor=actor, effect=small_chain.effect, name="Erbij"),
        lambda: actions.policy_goal_delete(actor=actor, policy_goal=small_chain.policy_goal),
        lambda: actions.assignment_delete(actor=actor, assignment=small_chain.assignment),
        lambda: actions.delivery_delete(actor=actor, delivery=small_chain.delivery),
        lambda: actions.agreed_result_delete(actor=actor, agreed_result=small_chain.agreed_result),
        lambda: actions.measurement_record(
            actor=actor,
            indicator=indicator("loneliness-ggd"),
            municipality=gemeente,
            period_start=Q1[0],
            period_end=Q1[1],
            value=Decimal(40),
            source="GGD",
        ),
    ]
    for attempt in attempts:
        with pytest.raises(Http404):
            attempt()
    assert counts() == before
    small_chain.effect.refresh_from_db()
    assert small_chain.effect.name == "Inwoners wonen langer thuis"


def test_an_assignment_has_exactly_one_executor_of_the_gemeente_and_a_period(
    world, small_chain, other_gemeente
):
    advisor, goal = world.policy_advisor, small_chain.policy_goal
    base = {
        "name": "Opdracht",
        "taakveld": "6.1",
        "budget_cents": 100,
        "starts_on": D(2026, 1, 1),
        "ends_on": D(2026, 12, 31),
    }
    before = counts()
    with pytest.raises(ValidationError):  # two executors
        actions.assignment_create(
            actor=advisor, policy_goal=goal, team=world.consultant.team, executor_name="X", **base
        )
    with pytest.raises(ValidationError):  # none
        actions.assignment_create(actor=advisor, policy_goal=goal, **base)
    with pytest.raises(ValidationError) as refused:  # a team of another gemeente
        actions.assignment_create(
            actor=advisor, policy_goal=goal, team=TeamFactory(municipality=other_gemeente), **base
        )
    assert "team" in refused.value.message_dict
    with pytest.raises(ValidationError):  # ends before it starts
        actions.assignment_create(
            actor=advisor, policy_goal=goal, executor_name="X", **{**base, "ends_on": D(2025, 1, 1)}
        )
    with pytest.raises(ValidationError):  # not a taakveld
        actions.assignment_create(
            actor=advisor, policy_goal=goal, executor_name="X", **{**base, "taakveld": "9.9"}
        )
    assert counts() == before
    made = actions.assignment_create(actor=advisor, policy_goal=goal, executor_name="Buurtwerk Noord", **base)
    assert made.executor == "Buurtwerk Noord"


def test_service_delivery_is_a_service_or_a_product(world, small_chain):
    advisor, assignment = world.policy_advisor, small_chain.assignment
    product = Product.objects.get(code="wmo-hh")
    before = counts()
    with pytest.raises(ValidationError):
        actions.delivery_create(actor=advisor, assignment=assignment)
    with pytest.raises(ValidationError):
        actions.delivery_create(
            actor=advisor, assignment=assignment, service=service(world, "Eettafel"), product=product
        )
    assert counts() == before


def test_a_service_of_another_gemeente_is_refused(world, small_chain, other_gemeente):
    elsewhere = service(world, "Elders")
    elsewhere.municipality = other_gemeente
    elsewhere.save()
    with pytest.raises(ValidationError):
        actions.delivery_create(
            actor=world.policy_advisor, assignment=small_chain.assignment, service=elsewhere
        )


def test_an_agreed_result_is_once_per_indicator_and_on_an_active_one(world, small_chain):
    advisor, assignment = world.policy_advisor, small_chain.assignment
    with pytest.raises(ValidationError):  # legal-terms-met is agreed already
        actions.agreed_result_create(
            actor=advisor,
            assignment=assignment,
            indicator=indicator("legal-terms-met"),
            target_value=Decimal(90),
        )
    retired = indicator("community-share")
    retired.is_active = False
    retired.save()
    with pytest.raises(ValidationError):
        actions.agreed_result_create(
            actor=advisor, assignment=assignment, indicator=retired, target_value=Decimal(50)
        )
    assert AgreedResult.objects.count() == 1


def test_a_measurement_is_for_a_manual_indicator_in_the_gemeente(world, gemeente, north, other_gemeente):
    advisor = world.policy_advisor
    values = {
        "municipality": gemeente,
        "period_start": Q1[0],
        "period_end": Q1[1],
        "value": Decimal("41.5"),
        "source": "GGD",
    }
    with pytest.raises(ValidationError):  # computed, not entered
        actions.measurement_record(actor=advisor, indicator=indicator("legal-terms-met"), **values)
    with pytest.raises(ValidationError):  # an area of another gemeente
        actions.measurement_record(
            actor=advisor,
            indicator=indicator("loneliness-ggd"),
            area=DistrictFactory(municipality=other_gemeente),
            **values,
        )
    with pytest.raises(ValidationError):  # ends before it starts
        actions.measurement_record(
            actor=advisor, indicator=indicator("loneliness-ggd"), **{**values, "period_end": D(2025, 1, 1)}
        )
    assert Measurement.objects.count() == 0
    measurement = actions.measurement_record(
        actor=advisor, indicator=indicator("loneliness-ggd"), area=north, **values
    )
    assert (measurement.entered_by, measurement.area, measurement.value) == (advisor, north, Decimal("41.5"))


def test_a_policy_advisor_without_a_gemeente_changes_nothing(db, gemeente):
    advisor = UserFactory(username="zonder", role="policy_advisor", municipality=None)
    with pytest.raises(Http404):
        actions.effect_create(actor=advisor, municipality=gemeente, name="X")
    assert Effect.objects.count() == 0
