from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eenplan.households.queries import access_household_for, find_possible_matches

from . import actions
from .forms import (
    CaseloadFilterForm,
    ExistingHouseholdRequestForm,
    ExtendForm,
    NewHouseholdRequestForm,
    ResumeForm,
    SuspendForm,
)
from .queries import (
    NEARLY_DUE_DAYS,
    access_caseload_for,
    access_support_request_for,
    access_term_for,
    caseload_areas,
)


def _crumbs(*items):
    return [{"label": _("Start"), "url": reverse("core:start")}, *items]


@require_GET
@login_required
def caseload(request):
    form = CaseloadFilterForm(request.GET or None, areas=caseload_areas(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    area = filters.get("area")
    page = access_caseload_for(
        request.user,
        channel="screen",
        page_number=request.GET.get("pagina"),
        area_id=area.pk if area else None,
        status=filters.get("status") or "open",
        mine_only=filters.get("mine", False),
    )
    context = {
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "nearly_due_days": NEARLY_DUE_DAYS,
        "base_url": reverse("intake:caseload"),
        "breadcrumbs": _crumbs({"label": _("Caseload")}),
    }
    if request.headers.get("HX-Request"):
        return render(request, "intake/partials/caseload_table.html", context)
    return render(request, "intake/caseload.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def support_request_new(request):
    """A melding for someone not yet known. Possible duplicates are shown before anything is saved."""
    areas = caseload_areas(request.user)
    form = NewHouseholdRequestForm(request.POST or None, areas=areas)
    matches, hidden_matches = [], 0
    if request.method == "POST" and form.is_valid():
        person = form.person_data()
        matches, hidden_matches = find_possible_matches(
            request.user,
            bsn=person["bsn"],
            given_name=person["given_name"],
            surname=person["surname"],
            date_of_birth=person["date_of_birth"],
            postcode=form.cleaned_data["postcode"],
        )
        if (matches or hidden_matches) and not form.cleaned_data["confirm_new"]:
            form.add_error("confirm_new", _("Er is mogelijk al iemand met deze gegevens. Kijk hieronder."))
        else:
            support_request = actions.support_request_register_for_new_household(
                actor=request.user,
                household=form.household_data(),
                person=person,
                request=form.request_data(),
            )
            messages.success(request, _("De melding is geregistreerd en de ontvangst is bevestigd."))
            return redirect("intake:detail", support_request.pk)
    context = {
        "form": form,
        "matches": matches,
        "hidden_matches": hidden_matches,
        "has_areas": areas.exists(),
        "breadcrumbs": _crumbs(
            {"label": _("Caseload"), "url": reverse("intake:caseload")}, {"label": _("Nieuwe melding")}
        ),
    }
    return render(request, "intake/support_request_new.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def support_request_new_for_household(request, household_id: int):
    household = access_household_for(request.user, household_id, channel="screen")
    form = ExistingHouseholdRequestForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        support_request = actions.support_request_register(
            actor=request.user, household=household, person=form.cleaned_data["person"], **form.request_data()
        )
        messages.success(request, _("De melding is geregistreerd en de ontvangst is bevestigd."))
        return redirect("intake:detail", support_request.pk)
    context = {
        "form": form,
        "household": household,
        "breadcrumbs": _crumbs(
            {"label": household.reference, "url": reverse("households:detail", args=[household.pk])},
            {"label": _("Nieuwe melding")},
        ),
    }
    return render(request, "intake/support_request_for_household.html", context)


@require_GET
@login_required
def support_request_detail(request, support_request_id: int):
    support_request = access_support_request_for(request.user, support_request_id, channel="screen")
    context = {
        "support_request": support_request,
        "today": timezone.localdate(),
        "nearly_due_days": NEARLY_DUE_DAYS,
        "suspend_form": SuspendForm(initial={"starts_on": timezone.localdate()}),
        "resume_form": ResumeForm(initial={"ends_on": timezone.localdate()}),
        "extend_form": ExtendForm(),
        "breadcrumbs": _crumbs(
            {"label": _("Caseload"), "url": reverse("intake:caseload")}, {"label": support_request.reference}
        ),
    }
    return render(request, "intake/support_request_detail.html", context)


@require_GET
@login_required
def receipt(request, support_request_id: int):
    """The confirmation of receipt for the resident, printable."""
    support_request = access_support_request_for(request.user, support_request_id, channel="screen")
    context = {
        "support_request": support_request,
        "breadcrumbs": _crumbs(
            {"label": support_request.reference, "url": reverse("intake:detail", args=[support_request.pk])},
            {"label": _("Ontvangstbevestiging")},
        ),
    }
    return render(request, "intake/receipt.html", context)


TERM_FORMS = {"suspend": SuspendForm, "resume": ResumeForm, "extend": ExtendForm}
TERM_MESSAGES = {
    "suspend": gettext_lazy("De termijn is opgeschort."),
    "resume": gettext_lazy("De termijn loopt weer. De nieuwe einddatum staat hieronder."),
    "extend": gettext_lazy("De termijn is verlengd. Laat de inwoner de nieuwe datum en de reden weten."),
}


@require_POST
@login_required
def term_change(request, term_id: int, change: str):
    term = access_term_for(request.user, term_id, channel="screen")
    form = TERM_FORMS[change](request.POST)
    if form.is_valid():
        try:
            if change == "suspend":
                actions.term_suspend(actor=request.user, term=term, **form.cleaned_data)
            elif change == "resume":
                actions.term_resume(actor=request.user, term=term, **form.cleaned_data)
            else:
                actions.term_extend(actor=request.user, term=term, **form.cleaned_data)
        except ValueError:
            messages.error(
                request, _("Dat kan niet bij deze termijn in deze toestand. Er is niets gewijzigd.")
            )
        else:
            messages.success(request, TERM_MESSAGES[change])
    else:
        errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, _("Niet gewijzigd: %(errors)s") % {"errors": errors})
    return redirect("intake:detail", term.support_request_id)
