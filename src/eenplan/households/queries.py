"""Reads across households, and the access functions: the single place where role, team, regie and
break-the-glass decide which household a team member sees (partners: sharing.queries). Every read of
personal data made through them writes the processing log."""

import operator
from functools import reduce

from django.core.paginator import Page
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from eenplan.accounts.models import Role
from eenplan.core.access import permit
from eenplan.core.actions import Subject, processing_log_record
from eenplan.core.configuration import configuration_cached
from eenplan.core.models import Area, Municipality
from eenplan.core.queries import page_by_ids, suppress_small

from .models import Household, Person, Representation

HOUSEHOLD_CATEGORIES = ("identity-contact", "household-network")
LIST_CATEGORIES = ("identity-contact",)
LIST_PAGE_SIZE = 25


def team_area_ids(team) -> set[int]:
    """The areas a team serves: its own areas and the neighbourhoods of its districts."""
    own = set(Area.objects.filter(teams=team).values_list("pk", flat=True))
    children = set(Area.objects.filter(parent__in=own).values_list("pk", flat=True))
    return own | children


def served_area_ids(user) -> frozenset[int]:
    """The areas of the user's team (team_area_ids), from the configuration cache: every page of a team
    member needs them, and beheer changes them."""
    if not user.team_id:
        return frozenset()
    return configuration_cached(
        user, ("team_areas", user.team_id), lambda: frozenset(team_area_ids(user.team_id))
    )


def _related(relation: str, **lookups) -> QuerySet:
    """The records of a household's relation (melding, plan, break-the-glass access) that match, read
    from that record's own table and index."""
    return Household._meta.get_field(relation).related_model.objects.filter(**lookups)


def representations_in_force_for(user) -> QuerySet[Representation]:
    """The representations a resident acts on today (Representation.in_force)."""
    return Representation.objects.filter(Representation.in_force(timezone.localdate()), representative=user)


def represented_person_ids(user) -> QuerySet:
    """The people a resident may act for today."""
    return representations_in_force_for(user).values("person_id").order_by()


