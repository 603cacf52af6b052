"""Anonymity is real: nothing on a response or an answer points at an invitation or a person, a
response knows only its day (no time), and answering writes no processing-log row."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from eenplan.core.models import ProcessingLogEntry
from eenplan.surveys.models import Answer, Invitation, Response

pytestmark = pytest.mark.django_db


def fields(model) -> dict[str, type]:
    return {field.name: type(field) for field in model._meta.concrete_fields}


def test_a_response_holds_only_its_survey_layer_and_day():
    assert fields(Response) == {
        "id": models.BigAutoField,
        "survey": models.ForeignKey,
        "layer": models.CharField,
        "submitted_on": models.DateField,  # a date, not a DateTimeField: no time of day
    }
    assert fields(Answer) == {
        "id": models.BigAutoField,
        "response": models.ForeignKey,
        "statement": models.ForeignKey,
        "score": models.PositiveSmallIntegerField,
    }


def test_nothing_on_a_response_or_answer_references_an_invitation_or_a_user():
    user = get_user_model()
    for model in (Response, Answer):
        targets = {field.related_model for field in model._meta.get_fields() if field.is_relation}
        assert Invitation not in targets, model
        assert user not in targets, model
    # … and an invitation points at no response either, nor at a person.
    invitation_targets = {field.related_model for field in Invitation._meta.get_fields() if field.is_relation}
    assert invitation_targets.isdisjoint({Response, Answer, user})


def test_answering_writes_only_the_invitation_the_response_and_its_answers(make_survey, respond, today):
    survey = make_survey(themes=["regie"])
    log_rows = ProcessingLogEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = respond(survey, "residents", 4)

    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    tables = sorted({sql.split('"')[1] for sql in writes})
    assert tables == ["surveys_answer", "surveys_invitation", "surveys_response"]
    assert ProcessingLogEntry.objects.count() == log_rows
    assert Response.objects.filter(pk=response.pk).values_list("layer", "submitted_on").get() == (
        "residents",
        today,
    )
