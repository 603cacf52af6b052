"""Production settings pass Django's deployment checks; the `eenplan` command works end to end."""

import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "SECRET_KEY": "x7!kq2@v9#m4$p8^r1&t6*w3(z5)y0_u-i=o+a[s]d{f}g|h;j:k<l>;c,v.b/n?m~e",
    "ALLOWED_HOSTS": "eenplan.example.nl",
    "DEBUG": "false",
    "EENPLAN_DEMO": "false",
}


def run(args, env_extra, tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("EENPLAN_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(env_extra, EENPLAN_DATA_DIR=str(tmp_path))
    return subprocess.run(
        [sys.executable, "-m", "eenplan.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = run(["manage", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run(["manage", "check"], env, tmp_path)
    assert result.returncode != 0
    assert "Zet SECRET_KEY in de omgeving" in result.stderr


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the demo is the SQLite path"
)
def test_demo_creates_migrates_and_seeds_then_reuses_the_database(tmp_path):
    first = run(["demo", "--no-server"], {}, tmp_path)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "eenplan.sqlite3").exists()
    assert "Demogemeente Zwolle (GM0193, 130668 inwoners)" in first.stdout
    assert "De demo staat klaar. Start de server met: eenplan demo" in first.stdout
    for username in ["inwoner", "consulent", "teamleider", "beslisser", "partner", "beleid", "beheer"]:
        assert f"gebruikersnaam: {username} " in first.stdout
    second = run(["demo", "--no-server"], {}, tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Bestaande demogemeente Zwolle wordt hergebruikt." in second.stdout
    assert "gebruikersnaam: beheer " in second.stdout


def test_manage_passes_through_to_django(tmp_path):
    result = run(["manage", "help", "processinglog_verify"], {"EENPLAN_DEMO": "true"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Controleer of het verwerkingenlog compleet en ongewijzigd is" in result.stdout


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the demo is the SQLite path"
)
def test_demo_with_an_unknown_municipality_says_so_in_dutch(tmp_path):
    result = run(["demo", "--no-server", "--municipality", "GM9999"], {}, tmp_path)
    assert result.returncode == 2
    assert "Gemeentecode GM9999 staat niet in de CBS-tabel 85067NED (2022)." in result.stderr
    assert "Traceback" not in result.stderr
