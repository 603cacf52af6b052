"""Reads of the social map. It holds no personal data: every staff member may search it; maintaining an
entry is for the functional admin of the gemeente and the partner that keeps the organisation.

Suggestions read a conversation or a plan goal that the caller already fetched through its own
``access_*`` function (which logged that read); the search itself sees only the words."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from eenplan.accounts.models import Role

from .configuration import REVIEW_AFTER_DAYS
from .models import Address, Contact, Location, Organization, Phone, Schedule, Service, ServiceAtLocation
from .search import Hit, SearchFilters, service_search

SUGGESTIONS = 5


def may_search(user) -> bool:
    return user.is_authenticated and user.role != Role.RESIDENT


def services_maintained_by(user) -> QuerySet[Service]:
    if user.role == Role.FUNCTIONAL_ADMIN:
        return Service.objects.filter(Q(municipality_id=user.municipality_id) | Q(municipality__isnull=True))
    if user.role == Role.PARTNER_PROFESSIONAL and user.partner_id:
        return Service.objects.filter(organization__maintained_by_id=user.partner_id)
    return Service.objects.none()


def organizations_maintained_by(user) -> QuerySet[Organization]:
    if user.role == Role.FUNCTIONAL_ADMIN:
        return Organization.objects.filter(
            Q(municipality_id=user.municipality_id) | Q(municipality__isnull=True)
        ).order_by("name")
    if user.role == Role.PARTNER_PROFESSIONAL and user.partner_id:
        return Organization.objects.filter(maintained_by_id=user.partner_id).order_by("name")
    return Organization.objects.none()


def stale_services(user) -> QuerySet[Service]:
    """Entries nobody confirmed for REVIEW_AFTER_DAYS: their details may no longer be right."""
    limit = timezone.localdate() - timedelta(days=REVIEW_AFTER_DAYS)
    return (
        services_maintained_by(user)
        .filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=limit))
        .select_related("organization")
        .order_by("reviewed_on", "name")
    )


def is_stale(service: Service) -> bool:
    return (
        service.reviewed_on is None or (timezone.localdate() - service.reviewed_on).days > REVIEW_AFTER_DAYS
    )


def service_for(user, service_id: str) -> Service:
    """One service with its places, contacts, phones and opening times, and how often it was used and
    helped (counts only); 404 for who may not search the map."""
    if not may_search(user):
        raise Http404
    places = ServiceAtLocation.objects.select_related("location").prefetch_related(
        Prefetch("location__addresses", queryset=Address.objects.order_by("id"))
    )
    try:
        return (
            Service.objects.select_related("organization")
            .prefetch_related(
                "areas",
                "target_groups",
                Prefetch("service_at_locations", queryset=places),
            )
            .annotate(
                used=Count("agreements", distinct=True),
                helped=Count("agreements", filter=Q(agreements__service_outcome="helped"), distinct=True),
                partly=Count("agreements", filter=Q(agreements__service_outcome="partly"), distinct=True),
                not_helped=Count(
                    "agreements", filter=Q(agreements__service_outcome="not_helped"), distinct=True
                ),
            )
            .get(pk=service_id)
        )
    except Service.DoesNotExist:
        raise Http404 from None


def service_extras(service: Service) -> dict:
    """Phones, opening times and contacts of a service (HSDS keeps them in their own tables)."""
    return {
        "phones": list(Phone.objects.filter(service_id=service.pk).order_by("id")),
        "schedules": list(Schedule.objects.filter(service_id=service.pk).order_by("id")),
        "contacts": list(Contact.objects.filter(service_id=service.pk).order_by("id")),
    }


def first_place(service: Service) -> tuple[Location | None, Address | None]:
    for link in service.service_at_locations.all():
        if link.location_id and link.location:
            addresses = list(link.location.addresses.all())
            return link.location, (addresses[0] if addresses else None)
    return None, None


def suggestions_for(text: str, household, *, limit: int = SUGGESTIONS) -> list[Hit]:
    """Services that answer what a resident said, working in their area, nearest first among equals."""
    if not text.strip():
        return []
    filters = SearchFilters(
        municipality_id=household.area.municipality_id if household.area_id else None,
        area=household.area if household.area_id else None,
        postcode=household.postcode or "",
    )
    return service_search(text, filters, limit=limit)
