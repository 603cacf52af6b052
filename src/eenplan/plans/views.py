"""Views of the plan: access → form → one action → redirect or render. A stale edit is refused with
a clear message; what the editor typed stays in the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from eenplan.accounts.models import TEAM_ROLES, Role
from eenplan.assessment.models import Instrument
from eenplan.core.documents import pdf_response
from eenplan.intake.forms import DomainScoreForm
from eenplan.intake.queries import access_support_request_for
from eenplan.socialmap.models import Service
from eenplan.socialmap.queries import suggestions_for

from . import actions
from .forms import (
    AgreeForm,
    AgreementForm,
    AgreementStatusForm,
    CaseDirectorForm,
    CloseForm,
    EvaluationForm,
    GoalEvaluationForm,
    GoalForm,
    ParticipantForm,
    ServiceOutcomeForm,
    ServiceToPlanForm,
    VersionOnlyForm,
    WhatMattersForm,
)
from .models import Plan
from .queries import access_goal_for, access_plan_for, access_plan_history_for, open_plan_id

STATE_ERROR = gettext_lazy("Dat kan niet in de huidige stand van het plan. Er is niets gewijzigd.")


def _crumbs(plan, *items):
    return [
        {"label": _("Start"), "url": reverse("core:start")},
        {"label": plan.household.reference, "url": reverse("households:detail", args=[plan.household_id])},
        {"label": plan.reference, "url": reverse("plans:detail", args=[plan.pk])}
        if items
        else {"label": plan.reference},
        *items,
    ]


def _stale(request, form, error: actions.StalePlan) -> None:
    """Keep what the editor typed, tell them what happened, and let a new save be a conscious one."""
    form.data = form.data.copy()
    form.data["version"] = error.current_version
    form.add_error(
        None,
        _(
            "Iemand anders heeft dit plan intussen gewijzigd (nu versie %(version)s). Uw wijziging is niet "
            "opgeslagen. Bekijk het plan opnieuw; wat u invulde staat hieronder nog. Sla op om het toch "
            "door te voeren."
        )
        % {"version": error.current_version},
    )


def _perform(request, form, do, success: str) -> bool:
    """Run one action with the form's values; True when it was saved."""
    try:
        do()
    except actions.StalePlan as error:
        _stale(request, form, error)
        return False
    except actions.PlanStateError:
        form.add_error(None, STATE_ERROR)
        return False
    messages.success(request, success)
    return True


def _shows_suggestions(user, plan) -> bool:
    """The social map's suggestions per goal are for the team while the plan is open."""
    return user.role in TEAM_ROLES and plan.is_open


def _detail_context(request, plan, **forms):
    version = {"version": plan.version}
    return {
        "plan": plan,
        "today": timezone.localdate(),
        "agree_form": forms.get("agree_form") or AgreeForm(initial=version),
        "close_form": forms.get("close_form") or CloseForm(initial=version),
        "version_form": VersionOnlyForm(initial=version),
        "goals": list(plan.goals.all()),
        # Each goal's suggestions load after the page (goal_suggestions): searching the social map for
        # every goal took most of the page's time.
        "show_suggestions": _shows_suggestions(request.user, plan),
        "loose_agreements": [a for a in plan.agreements.all() if a.goal_id is None],
        "can_assign_regie": request.user.role == Role.TEAM_LEAD,
        "agree_url": reverse("plans:agree", args=[plan.pk]),
        "agree_label": _("Akkoord vastleggen"),
        "close_url": reverse("plans:close", args=[plan.pk]),
        "close_label": _("Plan afsluiten"),
        "breadcrumbs": _crumbs(plan),
    }


@require_POST
@login_required
def plan_create(request, support_request_id: int):
    support_request = access_support_request_for(request.user, support_request_id, channel="screen")
    try:
        plan = actions.plan_create(actor=request.user, support_request=support_request)
    except actions.PlanStateError:
        existing = open_plan_id(support_request.household_id)
        if existing is None:
            raise Http404 from None
        messages.info(request, _("Dit huishouden heeft al een plan. Eén huishouden, één plan."))
        return redirect("plans:detail", existing)
    messages.success(
        request,
        _("Het plan is gemaakt, met wat belangrijk is in de woorden van de inwoner. Voeg doelen toe."),
    )
    return redirect("plans:detail", plan.pk)


@require_GET
@login_required
def plan_detail(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="screen")
    return render(request, "plans/plan_detail.html", _detail_context(request, plan))


