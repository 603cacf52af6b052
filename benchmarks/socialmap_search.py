"""Social-map benchmark: search quality on the demo map, HSDS import of N services, search latency at N.

    python benchmarks/socialmap_search.py                      # SQLite in a temporary directory
    python benchmarks/socialmap_search.py --database postgres://…/postgres   # a fresh database there

1. Seeds the demo (a few hundred services) and measures quality on ``benchmarks/socialmap_queries.json``
   (queries in residents' words → the services an expert would pick): recall@5, hit@5 and MRR@5.
2. Adds N more services to the demo gemeente with ``socialmap.synthetic.generate_services`` (variations of
   the demo services: other names, sentences, districts, places) and times it: building the HSDS records
   and importing them with ``hsds.hsds_import`` (validated, one transaction, search index included).
3. Times ``service_search`` for every query of the set, R times each, plain and with an area filter,
   and prints p50/p95/p99 and throughput.
4. Times ``generate_services`` for smaller gemeenten next to that map (invented ones, five districts
   each): 300 services (a gemeente of about 60,000 inhabitants) and 3,000 (a city of 650,000).

With ``--database`` the script creates a database ``eenplan_bench_<pid>`` on that server and drops it at
the end; it never touches an existing database.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "benchmarks" / "socialmap_queries.json"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def setup(database: str | None, workdir: Path) -> str | None:
    """Point Django at a fresh database; returns the name of a PostgreSQL database to drop later."""
    os.environ.setdefault("EENPLAN_DEMO", "true")
    os.environ["EENPLAN_DATA_DIR"] = str(workdir)
    created = None
    if database:
        import psycopg

        created = f"eenplan_bench_{os.getpid()}"
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{created}"')
        base = database.rsplit("/", 1)[0] if "://" in database and database.count("/") > 2 else database
        os.environ["DATABASE_URL"] = f"{base}/{created}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenplan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return created


def quality(cases: list[dict], municipality_id: int) -> dict:
    from eenplan.socialmap.search import SearchFilters, service_search

    recall, hits, reciprocal, misses = [], [], [], []
    for case in cases:
        found = [
            hit.service.name for hit in service_search(case["query"], SearchFilters(municipality_id), limit=5)
        ]
        relevant = set(case["relevant"])
        recall.append(len(relevant & set(found)) / len(relevant))
        hits.append(1.0 if relevant & set(found) else 0.0)
        rank = next((i for i, name in enumerate(found, start=1) if name in relevant), None)
        reciprocal.append(1 / rank if rank else 0.0)
        if not relevant & set(found):
            misses.append(case["query"])
    return {
        "queries": len(cases),
        "recall@5": statistics.mean(recall),
        "hit@5": statistics.mean(hits),
        "mrr@5": statistics.mean(reciprocal),
        "misses": misses,
    }


def latency(cases: list[dict], repeat: int, filters) -> dict:
    from eenplan.socialmap.search import service_search

    timings = []
    for _ in range(repeat):
        for case in cases:
            start = time.perf_counter()
            service_search(case["query"], filters, limit=20)
            timings.append((time.perf_counter() - start) * 1000)
    return {
        "calls": len(timings),
        "p50": percentile(timings, 0.50),
        "p95": percentile(timings, 0.95),
        "p99": percentile(timings, 0.99),
        "per_second": 1000 * len(timings) / sum(timings),
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10, help="runs of the whole query set")
    parser.add_argument("--database", help="PostgreSQL server URL; default: SQLite in a temporary directory")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    cases = json.loads(QUERIES.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        created = setup(args.database, workdir)
        try:
            run(args, cases)
        finally:
            if created:
                from django.db import connections

                connections.close_all()
                import psycopg

                with psycopg.connect(args.database, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE "{created}"')


def run(args, cases: list[dict]) -> None:
    from django.db import connection

    from eenplan.core.models import Area, Municipality
    from eenplan.core.seeding import seed_demo
    from eenplan.socialmap.models import Service
    from eenplan.socialmap.search import SearchFilters
    from eenplan.socialmap.synthetic import generate_services

    print(f"# Social-map benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"Machine: {machine()}; database: {connection.vendor} {version}")
    started = time.perf_counter()
    seed_demo(seed=args.seed, municipality_code="GM0193", households=20)
    municipality = Municipality.objects.get(code="GM0193")
    demo_count = Service.objects.count()
    print(f"Demo seeded in {time.perf_counter() - started:.1f} s: {demo_count} services.")

    result = quality(cases, municipality.pk)
    print(f"\n## Quality on the demo map ({demo_count} services, {result['queries']} queries)")
    print(f"recall@5 {result['recall@5']:.2f} · hit@5 {result['hit@5']:.2f} · MRR@5 {result['mrr@5']:.2f}")
    for query in result["misses"]:
        print(f"  no relevant service in the top 5: {query!r}")

    started = time.perf_counter()
    created = generate_services(municipality, args.services, args.seed)
    seconds = time.perf_counter() - started
    assert created == args.services, created
    total = Service.objects.count()
    print(f"\n## HSDS import of {args.services} services: {seconds:.1f} s (atomic), now {total} services")

    area = Area.objects.filter(kind="neighbourhood").order_by("code").first()
    print(f"\n## Search latency at {total} services ({args.repeat} × {len(cases)} queries, top 20)")
    print("| filter | calls | p50 ms | p95 ms | p99 ms | searches/s |")
    print("|---|---|---|---|---|---|")
    for label, filters in (
        ("gemeente", SearchFilters(municipality_id=municipality.pk)),
        ("gemeente + buurt", SearchFilters(municipality_id=municipality.pk, area=area)),
    ):
        figures = latency(cases, args.repeat, filters)
        print(
            f"| {label} | {figures['calls']} | {figures['p50']:.1f} | {figures['p95']:.1f} "
            f"| {figures['p99']:.1f} | {figures['per_second']:.0f} |"
        )
    print(f"\n## generate_services for other gemeenten, next to the {total} services")
    for count, calls in ((300, 10), (3000, 2)):
        timings = []
        for _ in range(calls):
            gemeente = invented_municipality()
            started = time.perf_counter()
            assert generate_services(gemeente, count, args.seed) == count
            timings.append(time.perf_counter() - started)
        mean, low, high = statistics.mean(timings), min(timings), max(timings)
        print(f"{count} services: {calls} calls, {mean:.2f} s each ({low:.2f}–{high:.2f})")


def invented_municipality():
    """A gemeente that the CBS table does not have (GM9xxx), with five districts."""
    from eenplan.core.models import Area, Municipality

    number = Municipality.objects.filter(code__startswith="GM9").count()
    municipality = Municipality.objects.create(
        code=f"GM9{number:03d}", name=f"Proefgemeente {number}", population=0
    )
    for district in range(1, 6):
        Area.objects.create(
            municipality=municipality,
            kind=Area.Kind.DISTRICT,
            code=f"WK9{number:03d}{district:02d}",
            name=f"Wijk {district}",
        )
    return municipality


if __name__ == "__main__":
    main()
