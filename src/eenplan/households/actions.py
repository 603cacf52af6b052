"""Every state change of households: registering a household, its members and its network."""

from django.db import transaction

from eenplan.core.access import purpose_for
from eenplan.core.actions import Processing, processing_log_write

from .models import Household, NetworkMember, Person


def _log_create(
    actor, object_type: str, obj, household_id: int, categories, description: str, person_id=None
):
    purpose = purpose_for(actor)
    processing_log_write(
        actor=actor,
        processings=[
            Processing(
                action="create",
                purpose=purpose.code,
                legal_basis=purpose.legal_basis,
                channel="screen",
                object_type=object_type,
                object_id=str(obj.pk),
                household_id=household_id,
                person_id=person_id,
                categories=categories,
                description=description,
            )
        ],
    )


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
