"""Every state change of households: registering a household, its members and its network."""

from django.db import transaction

from eenplan.core.actions import Subject, processing_log_record

from .models import Household, NetworkMember, Person


def _log_create(
    actor, object_type: str, obj, household_id: int, categories, description: str, person_id=None
):
    processing_log_record(
        actor=actor, action="create", channel="screen", object_type=object_type,
        subjects=[Subject(obj.pk, household_id, person_id)], categories=categories, description=description,
    )  # fmt: skip


@transaction.atomic
def household_register(
    *,
    actor,
    area,
    street: str,
    house_number: int | None,
    house_number_addition: str,
    postcode: str,
    city: str,
) -> Household:
    household = Household(
        municipality=area.municipality,
        area=area,
        street=street,
        house_number=house_number,
        house_number_addition=house_number_addition,
        postcode=postcode,
        city=city,
    )
    household.full_clean()
    household.save()
    _log_create(
        actor, "household", household, household.pk, ("identity-contact",), "Huishouden geregistreerd"
    )
    return household


@transaction.atomic
def person_add(*, actor, household: Household, relation: str, **fields) -> Person:
    person = Person(household=household, relation=relation, **fields)
    person.full_clean()
    person.save()
    categories = ("identity-contact", "household-network")
    _log_create(actor, "person", person, household.pk, categories, "Persoon vastgelegd", person_id=person.pk)
    return person


@transaction.atomic
def network_member_add(*, actor, household: Household, **fields) -> NetworkMember:
    member = NetworkMember(household=household, **fields)
    member.full_clean()
    member.save()
    _log_create(
        actor, "network_member", member, household.pk, ("household-network",), "Netwerklid vastgelegd"
    )
    return member
