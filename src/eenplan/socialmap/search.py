"""Search the social map by a wish in the resident's words, on SQLite and PostgreSQL alike (ADR 0011).

1. ``text.py`` analyses Dutch: diacritics, stopwords, snowball stems, compound parts, synonyms (data).
2. Every service keeps ``search_document``: its analysed title terms, " | ", its analysed body terms,
   each part sorted and without repeats.
3. The database's own full-text index finds candidates fast: SQLite FTS5 (an external-content table
   kept in step by triggers) or a PostgreSQL GIN index on a stored generated ``tsvector`` column.
   It searches in tiers, from "every word of the resident in their own terms" to "any word or a
   synonym", and stops when a tier fills the candidate list. Own words and compound parts match as a
   prefix ("maaltijd" finds "maaltijdservice"); synonyms only as a whole.
4. The candidates are ranked in Python, the same way on both databases: how many of the resident's
   words a service answers (their own word 1, a compound part 0.8, a synonym 0.6; a word in the name
   counts 1.5 times). A service that answers "meerijden" and "helpen" beats one that only says "helpen".
   Neither database's own ranking (bm25, ts_rank) is used: it must score every match of a common word,
   which is too slow at 100k services (docs/performance.md).

Filters: area, kind, cost and target group are tokens in the same full-text index (``facet_tokens``),
so a filter never makes the database read every match of a common word first; the gemeente, whether a
service still runs and the distance from a postcode are ordinary ORM filters around the full-text query.
"""

import math
from bisect import bisect_left
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, QuerySet

from eenplan.core.models import Area
from eenplan.plans.models import Agreement

from .models import Location, Organization, Postcode, Service, ServiceAtLocation
from .text import Concept, index_terms, query_concepts

CANDIDATES = 100  # how many full-text candidates are ranked
PREFIX_MIN = 4  # query terms at least this long also match as a prefix
TITLE_BONUS = 1.5
BREADTH, BREADTH_MAX = 0.1, 0.3
FTS_TABLE = "socialmap_service_fts"


# --- the index --------------------------------------------------------------------------------------


def facet_tokens(kind: str, cost: str, target_group_codes, areas) -> list[str]:
    """Filter values as index tokens (``x`` + what + value), so the full-text index filters too: a
    filter then never has to read every match of a common word. ``areas`` are (code, parent code)
    pairs; a neighbourhood also marks its district (``xwithin``), so a search in a district finds the
    services of its neighbourhoods."""
    tokens = [f"xkind{_facet(kind)}", f"xcost{_facet(cost)}"]
    tokens += [f"xgroup{_facet(code)}" for code in target_group_codes]
    tokens += [f"xarea{_facet(code)}" for code, _parent in areas] or ["xareaall"]
    tokens += [f"xwithin{_facet(parent)}" for _code, parent in areas if parent]
    return tokens


def _facet(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isascii() and ch.isalnum())


@dataclass
class _Indexed:
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


def document_for(service: _Indexed) -> str:
    """``title terms | body terms | facet tokens``, each part sorted and without repeats."""
    title = sorted(set(index_terms(f"{service.name} {service.data.get('alternate_name') or ''}")))
    body_text = " ".join(
        [
            service.name,
            service.description,
            " ".join(service.tags),
            " ".join(name for _code, name in service.target_groups),
            service.organization,
            service.data.get("eligibility_description") or "",
        ]
    )
    body = sorted(set(index_terms(body_text)))
    codes = [code for code, _name in service.target_groups]
    facets = sorted(set(facet_tokens(service.kind, service.cost, codes, service.areas)))
    return " | ".join(" ".join(part) for part in (title, body, facets))


def index_services(service_ids=None) -> int:
    """Recompute ``search_document`` for these services (all when None); returns how many changed.
    Reads plain values, not model instances: this runs over 100k services after an import."""
    chunks = [None] if service_ids is None else list(_chunks(list(service_ids), 2000))
    organization_names, changed = {}, []
    for chunk in chunks:
        rows = Service.objects.order_by()
        if chunk is not None:
            rows = rows.filter(pk__in=chunk)
        fields = ("pk", "name", "description", "tags", "kind", "cost", "data", "organization_id")
        services = {row[0]: (_Indexed(*row[1:7]), row[7]) for row in rows.values_list(*fields)}
        current = dict(rows.values_list("pk", "search_document"))
        wanted = {org for _s, org in services.values() if org} - organization_names.keys()
        organization_names.update(Organization.objects.filter(pk__in=wanted).values_list("pk", "name"))
        groups = Service.target_groups.through.objects.filter(service_id__in=services)
        for service_id, code, name in groups.values_list(
            "service_id", "targetgroup__code", "targetgroup__name"
        ):
            services[service_id][0].target_groups.append((code, name))
        areas = Service.areas.through.objects.filter(service_id__in=services)
        for service_id, code, parent in areas.values_list("service_id", "area__code", "area__parent__code"):
            services[service_id][0].areas.append((code, parent))
        for service_id, (service, organization_id) in services.items():
            service.organization = organization_names.get(organization_id, "")
            document = document_for(service)
            if document != current[service_id]:
                changed.append((document, service_id))
    with connection.cursor() as cursor:  # one prepared statement: bulk_update's CASE is slow at 100k
        cursor.executemany("UPDATE socialmap_service SET search_document = %s WHERE id = %s", changed)
    return len(changed)


