"""Reads of applications and allocations, and their access functions (domain.md §5): the team sees
the applications of the households it may see; a decision maker sees open applications of their
gemeente, with only what the decision needs (identity, situation, advice, plan summary)."""

from django.core.paginator import Page, Paginator
from django.db.models import Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from eenplan.accounts.models import TEAM_ROLES, Role
from eenplan.core.access import permit, permits
from eenplan.core.actions import Subject, processing_log_record
from eenplan.core.queries import page_by_ids
from eenplan.households.queries import acts_for_household, household_ids_visible_to
from eenplan.intake.models import LegalTerm
from eenplan.plans.models import Agreement, Goal

from .models import Allocation, Application, ApplicationTerm

APPLICATION_CATEGORIES = ("identity-contact", "situation-assessment", "plan-agreements")
LIST_CATEGORIES = ("identity-contact", "plan-agreements")
WORKLIST_PAGE_SIZE = 25


def applications_visible_to(user) -> QuerySet[Application]:
    """Which applications a user may see at all, one rule per line."""
    if not user.is_authenticated or not user.is_active:
        return Application.objects.none()
    if user.role in TEAM_ROLES:
        return Application.objects.filter(household__in=household_ids_visible_to(user))
    if user.role == Role.DECISION_MAKER and user.municipality_id:
        return Application.objects.open_on(timezone.localdate()).filter(
            household__municipality=user.municipality_id
        )
    return Application.objects.none()


def _log_reads(user, channel: str, applications, categories, description: str, purpose=None) -> None:
    processing_log_record(
        actor=user,
        action="read",
        channel=channel,
        object_type="application",
        subjects=[Subject(a.pk, a.household_id, a.person_id) for a in applications],
        categories=categories,
        description=description,
        purpose=purpose,
    )


def access_application_for(user, application_id, *, channel: str, purpose: str | None = None) -> Application:
    """One application with the person, the advice, the decision, the terms, the allocations and a
    summary of the plan (goals and agreements), or 404; logs the read."""
    permit(user, APPLICATION_CATEGORIES, purpose)
    try:
        application = (
            applications_visible_to(user)
            .select_related(
                "household__area",
                "household__municipality",
                "person",
                "product",
                "plan__case_director",
                "plan__support_request",
                "agreement__goal",
                "advice__advised_by",
                "decision__decided_by",
                "submitted_by",
            )
            .prefetch_related(
                Prefetch("terms", queryset=ApplicationTerm.objects.order_by("due_on")),
                Prefetch("plan__goals", queryset=Goal.objects.order_by("priority", "pk")),
                Prefetch(
                    "plan__agreements",
                    queryset=Agreement.objects.select_related(
                        "person", "network_member", "partner", "service"
                    ),
                ),
                "decision__allocations__provider",
            )
            .get(pk=application_id)
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_reads(user, channel, [application], APPLICATION_CATEGORIES, "Aanvraag bekeken", purpose)
    return application


def access_worklist_for(user, *, channel: str, page_number=1, show: str = "to_decide") -> Page:
    """The decision maker's work list: applications to decide, nearest decision term first; or decided
    ones still to allocate. Logs each one shown."""
    permit(user, LIST_CATEGORIES)
    running = Q(terms__status=LegalTerm.Status.RUNNING)
    items = (
        applications_visible_to(user)
        .annotate(next_due=Min("terms__due_on", filter=running))
        .select_related("household__area", "person", "product", "advice", "decision")
        .prefetch_related(Prefetch("terms", queryset=ApplicationTerm.objects.order_by("due_on")))
    )
    if show == "to_allocate":
        items = items.filter(
            decision__outcome__in=["grant", "partly"], decision__allocations__isnull=True
        ).order_by("decision__decided_on", "pk")
    else:
        items = items.filter(status__in=[Application.Status.SUBMITTED, Application.Status.ADVISED]).order_by(
            "-urgent", "next_due", "pk"
        )
    page = Paginator(items, WORKLIST_PAGE_SIZE).get_page(page_number)
    _log_reads(user, channel, page.object_list, LIST_CATEGORIES, "Aanvraag in de werklijst getoond")
    return page


def access_allocation_for(user, allocation_id, *, channel: str, purpose: str | None = None) -> Allocation:
    """An allocation of an application the user may see, or 404; logs the read."""
    permit(user, LIST_CATEGORIES, purpose)
    try:
        allocation = Allocation.objects.select_related(
            "provider",
            "decision__application__product",
            "decision__application__person",
            "decision__application__household__municipality",
        ).get(pk=allocation_id, decision__application__in=applications_visible_to(user).values("pk"))
    except (Allocation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_reads(
        user, channel, [allocation.decision.application], LIST_CATEGORIES, "Toewijzing bekeken", purpose
    )
    return allocation


def access_application_page_for(user, *, channel: str, page_number=1) -> Page:
    """One page of the applications a user may see, newest first; logs each one shown."""
    items = applications_visible_to(user).order_by("-received_on", "-pk")
    if not permits(user, LIST_CATEGORIES):
        items = items.none()
    rows = Application.objects.select_related("person", "product", "advice", "decision").prefetch_related(
        "terms"
    )
    page = page_by_ids(items, rows, page_size=WORKLIST_PAGE_SIZE, page_number=page_number)
    if page.object_list:
        _log_reads(user, channel, page.object_list, LIST_CATEGORIES, "Aanvraag in de lijst getoond")
    return page


def access_own_applications_for(user, household_id, *, channel: str) -> list[Application]:
    """The applications of a household the resident acts for (Mijn plan), with their decision and
    terms, newest first; 404 for anyone else. Logs the read of each one shown."""
    if not acts_for_household(user, household_id):
        raise Http404
    permit(user, LIST_CATEGORIES)
    applications = list(
        Application.objects.filter(household_id=household_id)
        .select_related("product", "person", "decision")
        .prefetch_related("terms")
        .order_by("-received_on", "-pk")
    )
    if applications:
        description = "Aanvragen en besluiten bekeken in Mijn plan"
        _log_reads(user, channel, applications, LIST_CATEGORIES, description)
    return applications
