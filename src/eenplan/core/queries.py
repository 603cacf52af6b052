"""Reads of the core: verifying the processing-log chain, small-cell suppression, and the processing
log for people: the resident's overview in plain Dutch, and the search and export (VNG
Verwerkingenlogging, ``processing_log_vng.py``) for the privacy officer and the team lead."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .access import permit, purpose_for
from .actions import Subject, processing_log_record
from .models import (
    GENESIS_HASH,
    DataCategory,
    LegalBasis,
    ProcessingLogEntry,
    ProcessingLogHead,
    Purpose,
)

SMALL_CELL_THRESHOLD = 10


@dataclass
class ChainVerification:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def processing_log_verify(*, batch_size: int = 5000) -> ChainVerification:
    """Walk the whole chain in order and report every entry that was changed, removed or inserted.

    A changed row no longer matches its own hash; a removed row leaves a gap in the sequence and a
    ``previous_hash`` that points at nothing; a removed last row no longer matches the chain head.
    """
    result = ChainVerification()
    expected_sequence = 1
    expected_previous = GENESIS_HASH
    last_sequence = 0
    entries = ProcessingLogEntry.objects.order_by("sequence")
    for entry in entries.iterator(chunk_size=batch_size):
        result.checked += 1
        if entry.sequence != expected_sequence:
            result.problems.append(
                f"Verwerking #{expected_sequence} tot #{entry.sequence - 1} ontbreekt (verwijderd)."
            )
        if entry.previous_hash != expected_previous:
            result.problems.append(f"Verwerking #{entry.sequence} sluit niet aan op de vorige verwerking.")
        if entry.compute_hash() != entry.entry_hash:
            result.problems.append(f"Verwerking #{entry.sequence} is gewijzigd na vastlegging.")
        expected_sequence = entry.sequence + 1
        expected_previous = entry.entry_hash
        last_sequence = entry.sequence
    head = ProcessingLogHead.objects.filter(pk=1).first()
    if head is None:
        result.problems.append("Het einde van de keten ontbreekt.")
    elif head.last_sequence != last_sequence or head.last_hash != expected_previous:
        result.problems.append(
            f"De keten eindigt bij #{last_sequence}, maar is vastgelegd tot #{head.last_sequence}:"
            " de laatste verwerkingen zijn verwijderd of gewijzigd."
        )
    return result


def suppress_small(count: int, *, threshold: int = SMALL_CELL_THRESHOLD) -> int | None:
    """Aggregates for policy never show a cell of fewer than ``threshold`` persons (None = hidden)."""
    return count if count >= threshold else None


# --- The processing log for people: the resident's overview, search and export --------------------
#
# core is the first app, so the households and accounts it needs here are imported inside the
# functions (households.queries imports this module for ``suppress_small``).

SUPERVISION_PURPOSE = "privacy-supervision"
SUBJECT_ACCESS_PURPOSE = "data-subject-access"
SUBJECT_RIGHTS_PURPOSE = "data-subject-rights"
LOG_READ_CATEGORIES = ("identity-contact",)
LOG_OBJECT_TYPE = "processing_log"
SEARCH_PAGE_SIZE = 25
OVERVIEW_PAGE_SIZE = 50
PRINT_PAGE_SIZE = 1000  # the printable overview shows everything up to this many on one page
EXPORT_CAP = 10_000
AUTOMATIC_ACTOR = _lazy("Eén Plan (automatisch)")
AUTOMATIC_CHANNELS = {"job", "system"}

# What a resident reads for each object type of the log, and the categories that phrase already
# says (they are not repeated in the sentence; every other category is named). Object types from
# ``grep -rn 'object_type=' src/eenplan``; an unknown type reads as "uw gegevens".
IDENTITY, NETWORK, SITUATION = "identity-contact", "household-network", "situation-assessment"
PLAN, NOTES, FINANCES = "plan-agreements", "conversation-notes", "finances-income"
OBJECT_TYPES: dict[str, tuple[str, frozenset[str]]] = {
    "household": (_lazy("de gegevens van uw huishouden"), frozenset({IDENTITY, NETWORK})),
    "person": (_lazy("uw eigen gegevens"), frozenset({IDENTITY})),
    "network_member": (_lazy("de gegevens van iemand uit uw netwerk"), frozenset({NETWORK})),
    "support_request": (_lazy("uw vraag om hulp"), frozenset({IDENTITY, SITUATION})),
    "inquiry": (_lazy("het onderzoek naar uw situatie"), frozenset({IDENTITY, SITUATION})),
    "conversation": (_lazy("het verslag van een gesprek met u"), frozenset({NOTES, SITUATION})),
    "inquiry_report": (_lazy("het verslag van het onderzoek"), frozenset({NOTES, SITUATION})),
    "plan": (_lazy("uw plan"), frozenset({IDENTITY, PLAN})),
    "application": (_lazy("uw aanvraag voor hulp"), frozenset({IDENTITY, SITUATION, PLAN})),
    "allocation": (_lazy("de opdracht aan de organisatie die u helpt"), frozenset({IDENTITY, PLAN})),
    "expenditure": (_lazy("de kosten van uw hulp"), frozenset({PLAN, FINANCES})),
    "household_budget": (_lazy("het budget van uw huishouden"), frozenset({PLAN, FINANCES})),
    "arrangement": (_lazy("een afspraak over het delen van uw gegevens"), frozenset({IDENTITY})),
    "arrangement_request": (_lazy("een verzoek om uw gegevens te delen"), frozenset({IDENTITY})),
    "shared_file": (_lazy("uw gedeelde gegevens"), frozenset({IDENTITY})),
    "break_glass": (_lazy("uw gegevens in een noodgeval"), frozenset({IDENTITY})),
    "representation": (_lazy("wie namens iemand mag optreden"), frozenset({IDENTITY, NETWORK})),
    "assessment": (_lazy("hoe het met u gaat, zoals u het zelf invulde"), frozenset({SITUATION})),
    LOG_OBJECT_TYPE: (_lazy("het overzicht van wie uw gegevens gebruikte"), frozenset({IDENTITY})),
}
UNKNOWN_OBJECT_TYPE = (_lazy("uw gegevens"), frozenset())

# The same in words for a resident (B1, docs/readability.md) for the shipped configuration: what an
# action did, what else it was about, why, and why that is allowed. A code the functional admin adds
# later reads with its configured name ("Waarom: …", "Dat mag op grond van: …").
ACTION_WORDS = {
    "read": _lazy("bekeken"),
    "create": _lazy("vastgelegd"),
    "update": _lazy("gewijzigd"),
    "delete": _lazy("verwijderd"),
    "export": _lazy("gedownload"),
    "disclose": _lazy("doorgegeven"),
}
CATEGORY_WORDS = {
    IDENTITY: _lazy("wie u bent en hoe we u bereiken"),
    NETWORK: _lazy("uw huishouden en de mensen om u heen"),
    SITUATION: _lazy("hoe het met u gaat"),
    PLAN: _lazy("uw plan en de afspraken"),
    "health": _lazy("uw gezondheid"),
    FINANCES: _lazy("uw geld en inkomen"),
    NOTES: _lazy("wat u in gesprekken vertelde"),
}
PURPOSE_WORDS = {
    "support": _lazy("voor de hulp van het wijkteam"),
    "decision": _lazy("om te beslissen over uw aanvraag"),
    "cooperation": _lazy("om samen met een andere organisatie uw plan uit te voeren"),
    "data-subject-access": _lazy("om uw eigen gegevens te bekijken"),
    "care-coordination": _lazy("om uw zorg af te stemmen op uw plan"),
    "emergency": _lazy("omdat er een noodgeval was"),
    "data-subject-rights": _lazy("om uw vraag over uw gegevens te behandelen"),
    "privacy-supervision": _lazy("om te controleren of uw gegevens goed gebruikt worden"),
}
LEGAL_BASIS_WORDS = {
    "public-task": _lazy("Dat mag, want het is een taak die de wet aan de gemeente geeft."),
    "consent": _lazy("Dat mag, want u gaf toestemming."),
    "vital-interest": _lazy("Dat mag, want iemands leven of gezondheid was in gevaar."),
    "legal-obligation": _lazy("Dat mag, want de wet zegt dat het moet."),
}


@dataclass(frozen=True)
class ConfigurationNames:
    """Names of purposes, legal bases and data categories, read once per call (not per row)."""

    purposes: dict[str, str]
    legal_bases: dict[str, str]
    categories: dict[str, str]
    special_categories: frozenset[str]

    @classmethod
    def load(cls) -> "ConfigurationNames":
        categories = list(DataCategory.objects.values_list("code", "name", "is_special_category"))
        return cls(
            purposes=dict(Purpose.objects.values_list("code", "name")),
            legal_bases=dict(LegalBasis.objects.values_list("code", "name")),
            categories={code: name for code, name, _special in categories},
            special_categories=frozenset(code for code, _name, special in categories if special),
        )

    def purpose(self, code: str) -> str:
        return self.purposes.get(code, code)

    def legal_basis(self, code: str) -> str:
        return self.legal_bases.get(code, code)

    def category(self, code: str) -> str:
        return self.categories.get(code, code)


def _in_sentence(name: str) -> str:
    """A configuration name inside a sentence: "Afstemming zorg" → "afstemming zorg", "AVG" stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _short_name(full_name: str) -> str:
    """ "Jan de Vries" → "J. de Vries"; a single word (a user name) stays as it is."""
    first, _space, rest = full_name.strip().partition(" ")
    return f"{first[:1]}. {rest}" if first and rest else full_name.strip()


