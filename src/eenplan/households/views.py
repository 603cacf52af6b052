from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from eenplan.accounts.models import Role

from . import actions
from .forms import NetworkMemberForm, PersonForm
from .queries import access_household_for, access_household_page_for


@require_GET
@login_required
def household_list(request):
    page = access_household_page_for(request.user, channel="screen", page_number=request.GET.get("pagina"))
    context = {
        "page": page,
        "base_url": reverse("households:list"),
        "breadcrumbs": [{"label": _("Start"), "url": reverse("core:start")}, {"label": _("Huishoudens")}],
    }
    if request.headers.get("HX-Request"):
        return render(request, "households/partials/household_list.html", context)
    return render(request, "households/household_list.html", context)


@require_GET
@login_required
def household_detail(request, household_id: int):
    household = access_household_for(request.user, household_id, channel="screen")
    context = {
        "household": household,
        "breadcrumbs": [
            {"label": _("Start"), "url": reverse("core:start")},
            {"label": _("Huishoudens"), "url": reverse("households:list")},
            {"label": household.reference},
        ],
    }
    return render(request, "households/household_detail.html", context)


ADD_FORMS = {
    "member": (
        PersonForm,
        actions.person_add,
        gettext_lazy("Lid toevoegen"),
        gettext_lazy("Het lid is toegevoegd."),
    ),
    "network": (
        NetworkMemberForm,
        actions.network_member_add,
        gettext_lazy("Netwerklid toevoegen"),
        gettext_lazy("Het netwerklid is toegevoegd."),
    ),
}
EDITOR_ROLES = {Role.CONSULTANT, Role.TEAM_LEAD}


@require_http_methods(["GET", "POST"])
@login_required
def household_add(request, household_id: int, what: str):
    """Add a member or a network member to a household the user may see."""
    if request.user.role not in EDITOR_ROLES:
        raise Http404
    household = access_household_for(request.user, household_id, channel="screen")
    form_class, action, title, done = ADD_FORMS[what]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action(actor=request.user, household=household, **form.cleaned_data)
        messages.success(request, done)
        return redirect("households:detail", household.pk)
    context = {
        "form": form,
        "title": title,
        "household": household,
        "breadcrumbs": [
            {"label": _("Start"), "url": reverse("core:start")},
            {"label": household.reference, "url": reverse("households:detail", args=[household.pk])},
            {"label": title},
        ],
    }
    return render(request, "households/household_add.html", context)
