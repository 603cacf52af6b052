"""State changes of the core: appending to the processing log, and raising the configuration version."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .access import purpose_for
from .configuration import configuration_cache_clear, configuration_cached
from .models import ConfigurationVersion, ProcessingLogEntry, ProcessingLogHead

SYSTEM_ACTOR_NAME = "Eén Plan (systeem)"
EMERGENCY_PURPOSE = "emergency"


@dataclass(frozen=True)
class Processing:
    """What one processing-log entry says, apart from who and when."""

    action: str
    purpose: str
    legal_basis: str
    channel: str
    object_type: str
    object_id: str = ""
    household_id: int | None = None
    person_id: int | None = None
    categories: tuple[str, ...] = field(default_factory=tuple)
    description: str = ""


def actor_fields(actor) -> dict:
    """Snapshot of the actor, kept in the entry so the log stays readable after accounts change."""
    if actor is None:
        return {"actor_id": None, "actor_name": SYSTEM_ACTOR_NAME, "actor_role": "system", "organisation": ""}
    # The name of the partner, team or gemeente is configuration (beheer), the same on every page.
    organisation = (actor.partner_id, actor.team_id, actor.municipality_id)
    return {
        "actor_id": actor.pk,
        "actor_name": actor.get_full_name() or actor.get_username(),
        "actor_role": actor.role,
        "organisation": configuration_cached(
            actor, ("organisation", *organisation), lambda: actor.organisation_label
        ),
    }


@transaction.atomic
def processing_log_write(*, actor, processings: Iterable[Processing]) -> list[ProcessingLogEntry]:
    """Append entries to the hash chain in the caller's transaction.

    The chain head is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite runs writers one at a time),
    so concurrent writers form one unbroken chain.
    """
    processings = list(processings)
    if not processings:
        return []
    head, _created = ProcessingLogHead.objects.select_for_update().get_or_create(pk=1)
    now = timezone.now()
    who = actor_fields(actor)
    entries = []
    for processing in processings:
        entry = ProcessingLogEntry(
            sequence=head.last_sequence + 1,
            occurred_at=now,
            action=processing.action,
            purpose=processing.purpose,
            legal_basis=processing.legal_basis,
            channel=processing.channel,
            object_type=processing.object_type,
            object_id=str(processing.object_id),
            household_id=processing.household_id,
            person_id=processing.person_id,
            categories=sorted(processing.categories),
            description=processing.description[:300],
            previous_hash=head.last_hash,
            **who,
        )
        entry.entry_hash = entry.compute_hash()
        head.last_sequence = entry.sequence
        head.last_hash = entry.entry_hash
        entries.append(entry)
    ProcessingLogEntry.objects.bulk_create(entries)
    head.save(update_fields=["last_sequence", "last_hash"])
    return entries


@dataclass(frozen=True)
class Subject:
    """Whose data one processing touched: the record and the household (and person) it belongs to."""

    object_id: object
    household_id: int | None
    person_id: int | None = None


def _break_glass_households(actor, subjects) -> set[int]:
    """The subjects' households the actor has open through break-the-glass (sharing app) right now."""
    household_ids = {subject.household_id for subject in subjects if subject.household_id}
    if not household_ids or actor is None or actor.role not in ("consultant", "team_lead"):
        return set()
    access = apps.get_model("sharing", "BreakGlassAccess").objects
    return set(
        access.filter(user=actor, household__in=household_ids, expires_at__gt=timezone.now()).values_list(
            "household_id", flat=True
        )
    )


def processing_log_record(
    *,
    actor,
    action: str,
    channel: str,
    object_type: str,
    subjects: Iterable[Subject],
    categories: Iterable[str],
    description: str,
    purpose: str | None = None,
) -> list[ProcessingLogEntry]:
    """Log one processing of one or more records, for the purpose (and its legal basis) of the actor's
    role: the one call every access function and action makes. On a household the actor opened with
    break-the-glass, the purpose is the emergency, on the basis of vital interest."""
    subjects = list(subjects)
    used = purpose_for(actor, purpose)
    emergency = _break_glass_households(actor, subjects) if purpose is None else set()
    if emergency:
        emergency_purpose = purpose_for(actor, EMERGENCY_PURPOSE)
    return processing_log_write(
        actor=actor,
        processings=[
            Processing(
                action=action,
                purpose=emergency_purpose.code if subject.household_id in emergency else used.code,
                legal_basis=(
                    emergency_purpose.legal_basis if subject.household_id in emergency else used.legal_basis
                ),
                channel=channel,
                object_type=object_type,
                object_id=str(subject.object_id),
                household_id=subject.household_id,
                person_id=subject.person_id,
                categories=tuple(categories),
                description=description,
            )
            for subject in subjects
        ],
    )


@transaction.atomic
def configuration_version_bump() -> int:
    """Beheer changed configuration: every process reads it again on its next request (see
    core.configuration). The new version."""
    ConfigurationVersion.objects.get_or_create(pk=1)
    ConfigurationVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now())
    configuration_cache_clear()
    return ConfigurationVersion.objects.get(pk=1).version
