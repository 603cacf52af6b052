"""Reads of the surveys: who may manage a gemeente's surveys (the access functions), the invitation a
token opens, and the results per theme and layer that the thermometer reading shows.

The results are anonymous aggregates: a layer with fewer than ``MIN_RESPONDENTS`` respondents in a
survey is not shown, and a layer's mean on a theme is only shown when at least ``MIN_RESPONDENTS`` of
its respondents gave a score on that theme (else "weet ik niet" answers could leave one person's
scores visible). Nothing here reads personal data, so nothing is logged."""

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from eenplan.accounts.models import Role

from .models import Answer, Invitation, Layer, Response, Statement, Survey, SurveyError, Theme

MIN_RESPONDENTS = 5  # anonymity of answers: a layer with fewer respondents in a survey is not shown
DIVERGENCE = 1.0  # a theme whose layer means differ by at least this many points "diverges"

MANAGING_ROLES = (Role.POLICY_ADVISOR, Role.FUNCTIONAL_ADMIN)


# -- access -------------------------------------------------------------------------------------------------


def may_manage_surveys(user) -> bool:
    """The policy advisor and the functional admin of a gemeente manage its surveys; nobody else."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role in MANAGING_ROLES
        and user.municipality_id is not None
    )


def surveys_for(user) -> QuerySet[Survey]:
    """The surveys of the user's gemeente, newest first, with their number of responses; 404 for anyone
    who does not manage surveys."""
    if not may_manage_surveys(user):
        raise Http404
    return Survey.objects.filter(municipality_id=user.municipality_id).annotate(
        response_count=Count("responses")
    )


def access_survey_for(user, survey_id) -> Survey:
    """One survey of the user's gemeente, or 404 as if it does not exist (also for a policy advisor of
    another gemeente)."""
    if not may_manage_surveys(user):
        raise Http404
    try:
        return Survey.objects.select_related("municipality").get(
            pk=survey_id, municipality_id=user.municipality_id
        )
    except (Survey.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# -- tokens -------------------------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """The SHA-256 of a token, as stored. A token carries 192 random bits, so the hash cannot be
    reversed by trying tokens."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a token opens, with its survey, or None for a token we do not know."""
    return (
        Invitation.objects.select_related("survey__municipality").filter(token_hash=token_hash(token)).first()
    )


def invitation_refusal(invitation: Invitation | None, today: datetime.date) -> SurveyError | None:
    """Why a link cannot be used today (unknown, already used, survey not open yet or closed), or None
    when it can. One rule per line; the same for the answer page and ``actions.response_submit``."""
    if invitation is None:
        return SurveyError(
            _("Deze link kennen we niet. Kijk of u de hele link heeft overgenomen."), code="unknown"
        )
    if invitation.used:
        return SurveyError(_("Met deze link zijn de antwoorden al ontvangen. Dank u wel!"), code="used")
    if today < invitation.survey.opens_on:
        day = date_format(invitation.survey.opens_on, "j F Y")
        return SurveyError(
            _("Deze enquête is nog niet open. U kunt antwoorden vanaf %(day)s.") % {"day": day},
            code="not_open",
        )
    if today > invitation.survey.closes_on:
        return SurveyError(_("Deze enquête is gesloten. Antwoorden kan niet meer."), code="closed")
    return None


def survey_statements(survey: Survey) -> list[Statement]:
    """The statements a survey asks, in the configured order (theme, then statement)."""
    return list(
        survey.statements.select_related("theme").order_by("theme__order", "theme__name", "order", "code")
    )


def statements_by_theme(statements: list[Statement]) -> list[tuple[Theme, list[Statement]]]:
    groups: list[tuple[Theme, list[Statement]]] = []
    for statement in statements:
        if not groups or groups[-1][0].pk != statement.theme_id:
            groups.append((statement.theme, []))
        groups[-1][1].append(statement)
    return groups


# -- counts -------------------------------------------------------------------------------------------------


