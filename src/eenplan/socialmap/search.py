"""Search the social map by a wish in the resident's words, on SQLite and PostgreSQL alike (ADR 0011).

1. ``text.py`` analyses Dutch: diacritics, stopwords, snowball stems, compound parts, synonyms (data).
2. Every service keeps ``search_document``: its analysed title terms, " | ", its analysed body terms,
   " | ", its filter tokens, each part sorted and without repeats. ``SearchTerm`` counts per term how
   many services have it (the document frequency); the HSDS import writes documents and counts in the
   same pass as the rows, ``index_services`` after an edit.
3. The database's own full-text index finds candidates fast: SQLite FTS5 (an external-content table
   kept in step by triggers) or a PostgreSQL GIN index on a stored generated ``tsvector`` column.
   It searches in tiers, from "every rare word of the resident in their own terms" to "any word or a
   synonym", one query each, and stops when a tier fills the candidate list (``_tiers``). Rarity
   first: a word that many services have ("helpen") is not required in the strict tiers, which would
   make the database read its long list for little. Own words and compound parts match as a prefix
   ("maaltijd" finds "maaltijdservice"): the counts turn a prefix into the terms that exist, so the
   index looks up whole terms; synonyms only match whole.
4. The candidates are ranked in Python, the same way on both databases: how many of the resident's
   words a service answers (their own word 1, a compound part 0.8, a synonym 0.6; a word in the name
   counts 1.5 times); equally good ones shortest text first. A service that answers "meerijden" and
   "helpen" beats one that only says "helpen". Neither database's own ranking (bm25, ts_rank) is used:
   it must score every match of a common word, which is too slow at 100k services
   (docs/performance.md). The term counts only decide what is looked up first, and which terms a prefix
   stands for; they can only be too high (``index_services``), which hides nothing. Without counts (a
   database that lost them: run ``index_services()``) prefixes are looked up as prefixes.

Filters: gemeente, area, kind, cost and target group are tokens in the same full-text index
(``facet_tokens``), so a filter never makes the database read every match of a common word first; a
filter that most services pass is checked on the candidates instead (``_ranked``). Whether a service
still runs and the distance from a postcode are plain conditions around the full-text query.
"""

import functools
import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from eenplan.core.models import Area
from eenplan.plans.models import Agreement

from . import bulk
from .models import Location, Postcode, SearchTerm, Service, ServiceAtLocation
from .text import Concept, index_terms, query_concepts

CANDIDATES = 100  # how many full-text candidates are ranked
PREFIX_MIN = 4  # query terms at least this long also match as a prefix
TITLE_BONUS = 1.5
BREADTH, BREADTH_MAX = 0.1, 0.3
FTS_TABLE = "socialmap_service_fts"
TERM_TABLE = SearchTerm._meta.db_table
TERM_MAX = SearchTerm._meta.get_field("term").max_length  # longer terms are not counted
COMMON_SHARE = 0.05  # a word in more of the services than this is common: the strict tiers leave it out
EXPANSIONS_MAX = 40  # a prefix that starts more indexed terms than this is matched as a prefix
BULK = 10_000  # an import that writes more services than this tidies the index afterwards
BROAD_FACET = 0.6  # a filter that more of the services pass is checked on the candidates (``_ranked``)


# --- the index --------------------------------------------------------------------------------------


def facet_tokens(
    kind: str, cost: str, target_group_codes, areas, municipality_id: int | None = None
) -> list[str]:
    """Filter values as index tokens (``x`` + what + value), so the full-text index filters too: a
    filter then never has to read every match of a common word. ``areas`` are (code, parent code)
    pairs; a neighbourhood also marks its district (``xwithin``), so a search in a district finds the
    services of its neighbourhoods. The gemeente is its primary key (``xmun12``, ``xmunall`` for a
    service of no gemeente in particular)."""
    tokens = [f"xkind{_facet(kind)}", f"xcost{_facet(cost)}"]
    tokens.append(f"xmun{municipality_id}" if municipality_id else "xmunall")
    tokens += [f"xgroup{_facet(code)}" for code in target_group_codes]
    tokens += [f"xarea{_facet(code)}" for code, _parent in areas] or ["xareaall"]
    tokens += [f"xwithin{_facet(parent)}" for _code, parent in areas if parent]
    return tokens


