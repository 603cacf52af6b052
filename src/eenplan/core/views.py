"""The start page: every role lands on its own page, built from the queries of the apps."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator

from eenplan.accounts.models import Role
from eenplan.accounts.queries import team_members
from eenplan.households.queries import (
    access_household_for,
    household_counts_by_area_for_team,
    household_counts_by_district,
    households_visible_to,
)
from eenplan.intake.queries import access_caseload_for

from .models import Area, DataCategory, LegalBasis, Purpose


def _resident(request) -> dict:
    own = households_visible_to(request.user).values_list("pk", flat=True).first()
    household = access_household_for(request.user, own, channel="screen") if own else None
    return {"household": household}


def _consultant(request) -> dict:
    page = access_caseload_for(request.user, channel="screen", page_number=request.GET.get("pagina"))
    return {"page": page, "team": request.user.team, "today": timezone.localdate()}


def _team_lead(request) -> dict:
    team = request.user.team
    return {
        "team": team,
        "members": team_members(team) if team else [],
        "areas": household_counts_by_area_for_team(team) if team else [],
    }


def _partner(request) -> dict:
    return {"partner": request.user.partner, "has_households": households_visible_to(request.user).exists()}


def _policy_advisor(request) -> dict:
    municipality = request.user.municipality
    return {
        "municipality": municipality,
        "districts": household_counts_by_district(municipality) if municipality else [],
    }


def _functional_admin(request) -> dict:
    return {
        "counts": [
            (_("Gebieden"), Area.objects.count()),
            (_("Doelen"), Purpose.objects.count()),
            (_("Grondslagen"), LegalBasis.objects.count()),
            (_("Gegevenscategorieën"), DataCategory.objects.count()),
        ]
    }


START_PAGES = {
    Role.RESIDENT: _resident,
    Role.CONSULTANT: _consultant,
    Role.TEAM_LEAD: _team_lead,
    Role.PARTNER_PROFESSIONAL: _partner,
    Role.POLICY_ADVISOR: _policy_advisor,
    Role.FUNCTIONAL_ADMIN: _functional_admin,
}


@require_GET
@login_required
def start(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.DECISION_MAKER:
        return redirect("provisions:worklist")  # the work list is the decision maker's start
    context = START_PAGES[request.user.role](request)
    return render(request, f"core/start/{request.user.role}.html", context)


HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API documentation, rendered from the same OpenAPI schema as /api/v1/schema/ in the
    accessible UI shell (no third-party viewer with inline styles)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        {"path": path, "method": method.upper(), **operation}
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]
    context = {
        "schema": schema,
        "operations": operations,
        "breadcrumbs": [{"label": _("Start"), "url": reverse("core:start")}, {"label": _("API")}],
    }
    return render(request, "core/api_docs.html", context)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return redirect(static("eenplan/favicon.svg"), permanent=True)
