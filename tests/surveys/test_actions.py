"""The survey actions: a round in the actor's gemeente, links shown once (only their hash stored), and
answers with a link: once, in the survey's period, covering every statement; a refusal stores nothing."""

import datetime
import hashlib

import pytest
from django.http import Http404
from django.utils.formats import date_format

from eenplan.core.models import ProcessingLogEntry
from eenplan.surveys import actions
from eenplan.surveys.actions import SurveyError
from eenplan.surveys.models import Answer, Invitation, Response, Statement, Survey

pytestmark = pytest.mark.django_db


# -- survey_create ------------------------------------------------------------------------------------------


def test_a_survey_asks_every_statement_in_use_by_default(world, today):
    Statement.objects.filter(code="regie-mandate").update(is_active=False)

    survey = actions.survey_create(
        actor=world.policy_advisor,
        title=" Thermometer 2026 ",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=14),
    )

    assert survey.title == "Thermometer 2026"
    assert survey.municipality_id == world.policy_advisor.municipality_id
    assert (survey.created_by, survey.created_on) == (world.policy_advisor, today)
    assert survey.statements.count() == 23
    assert not survey.statements.filter(code="regie-mandate").exists()


def test_the_functional_admin_makes_a_survey_too_and_a_consultant_cannot(world, today):
    survey = actions.survey_create(
        actor=world.functional_admin, title="Ronde", opens_on=today, closes_on=today
    )
    assert survey.municipality_id == world.functional_admin.municipality_id

    with pytest.raises(Http404):
        actions.survey_create(actor=world.consultant, title="Ronde", opens_on=today, closes_on=today)
    assert Survey.objects.count() == 1


def test_a_survey_that_closes_before_it_opens_is_refused(world, today):
    with pytest.raises(SurveyError) as error:
        actions.survey_create(
            actor=world.policy_advisor,
            title="Ronde",
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
        )
    assert error.value.code == "period"
    assert error.value.message == "De enquête moet sluiten op of na de dag dat hij opengaat."
    assert Survey.objects.count() == 0


# -- invitations_create ------------------------------------------------------------------------------------


def test_links_are_returned_once_and_only_their_hash_is_stored(world, make_survey):
    survey = make_survey()

    tokens = actions.invitations_create(actor=world.policy_advisor, survey=survey, layer="execution", count=3)

    assert len(tokens) == len(set(tokens)) == 3
    assert all(len(token) == 32 for token in tokens)
    stored = list(Invitation.objects.values_list("survey_id", "layer", "token_hash", "used"))
    assert sorted(stored) == sorted(
        (survey.pk, "execution", hashlib.sha256(token.encode()).hexdigest(), False) for token in tokens
    )
    for token in tokens:  # the plain token is nowhere in the table
        assert not any(token in str(value) for row in stored for value in row)


@pytest.mark.parametrize(
    ("layer", "count", "code"),
    [("execution", 0, "count"), ("execution", 1001, "count"), ("everyone", 2, "layer")],
)
def test_a_wrong_layer_or_count_makes_no_links(world, make_survey, layer, count, code):
    survey = make_survey()
    with pytest.raises(SurveyError) as error:
        actions.invitations_create(actor=world.policy_advisor, survey=survey, layer=layer, count=count)
    assert error.value.code == code
    assert Invitation.objects.count() == 0


def test_no_links_for_a_closed_survey(world, make_survey, today):
    survey = make_survey(
        opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=1)
    )
    with pytest.raises(SurveyError) as error:
        actions.invitations_create(actor=world.policy_advisor, survey=survey, layer="policy", count=2)
    assert error.value.message == "Deze enquête is gesloten. Er kunnen geen links meer bij."
    assert Invitation.objects.count() == 0


def test_no_links_for_a_survey_of_another_gemeente_or_by_another_role(world, make_survey, other_advisor):
    survey = make_survey()
    for actor in (other_advisor, world.consultant, world.team_lead, world.resident):
        with pytest.raises(Http404):
            actions.invitations_create(actor=actor, survey=survey, layer="policy", count=2)
    assert Invitation.objects.count() == 0


# -- response_submit ----------------------------------------------------------------------------------------


@pytest.fixture
def open_link(world, make_survey):
    survey = make_survey(themes=["prevention", "finances"])
    token = actions.invitations_create(actor=world.policy_advisor, survey=survey, layer="partners", count=1)[
        0
    ]
    return survey, token


