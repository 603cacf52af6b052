from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import actions
from .forms import PreventionLinkForm, SignalForm
from .queries import (
    access_household_for_signal,
    access_signal_preview_for,
    signal_overview_for,
    theme_area_for,
)

PREVIEW, SAVE = "preview", "save"


@require_http_methods(["GET", "POST"])
@login_required
def signal_new(request, household_id: int):
    """Step 1: theme and observation; step 2 (preview): the text as it will be stored, to confirm. The
    save de-identifies again on the server: the hidden field is never trusted."""
    step = request.POST.get("step", PREVIEW)
    form = SignalForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid() and step == PREVIEW:
        household, preview = access_signal_preview_for(
            request.user, household_id, text=form.cleaned_data["text"], channel="screen"
        )
        if preview:
            form = SignalForm(initial={"theme": form.cleaned_data["theme"], "text": preview})
    elif request.method == "POST" and form.is_valid() and step == SAVE:
        household = access_household_for_signal(request.user, household_id, channel="screen")
        actions.signal_record(
            actor=request.user,
            household=household,
            theme=form.cleaned_data["theme"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Het signaal is vastgelegd, zonder persoonsgegevens."))
        return redirect("households:detail", household.pk)
    else:
        household = access_household_for_signal(request.user, household_id, channel="screen")
    context = {
        "household": household,
        "form": form,
        "preview": preview,
        "breadcrumbs": [
            {"label": _("Huishoudens"), "url": reverse("households:list")},
            {"label": household.reference, "url": reverse("households:detail", args=[household.pk])},
            {"label": _("Signaal melden")},
        ],
    }
    return render(request, "signals/signal_new.html", context)


@require_GET
@login_required
def overview(request):
    context = {
        "overview": signal_overview_for(request.user),
        "breadcrumbs": [{"label": _("Start"), "url": reverse("core:start")}, {"label": _("Signalen")}],
    }
    return render(request, "signals/overview.html", context)


@require_GET
@login_required
def theme_area(request, theme_code: str, area_id: int):
    found = theme_area_for(request.user, theme_code, area_id)
    context = {
        "found": found,
        "breadcrumbs": [
            {"label": _("Signalen"), "url": reverse("signals:overview")},
            {"label": f"{found.theme.name}, {found.area.name}"},
        ],
    }
    return render(request, "signals/theme_area.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def prevention_link_new(request, theme_code: str, area_id: int):
    """Link a prevention activity from the social map to a theme in an area (its own page: the choice of
    activities is long in a city, and the signals page should not carry it)."""
    found = theme_area_for(request.user, theme_code, area_id)
    form = PreventionLinkForm(request.POST or None, municipality=found.area.municipality)
    if request.method == "POST" and form.is_valid():
        actions.prevention_link_add(
            actor=request.user,
            theme=found.theme,
            area=found.area,
            service=form.cleaned_data["service"],
            note=form.cleaned_data["note"],
            linked_on=form.cleaned_data["linked_on"],
        )
        messages.success(request, _("De activiteit is gekoppeld aan het signaal."))
        return redirect("signals:theme_area", theme_code=found.theme.code, area_id=found.area.pk)
    back = reverse("signals:theme_area", kwargs={"theme_code": found.theme.code, "area_id": found.area.pk})
    context = {
        "found": found,
        "form": form,
        "breadcrumbs": [
            {"label": _("Signalen"), "url": reverse("signals:overview")},
            {"label": f"{found.theme.name}, {found.area.name}", "url": back},
            {"label": _("Activiteit koppelen")},
        ],
    }
    return render(request, "signals/prevention_link_form.html", context)
