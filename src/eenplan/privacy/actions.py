"""Every state change of privacy: a correction on the resident's request (AVG art. 16), and the
destruction of records whose retention term has run out."""

import logging
import re
from collections import Counter, defaultdict
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from eenplan.accounts.models import TEAM_ROLES
from eenplan.core.actions import Processing, Subject, processing_log_record, processing_log_write
from eenplan.households.models import Household, NetworkMember, Person
from eenplan.households.queries import sees_household
from eenplan.intake.models import Law

from .models import DestructionRecord, DestructionRun, Rectification
from .queries import (
    RECTIFICATION_CATEGORIES,
    STAFF_PURPOSE,
    Due,
    all_category_codes,
    governed_models,
    household_id_of,
    owned_children,
    person_id_of,
    records_past_retention,
    walk,
)

logger = logging.getLogger(__name__)

# The fields of a person a correction may change (the same as the form to add a member).
EDITABLE_FIELDS = (
    "relation",
    "given_name",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "bsn",
    "phone",
    "email",
    "preferred_language",
)
RETENTION_PURPOSE = "retention"
RETENTION_BASIS = "legal-obligation"


@transaction.atomic
def rectification_record(
    *,
    actor,
    person: Person,
    requested_on: date,
    request: str,
    changes: dict,
    outcome: str,
    reason: str,
) -> Rectification:
    """Record a request for correction and, when granted, make it: only the fields that differ change.
    Which fields changed is kept, not their old values. Only the team that may see the household."""
    if actor.role not in TEAM_ROLES or not sees_household(actor, person.household_id):
        raise PermissionDenied("Only the team of the household records a correction.")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not correctable: {sorted(unknown)}")
    changed = []
    if outcome == Rectification.Outcome.DONE:
        for name in EDITABLE_FIELDS:
            if name in changes and getattr(person, name) != changes[name]:
                setattr(person, name, changes[name])
                changed.append(name)
        if changed:
            person.full_clean()
            person.save(update_fields=changed)
    rectification = Rectification.objects.create(
        person=person,
        household_id=person.household_id,
        requested_on=requested_on,
        request=request,
        fields_changed=changed,
        outcome=outcome,
        reason=reason,
        handled_by=actor,
        handled_at=timezone.now(),
    )
    if changed:
        action, description = "update", f"Correctie (AVG art. 16): {', '.join(changed)} gewijzigd"
    elif outcome == Rectification.Outcome.DONE:
        action, description = "create", "Verzoek om correctie (AVG art. 16) vastgelegd; niets gewijzigd"
    else:
        action, description = "create", "Verzoek om correctie (AVG art. 16) afgewezen"
    processing_log_record(
        actor=actor, action=action, channel="screen", object_type="person",
        subjects=[Subject(person.pk, person.household_id, person.pk)], categories=RECTIFICATION_CATEGORIES,
        description=description, purpose=STAFF_PURPOSE,
    )  # fmt: skip
    return rectification


# --- Retention --------------------------------------------------------------------------------


def _key(obj) -> tuple[str, object]:
    return (obj._meta.label, obj.pk)


def _object_type(obj) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(obj).__name__).lower()


def _path_label(model, path: str) -> str:
    *hops, last = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return str(model._meta.get_field(last).verbose_name)


def _law_label(code: str) -> str:
    return str(Law(code).label) if code in Law.values else code


def _count(number: int, one: str, more: str) -> str:
    return f"{number} {one if number == 1 else more}"


def describe(due: Due, underlying: int) -> str:
    """What was destroyed, without personal data: kind, number, laws, the date the term started."""
    laws = f" ({', '.join(_law_label(code) for code in due.laws)})" if due.laws else ""
    started = _path_label(type(due.obj), due.rule.date_field)
    kind = str(due.obj._meta.verbose_name).capitalize()
    text = f"{kind} {due.obj.pk}{laws}, {started} {due.starts_on:%Y-%m-%d}"
    if underlying:
        text += f", met {_count(underlying, 'onderliggend gegeven', 'onderliggende gegevens')}"
    return text


def describe_household(household_id: int, tree: list) -> str:
    counts = Counter(type(obj) for obj in tree)
    return (
        f"Huishouden {household_id}: geen dossier meer over; vernietigd met "
        f"{_count(counts[Person], 'persoon', 'personen')}, "
        f"{_count(counts[NetworkMember], 'netwerklid', 'netwerkleden')} "
        f"en {_count(len(tree) - 1, 'gegeven', 'gegevens')} in totaal"
    )


