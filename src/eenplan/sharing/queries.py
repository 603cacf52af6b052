"""Reads of sharing and its access functions.

A partner professional never sees a household through the team's pages (households_visible_to gives
them none): only through the shared file here, which holds exactly the categories of the active
arrangements of their organisation, and logs each read with the arrangement's purpose and legal basis.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from eenplan.accounts.models import TEAM_ROLES, Role
from eenplan.assessment.actions import HEALTH_DOMAINS
from eenplan.assessment.models import DomainScore
from eenplan.core.access import permit
from eenplan.core.actions import Processing, Subject, processing_log_record, processing_log_write
from eenplan.core.models import DataCategory
from eenplan.households.models import Household, Person
from eenplan.households.queries import household_ids_visible_to, households_visible_to, sees_household
from eenplan.intake.models import Conversation, SupportRequest
from eenplan.plans.models import Agreement, Plan

from .models import Arrangement, ArrangementRequest, BreakGlassAccess

SHARING_CATEGORIES = ("identity-contact",)
PAGE_SIZE = 25
FINANCE_DOMAINS = {"finances"}


def score_category(domain_code: str) -> str:
    """Which data category a life-domain score belongs to: health domains are special-category data."""
    if domain_code in HEALTH_DOMAINS:
        return "health"
    if domain_code in FINANCE_DOMAINS:
        return "finances-income"
    return "situation-assessment"


# -- the team's side: who manages sharing for a household ---------------------------------------------


def may_manage_sharing(user, household: Household) -> bool:
    """The case director of the open plan grants, changes and withdraws; so does the team lead; while
    there is no open plan, any consultant who may see the household."""
    if user.role not in TEAM_ROLES:
        return False
    if not sees_household(user, household.pk):
        return False
    if user.role == Role.TEAM_LEAD:
        return True
    open_plan = Plan.objects.filter(household=household).exclude(status=Plan.Status.CLOSED).first()
    return open_plan is None or open_plan.case_director_id == user.pk


def _log_sharing_read(user, channel, households, description, purpose=None) -> None:
    processing_log_record(
        actor=user, action="read", channel=channel, object_type="arrangement",
        subjects=[Subject(household.pk, household.pk) for household in households],
        categories=SHARING_CATEGORIES, description=description, purpose=purpose,
    )  # fmt: skip


def access_sharing_for(user, household_id, *, channel: str, purpose: str | None = None) -> Household:
    """A household the user may see, with its arrangements (and their history) and requests; logs the
    read. 404 outside the user's reach."""
    permit(user, SHARING_CATEGORIES, purpose)
    try:
        household = (
            households_visible_to(user)
            .prefetch_related(
                Prefetch(
                    "arrangements",
                    queryset=Arrangement.objects.select_related(
                        "partner", "purpose", "legal_basis", "granted_by", "withdrawn_by"
                    ).prefetch_related("categories"),
                ),
                Prefetch(
                    "arrangement_requests",
                    queryset=ArrangementRequest.objects.select_related(
                        "partner", "purpose", "requested_by"
                    ).prefetch_related("categories"),
                ),
                "members",
            )
            .get(pk=household_id)
        )
    except (Household.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_sharing_read(user, channel, [household], "Deelafspraken van het huishouden bekeken", purpose)
    return household


def access_arrangement_for(user, arrangement_id, *, channel: str) -> Arrangement:
    """An arrangement of a household the user may see, with its versions, or 404; logs the read."""
    permit(user, SHARING_CATEGORIES)
    try:
        arrangement = (
            Arrangement.objects.select_related("household", "partner", "purpose", "legal_basis")
            .prefetch_related("categories", "versions__changed_by")
            .get(pk=arrangement_id, household__in=household_ids_visible_to(user))
        )
    except (Arrangement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_sharing_read(user, channel, [arrangement.household], "Deelafspraak bekeken")
    return arrangement


def leads_team_in(user, municipality_id) -> bool:
    """A team lead of a team in this gemeente: decides requests whose BSN matched no household."""
    return (
        user.role == Role.TEAM_LEAD
        and user.team_id is not None
        and user.team.municipality_id == municipality_id
    )


def access_arrangement_request_for(user, request_id, *, channel: str) -> ArrangementRequest:
    """A request about a household the user may manage sharing for, or 404. A request whose BSN matched
    no household goes to the team leads of the partner's gemeente, who can only refuse it."""
    permit(user, SHARING_CATEGORIES)
    try:
        item = (
            ArrangementRequest.objects.select_related("household", "partner", "purpose", "requested_by")
            .prefetch_related("categories")
            .get(pk=request_id, status=ArrangementRequest.Status.REQUESTED)
        )
    except (ArrangementRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if item.household_id is None:
        if not leads_team_in(user, item.partner.municipality_id):
            raise Http404
        return item
    if not may_manage_sharing(user, item.household):
        raise Http404
    _log_sharing_read(user, channel, [item.household], "Verzoek om gegevens te delen bekeken")
    return item


def requests_to_decide_for(user) -> QuerySet[ArrangementRequest]:
    """Open requests the user can decide: for households whose open plan they direct (or, as team lead,
    of their team), and, for a team lead, those that matched no household."""
    if user.role not in TEAM_ROLES or not user.team_id:
        return ArrangementRequest.objects.none()
    visible = household_ids_visible_to(user)
    directed = Plan.objects.filter(case_director=user).exclude(status=Plan.Status.CLOSED).values("household")
    mine = Q(household__in=visible) & Q(household__in=directed)
    if user.role == Role.TEAM_LEAD:
        mine = Q(household__in=visible) | Q(
            household__isnull=True, partner__municipality=user.team.municipality_id
        )
    return (
        ArrangementRequest.objects.filter(mine, status=ArrangementRequest.Status.REQUESTED)
        .select_related("household", "partner", "purpose")
        .prefetch_related("categories")
        .distinct()
        .order_by("requested_at", "pk")
    )


def requests_of_partner(user) -> QuerySet[ArrangementRequest]:
    """A partner professional's own organisation's requests, without saying which household matched."""
    if user.role != Role.PARTNER_PROFESSIONAL or not user.partner_id:
        return ArrangementRequest.objects.none()
    return (
        ArrangementRequest.objects.filter(partner=user.partner_id)
        .select_related("purpose", "requested_by")
        .prefetch_related("categories")
    )


# -- the partner's side: the shared file ----------------------------------------------------------------


def arrangements_in_force_for(user) -> QuerySet[Arrangement]:
    """The active arrangements of the user's partner organisation; none for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return Arrangement.objects.none()
    if user.role != Role.PARTNER_PROFESSIONAL or not user.partner_id:
        return Arrangement.objects.none()
    return Arrangement.objects.active().filter(partner=user.partner_id, purpose__is_active=True)


@dataclass
class SharedFile:
    """What one partner organisation may see of one household: the categories of its arrangements."""

    household: Household
    arrangements: list[Arrangement]
    categories: frozenset[str]
    members: list = field(default_factory=list)
    network: list = field(default_factory=list)
    support_requests: list = field(default_factory=list)
    conversations: list = field(default_factory=list)
    scores: list = field(default_factory=list)  # (category name, [DomainScore]) per shared category
    plan: Plan | None = None

    def allows(self, category: str) -> bool:
        return category in self.categories


def _log_shared_reads(user, channel, arrangements, description, categories=None) -> None:
    """One entry per arrangement, with that arrangement's purpose and legal basis, and its categories
    (or, for a list, only the categories shown)."""
    processing_log_write(
        actor=user,
        processings=[
            Processing(
                action="read",
                purpose=item.purpose.code,
                legal_basis=item.legal_basis.code,
                channel=channel,
                object_type="shared_file",
                object_id=str(item.household_id),
                household_id=item.household_id,
                categories=categories or tuple(sorted(category.code for category in item.categories.all())),
                description=description,
            )
            for item in arrangements
        ],
    )


def _arrangements_by_household(user, household_ids=None) -> dict[int, list[Arrangement]]:
    items = (
        arrangements_in_force_for(user)
        .select_related("partner", "purpose", "legal_basis")
        .prefetch_related("categories")
    )
    if household_ids is not None:
        items = items.filter(household__in=household_ids)
    grouped: dict[int, list[Arrangement]] = {}
    for item in items.order_by("pk"):
        grouped.setdefault(item.household_id, []).append(item)
    return grouped


def _categories(arrangements) -> frozenset[str]:
    return frozenset(category.code for item in arrangements for category in item.categories.all())


def access_shared_household_for(user, household_id, *, channel: str) -> SharedFile:
    """The shared file of one household for a partner professional: only the categories of their
    organisation's active arrangements, or 404 (no, expired or withdrawn arrangement: at once)."""
    try:
        household_id = int(household_id)
    except (ValueError, TypeError):
        raise Http404 from None
    arrangements = _arrangements_by_household(user, [household_id]).get(household_id)
    if not arrangements:
        raise Http404
    for item in arrangements:
        permit(user, [category.code for category in item.categories.all()], item.purpose.code)
    household = Household.objects.select_related("area", "municipality").get(pk=household_id)
    shared = SharedFile(household=household, arrangements=arrangements, categories=_categories(arrangements))
    if shared.allows("identity-contact") or shared.allows("household-network"):
        shared.members = list(Person.objects.filter(household=household).order_by("date_of_birth"))
    if shared.allows("household-network"):
        shared.network = list(household.network.all())
    if shared.allows("situation-assessment"):
        shared.support_requests = list(
            SupportRequest.objects.filter(household=household)
            .select_related("person")
            .order_by("-received_on")
        )
    if shared.allows("conversation-notes"):
        shared.conversations = list(
            Conversation.objects.filter(inquiry__support_request__household=household).order_by("-held_on")
        )
    scores = (
        DomainScore.objects.filter(assessment__person__household=household)
        .select_related("domain", "assessment__person", "assessment__instrument")
        .order_by("-assessment__assessed_on", "domain__order")
    )
    by_category: dict[str, list] = {}
    for score in scores:
        category = score_category(score.domain.code)
        if shared.allows(category):
            by_category.setdefault(category, []).append(score)
    names = dict(DataCategory.objects.filter(code__in=by_category).values_list("code", "name"))
    shared.scores = [(names[code], rows) for code, rows in sorted(by_category.items())]
    if shared.allows("plan-agreements"):
        shared.plan = (
            Plan.objects.filter(household=household)
            .exclude(status=Plan.Status.CLOSED)
            .select_related("case_director")
            .prefetch_related(
                "goals",
                Prefetch(
                    "agreements",
                    queryset=Agreement.objects.select_related(
                        "person", "network_member", "partner", "service"
                    ),
                ),
                "evaluations",
            )
            .first()
        )
    _log_shared_reads(user, channel, arrangements, "Gedeeld dossier bekeken")
    return shared


def access_shared_household_page_for(user, *, channel: str, page_number=1) -> Page:
    """One page of the households shared with the user's organisation; each row carries the names only
    when identity is a shared category. Logs each row shown (only identity is read for the list)."""
    grouped = _arrangements_by_household(user)
    households = (
        Household.objects.filter(pk__in=list(grouped))
        .prefetch_related(Prefetch("members", queryset=Person.objects.order_by("date_of_birth")))
        .order_by("pk")
    )
    page = Paginator(households, PAGE_SIZE).get_page(page_number)
    rows = []
    shown = []
    for household in page.object_list:
        arrangements = grouped[household.pk]
        categories = _categories(arrangements)
        names = (
            [member.full_name for member in household.members.all()]
            if "identity-contact" in categories
            else []
        )
        rows.append({"household": household, "arrangements": arrangements, "names": names})
        shown.extend(item for item in arrangements if names)
    page.rows = rows
    _log_shared_reads(user, channel, shown, "Gedeeld huishouden in de lijst getoond", ("identity-contact",))
    return page


# -- break-the-glass --------------------------------------------------------------------------------------


def break_glass_in_force_for(user) -> QuerySet[BreakGlassAccess]:
    return BreakGlassAccess.objects.filter(user=user, expires_at__gt=timezone.now()).select_related(
        "household"
    )


def break_glass_to_review_for(user) -> QuerySet[BreakGlassAccess]:
    """Break-the-glass accesses by members of the team lead's team, not yet reviewed; none for others."""
    if user.role != Role.TEAM_LEAD or not user.team_id:
        return BreakGlassAccess.objects.none()
    return (
        BreakGlassAccess.objects.filter(user__team=user.team_id, reviewed_at__isnull=True)
        .select_related("user", "household")
        .order_by("started_at", "pk")
    )


def household_for_break_glass(user, bsn: str) -> Household | None:
    """The household of a BSN in the user's gemeente that is outside their reach, or None."""
    team_municipality = user.team.municipality_id if user.team_id else None
    person = Person.objects.filter(bsn=bsn, household__municipality=team_municipality).first()
    if person is None:
        return None
    return person.household