@functools.lru_cache(maxsize=10_000)
def _facet(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isascii() and ch.isalnum())


@dataclass
class Indexed:
    """What the index reads of a service."""

    name: str
    description: str
    tags: list
    kind: str
    cost: str
    data: dict
    organization: str = ""
    target_groups: list = field(default_factory=list)  # (code, name)
    areas: list = field(default_factory=list)  # (code, parent code)
    municipality_id: int | None = None


def document_for(service: Indexed) -> str:
    """``title terms | body terms | facet tokens``, each part sorted and without repeats."""
    name_terms = index_terms(service.name)
    title = set(name_terms)
    title.update(index_terms(service.data.get("alternate_name") or ""))
    body = set(name_terms)
    body.update(index_terms(service.description))
    body.update(index_terms(" ".join(service.tags)))
    body.update(index_terms(" ".join(name for _code, name in service.target_groups)))
    body.update(index_terms(service.organization))
    body.update(index_terms(service.data.get("eligibility_description") or ""))
    codes = [code for code, _name in service.target_groups]
    facets = set(facet_tokens(service.kind, service.cost, codes, service.areas, service.municipality_id))
    return " | ".join(" ".join(sorted(part)) for part in (title, body, facets))


def document_terms(document: str) -> set[str]:
    """The terms of a document that ``SearchTerm`` counts: its title and body terms and its facet tokens
    (terms longer than ``TERM_MAX`` are not counted: ``search_terms_update`` leaves them out)."""
    return set(document.replace(" | ", " ").split())


@transaction.atomic
def index_services(service_ids=None, *, apps=None) -> int:
    """Recompute ``search_document`` for these services (all when None) and keep ``SearchTerm`` in step;
    returns how many documents changed. Reads plain values, not model instances: this runs over 100k
    services. All services: the term counts are counted again from scratch. ``apps``: a migration's.

    The services are locked while their documents are replaced, so two edits of one service count its
    terms one after the other: a count can only be too high (a deleted service stays counted until the
    next full run), never too low."""
    get_model = (apps or django_apps).get_model
    service_model = get_model("socialmap", "Service")
    organization_model = get_model("socialmap", "Organization")
    everything = service_ids is None
    if everything:
        service_ids = service_model.objects.values_list("pk", flat=True)
    organization_names: dict = {}
    changed, documents = [], []
    for chunk in _chunks(sorted(set(service_ids)), 2000):
        rows = service_model.objects.order_by().filter(pk__in=chunk).select_for_update()
        fields = ("pk", "name", "description", "tags", "kind", "cost", "data")
        fields += ("organization_id", "municipality_id", "search_document")
        services = {}
        for pk, *values, organization_id, municipality_id, current in rows.values_list(*fields):
            services[pk] = (Indexed(*values, municipality_id=municipality_id), organization_id, current)
        wanted = {org for _s, org, _c in services.values() if org} - organization_names.keys()
        for part in _chunks(sorted(wanted), 2000):
            organization_names.update(
                organization_model.objects.filter(pk__in=part).values_list("pk", "name")
            )
        groups = service_model.target_groups.through.objects.filter(service_id__in=services)
        for service_id, code, name in groups.values_list(
            "service_id", "targetgroup__code", "targetgroup__name"
        ):
            services[service_id][0].target_groups.append((code, name))
        areas = service_model.areas.through.objects.filter(service_id__in=services)
        for service_id, code, parent in areas.values_list("service_id", "area__code", "area__parent__code"):
            services[service_id][0].areas.append((code, parent))
        for service_id, (service, organization_id, current) in services.items():
            service.organization = organization_names.get(organization_id, "")
            document = document_for(service)
            documents.append(document)
            if document != current:
                changed.append((current, document, service_id))
    with connection.cursor() as cursor:  # one prepared statement: bulk_update's CASE is slow at 100k
        cursor.executemany(
            "UPDATE socialmap_service SET search_document = %s WHERE id = %s",
            [(document, service_id) for _current, document, service_id in changed],
        )
    if everything:
        search_terms_count(documents)
    else:
        search_terms_update((current, document) for current, document, _id in changed)
    return len(changed)


