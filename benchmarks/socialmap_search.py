"""Social-map benchmark: search quality on the demo map, HSDS import of N services, search latency at N.

    python benchmarks/socialmap_search.py                      # SQLite in a temporary directory
    python benchmarks/socialmap_search.py --database postgres://…/postgres   # a fresh database there

1. Seeds the demo (a few hundred services) and measures quality on ``benchmarks/socialmap_queries.json``
   (queries in residents' words → the services an expert would pick): recall@5, hit@5 and MRR@5.
2. Generates N more services as one HSDS 3.0 JSON file (variations of the demo services: other names,
   sentences, districts, places) and times its import (``hsds.hsds_import``; atomic, validated).
3. Times ``service_search`` for every query of the set, R times each, plain and with an area filter,
   and prints p50/p95/p99 and throughput.

With ``--database`` the script creates a database ``eenplan_bench_<pid>`` on that server and drops it at
the end; it never touches an existing database.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
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


def generate(count: int, seed: int, target: Path) -> None:
    """N HSDS services with the ``eenplan`` profile, varied from the demo services."""
    from eenplan.core.models import Area
    from eenplan.socialmap.models import Service

    rng = random.Random(seed)
    templates = list(Service.objects.prefetch_related("target_groups"))
    districts = list(Area.objects.filter(kind="district").values_list("code", flat=True))
    sentences = [s.strip() for t in templates for s in t.description.split(".") if len(s.strip()) > 20]
    places = ["De Linde", "Het Anker", "De Brink", "Zonnehoek", "De Horst", "Het Baken", "Kastanjehof"]
    organization_id = str(uuid.uuid4())
    services = []
    for number in range(count):
        template = templates[number % len(templates)]
        own = [s.strip() for s in template.description.split(".") if s.strip()]
        extra = rng.sample(sentences, 2)
        description = ". ".join(own[:2] + extra) + "."
        services.append(
            {
                "id": str(uuid.uuid4()),
                "name": f"{template.name} {rng.choice(places)} {number}",
                "description": description,
                "status": "active",
                "organization": {
                    "id": organization_id,
                    "name": "Stichting Benchmark",
                    "description": "Alle diensten van de benchmark.",
                },
                "eenplan": {
                    "kind": template.kind,
                    "cost": template.cost,
                    "target_groups": [group.code for group in template.target_groups.all()],
                    "areas": [rng.choice(districts)] if rng.random() < 0.6 else [],
                    "tags": template.tags,
                },
            }
        )
    target.write_text(json.dumps(services), encoding="utf-8")


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
            run(args, cases, workdir)
        finally:
            if created:
                from django.db import connections

                connections.close_all()
                import psycopg

                with psycopg.connect(args.database, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE "{created}"')


def run(args, cases: list[dict], workdir: Path) -> None:
    from django.db import connection

    from eenplan.core.models import Area, Municipality
    from eenplan.core.seeding import seed_demo
    from eenplan.socialmap import hsds
    from eenplan.socialmap.models import Service
    from eenplan.socialmap.search import SearchFilters

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

    source = workdir / "services.json"
    generate(args.services, args.seed, source)
    started = time.perf_counter()
    report = hsds.hsds_import(items=hsds.read_path(source, table="service"), strict=True)
    seconds = time.perf_counter() - started
    assert report.ok, report.rejected[:3]
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


if __name__ == "__main__":
    main()