def all_answers(survey, score=4) -> dict:
    return dict.fromkeys(survey.statements.values_list("code", flat=True), score)


def test_answers_are_stored_with_the_layer_and_day_and_the_link_is_used(open_link, today, codes):
    survey, token = open_link
    answers = all_answers(survey)
    answers["finances-sufficient"] = None  # weet ik niet
    answers["prevention-early"] = 1
    log_rows = ProcessingLogEntry.objects.count()

    response = actions.response_submit(token=token, answers=answers)

    assert (response.survey, response.layer, response.submitted_on) == (survey, "partners", today)
    assert dict(Answer.objects.filter(response=response).values_list("statement__code", "score")) == answers
    assert len(answers) == len(codes(survey)) == 7
    assert Invitation.objects.get().used is True
    assert ProcessingLogEntry.objects.count() == log_rows  # no personal data: nothing logged
    # Nothing says when a link was used: next to the response's day that would link the two.
    assert not [field.name for field in Invitation._meta.concrete_fields if field.get_internal_type() in {
        "DateField", "DateTimeField", "TimeField"
    }]  # fmt: skip


def test_a_link_works_once(open_link):
    survey, token = open_link
    actions.response_submit(token=token, answers=all_answers(survey, 5))

    with pytest.raises(SurveyError) as error:
        actions.response_submit(token=token, answers=all_answers(survey, 1))

    assert error.value.code == "used"
    assert error.value.message == "Met deze link zijn de antwoorden al ontvangen. Dank u wel!"
    assert Response.objects.count() == 1
    assert set(Answer.objects.values_list("score", flat=True)) == {5}


def test_an_unknown_link_is_refused(open_link):
    survey, _token = open_link
    with pytest.raises(SurveyError) as error:
        actions.response_submit(token="bestaat-niet", answers=all_answers(survey))
    assert error.value.code == "unknown"
    assert error.value.message == "Deze link kennen we niet. Kijk of u de hele link heeft overgenomen."
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("opens", "closes", "code", "message"),
    [
        (1, 10, "not_open", "Deze enquête is nog niet open. U kunt antwoorden vanaf {day}."),
        (-10, -1, "closed", "Deze enquête is gesloten. Antwoorden kan niet meer."),
    ],
)
def test_a_link_outside_the_survey_period_is_refused(world, make_survey, today, opens, closes, code, message):
    survey = make_survey(
        themes=["regie"],
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=10),
    )
    token = actions.invitations_create(actor=world.policy_advisor, survey=survey, layer="policy", count=1)[0]
    opens_on, closes_on = today + datetime.timedelta(days=opens), today + datetime.timedelta(days=closes)
    Survey.objects.filter(pk=survey.pk).update(opens_on=opens_on, closes_on=closes_on)
    survey.refresh_from_db()

    with pytest.raises(SurveyError) as error:
        actions.response_submit(token=token, answers=all_answers(survey))

    assert error.value.code == code
    assert error.value.message == message.format(day=date_format(opens_on, "j F Y"))
    assert Response.objects.count() == 0
    assert Invitation.objects.get().used is False


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda answers: answers.pop("prevention-early"), "incomplete"),
        (lambda answers: answers.update({"regie-clear": 3}), "statement"),
        (lambda answers: answers.update({"finances-insight": 6}), "score"),
        (lambda answers: answers.update({"finances-insight": 0}), "score"),
        (lambda answers: answers.update({"finances-insight": True}), "score"),
        (lambda answers: answers.update({"finances-insight": "4"}), "score"),
    ],
)
def test_incomplete_or_wrong_answers_are_refused_and_nothing_is_stored(open_link, change, code):
    survey, token = open_link
    answers = all_answers(survey)
    change(answers)

    with pytest.raises(SurveyError) as error:
        actions.response_submit(token=token, answers=answers)

    assert error.value.code == code
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)
    assert Invitation.objects.get().used is False  # the link still works


def test_the_incomplete_message_says_what_to_do(open_link):
    _survey, token = open_link
    with pytest.raises(SurveyError) as error:
        actions.response_submit(token=token, answers={})
    assert (
        error.value.message
        == "Geef bij elke stelling een antwoord. Weet u het niet? Kies dan “Weet ik niet”."
    )