def _actor(entry: ProcessingLogEntry) -> str:
    if entry.actor_id is None or entry.channel in AUTOMATIC_CHANNELS:
        return str(AUTOMATIC_ACTOR)
    name = _short_name(entry.actor_name)
    if entry.actor_role == "resident":  # their account's gemeente is not who they act for
        return _("%(name)s (inwoner)") % {"name": name}
    return f"{name} ({entry.organisation})" if entry.organisation else name


def _category(code: str, names: ConfigurationNames) -> str:
    if code in CATEGORY_WORDS:
        return str(CATEGORY_WORDS[code])
    return _("uw gegevens over %(category)s") % {"category": _in_sentence(names.category(code))}


def _what(entry: ProcessingLogEntry) -> str:
    """ "uw plan"; an unknown object type reads as "uw gegevens"."""
    return str(OBJECT_TYPES.get(entry.object_type, UNKNOWN_OBJECT_TYPE)[0])


def _about(entry: ProcessingLogEntry, names: ConfigurationNames) -> str:
    """ "Het ging ook over uw gezondheid." for the categories the object type does not say already
    ("Het ging over …" after the "uw gegevens" of an unknown object type)."""
    _phrase, implied = OBJECT_TYPES.get(entry.object_type, UNKNOWN_OBJECT_TYPE)
    others = [_category(code, names) for code in entry.categories if code not in implied]
    if not others:
        return ""
    categories = {"categories": _(" en over ").join(others)}
    if entry.object_type in OBJECT_TYPES:
        return _("Het ging ook over %(categories)s.") % categories
    return _("Het ging over %(categories)s.") % categories


