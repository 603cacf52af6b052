"""Indicators as configuration, the demo seed (with its visible break) and the synthetic chains."""

import json
from random import Random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eenplan.core.seeding import seed_demo
from eenplan.socialmap.models import Service
from eenplan.thermometer.configuration import CONFIG_FILE, load_indicators, validate_indicators
from eenplan.thermometer.models import (
    AgreedResult,
    Assignment,
    Delivery,
    Effect,
    Indicator,
    Measurement,
    PolicyGoal,
)
from eenplan.thermometer.queries import chain_for, rolling_year
from eenplan.thermometer.synthetic import generate_for_municipality

from .conftest import TODAY, service

pytestmark = pytest.mark.django_db


def test_the_shipped_indicators_are_loaded_and_the_admins_changes_stay(db):
    shipped = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
    assert Indicator.objects.count() == len(shipped) == 9
    Indicator.objects.filter(code="loneliness-ggd").update(name="Eenzaamheid (eigen naam)")
    Indicator.objects.filter(code="community-share").delete()
    load_indicators()
    assert Indicator.objects.get(code="loneliness-ggd").name == "Eenzaamheid (eigen naam)"
    assert Indicator.objects.filter(code="community-share").exists()
    assert all(indicator.definition for indicator in Indicator.objects.all())


@pytest.mark.parametrize(
    "broken",
    [
        {"code": "x", "name": "X", "definition": "Telt x.", "unit": "liters", "kind": "computed"},
        {"code": "x", "name": "X", "definition": "", "unit": "percent", "kind": "computed"},
        {"code": "x", "name": "X", "definition": "Telt x.", "unit": "percent", "kind": "guessed"},
        {
            "code": "x",
            "name": "X",
            "definition": "Telt x.",
            "unit": "percent",
            "kind": "manual",
            "colour": "red",
        },
    ],
)
def test_a_badly_described_indicator_is_refused(broken):
    with pytest.raises(ValidationError):
        validate_indicators([broken])


def test_two_indicators_with_one_code_are_refused():
    item = {"code": "x", "name": "X", "definition": "Telt x.", "unit": "percent", "kind": "manual"}
    validate_indicators([item])
    with pytest.raises(ValidationError):
        validate_indicators([item, item])


def test_the_demo_seed_fills_the_chain_with_a_visible_break(db):
    context = seed_demo(seed=2026, municipality_code="GM0193", households=12)
    municipality = context.objects["municipality"]
    chains = chain_for(municipality.pk, period=rolling_year(timezone.localdate()))
    assert [chain.effect.name for chain in chains] == [
        "Inwoners wonen langer zelfstandig thuis",
        "Kinderen groeien veilig en gezond op",
        "Minder inwoners zijn eenzaam",
    ]
    assert [len(chain.goals) for chain in chains] == [3, 2, 2]
    lonely = chains[2]
    labels = [b.label for b in lonely.breaks]
    assert (
        'Het beleidsdoel "Eenzaamheid wordt vroeg opgemerkt" heeft geen opdracht in deze periode.' in labels
    )
    assert any(
        b.kind == "delivery_without_result" and "in geen enkel plan afgesproken" in b.label
        for b in lonely.breaks
    )
    assignments = Assignment.objects.filter(policy_goal__effect__municipality=municipality)
    assert (
        assignments.filter(team__isnull=False).exists() and assignments.filter(partner__isnull=False).exists()
    )
    assert all(a.budget_cents > 0 and a.taakveld for a in assignments)
    assert (
        Delivery.objects.filter(service__isnull=False).exists()
        and Delivery.objects.filter(product__isnull=False).exists()
    )
    assert AgreedResult.objects.count() >= 7
    assert Measurement.objects.filter(municipality=municipality).count() == 7


def test_synthetic_chains_are_made_in_bulk_for_a_gemeente(world, gemeente, django_assert_max_num_queries):
    service(world, "Buurtkamer")
    Service.objects.update(municipality=gemeente)
    with django_assert_max_num_queries(20):
        made = generate_for_municipality(gemeente, random=Random(7), today=TODAY)
    assert made == {
        "thermometer.Effect": 3,
        "thermometer.PolicyGoal": 7,
        "thermometer.Assignment": 6,
        "thermometer.Delivery": 9,
        "thermometer.AgreedResult": 7,
        "thermometer.Measurement": 8 + 3 + 3,  # quarterly participants, two yearly figures
    }
    assert Effect.objects.filter(municipality=gemeente).count() == 3
    assert PolicyGoal.objects.filter(assignments__isnull=True).count() == 1
    assert set(Measurement.objects.values_list("entered_by", flat=True)) == {world.policy_advisor.pk}
    [_home, _children, lonely] = chain_for(gemeente.pk, period=rolling_year(TODAY))
    assert "goal_without_assignment" in {b.kind for b in lonely.breaks}
