"""Reads of intake and its access functions. Who may see a melding follows from who may see its
household (household_ids_visible_to for lists, in_reach for one melding); every read of personal data
writes the processing log."""

from django.core.paginator import Page
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404

from eenplan.core.access import permit
from eenplan.core.actions import Subject, processing_log_record
from eenplan.core.models import Area
from eenplan.core.queries import page_by_ids
from eenplan.households.queries import household_ids_visible_to, in_reach, served_area_ids

from .models import SupportRequest, Term

CASELOAD_PAGE_SIZE = 25
NEARLY_DUE_DAYS = 5
DETAIL_CATEGORIES = ("identity-contact", "situation-assessment")
LIST_CATEGORIES = ("identity-contact",)


def support_requests_visible_to(user) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(household__in=household_ids_visible_to(user))


def _log_reads(user, channel: str, support_requests, categories, description: str, purpose=None) -> None:
    processing_log_record(
        actor=user, action="read", channel=channel, object_type="support_request",
        subjects=[Subject(item.pk, item.household_id, item.person_id) for item in support_requests],
        categories=categories, description=description, purpose=purpose,
    )  # fmt: skip


def access_support_request_for(user, support_request_id, *, channel: str, purpose: str | None = None):
    """One melding with its household, person and terms, or 404; logs the read."""
    permit(user, DETAIL_CATEGORIES, purpose)  # 404 before anything is read
    try:
        support_request = (
            SupportRequest.objects.filter(in_reach(user))
            .select_related("household__area", "person", "assigned_to", "inquiry")
            .prefetch_related("terms__suspensions", "terms__extensions")
            .get(pk=support_request_id)
        )
    except (SupportRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_reads(user, channel, [support_request], DETAIL_CATEGORIES, "Melding bekeken", purpose)
    return support_request


def access_term_for(user, term_id, *, channel: str) -> Term:
    """A term of a melding the user may see (for suspending or extending it), or 404."""
    permit(user, LIST_CATEGORIES)
    try:
        term = Term.objects.select_related("support_request").get(
            in_reach(user, "support_request__household"), pk=term_id
        )
    except (Term.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_reads(user, channel, [term.support_request], LIST_CATEGORIES, "Termijn geopend")
    return term


def caseload_areas(user) -> QuerySet[Area]:
    """The neighbourhoods a user can filter the caseload on."""
    if not user.team_id:
        return Area.objects.none()
    return Area.objects.filter(pk__in=sorted(served_area_ids(user)), kind=Area.Kind.NEIGHBOURHOOD).order_by(
        "name"
    )


# The caseload's order: "urgent" before "normal", then the nearest end of a running term (stored on the
# melding by the actions; meldingen without a running term last), then the oldest. The index
# supportrequest_caseload holds the open meldingen in this order.
CASELOAD_ORDER = ("-urgency", F("next_due").asc(nulls_last=True), "received_on", "pk")


def access_caseload_for(
    user, *, channel: str, page_number=1, area_id=None, status: str = "open", mine_only: bool = False
) -> Page:
    """The meldingen a user may see, most urgent first (the nearest end of a running term), filtered by
    area and status; logs each one shown."""
    permit(user, LIST_CATEGORIES)
    items = support_requests_visible_to(user)
    if status in (SupportRequest.Status.OPEN, SupportRequest.Status.CLOSED):
        items = items.filter(status=status)
    if area_id:
        items = items.filter(household__area_id=area_id)
    if mine_only:
        items = items.filter(assigned_to=user)
    rows = SupportRequest.objects.select_related("household__area", "person", "assigned_to").prefetch_related(
        Prefetch("terms", queryset=Term.objects.order_by("due_on"))
    )
    page = page_by_ids(
        items.order_by(*CASELOAD_ORDER), rows, page_size=CASELOAD_PAGE_SIZE, page_number=page_number
    )
    _log_reads(user, channel, page.object_list, LIST_CATEGORIES, "Melding in de caseload getoond")
    return page


INQUIRY_CATEGORIES = ("identity-contact", "situation-assessment", "conversation-notes", "health")


def access_inquiry_for(user, support_request_id, *, channel: str, purpose: str | None = None):
    """A melding with its inquiry, conversations, scores and report, or 404 when the user may not see
    it or no inquiry was started. Conversation notes and scores may hold health data: logged as such."""
    permit(user, INQUIRY_CATEGORIES, purpose)
    try:
        support_request = (
            SupportRequest.objects.filter(in_reach(user))
            .select_related("household__area", "person", "assigned_to", "inquiry__report", "self_assessment")
            .prefetch_related(
                "household__members",
                "self_assessment__scores__domain",
                "inquiry__conversations__assessment__instrument",
                "inquiry__conversations__assessment__scores__domain",
            )
            .get(pk=support_request_id, inquiry__isnull=False)
        )
    except (SupportRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_reads(user, channel, [support_request], INQUIRY_CATEGORIES, "Onderzoek bekeken", purpose)
    return support_request