@dataclass(frozen=True)
class PlainEntry:
    """One log entry as a resident reads it."""

    entry: ProcessingLogEntry
    occurred_at: datetime
    sentence: str


@dataclass
class PlainDay:
    day: date
    label: str
    entries: list[PlainEntry] = field(default_factory=list)


def processing_log_sentence(entry: ProcessingLogEntry, names: ConfigurationNames) -> str:
    """ "Op maandag 23 november 2026 om 14:05 heeft J. de Vries (Huisartsenpraktijk De Linde) uw plan
    bekeken. Het ging ook over uw gezondheid. Waarom: om uw zorg af te stemmen op uw plan. Dat mag,
    want u gaf toestemming." Short sentences, in words a resident knows (docs/readability.md)."""
    moment = timezone.localtime(entry.occurred_at)
    verb = ACTION_WORDS.get(entry.action, entry.action)
    what_happened = _("Op %(date)s om %(time)s heeft %(actor)s %(what)s %(verb)s.") % {
        "date": date_format(moment, "l j F Y"),
        "time": date_format(moment, "H:i"),
        "actor": _actor(entry),
        "what": _what(entry),
        "verb": verb,
    }
    purpose = PURPOSE_WORDS.get(entry.purpose) or _in_sentence(names.purpose(entry.purpose))
    why = _("Waarom: %(purpose)s.") % {"purpose": purpose}
    allowed = LEGAL_BASIS_WORDS.get(entry.legal_basis) or _("Dat mag op grond van: %(basis)s.") % {
        "basis": _in_sentence(names.legal_basis(entry.legal_basis))
    }
    return " ".join(part for part in (what_happened, _about(entry, names), why, str(allowed)) if part)


