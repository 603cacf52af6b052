"""Views of the thermometer: the policy chain of the gemeente with the forms to keep it (the policy
advisor), the monitor of the indicators with its CSV (the policy advisor and a team lead) and the form
for a manual measurement (the policy advisor). Everyone else gets 404 (queries.py: the access
functions). No page shows anything of a household: no processing log.

The report "de lezing" (reading.py) adds its own views to this module and to urls.py."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eenplan.budget.views import CSV_CONTENT_TYPE, report_csv
from eenplan.core.documents import pdf_file_response
from eenplan.core.queries import SMALL_CELL_THRESHOLD

from . import actions
from .forms import (
    AgreedResultForm,
    AssignmentForm,
    ChainPeriodForm,
    DeleteForm,
    DeliveryForm,
    EffectForm,
    MeasurementForm,
    MonitorFilterForm,
    PolicyGoalForm,
)
from .queries import (
    access_agreed_result_for,
    access_assignment_for,
    access_delivery_for,
    access_effect_for,
    access_policy_goal_for,
    chain_for,
    chain_municipality_for,
    latest_refresh,
    measurements_for,
    monitor_for,
    monitor_reach_for,
    monitor_sections,
    period_label,
    reference_day,
    rolling_year,
)
from .reading import access_reading_for, reading_municipality_for, stored_reading_document


def _crumbs(*items) -> list[dict]:
    return [{"label": _("Start"), "url": reverse("core:start")}, *items]


def _chain_crumb() -> dict:
    return {"label": _("Beleidsketen"), "url": reverse("thermometer:chain")}


def _chain_url(effect_id: int | None = None) -> str:
    url = reverse("thermometer:chain")
    return f"{url}#effect-{effect_id}" if effect_id else url


# -- the chain -------------------------------------------------------------------------------------------


@require_GET
@login_required
def chain(request):
    municipality = chain_municipality_for(request.user)
    refresh = latest_refresh()
    day = reference_day(refresh)
    form = ChainPeriodForm(request.GET, today=day)
    year = form.year()
    period = (date(year, 1, 1), date(year, 12, 31)) if year else rolling_year(day)
    chains = chain_for(municipality.pk, period=period, today=day)
    context = {
        "municipality": municipality,
        "day": day,
        "refresh": refresh if refresh is not None and refresh.today == day else None,
        "form": form,
        "period": period,
        "period_label": period_label(period),
        "chains": chains,
        "complete": sum(1 for item in chains if item.complete),
        "breaks": sum(len(item.breaks) for item in chains),
        "threshold": SMALL_CELL_THRESHOLD,
        "breadcrumbs": _crumbs({"label": _("Beleidsketen")}),
    }
    return render(request, "thermometer/chain.html", context)


def _then(save, effect_id):
    """An action, then back to the effect it changed."""

    def run(values):
        save(values)
        return effect_id

    return run


def _chain_form(request, form, save, *, title: str, intro: str = "", done: str, back: str):
    """One form of the chain: on a valid POST the action, then back to the chain; errors the action
    finds (another gemeente, a rule of the database) are shown with the form."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.values())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done)
            return redirect(_chain_url(saved))
    context = {
        "form": form,
        "title": title,
        "intro": intro,
        "back": back,
        "breadcrumbs": _crumbs(_chain_crumb(), {"label": title}),
    }
    return render(request, "thermometer/chain_form.html", context)