def _chunks(values: list, size: int):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def search_terms_update(changes: Iterable[tuple[str, str]]) -> None:
    """Count the terms of documents that changed from ``before`` to ``after`` (pairs; "" for none)."""
    delta: Counter[str] = Counter()
    for before, after in changes:
        new = document_terms(after) if after else set()
        if before:
            old = document_terms(before)
            delta.subtract(old - new)
            new -= old
        delta.update(new)
        delta[""] += bool(after) - bool(before)
    rows = [(term, count) for term, count in delta.items() if count and len(term) <= TERM_MAX]
    table = connection.ops.quote_name(TERM_TABLE)
    on_conflict = f"ON CONFLICT (term) DO UPDATE SET services = {table}.services + excluded.services"
    bulk.insert(TERM_TABLE, ("term", "services"), rows, on_conflict=on_conflict)
    fewer = [term for term, count in rows if count < 0]
    with connection.cursor() as cursor:
        for chunk in _chunks(fewer, 500):
            cursor.execute(
                f"DELETE FROM {table} WHERE services <= 0 AND term IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )


def search_terms_count(documents: Iterable[str]) -> None:
    """Count the terms of all documents again, from scratch (after indexing every service)."""
    counts: Counter[str] = Counter()
    for document in documents:
        if document:
            counts.update(document_terms(document))
            counts[""] += 1
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(TERM_TABLE)}")
    rows = [(term, count) for term, count in counts.items() if len(term) <= TERM_MAX]
    bulk.insert(TERM_TABLE, ("term", "services"), rows)


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON socialmap_service BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_document) VALUES (new.rowid, new.search_document); END""",
    f"""CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON socialmap_service BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_document)
        VALUES ('delete', old.rowid, old.search_document); END""",
    f"""CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF search_document ON socialmap_service BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_document)
        VALUES ('delete', old.rowid, old.search_document);
        INSERT INTO {FTS_TABLE}(rowid, search_document) VALUES (new.rowid, new.search_document); END""",
]
SQLITE_TRIGGERS_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{event}" for event in ("insert", "delete", "update")
]
SQLITE_REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"
SQLITE_INSTALL = [
    *SQLITE_TRIGGERS_DROP,
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_document, content='socialmap_service', "
    "content_rowid='rowid', tokenize='unicode61')",
    *SQLITE_TRIGGERS,
    SQLITE_REBUILD,
]
POSTGRES_INDEX = "CREATE INDEX socialmap_service_search ON socialmap_service USING GIN (search_vector)"
POSTGRES_INSTALL = [
    "DROP INDEX IF EXISTS socialmap_service_search",
    "ALTER TABLE socialmap_service DROP COLUMN IF EXISTS search_vector",
    # A stored tsvector: a match is then read from the index and the row, never recomputed.
    "ALTER TABLE socialmap_service ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_document)) STORED",
    POSTGRES_INDEX,
]


def search_index_install(schema_editor=None) -> None:
    """Create (or re-create) the database's full-text index over ``search_document``.

    Called by migration 0002. On SQLite a later migration that rebuilds ``socialmap_service`` (Django
    copies the table for some changes) drops the triggers: such a migration must call this again."""
    conn = schema_editor.connection if schema_editor else connection
    statements = {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}.get(conn.vendor)
    if statements is None:
        raise NotImplementedError(f"De zoekindex kent database {conn.vendor} niet.")
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@contextmanager
def search_index_bulk(enabled: bool = True):
    """Around writing a large part of the map at once (an import): the full-text index is built once
    afterwards instead of row by row, which is several times faster. SQLite: the triggers are dropped
    and the index is rebuilt from the table. PostgreSQL: the GIN index is dropped and created again;
    this locks the service table, also for searches, until the transaction ends. On an error the
    transaction's rollback restores both (their DDL is transactional)."""
    if not enabled:
        yield
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_TRIGGERS_DROP if connection.vendor == "sqlite" else POSTGRES_INSTALL[:1]:
            cursor.execute(statement)
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in [*SQLITE_TRIGGERS, SQLITE_REBUILD]:
                cursor.execute(statement)
        else:
            # Not while foreign-key checks of the rows just written wait for the commit (Django's are
            # deferred): check them now, then defer them again, as Django declares them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute(POSTGRES_INDEX)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def search_index_tidy(written: int) -> None:
    """After writing ``written`` documents at once (an import of many services): on SQLite merge the
    FTS5 segments into one, so that a search reads one b-tree per term instead of dozens; on PostgreSQL
    bring the planner's statistics up to date (ANALYZE), so that it reads the GIN index for rare words
    and the table for common ones, and VACUUM the tables once the transaction commits (it cannot run
    inside one): autovacuum would do that within a minute anyway, throttled, for several seconds that
    the searches then share the processors with. Small writes leave this to the databases themselves."""
    if written < BULK:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE socialmap_service, {TERM_TABLE}")
            transaction.on_commit(_vacuum, robust=True)


