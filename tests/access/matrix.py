"""The permission matrix (issue 6, point 7): every persona × every page and API endpoint × a household
inside and outside their reach, generated from the URL conf, and checked against the OpenAPI schema so a
new endpoint is covered without touching this file.

What "reach" is comes from the tables below, written from docs/domain.md §5, not from the code under test.
For every request the matrix records the response, the processing-log rows written and the SQL writes,
inside a savepoint that is rolled back, so the world is the same for every check and order does not
matter. ``find_leaks`` returns what it found; an empty list means no leaks.

The rules (a "leak" is any breach of them):

- Outside reach (an id of a household the persona may not see, in that part of the product): the answer
  is 404, as if the record did not exist. 403 or 405 count as a refusal only when a record that does not
  exist (id 999999) gets the very same answer, so the status says nothing about the household. 2xx and
  3xx are never a refusal. Nothing is logged for the household, the database is not changed, and the body
  shows none of its markers.
- Inside reach: a GET of a read-only page or endpoint answers 200 and writes a processing-log row for the
  household with the persona as actor. Routes that also take POST/PUT/PATCH/DELETE (forms, actions) may
  refuse a role that only reads (any 3xx/4xx), but any 2xx answer must be logged too.
- Always: no 5xx; no page shows a marker whose household and category the persona may not see (this is
  what checks lists, search and start pages, and the categories of a partner's arrangement and of the
  decision maker); no processing-log row names a household outside all of the persona's reach.
"""

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from unittest import mock

from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from eenplan.core.models import ProcessingLogEntry
from eenplan.core.processing_log_vng import actie_id

from .conftest import INSIDE, OUTSIDE, MatrixWorld, logged_in_client

# -- what each persona may see (domain.md §5) ---------------------------------------------------------
#
# A route's scope says which part of the product it belongs to:
#   household  the team's pages and endpoints about a household: household, melding, inquiry, report,
#              plan, budget, its sharing arrangements (the resident sees these for their own household)
#   application an application (aanvraag) or allocation: the team, and a decision maker for an open one
#   manage     a partner's request for an arrangement: only the team member who directs the plan / lead
#   team       a team page about a household that the resident does not get (they have their own)
#   portal     Mijn plan: the resident's own pages about their household (and a representative's)
#   shared     the partner's shared file: only a partner whose organisation has an active arrangement
#   log        (no URL of its own) the processing log, which names households but holds no case data
#   break-glass a break-the-glass access: only the user who opened it and the lead of their team
# INSIDE lies in the north team's area; OUTSIDE in the south team's. Both have an open application
# (advised, not decided) in the decision maker's gemeente. Only "fiona"'s organisation has an
# arrangement for INSIDE (health, plan-agreements); another organisation has one for OUTSIDE.
REACH: dict[str, dict[str, set[str]]] = {
    "resident": {"household": {INSIDE}, "portal": {INSIDE}},  # own household, own data and plan
    "representative": {"household": {INSIDE}, "portal": {INSIDE}},  # acts for INSIDE's head
    "consultant_north": {
        "household": {INSIDE},
        "team": {INSIDE},
        "application": {INSIDE},
        "manage": {INSIDE},
    },
    "consultant_south": {
        "household": {OUTSIDE},
        "team": {OUTSIDE},
        "application": {OUTSIDE},
        "manage": {OUTSIDE},
    },
    "team_lead_north": {
        "household": {INSIDE},
        "team": {INSIDE},
        "application": {INSIDE},
        "manage": {INSIDE},
        "log": {INSIDE},  # the log about the team's households
    },
    "decision_maker": {"application": {INSIDE, OUTSIDE}},  # households with an open application
    "partner_without_arrangement": {},
    "partner_with_arrangement": {"shared": {INSIDE}},
    "policy_advisor": {},  # aggregated data only
    "functional_admin": {},  # configuration only
    # The processing log (who processed which household, when, why) of the gemeente, not case files: a
    # search or export of it is itself logged for those households.
    "privacy_officer": {"log": {INSIDE, OUTSIDE}},
}

