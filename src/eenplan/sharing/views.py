from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from eenplan.accounts.models import TEAM_ROLES, Role

from . import actions
from .forms import (
    ArrangementForm,
    BreakGlassForm,
    GrantRequestForm,
    RefuseForm,
    RequestForm,
    ReviewForm,
    TermsForm,
    WithdrawForm,
)
from .queries import (
    access_arrangement_for,
    access_arrangement_request_for,
    access_shared_household_for,
    access_shared_household_page_for,
    access_sharing_for,
    break_glass_in_force_for,
    break_glass_to_review_for,
    household_for_break_glass,
    may_manage_sharing,
    requests_of_partner,
    requests_to_decide_for,
)


def _crumbs(*items) -> list[dict]:
    return [{"label": _("Start"), "url": reverse("core:start")}, *items]


def _household_crumbs(household, *items) -> list[dict]:
    return _crumbs(
        {"label": household.reference, "url": reverse("households:detail", args=[household.pk])},
        {"label": _("Delen met partners"), "url": reverse("sharing:household", args=[household.pk])},
        *items,
    )


def _terms(data) -> dict:
    return {
        key: data.get(key, "")
        for key in ("categories", "legal_basis", "starts_on", "ends_on", "consent_given_by", "consent_form",
                    "consent_document", "note")
    }  # fmt: skip


# -- the team: arrangements of a household ---------------------------------------------------------------