def _vacuum() -> None:
    tables = [Service._meta.db_table, Service.areas.through._meta.db_table, TERM_TABLE]
    tables.append(Service.target_groups.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {', '.join(map(connection.ops.quote_name, tables))}")


def search_index_remove(schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            for statement in [*SQLITE_TRIGGERS_DROP, f"DROP TABLE IF EXISTS {FTS_TABLE}"]:
                cursor.execute(statement)
        else:
            cursor.execute(POSTGRES_INSTALL[0])
            cursor.execute(POSTGRES_INSTALL[1])


# --- filters ----------------------------------------------------------------------------------------


INACTIVE = ("inactive", "defunct")  # HSDS statuses of a service that no longer runs


@dataclass(frozen=True)
class SearchFilters:
    municipality_id: int | None = None
    area: Area | None = None  # a district or neighbourhood: services working there or city-wide
    postcode: str = ""  # with distance_km: services with a location that close
    distance_km: float | None = None
    kinds: tuple[str, ...] = ()
    costs: tuple[str, ...] = ()
    target_group: str = ""  # a TargetGroup code
    active_only: bool = True


def origin_for(postcode: str) -> Postcode | None:
    digits = "".join(ch for ch in postcode if ch.isdigit())[:4]
    return Postcode.objects.filter(code=digits).first() if len(digits) == 4 else None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _box(origin: Postcode, km: float) -> Q:
    dlat = km / 111.0
    dlon = km / (111.0 * max(math.cos(math.radians(origin.latitude)), 0.01))
    return Q(
        latitude__gte=origin.latitude - dlat,
        latitude__lte=origin.latitude + dlat,
        longitude__gte=origin.longitude - dlon,
        longitude__lte=origin.longitude + dlon,
    )


def _facet_groups(filters: SearchFilters, *, municipality: bool = True) -> list[list[str]]:
    """The filters as groups of facet tokens: every group must match, any token within a group."""
    groups = []
    if municipality and filters.municipality_id:
        groups.append([f"xmun{filters.municipality_id}", "xmunall"])
    if filters.area is not None:
        area = _facet(filters.area.code)
        if filters.area.parent_id:  # a neighbourhood: served there, in its whole district, or everywhere
            groups.append([f"xarea{area}", f"xarea{_facet(filters.area.parent.code)}", "xareaall"])
        else:  # a district: served there, in one of its neighbourhoods, or everywhere
            groups.append([f"xarea{area}", f"xwithin{area}", "xareaall"])
    if filters.kinds:
        groups.append([f"xkind{_facet(kind)}" for kind in filters.kinds])
    if filters.costs:
        groups.append([f"xcost{_facet(cost)}" for cost in filters.costs])
    if filters.target_group:
        groups.append([f"xgroup{_facet(filters.target_group)}"])
    return groups


def _near(filters: SearchFilters) -> QuerySet[ServiceAtLocation] | None:
    """The links of services with a place within the square around the postcode; None: no such filter."""
    if not (filters.postcode and filters.distance_km):
        return None
    origin = origin_for(filters.postcode)
    if origin is None:
        return ServiceAtLocation.objects.none()
    near = Location.objects.filter(_box(origin, filters.distance_km)).values("pk")
    return ServiceAtLocation.objects.filter(location__in=near)


def services_filtered(filters: SearchFilters) -> QuerySet[Service]:
    """The filters that are no facet: the gemeente, whether the service still runs, distance."""
    services = Service.objects.all()
    if filters.active_only:
        services = services.exclude(status__in=INACTIVE)
    if filters.municipality_id:
        services = services.filter(Q(municipality_id=filters.municipality_id) | Q(municipality__isnull=True))
    near = _near(filters)
    if near is not None:
        services = services.filter(pk__in=near.values("service"))
    return services


# --- search -----------------------------------------------------------------------------------------


@dataclass
class Hit:
    service: Service  # with its organisation, and ``used`` and ``helped``: how often it was agreed, helped
    score: float = 0.0
    matched: list[str] = field(default_factory=list)  # the resident's words this service answers
    distance_km: float | None = None
    areas: list[Area] = field(default_factory=list)  # where it works (empty: the whole gemeente)


PREFIX_WEIGHT = 0.8  # own words and compound parts also match as a prefix; synonyms only whole


def _is_prefix(term: str, weight: float) -> bool:
    return weight >= PREFIX_WEIGHT and len(term) >= PREFIX_MIN


def _frequencies(concepts: list[Concept], tokens: Iterable[str] = ()) -> tuple[dict[str, int], int]:
    """How many services have each term the question may match (``SearchTerm``, one query): its exact
    terms, every indexed term that starts with one of its prefix terms, and the given (facet) tokens;
    and how many services are indexed (0: nothing is counted, as in a database that lost its counts)."""
    exact = {term for concept in concepts for term in concept.terms if len(term) <= TERM_MAX}
    exact = sorted(exact.union(tokens))
    prefixes = sorted(
        {t for c in concepts for t, w in c.terms.items() if _is_prefix(t, w) and len(t) < TERM_MAX}
    )
    conditions, params = [f"term IN ({', '.join(['%s'] * (len(exact) + 1))})"], ["", *exact]
    for prefix in prefixes:
        if connection.vendor == "postgresql":  # LIKE 'abc%' reads the varchar_pattern_ops index of the key
            conditions.append("term LIKE %s")
            params.append(prefix + "%")
        else:  # SQLite compares bytes: the terms from "abc" up to (not including) "abd"
            conditions.append("(term >= %s AND term < %s)")
            params += [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, services FROM {TERM_TABLE} WHERE {' OR '.join(conditions)}", params)
        found = dict(cursor.fetchall())
    return found, found.pop("", 0)


@dataclass
class _Word:
    """A word of the question as the index sees it: the index terms that answer it (exact terms; a
    trailing ``*`` is a prefix) and how many services have one of them."""

    concept: Concept
    own: list[str]  # the resident's own word and its compound parts (with the longer terms they start)
    every: list[str]  # the same and the synonyms
    services: int  # about how many services have the word itself (or, lacking that, a synonym)
    found: bool  # whether any service has any of its terms


def _words(concepts: list[Concept], frequency: dict[str, int], total: int) -> list[_Word]:
    """The question's words with the terms that answer them. Without counts (``total`` 0) every prefix
    is looked up as a prefix and every word counts as rare and found."""
    vocabulary = sorted(frequency)
    words = []
    for concept in concepts:
        own, synonyms = [], []
        for term, weight in concept.terms.items():
            terms = own if weight >= PREFIX_WEIGHT else synonyms
            if not _is_prefix(term, weight):
                terms.append(term)
                continue
            at, longer = bisect_left(vocabulary, term), []
            while at < len(vocabulary) and vocabulary[at].startswith(term):
                longer.append(vocabulary[at])
                at += 1
            # Too many terms start with it, it is too long to count, or nothing is counted: a prefix.
            as_prefix = len(longer) > EXPANSIONS_MAX or len(term) >= TERM_MAX or not total
            terms += [term + "*"] if as_prefix else [term, *longer]
        own, every = list(dict.fromkeys(own)), list(dict.fromkeys(own + synonyms))
        own_services = sum(frequency.get(term, 0) for term in own)
        every_services = sum(frequency.get(term, 0) for term in every)
        unknown = not total or any(term.endswith("*") for term in every)  # assume it is there
        services = min(total, own_services or every_services or (total if unknown else 0))
        words.append(_Word(concept, own, every, services, bool(every_services) or unknown))
    return words


def _expression(groups: list[list[str]]) -> str | None:
    """A full-text expression: every group must match (AND), any term within a group (OR); None when a
    group is empty (nothing can match)."""
    postgres = connection.vendor == "postgresql"
    parts = []
    for group in groups:
        if not group:
            return None
        terms = []
        for term in sorted(set(group)):
            prefix, term = term.endswith("*"), term.rstrip("*")
            terms.append(
                (f"{term}:*" if prefix else term) if postgres else f'"{term}"' + ("*" if prefix else "")
            )
        parts.append("(" + (" | " if postgres else " OR ").join(terms) + ")")
    return (" & " if postgres else " AND ").join(parts) if parts else None


def _tiers(words: list[_Word], facets: list[list[str]], total: int) -> list[str]:
    """Full-text expressions from strict to loose, rarest words first (docs/performance.md):

    1. every rare word of the resident in their own terms, 2. the same with synonyms, 3. any word in own
    terms, 4. any word or synonym. Each within the filters.

    "Every word" leaves out context words ("vrouw", "jaren") and words no service has, and common
    words: those in more than ``COMMON_SHARE`` of the services ("helpen", "wijk"). They count in the
    ranking, but requiring them would make the database read long lists of services for little: a
    service that has the rare words mostly has the common ones too. The rarest word always counts."""
    found = [word for word in words if word.found]
    key = [word for word in found if word.concept.weight == 1.0] or found
    rare = [word for word in key if word.services <= COMMON_SHARE * total]
    if key and not rare:
        rare = [min(key, key=lambda word: word.services)]
    expressions = []
    if rare:
        expressions.append(_expression([word.own for word in rare] + facets))
        expressions.append(_expression([word.every for word in rare] + facets))
    expressions.append(_expression([[term for word in words for term in word.own], *facets]))
    expressions.append(_expression([[term for word in words for term in word.every], *facets]))
    return list(dict.fromkeys(expression for expression in expressions if expression))


def _candidate_query(filters: SearchFilters) -> tuple[str, list] | None:
    """The SELECT of the candidates (``%s``: the full-text expression, then the limit) with the filters
    that are not in the index; None when they exclude everything (an unknown postcode)."""
    where, params = [], []
    if filters.active_only:
        where.append(f"s.status NOT IN ({', '.join(['%s'] * len(INACTIVE))})")
        params += INACTIVE
    near = _near(filters)
    if near is not None:
        if not near.query.is_empty():
            sql, near_params = near.values("service_id").query.sql_with_params()
            where.append(f"s.id IN ({sql})")
            params += near_params
        else:
            return None
    extra = "".join(f" AND {condition}" for condition in where)
    if connection.vendor == "postgresql":
        sql = (
            "SELECT s.id, s.search_document FROM socialmap_service s "
            f"WHERE s.search_vector @@ to_tsquery('simple', %s){extra} LIMIT %s"
        )
    else:
        sql = (
            f"SELECT s.id, s.search_document FROM {FTS_TABLE} JOIN socialmap_service s "
            f"ON s.rowid = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s{extra} LIMIT %s"
        )
    return sql, params


def _candidates(
    expressions: list[str], filters: SearchFilters, limit: int, broad: list[set[str]], passing: float
) -> dict[str, str]:
    """Up to ``limit`` matching services (id → analysed document), from the strictest tier down.

    The database's full-text index only finds; it does not rank (ranking every match of a common word
    costs too much at 100k services). A stricter tier holds better services, so the loose tiers are
    only read while the strict ones do not fill the list; ``score`` then ranks the candidates.

    ``broad``: facet groups that most services pass (``_ranked``), checked here on the documents
    instead of in the index; about ``passing`` of the rows do, so a tier reads that much more."""
    query = _candidate_query(filters)
    if query is None:
        return {}
    sql, params = query
    found: dict[str, str] = {}
    with connection.cursor() as cursor:
        for expression in expressions:
            rows = limit + len(found) if not broad else len(found) + math.ceil((limit - len(found)) / passing)
            while True:
                # No ORDER BY: the database stops at the limit instead of sorting every match.
                cursor.execute(sql, [expression, *params, rows])
                batch = cursor.fetchall()
                found.update(row for row in batch if not broad or _passes(row[1], broad))
                if len(found) >= limit or len(batch) < rows:
                    break
                rows *= 2  # fewer passed the broad filters than expected: read further into this tier
            if len(found) >= limit:
                break
    return found


def _passes(document: str, groups: list[set[str]]) -> bool:
    """Whether a document has a token of every facet group."""
    facets = set(document.rpartition(" | ")[2].split())
    return all(not group.isdisjoint(facets) for group in groups)


class _Scorer:
    """Scores documents for one question (see ``score``); what depends only on the question is
    prepared once."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = [
            (
                concept,
                [
                    (term, weight, weight * 0.7 * TITLE_BONUS)
                    for term, weight in concept.terms.items()
                    if _is_prefix(term, weight)
                ],
            )
            for concept in concepts
        ]

    def __call__(self, document: str) -> tuple[float, list[str]]:
        title, _bar, rest = document.partition(" | ")
        body = rest.partition(" | ")[0]
        title_tokens, body_tokens = title.split(), body.split()  # stored sorted and unique
        title_set, body_set = set(title_tokens), set(body_tokens)
        total, matched = 0.0, []
        for concept, prefixes in self.concepts:
            terms = concept.terms
            in_title, in_body = terms.keys() & title_set, terms.keys() & body_set
            best = 0.0
            for term in in_title:
                best = max(best, terms[term] * TITLE_BONUS)
            for term in in_body:
                best = max(best, terms[term])
            for term, weight, title_prefix in prefixes:
                if title_prefix <= best:
                    continue
                if _prefix_in(title_tokens, term):
                    best = title_prefix
                elif weight * 0.7 > best and _prefix_in(body_tokens, term):
                    best = weight * 0.7
            if best:
                breadth = min(BREADTH_MAX, BREADTH * max(0, len(in_title | in_body) - 1))
                matched.append(concept.word)
                total += (best + breadth) * concept.weight
        return total, matched


def _prefix_in(tokens: list[str], term: str) -> bool:
    """Whether a sorted token list holds a longer word starting with ``term`` (binary search)."""
    at = bisect_left(tokens, term)
    return at < len(tokens) and tokens[at].startswith(term)


def score(concepts: list[Concept], document: str) -> tuple[float, list[str]]:
    """How well a service's analysed document answers the resident's words (see module docstring):
    per word the best of its terms (weight × 1.5 in the name, × 0.7 for a prefix match), plus 0.1 for
    every further term of that word it has (at most 0.3: a text about loss that says "rouw",
    "verlies" and "overlijden" is more about it), times the word's own weight."""
    return _Scorer(concepts)(document)


def _with_usage(service_ids: list[str]) -> tuple[dict[str, Service], dict[str, list[Area]]]:
    """The services with their organisation and how often each was used and helped (counts only), and
    the areas they work in (by code): two queries for the whole list, the second plain SQL (the ORM's
    work per query is a large part of the time of a search)."""
    quote = connection.ops.quote_name
    agreement = Agreement._meta
    service_column = quote(agreement.get_field("service").column)
    outcome_column = quote(agreement.get_field("service_outcome").column)
    used = (
        f"SELECT COUNT(*) FROM {quote(agreement.db_table)} u WHERE u.{service_column} = socialmap_service.id"
    )
    rows = (
        Service.objects.filter(pk__in=service_ids)
        .select_related("organization")
        .extra(
            select={"used": used, "helped": f"{used} AND u.{outcome_column} = %s"}, select_params=["helped"]
        )
        .order_by()
    )
    services = {service.pk: service for service in rows}
    areas: dict[str, list[Area]] = {pk: [] for pk in services}
    if not services:
        return services, areas
    fields = Area._meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.service_id, {', '.join(f'a.{quote(field.column)}' for field in fields)} "
            f"FROM {quote(Service.areas.through._meta.db_table)} t "
            f"JOIN {quote(Area._meta.db_table)} a ON a.id = t.area_id "
            f"WHERE t.service_id IN ({', '.join(['%s'] * len(services))})",
            list(services),
        )
        for service_id, *values in cursor.fetchall():
            areas[service_id].append(Area.from_db(connection.alias, [f.attname for f in fields], values))
    for found in areas.values():
        found.sort(key=lambda area: area.code)
    return services, areas


def _distances(hits: list[Hit], filters: SearchFilters) -> None:
    origin = origin_for(filters.postcode) if filters.postcode else None
    if origin is None:
        return
    ids = [hit.service.pk for hit in hits]
    nearest: dict[str, float] = {}
    rows = Location.objects.filter(
        service_at_locations__service_id__in=ids, latitude__isnull=False, longitude__isnull=False
    ).values_list("service_at_locations__service_id", "latitude", "longitude")
    for service_id, lat, lon in rows:
        km = distance_km(origin.latitude, origin.longitude, lat, lon)
        nearest[service_id] = min(km, nearest.get(service_id, km))
    for hit in hits:
        hit.distance_km = nearest.get(hit.service.pk)


def _ranked(concepts: list[Concept], filters: SearchFilters, limit: int) -> list[tuple]:
    """(service id, points, matched words) best first.

    A filter that most services pass (the gemeente, when the map holds one; a neighbourhood with many
    city-wide services) is no use to the index: requiring its token makes the database read a list of
    nearly every service. Such a facet group (more than ``BROAD_FACET`` of the services) is checked on
    the candidates instead; a narrow one stays in the full-text expression."""
    groups = _facet_groups(filters)
    tokens = {token for group in groups for token in group}
    frequency, total = _frequencies(concepts, tokens)
    facet_counts = {token: frequency.pop(token) for token in tokens if token in frequency}
    narrow, broad, passing = [], [], 1.0
    for group in groups:
        share = min(1.0, sum(facet_counts.get(token, 0) for token in group) / total) if total else 0.0
        if share >= BROAD_FACET:
            broad.append(set(group))
            passing *= share
        else:
            narrow.append(group)
    words = _words(concepts, frequency, total)
    expressions = _tiers(words, narrow, total)
    scorer = _Scorer(concepts)
    ranked = []
    candidates = _candidates(expressions, filters, max(limit, CANDIDATES), broad, passing)
    for service_id, document in candidates.items():
        points, matched = scorer(document)
        if points:
            # Equally good: the service with the shorter text first (it is more about these words).
            ranked.append((round(-points, 6), document.count(" "), service_id, matched))
    ranked.sort(key=lambda row: row[:3])
    return [(service_id, -points, matched) for points, _size, service_id, matched in ranked[:limit]]


def _listed(filters: SearchFilters, limit: int) -> list[str]:
    """Without words: the services within the filters, by name."""
    services = services_filtered(filters)
    facets = _facet_groups(filters, municipality=False)  # the gemeente: a plain filter, read by name
    if facets:
        services = _matching(services, _expression(facets))
    return list(services.order_by("name", "pk").values_list("pk", flat=True)[:limit])


def _matching(services: QuerySet[Service], expression: str) -> QuerySet[Service]:
    if connection.vendor == "postgresql":
        return services.extra(
            where=["socialmap_service.search_vector @@ to_tsquery('simple', %s)"],
            params=[expression],
        )
    return services.extra(
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = socialmap_service.rowid", f"{FTS_TABLE} MATCH %s"],
        params=[expression],
    )


def service_search(text: str, filters: SearchFilters | None = None, *, limit: int = 20) -> list[Hit]:
    """The best services for a wish or need, with the words they answer; filters alone list by name."""
    filters = filters or SearchFilters()
    concepts = query_concepts(text or "")
    if concepts:
        ranked = _ranked(concepts, filters, limit)
    else:
        ranked = [(service_id, 0.0, []) for service_id in _listed(filters, limit)]
    by_id, areas = _with_usage([row[0] for row in ranked]) if ranked else ({}, {})
    hits = [
        Hit(by_id[service_id], points, matched, areas=areas[service_id])
        for service_id, points, matched in ranked
    ]
    _distances(hits, filters)
    if filters.distance_km:  # the index searched a square around the postcode; keep the circle
        hits = [hit for hit in hits if hit.distance_km is not None and hit.distance_km <= filters.distance_km]
    if concepts:  # among equally good services, the nearest first
        hits.sort(
            key=lambda hit: (-round(hit.score, 6), math.inf if hit.distance_km is None else hit.distance_km)
        )
    return hits


def service_search_ids(text: str, filters: SearchFilters | None = None, *, limit: int = 1000) -> list[str]:
    """Service ids best first (the public HSDS API's ``search`` parameter)."""
    filters = filters or SearchFilters()
    concepts = query_concepts(text or "")
    if not concepts:
        return _listed(filters, limit)
    return [service_id for service_id, _points, _matched in _ranked(concepts, filters, limit)]
