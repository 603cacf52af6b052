"""Load test of the main pages and API lists against the production WSGI set-up (issue 7).

    pip install -e '.[bench]'
    python benchmarks/load.py --database postgres://…/eenplan [--users 1,4,16] [--duration 60]
                              [--warmup 10] [--workers 3] [--wait 1-3] [--json results.json]

Runs against an existing, filled database (``eenplan generate --scale city``; the demo works too) and
never logs in:

1. Picks the accounts from the database: the consultants with the most open meldingen assigned to
   them, and a few team leads, decision makers and partner professionals (out of every 16 simulated
   users: 11 consultants, 2 team leads, 2 decision makers, 1 partner professional). For each account it
   picks the URLs that account may open: households, plans and meldingen in its reach
   (``households_visible_to`` and friends), its caseload pages, social-map questions, the API lists.
2. Makes a session for each simulated user directly in the session store, verified with the
   account's confirmed TOTP device (one is made if the account has none), as a log-in with 2FA would:
   no password (argon2) and no code are checked, so the figures do not include logging in.
3. Starts ``eenplan serve`` (collectstatic, then gunicorn on ``eenplan.wsgi``) on 127.0.0.1 and a free
   port, with production settings: no EENPLAN_DEMO, a random SECRET_KEY, 2FA required, secure cookies,
   ``EENPLAN_BEHIND_PROXY=true``. The load generator sends ``X-Forwarded-Proto: https`` as a
   TLS-terminating load balancer does.
4. For each user count runs locust headless (``benchmarks/loadtest/locustfile.py``): every simulated
   user waits a think time (default 1–3 s) and opens a page; after a warm-up the requests of a fixed
   period are measured. Anything but 200 counts as a failure.
5. Prints the machine, database, data size, command and date, and per user count a markdown table per
   page group (requests, failures, p50/p95/p99, throughput), then a summary of p95 against the targets.
   ``--json`` writes the same figures, per request name as well.

At the end the sessions and the TOTP devices it made are deleted and the server is stopped. Every page
view writes the processing log, as real use does: run it on a benchmark database, not on production.
"""

import argparse
import http.client
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = ROOT / "benchmarks" / "loadtest" / "locustfile.py"
QUERIES = ROOT / "benchmarks" / "socialmap_queries.json"

# Page groups, in the order of the tables; the first four have a target (quality.md, at 16 users).
GROUPS = [
    "caseload",
    "household",
    "plan",
    "API lists",
    "start",
    "melding",
    "households list",
    "social map",
    "worklist",
    "application",
    "processing log",
    "partner (shared)",
]
TARGET_P95_MS = {"caseload": 100.0, "household": 100.0, "plan": 100.0, "API lists": 100.0}
TARGET_USERS = 16
ROLE_LABELS = {
    "consultant": ("consultant", "consultants"),
    "team_lead": ("team lead", "team leads"),
    "decision_maker": ("decision maker", "decision makers"),
    "partner_professional": ("partner professional", "partner professionals"),
}
SAMPLE = 100  # URLs of each kind per account (households, plans, meldingen, …)


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def mask(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Load test (locust, headless) of Eén Plan's main pages and API lists on gunicorn.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__,
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("DATABASE_URL"),
        help="DATABASE_URL of a filled database (default: $DATABASE_URL)",
    )
    parser.add_argument("--users", default="1,4,16", help="concurrent users, comma-separated (1,4,16)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds measured per user count (60)")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds before measuring (10)")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("EENPLAN_WORKERS", "3")),
        help="gunicorn workers, as `eenplan serve --workers` (default $EENPLAN_WORKERS or 3)",
    )
    parser.add_argument(
        "--wait", default="1-3", help="think time per user in seconds, LOW-HIGH or 0 for none (1-3)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed for picking accounts and URLs")
    parser.add_argument("--json", default=None, help="also write the results to this JSON file")
    parser.add_argument("--detail", action="store_true", help="also print a table per request name")
    args = parser.parse_args(argv)
    if not args.database:
        parser.error("--database (or DATABASE_URL) is required")
    try:
        args.user_counts = sorted({int(n) for n in args.users.split(",") if n.strip()})
        low, _, high = args.wait.partition("-")
        args.wait_range = (float(low), float(high or low))
    except ValueError:
        parser.error("--users takes numbers like 1,4,16 and --wait LOW-HIGH like 1-3 (or 0)")
    if not args.user_counts or min(args.user_counts) < 1:
        parser.error("--users needs at least one count of 1 or more")
    if args.wait_range[0] > args.wait_range[1] or args.wait_range[0] < 0:
        parser.error("--wait: LOW-HIGH with 0 <= LOW <= HIGH")
    return args


