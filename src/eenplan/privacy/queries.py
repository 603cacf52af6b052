"""Reads for the resident's rights and retention, and their access functions.

``person_records`` collects everything held on one person for an inzage (AVG art. 15) by walking the
model graph through Django's ``_meta``, so a new app's records show up without changes here.
``records_past_retention`` finds what the retention rules say must be destroyed."""

import json
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenplan.accounts.models import Role
from eenplan.core.access import permit
from eenplan.core.actions import Subject, processing_log_record
from eenplan.core.models import DataCategory, LegalBasis, ProcessingLogEntry, Purpose
from eenplan.households.models import Household, Person
from eenplan.households.queries import household_ids_visible_to

from .models import DestructionRun, RetentionRule

# The apps that hold case records about residents. Configuration (core, accounts, socialmap, Django's
# own apps) is never walked into: a link to it is shown as its name.
CASE_APPS = (
    "households",
    "intake",
    "assessment",
    "plans",
    "provisions",
    "budget",
    "sharing",
    "privacy",
    "experience",
)
STAFF_PURPOSE = "data-subject-rights"
RESIDENT_PURPOSE = "data-subject-access"
RECTIFICATION_CATEGORIES = ("identity-contact",)
RETENTION_ROLES = (Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER)
INTERNAL_FIELD = re.compile(r"(password|secret|token|_hash$)")

# Dutch labels for fields that carry no verbose name of their own (Django makes one from the name).
FIELD_LABELS = {
    "created_at": gettext_lazy("vastgelegd op"),
    "created_by": gettext_lazy("vastgelegd door"),
    "updated_at": gettext_lazy("laatst gewijzigd op"),
    "registered_by": gettext_lazy("geregistreerd door"),
    "submitted_by": gettext_lazy("ingediend door"),
    "advised_by": gettext_lazy("advies gegeven door"),
    "decided_by": gettext_lazy("besloten door"),
    "allocated_by": gettext_lazy("toegewezen door"),
    "recorded_by": gettext_lazy("vastgelegd door"),
    "changed_by": gettext_lazy("gewijzigd door"),
    "changed_at": gettext_lazy("gewijzigd op"),
    "snapshot": gettext_lazy("inhoud"),
    "user": gettext_lazy("gebruiker"),
    "kind": gettext_lazy("soort"),
    "sequence": gettext_lazy("volgnummer"),
    "occurred_at": gettext_lazy("tijdstip"),
    "actor_id": gettext_lazy("nummer van de gebruiker"),
    "actor_name": gettext_lazy("door wie"),
    "actor_role": gettext_lazy("rol"),
    "organisation": gettext_lazy("organisatie"),
    "action": gettext_lazy("handeling"),
    "purpose": gettext_lazy("doel"),
    "legal_basis": gettext_lazy("grondslag"),
    "channel": gettext_lazy("kanaal"),
    "household_id": gettext_lazy("huishouden"),
    "person_id": gettext_lazy("persoon"),
    "categories": gettext_lazy("soorten gegevens"),
    "object_type": gettext_lazy("soort gegeven"),
    "object_id": gettext_lazy("nummer van het gegeven"),
    "description": gettext_lazy("omschrijving"),
}


@dataclass
class Record:
    """One record in an inzage: what it is, and every field as (label, readable value)."""

    model: str  # app_label.ModelName
    pk: object
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Section:
    """All records of one kind in an inzage, e.g. "meldingen"."""

    model: str
    title: str
    records: list[Record] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.model.replace(".", "-").lower()


def all_category_codes() -> tuple[str, ...]:
    """Every active data category: an inzage, a full export and a destruction touch all of them."""
    return tuple(DataCategory.objects.filter(is_active=True).order_by("code").values_list("code", flat=True))


# --- Walking the model graph ------------------------------------------------------------------


def is_case_model(model) -> bool:
    return model._meta.app_label in CASE_APPS


def child_relations(model, on_delete=None) -> list:
    """The relations from other case records to this model (reverse FK, one-to-one and many-to-many,
    also those without a reverse name), optionally only those whose FK has one of these on_delete."""
    relations = []
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        if not is_case_model(relation.related_model):
            continue
        if on_delete is not None and (relation.many_to_many or relation.on_delete not in on_delete):
            continue
        relations.append(relation)
    return relations


def children(obj, relation) -> QuerySet:
    return relation.related_model._default_manager.filter(**{relation.field.name: obj}).order_by("pk")


def person_fields(model) -> list:
    """The links from a model to a person (foreign key or one-to-one)."""
    return [
        f
        for f in model._meta.concrete_fields
        if (f.many_to_one or f.one_to_one) and f.related_model is Person
    ]