def processing_log_in_plain_dutch(entries) -> list[PlainDay]:
    """Entries (newest first) as sentences for a resident, grouped by day. The configuration names are
    read once for all entries."""
    names = ConfigurationNames.load()
    days: list[PlainDay] = []
    for entry in entries:
        moment = timezone.localtime(entry.occurred_at)
        if not days or days[-1].day != moment.date():
            days.append(PlainDay(day=moment.date(), label=date_format(moment, "l j F Y")))
        days[-1].entries.append(PlainEntry(entry, moment, processing_log_sentence(entry, names)))
    return days


def processing_log_rows(entries) -> list[dict]:
    """Entries with the names of their configuration, for the search results (names read once)."""
    names = ConfigurationNames.load()
    return [
        {
            "entry": entry,
            "occurred_at": timezone.localtime(entry.occurred_at),
            "actor": str(AUTOMATIC_ACTOR) if entry.actor_id is None else entry.actor_name,
            "purpose": names.purpose(entry.purpose),
            "legal_basis": names.legal_basis(entry.legal_basis),
            "categories": [names.category(code) for code in entry.categories],
        }
        for entry in entries
    ]


def _log_read_of_the_log(user, *, action: str, channel: str, purpose: str, household_ids, description: str):
    """One entry per distinct household whose log entries were shown or exported."""
    processing_log_record(
        actor=user, action=action, channel=channel, object_type=LOG_OBJECT_TYPE,
        subjects=[Subject(household_id, household_id) for household_id in sorted(set(household_ids))],
        categories=LOG_READ_CATEGORIES, description=description, purpose=purpose,
    )  # fmt: skip


@dataclass(frozen=True)
class OwnProcessingLog:
    """The resident's overview: one page of entries, as days of sentences."""

    page: Page
    days: list[PlainDay]
    person: object  # the resident's own Person, or None
    only_me: bool


def access_own_processing_log_for(
    user, *, channel: str, page_number=1, only_me: bool = False, page_size: int = OVERVIEW_PAGE_SIZE
) -> OwnProcessingLog:
    """Who processed the data of the resident's own household, newest first (AVG art. 15).

    Shown: entries about the whole household and about the resident as a person, not about another
    member as a person (their own overview), and not what the resident did themselves. ``only_me``
    keeps the entries about the resident as a person. Logs the read once per page.
    """
    from eenplan.accounts.models import Role
    from eenplan.households.models import Person
    from eenplan.households.queries import households_visible_to

    if user.role != Role.RESIDENT:
        raise Http404
    permit(user, LOG_READ_CATEGORIES, SUBJECT_ACCESS_PURPOSE)
    household_ids = list(households_visible_to(user).values_list("pk", flat=True))
    person = Person.objects.filter(user=user, household__in=household_ids).first()
    own_person = Q(person_id=person.pk) if person else Q(pk__in=[])
    about = own_person if only_me else Q(person_id__isnull=True) | own_person
    entries = (
        ProcessingLogEntry.objects.filter(about, household_id__in=household_ids)
        .exclude(actor_id=user.pk)  # what the resident did themselves they know already
        .order_by("-sequence")
    )
    page = Paginator(entries, page_size).get_page(page_number)
    days = processing_log_in_plain_dutch(page.object_list)
    own_person_id = person.pk if person else None
    processing_log_record(
        actor=user, action="read", channel=channel, object_type=LOG_OBJECT_TYPE,
        subjects=[Subject(household_id, household_id, own_person_id) for household_id in household_ids],
        categories=LOG_READ_CATEGORIES, description="Eigen verwerkingenlog bekeken",
        purpose=SUBJECT_ACCESS_PURPOSE,
    )  # fmt: skip
    return OwnProcessingLog(page=page, days=days, person=person, only_me=only_me)


