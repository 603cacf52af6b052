from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eenplan.accounts.models import Role

from . import actions
from .forms import NetworkMemberForm, PersonForm, RepresentationForm
from .models import Representation
from .queries import access_household_for, access_household_page_for, representations_of_household


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


def _representation_status(representation: Representation, today) -> tuple[str, bool]:
    """What a representation means today, in words, and whether it counts now or later."""
    if representation.withdrawn_at:
        withdrawn_on = date_format(timezone.localdate(representation.withdrawn_at), "j F Y")
        return _("ingetrokken op %(date)s") % {"date": withdrawn_on}, False
    if representation.is_in_force:
        return _("geldt nu"), True
    if representation.starts_on > today:
        return _("gaat in op %(date)s") % {"date": date_format(representation.starts_on, "j F Y")}, True
    if representation.ends_on and representation.ends_on < today:
        return _("afgelopen op %(date)s") % {"date": date_format(representation.ends_on, "j F Y")}, False
    return _("afgelopen: het kind is 18 geworden"), False


def _representation_rows(household) -> list[dict]:
    """The representations of the members of a household (read through it, after its access check):
    those that count now or later first."""
    today = timezone.localdate()
    rows = []
    for representation in representations_of_household(household, today):
        status, current = _representation_status(representation, today)
        rows.append({"representation": representation, "status": status, "current": current})
    return sorted(rows, key=lambda row: not row["current"])


@require_GET
@login_required
def household_detail(request, household_id: int):
    household = access_household_for(request.user, household_id, channel="screen")
    may_edit = request.user.role in EDITOR_ROLES
    context = {
        "household": household,
        "representations": _representation_rows(household),
        "may_edit": may_edit,
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


@require_http_methods(["GET", "POST"])
@login_required
def representation_add(request, household_id: int):
    """Record a representative (parent, curator, mentor, gemachtigde) of a member of the household."""
    if request.user.role not in EDITOR_ROLES:
        raise Http404
    household = access_household_for(request.user, household_id, channel="screen")
    form = RepresentationForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            actions.representation_grant(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De vertegenwoordiger is vastgelegd."))
            return redirect(reverse("households:detail", args=[household.pk]) + "#vertegenwoordigers")
    title = _("Vertegenwoordiger vastleggen")
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


@require_POST
@login_required
def representation_withdraw(request, household_id: int, representation_id: int):
    """Withdraw a representation of a member of the household; it stops at once."""
    if request.user.role not in EDITOR_ROLES:
        raise Http404
    household = access_household_for(request.user, household_id, channel="screen")
    today = timezone.localdate()
    representation = representations_of_household(household, today).filter(pk=representation_id).first()
    if representation is None:
        raise Http404
    try:
        actions.representation_withdraw(actor=request.user, representation=representation)
    except ValidationError:
        messages.error(request, _("Deze vertegenwoordiging was al ingetrokken."))
    else:
        message = _(
            "De vertegenwoordiging is ingetrokken. %(name)s kan nu niet meer namens %(person)s optreden."
        )
        names = {"name": representation.representative_name, "person": representation.person.full_name}
        messages.success(request, message % names)
    return redirect(reverse("households:detail", args=[household.pk]) + "#vertegenwoordigers")
