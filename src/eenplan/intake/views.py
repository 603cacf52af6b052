from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eenplan.accounts.models import TEAM_ROLES, Role
from eenplan.assessment.models import Instrument
from eenplan.assessment.queries import domains_for
from eenplan.core.documents import pdf_response
from eenplan.core.models import Area
from eenplan.households.queries import access_household_for, find_possible_matches
from eenplan.socialmap.queries import suggestions_for

from . import actions
from .forms import (
    CaseloadFilterForm,
    CloseForm,
    ConversationForm,
    DomainScoreForm,
    ExistingHouseholdRequestForm,
    ExtendForm,
    NewHouseholdRequestForm,
    PersonalPlanForm,
    ReferralForm,
    ReportIssueForm,
    ReportResponseForm,
    ReportTextForm,
    ResumeForm,
    SuspendForm,
)
from .queries import (
    NEARLY_DUE_DAYS,
    access_caseload_for,
    access_inquiry_for,
    access_support_request_for,
    access_term_for,
    caseload_areas,
)

DEFAULT_INSTRUMENT = "life-domains"


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
        "close_form": CloseForm(),
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


def _inquiry_crumbs(support_request, *items):
    return _crumbs(
        {"label": _("Caseload"), "url": reverse("intake:caseload")},
        {"label": support_request.reference, "url": reverse("intake:detail", args=[support_request.pk])},
        *items,
    )


def _with_suggestions(request, support_request) -> list:
    """Each conversation with the social-map services that answer what matters to the resident and the
    ideas raised (``conversation.suggestions``), for the team; None where they are not shown."""
    conversations = list(support_request.inquiry.conversations.all())
    show = request.user.role in TEAM_ROLES
    for conversation in conversations:
        words = " ".join([conversation.what_matters, conversation.ideas])
        conversation.suggestions = suggestions_for(words, support_request.household) if show else None
    return conversations


@require_POST
@login_required
def inquiry_start(request, support_request_id: int):
    support_request = access_support_request_for(request.user, support_request_id, channel="screen")
    actions.inquiry_start(actor=request.user, support_request=support_request)
    return redirect("intake:inquiry", support_request.pk)


@require_GET
@login_required
def inquiry_detail(request, support_request_id: int):
    support_request = access_inquiry_for(request.user, support_request_id, channel="screen")
    context = {
        "support_request": support_request,
        "inquiry": support_request.inquiry,
        "conversations": _with_suggestions(request, support_request),
        "personal_plan_form": PersonalPlanForm(initial={"received_on": timezone.localdate()}),
        "breadcrumbs": _inquiry_crumbs(support_request, {"label": _("Onderzoek")}),
    }
    return render(request, "intake/inquiry_detail.html", context)