@require_GET
@login_required
@vary_on_headers("HX-Request")
def goal_suggestions(request, plan_id: int, goal_id: int):
    """Social-map services that answer one goal: loaded into the plan page by HTMX when the goal comes
    into view, or a page of their own without JavaScript."""
    if request.user.role not in TEAM_ROLES:
        raise Http404
    goal = access_goal_for(request.user, plan_id, goal_id, channel="screen")
    plan = goal.plan
    hits = (
        suggestions_for(goal.text, plan.household, limit=3)
        if _shows_suggestions(request.user, plan)
        else None
    )
    context = {"plan": plan, "goal": goal, "hits": hits}
    if request.headers.get("HX-Request"):
        return render(request, "plans/partials/goal_suggestions.html", context)
    title = _("Suggesties van de sociale kaart")
    return render(
        request,
        "plans/goal_suggestions.html",
        context | {"title": title, "breadcrumbs": _crumbs(plan, {"label": title})},
    )


def _form_page(request, plan, form, title: str, submit: str, intro: str = ""):
    return render(
        request,
        "plans/plan_form.html",
        {
            "plan": plan,
            "form": form,
            "title": title,
            "submit_label": submit,
            "intro": intro,
            "breadcrumbs": _crumbs(plan, {"label": title}),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def what_matters_edit(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="screen")
    form = WhatMattersForm(
        request.POST or None, initial={"version": plan.version, "what_matters": plan.what_matters}
    )
    if request.method == "POST" and form.is_valid():
        saved = _perform(
            request,
            form,
            lambda: actions.plan_update(
                actor=request.user, plan=plan, version=form.cleaned_data["version"], **form.values()
            ),
            _("Opgeslagen."),
        )
        if saved:
            return redirect("plans:detail", plan.pk)
    return _form_page(request, plan, form, _("Wat is belangrijk"), _("Opslaan"))


@require_http_methods(["GET", "POST"])
@login_required
def goal_edit(request, plan_id: int, goal_id: int | None = None):
    plan = access_plan_for(request.user, plan_id, channel="screen")
    goal = next((g for g in plan.goals.all() if g.pk == goal_id), None) if goal_id else None
    if goal_id and goal is None:
        raise Http404
    initial = {"version": plan.version}
    if goal:
        initial |= {
            "text": goal.text,
            "domains": list(goal.domains.all()),
            "priority": goal.priority,
            "target_date": goal.target_date,
        }
    form = GoalForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        if goal:
            saved = _perform(
                request,
                form,
                lambda: actions.goal_update(
                    actor=request.user, plan=plan, version=version, goal=goal, **form.values()
                ),
                _("Het doel is aangepast."),
            )
        else:
            saved = _perform(
                request,
                form,
                lambda: actions.goal_add(actor=request.user, plan=plan, version=version, **form.values()),
                _("Het doel is toegevoegd. Spreek af wie wat doet."),
            )
        if saved:
            return redirect("plans:detail", plan.pk)
    title = _("Doel aanpassen") if goal else _("Doel toevoegen")
    return _form_page(request, plan, form, title, _("Opslaan"))


def _plan_post(request, plan_id, form_class, do, success: str, **form_kwargs):
    """A small POST from the plan page (agree, start, close, remove): on a problem, back to the plan
    with the message shown there."""
    plan = access_plan_for(request.user, plan_id, channel="screen")
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid() and _perform(request, form, lambda: do(plan, form), success):
        return redirect("plans:detail", plan.pk)
    if form_class in (AgreeForm, CloseForm) and form.errors.keys() - {"__all__"}:
        key = "agree_form" if form_class is AgreeForm else "close_form"
        return render(request, "plans/plan_detail.html", _detail_context(request, plan, **{key: form}))
    for error in form.non_field_errors() or [STATE_ERROR]:
        messages.error(request, error)
    return redirect("plans:detail", plan.pk)


@require_POST
@login_required
def goal_remove(request, plan_id: int, goal_id: int):
    def do(plan, form):
        goal = next((g for g in plan.goals.all() if g.pk == goal_id), None)
        if goal is None:
            raise Http404
        actions.goal_remove(actor=request.user, plan=plan, version=form.cleaned_data["version"], goal=goal)

    return _plan_post(
        request, plan_id, VersionOnlyForm, do, _("Het doel is verwijderd. De afspraken blijven staan.")
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreement_edit(request, plan_id: int, agreement_id: int | None = None):
    plan = access_plan_for(request.user, plan_id, channel="screen")
    agreement = (
        next((a for a in plan.agreements.all() if a.pk == agreement_id), None) if agreement_id else None
    )
    if agreement_id and (agreement is None or agreement.kind == agreement.Kind.PROVISION):
        raise Http404
    initial = {"version": plan.version, "goal": request.GET.get("doel")}
    if agreement:
        initial |= {
            name: getattr(agreement, name)
            for name in (
                "kind",
                "description",
                "goal",
                "person",
                "network_member",
                "community_service",
                "partner",
                "performer",
                "due_on",
            )
        }
    form = AgreementForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        if agreement:
            saved = _perform(
                request,
                form,
                lambda: actions.agreement_update(
                    actor=request.user, plan=plan, version=version, agreement=agreement, **form.values()
                ),
                _("De afspraak is aangepast."),
            )
        else:
            saved = _perform(
                request,
                form,
                lambda: actions.agreement_add(
                    actor=request.user, plan=plan, version=version, **form.values()
                ),
                _("De afspraak is toegevoegd."),
            )
        if saved:
            return redirect("plans:detail", plan.pk)
    title = _("Afspraak aanpassen") if agreement else _("Afspraak toevoegen")
    intro = _(
        "Een afspraak is: wie doet wat, en wanneer. Een eigen oplossing is net zo goed als een product. "
        "Voor een maatwerkvoorziening doet u een aanvraag vanaf het plan."
    )
    return _form_page(request, plan, form, title, _("Opslaan"), intro)


@require_POST
@login_required
def agreement_from_service(request, plan_id: int):
    """Add a social-map service to the plan in one step (from the search, a suggestion or its page)."""
    plan = access_plan_for(request.user, plan_id, channel="screen")
    if request.user.role not in TEAM_ROLES:
        raise Http404
    form = ServiceToPlanForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(request, _("Niet toegevoegd: kies een dienst van de sociale kaart."))
        return redirect("plans:detail", plan.pk)
    if _perform(
        request,
        form,
        lambda: actions.agreement_from_service_add(
            actor=request.user,
            plan=plan,
            version=form.cleaned_data["version"],
            service=form.cleaned_data["service"],
            goal=form.cleaned_data["goal"],
        ),
        _("%(service)s staat nu als afspraak in het plan.") % {"service": form.cleaned_data["service"].name},
    ):
        return redirect("plans:detail", plan.pk)
    for error in form.non_field_errors():
        messages.error(request, error)
    return redirect("plans:detail", plan.pk)


@require_POST
@login_required
def service_to_new_or_open_plan(request, support_request_id: int):
    """From a conversation's suggestions: add the service to the household's plan, making the plan
    first when there is none yet (one household, one plan)."""
    support_request = access_support_request_for(request.user, support_request_id, channel="screen")
    if request.user.role not in TEAM_ROLES:
        raise Http404
    service = Service.objects.filter(pk=request.POST.get("service", "")).first()
    if service is None:
        messages.error(request, _("Niet toegevoegd: kies een dienst van de sociale kaart."))
        return redirect("intake:inquiry", support_request.pk)
    try:
        plan = actions.service_to_plan_add(
            actor=request.user, support_request=support_request, service=service
        )
    except actions.PlanStateError:
        messages.error(request, STATE_ERROR)
        return redirect("intake:inquiry", support_request.pk)
    messages.success(request, _("%(service)s staat nu als afspraak in het plan.") % {"service": service.name})
    return redirect("plans:detail", plan.pk)


@require_POST
@login_required
def agreement_status(request, plan_id: int, agreement_id: int):
    def do(plan, form):
        agreement = next((a for a in plan.agreements.all() if a.pk == agreement_id), None)
        if agreement is None:
            raise Http404
        actions.agreement_status_set(
            actor=request.user,
            plan=plan,
            version=form.cleaned_data["version"],
            agreement=agreement,
            status=form.cleaned_data["status"],
        )

    return _plan_post(request, plan_id, AgreementStatusForm, do, _("De afspraak is bijgewerkt."))


@require_http_methods(["GET", "POST"])
@login_required
def participant_new(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="screen")
    form = ParticipantForm(request.POST or None, initial={"version": plan.version}, plan=plan)
    if request.method == "POST" and form.is_valid():
        saved = _perform(
            request,
            form,
            lambda: actions.participant_add(
                actor=request.user, plan=plan, version=form.cleaned_data["version"], **form.values()
            ),
            _("De deelnemer is toegevoegd."),
        )
        if saved:
            return redirect("plans:detail", plan.pk)
    return _form_page(request, plan, form, _("Deelnemer toevoegen"), _("Toevoegen"))


@require_POST
@login_required
def participant_remove(request, plan_id: int, participant_id: int):
    def do(plan, form):
        participant = next((p for p in plan.participants.all() if p.pk == participant_id), None)
        if participant is None:
            raise Http404
        actions.participant_remove(
            actor=request.user, plan=plan, version=form.cleaned_data["version"], participant=participant
        )

    return _plan_post(request, plan_id, VersionOnlyForm, do, _("De deelnemer doet niet meer mee."))


@require_POST
@login_required
def plan_agree(request, plan_id: int):
    def do(plan, form):
        actions.plan_agree(
            actor=request.user, plan=plan, version=form.cleaned_data["version"], **form.values()
        )

    return _plan_post(request, plan_id, AgreeForm, do, _("Het akkoord van de inwoner is vastgelegd."))


@require_POST
@login_required
def plan_activate(request, plan_id: int):
    def do(plan, form):
        actions.plan_activate(actor=request.user, plan=plan, version=form.cleaned_data["version"])

    return _plan_post(request, plan_id, VersionOnlyForm, do, _("Het plan loopt."))


@require_POST
@login_required
def plan_close(request, plan_id: int):
    def do(plan, form):
        actions.plan_close(
            actor=request.user, plan=plan, version=form.cleaned_data["version"], **form.values()
        )

    return _plan_post(request, plan_id, CloseForm, do, _("Het plan is afgesloten."))


@require_http_methods(["GET", "POST"])
@login_required
def case_director_assign(request, plan_id: int):
    if request.user.role != Role.TEAM_LEAD:
        raise Http404
    plan = access_plan_for(request.user, plan_id, channel="screen")
    form = CaseDirectorForm(
        request.POST or None,
        initial={"version": plan.version, "case_director": plan.case_director_id},
        team=request.user.team,
    )
    if request.method == "POST" and form.is_valid():
        saved = _perform(
            request,
            form,
            lambda: actions.plan_case_director_assign(
                actor=request.user, plan=plan, version=form.cleaned_data["version"], **form.values()
            ),
            _("De regie is toegewezen."),
        )
        if saved:
            return redirect("plans:detail", plan.pk)
    return _form_page(request, plan, form, _("Regie toewijzen"), _("Regie toewijzen"))


@require_http_methods(["GET", "POST"])
@login_required
def plan_evaluate(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="screen")
    if plan.status != Plan.Status.ACTIVE:
        messages.error(request, _("Alleen een plan dat loopt, kan worden geëvalueerd."))
        return redirect("plans:detail", plan.pk)
    data = request.POST if request.method == "POST" else None
    goals = list(plan.goals.all())
    form = EvaluationForm(data, initial={"version": plan.version})
    goal_forms = [GoalEvaluationForm(data, goal=goal) for goal in goals]
    service_forms = [ServiceOutcomeForm(data, agreement=a) for a in plan.agreements.all() if a.service_id]
    domains = sorted({d for goal in goals for d in goal.domains.all()}, key=lambda d: (d.order, d.code))
    instrument = domains[0].instrument if domains else Instrument.objects.filter(code="life-domains").first()
    domain_forms = [DomainScoreForm(data, domain=domain) for domain in domains]
    all_forms = [form, *goal_forms, *domain_forms, *service_forms]
    if request.method == "POST" and all(f.is_valid() for f in all_forms):
        saved = _perform(
            request,
            form,
            lambda: actions.plan_evaluate(
                actor=request.user,
                plan=plan,
                version=form.cleaned_data["version"],
                **form.values(),
                goal_outcomes=[f.outcome_data() for f in goal_forms],
                instrument=instrument,
                domain_scores=[f.score_data() for f in domain_forms if f.is_filled()],
                service_outcomes=[f.outcome_data() for f in service_forms if f.outcome_data()],
            ),
            _("De evaluatie is vastgelegd."),
        )
        if saved:
            return redirect("plans:detail", plan.pk)
    context = {
        "plan": plan,
        "form": form,
        "goal_forms": goal_forms,
        "domain_forms": domain_forms,
        "service_forms": service_forms,
        "instrument": instrument,
        "has_errors": any(f.errors for f in all_forms),
        "breadcrumbs": _crumbs(plan, {"label": _("Evalueren")}),
    }
    return render(request, "plans/evaluation_form.html", context)


@require_GET
@login_required
def plan_history(request, plan_id: int):
    plan = access_plan_history_for(request.user, plan_id, channel="screen")
    versions = list(plan.versions.all())
    selected = next((v for v in versions if str(v.number) == request.GET.get("versie")), None)
    context = {
        "plan": plan,
        "versions": versions,
        "selected": selected,
        "breadcrumbs": _crumbs(plan, {"label": _("Geschiedenis")}),
    }
    return render(request, "plans/plan_history.html", context)


@require_GET
@login_required
def plan_document(request, plan_id: int, output: str):
    """The plan as the resident receives it, in plain language: a printable page or a PDF (an export,
    logged as such)."""
    channel = "export" if output == "pdf" else "screen"
    plan = access_plan_for(request.user, plan_id, channel=channel)
    html = render_to_string(
        "plans/plan_document.html",
        {
            "plan": plan,
            "goals": list(plan.goals.all()),
            "loose_agreements": [a for a in plan.agreements.all() if a.goal_id is None],
        },
    )
    if output == "html":
        return HttpResponse(html)
    return pdf_response(html, f"plan-{plan.reference}.pdf")
