"""Screens of the social map: search by wish, a service's page, entering and reviewing entries, and HSDS
import and export for the functional admin."""

import io
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eenplan.accounts.models import TEAM_ROLES, Role
from eenplan.plans.queries import access_plan_for

from . import actions, hsds
from .forms import ImportForm, SearchForm, ServiceForm
from .models import Service
from .queries import (
    first_place,
    is_stale,
    may_search,
    organizations_maintained_by,
    service_extras,
    service_for,
    services_maintained_by,
    stale_services,
)
from .search import SearchFilters, origin_for, service_search

RESULTS = 20


def _crumbs(*items):
    return [
        {"label": _("Start"), "url": reverse("core:start")},
        {"label": _("Sociale kaart"), "url": reverse("socialmap:search")},
        *items,
    ]


def _plan_context(request):
    """When the consultant came from a plan (``?plan=…&doel=…``), results can be added to it."""
    plan_id = request.GET.get("plan", "")
    if not plan_id.isdigit() or request.user.role not in TEAM_ROLES:
        return None, None
    plan = access_plan_for(request.user, int(plan_id), channel="screen")
    if not plan.is_open:
        return None, None
    goal = next((g for g in plan.goals.all() if str(g.pk) == request.GET.get("doel")), None)
    return plan, goal


@require_GET
@login_required
def search(request):
    if not may_search(request.user):
        raise Http404
    form = SearchForm(request.GET or None, municipality_id=request.user.municipality_id)
    plan, goal = _plan_context(request)
    hits, searched = [], False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = SearchFilters(
            municipality_id=request.user.municipality_id,
            area=data["gebied"],
            postcode=data["postcode"],
            distance_km=data["afstand"],
            kinds=tuple(data["soort"]),
            costs=tuple(data["kosten"]),
            target_group=data["doelgroep"].code if data["doelgroep"] else "",
        )
        hits, searched = service_search(data["q"], filters, limit=RESULTS), True
    context = {
        "form": form,
        "hits": hits,
        "searched": searched,
        "plan": plan,
        "goal": goal,
        "may_maintain": request.user.role in (Role.FUNCTIONAL_ADMIN, Role.PARTNER_PROFESSIONAL),
        "breadcrumbs": _crumbs(),
    }
    template = (
        "socialmap/partials/results.html" if request.headers.get("HX-Request") else "socialmap/search.html"
    )
    return render(request, template, context)


@require_GET
@login_required
def service_detail(request, service_id: str):
    service = service_for(request.user, service_id)
    location, address = first_place(service)
    plan, goal = _plan_context(request)
    context = {
        "service": service,
        "location": location,
        "address": address,
        "stale": is_stale(service),
        "may_maintain": services_maintained_by(request.user).filter(pk=service.pk).exists(),
        "plan": plan,
        "goal": goal,
        "breadcrumbs": _crumbs({"label": service.name}),
        **service_extras(service),
    }
    return render(request, "socialmap/service_detail.html", context)


def _initial(service: Service) -> dict:
    location, address = first_place(service)
    extras = service_extras(service)
    return {
        "organization": service.organization_id,
        "name": service.name,
        "description": service.description,
        "kind": service.kind,
        "cost": service.cost,
        "target_groups": list(service.target_groups.all()),
        "areas": list(service.areas.all()),
        "tags": ", ".join(service.tags),
        "volunteer_places": service.volunteer_places,
        "availability": service.availability,
        "accessibility": service.accessibility,
        "schedule": extras["schedules"][0].data.get("description", "") if extras["schedules"] else "",
        "phone": extras["phones"][0].data.get("number", "") if extras["phones"] else "",
        "email": service.data.get("email", ""),
        "url": service.data.get("url", ""),
        "venue_name": location.name if location else "",
        "street": address.data.get("address_1", "") if address else "",
        "postcode": address.postal_code if address else "",
        "city": address.city if address else "",
    }