def belongs_to_another_person(obj, person: Person) -> bool:
    """Another member's own record: another Person, or a record linked to another person."""
    if isinstance(obj, Person):
        return obj.pk != person.pk
    for person_field in person_fields(type(obj)):
        value = getattr(obj, person_field.attname)
        if value is not None and value != person.pk:
            return True
    return False


def case_children(obj):
    """The records below this one: every case record that links to it."""
    for relation in child_relations(type(obj)):
        yield from children(obj, relation)


def walk(roots, *, include=lambda obj: True, neighbours=case_children) -> list:
    """Every record under the roots (breadth first, each once), following ``neighbours``; a record
    ``include`` refuses is left out together with everything only reachable through it."""
    visited, found = set(), []
    queue = deque(roots)
    while queue:
        obj = queue.popleft()
        key = (obj._meta.label, obj.pk)
        if key in visited:
            continue
        visited.add(key)
        if not include(obj):
            continue
        found.append(obj)
        queue.extend(neighbours(obj))
    return found


# --- Showing a record -------------------------------------------------------------------------


def field_label(model_field) -> str:
    auto = model_field.name.replace("_", " ")
    if str(model_field.verbose_name) != auto:
        return str(model_field.verbose_name)
    if model_field.name in FIELD_LABELS:
        return str(FIELD_LABELS[model_field.name])
    if model_field.is_relation:
        return str(model_field.related_model._meta.verbose_name)
    return auto


