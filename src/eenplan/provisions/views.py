"""Views of tailored provisions: the application from the plan, the team's advice, the decision maker's
work list, decision and allocation, and the allocation message for the provider."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eenplan.accounts.models import TEAM_ROLES, Role
from eenplan.plans import actions as plan_actions
from eenplan.plans.queries import access_plan_for
from eenplan.plans.views import STATE_ERROR, _stale

from . import actions, istandaarden
from .forms import AdviceForm, AllocationForm, ApplicationForm, DecisionForm, WithdrawForm, WorklistFilterForm
from .models import Application
from .queries import access_allocation_for, access_application_for, access_worklist_for

PROVISION_ERRORS = {
    "Nobody decides on their own advice.": gettext_lazy(
        "U gaf zelf het advies over deze aanvraag. Een ander moet besluiten."
    ),
}


def _error_text(error: Exception) -> str:
    return PROVISION_ERRORS.get(str(error), STATE_ERROR)


def _crumbs(*items):
    return [{"label": _("Start"), "url": reverse("core:start")}, *items]


@require_http_methods(["GET", "POST"])
@login_required
def application_new(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="screen")
    if request.user.role not in TEAM_ROLES or not plan.is_open:
        raise Http404
    initial = {
        "version": plan.version,
        "person": plan.support_request.person_id if plan.support_request_id else None,
    }
    form = ApplicationForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            application = actions.application_submit(
                actor=request.user, plan=plan, version=form.cleaned_data["version"], **form.values()
            )
        except plan_actions.StalePlan as error:
            _stale(request, form, error)
        except actions.ProvisionError as error:
            if "2.3.2 lid 9" in str(error):
                form.add_error(
                    None,
                    _(
                        "Een Wmo-aanvraag volgt op het verslag van het onderzoek. Reik eerst het "
                        "verslag uit, of kies spoed als het niet kan wachten."
                    ),
                )
            else:
                form.add_error(None, _error_text(error))
        except plan_actions.PlanStateError:
            form.add_error(None, STATE_ERROR)
        else:
            messages.success(
                request, _("De aanvraag is ingediend en staat als afspraak in het plan. Geef nu het advies.")
            )
            return redirect("provisions:application", application.pk)
    context = {
        "plan": plan,
        "form": form,
        "title": _("Maatwerkvoorziening aanvragen"),
        "submit_label": _("Aanvraag indienen"),
        "intro": _(
            "Alleen als het zelf, met het netwerk of met een voorziening in de wijk niet lukt. "
            "De beslistermijn begint vandaag."
        ),
        "breadcrumbs": _crumbs(
            {"label": plan.reference, "url": reverse("plans:detail", args=[plan.pk])},
            {"label": _("Aanvraag")},
        ),
    }
    return render(request, "plans/plan_form.html", context)


def _application_context(request, application, **forms):
    decision = application.decision_or_none
    user = request.user
    advice = application.advice_or_none
    decided_by_other = advice is None or advice.advised_by_id != user.pk
    can_decide = (
        user.role == Role.DECISION_MAKER
        and decided_by_other
        and (
            application.status == Application.Status.ADVISED
            or (application.urgent and application.status == Application.Status.SUBMITTED)
        )
    )
    can_allocate = user.role == Role.DECISION_MAKER and decision is not None and decision.is_granted
    volume = advice.volume if advice else application.volume
    return {
        "application": application,
        "decision": decision,
        "advice": advice,
        "today": timezone.localdate(),
        "is_team": user.role in TEAM_ROLES,
        "can_advise": user.role in TEAM_ROLES and application.status == Application.Status.SUBMITTED,
        "can_decide": can_decide,
        "can_allocate": can_allocate,
        "advised_by_me": advice is not None
        and advice.advised_by_id == user.pk
        and user.role == Role.DECISION_MAKER,
        "can_withdraw": user.role in TEAM_ROLES
        and application.status in (Application.Status.SUBMITTED, Application.Status.ADVISED),
        "advice_form": forms.get("advice_form") or AdviceForm(initial={"volume": application.volume}),
        "decision_form": forms.get("decision_form")
        or DecisionForm(
            initial={"volume": volume, "starts_on": application.starts_on, "ends_on": application.ends_on}
        ),
        "allocation_form": forms.get("allocation_form")
        or AllocationForm(
            municipality=application.household.municipality_id,
            initial={"volume": decision.volume, "starts_on": decision.starts_on, "ends_on": decision.ends_on}
            if decision
            else None,
        ),
        "withdraw_form": WithdrawForm(),
        "breadcrumbs": _crumbs(
            {"label": _("Werkvoorraad"), "url": reverse("provisions:worklist")}
            if user.role == Role.DECISION_MAKER
            else {
                "label": application.plan.reference,
                "url": reverse("plans:detail", args=[application.plan_id]),
            },
            {"label": application.reference},
        ),
    }


@require_GET
@login_required
def application_detail(request, application_id: int):
    application = access_application_for(request.user, application_id, channel="screen")
    return render(request, "provisions/application_detail.html", _application_context(request, application))


def _step(request, application_id: int, form_class, form_key: str, do, success: str, **form_kwargs):
    application = access_application_for(request.user, application_id, channel="screen")
    if form_class is AllocationForm:
        form_kwargs["municipality"] = application.household.municipality_id
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            do(application, form.cleaned_data)
        except actions.ProvisionError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, success)
            return redirect("provisions:application", application.pk)
    context = _application_context(request, application, **{form_key: form})
    return render(request, "provisions/application_detail.html", context)


@require_POST
@login_required
def advice_give(request, application_id: int):
    def do(application, data):
        actions.advice_give(actor=request.user, application=application, **data)

    return _step(
        request,
        application_id,
        AdviceForm,
        "advice_form",
        do,
        _("Het advies is gegeven. De gemeente besluit."),
    )


@require_POST
@login_required
def decision_make(request, application_id: int):
    def do(application, data):
        actions.decision_make(
            actor=request.user, application=application, **{**data, "volume": data.get("volume") or 0}
        )

    return _step(
        request,
        application_id,
        DecisionForm,
        "decision_form",
        do,
        _("Het besluit is genomen. De bezwaartermijn loopt."),
    )


@require_POST
@login_required
def allocation_make(request, application_id: int):
    def do(application, data):
        decision = application.decision_or_none
        if decision is None:
            raise actions.ProvisionError("Not decided.")
        actions.allocation_make(actor=request.user, decision=decision, **data)

    return _step(
        request,
        application_id,
        AllocationForm,
        "allocation_form",
        do,
        _("Toegewezen aan de aanbieder. Download het toewijzingsbericht hieronder."),
    )


@require_POST
@login_required
def application_withdraw(request, application_id: int):
    def do(application, data):
        actions.application_withdraw(actor=request.user, application=application, **data)

    return _step(request, application_id, WithdrawForm, "withdraw_form", do, _("De aanvraag is ingetrokken."))


@require_GET
@login_required
def allocation_message(request, allocation_id: int):
    """The WMO301/JW301 message for the provider, validated against the official XSDs when configured."""
    allocation = access_allocation_for(request.user, allocation_id, channel="export")
    try:
        xml = actions.allocation_message_export(actor=request.user, allocation=allocation)
    except (actions.ProvisionError, istandaarden.SchemaNotFound) as error:
        messages.error(
            request, _("Het toewijzingsbericht kon niet worden gemaakt: %(error)s") % {"error": error}
        )
        return redirect("provisions:application", allocation.decision.application_id)
    code = istandaarden.message_code(allocation.product.law)
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{code}-{allocation.number}.xml"'
    return response


@require_GET
@login_required
def worklist(request):
    if request.user.role != Role.DECISION_MAKER:
        raise Http404
    form = WorklistFilterForm(request.GET or None)
    show = (form.cleaned_data.get("toon") if form.is_valid() else "") or "to_decide"
    page = access_worklist_for(
        request.user, channel="screen", page_number=request.GET.get("pagina"), show=show
    )
    context = {
        "page": page,
        "show": show,
        "today": timezone.localdate(),
        "base_url": reverse("provisions:worklist"),
        "breadcrumbs": _crumbs({"label": _("Werkvoorraad")}),
    }
    return render(request, "provisions/worklist.html", context)
