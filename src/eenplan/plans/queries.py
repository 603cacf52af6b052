"""Reads of plans and their access function: a plan is visible to whoever may see its household
(the reach, which includes the regisseur in any area: household_ids_visible_to for lists, in_reach for
one plan); every read is logged."""

from django.core.paginator import Page
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from eenplan.core.access import permit, permits
from eenplan.core.actions import Subject, processing_log_record
from eenplan.core.queries import page_by_ids
from eenplan.households.queries import household_ids_visible_to, in_reach

from .models import Agreement, Evaluation, Goal, Participant, Plan, PlanResponse

PLAN_CATEGORIES = ("identity-contact", "plan-agreements")
PAGE_SIZE = 25


def plans_visible_to(user) -> QuerySet[Plan]:
    return Plan.objects.filter(household__in=household_ids_visible_to(user))


def _log_reads(user, channel: str, plans, description: str, purpose=None, categories=PLAN_CATEGORIES) -> None:
    processing_log_record(
        actor=user, action="read", channel=channel, object_type="plan",
        subjects=[Subject(plan.pk, plan.household_id) for plan in plans],
        categories=categories, description=description, purpose=purpose,
    )  # fmt: skip


def access_plan_for(user, plan_id, *, channel: str, purpose: str | None = None) -> Plan:
    """One plan with everything in it, or 404 as if it does not exist; logs the read."""
    permit(user, PLAN_CATEGORIES, purpose)
    try:
        plan = (
            Plan.objects.filter(in_reach(user))
            .select_related("household__area", "case_director", "support_request__person")
            .prefetch_related(
                Prefetch("goals", queryset=Goal.objects.prefetch_related("domains")),
                # The service and the application apart: joined in, they took PostgreSQL 5 ms to plan.
                Prefetch(
                    "agreements",
                    queryset=Agreement.objects.select_related(
                        "goal", "person", "network_member", "partner"
                    ).prefetch_related("service", "application__decision"),
                ),
                Prefetch(
                    "participants",
                    queryset=Participant.objects.select_related(
                        "person",
                        "network_member",
                        "user__partner",
                        "user__team__municipality",
                        "user__municipality",
                    ),
                ),
                Prefetch("evaluations", queryset=Evaluation.objects.prefetch_related("goals__goal")),
                "household__members",
                "household__network",
                Prefetch("responses", queryset=PlanResponse.objects.select_related("author")),
            )
            .get(pk=plan_id)
        )
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_reads(user, channel, [plan], "Plan bekeken", purpose)
    return plan


def access_goal_for(user, plan_id, goal_id, *, channel: str, purpose: str | None = None) -> Goal:
    """One goal of a plan with the plan and its household (``goal.plan``), or 404 as if it does not
    exist; logs the read of the plan."""
    permit(user, PLAN_CATEGORIES, purpose)
    try:
        goal = Goal.objects.select_related("plan__household__area").get(
            in_reach(user, "plan__household"), pk=goal_id, plan_id=plan_id
        )
    except (Goal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_reads(user, channel, [goal.plan], "Suggesties van de sociale kaart bij een doel bekeken", purpose)
    return goal


def access_plan_history_for(user, plan_id, *, channel: str, purpose: str | None = None) -> Plan:
    """A plan with all its versions (snapshots), or 404; logs the read."""
    permit(user, PLAN_CATEGORIES, purpose)
    try:
        plan = (
            Plan.objects.filter(in_reach(user))
            .select_related("household")
            .prefetch_related("versions__changed_by")
            .get(pk=plan_id)
        )
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_reads(user, channel, [plan], "Geschiedenis van een plan bekeken", purpose)
    return plan


def access_plan_page_for(user, *, channel: str, page_number=1) -> Page:
    """One page of the plans a user may see, newest first; logs each one shown."""
    items = plans_visible_to(user).order_by("-pk")
    if not permits(user, PLAN_CATEGORIES):
        items = items.none()
    rows = Plan.objects.select_related("case_director")
    page = page_by_ids(items, rows, page_size=PAGE_SIZE, page_number=page_number)
    if page.object_list:
        _log_reads(user, channel, page.object_list, "Plan in de lijst getoond")
    return page


def open_plan_id(household_id) -> int | None:
    """The id of a household's one open plan, for a caller that already had access to the household."""
    open_plans = Plan.objects.filter(household=household_id).exclude(status=Plan.Status.CLOSED)
    return open_plans.values_list("pk", flat=True).first()
