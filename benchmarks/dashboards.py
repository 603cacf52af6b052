"""Dashboard benchmark: the aggregated pages of a gemeente on a filled database (issue 7).

    EENPLAN_DEMO=true python benchmarks/dashboards.py --database postgres://…/eenplan [--repeat 20]
                                                      [--municipality GM0599 …] [--only thermometer]

Runs against an existing database filled by ``eenplan generate --scale city|national`` and opens,
through Django's test client in this process (no network, no gunicorn: the figure is the server's
work), for each chosen gemeente:

- the integral budget of the gemeente as its policy advisor sees it (``/budget/``) and its CSV report;
- the budget of one team as its team lead sees it (``/budget/`` for a team lead) and the team lead's
  start page;
- the privacy officer's processing-log search for one household;
- the Thermometer (issue 9): the reading, its stored PDF and making a new one, the monitor (with the
  comparison of all gemeenten, per quarter and per year, and its CSV), the policy chain, the collective
  signals and one theme in a district, and a team lead's monitor.

By default it takes the largest gemeente in the database and one of median size. Every request must
answer 200. It prints p50/p95/p99 and requests per second per page, with the machine, database, data
size, command and date, as a markdown table for docs/performance.md.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def setup(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("EENPLAN_DEMO", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenplan.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def pages_for(municipality) -> list[tuple[str, object, str]]:
    """(name, user, url) for one gemeente, from the accounts `eenplan generate` makes; "POST url" posts."""
    from eenplan.accounts.models import Role, User
    from eenplan.households.models import Household
    from eenplan.signals.models import Signal

    users = User.objects.filter(municipality=municipality, is_active=True)
    policy = users.filter(role=Role.POLICY_ADVISOR).first()
    lead = users.filter(role=Role.TEAM_LEAD).order_by("pk").first()
    privacy = users.filter(role=Role.PRIVACY_OFFICER).first()
    household = Household.objects.filter(municipality=municipality).order_by("pk").first()
    pages = []
    if policy:
        pages += [
            ("budget, gemeente", policy, "/budget/"),
            ("budget report (CSV)", policy, "/budget/verantwoording.csv"),
        ]
    if policy:
        pages += [
            ("thermometer: the reading", policy, "/thermometer/"),
            ("thermometer: the reading as PDF (stored)", policy, "/thermometer/lezing.pdf"),
            ("thermometer: a new PDF of the reading", policy, "POST /thermometer/lezing/pdf-maken/"),
            ("thermometer: monitor with all gemeenten", policy, "/thermometer/monitor/"),
            ("thermometer: monitor per year", policy, "/thermometer/monitor/?per=jaar"),
            ("thermometer: monitor (CSV)", policy, "/thermometer/monitor.csv"),
            ("thermometer: the policy chain", policy, "/thermometer/keten/"),
            ("collective signals", policy, "/signalen/"),
        ]
        signal = Signal.objects.filter(area__municipality=municipality).order_by("pk").first()
        if signal:
            url = f"/signalen/thema/{signal.theme.code}/gebied/{signal.area.parent_id}/"
            pages.append(("collective signals, one theme in a district", policy, url))
    if lead:
        pages += [
            ("budget, team", lead, "/budget/"),
            ("team lead start page", lead, "/"),
            ("thermometer: monitor of a team", lead, "/thermometer/monitor/"),
        ]
    if privacy and household:
        url = f"/verwerkingen/?huishouden={household.pk}"
        pages.append(("processing-log search, one household", privacy, url))
    return pages


def measure(pages, repeat: int) -> list[dict]:
    from django.test import Client

    results = []
    for name, user, url in pages:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        method, _, path = url.rpartition(" ")
        url, open_page = path, client.post if method == "POST" else client.get
        response = open_page(url)  # warm-up: caches, the query plans
        if response.status_code != 200:
            raise SystemExit(f"{url} as {user.username} answered {response.status_code}")
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = open_page(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        results.append(
            {
                "page": name,
                "url": url,
                "user": user.username,
                "calls": len(timings),
                "p50": percentile(timings, 0.5),
                "p95": percentile(timings, 0.95),
                "p99": percentile(timings, 0.99),
                "mean": statistics.mean(timings),
                "per_second": 1000 * len(timings) / sum(timings),
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True, help="the filled database (PostgreSQL URL)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--municipality", nargs="*", help="CBS codes; default the largest and a median one")
    parser.add_argument("--only", help="only the pages whose name contains this, e.g. thermometer")
    args = parser.parse_args()
    setup(args.database)
    from django.db import connection
    from django.db.models import Count

    from eenplan.core.models import Municipality, ProcessingLogEntry
    from eenplan.households.models import Household
    from eenplan.plans.models import Agreement

    if args.municipality:
        chosen = list(Municipality.objects.filter(code__in=args.municipality))
    else:
        by_size = list(Municipality.objects.annotate(n=Count("households")).order_by("-n"))
        chosen = [by_size[0]] + ([by_size[len(by_size) // 2]] if len(by_size) > 2 else [])
    with connection.cursor() as cursor:
        cursor.execute(
            "SHOW server_version" if connection.vendor == "postgresql" else "SELECT sqlite_version()"
        )
        version = cursor.fetchone()[0]
    print(f"# Dashboard benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"Machine: {machine()}; database: {connection.vendor} {version}")
    print(f"Command: python benchmarks/dashboards.py {' '.join(sys.argv[1:]).replace(args.database, '…')}")
    print(
        f"Data: {Municipality.objects.count()} gemeenten, {Household.objects.count():,} households, "
        f"{Agreement.objects.count():,} agreements, {ProcessingLogEntry.objects.count():,} log rows"
    )
    for municipality in chosen:
        households = Household.objects.filter(municipality=municipality).count()
        print(f"\n## {municipality.name} ({municipality.code}, {households:,} households in support)\n")
        print("| page | calls | p50 ms | p95 ms | p99 ms | per second |")
        print("|---|---|---|---|---|---|")
        pages = [page for page in pages_for(municipality) if (args.only or "") in page[0]]
        for row in measure(pages, args.repeat):
            print(
                f"| {row['page']} | {row['calls']} | {row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} "
                f"| {row['per_second']:.1f} |"
            )


if __name__ == "__main__":
    main()
