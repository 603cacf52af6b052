from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

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