def readable(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    return str(value)


def display_value(obj, model_field) -> str:
    if model_field.many_to_many:
        return ", ".join(str(item) for item in getattr(obj, model_field.name).all()) or "—"
    if model_field.is_relation:
        return readable(getattr(obj, model_field.name))
    if model_field.choices:
        value = getattr(obj, model_field.attname)
        return readable(
            getattr(obj, f"get_{model_field.name}_display")() if value not in (None, "") else None
        )
    return readable(getattr(obj, model_field.attname))


def shown_fields(model) -> list:
    return [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not f.primary_key and not INTERNAL_FIELD.search(f.name)
    ]


def as_record(obj) -> Record:
    return Record(
        model=obj._meta.label,
        pk=obj.pk,
        title=f"{str(obj._meta.verbose_name).capitalize()} {obj.pk}: {obj}",
        fields=[(field_label(f), display_value(obj, f)) for f in shown_fields(type(obj))],
    )


def log_record(entry: ProcessingLogEntry, names: dict) -> Record:
    """A processing-log entry with its codes (purpose, basis, categories) shown by their names."""
    record = as_record(entry)
    record.title = f"{entry.occurred_at:%Y-%m-%d %H:%M} — {entry.get_action_display()}: {entry.description}"
    replaced = {
        str(FIELD_LABELS["purpose"]): names.get(("purpose", entry.purpose), entry.purpose),
        str(FIELD_LABELS["legal_basis"]): names.get(("basis", entry.legal_basis), entry.legal_basis),
        str(FIELD_LABELS["categories"]): ", ".join(
            names.get(("category", code), code) for code in entry.categories
        ),
    }
    record.fields = [(label, replaced.get(label, value)) for label, value in record.fields]
    return record


def processing_log_for(person: Person) -> list[ProcessingLogEntry]:
    """The log entries about this person, and those about their household as a whole."""
    about_person = Q(person_id=person.pk)
    about_household = Q(household_id=person.household_id, person_id__isnull=True)
    return list(ProcessingLogEntry.objects.filter(about_person | about_household).order_by("sequence"))


def code_names() -> dict:
    names = {("purpose", p.code): p.name for p in Purpose.objects.all()}
    names.update({("basis", b.code): b.name for b in LegalBasis.objects.all()})
    names.update({("category", c.code): c.name for c in DataCategory.objects.all()})
    return names


def person_records(person: Person) -> list[Section]:
    """Everything held on one person: their own records and everything below them, and the records of
    their household except another member's own records (and what hangs below those), followed by the
    processing log about them. One section per kind of record, in the order the apps and models are
    defined (the person first)."""
    found = walk([person, person.household], include=lambda obj: not belongs_to_another_person(obj, person))
    sections: dict[str, Section] = {}
    for obj in found:
        label = obj._meta.label
        if label not in sections:
            sections[label] = Section(model=label, title=str(obj._meta.verbose_name_plural).capitalize())
        sections[label].records.append(as_record(obj))
    for section in sections.values():
        section.records.sort(key=lambda record: record.pk)
    order = {model._meta.label: index for index, model in enumerate(apps.get_models())}
    order[Person._meta.label] = -1  # the person first, then their household and the rest
    sections = dict(sorted(sections.items(), key=lambda item: order.get(item[0], len(order))))
    entries = processing_log_for(person)
    if entries:
        names = code_names()
        sections[ProcessingLogEntry._meta.label] = Section(
            model=ProcessingLogEntry._meta.label,
            title=str(ProcessingLogEntry._meta.verbose_name_plural).capitalize(),
            records=[log_record(entry, names) for entry in entries],
        )
    return list(sections.values())


def _unique_keys(pairs) -> dict:
    """Fields as a mapping; a label that occurs twice gets a number, so no value is lost."""
    found: dict = {}
    for label, value in pairs:
        key, number = label, 1
        while key in found:
            number += 1
            key = f"{label} ({number})"
        found[key] = value
    return found


def sections_as_json(person: Person, sections: list[Section]) -> dict:
    return {
        "persoon": person.full_name,
        "huishouden": person.household.reference,
        "gemaakt_op": timezone.localtime().isoformat(timespec="seconds"),
        "onderdelen": [
            {
                "soort": section.title,
                "gegevens": [
                    {"omschrijving": record.title, "velden": _unique_keys(record.fields)}
                    for record in section.records
                ],
            }
            for section in sections
        ],
    }


# --- Access -----------------------------------------------------------------------------------


def persons_visible_to(user) -> QuerySet[Person]:
    """Whose rights a user may handle: staff of the household, or the resident themselves."""
    if not user.is_authenticated or not user.is_active:
        return Person.objects.none()
    if user.role == Role.RESIDENT:
        return Person.objects.filter(user=user)
    if user.role in (Role.CONSULTANT, Role.TEAM_LEAD):
        return Person.objects.filter(household__in=household_ids_visible_to(user))
    return Person.objects.none()


def _visible_person(user, person_id, persons: QuerySet[Person]) -> Person:
    try:
        return persons.select_related("household__municipality").get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_person_records_for(user, person_id, *, channel: str) -> tuple[Person, list[Section]]:
    """Everything held on one person (inzage, AVG art. 15), for the resident or the household's staff;
    404 for anyone else. Logged as one export."""
    purpose = RESIDENT_PURPOSE if user.is_authenticated and user.role == Role.RESIDENT else STAFF_PURPOSE
    categories = all_category_codes()
    used = permit(user, categories, purpose)
    person = _visible_person(user, person_id, persons_visible_to(user))
    sections = person_records(person)
    processing_log_record(
        actor=user, action="export", channel=channel, object_type="person",
        subjects=[Subject(person.pk, person.household_id, person.pk)], categories=categories,
        description="Inzage: alle gegevens van een persoon geëxporteerd", purpose=used.code,
    )  # fmt: skip
    return person, sections


def access_person_to_correct_for(user, person_id, *, channel: str) -> Person:
    """A person whose data a team member corrects (AVG art. 16), with earlier corrections; logs the
    read of their identity data. 404 for anyone but the household's staff."""
    if not user.is_authenticated or user.role not in (Role.CONSULTANT, Role.TEAM_LEAD):
        raise Http404
    used = permit(user, RECTIFICATION_CATEGORIES, STAFF_PURPOSE)
    persons = persons_visible_to(user).prefetch_related("rectifications__handled_by")
    person = _visible_person(user, person_id, persons)
    processing_log_record(
        actor=user, action="read", channel=channel, object_type="person",
        subjects=[Subject(person.pk, person.household_id, person.pk)], categories=RECTIFICATION_CATEGORIES,
        description="Persoonsgegevens bekeken om te corrigeren", purpose=used.code,
    )  # fmt: skip
    return person


# --- Retention --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A record whose retention term has run out on ``today``, by the rule with the longest term."""

    rule: RetentionRule
    obj: models.Model
    starts_on: date
    laws: tuple[str, ...]
    expires_on: date

    @property
    def key(self) -> tuple[str, object]:
        return (self.obj._meta.label, self.obj.pk)


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _laws(values) -> set[str]:
    laws = set()
    for value in values:
        if isinstance(value, list | tuple):
            laws.update(str(item) for item in value)
        elif value not in (None, ""):
            laws.add(str(value))
    return laws


def record_dates_and_laws(rule: RetentionRule) -> dict:
    """For every record of the rule's type whose start date is set: (start date, laws). A path through
    a to-many relation gives several rows; the latest date and all laws count."""
    model = apps.get_model(rule.record_type)
    paths = [rule.date_field, *([rule.laws_field] if rule.laws_field else [])]
    rows = model._default_manager.filter(**{f"{rule.date_field}__isnull": False}).values_list("pk", *paths)
    found: dict = defaultdict(lambda: [None, set()])
    for pk, starts_on, *laws in rows:
        entry = found[pk]
        starts_on = _as_date(starts_on)
        entry[0] = starts_on if entry[0] is None else max(entry[0], starts_on)
        entry[1] |= _laws(laws)
    return found


def retention_terms() -> dict:
    """Per record (label, pk): the longest-running term over all active rules that match it, as
    (expiry date, rule, start date, laws)."""
    terms: dict = {}
    for rule in RetentionRule.objects.filter(is_active=True).order_by("pk"):
        try:
            model = apps.get_model(rule.record_type)
        except (LookupError, ValueError):
            continue
        for pk, (starts_on, laws) in record_dates_and_laws(rule).items():
            if rule.laws and not laws & set(rule.laws):
                continue
            expires_on = starts_on + relativedelta(years=rule.years)
            key = (model._meta.label, pk)
            if key not in terms or expires_on > terms[key][0]:
                terms[key] = (expires_on, rule, starts_on, tuple(sorted(laws)))
    return terms


def governed_models() -> list:
    """The record types an active rule applies to: a household with none of them left has no file."""
    labels = set(RetentionRule.objects.filter(is_active=True).values_list("record_type", flat=True))
    found = []
    for label in sorted(labels):
        try:
            found.append(apps.get_model(label))
        except (LookupError, ValueError):
            continue
    return found


def records_past_retention(today: date) -> list[Due]:
    """Every record whose longest matching retention term has run out on ``today``."""
    due = []
    by_model: dict = defaultdict(dict)
    for (label, pk), (expires_on, rule, starts_on, laws) in retention_terms().items():
        if expires_on <= today:
            by_model[label][pk] = (expires_on, rule, starts_on, laws)
    for label, records in sorted(by_model.items()):
        model = apps.get_model(label)
        for obj in model._default_manager.filter(pk__in=list(records)).order_by("pk"):
            expires_on, rule, starts_on, laws = records[obj.pk]
            due.append(Due(rule=rule, obj=obj, starts_on=starts_on, laws=laws, expires_on=expires_on))
    return due


OWNING = (models.CASCADE, models.PROTECT)


def owned_children(obj):
    """What goes when a record is destroyed: the case records that cannot exist without it (their link
    cascades or protects it), and a one-to-one personal record made for it that would otherwise be
    left behind unlinked (the assessment of a conversation or an evaluation)."""
    for relation in child_relations(type(obj), on_delete=OWNING):
        yield from children(obj, relation)
    for model_field in type(obj)._meta.concrete_fields:
        target_model = model_field.related_model
        if not (model_field.one_to_one and is_case_model(target_model) and person_fields(target_model)):
            continue
        if model_field.remote_field.on_delete is models.SET_NULL and getattr(obj, model_field.attname):
            yield getattr(obj, model_field.name)


def household_id_of(obj, depth: int = 4) -> int | None:
    """The household a case record belongs to, found through its links (household, person, parent)."""
    if isinstance(obj, Household):
        return obj.pk
    if isinstance(obj, Person):
        return obj.household_id
    if depth == 0:
        return None
    for model_field in obj._meta.concrete_fields:
        if not model_field.is_relation or not is_case_model(model_field.related_model):
            continue
        if model_field.related_model is Household and getattr(obj, model_field.attname):
            return getattr(obj, model_field.attname)
    for model_field in obj._meta.concrete_fields:
        if not model_field.is_relation or not is_case_model(model_field.related_model):
            continue
        parent = getattr(obj, model_field.name)
        if parent is not None:
            found = household_id_of(parent, depth - 1)
            if found is not None:
                return found
    return None


def person_id_of(obj) -> int | None:
    if isinstance(obj, Person):
        return obj.pk
    for person_field in person_fields(type(obj)):
        if value := getattr(obj, person_field.attname):
            return value
    return None


def access_retention_overview_for(user) -> tuple[list[RetentionRule], list[DestructionRun]]:
    """The retention rules and the latest destruction runs (no personal data) for the functional admin
    and the privacy officer; 404 for everyone else."""
    if not user.is_authenticated or not user.is_active or user.role not in RETENTION_ROLES:
        raise Http404
    rules = list(RetentionRule.objects.order_by("record_type", "-years", "code"))
    runs = list(DestructionRun.objects.prefetch_related("records").order_by("-started_at", "-pk")[:20])
    return rules, runs
