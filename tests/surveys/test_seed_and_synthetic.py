"""The demo seed (one closed round with a visible break on prevention and information sharing) and the
synthetic round per gemeente for the national generator, both written in bulk."""

import datetime
from random import Random

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from eenplan.core.models import Municipality
from eenplan.core.seeding import seed_demo
from eenplan.surveys.models import Answer, Invitation, Layer, Response, Survey
from eenplan.surveys.queries import latest_survey_for, theme_layer_scores
from eenplan.surveys.synthetic import generate_for_municipality
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def per_layer(survey) -> dict[str, int]:
    return dict(
        Response.objects.filter(survey=survey)
        .values("layer")
        .annotate(n=Count("pk"))
        .values_list("layer", "n")
    )


@pytest.mark.parametrize("seed", [3, 7, 11, 2026])
def test_the_demo_has_one_closed_round_where_prevention_and_information_sharing_break(seed):
    seed_demo(seed=seed, municipality_code="GM0193", households=12)

    survey = Survey.objects.get()
    today = timezone.localdate()
    assert survey.closes_on < today and survey.created_by.username == "beleid"
    assert latest_survey_for(Municipality.objects.get().pk) == survey
    counts = per_layer(survey)
    assert set(counts) == set(Layer.values)
    assert all(8 <= count <= 30 for count in counts.values())
    assert Answer.objects.count() == sum(counts.values()) * 24
    assert Invitation.objects.filter(used=True).count() == sum(counts.values())
    results = {theme.code: theme for theme in theme_layer_scores(survey)}
    assert {code for code, theme in results.items() if theme.diverges} == {
        "prevention",
        "information-sharing",
    }
    for code in ("prevention", "information-sharing"):
        means = {score.layer: score.mean for score in results[code].layers}
        assert means["council_board"] >= 3.6 and means["policy"] >= 3.6
        assert all(means[layer] <= 2.5 for layer in ("execution", "partners", "residents"))
        assert results[code].lowest.layer in ("execution", "partners", "residents")
    for code in ("own-strength", "integrality", "collaboration", "regie", "finances"):
        assert all(2.7 <= score.mean <= 3.8 for score in results[code].layers), code


def test_the_same_seed_gives_the_same_answers():
    def made(seed):
        seed_demo(seed=seed, municipality_code="GM0193", households=12)
        rows = list(
            Answer.objects.order_by(
                "response__layer", "response__submitted_on", "statement__code", "score"
            ).values_list("response__layer", "response__submitted_on", "statement__code", "score")
        )
        return rows

    with transaction.atomic():
        first = made(5)
        transaction.set_rollback(True)
    with transaction.atomic():
        second = made(5)
        transaction.set_rollback(True)
    assert first == second and first


def test_a_synthetic_round_for_a_gemeente_is_written_in_bulk(django_assert_max_num_queries):
    municipality = MunicipalityFactory(code="GM0014", name="Groningen", population=243768)
    advisor = UserFactory(username="gm0014-beleid", role="policy_advisor", municipality=municipality)
    today = datetime.date(2026, 6, 1)

    # Batched inserts, not one per row (~240 responses, ~5,800 answers); SQLite takes at most 999
    # parameters in one statement, so a batch of answers is a few statements there.
    with django_assert_max_num_queries(40):
        survey = generate_for_municipality(
            municipality, random=Random(3), today=today, respondents_per_layer=40
        )

    assert (survey.municipality, survey.created_by) == (municipality, advisor)
    assert survey.closes_on < today and survey.opens_on <= survey.closes_on
    counts = per_layer(survey)
    assert set(counts) == set(Layer.values) and all(30 <= count <= 50 for count in counts.values())
    assert Answer.objects.filter(response__survey=survey).count() == sum(counts.values()) * 24
    results = theme_layer_scores(survey)
    assert 1 <= sum(theme.diverges for theme in results) <= 3
    assert all(score.mean is not None for theme in results for score in theme.layers)


def test_a_synthetic_round_is_deterministic_and_needs_no_user():
    municipality = MunicipalityFactory(code="GM0014", name="Groningen", population=243768)
    today = datetime.date(2026, 6, 1)

    first = generate_for_municipality(municipality, random=Random(9), today=today, respondents_per_layer=10)
    second = generate_for_municipality(municipality, random=Random(9), today=today, respondents_per_layer=10)

    assert first.created_by is None
    assert (first.opens_on, first.closes_on, per_layer(first)) == (
        second.opens_on,
        second.closes_on,
        per_layer(second),
    )
    scores = [[(s.layer, s.mean) for s in theme.layers] for theme in theme_layer_scores(first)]
    assert scores == [[(s.layer, s.mean) for s in theme.layers] for theme in theme_layer_scores(second)]
