"""The ``eenplan`` command: ``demo``, ``serve`` and ``manage`` (passes through to Django)."""

import argparse
import os
import sys

DEMO_URL = "http://{host}:{port}/"


def _django(settings_overrides: dict[str, str] | None = None) -> None:
    for name, value in (settings_overrides or {}).items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenplan.settings")
    import django

    django.setup()


def demo(args) -> int:
    """Create (or reuse) a local SQLite database, migrate, seed the demo municipality, run the server."""
    _django({"EENPLAN_DEMO": "true"})
    from django.conf import settings
    from django.core.management import call_command

    from eenplan.accounts.models import Role
    from eenplan.accounts.seed import USERS
    from eenplan.core.models import Municipality
    from eenplan.core.seeding import DEMO_PASSWORD, seed_demo

    if "DATABASE_URL" not in os.environ:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    database = settings.DATABASES["default"]
    print(f"Database: {database['NAME']} ({database['ENGINE'].rsplit('.', 1)[-1]})")
    call_command("migrate", interactive=False, verbosity=0)
    if Municipality.objects.exists():
        municipality = Municipality.objects.first()
        print(f"Bestaande demogemeente {municipality.name} wordt hergebruikt.")
        logins = [(Role(role).label, username, DEMO_PASSWORD) for username, role, _t, _p in USERS]
    else:
        print("Demogemeente wordt aangemaakt…")
        code = args.municipality or settings.EENPLAN_DEMO_MUNICIPALITY
        try:
            context = seed_demo(seed=args.seed, municipality_code=code)
        except LookupError as error:
            print(f"Fout: {error} Kies een code uit die tabel, bijvoorbeeld GM0193.", file=sys.stderr)
            return 2
        municipality = context.objects["municipality"]
        logins = context.logins
        print(f"Demogemeente {municipality.name} ({municipality.code}, {municipality.population} inwoners).")
    url = DEMO_URL.format(host=args.host, port=args.port)
    print()
    if args.no_server:
        print("De demo staat klaar. Start de server met: eenplan demo")
    else:
        print(f"Eén Plan draait op {url}")
    print("Inloggen (alleen voor de demo):")
    width = max(len(label) for label, _u, _p in logins)
    for label, username, password in logins:
        print(f"  {label:<{width}}  gebruikersnaam: {username:<11} wachtwoord: {password}")
    sys.stdout.flush()
    if args.no_server:
        return 0
    print("Stoppen: Ctrl+C", flush=True)
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, skip_checks=True)
    return 0


def serve(args) -> int:
    """Production: collect static files and run gunicorn on the WSGI application."""
    _django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    bind = args.bind or os.environ.get("EENPLAN_BIND", "0.0.0.0:8000")
    workers = str(args.workers or os.environ.get("EENPLAN_WORKERS", "3"))
    command = [
        sys.executable, "-m", "gunicorn", "eenplan.wsgi:application",
        "--bind", bind, "--workers", workers, "--access-logfile", "-",
    ]  # fmt: skip
    os.execv(sys.executable, command)
    return 0  # not reached


def manage(argv: list[str]) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["eenplan manage", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "manage":
        return manage(argv[1:])
    if argv and argv[0] == "generate":
        return manage(["generate", *argv[1:]])
    parser = argparse.ArgumentParser(prog="eenplan", description="Eén Plan voor het sociaal domein.")
    commands = parser.add_subparsers(dest="command", required=True)
    demo_parser = commands.add_parser("demo", help="Start een demo op SQLite met een demogemeente.")
    demo_parser.add_argument("--host", default="127.0.0.1")
    demo_parser.add_argument("--port", default=8000, type=int)
    demo_parser.add_argument("--seed", default=2026, type=int, help="Seed voor reproduceerbare demodata.")
    demo_parser.add_argument(
        "--municipality", default=None, help="CBS-gemeentecode (standaard GM0193, Zwolle)."
    )
    demo_parser.add_argument(
        "--no-server", action="store_true", help="Alleen database en demodata klaarzetten."
    )
    serve_parser = commands.add_parser("serve", help="Start de productieserver (gunicorn).")
    serve_parser.add_argument("--bind", default=None, help="Adres, bv. 0.0.0.0:8000 (of EENPLAN_BIND).")
    serve_parser.add_argument(
        "--workers", default=None, type=int, help="Aantal workers (of EENPLAN_WORKERS)."
    )
    commands.add_parser("manage", help="Django-beheeropdrachten, bv. eenplan manage migrate.")
    commands.add_parser(
        "generate",
        help="Synthetische gegevens op schaal: eenplan generate --scale small|city|national [--seed N].",
    )
    args = parser.parse_args(argv)
    return {"demo": demo, "serve": serve}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