ALL_CATEGORIES = frozenset(
    {
        "identity-contact",
        "household-network",
        "situation-assessment",
        "health",
        "finances-income",
        "conversation-notes",
        "plan-agreements",
    }
)
# The decision maker sees "what the decision needs: identity, situation, advice, plan summary".
DECISION_CATEGORIES = frozenset({"identity-contact", "situation-assessment", "plan-agreements"})
# Which categories of which household a persona may see anywhere (markers outside this are leaks).
VISIBLE: dict[str, dict[str, frozenset[str]]] = {
    "resident": {INSIDE: ALL_CATEGORIES},
    "representative": {INSIDE: ALL_CATEGORIES},
    "consultant_north": {INSIDE: ALL_CATEGORIES},
    "consultant_south": {OUTSIDE: ALL_CATEGORIES},
    "team_lead_north": {INSIDE: ALL_CATEGORIES},
    "decision_maker": {INSIDE: DECISION_CATEGORIES, OUTSIDE: DECISION_CATEGORIES},
    "partner_with_arrangement": {INSIDE: frozenset({"health", "plan-agreements"})},
}

# -- how to fill in a URL ---------------------------------------------------------------------------------
#
# URL kwarg → (scope, the id in a household bundle). A route with a kwarg missing here fails the matrix
# ("uncovered"): add the kwarg (and, for a new kind of record, build it in conftest.py) — never skip it.
KWARGS: dict[str, tuple[str, Callable]] = {
    "household_id": ("household", lambda b: b.household.pk),
    "support_request_id": ("household", lambda b: b.support_request.pk),
    "term_id": ("household", lambda b: b.term.pk),
    "plan_id": ("household", lambda b: b.plan.pk),
    "goal_id": ("household", lambda b: b.goal.pk),
    "agreement_id": ("household", lambda b: b.agreement.pk),
    "participant_id": ("household", lambda b: b.participant.pk),
    "arrangement_id": ("household", lambda b: b.arrangement.pk),
    "representation_id": ("household", lambda b: b.representation.pk),
    "application_id": ("application", lambda b: b.open_application.pk),
    "allocation_id": ("application", lambda b: b.allocation.pk),
    "request_id": ("manage", lambda b: b.arrangement_request.pk),
    "access_id": ("break-glass", lambda b: b.break_glass.pk),
    "person_id": ("household", lambda b: b.head.pk),
    # One processing-log entry about the household, by its VNG actieId.
    "actie_id": (
        "log",
        lambda b: str(actie_id(ProcessingLogEntry.objects.filter(household_id=b.household.pk)[0])),
    ),
}
# The same kwarg can mean another scope on another page: the partner's shared file takes a household id.
SCOPE_BY_URL_NAME = {
    "sharing:shared_file": "shared",
    "api:shared-household-detail": "shared",
    # The processing log of a household, printed for a resident who asks: the team's page (the resident
    # has their own overview at mijn-gegevens/verwerkingen/).
    "core:household_processing_log": "team",
}
# Every page of Mijn plan (and its experience questions) is the resident's, whatever the kwarg.
SCOPE_BY_NAMESPACE = {"portal": "portal", "experience": "portal"}
# Kwargs that name no personal data: filled in once, the route is checked like a list page.
PLAIN_KWARGS: dict[str, Callable] = {
    "service_id": lambda world: world.service.pk,  # a social-map service
    "output": lambda world: "json",  # the social map's HSDS export format
    "area_id": lambda world: world.households[INSIDE].household.area_id,  # a neighbourhood (signals)
    "theme_code": lambda world: "loneliness",  # a theme of collective signals (configuration)
    "survey_id": lambda world: world.survey.pk,  # a thermometer survey of INSIDE's gemeente
    "token": lambda world: world.survey_token,  # an open link to answer that survey (anonymous)
    # The thermometer's policy chain of the world's gemeente (policy content, no personal data).
    "effect_id": lambda world: world.thermometer_chain["effect"].pk,
    "policy_goal_id": lambda world: world.thermometer_chain["policy_goal"].pk,
    "assignment_id": lambda world: world.thermometer_chain["assignment"].pk,
    "delivery_id": lambda world: world.thermometer_chain["delivery"].pk,
    "agreed_result_id": lambda world: world.thermometer_chain["agreed_result"].pk,
}
# Ids in the query string rather than the path.
QUERY_PROBES = [
    # The social-map search opened from a plan (?plan=…&doel=…) reads that plan.
    ("socialmap:search", "household", lambda b: f"plan={b.plan.pk}&doel={b.goal.pk}"),
]
MISSING_ID = 999999

