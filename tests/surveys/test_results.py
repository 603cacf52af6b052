"""The results the thermometer reads: the mean per theme and layer made in the database, a layer of
fewer than 5 respondents suppressed, "weet ik niet" left out, and the themes where the layers diverge."""

import datetime

import pytest

from eenplan.surveys.models import Layer, Response
from eenplan.surveys.queries import (
    DIVERGENCE,
    MIN_RESPONDENTS,
    LayerScore,
    ThemeScores,
    latest_survey_for,
    theme_layer_scores,
)

pytestmark = pytest.mark.django_db

LABELS = {
    "council_board": "Raad en college",
    "management": "Management",
    "policy": "Beleid",
    "execution": "Uitvoering",
    "partners": "Partners",
    "residents": "Inwoners",
}


def by_code(results) -> dict[str, ThemeScores]:
    return {theme.code: theme for theme in results}


def layer(theme: ThemeScores, code: str) -> LayerScore:
    return next(score for score in theme.layers if score.layer == code)


def test_the_limits_are_the_agreed_ones():
    assert (MIN_RESPONDENTS, DIVERGENCE) == (5, 1.0)


def test_five_respondents_in_a_layer_are_shown_four_are_not(make_survey, respond):
    survey = make_survey(themes=["prevention", "finances"])
    for score in (4, 4, 4, 5, 5):
        respond(survey, "policy", score)
    for _index in range(4):
        respond(survey, "execution", 2)

    results = theme_layer_scores(survey)

    def only_policy(mean):
        return [
            LayerScore(code, LABELS[code], 5, mean)
            if code == "policy"
            else LayerScore(code, LABELS[code], None, None)
            for code in LABELS
        ]

    assert results == [
        ThemeScores("prevention", "Preventie", only_policy(4.4), None, False, None, None),
        ThemeScores("finances", "Financiën", only_policy(4.4), None, False, None, None),
    ]
    respond(survey, "execution", 2)  # the fifth: now execution is shown too
    prevention = by_code(theme_layer_scores(survey))["prevention"]
    assert layer(prevention, "execution") == LayerScore("execution", "Uitvoering", 5, 2.0)
    assert prevention.spread == pytest.approx(2.4)


def test_weet_ik_niet_is_left_out_of_the_mean(make_survey, respond):
    survey = make_survey(themes=["prevention"])
    for score in (5, 5, 3, 3, 4, None):
        respond(survey, "residents", score)

    (prevention,) = theme_layer_scores(survey)

    assert layer(prevention, "residents") == LayerScore("residents", "Inwoners", 6, 4.0)


def test_a_theme_mean_needs_five_respondents_with_a_score_on_it(make_survey, respond):
    """Five respondents of whom three answered "weet ik niet" on finances: their mean on finances
    would show two people's scores, so it is not shown; prevention is."""
    survey = make_survey(themes=["prevention", "finances"])
    for finances in (2, 3, None, None, None):
        respond(survey, "partners", {"prevention": 3, "finances": finances})

    results = by_code(theme_layer_scores(survey))

    assert layer(results["prevention"], "partners") == LayerScore("partners", "Partners", 5, 3.0)
    assert layer(results["finances"], "partners") == LayerScore("partners", "Partners", 5, None)


def test_a_theme_diverges_at_a_spread_of_one_point_and_not_below(make_survey, respond):
    survey = make_survey(themes=["prevention", "finances"])
    for _index in range(5):
        respond(survey, "policy", 4)
    # Execution: 3 everywhere, except one respondent's 4 on two prevention statements → 62 / 20 = 3.1.
    respond(survey, "execution", 3, overrides={"prevention-early": 4, "prevention-investment": 4})
    for _index in range(4):
        respond(survey, "execution", 3)
    for _index in range(5):
        respond(survey, "council_board", {"prevention": 4, "finances": 3})

    results = by_code(theme_layer_scores(survey))

    prevention, finances = results["prevention"], results["finances"]
    assert layer(prevention, "execution").mean == pytest.approx(3.1)
    assert prevention.spread == pytest.approx(0.9)
    assert prevention.diverges is False
    assert (prevention.lowest.layer, prevention.highest.layer) == ("execution", "council_board")
    assert finances.spread == 1.0
    assert finances.diverges is True
    # Ties go to the first layer in Layer order: council_board (3.0) before execution (3.0).
    assert (finances.lowest.layer, finances.highest.layer) == ("council_board", "policy")


def test_themes_come_in_configured_order_and_layers_in_layer_order(make_survey, respond):
    survey = make_survey(themes=["finances", "own-strength", "regie"])
    respond(survey, "management", 3)

    results = theme_layer_scores(survey)

    assert [theme.code for theme in results] == ["own-strength", "regie", "finances"]
    assert [score.layer for score in results[0].layers] == Layer.values
    assert [score.label for score in results[0].layers] == list(LABELS.values())


def test_the_scores_take_three_queries_whatever_the_size(make_survey, respond, django_assert_num_queries):
    small = make_survey(themes=["regie"])
    respond(small, "policy", 3)
    large = make_survey()
    for index in range(12):
        respond(large, Layer.values[index % 6], 1 + index % 5)

    with django_assert_num_queries(3):
        theme_layer_scores(small)
    with django_assert_num_queries(3):
        results = theme_layer_scores(large)
    assert len(results) == 7


def test_the_latest_survey_is_the_most_recent_one_with_responses(
    world, make_survey, respond, today, other_advisor
):
    def days(n):
        return today + datetime.timedelta(days=n)

    older = make_survey(themes=["regie"], title="Oud", opens_on=days(-60), closes_on=days(1))
    newer = make_survey(themes=["regie"], title="Nieuw", opens_on=days(-20), closes_on=days(1))
    make_survey(themes=["regie"], title="Nog leeg", opens_on=days(-1), closes_on=days(10))
    elsewhere = make_survey(
        themes=["regie"], title="Elders", opens_on=days(0), closes_on=days(1), actor=other_advisor
    )
    for survey in (older, newer):
        respond(survey, "policy", 3)
    Response.objects.create(survey=elsewhere, layer="policy", submitted_on=today)

    assert latest_survey_for(world.policy_advisor.municipality_id) == newer
    assert latest_survey_for(other_advisor.municipality_id) == elsewhere
    Response.objects.filter(survey__in=[older, newer]).delete()
    assert latest_survey_for(world.policy_advisor.municipality_id) is None