@require_GET
@login_required
def household_sharing(request, household_id: int):
    household = access_sharing_for(request.user, household_id, channel="screen")
    context = {
        "household": household,
        "arrangements": household.arrangements.all(),
        "requests": [item for item in household.arrangement_requests.all() if item.status == "requested"],
        "may_manage": may_manage_sharing(request.user, household),
        "breadcrumbs": _crumbs(
            {"label": household.reference, "url": reverse("households:detail", args=[household.pk])},
            {"label": _("Delen met partners")},
        ),
    }
    return render(request, "sharing/household.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def arrangement_new(request, household_id: int):
    household = access_sharing_for(request.user, household_id, channel="screen")
    if not may_manage_sharing(request.user, household):
        raise Http404
    form = ArrangementForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.arrangement_grant(
                actor=request.user, household=household, partner=data["partner"], purpose=data["purpose"],
                **_terms(data),
            )  # fmt: skip
        except actions.SharingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De afspraak is vastgelegd en geldt meteen."))
            return redirect("sharing:household", household.pk)
    context = {
        "form": form,
        "household": household,
        "title": _("Afspraak over delen maken"),
        "breadcrumbs": _household_crumbs(household, {"label": _("Nieuwe afspraak")}),
    }
    return render(request, "sharing/form.html", context)


@require_GET
@login_required
def arrangement_detail(request, arrangement_id: int):
    arrangement = access_arrangement_for(request.user, arrangement_id, channel="screen")
    context = {
        "arrangement": arrangement,
        "may_manage": may_manage_sharing(request.user, arrangement.household),
        "breadcrumbs": _household_crumbs(arrangement.household, {"label": arrangement.reference}),
    }
    return render(request, "sharing/arrangement.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def arrangement_edit(request, arrangement_id: int):
    arrangement = access_arrangement_for(request.user, arrangement_id, channel="screen")
    if not may_manage_sharing(request.user, arrangement.household) or arrangement.withdrawn_at:
        raise Http404
    initial = {
        "purpose": arrangement.purpose, "categories": list(arrangement.categories.all()),
        "legal_basis": arrangement.legal_basis, "starts_on": arrangement.starts_on,
        "ends_on": arrangement.ends_on, "consent_given_by": arrangement.consent_given_by,
        "consent_form": arrangement.consent_form, "consent_document": arrangement.consent_document,
        "note": arrangement.note,
    }  # fmt: skip
    form = TermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.arrangement_change(
                actor=request.user, arrangement=arrangement, purpose=form.cleaned_data["purpose"],
                **_terms(form.cleaned_data),
            )  # fmt: skip
        except actions.SharingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De afspraak is gewijzigd en geldt meteen."))
            return redirect("sharing:arrangement", arrangement.pk)
    context = {
        "form": form,
        "household": arrangement.household,
        "title": _("Afspraak met %(partner)s wijzigen") % {"partner": arrangement.partner.name},
        "breadcrumbs": _household_crumbs(arrangement.household, {"label": _("Wijzigen")}),
    }
    return render(request, "sharing/form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def arrangement_withdraw(request, arrangement_id: int):
    arrangement = access_arrangement_for(request.user, arrangement_id, channel="screen")
    if not actions.may_withdraw(request.user, arrangement) or arrangement.withdrawn_at:
        raise Http404
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.arrangement_withdraw(
            actor=request.user, arrangement=arrangement, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, _("De afspraak is ingetrokken. %(partner)s ziet het huishouden vanaf nu niet meer.")
            % {"partner": arrangement.partner.name},
        )  # fmt: skip
        return redirect("sharing:household", arrangement.household_id)
    context = {
        "form": form,
        "household": arrangement.household,
        "title": _("Afspraak met %(partner)s intrekken") % {"partner": arrangement.partner.name},
        "intro": _("Intrekken geldt meteen: de partner ziet daarna niets meer van dit huishouden."),
        "submit_label": _("Intrekken"),
        "breadcrumbs": _household_crumbs(arrangement.household, {"label": _("Intrekken")}),
    }
    return render(request, "sharing/form.html", context)


# -- the team: requests of partners ----------------------------------------------------------------------


@require_GET
@login_required
def request_list(request):
    if request.user.role not in TEAM_ROLES:
        raise Http404
    context = {
        "requests": requests_to_decide_for(request.user),
        "to_review": break_glass_to_review_for(request.user).count(),
        "breadcrumbs": _crumbs({"label": _("Delen")}),
    }
    return render(request, "sharing/requests.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def request_decide(request, request_id: int):
    item = access_arrangement_request_for(request.user, request_id, channel="screen")
    grant_form = GrantRequestForm(request.POST or None, request_item=item) if item.household_id else None
    if request.method == "POST" and grant_form is not None and grant_form.is_valid():
        try:
            actions.arrangement_request_grant(
                actor=request.user, request=item, **_terms(grant_form.cleaned_data)
            )
        except actions.SharingError as error:
            grant_form.add_error(None, str(error))
        else:
            messages.success(request, _("Het verzoek is toegekend; de afspraak geldt meteen."))
            return redirect("sharing:household", item.household_id)
    context = {
        "item": item,
        "grant_form": grant_form,
        "refuse_form": RefuseForm(),
        "breadcrumbs": _crumbs(
            {"label": _("Delen"), "url": reverse("sharing:requests")},
            {"label": item.partner.name},
        ),
    }
    return render(request, "sharing/request_decide.html", context)


@require_http_methods(["POST"])
@login_required
def request_refuse(request, request_id: int):
    item = access_arrangement_request_for(request.user, request_id, channel="screen")
    form = RefuseForm(request.POST)
    if form.is_valid():
        actions.arrangement_request_refuse(actor=request.user, request=item, note=form.cleaned_data["note"])
        messages.success(request, _("Het verzoek is geweigerd. De partner ziet uw uitleg."))
        return redirect("sharing:requests")
    context = {
        "item": item,
        "grant_form": GrantRequestForm(request_item=item) if item.household_id else None,
        "refuse_form": form,
        "breadcrumbs": _crumbs(
            {"label": _("Delen"), "url": reverse("sharing:requests")},
            {"label": item.partner.name},
        ),
    }
    return render(request, "sharing/request_decide.html", context, status=400)


# -- break-the-glass ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def break_glass(request):
    if request.user.role not in TEAM_ROLES:
        raise Http404
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household = household_for_break_glass(request.user, form.cleaned_data["bsn"])
        if household is None:
            form.add_error("bsn", _("Er is in uw gemeente geen inwoner met dit BSN."))
        else:
            try:
                actions.break_glass_start(
                    actor=request.user, household=household, reason=form.cleaned_data["reason"]
                )
            except actions.SharingError as error:
                form.add_error(None, str(error))
            else:
                messages.warning(
                    request, _("Noodtoegang geopend. Alles wat u nu bekijkt, wordt gelogd als noodtoegang.")
                )
                return redirect("households:detail", household.pk)
    context = {
        "form": form,
        "in_force": break_glass_in_force_for(request.user),
        "breadcrumbs": _crumbs({"label": _("Noodtoegang")}),
    }
    return render(request, "sharing/break_glass.html", context)


@require_GET
@login_required
def break_glass_reviews(request):
    if request.user.role != Role.TEAM_LEAD:
        raise Http404
    context = {
        "accesses": break_glass_to_review_for(request.user),
        "form": ReviewForm(),
        "breadcrumbs": _crumbs({"label": _("Noodtoegang beoordelen")}),
    }
    return render(request, "sharing/break_glass_reviews.html", context)


@require_http_methods(["POST"])
@login_required
def break_glass_review(request, access_id: int):
    access = break_glass_to_review_for(request.user).filter(pk=access_id).first()
    if access is None:
        raise Http404
    form = ReviewForm(request.POST)
    if form.is_valid():
        actions.break_glass_review(actor=request.user, access=access, **form.cleaned_data)
        messages.success(request, _("De noodtoegang is beoordeeld."))
    else:
        messages.error(request, _("Kies of de noodtoegang terecht was."))
    return redirect("sharing:break_glass_reviews")


# -- the partner ------------------------------------------------------------------------------------------


def _partner_only(request) -> None:
    if request.user.role != Role.PARTNER_PROFESSIONAL or not request.user.partner_id:
        raise Http404


@require_GET
@login_required
def shared_list(request):
    _partner_only(request)
    page = access_shared_household_page_for(
        request.user, channel="screen", page_number=request.GET.get("pagina")
    )
    context = {
        "page": page,
        "base_url": reverse("sharing:shared_list"),
        "breadcrumbs": _crumbs({"label": _("Gedeeld met ons")}),
    }
    return render(request, "sharing/shared_list.html", context)


@require_GET
@login_required
def shared_file(request, household_id: int):
    _partner_only(request)
    shared = access_shared_household_for(request.user, household_id, channel="screen")
    context = {
        "shared": shared,
        "breadcrumbs": _crumbs(
            {"label": _("Gedeeld met ons"), "url": reverse("sharing:shared_list")},
            {"label": shared.household.reference},
        ),
    }
    return render(request, "sharing/shared_file.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def request_new(request):
    _partner_only(request)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.arrangement_request_submit(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Uw verzoek is verstuurd. U ziet hier wanneer erover is beslist."))
        return redirect("sharing:my_requests")
    context = {
        "form": form,
        "title": _("Toegang vragen"),
        "intro": _(
            "Vraag de regisseur van het huishouden om gegevens met u te delen. Noem het doel en alleen de "
            "gegevens die u daarvoor nodig heeft."
        ),
        "submit_label": _("Verzoek versturen"),
        "breadcrumbs": _crumbs({"label": _("Toegang vragen")}),
    }
    return render(request, "sharing/form.html", context)


@require_GET
@login_required
def my_requests(request):
    _partner_only(request)
    context = {
        "requests": requests_of_partner(request.user),
        "breadcrumbs": _crumbs({"label": _("Onze verzoeken")}),
    }
    return render(request, "sharing/my_requests.html", context)