def _chain_delete(request, *, what: str, consequence: str, delete, effect_id: int):
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete()
        messages.success(request, _("Verwijderd: %(what)s.") % {"what": what})
        return redirect(_chain_url(effect_id))
    title = _("Verwijderen: %(what)s") % {"what": what}
    context = {
        "form": form,
        "title": title,
        "consequence": consequence,
        "back": _chain_url(effect_id),
        "breadcrumbs": _crumbs(_chain_crumb(), {"label": title}),
    }
    return render(request, "thermometer/chain_delete.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def effect_new(request):
    municipality = chain_municipality_for(request.user)
    return _chain_form(
        request,
        EffectForm(request.POST or None),
        lambda values: actions.effect_create(actor=request.user, municipality=municipality, **values).pk,
        title=_("Effect toevoegen"),
        intro=_(
            "Een effect is wat de gemeente in de samenleving wil bereiken. Daaronder komen de beleidsdoelen."
        ),
        done=_("Het effect is toegevoegd."),
        back=_chain_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def effect_edit(request, effect_id: int):
    effect = access_effect_for(request.user, effect_id)
    form = EffectForm(
        request.POST or None,
        initial={"name": effect.name, "description": effect.description, "order": effect.order},
    )
    return _chain_form(
        request,
        form,
        lambda values: actions.effect_update(actor=request.user, effect=effect, **values).pk,
        title=_("Effect wijzigen"),
        done=_("Het effect is gewijzigd."),
        back=_chain_url(effect.pk),
    )


@require_http_methods(["GET", "POST"])
@login_required
def effect_delete(request, effect_id: int):
    effect = access_effect_for(request.user, effect_id)
    return _chain_delete(
        request,
        what=effect.name,
        consequence=_(
            "Ook de beleidsdoelen, opdrachten, dienstverlening en afgesproken resultaten eronder gaan weg."
        ),
        delete=lambda: actions.effect_delete(actor=request.user, effect=effect),
        effect_id=None,
    )


def _goal_initial(goal) -> dict:
    return {
        "name": goal.name,
        "description": goal.description,
        "life_domain": goal.life_domain_id,
        "law": goal.law,
        "order": goal.order,
    }


@require_http_methods(["GET", "POST"])
@login_required
def policy_goal_new(request, effect_id: int):
    effect = access_effect_for(request.user, effect_id)
    return _chain_form(
        request,
        PolicyGoalForm(request.POST or None),
        lambda values: actions.policy_goal_create(actor=request.user, effect=effect, **values).effect_id,
        title=_("Beleidsdoel toevoegen bij: %(effect)s") % {"effect": effect.name},
        done=_("Het beleidsdoel is toegevoegd."),
        back=_chain_url(effect.pk),
    )


@require_http_methods(["GET", "POST"])
@login_required
def policy_goal_edit(request, policy_goal_id: int):
    goal = access_policy_goal_for(request.user, policy_goal_id)
    return _chain_form(
        request,
        PolicyGoalForm(request.POST or None, initial=_goal_initial(goal)),
        lambda values: actions.policy_goal_update(actor=request.user, policy_goal=goal, **values).effect_id,
        title=_("Beleidsdoel wijzigen"),
        done=_("Het beleidsdoel is gewijzigd."),
        back=_chain_url(goal.effect_id),
    )


@require_http_methods(["GET", "POST"])
@login_required
def policy_goal_delete(request, policy_goal_id: int):
    goal = access_policy_goal_for(request.user, policy_goal_id)
    return _chain_delete(
        request,
        what=goal.name,
        consequence=_("Ook de opdrachten, dienstverlening en afgesproken resultaten eronder gaan weg."),
        delete=lambda: actions.policy_goal_delete(actor=request.user, policy_goal=goal),
        effect_id=goal.effect_id,
    )


def _assignment_initial(assignment) -> dict:
    return {
        "name": assignment.name,
        "team": assignment.team_id,
        "partner": assignment.partner_id,
        "executor_name": assignment.executor_name,
        "results": assignment.results,
        "taakveld": assignment.taakveld,
        "budget": assignment.budget_cents / 100,
        "starts_on": assignment.starts_on,
        "ends_on": assignment.ends_on,
    }


@require_http_methods(["GET", "POST"])
@login_required
def assignment_new(request, policy_goal_id: int):
    goal = access_policy_goal_for(request.user, policy_goal_id)
    today = timezone.localdate()
    form = AssignmentForm(
        request.POST or None,
        municipality=goal.effect.municipality_id,
        initial={"starts_on": date(today.year, 1, 1), "ends_on": date(today.year, 12, 31)},
    )
    return _chain_form(
        request,
        form,
        _then(
            lambda values: actions.assignment_create(actor=request.user, policy_goal=goal, **values),
            goal.effect_id,
        ),
        title=_("Opdracht toevoegen bij: %(goal)s") % {"goal": goal.name},
        intro=_("Wie voert dit beleidsdoel (voor een deel) uit, met welk budget en welke resultaten?"),
        done=_("De opdracht is toegevoegd."),
        back=_chain_url(goal.effect_id),
    )


@require_http_methods(["GET", "POST"])
@login_required
def assignment_edit(request, assignment_id: int):
    assignment = access_assignment_for(request.user, assignment_id)
    effect_id = assignment.policy_goal.effect_id
    form = AssignmentForm(
        request.POST or None,
        municipality=assignment.policy_goal.effect.municipality_id,
        initial=_assignment_initial(assignment),
    )
    return _chain_form(
        request,
        form,
        _then(
            lambda values: actions.assignment_update(actor=request.user, assignment=assignment, **values),
            effect_id,
        ),
        title=_("Opdracht wijzigen"),
        done=_("De opdracht is gewijzigd."),
        back=_chain_url(effect_id),
    )


@require_http_methods(["GET", "POST"])
@login_required
def assignment_delete(request, assignment_id: int):
    assignment = access_assignment_for(request.user, assignment_id)
    return _chain_delete(
        request,
        what=assignment.name,
        consequence=_("Ook de dienstverlening en afgesproken resultaten van deze opdracht gaan weg."),
        delete=lambda: actions.assignment_delete(actor=request.user, assignment=assignment),
        effect_id=assignment.policy_goal.effect_id,
    )


@require_http_methods(["GET", "POST"])
@login_required
def delivery_new(request, assignment_id: int):
    assignment = access_assignment_for(request.user, assignment_id)
    effect_id = assignment.policy_goal.effect_id
    form = DeliveryForm(request.POST or None, municipality=assignment.policy_goal.effect.municipality_id)
    return _chain_form(
        request,
        form,
        _then(
            lambda values: actions.delivery_create(actor=request.user, assignment=assignment, **values),
            effect_id,
        ),
        title=_("Dienstverlening toevoegen bij: %(assignment)s") % {"assignment": assignment.name},
        intro=_(
            "Met welke dienst van de sociale kaart of welke maatwerkvoorziening wordt deze opdracht "
            "uitgevoerd? De keten laat zien of die in de periode ook echt gebruikt is."
        ),
        done=_("De dienstverlening is toegevoegd."),
        back=_chain_url(effect_id),
    )


@require_http_methods(["GET", "POST"])
@login_required
def delivery_edit(request, delivery_id: int):
    delivery = access_delivery_for(request.user, delivery_id)
    effect_id = delivery.assignment.policy_goal.effect_id
    form = DeliveryForm(
        request.POST or None,
        municipality=delivery.assignment.policy_goal.effect.municipality_id,
        initial={"service": delivery.service_id, "product": delivery.product_id, "note": delivery.note},
    )
    return _chain_form(
        request,
        form,
        _then(
            lambda values: actions.delivery_update(actor=request.user, delivery=delivery, **values), effect_id
        ),
        title=_("Dienstverlening wijzigen"),
        done=_("De dienstverlening is gewijzigd."),
        back=_chain_url(effect_id),
    )


@require_http_methods(["GET", "POST"])
@login_required
def delivery_delete(request, delivery_id: int):
    delivery = access_delivery_for(request.user, delivery_id)
    return _chain_delete(
        request,
        what=str(delivery),
        consequence=_(
            "Alleen de koppeling met de opdracht gaat weg; de dienst of het product blijft bestaan."
        ),
        delete=lambda: actions.delivery_delete(actor=request.user, delivery=delivery),
        effect_id=delivery.assignment.policy_goal.effect_id,
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreed_result_new(request, assignment_id: int):
    assignment = access_assignment_for(request.user, assignment_id)
    effect_id = assignment.policy_goal.effect_id
    return _chain_form(
        request,
        AgreedResultForm(request.POST or None),
        _then(
            lambda values: actions.agreed_result_create(actor=request.user, assignment=assignment, **values),
            effect_id,
        ),
        title=_("Resultaat afspreken bij: %(assignment)s") % {"assignment": assignment.name},
        intro=_("Op welke indicator wordt deze opdracht afgerekend, en wat is de streefwaarde?"),
        done=_("Het afgesproken resultaat is toegevoegd."),
        back=_chain_url(effect_id),
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreed_result_edit(request, agreed_result_id: int):
    result = access_agreed_result_for(request.user, agreed_result_id)
    effect_id = result.assignment.policy_goal.effect_id
    form = AgreedResultForm(
        request.POST or None, initial={"indicator": result.indicator_id, "target_value": result.target_value}
    )
    return _chain_form(
        request,
        form,
        _then(
            lambda values: actions.agreed_result_update(actor=request.user, agreed_result=result, **values),
            effect_id,
        ),
        title=_("Afgesproken resultaat wijzigen"),
        done=_("Het afgesproken resultaat is gewijzigd."),
        back=_chain_url(effect_id),
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreed_result_delete(request, agreed_result_id: int):
    result = access_agreed_result_for(request.user, agreed_result_id)
    return _chain_delete(
        request,
        what=result.indicator.name,
        consequence=_("De opdracht blijft; alleen dit afgesproken resultaat gaat weg."),
        delete=lambda: actions.agreed_result_delete(actor=request.user, agreed_result=result),
        effect_id=result.assignment.policy_goal.effect_id,
    )


# -- the monitor -----------------------------------------------------------------------------------------


def _monitor(request):
    reach = monitor_reach_for(request.user)
    form = MonitorFilterForm(request.GET, areas=reach.areas, teams=reach.teams)
    return form, monitor_for(request.user, reach=reach, **form.filters())


@require_GET
@login_required
def monitor(request):
    form, found = _monitor(request)
    context = {
        "form": form,
        "monitor": found,
        "query": request.GET.urlencode(),
        "can_measure": found.reach.compare,
        "breadcrumbs": _crumbs({"label": _("Monitor")}),
    }
    return render(request, "thermometer/monitor.html", context)


def _csv_title(found) -> list[list[str]]:
    whose = _("Gemeente %(name)s") % {"name": found.reach.municipality.name}
    if found.team:
        whose += f", {found.team.name}"
    if found.area:
        whose += f", {found.area.name}"
    return [
        [_("Monitor van de thermometer")],
        [whose],
        [_("Cijfers met de stand van %(date)s") % {"date": found.day.isoformat()}],
        [
            _(
                'Een cel met minder dan %(threshold)s huishoudens staat als "< %(threshold)s": zo is niemand '
                "te herkennen. Een lege cel: niets te tellen of niet gemeten."
            )
            % {"threshold": found.threshold}
        ],
    ]


@require_GET
@login_required
def monitor_csv(request):
    """The monitor's table for download: the same figures, no personal data."""
    _form, found = _monitor(request)
    response = HttpResponse(
        report_csv(monitor_sections(found), _csv_title(found)), content_type=CSV_CONTENT_TYPE
    )
    scope = found.reach.municipality.code + (f"-team-{found.team.pk}" if found.team else "")
    scope += f"-gebied-{found.area.code}" if found.area else ""
    response["Content-Disposition"] = (
        f'attachment; filename="monitor-{scope}-{timezone.localdate():%Y%m%d}.csv"'
    )
    return response


@require_http_methods(["GET", "POST"])
@login_required
def measurement_new(request):
    municipality = chain_municipality_for(request.user)
    form = MeasurementForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            actions.measurement_record(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("De meting is vastgelegd."))
            return redirect("thermometer:measurement_new")
    context = {
        "form": form,
        "municipality": municipality,
        "measurements": measurements_for(municipality),
        "breadcrumbs": _crumbs(
            {"label": _("Monitor"), "url": reverse("thermometer:monitor")}, {"label": _("Meting invoeren")}
        ),
    }
    return render(request, "thermometer/measurement_form.html", context)


# -- the reading ------------------------------------------------------------------------------------------


def _year(data) -> int | None:
    """The year asked for ("jaar" in the query or form data), if it is one the reading can show."""
    try:
        year = int(data.get("jaar", ""))
    except ValueError:
        return None
    return year if 2000 <= year <= timezone.localdate().year else None


@require_GET
@login_required
def reading(request):
    """The reading of the policy advisor's gemeente for a year: the HTML page."""
    result = access_reading_for(request.user, year=_year(request.GET))
    this_year = timezone.localdate().year
    context = {
        "reading": result,
        "years": list(range(this_year, this_year - 5, -1)),
        "document": stored_reading_document(result.municipality, result.year),
        "breadcrumbs": _crumbs({"label": _("Thermometer")}),
    }
    return render(request, "thermometer/reading.html", context)


def _reading_pdf_download(document) -> HttpResponse:
    filename = f"thermometer-{slugify(document.municipality.name)}-{document.year}.pdf"
    return pdf_file_response(bytes(document.pdf), filename, attachment=True)


@require_GET
@login_required
def reading_pdf(request):
    """The reading as a PDF, to send to the council: the one made last night or on request, or, when
    there is none for the year yet, one made now."""
    municipality = reading_municipality_for(request.user)
    year = _year(request.GET) or timezone.localdate().year
    document = stored_reading_document(municipality, year)
    if document is None:
        document = actions.reading_document_make(municipality=municipality, year=year)
    return _reading_pdf_download(document)


@require_POST
@login_required
def reading_pdf_make(request):
    """Make the PDF again with today's figures, then download it."""
    municipality = reading_municipality_for(request.user)
    year = _year(request.POST) or timezone.localdate().year
    return _reading_pdf_download(actions.reading_document_make(municipality=municipality, year=year))
