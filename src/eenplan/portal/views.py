"""Views of Mijn plan, the resident portal: access → form → one action → redirect or render. Only
residents (and their representatives) come here; every read goes through the owning app's access
function, every change through its actions, and a resident gets 404 for any household they do not act
for, whichever id is in the URL."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eenplan.assessment.models import Instrument
from eenplan.assessment.queries import domains_for
from eenplan.experience.queries import invitations_for
from eenplan.intake import actions as intake_actions
from eenplan.intake.queries import access_inquiry_for, access_support_request_for
from eenplan.plans import actions as plan_actions
from eenplan.plans.models import Plan
from eenplan.plans.queries import access_plan_for
from eenplan.provisions.queries import access_own_applications_for
from eenplan.sharing import actions as sharing_actions
from eenplan.sharing.queries import access_arrangement_for, access_sharing_for

from .forms import (
    PersonalPlanForm,
    ReportResponseForm,
    ResponseForm,
    SelfAssessmentForm,
    SupportRequestForm,
    WithdrawConsentForm,
)
from .queries import (
    access_persons_to_ask_for,
    access_portal_overview_for,
    representations_of,
    require_resident,
)

SELF_ASSESSMENT_INSTRUMENT = "life-domains"


def resident_only(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        require_resident(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def _posted(request):
    """The form data of a POST, even an empty one (a form with nothing ticked must still say why)."""
    return request.POST if request.method == "POST" else None


def _crumbs(*items) -> list[dict]:
    return [{"label": _("Mijn plan"), "url": reverse("portal:start")}, *items]


@require_GET
@resident_only
def start(request):
    overviews = access_portal_overview_for(request.user, channel="screen")
    context = {
        "overviews": overviews,
        "representations": representations_of(request.user),
        "invitations": invitations_for(request.user),
        "today": timezone.localdate(),
        "breadcrumbs": [],
    }
    return render(request, "portal/start.html", context)


@require_http_methods(["GET", "POST"])
@resident_only
def support_request_new(request):
    persons = access_persons_to_ask_for(request.user, channel="screen")
    if not persons:
        raise Http404
    form = SupportRequestForm(_posted(request), persons=persons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            support_request = intake_actions.support_request_submit(
                actor=request.user, person=data["person"], question=data["question"], laws=form.laws,
                urgency="urgent" if data["urgent"] else "normal", helper_name=data["helper_name"],
            )  # fmt: skip
        except intake_actions.PortalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Uw vraag is binnen. U hoort binnen een paar dagen van ons."))
            return redirect("portal:support_request", support_request.pk)
    context = {"form": form, "breadcrumbs": _crumbs({"label": _("Een vraag stellen")})}
    return render(request, "portal/support_request_new.html", context)


def _support_request_context(support_request, **extra) -> dict:
    today = timezone.localdate()
    terms = {term.rule: term for term in support_request.terms.all()}
    personal_plan_term = terms.get("personal_plan")
    inquiry = getattr(support_request, "inquiry", None)
    report = getattr(inquiry, "report", None) if inquiry else None
    return {
        "support_request": support_request,
        "inquiry_term": terms.get("inquiry"),
        "personal_plan_term": personal_plan_term,
        "personal_plan_open": personal_plan_term is not None and personal_plan_term.due_on >= today,
        "report": report if report is not None and report.issued_on else None,
        "today": today,
        "breadcrumbs": _crumbs({"label": _("Uw vraag")}),
        **extra,
    }


@require_GET
@resident_only
def support_request_detail(request, support_request_id: int):
    support_request = access_support_request_for(request.user, support_request_id, channel="screen")
    context = _support_request_context(support_request, personal_plan_form=PersonalPlanForm())
    return render(request, "portal/support_request.html", context)


@require_POST
@resident_only
def personal_plan(request, support_request_id: int):
    support_request = access_support_request_for(request.user, support_request_id, channel="screen")
    form = PersonalPlanForm(request.POST)
    if form.is_valid():
        intake_actions.personal_plan_record(
            actor=request.user, support_request=support_request, text=form.cleaned_data["text"],
            received_on=timezone.localdate(),
        )  # fmt: skip
        messages.success(request, _("Uw plan is binnen. Uw consulent leest het voor het gesprek."))
        return redirect("portal:support_request", support_request.pk)
    context = _support_request_context(support_request, personal_plan_form=form)
    return render(request, "portal/support_request.html", context)


@require_http_methods(["GET", "POST"])
@resident_only
def self_assessment(request, support_request_id: int):
    support_request = access_support_request_for(request.user, support_request_id, channel="screen")
    try:
        instrument = Instrument.objects.get(code=SELF_ASSESSMENT_INSTRUMENT, is_active=True)
    except Instrument.DoesNotExist:
        raise Http404 from None
    has_children = support_request.household.members.filter(relation="child").exists()
    domains = domains_for(instrument.code, has_children=has_children)
    form = SelfAssessmentForm(_posted(request), domains=domains, levels=instrument.levels)
    if request.method == "POST" and form.is_valid():
        try:
            intake_actions.self_assessment_record(
                actor=request.user, support_request=support_request, instrument=instrument,
                domain_scores=form.domain_scores,
            )  # fmt: skip
        except intake_actions.PortalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Dank u wel. Uw consulent ziet uw antwoorden voor het gesprek."))
            return redirect("portal:support_request", support_request.pk)
    context = {
        "support_request": support_request,
        "form": form,
        "breadcrumbs": _crumbs(
            {"label": _("Uw vraag"), "url": reverse("portal:support_request", args=[support_request.pk])},
            {"label": _("Hoe gaat het met u?")},
        ),
    }
    return render(request, "portal/self_assessment.html", context)


@require_http_methods(["GET", "POST"])
@resident_only
def report(request, support_request_id: int):
    support_request = access_inquiry_for(request.user, support_request_id, channel="screen")
    report = getattr(support_request.inquiry, "report", None)
    if report is None or not report.issued_on:
        raise Http404
    form = ReportResponseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        intake_actions.report_response_record(
            actor=request.user, report=report, response=form.cleaned_data["text"],
            agrees=form.cleaned_data["agrees"],
        )  # fmt: skip
        messages.success(request, _("Uw reactie is bewaard. Uw consulent leest hem."))
        return redirect("portal:report", support_request.pk)
    context = {
        "support_request": support_request,
        "report": report,
        "form": form,
        "breadcrumbs": _crumbs(
            {"label": _("Uw vraag"), "url": reverse("portal:support_request", args=[support_request.pk])},
            {"label": _("Verslag")},
        ),
    }
    return render(request, "portal/report.html", context)


def _plan_context(plan, **extra) -> dict:
    today = timezone.localdate()
    goals = list(plan.goals.all())
    agreements = list(plan.agreements.all())
    upcoming = sorted(
        [(goal.target_date, goal.text) for goal in goals if goal.target_date and goal.target_date >= today]
    )
    return {
        "plan": plan,
        "goals": goals,
        "loose_agreements": [agreement for agreement in agreements if agreement.goal_id is None],
        "upcoming": upcoming,
        "may_agree": plan.is_open and bool(goals) and plan.agreed_version != plan.version,
        "responses": list(plan.responses.all()),
        "response_form": ResponseForm(),
        "breadcrumbs": _crumbs({"label": _("Uw plan")}),
        **extra,
    }


@require_GET
@resident_only
def plan(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="screen")
    return render(request, "portal/plan.html", _plan_context(plan))


@require_POST
@resident_only
def plan_respond(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="screen")
    form = ResponseForm(request.POST)
    if form.is_valid():
        plan_actions.plan_response_add(
            actor=request.user, plan=plan, version=plan.version, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Uw reactie is bewaard. Uw regisseur leest hem en neemt contact op."))
        return redirect("portal:plan", plan.pk)
    return render(request, "portal/plan.html", _plan_context(plan, response_form=form))


@require_POST
@resident_only
def plan_agree(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="screen")
    try:
        version = int(request.POST.get("version", ""))
        plan_actions.plan_agree(
            actor=request.user, plan=plan, version=version, agreed_on=timezone.localdate(),
            how=Plan.AgreedHow.PORTAL,
        )  # fmt: skip
    except plan_actions.StalePlan:
        messages.error(
            request, _("Het plan is net veranderd. Lees het nog een keer. Daarna kunt u akkoord geven.")
        )
    except (ValueError, plan_actions.PlanStateError):
        messages.error(
            request, _("Dit plan kunt u nu niet akkoord geven. Bel uw regisseur als u vragen heeft.")
        )
    else:
        messages.success(request, _("U bent akkoord met het plan. Dat is bewaard."))
    return redirect("portal:plan", plan.pk)


@require_GET
@resident_only
def decisions(request, household_id: int):
    applications = access_own_applications_for(request.user, household_id, channel="screen")
    context = {
        "applications": applications,
        "today": timezone.localdate(),
        "breadcrumbs": _crumbs({"label": _("Aanvragen en besluiten")}),
    }
    return render(request, "portal/decisions.html", context)


@require_GET
@resident_only
def sharing(request, household_id: int):
    household = access_sharing_for(request.user, household_id, channel="screen")
    today = timezone.localdate()
    arrangements = sorted(household.arrangements.all(), key=lambda a: (a.withdrawn_at is not None, -a.pk))
    context = {
        "household": household,
        "in_force": [a for a in arrangements if a.withdrawn_at is None and a.starts_on <= today <= a.ends_on],
        "ended": [a for a in arrangements if a.withdrawn_at is not None or a.ends_on < today],
        "later": [a for a in arrangements if a.withdrawn_at is None and a.starts_on > today],
        "today": today,
        "breadcrumbs": _crumbs({"label": _("Wie mag uw gegevens zien?")}),
    }
    return render(request, "portal/sharing.html", context)


@require_http_methods(["GET", "POST"])
@resident_only
def consent_withdraw(request, arrangement_id: int):
    arrangement = access_arrangement_for(request.user, arrangement_id, channel="screen")
    if not sharing_actions.may_withdraw(request.user, arrangement) or arrangement.withdrawn_at:
        raise Http404
    form = WithdrawConsentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        sharing_actions.arrangement_withdraw(
            actor=request.user, arrangement=arrangement, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("Uw toestemming is ingetrokken. %(partner)s kan uw gegevens vanaf nu niet meer zien.")
            % {"partner": arrangement.partner.name},
        )
        return redirect("portal:sharing", arrangement.household_id)
    context = {
        "arrangement": arrangement,
        "form": form,
        "breadcrumbs": _crumbs(
            {
                "label": _("Wie mag uw gegevens zien?"),
                "url": reverse("portal:sharing", args=[arrangement.household_id]),
            },
            {"label": _("Toestemming intrekken")},
        ),
    }
    return render(request, "portal/consent_withdraw.html", context)


@require_POST
@resident_only
def consent_give(request, arrangement_id: int):
    arrangement = access_arrangement_for(request.user, arrangement_id, channel="screen")
    try:
        renewed = sharing_actions.arrangement_consent_give(actor=request.user, arrangement=arrangement)
    except sharing_actions.SharingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("U heeft toestemming gegeven. %(partner)s mag uw gegevens weer zien tot %(date)s.")
            % {"partner": renewed.partner.name, "date": f"{renewed.ends_on:%d-%m-%Y}"},
        )
    return redirect("portal:sharing", arrangement.household_id)
