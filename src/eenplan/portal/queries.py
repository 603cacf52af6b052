"""Reads of Mijn plan (the resident portal). The resident's reach is households_visible_to: their own
household and the households of the people they represent; the pages use the access functions of the
apps that own the data, and the start page reads one overview per household, logged as one read."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from eenplan.accounts.models import Role
from eenplan.core.access import permit
from eenplan.core.actions import Subject, processing_log_record
from eenplan.households.models import Household, Person, Representation
from eenplan.households.queries import (
    households_visible_to,
    representations_in_force_for,
    represented_person_ids,
)
from eenplan.intake.models import SupportRequest
from eenplan.plans.models import Plan
from eenplan.sharing.models import Arrangement

OVERVIEW_CATEGORIES = ("identity-contact", "plan-agreements")


def require_resident(user) -> None:
    """Mijn plan is for residents and their representatives; anyone else gets 404."""
    if not user.is_authenticated or not user.is_active or user.role != Role.RESIDENT:
        raise Http404


@dataclass
class HouseholdOverview:
    household: Household
    own: bool  # the resident's own household, or one they represent someone in
    represented: list[Person] = field(default_factory=list)
    support_requests: list[SupportRequest] = field(default_factory=list)
    plan: Plan | None = None
    arrangements_in_force: int = 0
    applications: int = 0


def access_portal_overview_for(user, *, channel: str) -> list[HouseholdOverview]:
    """For every household the resident acts for: the meldingen, the plan, how many decisions and
    sharing arrangements there are. Logged as one read per household."""
    require_resident(user)
    permit(user, OVERVIEW_CATEGORIES)
    today = timezone.localdate()
    households = list(
        households_visible_to(user)
        .prefetch_related(
            "members",
            Prefetch(
                "support_requests",
                queryset=SupportRequest.objects.select_related("person", "inquiry__report").prefetch_related(
                    "terms"
                ),
            ),
            Prefetch("plans", queryset=Plan.objects.select_related("case_director").order_by("-pk")),
            Prefetch(
                "arrangements",
                queryset=Arrangement.objects.filter(
                    withdrawn_at__isnull=True, starts_on__lte=today, ends_on__gte=today
                ),
                to_attr="in_force",
            ),
            "applications",
        )
        .order_by("pk")
    )
    represented = set(represented_person_ids(user).values_list("person_id", flat=True))
    overviews = []
    for household in households:
        members = list(household.members.all())
        plans = list(household.plans.all())
        overviews.append(
            HouseholdOverview(
                household=household,
                own=any(member.user_id == user.pk for member in members),
                represented=[member for member in members if member.pk in represented],
                support_requests=list(household.support_requests.all()),
                plan=next((plan for plan in plans if plan.is_open), plans[0] if plans else None),
                arrangements_in_force=len(household.in_force),
                applications=len(household.applications.all()),
            )
        )
    if overviews:
        processing_log_record(
            actor=user, action="read", channel=channel, object_type="household",
            subjects=[Subject(item.household.pk, item.household.pk) for item in overviews],
            categories=OVERVIEW_CATEGORIES, description="Overzicht in Mijn plan bekeken",
        )  # fmt: skip
    return overviews


def access_persons_to_ask_for(user, *, channel: str) -> list[Person]:
    """For whom a resident may make a melding: the members of their own household, and the people they
    represent. Logs the read of their names."""
    require_resident(user)
    permit(user, ("identity-contact",))
    own = Person.objects.filter(household__members__user=user)
    represented = Person.objects.filter(pk__in=represented_person_ids(user))
    persons = list(
        (own | represented).distinct().select_related("household__area").order_by("household", "pk")
    )
    if persons:
        processing_log_record(
            actor=user, action="read", channel=channel, object_type="person",
            subjects=[Subject(person.pk, person.household_id, person.pk) for person in persons],
            categories=("identity-contact",), description="Namen gelezen voor een melding in Mijn plan",
        )  # fmt: skip
    return persons


def representations_of(user) -> list[Representation]:
    """The representations in force of this resident, to say on whose behalf they act."""
    return list(representations_in_force_for(user).select_related("person").order_by("pk"))