def _delete_in_order(objects: list) -> None:
    """Delete records so that nothing is deleted while another one still points at it (PROTECT)."""
    by_key = {_key(obj): obj for obj in objects}
    points_at: dict = {key: set() for key in by_key}
    for key, obj in by_key.items():
        for model_field in obj._meta.concrete_fields:
            if not (model_field.many_to_one or model_field.one_to_one):
                continue
            value = getattr(obj, model_field.attname)
            target = (model_field.related_model._meta.concrete_model._meta.label, value)
            if value is not None and target in by_key and target != key:
                points_at[key].add(target)
    pointed_at_by = Counter(target for targets in points_at.values() for target in targets)
    ready = [key for key in by_key if not pointed_at_by[key]]
    done = set()
    while ready:
        key = ready.pop()
        by_key[key].delete()
        done.add(key)
        for target in points_at[key]:
            pointed_at_by[target] -= 1
            if not pointed_at_by[target]:
                ready.append(target)
    for key, obj in by_key.items():  # a cycle: let the database decide
        if key not in done:
            obj.delete()


def _destroy_for_household(run, household_id, dues: list[Due], governed: set[str]) -> int:
    """Destroy one household's due records (and, when no file is left, the household itself) in one
    transaction; a record above a record that must still be kept waits. Returns the records written."""
    trees = {due.key: walk([due.obj], neighbours=owned_children) for due in dues}
    due_keys = set(trees)
    postponed = True
    while postponed:
        postponed = False
        for key in list(due_keys):
            kept = [obj for obj in trees[key] if obj._meta.label in governed and _key(obj) not in due_keys]
            if kept:
                due_keys.discard(key)
                postponed = True
    dues = [due for due in dues if due.key in due_keys]
    if not dues:
        return 0
    doomed = {_key(obj): obj for due in dues for obj in trees[due.key]}
    household_tree = []
    if household_id is not None:
        household = Household.objects.filter(pk=household_id).first()
        tree = walk([household], neighbours=owned_children) if household else []
        if tree and not [obj for obj in tree if obj._meta.label in governed and _key(obj) not in due_keys]:
            household_tree = tree
    categories = all_category_codes()
    processings, records = [], []
    for due in dues:
        description = describe(due, len(trees[due.key]) - 1)
        records.append(
            DestructionRecord(
                run=run,
                rule=due.rule.code,
                record_type=due.obj._meta.label,
                object_id=str(due.obj.pk),
                household_id=household_id,
                description=description,
            )
        )
        processings.append(
            Processing(
                action="delete",
                purpose=RETENTION_PURPOSE,
                legal_basis=RETENTION_BASIS,
                channel="job",
                object_type=_object_type(due.obj),
                object_id=str(due.obj.pk),
                household_id=household_id,
                person_id=person_id_of(due.obj),
                categories=categories,
                description=description,
            )
        )
    if household_tree:
        description = describe_household(household_id, household_tree)
        records.append(
            DestructionRecord(
                run=run,
                rule="",
                record_type=Household._meta.label,
                object_id=str(household_id),
                household_id=household_id,
                description=description,
            )
        )
        processings.append(
            Processing(
                action="delete",
                purpose=RETENTION_PURPOSE,
                legal_basis=RETENTION_BASIS,
                channel="job",
                object_type="household",
                object_id=str(household_id),
                household_id=household_id,
                categories=categories,
                description=description,
            )
        )
        doomed.update({_key(obj): obj for obj in household_tree})
    if not run.dry_run:
        _delete_in_order(list(doomed.values()))
        processing_log_write(actor=None, processings=processings)
    DestructionRecord.objects.bulk_create(records)
    return len(records)


def retention_destroy(*, today: date, dry_run: bool = False) -> DestructionRun:
    """Destroy every record whose retention term has run out on ``today`` (with what hangs below it),
    and every household left without a file, one transaction per household. Records what was
    destroyed, without personal data, and logs each destruction. A dry run only records what would go."""
    run = DestructionRun.objects.create(started_at=timezone.now(), today=today, dry_run=dry_run)
    governed = {model._meta.label for model in governed_models()}
    by_household: dict = defaultdict(list)
    for due in records_past_retention(today):
        by_household[household_id_of(due.obj)].append(due)
    count = 0
    for household_id in sorted(by_household, key=lambda pk: (pk is None, pk or 0)):
        try:
            with transaction.atomic():
                count += _destroy_for_household(run, household_id, by_household[household_id], governed)
        except (ProtectedError, RestrictedError, IntegrityError):
            logger.exception(
                "Retention: household %s could not be destroyed; nothing of it was", household_id
            )
    run.count = count
    run.finished_at = timezone.now()
    run.save(update_fields=["count", "finished_at"])
    return run