@dataclass
class LayerCount:
    layer: str
    label: str
    invited: int
    responses: int


def layer_counts(survey: Survey) -> list[LayerCount]:
    """Per layer (in ``Layer`` order): links made and responses received (a used link is a response,
    so that count is not repeated). Counts only, so they are shown unsuppressed to whoever manages the
    survey: they say how many answered, not what."""
    invitations = dict(
        Invitation.objects.filter(survey=survey)
        .values("layer")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("layer", "n")
    )
    responses = dict(
        Response.objects.filter(survey=survey)
        .values("layer")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("layer", "n")
    )
    return [
        LayerCount(
            layer=layer,
            label=str(label),
            invited=invitations.get(layer, 0),
            responses=responses.get(layer, 0),
        )
        for layer, label in Layer.choices
    ]


# -- results for the thermometer ----------------------------------------------------------------------------


@dataclass
class LayerScore:
    layer: str
    label: str
    respondents: int | None  # None when suppressed (< MIN_RESPONDENTS)
    mean: float | None  # None when suppressed (< MIN_RESPONDENTS) or no answers


@dataclass
class ThemeScores:
    code: str
    name: str
    layers: list[LayerScore]
    spread: float | None  # highest minus lowest shown mean; None with fewer than two shown
    diverges: bool
    lowest: LayerScore | None
    highest: LayerScore | None


def latest_survey_for(municipality_id: int) -> Survey | None:
    """The most recent survey of a gemeente that has responses (by opening day, then closing day)."""
    return (
        Survey.objects.filter(municipality_id=municipality_id)
        .filter(Exists(Response.objects.filter(survey=OuterRef("pk"))))
        .order_by("-opens_on", "-closes_on", "-pk")
        .first()
    )


def _themes_of(survey: Survey) -> list[Theme]:
    return list(Theme.objects.filter(statements__surveys=survey).distinct().order_by("order", "name", "pk"))


def theme_layer_scores(survey: Survey) -> list[ThemeScores]:
    """Per theme the survey asks (in configured order) the mean score of each layer (in ``Layer``
    order), and whether the layers diverge: a spread between the lowest and the highest shown mean of
    at least ``DIVERGENCE``.

    Means and counts are made in the database: one GROUP BY over theme and layer ("weet ik niet" is
    NULL and left out of the mean) and one count of responses per layer, plus the survey's themes;
    three queries whatever the size. A mean is a float (round it to 1 decimal for display)."""
    themes = _themes_of(survey)
    respondents = dict(
        Response.objects.filter(survey=survey)
        .values("layer")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("layer", "n")
    )
    cells = {
        (row["statement__theme_id"], row["response__layer"]): row
        for row in Answer.objects.filter(response__survey=survey)
        .values("statement__theme_id", "response__layer")
        .annotate(mean=Avg("score"), scored=Count("response", distinct=True, filter=Q(score__isnull=False)))
        .order_by()
    }
    results = []
    for theme in themes:
        layers = []
        for layer, label in Layer.choices:
            count = respondents.get(layer, 0)
            cell = cells.get((theme.pk, layer))
            shown = count >= MIN_RESPONDENTS
            mean = None
            if shown and cell and cell["mean"] is not None and cell["scored"] >= MIN_RESPONDENTS:
                mean = float(cell["mean"])
            layers.append(
                LayerScore(layer=layer, label=str(label), respondents=count if shown else None, mean=mean)
            )
        scored = [score for score in layers if score.mean is not None]
        lowest = min(scored, key=lambda score: score.mean, default=None)
        highest = max(scored, key=lambda score: score.mean, default=None)
        spread = highest.mean - lowest.mean if len(scored) >= 2 else None
        results.append(
            ThemeScores(
                code=theme.code,
                name=theme.name,
                layers=layers,
                spread=spread,
                diverges=spread is not None and round(spread, 9) >= DIVERGENCE,
                lowest=lowest if len(scored) >= 2 else None,
                highest=highest if len(scored) >= 2 else None,
            )
        )
    return results