# -- routes that are not checked, and why (keep this short) ---------------------------------------------
ALLOW_LIST = {
    "account/inloggen/": "log-in form; no personal data, public",
    "account/inloggen/code/": "second step of log-in; only a pending log-in of the session itself",
    "account/uitloggen/": "log-out (POST); ends the matrix's own session",
    "taal/": "language switch (Django's set_language); stores a preference, shows nothing",
    "favicon.ico": "static icon",
    "api/v1/schema/": "the OpenAPI description: public on purpose, no personal data",
    "api/v1/docs/": "the API documentation page rendered from the schema: public, no personal data",
}
ALLOW_LIST_PREFIXES = {
    "beheer/": "Django admin: only the functional admin gets in, and it registers configuration, never "
    "case data (tests/core/test_shell.py::test_beheer_is_only_for_the_functional_admin)",
    "api/hsds/": "the social map's public HSDS read API: services of organisations, no personal data "
    "(open standard, no log-in; tests/socialmap/test_hsds_api.py)",
}
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
IGNORED_WRITES = {"django_session"}  # the session of the matrix's own client
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@dataclass(frozen=True)
class Leak:
    kind: str  # uncovered, not-refused, shows, logged, wrote, error, unlogged, refused
    route: str
    method: str = ""
    persona: str = ""
    household: str = ""  # INSIDE, OUTSIDE, or "" for a page without a household
    detail: str = ""

    @property
    def key(self) -> tuple:
        return (self.kind, self.route, self.method, self.persona, self.household)

    def __str__(self) -> str:
        who = f"{self.persona} " if self.persona else ""
        whose = f" [{self.household}]" if self.household else ""
        return f"{self.kind}: {who}{self.method} /{self.route}{whose}: {self.detail}".replace("  ", " ")


@dataclass(frozen=True)
class Route:
    route: str  # the pattern, e.g. "huishoudens/<int:household_id>/"
    name: str  # namespaced URL name
    kwargs: tuple[str, ...]
    methods: tuple[str, ...]

    @property
    def is_read_only(self) -> bool:
        return not any(method in UNSAFE for method in self.methods)


def url_patterns(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name or ''}", pattern


def allowed_reason(route: str) -> str | None:
    if route in ALLOW_LIST:
        return ALLOW_LIST[route]
    return next((why for prefix, why in ALLOW_LIST_PREFIXES.items() if route.startswith(prefix)), None)


def _methods(pattern: URLPattern) -> tuple[str, ...]:
    """A DRF view says which methods it takes; for a Django view try GET and POST (405 if not taken)."""
    view_class = getattr(pattern.callback, "cls", None)
    names = getattr(view_class, "http_method_names", None)
    if view_class is not None and names:
        taken = [name.upper() for name in names if name.upper() in ("GET", *UNSAFE)]
        if taken:
            return tuple(sorted(taken, key=("GET", *UNSAFE).index))
    return ("GET", "POST")


def routes(urlconf=None) -> tuple[list[Route], list[Leak]]:
    found, uncovered = [], []
    for route, name, pattern in url_patterns(get_resolver(urlconf)):
        if allowed_reason(route):
            continue
        if "(?P<" in route or route.startswith("^"):
            uncovered.append(Leak("uncovered", route, detail="a regex route: add its kwargs to the matrix"))
            continue
        kwargs = tuple(pattern.pattern.converters)
        unknown = [kwarg for kwarg in kwargs if kwarg not in KWARGS and kwarg not in PLAIN_KWARGS]
        for kwarg in unknown:
            uncovered.append(
                Leak("uncovered", route, detail=f"URL kwarg {kwarg!r} of {name!r} is not in matrix.KWARGS")
            )
        if not unknown:
            found.append(Route(route, name, kwargs, _methods(pattern)))
    return found, uncovered


