"""State changes of the surveys: the policy advisor (or functional admin) of a gemeente opens a survey
round and makes links per layer; a respondent answers once with a link.

Nothing here writes a processing-log row: a survey holds no personal data. Answering is anonymous by
design (models.py): the response is stored without a link to the invitation or to anyone."""

import datetime
import secrets

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Answer, Invitation, Layer, Response, Score, Statement, Survey, SurveyError
from .queries import invitation_refusal, may_manage_surveys, survey_statements, token_hash

__all__ = ["SurveyError", "invitations_create", "response_submit", "survey_create"]

MAX_INVITATIONS = 1000  # links made at once, for one layer
TOKEN_BYTES = 24  # 192 random bits, 32 characters in a URL


def _check_manages(actor, survey: Survey | None = None) -> None:
    """Only the policy advisor and the functional admin of the survey's gemeente: 404 for anyone else."""
    if not may_manage_surveys(actor):
        raise Http404
    if survey is not None and survey.municipality_id != actor.municipality_id:
        raise Http404


@transaction.atomic
def survey_create(
    *,
    actor,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    statements: list[Statement] | None = None,
) -> Survey:
    """Open a survey round in the actor's gemeente. It asks ``statements``, by default every statement
    in use of a theme in use."""
    _check_manages(actor)
    if closes_on < opens_on:
        raise SurveyError(_("De enquête moet sluiten op of na de dag dat hij opengaat."), code="period")
    if statements is None:
        statements = list(Statement.objects.filter(is_active=True, theme__is_active=True))
    if not statements:
        raise SurveyError(_("Kies minstens één stelling."), code="no_statements")
    survey = Survey.objects.create(
        municipality_id=actor.municipality_id,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor,
        created_on=timezone.localdate(),
    )
    survey.statements.set(statements)
    return survey


@transaction.atomic
def invitations_create(*, actor, survey: Survey, layer: str, count: int) -> list[str]:
    """Make ``count`` links for one layer and return their tokens. This is the only time the tokens
    exist in plain form: only their SHA-256 hash is stored, so the caller shows (or hands over) them
    now, or never."""
    _check_manages(actor, survey)
    if layer not in Layer.values:
        raise SurveyError(_("Kies een laag."), code="layer")
    if not 1 <= count <= MAX_INVITATIONS:
        raise SurveyError(
            _("Maak tussen 1 en %(max)s links tegelijk.") % {"max": MAX_INVITATIONS}, code="count"
        )
    if survey.closes_on < timezone.localdate():
        raise SurveyError(_("Deze enquête is gesloten. Er kunnen geen links meer bij."), code="closed")
    tokens = [secrets.token_urlsafe(TOKEN_BYTES) for _index in range(count)]
    Invitation.objects.bulk_create(
        Invitation(survey=survey, layer=layer, token_hash=token_hash(token)) for token in tokens
    )
    return tokens


@transaction.atomic
def response_submit(*, token: str, answers: dict[str, int | None]) -> Response:
    """Store one respondent's answers with a link's token, and mark the link used, so it works once.

    ``answers`` maps every statement code of the survey to a score 1–5, or None for "weet ik niet".
    A token we do not know, one already used, and one of a survey that is not open today are refused
    with a ``SurveyError``; so are answers that leave out a statement, name one the survey does not ask,
    or give a score off the scale. Then nothing is stored.

    The response gets the survey, the layer and the day, and no link to the invitation; nothing is
    logged (see models.py)."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("survey")
        .filter(token_hash=token_hash(token))
        .first()
    )
    today = timezone.localdate()
    refusal = invitation_refusal(invitation, today)
    if refusal is not None:
        raise refusal
    survey = invitation.survey
    statements = {statement.code: statement for statement in survey_statements(survey)}
    unknown = sorted(set(answers) - set(statements))
    if unknown:
        raise SurveyError(
            _("Deze stelling hoort niet bij de enquête: %(code)s.") % {"code": unknown[0]}, code="statement"
        )
    missing = [code for code in statements if code not in answers]
    if missing:
        raise SurveyError(
            _("Geef bij elke stelling een antwoord. Weet u het niet? Kies dan “Weet ik niet”."),
            code="incomplete",
        )
    for score in answers.values():
        if score is not None and (isinstance(score, bool) or score not in Score.values):
            raise SurveyError(
                _("Kies bij elke stelling een antwoord van 1 tot en met 5, of “Weet ik niet”."), code="score"
            )
    invitation.used = True
    invitation.save(update_fields=["used"])
    response = Response.objects.create(survey=survey, layer=invitation.layer, submitted_on=today)
    Answer.objects.bulk_create(
        Answer(response=response, statement=statements[code], score=answers[code]) for code in statements
    )
    return response