def _reach(user) -> list[tuple[QuerySet, str]]:
    """Who sees which household (domain.md §5), one rule per line: records whose ``column`` holds the
    id of a household the user may see. Both forms below are made from these rules."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.role == Role.RESIDENT:
        return [
            (Household.objects.filter(members__user=user), "pk"),
            (representations_in_force_for(user), "person__household_id"),  # a parent, curator, mentor, …
        ]
    if user.role in (Role.CONSULTANT, Role.TEAM_LEAD):
        return [
            (Household.objects.filter(area__in=sorted(served_area_ids(user))), "pk"),
            (_related("support_requests", assigned_to=user), "household_id"),
            (_related("plans", case_director=user), "household_id"),  # the regisseur, in any area
            # vital interest:
            (_related("break_glass", user=user, expires_at__gt=timezone.now()), "household_id"),
        ]
    # Decision makers see what a decision needs through provisions' access_application_for, never a
    # whole household; partner professionals only the categories of their organisation's active
    # arrangements, through sharing's access_shared_household_for, never these pages; policy advisors,
    # functional admins and privacy officers none.
    return []


def household_ids_visible_to(user) -> QuerySet:
    """The ids of the households a user may see at all: a subquery for the lists of other tables
    (meldingen, plans, applications).

    A UNION of the rules' id sets, each read through its own index: the database estimates a union
    well (the sum of its parts), where an OR of joins with DISTINCT, or of subqueries, made it expect
    half the gemeente and read whole tables for every list (docs/performance.md)."""
    first, *rest = [records.values(column).order_by() for records, column in _reach(user)] or [
        Household.objects.none().values("pk")
    ]
    return first.union(*rest) if rest else first


def in_reach(user, household: str = "household") -> Q:
    """The condition that one record's household (the field path ``household``) is one the user may
    see: the rules of ``_reach`` as EXISTS on that household alone. For reading one record; a list
    uses ``household_ids_visible_to``, which reads the whole reach once."""
    rules = [Exists(records.filter(**{column: OuterRef(household)})) for records, column in _reach(user)]
    return reduce(operator.or_, rules) if rules else Q(pk__in=[])


def sees_household(user, household_id) -> bool:
    """Whether the user may see this one household (``in_reach``)."""
    return Household.objects.filter(in_reach(user, "pk"), pk=household_id).exists()


def acts_for_household(user, household_id) -> bool:
    """Whether a resident may act for this household in Mijn plan: a member with an account, or a
    representative in force (a parent, curator, mentor or gemachtigde)."""
    if not user.is_authenticated or not user.is_active or user.role != Role.RESIDENT:
        return False
    return sees_household(user, household_id) if household_id else False


def representations_of_household(household, today) -> QuerySet[Representation]:
    """The representations of the members of a household the caller already accessed (and logged),
    newest first, each with ``is_in_force`` today."""
    return (
        Representation.objects.filter(person__household=household)
        .select_related("person")
        .annotate(is_in_force=ExpressionWrapper(Representation.in_force(today), output_field=BooleanField()))
        .order_by("-starts_on", "-pk")
    )


def households_visible_to(user) -> QuerySet[Household]:
    """Which households a user may see at all (``household_ids_visible_to``)."""
    return Household.objects.filter(pk__in=household_ids_visible_to(user))


def _log_reads(user, purpose: str | None, channel: str, households, categories, description: str) -> None:
    processing_log_record(
        actor=user, action="read", channel=channel, object_type="household",
        subjects=[Subject(household.pk, household.pk) for household in households],
        categories=categories, description=description, purpose=purpose,
    )  # fmt: skip


def access_household_for(user, household_id, *, channel: str, purpose: str | None = None) -> Household:
    """One household with its members, or 404 as if it does not exist; logs the read."""
    permit(user, HOUSEHOLD_CATEGORIES, purpose)
    try:
        household = (
            Household.objects.filter(in_reach(user, "pk"))
            .select_related("area__parent", "municipality")
            .prefetch_related(
                Prefetch("members", queryset=Person.objects.order_by("date_of_birth")),
                "network",
                "support_requests",
                "plans",
            )
            .get(pk=household_id)
        )
    except (Household.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_reads(user, purpose, channel, [household], HOUSEHOLD_CATEGORIES, "Huishouden bekeken")
    return household


def access_household_page_for(user, *, channel: str, page_number=1, purpose: str | None = None) -> Page:
    """One page of the households a user may see, with names of the members; logs each one shown."""
    permit(user, LIST_CATEGORIES, purpose)
    rows = Household.objects.select_related("area").prefetch_related(
        Prefetch("members", queryset=Person.objects.order_by("date_of_birth"))
    )
    page = page_by_ids(
        households_visible_to(user).order_by("pk"), rows, page_size=LIST_PAGE_SIZE, page_number=page_number
    )
    _log_reads(user, purpose, channel, page.object_list, LIST_CATEGORIES, "Huishouden in een lijst getoond")
    return page


def household_counts_by_district(municipality: Municipality) -> list[dict]:
    """Households per district for policy: aggregated, no personal data, small cells suppressed."""
    rows = (
        Area.objects.filter(municipality=municipality, kind=Area.Kind.DISTRICT)
        .annotate(household_count=Count("children__households"))
        .order_by("code")
        .values("code", "name", "household_count")
    )
    return [{**row, "household_count": suppress_small(row["household_count"])} for row in rows]


def household_counts_by_area_for_team(team) -> list[dict]:
    """Households per neighbourhood of a team, for its team lead (not personal data)."""
    return list(
        Area.objects.filter(pk__in=team_area_ids(team), kind=Area.Kind.NEIGHBOURHOOD)
        .annotate(household_count=Count("households"))
        .order_by("code")
        .values("code", "name", "household_count")
    )


def find_possible_matches(user, *, bsn: str, given_name: str, surname: str, date_of_birth, postcode: str):
    """People who may already be registered: the same BSN, or the same name, date of birth and postcode.

    Returns the matches the user may see (their reads are logged) and how many more exist outside
    their reach: for those, only the fact is told, never whose data it is.
    """
    same_person = Q(given_name__iexact=given_name, surname__iexact=surname, date_of_birth=date_of_birth)
    if postcode:
        same_person &= Q(household__postcode=postcode)
    else:
        same_person = Q(pk__in=[])
    candidates = Person.objects.filter(Q(bsn=bsn) if bsn else Q(pk__in=[])) | Person.objects.filter(
        same_person
    )
    visible_households = household_ids_visible_to(user)
    visible = list(candidates.filter(household__in=visible_households).select_related("household__area"))
    hidden = candidates.exclude(household__in=visible_households).count()
    if visible:
        permit(user, LIST_CATEGORIES)
        _log_reads(
            user,
            None,
            "screen",
            [p.household for p in visible],
            LIST_CATEGORIES,
            "Mogelijke dubbele registratie getoond",
        )
    return visible, hidden
