"""The anonymous results for the thermometer: per theme and statement, cells under 10 suppressed."""

from datetime import date

import pytest

from eenplan.experience.models import ExperienceAnswer
from eenplan.experience.queries import QuestionResult, experience_results
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def answer(municipality, code, value, *, law="wmo", theme="access", month=date(2026, 3, 1)):
    ExperienceAnswer.objects.create(
        municipality=municipality, law=law, theme=theme, question_code=code, value=value, month=month
    )


def cell(results, theme, code, law="wmo") -> QuestionResult:
    return next(r for r in results[theme] if r.code == code and r.law == law)


def test_nine_answers_are_suppressed_and_ten_are_shown_with_the_share_that_agrees():
    municipality = MunicipalityFactory()
    for value in [5, 4, 4, 3, 2, 1, 4, 5, 2]:
        answer(municipality, "knew-where-to-go", value)
    for value in [5, 4, 4, 3, 2, 1, 4, 5, 2, 4]:
        answer(municipality, "helped-quickly", value)

    results = experience_results(municipality, law="wmo")

    assert cell(results, "access", "knew-where-to-go") == QuestionResult(
        "wmo", "access", "knew-where-to-go", "Ik wist waar ik met mijn vraag terecht kon.", None, None
    )
    assert cell(results, "access", "helped-quickly") == QuestionResult(
        "wmo", "access", "helped-quickly", "Ik werd snel geholpen.", 10, 0.6
    )


def test_dont_know_counts_as_an_answer_but_not_as_an_opinion_so_the_share_can_be_suppressed_alone():
    municipality = MunicipalityFactory()
    for value in [5, 4, 4, 3, 2, 1, 4, 5, 2, None, None]:
        answer(municipality, "helped-quickly", value)
    for value in [5, 4, 4, 3, 2, 1, 4, 5, 2, 1, None, None]:
        answer(municipality, "taken-seriously", value, theme="quality")

    results = experience_results(municipality)

    assert (
        cell(results, "access", "helped-quickly").answer_count,
        cell(results, "access", "helped-quickly").agree_share,
    ) == (11, None)
    assert cell(results, "quality", "taken-seriously").answer_count == 12
    assert cell(results, "quality", "taken-seriously").agree_share == 0.5


def test_results_are_per_theme_in_order_with_every_configured_statement_of_the_law():
    results = experience_results(MunicipalityFactory(), law="jeugdwet")

    assert list(results) == ["access", "quality", "effect"]
    assert [r.code for r in results["effect"]] == ["child-better", "cope-better", "home-better"]
    assert all(r.answer_count is None and r.agree_share is None for rows in results.values() for r in rows)


def test_other_gemeenten_other_laws_and_months_before_since_are_left_out():
    municipality = MunicipalityFactory()
    other = MunicipalityFactory(code="GM0344", name="Utrecht", province="Utrecht", population=374238)
    for _ in range(10):
        answer(municipality, "helped-quickly", 4, month=date(2026, 3, 1))
        answer(municipality, "helped-quickly", 1, month=date(2026, 1, 1))
        answer(municipality, "helped-quickly", 1, law="jeugdwet")
        answer(other, "helped-quickly", 1)

    since_march = experience_results(municipality, law="wmo", since=date(2026, 3, 15))
    everything = experience_results(municipality)

    assert cell(since_march, "access", "helped-quickly").answer_count == 10
    assert cell(since_march, "access", "helped-quickly").agree_share == 1.0
    assert [r.law for r in since_march["access"]] == ["wmo", "wmo"]
    assert cell(everything, "access", "helped-quickly").answer_count == 20
    assert cell(everything, "access", "helped-quickly").agree_share == 0.5
    assert cell(everything, "access", "helped-quickly", law="jeugdwet").answer_count == 10
    assert [r.law for r in everything["access"]][:3] == ["wmo", "wmo", "jeugdwet"]  # Wmo first


def test_answers_to_a_statement_no_longer_configured_are_still_counted_under_their_code():
    municipality = MunicipalityFactory()
    for _ in range(10):
        answer(municipality, "retired-question", 5, theme="effect")

    results = experience_results(municipality, law="wmo")

    assert cell(results, "effect", "retired-question") == QuestionResult(
        "wmo", "effect", "retired-question", "retired-question", 10, 1.0
    )
