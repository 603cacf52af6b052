"""The start page: every role lands on its own page, built from the queries of the apps."""

import json

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
    household_counts_by_area_for_team,
    household_counts_by_district,
)
from eenplan.intake.queries import access_caseload_for
from eenplan.sharing.queries import arrangements_in_force_for

from .forms import ProcessingLogSearchForm
from .models import Area, DataCategory, LegalBasis, Purpose
from .processing_log_vng import verwerkingsacties
from .queries import (
    EXPORT_CAP,
    OVERVIEW_PAGE_SIZE,
    PRINT_PAGE_SIZE,
    access_household_processing_log_for,
    access_own_processing_log_for,
    access_processing_log_export_for,
    access_processing_log_for,
    processing_log_rows,
    require_processing_log_reach,
)


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
    shared = arrangements_in_force_for(request.user).values("household").distinct().count()
    return {"partner": request.user.partner, "shared_count": shared}


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
    Role.CONSULTANT: _consultant,
    Role.TEAM_LEAD: _team_lead,
    Role.PARTNER_PROFESSIONAL: _partner,
    Role.POLICY_ADVISOR: _policy_advisor,
    Role.FUNCTIONAL_ADMIN: _functional_admin,
}


@require_GET
@login_required
def start(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.RESIDENT:
        return redirect("portal:start")  # Mijn plan
    if request.user.role == Role.DECISION_MAKER:
        return redirect("provisions:worklist")  # the work list is the decision maker's start
    if request.user.role == Role.PRIVACY_OFFICER:
        return redirect("core:processing_log_search")  # the log is the privacy officer's work
    context = START_PAGES[request.user.role](request)
    return render(request, f"core/start/{request.user.role}.html", context)


def _crumbs(*items) -> list[dict]:
    return [{"label": _("Start"), "url": reverse("core:start")}, *items]


def _print_all(request) -> bool:
    return request.GET.get("afdrukken") == "alles"


@require_GET
@login_required
def my_processing_log(request: HttpRequest) -> HttpResponse:
    """The resident's overview: who used the data of their household, when and why (AVG art. 15)."""
    print_all = _print_all(request)
    overview = access_own_processing_log_for(
        request.user,
        channel="screen",
        page_number=1 if print_all else request.GET.get("pagina"),
        only_me=request.GET.get("over") == "mij",
        page_size=PRINT_PAGE_SIZE if print_all else OVERVIEW_PAGE_SIZE,
    )
    context = {
        "overview": overview,
        "page": overview.page,
        "days": overview.days,
        "print_all": print_all,
        "legal_bases": LegalBasis.objects.filter(is_active=True),
        "base_url": reverse("core:my_processing_log"),
        "breadcrumbs": _crumbs({"label": _("Wie keek er mee?")}),
    }
    return render(request, "core/processing_log/mine.html", context)


@require_GET
@login_required
def household_processing_log(request: HttpRequest, household_id: int) -> HttpResponse:
    """The same overview for a consultant or team lead to print for a resident who asks for it."""
    print_all = _print_all(request)
    overview = access_household_processing_log_for(
        request.user,
        household_id,
        channel="screen",
        page_number=1 if print_all else request.GET.get("pagina"),
        person_id=request.GET.get("persoon"),
        page_size=PRINT_PAGE_SIZE if print_all else OVERVIEW_PAGE_SIZE,
    )
    household = overview.household
    context = {
        "overview": overview,
        "household": household,
        "page": overview.page,
        "days": overview.days,
        "print_all": print_all,
        "legal_bases": LegalBasis.objects.filter(is_active=True),
        "base_url": reverse("core:household_processing_log", args=[household.pk]),
        "breadcrumbs": _crumbs(
            {"label": household.reference, "url": reverse("households:detail", args=[household.pk])},
            {"label": _("Verwerkingen")},
        ),
    }
    return render(request, "core/processing_log/household.html", context)


@require_GET
@login_required
def processing_log_search(request: HttpRequest) -> HttpResponse:
    """Search the processing log: the privacy officer all of it, a team lead their team's part.
    Nothing is shown (or logged) until the user searches."""
    require_processing_log_reach(request.user)
    form = ProcessingLogSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        page = access_processing_log_for(
            request.user, form.filters(), channel="screen", page_number=request.GET.get("pagina")
        )
    context = {
        "form": form,
        "page": page,
        "rows": processing_log_rows(page.object_list) if page else [],
        "export_cap": EXPORT_CAP,
        "capped": page is not None and page.paginator.capped,
        "export_query": request.GET.urlencode() if page else "",
        "base_url": reverse("core:processing_log_search"),
        "breadcrumbs": _crumbs({"label": _("Verwerkingenlog")}),
    }
    return render(request, "core/processing_log/search.html", context)


@require_GET
@login_required
def processing_log_export(request: HttpRequest) -> HttpResponse:
    """Every result of the search (the newest EXPORT_CAP) as VNG Verwerkingsacties, as a download."""
    require_processing_log_reach(request.user)
    form = ProcessingLogSearchForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('core:processing_log_search')}?{request.GET.urlencode()}")
    export = access_processing_log_export_for(request.user, form.filters(), channel="export")
    body = json.dumps(
        verwerkingsacties(export.entries, base_url=request.build_absolute_uri("/")),
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="verwerkingsacties-{stamp}.json"'
    response["X-Total-Count"] = str(export.total)
    if export.capped:
        response["X-Export-Capped"] = f"{len(export.entries)}/{export.total}"
    return response


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