@require_http_methods(["GET", "POST"])
@login_required
def service_edit(request, service_id: str | None = None):
    organizations = organizations_maintained_by(request.user)
    service = None
    if service_id is not None:
        service = services_maintained_by(request.user).filter(pk=service_id).first()
        if service is None:
            raise Http404
    elif not organizations.exists() and request.user.role != Role.FUNCTIONAL_ADMIN:
        raise Http404
    form = ServiceForm(
        request.POST or None,
        initial=_initial(service) if service else {},
        organizations=organizations,
        municipality_id=request.user.municipality_id,
        may_add_organization=service is None and request.user.role == Role.FUNCTIONAL_ADMIN,
    )
    if request.method == "POST" and form.is_valid():
        values = form.values()
        location = origin_for(values["postcode"]) if values["postcode"] else None
        try:
            saved = actions.service_save(
                actor=request.user,
                service=service,
                latitude=location.latitude if location else None,
                longitude=location.longitude if location else None,
                **values,
            )
        except actions.NotMaintainer:
            form.add_error("organization", _("Een dienst blijft bij de organisatie die haar aanbiedt."))
        else:
            messages.success(request, _("De dienst is opgeslagen en staat op de sociale kaart."))
            return redirect("socialmap:service", saved.pk)
    context = {
        "form": form,
        "service": service,
        "title": _("Dienst aanpassen") if service else _("Dienst toevoegen"),
        "breadcrumbs": _crumbs({"label": _("Dienst aanpassen") if service else _("Dienst toevoegen")}),
    }
    return render(request, "socialmap/service_form.html", context)


@require_GET
@login_required
def review_list(request):
    if request.user.role not in (Role.FUNCTIONAL_ADMIN, Role.PARTNER_PROFESSIONAL):
        raise Http404
    page = Paginator(stale_services(request.user), 25).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "maintained": services_maintained_by(request.user).count(),
        "breadcrumbs": _crumbs({"label": _("Na te kijken")}),
    }
    return render(request, "socialmap/review_list.html", context)


@require_POST
@login_required
def service_review(request, service_id: str):
    service = (
        services_maintained_by(request.user).filter(pk=service_id).select_related("organization").first()
    )
    if service is None:
        raise Http404
    actions.service_review(actor=request.user, service=service)
    messages.success(request, _("Nagekeken: de gegevens van %(name)s kloppen nog.") % {"name": service.name})
    if request.POST.get("next") == "list":
        return redirect("socialmap:review")
    return redirect("socialmap:service", service.pk)


@require_http_methods(["GET", "POST"])
@login_required
def hsds_import(request):
    """The functional admin reads HSDS data in: all or nothing, with every refused record and why."""
    if request.user.role != Role.FUNCTIONAL_ADMIN:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None, tables=sorted(hsds.TABLES))
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            items = hsds.read_bytes(upload.name, upload.read(), table=form.cleaned_data["table"] or None)
            report = hsds.hsds_import(items=items, strict=True)
        except hsds.HsdsError as error:
            form.add_error("file", str(error))
        else:
            if report.stored:
                messages.success(request, _("Ingelezen: alles is opgeslagen op de sociale kaart."))
            else:
                messages.error(
                    request, _("Niets opgeslagen: er zijn records afgekeurd. Zie hieronder waarom.")
                )
    tables = sorted({*report.created, *report.updated}) if report else []
    context = {
        "form": form,
        "report": report,
        "report_rows": [(t, report.created.get(t, 0), report.updated.get(t, 0)) for t in tables],
        "breadcrumbs": _crumbs({"label": _("Importeren en exporteren")}),
    }
    return render(request, "socialmap/import.html", context)


@require_GET
@login_required
def hsds_export(request, output: str):
    """The whole social map in HSDS 3.0: a JSON list of full services, or the CSV data package."""
    if not may_search(request.user) or output not in ("json", "zip"):
        raise Http404
    target = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    if output == "json":
        text = io.TextIOWrapper(target, encoding="utf-8")
        hsds.write_services_json(text)
        text.flush()
        text.detach()
        name, content_type = "sociale-kaart-hsds.json", "application/json"
    else:
        hsds.write_csv_package(target)
        name, content_type = "sociale-kaart-hsds-csv.zip", "application/zip"
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=name, content_type=content_type)