@dataclass(frozen=True)
class HouseholdProcessingLog:
    household: object
    page: Page
    days: list[PlainDay]
    person: object  # the member the overview is limited to, or None


def access_household_processing_log_for(
    user, household_id, *, channel: str, page_number=1, person_id=None, page_size: int = OVERVIEW_PAGE_SIZE
) -> HouseholdProcessingLog:
    """The overview a consultant or team lead prints for a resident who asks what happened with their
    data (AVG art. 15): every entry about the household, or about one member and the whole household.
    404 outside their reach; the household read and the log read are both logged."""
    from eenplan.accounts.models import Role
    from eenplan.households.queries import access_household_for

    if user.role not in (Role.CONSULTANT, Role.TEAM_LEAD):
        raise Http404
    household = access_household_for(user, household_id, channel=channel, purpose=SUBJECT_RIGHTS_PURPOSE)
    person = next((member for member in household.members.all() if str(member.pk) == str(person_id)), None)
    entries = ProcessingLogEntry.objects.filter(household_id=household.pk)
    if person is not None:
        entries = entries.filter(Q(person_id__isnull=True) | Q(person_id=person.pk))
    page = Paginator(entries.order_by("-sequence"), page_size).get_page(page_number)
    days = processing_log_in_plain_dutch(page.object_list)
    processing_log_record(
        actor=user, action="read", channel=channel, object_type=LOG_OBJECT_TYPE,
        subjects=[Subject(household.pk, household.pk, person.pk if person else None)],
        categories=LOG_READ_CATEGORIES, description="Verwerkingenlog van het huishouden bekeken",
        purpose=SUBJECT_RIGHTS_PURPOSE,
    )  # fmt: skip
    return HouseholdProcessingLog(household=household, page=page, days=days, person=person)


@dataclass(frozen=True)
class ProcessingLogFilters:
    """What the search asks for; empty fields do not filter."""

    household_id: int | None = None
    person_id: int | None = None
    bsn: str = ""
    actor: str = ""
    action: str = ""
    channel: str = ""
    purpose: str = ""
    date_from: date | None = None
    date_to: date | None = None


def processing_log_visible_to(user) -> QuerySet[ProcessingLogEntry] | None:
    """Which log entries a user may search (None: no access to the log at all), one rule per line."""
    from eenplan.accounts.models import Role
    from eenplan.households.queries import household_ids_visible_to

    if not user.is_authenticated or not user.is_active:
        return None
    if user.role == Role.PRIVACY_OFFICER:
        return ProcessingLogEntry.objects.all()
    if user.role == Role.TEAM_LEAD:
        about_team_households = Q(household_id__in=household_ids_visible_to(user))
        # Every member, also a deactivated one: what they did stays open to supervision.
        by_team_members = Q(actor_id__in=user.team.members.values("pk")) if user.team_id else Q(pk__in=[])
        return ProcessingLogEntry.objects.filter(about_team_households | by_team_members)
    return None


def _person_filter(filters: ProcessingLogFilters) -> Q | None:
    """Entries about a person (by id or BSN): about them as a person, or about their whole household."""
    from eenplan.households.models import Person

    if filters.person_id is None and not filters.bsn:
        return None
    people = Person.objects.all()
    if filters.person_id is not None:
        people = people.filter(pk=filters.person_id)
    if filters.bsn:
        people = people.filter(bsn=filters.bsn)
    found = list(people.values_list("pk", "household_id"))
    if not found:
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    for person_id, household_id in found:
        condition |= Q(person_id=person_id) | Q(person_id__isnull=True, household_id=household_id)
    return condition


def processing_log_filter(entries: QuerySet[ProcessingLogEntry], filters: ProcessingLogFilters):
    if filters.household_id is not None:
        entries = entries.filter(household_id=filters.household_id)
    if (about_person := _person_filter(filters)) is not None:
        entries = entries.filter(about_person)
    if filters.actor:
        entries = entries.filter(actor_name__icontains=filters.actor)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.channel:
        entries = entries.filter(channel=filters.channel)
    if filters.purpose:
        entries = entries.filter(purpose=filters.purpose)
    if filters.date_from:
        entries = entries.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(occurred_at__date__lte=filters.date_to)
    return entries.order_by("-sequence")


