"""The survey pages. For the policy advisor and the functional admin of the gemeente (everyone else gets
404): the rounds, a new round, a round's counts and results, and making links per layer. For whoever
has a link, without logging in: the statements, and a thank-you page. Nothing about a respondent is
stored or logged."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eenplan.accounts.middleware import two_factor_exempt

from . import actions
from .forms import AnswerForm, InvitationsForm, SurveyForm, TokensForm
from .models import Invitation, Layer, SurveyError
from .queries import (
    DIVERGENCE,
    MIN_RESPONDENTS,
    access_survey_for,
    invitation_for_token,
    invitation_refusal,
    layer_counts,
    may_manage_surveys,
    statements_by_theme,
    survey_statements,
    surveys_for,
    theme_layer_scores,
    token_hash,
)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def _crumbs(*items) -> list[dict]:
    return [
        {"label": _("Start"), "url": reverse("core:start")},
        {"label": _("Enquêtes"), "url": reverse("surveys:list")},
        *items,
    ]


@require_GET
@login_required
def survey_list(request):
    context = {
        "surveys": surveys_for(request.user),
        "today": timezone.localdate(),
        "breadcrumbs": [{"label": _("Start"), "url": reverse("core:start")}, {"label": _("Enquêtes")}],
    }
    return render(request, "surveys/survey_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def survey_create(request):
    if not may_manage_surveys(request.user):
        raise Http404
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = actions.survey_create(
                actor=request.user,
                title=form.cleaned_data["title"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                statements=list(form.cleaned_data["statements"]),
            )
        except SurveyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De enquête is gemaakt. Maak nu de links per laag."))
            return redirect("surveys:detail", survey_id=survey.pk)
    context = {"form": form, "breadcrumbs": _crumbs({"label": _("Nieuwe enquête")})}
    return render(request, "surveys/survey_form.html", context)


def _detail_context(survey, form) -> dict:
    return {
        "survey": survey,
        "counts": layer_counts(survey),
        "scores": theme_layer_scores(survey),
        "statement_count": survey.statements.count(),
        "is_open": survey.is_open_on(timezone.localdate()),
        "is_closed": survey.closes_on < timezone.localdate(),
        "form": form,
        "min_respondents": MIN_RESPONDENTS,
        "divergence": DIVERGENCE,
        "breadcrumbs": _crumbs({"label": survey.title}),
    }


@require_GET
@login_required
def survey_detail(request, survey_id: int):
    survey = access_survey_for(request.user, survey_id)
    return render(request, "surveys/survey_detail.html", _detail_context(survey, InvitationsForm()))


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def invitations_new(request, survey_id: int):
    """Make links for a layer and show them once, with a CSV download. The tokens are not stored: this
    response is the only place they appear (and it is not cached)."""
    survey = access_survey_for(request.user, survey_id)
    if request.method == "GET":
        return redirect("surveys:detail", survey_id=survey.pk)
    form = InvitationsForm(request.POST)
    if form.is_valid():
        try:
            tokens = actions.invitations_create(
                actor=request.user,
                survey=survey,
                layer=form.cleaned_data["layer"],
                count=form.cleaned_data["count"],
            )
        except SurveyError as error:
            form.add_error(None, error.message)
        else:
            context = {
                "survey": survey,
                "layer": Layer(form.cleaned_data["layer"]).label,
                "links": [request.build_absolute_uri(reverse("surveys:answer", args=[t])) for t in tokens],
                "tokens": " ".join(tokens),
                "breadcrumbs": _crumbs(
                    {"label": survey.title, "url": reverse("surveys:detail", args=[survey.pk])},
                    {"label": _("Nieuwe links")},
                ),
            }
            return render(request, "surveys/invitations_made.html", context)
    return render(request, "surveys/survey_detail.html", _detail_context(survey, form))


@never_cache
@require_POST
@login_required
def invitations_csv(request, survey_id: int):
    """The links just made as a CSV file (layer, link), from the tokens the page posts back. Only tokens
    of this survey are written: the hash of each is looked up, so this makes no links of its own."""
    survey = access_survey_for(request.user, survey_id)
    form = TokensForm(request.POST)
    tokens = form.token_list() if form.is_valid() else []
    layers = dict(
        Invitation.objects.filter(survey=survey, token_hash__in=[token_hash(t) for t in tokens]).values_list(
            "token_hash", "layer"
        )
    )
    known = [(token, layers[token_hash(token)]) for token in tokens if token_hash(token) in layers]
    if not known:
        messages.warning(request, _("Er zijn geen links om te downloaden. Maak eerst nieuwe links."))
        return redirect("surveys:detail", survey_id=survey.pk)
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="enquete-{survey.pk}-links.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("laag"), _("link")])
    for token, layer in known:
        writer.writerow(
            [Layer(layer).label, request.build_absolute_uri(reverse("surveys:answer", args=[token]))]
        )
    return response


# -- the public pages: no log-in, nothing about the respondent stored or logged ---------------------------


@two_factor_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    """The statements of a survey for whoever has an open link. An unknown link: 404; a used one: the
    answers were received; out of the survey's period: it says so."""
    invitation = invitation_for_token(token)
    refusal = invitation_refusal(invitation, timezone.localdate())
    if refusal is not None:
        return _unavailable(request, refusal)
    survey = invitation.survey
    statements = survey_statements(survey)
    form = AnswerForm(request.POST or None, statements=statements)
    if request.method == "POST" and form.is_valid():
        try:
            actions.response_submit(token=token, answers=form.answers())
        except SurveyError as error:
            if error.code in ("unknown", "used", "not_open", "closed"):
                return _unavailable(request, error)
            form.add_error(None, error.message)
        else:
            return redirect("surveys:thanks")
    numbers = {statement.code: number for number, statement in enumerate(statements, start=1)}
    groups = [
        (theme, [(numbers[statement.code], form[statement.code]) for statement in theme_statements])
        for theme, theme_statements in statements_by_theme(statements)
    ]
    context = {
        "survey": survey,
        "layer": Layer(invitation.layer).label,
        "form": form,
        "groups": groups,
        "statement_count": len(statements),
    }
    return render(request, "surveys/answer.html", context)


def _unavailable(request, refusal: SurveyError):
    status = 404 if refusal.code == "unknown" else 200
    return render(request, "surveys/unavailable.html", {"refusal": refusal}, status=status)


@two_factor_exempt
@require_GET
def thanks(request):
    return render(request, "surveys/thanks.html")
