"""Survey fixtures: a round in the world's gemeente (Zwolle) made by grace, the policy advisor, and
helpers that answer it through the actions, as a respondent with a link would."""

import datetime

import pytest
from django.utils import timezone

from eenplan.accounts.models import Role
from eenplan.surveys import actions
from eenplan.surveys.models import Statement
from tests.factories import MunicipalityFactory, UserFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_survey(world, today):
    """``make_survey(themes=[...], opens_on=…, closes_on=…)``: a round of the world's gemeente asking the
    statements in use of the given themes (all themes when None)."""

    def make(*, themes=None, opens_on=None, closes_on=None, title="Thermometer voorjaar", actor=None):
        statements = None
        if themes is not None:
            statements = list(Statement.objects.filter(theme__code__in=themes, is_active=True))
        return actions.survey_create(
            actor=actor or world.policy_advisor,
            title=title,
            opens_on=opens_on or today - datetime.timedelta(days=7),
            closes_on=closes_on or today + datetime.timedelta(days=7),
            statements=statements,
        )

    return make


@pytest.fixture
def codes():
    """The statement codes a survey asks, in order."""
    return lambda survey: list(
        survey.statements.order_by("theme__order", "order").values_list("code", flat=True)
    )


@pytest.fixture
def respond(world, codes):
    """``respond(survey, layer, scores, overrides)``: one respondent of a layer answers with a new link.
    ``scores`` is a score (or None) for every statement, or a dict theme code → score; ``overrides`` a
    dict statement code → score for single statements."""

    def answer(survey, layer, scores, overrides=None):
        token = actions.invitations_create(actor=world.policy_advisor, survey=survey, layer=layer, count=1)[0]
        statements = survey.statements.select_related("theme")
        if isinstance(scores, dict):
            answers = {statement.code: scores[statement.theme.code] for statement in statements}
        else:
            answers = {statement.code: scores for statement in statements}
        answers.update(overrides or {})
        return actions.response_submit(token=token, answers=answers)

    return answer


@pytest.fixture
def other_advisor(db):
    """A policy advisor of another gemeente."""
    amsterdam = MunicipalityFactory(code="GM0363", name="Amsterdam", population=931298)
    return UserFactory(username="olivia", role=Role.POLICY_ADVISOR, municipality=amsterdam)