def openapi_operations(urlconf=None) -> set[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    return {
        (path, method.upper())
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in ("GET", *UNSAFE)
    }


def _schema_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def schema_coverage(route_list: list[Route], urlconf=None) -> list[Leak]:
    """Every operation of the OpenAPI schema must be one the matrix tries (or an allow-listed route)."""
    tried = {(_schema_path(r.route), method) for r in route_list for method in r.methods}
    leaks = []
    for path, method in sorted(openapi_operations(urlconf)):
        if (path, method) in tried or allowed_reason(path.lstrip("/")):
            continue
        leaks.append(
            Leak("uncovered", path.lstrip("/"), method, detail="in the OpenAPI schema, not in the matrix")
        )
    return leaks


# -- one request --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    status: int
    body: str
    logs: list[dict]
    writes: set[str]
    location: str = ""


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def perform(client: Client, method: str, path: str, *, api: bool) -> Outcome:
    """One request with an empty body, in a savepoint that is rolled back afterwards."""
    writes: set[str] = set()

    def record_writes(execute, sql, params, many, context):
        if match := WRITE.match(sql):
            writes.add(match.group(1).lower())
        return execute(sql, params, many, context)

    with transaction.atomic():
        last = ProcessingLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with connection.execute_wrapper(record_writes):
            if method == "GET":
                response = client.get(path)
            elif api:
                response = client.generic(method, path, json.dumps({}), content_type="application/json")
            else:
                response = client.generic(method, path, "", content_type="application/x-www-form-urlencoded")
        logs = list(ProcessingLogEntry.objects.filter(pk__gt=last).values("household_id", "actor_id"))
        outcome = Outcome(response.status_code, _body(response), logs, writes, response.get("Location", ""))
        transaction.set_rollback(True)
    outcome.writes = {table for table in writes if table not in IGNORED_WRITES}
    outcome.writes.discard(ProcessingLogEntry._meta.db_table)
    outcome.writes.discard("core_processingloghead")
    return outcome


# -- the matrix ---------------------------------------------------------------------------------------------


def _fill(route: Route, world: MatrixWorld, bundle, *, missing=False) -> tuple[str, str | None]:
    """The path for a route, and its scope (None for a route without a household)."""
    path, scope = "/" + route.route, None
    for kwarg in route.kwargs:
        if kwarg in KWARGS:
            scope = (
                scope
                or SCOPE_BY_URL_NAME.get(route.name)
                or SCOPE_BY_NAMESPACE.get(route.name.split(":")[0])
                or KWARGS[kwarg][0]
            )
            value = MISSING_ID if missing else KWARGS[kwarg][1](bundle)
        else:
            value = PLAIN_KWARGS[kwarg](world)
        path = re.sub(rf"<(?:\w+:)?{kwarg}>", str(value), path)
    return path, scope


def _forbidden(world: MatrixWorld, persona: str) -> list:
    visible = VISIBLE.get(persona, {})
    return [m for m in world.markers if m.category not in visible.get(m.household, frozenset())]


def _reachable_households(world: MatrixWorld, persona: str) -> set[int]:
    keys = set().union(*REACH[persona].values()) if REACH[persona] else set()
    return {world.households[key].household.pk for key in keys}


class HtmlAsPdf:
    """Stands in for weasyprint.HTML during the matrix: the "PDF" is the HTML it would be made from.
    Access and logging happen before rendering, so nothing is lost; the markers can be searched (a real
    PDF is compressed), and the matrix does not spend most of its time laying out pages."""

    def __init__(self, string: str, **kwargs):
        self.string = string

    def write_pdf(self, *args, **kwargs) -> bytes:
        return self.string.encode()


def find_leaks(*args, **kwargs) -> list[Leak]:
    """The matrix; see the module's docstring. (The thousands of expected 404s are not logged.)"""
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.ERROR + 10)
    try:
        with mock.patch("weasyprint.HTML", HtmlAsPdf):
            return _find_leaks(*args, **kwargs)
    finally:
        request_logger.setLevel(level)