# --- Django side: settings, accounts, URLs, sessions ---------------------------------------------------


def production_environment(database: str, data_dir: Path) -> dict[str, str]:
    """The environment of a production server (README, "Production in short") on this machine."""
    env = dict(os.environ)
    for name in (
        "EENPLAN_DEMO",
        "DEBUG",
        "EENPLAN_REQUIRE_2FA",
        "EENPLAN_SECURE",
        "EENPLAN_SSL_REDIRECT",
        "STATIC_ROOT",
        "EENPLAN_BIND",
        "EENPLAN_WORKERS",
    ):
        env.pop(name, None)
    env.update(
        {
            "DATABASE_URL": database,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EENPLAN_BEHIND_PROXY": "true",
            "EENPLAN_DATA_DIR": str(data_dir),  # collectstatic writes the static files here
            "DJANGO_SETTINGS_MODULE": "eenplan.settings",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
        }
    )
    return env


def django_setup(env: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def sample(rng: random.Random, items, count: int = SAMPLE) -> list:
    items = list(items)
    return rng.sample(items, min(count, len(items)))


def later_pages(base: str, parameter: str, total: int, page_size: int = 25, most: int = 10) -> list[str]:
    """Pages 2… (up to ``most`` of them, the last page included) of a paged list of ``total`` items."""
    pages = max(1, math.ceil(total / page_size))
    numbers = sorted({*range(2, min(pages, most) + 1), *([pages] if pages > 1 else [])})
    joiner = "&" if "?" in base else "?"
    return [f"{base}{joiner}{parameter}={number}" for number in numbers]


def action(name: str, group: str, weight: float, urls: list[str]) -> dict | None:
    return {"name": name, "group": group, "weight": weight, "urls": urls} if urls else None


def social_map_urls(rng: random.Random, area_ids: list[int]) -> list[str]:
    questions = [case["query"] for case in json.loads(QUERIES.read_text())]
    urls = [f"/sociale-kaart/?{urlencode({'q': question})}" for question in questions]
    if area_ids:  # a third of the searches in one of the team's neighbourhoods
        urls += [
            f"/sociale-kaart/?{urlencode({'q': question, 'gebied': rng.choice(area_ids)})}"
            for question in rng.sample(questions, len(questions) // 2)
        ]
    return urls


def consultant_actions(user, rng: random.Random) -> list[dict]:
    from eenplan.households.queries import households_visible_to
    from eenplan.intake.models import SupportRequest
    from eenplan.intake.queries import caseload_areas, support_requests_visible_to
    from eenplan.plans.models import Plan
    from eenplan.plans.queries import plans_visible_to
    from eenplan.provisions.queries import applications_visible_to

    open_requests = support_requests_visible_to(user).filter(status=SupportRequest.Status.OPEN)
    mine = list(open_requests.filter(assigned_to=user).values_list("pk", "household_id"))
    others = list(open_requests.exclude(assigned_to=user).values_list("pk", "household_id"))
    household_ids = list(households_visible_to(user).values_list("pk", flat=True))
    own_households = sorted({household for _pk, household in mine})
    households = sample(rng, own_households, SAMPLE // 2)
    households += sample(rng, set(household_ids) - set(households), SAMPLE - len(households))
    requests = sample(rng, [pk for pk, _h in mine], SAMPLE // 2)
    requests += sample(rng, [pk for pk, _h in others], SAMPLE - len(requests))
    plans = plans_visible_to(user).exclude(status=Plan.Status.CLOSED)
    plan_ids = sample(
        rng, plans.filter(household__in=own_households).values_list("pk", flat=True), SAMPLE // 2
    )
    plan_ids += sample(rng, set(plans.values_list("pk", flat=True)) - set(plan_ids), SAMPLE - len(plan_ids))
    area_ids = list(caseload_areas(user).values_list("pk", flat=True))
    open_count = len(mine) + len(others)
    return [
        action("start (consultant)", "start", 10, ["/"]),
        action(
            "caseload",
            "caseload",
            9,
            ["/meldingen/"] * 4
            + ["/meldingen/?mine=on", "/meldingen/?status=all"]
            + [f"/meldingen/?area={area}" for area in sample(rng, area_ids, 4)],
        ),
        action("caseload, later page", "caseload", 3, later_pages("/meldingen/", "pagina", open_count)),
        action("melding", "melding", 10, [f"/meldingen/{pk}/" for pk in requests]),
        action("households list", "households list", 3, ["/huishoudens/"]),
        action(
            "households list, later page",
            "households list",
            2,
            later_pages("/huishoudens/", "pagina", len(household_ids)),
        ),
        action("household", "household", 15, [f"/huishoudens/{pk}/" for pk in households]),
        action("plan", "plan", 15, [f"/plannen/{pk}/" for pk in plan_ids]),
        action("social map", "social map", 8, social_map_urls(rng, area_ids)),
        action(
            "API households",
            "API lists",
            5,
            ["/api/v1/households/"] * 3
            + later_pages("/api/v1/households/", "page", len(household_ids), most=4),
        ),
        action(
            "API support-requests",
            "API lists",
            5,
            ["/api/v1/support-requests/"] * 3
            + later_pages("/api/v1/support-requests/", "page", open_count, most=4)
            + ["/api/v1/support-requests/?status=all"],
        ),
        action(
            "API plans",
            "API lists",
            3,
            ["/api/v1/plans/"] * 2 + later_pages("/api/v1/plans/", "page", plans.count(), most=3),
        ),
        action(
            "API applications",
            "API lists",
            2,
            ["/api/v1/applications/"] * 2
            + later_pages("/api/v1/applications/", "page", applications_visible_to(user).count(), most=3),
        ),
        action("API products", "API lists", 1, ["/api/v1/products/"]),
    ]


def team_lead_actions(user, rng: random.Random) -> list[dict]:
    from eenplan.households.queries import households_visible_to
    from eenplan.intake.models import SupportRequest
    from eenplan.intake.queries import support_requests_visible_to
    from eenplan.plans.models import Plan
    from eenplan.plans.queries import plans_visible_to

    open_requests = support_requests_visible_to(user).filter(status=SupportRequest.Status.OPEN)
    open_ids = list(open_requests.values_list("pk", flat=True))
    household_ids = list(households_visible_to(user).values_list("pk", flat=True))
    households = sample(rng, household_ids)
    plan_ids = sample(
        rng, plans_visible_to(user).exclude(status=Plan.Status.CLOSED).values_list("pk", flat=True)
    )
    return [
        action("start (team lead)", "start", 10, ["/"]),
        action("caseload", "caseload", 8, ["/meldingen/"] * 3 + ["/meldingen/?status=all"]),
        action("caseload, later page", "caseload", 2, later_pages("/meldingen/", "pagina", len(open_ids))),
        action("melding", "melding", 5, [f"/meldingen/{pk}/" for pk in sample(rng, open_ids)]),
        action("household", "household", 10, [f"/huishoudens/{pk}/" for pk in households]),
        action("plan", "plan", 8, [f"/plannen/{pk}/" for pk in plan_ids]),
        action(
            "processing log",
            "processing log",
            5,
            ["/verwerkingen/?handeling=read"] * 5
            + [f"/verwerkingen/?huishouden={pk}" for pk in households[:20]],
        ),
        action(
            "API processing log",
            "API lists",
            2,
            ["/api/v1/processing-log/verwerkingsacties/"] * 5
            + [f"/api/v1/processing-log/verwerkingsacties/?household_id={pk}" for pk in households[:20]],
        ),
        action("API households", "API lists", 2, ["/api/v1/households/"]),
        action("API support-requests", "API lists", 2, ["/api/v1/support-requests/"]),
    ]


def decision_maker_actions(user, rng: random.Random) -> list[dict]:
    from eenplan.provisions.models import Application
    from eenplan.provisions.queries import applications_visible_to

    visible = applications_visible_to(user)
    to_decide = visible.filter(status__in=[Application.Status.SUBMITTED, Application.Status.ADVISED])
    ids = sample(rng, visible.values_list("pk", flat=True))
    return [
        action("worklist", "worklist", 12, ["/voorzieningen/"] * 3 + ["/voorzieningen/?toon=to_allocate"]),
        action(
            "worklist, later page", "worklist", 3, later_pages("/voorzieningen/", "pagina", to_decide.count())
        ),
        action("application", "application", 15, [f"/voorzieningen/aanvragen/{pk}/" for pk in ids]),
        action(
            "API worklist",
            "API lists",
            5,
            ["/api/v1/applications/"] * 3
            + ["/api/v1/applications/?show=to_allocate"]
            + later_pages("/api/v1/applications/", "page", to_decide.count(), most=3),
        ),
        action("API products", "API lists", 1, ["/api/v1/products/"]),
    ]


def partner_actions(user, rng: random.Random) -> list[dict]:
    from eenplan.sharing.queries import arrangements_in_force_for

    household_ids = list(arrangements_in_force_for(user).values_list("household", flat=True).distinct())
    return [
        action("start (partner)", "start", 10, ["/"]),
        action(
            "shared list",
            "partner (shared)",
            10,
            ["/delen/gedeeld/"] * 3 + later_pages("/delen/gedeeld/", "pagina", len(household_ids)),
        ),
        action(
            "shared file",
            "partner (shared)",
            15,
            [f"/delen/gedeeld/{pk}/" for pk in sample(rng, household_ids)],
        ),
        action("social map", "social map", 5, social_map_urls(rng, [])),
        action(
            "API shared households",
            "API lists",
            5,
            ["/api/v1/shared/households/"] * 3
            + later_pages("/api/v1/shared/households/", "page", len(household_ids), most=3),
        ),
    ]


def slot_role(index: int) -> str:
    """Out of every 16 simulated users: 11 consultants, 2 team leads, 2 decision makers, 1 partner."""
    if index % 8 == 5:
        return "team_lead"
    if index % 8 == 7:
        return "decision_maker"
    if index % 16 == 11:
        return "partner_professional"
    return "consultant"


def pick_accounts(count: int) -> list:
    """One account per simulated user; a role without accounts is replaced by a consultant."""
    from django.db.models import Count, Q

    from eenplan.accounts.models import Role, User
    from eenplan.intake.models import SupportRequest
    from eenplan.sharing.models import Arrangement

    active = User.objects.filter(is_active=True)
    candidates = {
        "consultant": list(
            active.filter(role=Role.CONSULTANT, team__isnull=False)
            .annotate(
                open_cases=Count(
                    "assigned_support_requests",
                    filter=Q(assigned_support_requests__status=SupportRequest.Status.OPEN),
                )
            )
            .order_by("-open_cases", "pk")[:count]
        ),
        "team_lead": list(active.filter(role=Role.TEAM_LEAD, team__isnull=False).order_by("pk")[:count]),
        "decision_maker": list(
            active.filter(role=Role.DECISION_MAKER, municipality__isnull=False).order_by("pk")[:count]
        ),
        "partner_professional": [
            user
            for user in active.filter(role=Role.PARTNER_PROFESSIONAL, partner__isnull=False).order_by("pk")[
                : count * 4
            ]
            if Arrangement.objects.active().filter(partner=user.partner_id).exists()
        ][:count],
    }
    if not candidates["consultant"]:
        raise SystemExit("No active consultant with a team in this database: fill it first.")
    used = {role: 0 for role in candidates}
    accounts = []
    for index in range(count):
        role = slot_role(index)
        if not candidates[role]:
            role = "consultant"
        accounts.append(candidates[role][used[role] % len(candidates[role])])
        used[role] += 1
    return accounts


ACTIONS = {
    "consultant": consultant_actions,
    "team_lead": team_lead_actions,
    "decision_maker": decision_maker_actions,
    "partner_professional": partner_actions,
}


def make_session(user, created_devices: list[int]) -> str:
    """A session as a log-in with two-factor authentication leaves it: the auth keys and the verified
    TOTP device (django_otp.login stores its persistent id under DEVICE_ID_SESSION_KEY)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="load test (benchmarks/load.py)", confirmed=True)
        created_devices.append(device.pk)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key


def remove_sessions(session_keys: list[str], devices: list[int]) -> None:
    from importlib import import_module

    from django.conf import settings
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    connection.close()  # a fresh connection after the runs
    engine = import_module(settings.SESSION_ENGINE)
    for key in session_keys:
        engine.SessionStore(session_key=key).delete()
    TOTPDevice.objects.filter(pk__in=devices).delete()


def unapplied_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def data_size() -> dict[str, int]:
    from django.apps import apps

    from eenplan.accounts.models import Role

    models = {
        "households": "households.Household",
        "persons": "households.Person",
        "meldingen": "intake.SupportRequest",
        "plans": "plans.Plan",
        "agreements": "plans.Agreement",
        "applications": "provisions.Application",
        "services": "socialmap.Service",
    }
    counts = {label: apps.get_model(name).objects.count() for label, name in models.items()}
    counts["processing-log entries"] = processing_log_length()
    user = apps.get_model("accounts.User")
    counts["staff accounts"] = user.objects.exclude(role=Role.RESIDENT).count()
    return counts


def processing_log_length() -> int:
    from eenplan.core.models import ProcessingLogHead

    head = ProcessingLogHead.objects.filter(pk=1).first()
    return head.last_sequence if head else 0


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0].split()[0]
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor


# --- The server and the load generator -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def start_server(env: dict[str, str], port: int, workers: int, workdir: Path, log: Path):
    """``eenplan serve``: collectstatic, then gunicorn (the same process, by exec)."""
    command = [
        sys.executable, "-m", "eenplan.cli", "serve",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
    ]  # fmt: skip
    with log.open("w") as out:
        server = subprocess.Popen(
            command, env=env, cwd=workdir, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped (exit {server.returncode}):\n{tail(log)}")
        try:
            status, _location = get(port, "/account/inloggen/", {"X-Forwarded-Proto": "https"})
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"The server did not answer within 180 s:\n{tail(log)}")


def stop_server(server) -> None:
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # gunicorn: graceful shutdown of the master and its workers
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Warning|Exit|DoesNotExist)\b(: .*)?$")


def server_errors(log: Path, offset: int) -> tuple[list[dict], int]:
    """What went wrong in the server since ``offset``: each failing page with the exception it raised
    (the last line of Django's traceback), worker timeouts and other errors of gunicorn, with counts."""
    try:
        with log.open("rb") as stream:
            stream.seek(offset)
            text = stream.read().decode(errors="replace")
            offset = stream.tell()
    except OSError:
        return [], offset
    found: dict[tuple[str, str], int] = {}
    path, exception = None, None

    def close():
        if path is not None:
            key = (path, exception or "(no exception line in the log)")
            found[key] = found.get(key, 0) + 1

    for line in text.splitlines():
        if match := re.match(r"Internal Server Error: (\S+)", line):
            close()
            path, exception = re.sub(r"/\d+(?=/|$)", "/<id>", match.group(1)), None
        elif path is not None and EXCEPTION_LINE.match(line):
            exception = line.strip()[:300]
        elif re.search(r"\[(ERROR|CRITICAL)\]", line):
            close()
            path = None
            message = re.sub(r"\(pid:\d+\)", "", line.split("] ")[-1]).strip()
            found[("gunicorn", message[:300])] = found.get(("gunicorn", message[:300]), 0) + 1
        elif line.startswith("127.0.0.1 - "):  # the access log: the traceback above it has ended
            close()
            path = None
    close()
    return [
        {"where": where, "error": error, "count": count}
        for (where, error), count in sorted(found.items(), key=lambda item: -item[1])
    ], offset


def warm_server(port: int, slots: list[dict], workers: int, cookie_name: str) -> list[dict]:
    """Open every kind of page of every role a few times, ``workers`` at a time, before measuring: a
    fresh gunicorn worker takes up to a second for the first page of a kind (templates, URL conf,
    translations). Also checks that every session is accepted. Returns what did not answer 200."""
    from concurrent.futures import ThreadPoolExecutor

    jobs, seen = [], set()
    for slot in slots:
        headers = {"X-Forwarded-Proto": "https", "Cookie": f"{cookie_name}={slot['session']}"}
        jobs.append((slot["username"], "session check", slot["actions"][0]["urls"][0], headers))
        for item in slot["actions"]:
            if (slot["role"], item["name"]) not in seen:
                seen.add((slot["role"], item["name"]))
                jobs += [
                    (slot["username"], item["name"], url, headers) for url in item["urls"][: workers * 2]
                ]

    def fetch(job):
        username, name, path, headers = job
        try:
            status, location = get(port, path, headers)
        except OSError as error:
            status, location = 0, str(error)
        return {"user": username, "name": name, "url": path, "status": status, "location": location}

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(fetch, jobs))
    return [result for result in results if result["status"] != 200]


def run_locust(plan: Path, users: int, warmup: float, duration: float, workdir: Path) -> dict:
    out = workdir / f"samples-{users}.json"
    log = workdir / f"locust-{users}.log"
    env = {**os.environ, "EENPLAN_LOAD_PLAN": str(plan)}
    command = [
        sys.executable, str(LOCUSTFILE), "--users", str(users),
        "--warmup", str(warmup), "--duration", str(duration), "--out", str(out),
    ]  # fmt: skip
    with log.open("w") as stream:
        done = subprocess.run(command, env=env, stdout=stream, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"locust failed (exit {done.returncode}):\n{tail(log)}")
    return json.loads(out.read_text())


# --- Figures and tables --------------------------------------------------------------------------------


def figures(times: list[float], failures: int, elapsed: float) -> dict:
    ordered = sorted(times)
    if not ordered:
        return {"requests": 0, "failures": failures, "p50": None, "p95": None, "p99": None, "rps": 0.0}
    return {
        "requests": len(ordered),
        "failures": failures,
        "p50": percentile(ordered, 0.50),
        "p95": percentile(ordered, 0.95),
        "p99": percentile(ordered, 0.99),
        "mean": sum(ordered) / len(ordered),
        "max": ordered[-1],
        "rps": len(ordered) / elapsed,
    }


def summarize(result: dict, group_of: dict[str, str]) -> dict:
    by_name: dict[str, list] = {}
    for name, milliseconds, ok in result["samples"]:
        by_name.setdefault(name, []).append((milliseconds, ok))
    elapsed = result["elapsed"]

    def stats(rows):
        return figures([ms for ms, _ok in rows], sum(1 for _ms, ok in rows if not ok), elapsed)

    by_group: dict[str, list] = {}
    for name, rows in by_name.items():
        by_group.setdefault(group_of.get(name, name), []).extend(rows)
    ordered_groups = [g for g in GROUPS if g in by_group] + sorted(set(by_group) - set(GROUPS))
    return {
        "users": result["users"],
        "seconds": round(elapsed, 1),
        "groups": {group: stats(by_group[group]) for group in ordered_groups},
        "requests": {name: stats(rows) for name, rows in sorted(by_name.items())},
        "all": stats([row for rows in by_name.values() for row in rows]),
        "failures": result["failures"],
        "loadgen_cpu": result["loadgen_cpu"],
        "machine_cpu": result["machine_cpu"],
        "stolen_cpu": result.get("stolen_cpu"),
    }


def ms(value) -> str:
    return "–" if value is None else f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def verdict(group: str, p95) -> str:
    target = TARGET_P95_MS.get(group)
    if target is None:
        return ""
    if p95 is None:
        return f"p95 < {target:.0f} ms"
    return f"p95 < {target:.0f} ms: {'met' if p95 < target else '**missed**'}"


def run_table(run: dict, rows_key: str = "groups", label: str = "group") -> str:
    lines = [
        f"| {label} | requests | failures | p50 (ms) | p95 (ms) | p99 (ms) | req/s | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in run[rows_key].items():
        target = verdict(name, row["p95"]) if rows_key == "groups" else ""
        lines.append(
            f"| {name} | {row['requests']} | {row['failures']} | {ms(row['p50'])} | {ms(row['p95'])} "
            f"| {ms(row['p99'])} | {row['rps']:.2f} | {target} |"
        )
    total = run["all"]
    lines.append(
        f"| **all** | {total['requests']} | {total['failures']} | {ms(total['p50'])} | {ms(total['p95'])} "
        f"| {ms(total['p99'])} | {total['rps']:.2f} | |"
    )
    return "\n".join(lines)


def summary_table(runs: list[dict]) -> str:
    counts = [run["users"] for run in runs]
    lines = [
        "| group | "
        + " | ".join(f"p95 at {n} user{'s' if n > 1 else ''} (ms)" for n in counts)
        + " | target |",
        "|---|" + "---:|" * len(counts) + "---|",
    ]
    groups = [g for g in GROUPS if any(g in run["groups"] for run in runs)]
    for group in groups:
        cells = [ms(run["groups"].get(group, {}).get("p95")) for run in runs]
        at_target = next((run for run in runs if run["users"] == TARGET_USERS), None)
        target = ""
        if group in TARGET_P95_MS:
            target = f"p95 < {TARGET_P95_MS[group]:.0f} ms at {TARGET_USERS} users"
            if at_target and group in at_target["groups"]:
                p95 = at_target["groups"][group]["p95"]
                target += ": met" if p95 is not None and p95 < TARGET_P95_MS[group] else ": **missed**"
        lines.append(f"| {group} | " + " | ".join(cells) + f" | {target} |")
    lines.append(
        "| throughput, all (req/s) | " + " | ".join(f"{run['all']['rps']:.1f}" for run in runs) + " | |"
    )
    return "\n".join(lines)


def machine_busy(seconds: float = 3.0) -> float | None:
    """Share of all cores busy over a few seconds (from /proc/stat), before the server starts: other
    work on the machine makes every figure worse."""

    def times():
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        return sum(values) - idle, sum(values)

    try:
        busy_before, total_before = times()
        time.sleep(seconds)
        busy_after, total_after = times()
    except OSError:
        return None
    return (busy_after - busy_before) / max(1, total_after - total_before)


def code_version() -> str:
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return done.stdout.strip().replace("-dirty", " with local changes")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def header(meta: dict) -> str:
    size = ", ".join(f"{count:,} {label}".replace(",", " ") for label, count in meta["data"].items())
    wait = meta["think_time"]
    think = "none (saturation)" if wait[1] <= 0 else f"{wait[0]:g}–{wait[1]:g} s between requests per user"
    roles = ", ".join(
        f"{count} {ROLE_LABELS[role][0 if count == 1 else 1]}" for role, count in meta["accounts"].items()
    )
    before = meta.get("machine_busy_before")
    busy = "?" if before is None else f"{before * 100:.0f}%"
    return "\n".join(
        [
            f"Load test, {meta['date']}",
            "",
            f"- Command: `{meta['command']}` (code: {meta['code']})",
            f"- Machine: {meta['cpu']}, {meta['cores']} cores, {meta['os']}; Python {meta['python']}",
            f"- Database: {meta['database']} on the same machine; data: {size}",
            f"- Server: `eenplan serve` (gunicorn {meta['gunicorn']}, {meta['workers']} sync workers), "
            "production settings (no EENPLAN_DEMO, 2FA required, secure cookies, "
            "EENPLAN_BEHIND_PROXY, `X-Forwarded-Proto: https`), on the same machine",
            f"- Other load: the machine was {busy} busy in the 3 s before the server started",
            f"- Load: locust {meta['locust']} (FastHttpUser, headless), think time {think}; "
            f"{meta['warmup']:g} s warm-up, then {meta['duration']:g} s measured per user count; "
            f"sessions made directly (no log-in measured); the {meta['most_users']} simulated users: {roles} "
            f"({len(meta['usernames'])} different accounts)",
        ]
    )


def report(
    meta: dict, runs: list[dict], warm_failures: list[dict], warm_errors: list[dict], detail: bool
) -> bool:
    """Print the header, the tables and every failure; True when anything failed."""
    print()
    print(header(meta))
    for run in runs:
        print()
        print(f"### {run['users']} concurrent user{'s' if run['users'] > 1 else ''}")
        print()
        print(run_table(run))
        cpu = f"load generator {run['loadgen_cpu'] * 100:.0f}% of one core"
        if run["machine_cpu"] is not None:
            cpu += f"; machine {run['machine_cpu'] * 100:.0f}% busy (all cores)"
        if run.get("stolen_cpu"):
            cpu += f", of which {run['stolen_cpu'] * 100:.1f}% taken by the host (steal)"
        print(f"\n{run['seconds']:g} s measured; CPU: {cpu}.")
        if detail:
            print()
            print(run_table(run, "requests", "request"))
    print()
    print("### Summary: p95 by concurrent users")
    print()
    print(summary_table(runs))
    print(f"\nThe runs appended {meta['processing_log_added']:,} processing-log entries.".replace(",", " "))

    problems = bool(warm_failures)
    grouped: dict[tuple, list[str]] = {}
    for failure in warm_failures:
        grouped.setdefault((failure["name"], failure["status"], failure["location"]), []).append(
            failure["url"]
        )
    for (name, status, location), urls in grouped.items():
        print(
            f"\nFAILURE (server warm-up): {name} × {len(urls)}: HTTP {status} {location}".rstrip()
            + f"\n  e.g. {', '.join(urls[:5])}"
        )
    for error in warm_errors:
        problems = True
        print(f"\nSERVER ERROR (server warm-up): {error['where']} × {error['count']}: {error['error']}")
    for run in runs:
        for failure in run["failures"]:
            problems = True
            where = f"{run['users']} users, {failure['phase']}"
            print(
                f"\nFAILURE ({where}): {failure['name']} × {failure['count']}: {failure['error']}"
                f"\n  e.g. {', '.join(failure['urls'])}"
            )
        for error in run["server_errors"]:
            problems = True
            where = f"{run['users']} users, warm-up included"
            print(f"\nSERVER ERROR ({where}): {error['where']} × {error['count']}: {error['error']}")
    if not problems:
        print("No failures: every request answered 200.")
    return problems


def main(argv=None) -> int:
    args = parse_args(argv)
    if find_spec("locust") is None:
        raise SystemExit("locust is not installed: pip install -e '.[bench]'")
    command = "python benchmarks/load.py " + " ".join(mask(arg) for arg in (argv or sys.argv[1:]))
    if not any(arg.startswith("--database") for arg in (argv or sys.argv[1:])):
        command += " (DATABASE_URL from the environment)"
    workdir = Path(tempfile.mkdtemp(prefix="eenplan-load-"))
    env = production_environment(args.database, workdir / "data")
    django_setup(env)
    rng = random.Random(args.seed)
    sessions: list[str] = []
    devices: list[int] = []
    server = None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        from django.db import connection

        unapplied = unapplied_migrations()
        if unapplied:
            raise SystemExit(
                f"The database lacks {len(unapplied)} migration(s) of this code "
                f"({', '.join(unapplied[:5])}…): run `eenplan manage migrate` on it first."
            )
        print(f"Database {mask(args.database)}: counting…", file=sys.stderr, flush=True)
        meta = {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "command": command,
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(),
            "code": code_version(),
            "database": database_version(),
            "data": data_size(),
            "gunicorn": package_version("gunicorn"),
            "locust": package_version("locust"),
            "workers": args.workers,
            "think_time": list(args.wait_range),
            "warmup": args.warmup,
            "duration": args.duration,
        }
        most = max(args.user_counts)
        accounts = pick_accounts(most)
        print(f"Preparing {most} sessions and their URLs…", file=sys.stderr, flush=True)
        slots = []
        group_of: dict[str, str] = {}
        for index, user in enumerate(accounts):
            actions = [a for a in ACTIONS[user.role](user, rng) if a]
            for item in actions:
                group_of[item["name"]] = item["group"]
            sessions.append(make_session(user, devices))
            slots.append(
                {
                    "index": index,
                    "username": user.username,
                    "role": user.role,
                    "session": sessions[-1],
                    "actions": actions,
                }
            )
        meta["accounts"] = {
            role: sum(1 for slot in slots if slot["role"] == role)
            for role in ("consultant", "team_lead", "decision_maker", "partner_professional")
            if any(slot["role"] == role for slot in slots)
        }
        meta["usernames"] = sorted({slot["username"] for slot in slots})
        meta["most_users"] = most
        log_before = processing_log_length()
        connection.close()
        meta["machine_busy_before"] = machine_busy()

        from django.conf import settings

        port = free_port()
        plan = workdir / "plan.json"
        plan.write_text(
            json.dumps(
                {
                    "host": f"http://127.0.0.1:{port}",
                    "headers": {"X-Forwarded-Proto": "https"},
                    "cookie_name": settings.SESSION_COOKIE_NAME,
                    "wait": list(args.wait_range),
                    "seed": args.seed,
                    "slots": slots,
                }
            )
        )
        server_log = workdir / "server.log"
        print(f"Starting eenplan serve on 127.0.0.1:{port} ({args.workers} workers)…", file=sys.stderr)
        server = start_server(env, port, args.workers, workdir, server_log)
        print("Warming the workers up (every kind of page, a few times)…", file=sys.stderr, flush=True)
        warm_failures = warm_server(port, slots, args.workers, settings.SESSION_COOKIE_NAME)
        refused = [f for f in warm_failures if f["name"] == "session check"]
        if refused:
            lines = "\n".join(
                f"  {f['user']}: GET {f['url']} gave {f['status']} {f['location']}" for f in refused
            )
            raise SystemExit(f"Sessions refused (log-in or 2FA page instead of the start page):\n{lines}")

        warm_errors, offset = server_errors(server_log, 0)
        runs = []
        for users in args.user_counts:
            print(
                f"{users} users: {args.warmup:g} s warm-up, {args.duration:g} s measured…",
                file=sys.stderr,
                flush=True,
            )
            run = summarize(run_locust(plan, users, args.warmup, args.duration, workdir), group_of)
            run["server_errors"], offset = server_errors(server_log, offset)
            runs.append(run)
        stop_server(server)
        server = None
        meta["processing_log_added"] = processing_log_length() - log_before

        problems = report(meta, runs, warm_failures, warm_errors, args.detail)
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {
                        "meta": meta,
                        "warmup_failures": warm_failures,
                        "warmup_server_errors": warm_errors,
                        "runs": runs,
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            print(f"\nResults written to {args.json}", file=sys.stderr)
        return 1 if problems else 0
    finally:
        stop_server(server)
        remove_sessions(sessions, devices)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
