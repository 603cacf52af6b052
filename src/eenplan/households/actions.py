"""Every state change of households: registering a household, its members and its network, and the
representatives the team authorises."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eenplan.accounts.models import TEAM_ROLES
from eenplan.accounts.queries import account_for_bsn, is_plain_resident
from eenplan.core.actions import Subject, processing_log_record

from .models import Household, NetworkMember, Person, Representation, adult_birthday_cutoff
from .queries import sees_household


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


REPRESENTATION_CATEGORIES = ("identity-contact", "household-network")


def _may_manage_representation(actor, person: Person) -> bool:
    """A consultant or team lead who may see the person's household."""
    return actor.is_authenticated and actor.role in TEAM_ROLES and sees_household(actor, person.household_id)


def _log_representation(actor, action: str, representation: Representation, description: str) -> None:
    person = representation.person
    processing_log_record(
        actor=actor, action=action, channel="screen", object_type="representation",
        subjects=[Subject(representation.pk, person.household_id, person.pk)],
        categories=REPRESENTATION_CATEGORIES, description=description,
    )  # fmt: skip


@transaction.atomic
def representation_grant(
    *, actor, person: Person, kind: str, representative_name: str, representative_bsn: str, evidence: str,
    starts_on, ends_on=None,
) -> Representation:  # fmt: skip
    """Authorise someone to act for a person in Mijn plan, on the evidence the team saw. When the
    representative already has a resident's account (by BSN), it is linked at once; otherwise at
    their first log-in (accounts.actions.resident_account_link)."""
    if not _may_manage_representation(actor, person):
        raise PermissionDenied("Only the team of the household records a representative.")
    representative_bsn = representative_bsn.strip()
    is_adult = person.date_of_birth <= adult_birthday_cutoff(timezone.localdate())
    if kind == Representation.Kind.PARENT and is_adult:
        message = _(
            "Een ouder of voogd vertegenwoordigt alleen een kind onder de 18. %(name)s is 18 jaar of ouder. "
            "Kies curator, mentor of gemachtigde."
        )
        raise ValidationError({"kind": message % {"name": person.full_name}})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("De einddatum ligt voor de begindatum.")})
    if representative_bsn and representative_bsn == person.bsn:
        raise ValidationError(
            {"representative_bsn": _("Dit is het BSN van %(name)s zelf.") % {"name": person.full_name}}
        )
    account = account_for_bsn(representative_bsn)
    representation = Representation(
        person=person, kind=kind, representative_name=representative_name.strip(),
        representative_bsn=representative_bsn, evidence=evidence.strip(), starts_on=starts_on,
        ends_on=ends_on, recorded_by=actor,
        representative=account if representative_bsn and is_plain_resident(account) else None,
    )  # fmt: skip
    representation.full_clean()
    representation.save()
    linked = "; account gekoppeld" if representation.representative_id else ""
    _log_representation(
        actor, "create", representation, f"Vertegenwoordiging vastgelegd ({representation.kind}){linked}"
    )
    return representation


@transaction.atomic
def representation_withdraw(*, actor, representation: Representation) -> Representation:
    """Withdraw a representation: from this moment the representative no longer acts for the person."""
    representation = (
        Representation.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=representation.pk)
    )
    if not _may_manage_representation(actor, representation.person):
        raise PermissionDenied("Only the team of the household withdraws a representative.")
    if representation.withdrawn_at is not None:
        raise ValidationError(_("Deze vertegenwoordiging is al ingetrokken."))
    representation.withdrawn_at = timezone.now()
    representation.withdrawn_by = actor
    representation.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _log_representation(
        actor, "update", representation, f"Vertegenwoordiging ingetrokken ({representation.kind})"
    )
    return representation
