"""Every change to the social map: a service entered or edited by its maintainer, a review that confirms
an entry is still right, and an HSDS import (hsds.py). The social map holds no personal data, so these
write no processing-log rows; the maintainer and date are kept on the record itself."""

import uuid

from django.db import transaction
from django.utils import timezone

from eenplan.accounts.models import Role

from .models import Address, Location, Organization, Phone, Schedule, Service, ServiceAtLocation
from .queries import organizations_maintained_by
from .search import index_services


class NotMaintainer(PermissionError):
    """The user may not maintain this entry (a functional admin of another gemeente, another partner)."""


def may_maintain(user, organization: Organization | None) -> bool:
    """Whether the user keeps this organisation's entries (the rule is ``organizations_maintained_by``);
    only a functional admin enters a new organisation."""
    if organization is None:
        return user.role == Role.FUNCTIONAL_ADMIN
    return organizations_maintained_by(user).filter(pk=organization.pk).exists()


def _new_id() -> str:
    return str(uuid.uuid4())


def _set(record, **values) -> None:
    """Set HSDS properties: empty values are absent, as HSDS has it."""
    for prop, value in values.items():
        if value in ("", None):
            record.data.pop(prop, None)
        else:
            record.data[prop] = value
    record.columns_from_data()


@transaction.atomic
def service_save(
    *,
    actor,
    service: Service | None,
    organization: Organization | None,
    name: str,
    description: str,
    kind: str,
    cost: str,
    target_groups,
    areas,
    tags: list[str],
    url: str = "",
    email: str = "",
    phone: str = "",
    schedule: str = "",
    accessibility: str = "",
    availability: str = "",
    volunteer_places: int | None = None,
    venue_name: str = "",
    street: str = "",
    postcode: str = "",
    city: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    new_organization: str = "",
    new_organization_description: str = "",
) -> Service:
    """Create or change a service with its one place, phone and opening times (the common Dutch case;
    richer HSDS records come in through the import). Saving counts as a review. A functional admin may
    enter the organisation with it (``new_organization``)."""
    if organization is None:
        organization = organization_create(
            actor=actor, name=new_organization, description=new_organization_description
        )
    if not may_maintain(actor, organization) or (service and service.organization_id != organization.pk):
        raise NotMaintainer
    creating = service is None
    if creating:
        service = Service(id=_new_id(), municipality_id=organization.municipality_id or actor.municipality_id)
        service.data = {"id": service.id, "organization_id": organization.pk}
        service.organization = organization
    _set(service, name=name, description=description, url=url, email=email, status="active")
    service.data["last_modified"] = timezone.now().isoformat(timespec="seconds")
    service.kind, service.cost, service.tags = kind, cost, [t.strip().lower() for t in tags if t.strip()]
    service.accessibility, service.availability = accessibility, availability
    service.volunteer_places = volunteer_places
    service.reviewed_on = timezone.localdate()
    service.save()
    service.target_groups.set(target_groups)
    service.areas.set(areas)
    _one_child_save(Phone, service, phone, number=phone, type="voice")
    _one_child_save(Schedule, service, schedule, description=schedule)
    _place_save(service, venue_name, street, postcode, city, latitude, longitude)
    index_services([service.pk])
    return service


def _one_child_save(model, service: Service, given: str, **properties) -> None:
    """The service's one phone or opening time as the form has it: kept, changed, or gone when empty."""
    existing = model.objects.filter(service_id=service.pk).order_by("id").first()
    if not given:
        if existing:
            existing.delete()
        return
    record = existing or model(id=_new_id(), service_id=service.pk, data={})
    _set(record, id=record.id, service_id=service.pk, **properties)
    record.save()


def _place_save(service, venue_name, street, postcode, city, latitude, longitude) -> None:
    link = ServiceAtLocation.objects.filter(service_id=service.pk).select_related("location").first()
    if not venue_name:
        if link:
            link.delete()
        return
    location = link.location if link and link.location else Location(id=_new_id(), data={})
    _set(
        location,
        id=location.id,
        location_type="physical",
        name=venue_name,
        latitude=latitude,
        longitude=longitude,
        organization_id=service.organization_id,
    )
    location.organization_id = service.organization_id
    location.save()
    if street or postcode or city:
        address = Address.objects.filter(location_id=location.pk).first() or Address(
            id=_new_id(), location_id=location.pk, data={}
        )
        _set(
            address,
            id=address.id,
            location_id=location.pk,
            address_1=street,
            city=city,
            postal_code=postcode,
            state_province=service.municipality.province if service.municipality_id else city,
            country="NL",
            address_type="physical",
        )
        address.save()
    if link is None:
        link = ServiceAtLocation(id=_new_id(), service_id=service.pk, location_id=location.pk, data={})
        _set(link, id=link.id, service_id=service.pk, location_id=location.pk)
        link.save()


@transaction.atomic
def service_review(*, actor, service: Service) -> Service:
    """The maintainer confirms the entry is still right: it is no longer flagged as stale."""
    if not may_maintain(actor, service.organization if service.organization_id else None):
        raise NotMaintainer
    service.reviewed_on = timezone.localdate()
    service.save(update_fields=["reviewed_on"])
    return service


@transaction.atomic
def organization_create(*, actor, name: str, description: str, maintained_by=None) -> Organization:
    if actor.role != Role.FUNCTIONAL_ADMIN:
        raise NotMaintainer
    organization = Organization(id=_new_id(), municipality_id=actor.municipality_id, data={})
    _set(organization, id=organization.id, name=name, description=description)
    organization.maintained_by = maintained_by
    organization.save()
    return organization