def _chunks(values: list, size: int):
    for start in range(0, len(values), size):
        yield values[start : start + size]


SQLITE_INSTALL = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_document, content='socialmap_service', "
    "content_rowid='rowid', tokenize='unicode61')",
    f"""CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON socialmap_service BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_document) VALUES (new.rowid, new.search_document); END""",
    f"""CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON socialmap_service BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_document)
        VALUES ('delete', old.rowid, old.search_document); END""",
    f"""CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF search_document ON socialmap_service BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_document)
        VALUES ('delete', old.rowid, old.search_document);
        INSERT INTO {FTS_TABLE}(rowid, search_document) VALUES (new.rowid, new.search_document); END""",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
POSTGRES_INSTALL = [
    "DROP INDEX IF EXISTS socialmap_service_search",
    "ALTER TABLE socialmap_service DROP COLUMN IF EXISTS search_vector",
    # A stored tsvector: a match is then read from the index and the row, never recomputed.
    "ALTER TABLE socialmap_service ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_document)) STORED",
    "CREATE INDEX socialmap_service_search ON socialmap_service USING GIN (search_vector)",
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


def search_index_remove(schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            for statement in SQLITE_INSTALL[:4]:
                cursor.execute(statement)
        else:
            cursor.execute(POSTGRES_INSTALL[0])
            cursor.execute(POSTGRES_INSTALL[1])


# --- filters ----------------------------------------------------------------------------------------


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


def _facet_groups(filters: SearchFilters) -> list[list[tuple[str, float]]]:
    """The filters as groups of facet tokens: every group must match, any token within a group."""
    groups = []
    if filters.area is not None:
        area = _facet(filters.area.code)
        if filters.area.parent_id:  # a neighbourhood: served there, in its whole district, or everywhere
            tokens = [f"xarea{area}", f"xarea{_facet(filters.area.parent.code)}", "xareaall"]
        else:  # a district: served there, in one of its neighbourhoods, or everywhere
            tokens = [f"xarea{area}", f"xwithin{area}", "xareaall"]
        groups.append(tokens)
    if filters.kinds:
        groups.append([f"xkind{_facet(kind)}" for kind in filters.kinds])
    if filters.costs:
        groups.append([f"xcost{_facet(cost)}" for cost in filters.costs])
    if filters.target_group:
        groups.append([f"xgroup{_facet(filters.target_group)}"])
    return [[(token, 0.0) for token in group] for group in groups]


def services_filtered(filters: SearchFilters) -> QuerySet[Service]:
    """The filters that are no facet: the gemeente, whether the service still runs, distance."""
    services = Service.objects.all()
    if filters.active_only:
        services = services.exclude(status__in=["inactive", "defunct"])
    if filters.municipality_id:
        services = services.filter(Q(municipality_id=filters.municipality_id) | Q(municipality__isnull=True))
    if filters.postcode and filters.distance_km:
        origin = origin_for(filters.postcode)
        if origin is None:
            return services.none()
        near = Location.objects.filter(_box(origin, filters.distance_km)).values("pk")
        services = services.filter(
            pk__in=ServiceAtLocation.objects.filter(location__in=near).values("service")
        )
    return services


# --- search -----------------------------------------------------------------------------------------


@dataclass
class Hit:
    service: Service
    score: float = 0.0
    matched: list[str] = field(default_factory=list)  # the resident's words this service answers
    distance_km: float | None = None


PREFIX_WEIGHT = 0.8  # own words and compound parts also match as a prefix; synonyms only whole


def _expression(groups: list[list[tuple[str, float]]]) -> str:
    """A full-text expression: every group must match (AND), any term within a group (OR)."""
    postgres = connection.vendor == "postgresql"
    parts = []
    for group in groups:
        terms = []
        for term, weight in sorted(group):
            prefix = weight >= PREFIX_WEIGHT and len(term) >= PREFIX_MIN
            terms.append(
                (f"{term}:*" if prefix else term) if postgres else f'"{term}"' + ("*" if prefix else "")
            )
        parts.append("(" + (" | " if postgres else " OR ").join(terms) + ")")
    return (" & " if postgres else " AND ").join(parts)


def _tiers(concepts: list[Concept], facets: list[list[tuple[str, float]]]) -> list[str]:
    """From strict to loose: all words in the resident's own terms, all words with synonyms, any word
    in own terms, any word with synonyms; each within the filters. "All words" leaves out context words
    ("vrouw", "jaren"): they count in the ranking but are not required."""
    own = [[(t, w) for t, w in c.terms.items() if w >= PREFIX_WEIGHT] for c in concepts]
    every = [list(c.terms.items()) for c in concepts]
    key = [i for i, c in enumerate(concepts) if c.weight == 1.0] or range(len(concepts))  # no context words
    expressions = [
        _expression([own[i] for i in key] + facets),
        _expression([every[i] for i in key] + facets),
        _expression([[term for group in own for term in group], *facets]),
        _expression([[term for group in every for term in group], *facets]),
    ]
    return list(dict.fromkeys(expressions))


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


def _candidates(
    concepts: list[Concept], facets: list, services: QuerySet[Service], limit: int
) -> dict[str, str]:
    """Up to ``limit`` matching services (id → analysed document), from the strictest tier down.

    The database's full-text index only finds; it does not rank (ranking every match of a common word
    costs too much at 100k services). A stricter tier holds better services, so the loose tiers are
    only read while the strict ones do not fill the list; ``score`` then ranks the candidates."""
    found: dict[str, str] = {}
    for expression in _tiers(concepts, facets):
        # No ORDER BY: the database stops at the limit instead of sorting every match.
        rows = _matching(services.order_by(), expression).values_list("pk", "search_document")
        found.update(rows[: limit + len(found)])
        if len(found) >= limit:
            break
    return found


def _prefix_in(tokens: list[str], term: str) -> bool:
    """Whether a sorted token list holds a longer word starting with ``term`` (binary search)."""
    at = bisect_left(tokens, term)
    return at < len(tokens) and tokens[at].startswith(term)


def score(concepts: list[Concept], document: str) -> tuple[float, list[str]]:
    """How well a service's analysed document answers the resident's words (see module docstring):
    per word the best of its terms (weight × 1.5 in the name, × 0.7 for a prefix match), plus 0.1 for
    every further term of that word it has (at most 0.3: a text about loss that says "rouw",
    "verlies" and "overlijden" is more about it), times the word's own weight."""
    title, body, _facets = document.split(" | ")
    title_tokens, body_tokens = title.split(), body.split()  # stored sorted and unique
    title_set, body_set = set(title_tokens), set(body_tokens)
    total, matched = 0.0, []
    for concept in concepts:
        terms = concept.terms
        in_title, in_body = terms.keys() & title_set, terms.keys() & body_set
        best = max(
            max((terms[t] * TITLE_BONUS for t in in_title), default=0.0),
            max((terms[t] for t in in_body), default=0.0),
        )
        for term, weight in terms.items():
            if weight < PREFIX_WEIGHT or len(term) < PREFIX_MIN or weight * 0.7 * TITLE_BONUS <= best:
                continue
            if _prefix_in(title_tokens, term):
                best = max(best, weight * 0.7 * TITLE_BONUS)
            elif _prefix_in(body_tokens, term):
                best = max(best, weight * 0.7)
        if best:
            breadth = min(BREADTH_MAX, BREADTH * max(0, len(in_title | in_body) - 1))
            matched.append(concept.word)
            total += (best + breadth) * concept.weight
    return total, matched


def _with_usage(service_ids: list[str]) -> dict[str, Service]:
    """The services with what a result shows, and how often each was used and helped (counts only)."""
    services = (
        Service.objects.filter(pk__in=service_ids)
        .select_related("organization")
        .prefetch_related("areas", "target_groups")
        .in_bulk()
    )
    usage = (
        Agreement.objects.filter(service_id__in=service_ids)
        .values("service_id")
        .annotate(used=Count("pk"), helped=Count("pk", filter=Q(service_outcome="helped")))
    )
    counts = {row["service_id"]: row for row in usage}
    for service in services.values():
        row = counts.get(service.pk, {})
        service.used, service.helped = row.get("used", 0), row.get("helped", 0)
    return services


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
    """(service id, points, matched words) best first."""
    services, facets = services_filtered(filters), _facet_groups(filters)
    ranked = []
    for service_id, document in _candidates(concepts, facets, services, max(limit, CANDIDATES)).items():
        points, matched = score(concepts, document)
        if points:
            ranked.append((-points, service_id, matched))
    ranked.sort(key=lambda row: (row[0], row[1]))
    return [(service_id, -points, matched) for points, service_id, matched in ranked[:limit]]


def _listed(filters: SearchFilters, limit: int) -> list[str]:
    """Without words: the services within the filters, by name."""
    services, facets = services_filtered(filters), _facet_groups(filters)
    if facets:
        services = _matching(services, _expression(facets))
    return list(services.order_by("name", "pk").values_list("pk", flat=True)[:limit])


def service_search(text: str, filters: SearchFilters | None = None, *, limit: int = 20) -> list[Hit]:
    """The best services for a wish or need, with the words they answer; filters alone list by name."""
    filters = filters or SearchFilters()
    concepts = query_concepts(text or "")
    if concepts:
        ranked = _ranked(concepts, filters, limit)
    else:
        ranked = [(service_id, 0.0, []) for service_id in _listed(filters, limit)]
    by_id = _with_usage([row[0] for row in ranked])
    hits = [Hit(by_id[service_id], points, matched) for service_id, points, matched in ranked]
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