def require_processing_log_reach(user) -> QuerySet[ProcessingLogEntry]:
    """The entries the user may search, or 404 for a user who may not search the log at all."""
    visible = processing_log_visible_to(user)
    if visible is None:
        raise Http404
    # The purpose, not the role policy's case-data categories: the privacy officer reads no case
    # data, only who processed what (ids, names of staff, codes).
    purpose_for(user, SUPERVISION_PURPOSE)
    return visible


def _searchable(user, filters: ProcessingLogFilters) -> QuerySet[ProcessingLogEntry]:
    return processing_log_filter(require_processing_log_reach(user), filters)


def page_by_ids(ordered: QuerySet, rows: QuerySet, *, page_size: int, page_number) -> Page:
    """One page of ``ordered``: all its ids in one query (counted here), then the records of that page
    read from ``rows`` (with the joins and prefetches the page shows), in the same order.

    Joined into the ordering, PostgreSQL read and sorted every record a user may see for each page, and
    counting them took a second pass over the user's reach. The ids of one user's list are a few
    thousand at most at `city` scale (a team's 1,100 open meldingen, 4,000 plans)."""
    page = Paginator(list(ordered.values_list("pk", flat=True)), page_size).get_page(page_number)
    by_id = rows.in_bulk(page.object_list)
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    return page


class CappedPaginator(Paginator):
    """Counts at most ``cap`` + 1 results. An exact total of millions of log entries costs seconds
    (3.4 s for a team lead at city scale, docs/performance.md); beyond the export cap nobody pages."""

    def __init__(self, object_list, per_page, cap: int):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def access_processing_log_for(
    user, filters: ProcessingLogFilters, *, channel: str, page_number=1, page_size: int = SEARCH_PAGE_SIZE
) -> Page:
    """One page (newest first) of the log entries a privacy officer (all) or a team lead (their team's
    households and what their team members did) may search; 404 for everyone else. Logs the search:
    one entry per distinct household shown, for the purpose of supervision."""
    page = CappedPaginator(_searchable(user, filters), page_size, EXPORT_CAP).get_page(page_number)
    _log_read_of_the_log(
        user, action="read", channel=channel, purpose=SUPERVISION_PURPOSE,
        household_ids=[entry.household_id for entry in page.object_list if entry.household_id],
        description="Verwerkingenlog doorzocht",
    )  # fmt: skip
    return page


@dataclass(frozen=True)
class ProcessingLogExport:
    entries: list[ProcessingLogEntry]
    total: int

    @property
    def capped(self) -> bool:
        return self.total > len(self.entries)


def access_processing_log_export_for(
    user, filters: ProcessingLogFilters, *, channel: str = "export", cap: int | None = None
) -> ProcessingLogExport:
    """All results of a search (the newest ``cap``, by default EXPORT_CAP, of them), with the same reach
    as the search; logged as an export, one entry per distinct household exported."""
    cap = EXPORT_CAP if cap is None else cap
    entries = _searchable(user, filters)
    total = entries.count()
    exported = list(entries[:cap])
    _log_read_of_the_log(
        user, action="export", channel=channel, purpose=SUPERVISION_PURPOSE,
        household_ids=[entry.household_id for entry in exported if entry.household_id],
        description=f"Verwerkingenlog geëxporteerd ({len(exported)} van {total})",
    )  # fmt: skip
    return ProcessingLogExport(entries=exported, total=total)


def access_processing_log_entry_for(user, sequence: int, *, channel: str) -> ProcessingLogEntry:
    """One entry within the user's reach of the log, or 404; logged like a search."""
    try:
        entry = _searchable(user, ProcessingLogFilters()).get(sequence=sequence)
    except (ProcessingLogEntry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log_read_of_the_log(
        user, action="read", channel=channel, purpose=SUPERVISION_PURPOSE,
        household_ids=[entry.household_id] if entry.household_id else [],
        description="Verwerking in het verwerkingenlog bekeken",
    )  # fmt: skip
    return entry