def _find_leaks(
    world: MatrixWorld,
    client_factory: Callable = logged_in_client,
    urlconf=None,
    *,
    only_routes: Callable[[str], bool] | None = None,
    only_personas: set[str] | None = None,
    stats: dict | None = None,
) -> list[Leak]:
    route_list, leaks = routes(urlconf)
    if only_routes is None:
        leaks += schema_coverage(route_list, urlconf)
    else:
        route_list = [r for r in route_list if only_routes(r.route)]
        leaks = [leak for leak in leaks if only_routes(leak.route)]
    missing_personas = set(REACH) - set(world.personas)
    assert not missing_personas, f"personas without a user in the world: {missing_personas}"
    checks, allowed, refused = 0, 0, 0
    household_ids = {bundle.household.pk: key for key, bundle in world.households.items()}
    for persona, user in world.personas.items():
        if only_personas is not None and persona not in only_personas:
            continue
        client = client_factory(user)
        forbidden = _forbidden(world, persona)
        baselines = {}  # (route, method) → the status for a record that does not exist
        reachable = _reachable_households(world, persona)

        def common(
            outcome, route, method, household="", *, persona=persona, forbidden=forbidden, reachable=reachable
        ):
            def leak(kind, detail):
                leaks.append(Leak(kind, route, method, persona, household, detail))

            if outcome.status >= 500:
                leak("error", f"answered {outcome.status}")
            shown = sorted(
                {f"{m.text} ({m.household}, {m.category})" for m in forbidden if m.text in outcome.body}
            )
            if shown:
                leak("shows", "shows " + ", ".join(shown))
            strangers = {
                household_ids.get(row["household_id"], row["household_id"])
                for row in outcome.logs
                if row["household_id"] is not None and row["household_id"] not in reachable
            }
            if strangers:
                leak(
                    "logged",
                    f"logged a processing of households outside reach: {sorted(map(str, strangers))}",
                )

        for route in route_list:
            api = route.route.startswith("api/")
            if not any(kwarg in KWARGS for kwarg in route.kwargs):
                for method in route.methods:
                    path, _scope = _fill(route, world, None)
                    common(perform(client, method, path, api=api), route.route, method)
                    checks += 1
                continue
            for key, bundle in world.households.items():
                path, scope = _fill(route, world, bundle)
                in_reach = key in REACH[persona].get(scope, set())
                for method in route.methods:
                    outcome = perform(client, method, path, api=api)
                    checks += 1
                    common(outcome, route.route, method, key)
                    if in_reach:
                        allowed += 1
                        leaks.extend(_check_allowed(outcome, route, method, persona, key, bundle, user))
                    else:
                        refused += 1
                        baseline = None
                        if outcome.status != 404:
                            if (route.route, method) not in baselines:
                                missing_path, _scope = _fill(route, world, bundle, missing=True)
                                baselines[route.route, method] = perform(
                                    client, method, missing_path, api=api
                                ).status
                            baseline = baselines[route.route, method]
                        leaks.extend(_check_refused(outcome, baseline, route, method, persona, key, bundle))
        for name, scope, query in QUERY_PROBES:
            route = next((r for r in route_list if r.name == name), None)
            if route is None:
                continue
            for key, bundle in world.households.items():
                outcome = perform(client, "GET", f"/{route.route}?{query(bundle)}", api=False)
                checks += 1
                label = f"{route.route}?{query(bundle).split('=')[0]}=…"
                common(outcome, label, "GET", key)
                if key not in REACH[persona].get(scope, set()) and outcome.status == 200:
                    hits = [row for row in outcome.logs if row["household_id"] == bundle.household.pk]
                    if hits:
                        leaks.append(Leak("logged", label, "GET", persona, key, "read a plan outside reach"))
    if stats is not None:
        stats.update(checks=checks, within_reach=allowed, outside_reach=refused)
    return leaks


def _check_refused(outcome: Outcome, baseline, route: Route, method, persona, key, bundle) -> list[Leak]:
    found = []

    def leak(kind, detail):
        found.append(Leak(kind, route.route, method, persona, key, detail))

    refused = outcome.status == 404 or (outcome.status in (403, 405) and outcome.status == baseline)
    if not refused:
        detail = f"answered {outcome.status}"
        if baseline is not None:
            detail += f" (a record that does not exist: {baseline})"
        if outcome.location:
            detail += f", to {outcome.location}"
        leak("not-refused", detail)
    if any(row["household_id"] == bundle.household.pk for row in outcome.logs):
        leak("logged", "logged a processing of a household outside reach")
    if outcome.writes:
        leak("wrote", f"changed {sorted(outcome.writes)}")
    return found


def _check_allowed(outcome: Outcome, route: Route, method, persona, key, bundle, user) -> list[Leak]:
    found = []

    def leak(kind, detail):
        found.append(Leak(kind, route.route, method, persona, key, detail))

    logged = any(
        row["household_id"] == bundle.household.pk and row["actor_id"] == user.pk for row in outcome.logs
    )
    if method == "GET" and route.is_read_only and outcome.status != 200:
        leak("refused", f"answered {outcome.status} to a persona within reach")
    elif 200 <= outcome.status < 300 and not logged:
        leak("unlogged", f"answered {outcome.status} without a processing-log row for the household")
    return found