@require_POST
@login_required
def personal_plan_record(request, support_request_id: int):
    support_request = access_inquiry_for(request.user, support_request_id, channel="screen")
    form = PersonalPlanForm(request.POST)
    if form.is_valid():
        actions.personal_plan_record(actor=request.user, support_request=support_request, **form.cleaned_data)
        messages.success(request, _("Het persoonlijk plan is vastgelegd."))
        return redirect("intake:inquiry", support_request.pk)
    context = {
        "support_request": support_request,
        "inquiry": support_request.inquiry,
        "conversations": _with_suggestions(request, support_request),
        "personal_plan_form": form,
        "breadcrumbs": _inquiry_crumbs(support_request, {"label": _("Onderzoek")}),
    }
    return render(request, "intake/inquiry_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def conversation_new(request, support_request_id: int):
    support_request = access_inquiry_for(request.user, support_request_id, channel="screen")
    instrument_code = request.GET.get("instrument") or request.POST.get("instrument") or DEFAULT_INSTRUMENT
    instruments = Instrument.objects.filter(is_active=True).order_by("pk")
    instrument = instruments.filter(code=instrument_code).first() or instruments.first()
    domains = domains_for(instrument.code, has_children=support_request.household.has_children)
    data = request.POST if request.method == "POST" else None
    form = ConversationForm(data)
    domain_forms = [DomainScoreForm(data, domain=domain) for domain in domains]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in domain_forms):
        actions.conversation_record(
            actor=request.user,
            inquiry=support_request.inquiry,
            instrument=instrument,
            domain_scores=[f.score_data() for f in domain_forms if f.is_filled()],
            **form.cleaned_data,
        )
        messages.success(request, _("Het gesprek is vastgelegd."))
        return redirect("intake:inquiry", support_request.pk)
    context = {
        "support_request": support_request,
        "form": form,
        "domain_forms": domain_forms,
        "instrument": instrument,
        "instruments": instruments,
        "has_errors": form.errors or any(f.errors for f in domain_forms),
        "breadcrumbs": _inquiry_crumbs(
            support_request,
            {"label": _("Onderzoek"), "url": reverse("intake:inquiry", args=[support_request.pk])},
            {"label": _("Gesprek vastleggen")},
        ),
    }
    return render(request, "intake/conversation_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def report_edit(request, support_request_id: int):
    """Draft, edit, issue and record the resident's response to the verslag."""
    support_request = access_inquiry_for(request.user, support_request_id, channel="screen")
    inquiry = support_request.inquiry
    report = getattr(inquiry, "report", None)
    step = request.POST.get("step")
    text_form = ReportTextForm(
        request.POST if step == "text" else None, initial={"text": report.text if report else ""}
    )
    issue_form = ReportIssueForm(
        request.POST if step == "issue" else None, initial={"issued_on": timezone.localdate()}
    )
    response_form = ReportResponseForm(
        request.POST if step == "response" else None,
        initial={"response": report.resident_response if report else "",
                 "agrees": {True: "yes", False: "no"}.get(report.resident_agrees, "") if report else ""},
    )  # fmt: skip
    if request.method == "POST":
        try:
            if step == "draft":
                actions.report_draft(actor=request.user, inquiry=inquiry)
                messages.success(
                    request, _("Het verslag is opgesteld uit de gesprekken. Lees het na en pas het aan.")
                )
                return redirect("intake:report", support_request.pk)
            if step == "text" and report and text_form.is_valid():
                actions.report_update(actor=request.user, report=report, text=text_form.cleaned_data["text"])
                messages.success(request, _("Het verslag is opgeslagen."))
                return redirect("intake:report", support_request.pk)
            if step == "issue" and report and issue_form.is_valid():
                actions.report_issue(
                    actor=request.user, report=report, issued_on=issue_form.cleaned_data["issued_on"]
                )
                messages.success(request, _("Het verslag is uitgereikt. Het onderzoek is afgerond."))
                return redirect("intake:report", support_request.pk)
            if step == "response" and report and response_form.is_valid():
                actions.report_response_record(
                    actor=request.user, report=report, response=response_form.cleaned_data["response"],
                    agrees=response_form.agrees_value(),
                )  # fmt: skip
                messages.success(request, _("De reactie van de inwoner is vastgelegd."))
                return redirect("intake:report", support_request.pk)
        except ValueError:
            messages.error(request, _("Een uitgereikt verslag verandert niet meer. Er is niets gewijzigd."))
            return redirect("intake:report", support_request.pk)
    context = {
        "support_request": support_request,
        "inquiry": inquiry,
        "report": report,
        "text_form": text_form,
        "issue_form": issue_form,
        "response_form": response_form,
        "breadcrumbs": _inquiry_crumbs(
            support_request,
            {"label": _("Onderzoek"), "url": reverse("intake:inquiry", args=[support_request.pk])},
            {"label": _("Verslag")},
        ),
    }
    return render(request, "intake/report_edit.html", context)


@require_GET
@login_required
def report_document(request, support_request_id: int, output: str):
    """The verslag as the resident receives it: a printable page or a PDF (an export, logged as such)."""
    channel = "export" if output == "pdf" else "screen"
    support_request = access_inquiry_for(request.user, support_request_id, channel=channel)
    report = getattr(support_request.inquiry, "report", None)
    if report is None or (request.user.role == Role.RESIDENT and not report.issued_on):
        raise Http404  # the resident reads the verslag once it is given to them
    html = render_to_string(
        "intake/report_document.html", {"support_request": support_request, "report": report}
    )
    if output == "html":
        return HttpResponse(html)
    return pdf_response(html, f"verslag-{support_request.reference}.pdf")


@require_http_methods(["GET", "POST"])
@login_required
def referral_new(request):
    """A partner professional refers a resident to the wijkteam. Nothing about anyone already known is
    shown: the referral simply reaches the team."""
    if request.user.role != Role.PARTNER_PROFESSIONAL or not request.user.municipality_id:
        raise Http404
    areas = Area.objects.filter(
        municipality=request.user.municipality, kind=Area.Kind.NEIGHBOURHOOD
    ).order_by("name")
    form = ReferralForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            support_request = actions.support_request_refer(
                actor=request.user,
                household=form.household_data(),
                person=form.person_data(),
                **form.request_data(),
            )
        except LookupError:
            form.add_error("area", _("Geen wijkteam werkt in deze buurt. Neem contact op met de gemeente."))
        else:
            message = _("De verwijzing is doorgegeven aan het wijkteam (nummer %(reference)s).")
            messages.success(request, message % {"reference": support_request.reference})
            return redirect("core:start")
    context = {
        "form": form,
        "breadcrumbs": _crumbs({"label": _("Verwijzen naar het wijkteam")}),
    }
    return render(request, "intake/referral_new.html", context)


@require_POST
@login_required
def support_request_close(request, support_request_id: int):
    support_request = access_support_request_for(request.user, support_request_id, channel="screen")
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Niet afgesloten: vul een reden in."))
    else:
        try:
            actions.support_request_close(
                actor=request.user, support_request=support_request, **form.cleaned_data
            )
        except ValueError:
            messages.error(request, _("Deze melding is al afgesloten."))
        else:
            messages.success(request, _("De melding is afgesloten."))
    return redirect("intake:detail", support_request.pk)
