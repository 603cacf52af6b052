"""Each role logs in to the seeded demo and lands on its own Dutch start page; every page visited
is checked with axe-core and must raise no console errors (CSP violations show up there)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from eenplan.core.seeding import DEMO_PASSWORD, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

axe = Axe()


@pytest.fixture
def demo(transactional_db):
    return seed_demo(seed=2026, municipality_code="GM0193", households=15)


def check(page, visited: list[str]) -> None:
    """The page passes axe-core with no violations and caused no browser errors."""
    results = axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    assert page.problems == [], f"{page.url}: {page.problems}"
    visited.append(page.url)


def log_in(page, live_server, username: str, visited: list[str]) -> None:
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/account/inloggen/")
    check(page, visited)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    # Each role lands on its start: "/" (the decision maker's is the work list it redirects to).
    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/account/inloggen/" not in url)


HEADINGS = {
    "inwoner": re.compile(r"^Welkom, "),
    "consulent": re.compile("^Mijn werk$"),
    "teamleider": re.compile("^Wijkteam Noord-Oost$"),
    "beslisser": re.compile("^Werkvoorraad besluiten$"),
    "partner": re.compile("^Huisartsenpraktijk De Linde$"),
    "beleid": re.compile("^Overzicht gemeente Zwolle$"),
    "beheer": re.compile("^Beheer$"),
    "privacy": re.compile("^Verwerkingenlog$"),
}


@pytest.mark.parametrize("username", list(HEADINGS))
def test_each_role_lands_on_its_own_accessible_start_page(page, live_server, demo, username):
    visited = []
    log_in(page, live_server, username, visited)
    heading = page.get_by_role("heading", level=1)
    assert HEADINGS[username].match(heading.inner_text()), heading.inner_text()
    assert page.locator("html").get_attribute("lang") == "nl"
    check(page, visited)
    if username != "inwoner":
        page.get_by_role("link", name="Beveiliging").click()
        page.wait_for_url("**/account/beveiliging/")
        check(page, visited)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/inloggen/")
    assert page.get_by_text("U bent uitgelogd.").is_visible()
    check(page, visited)


def test_consultant_pages_through_households_and_opens_one(page, live_server, demo):
    visited = []
    log_in(page, live_server, "consulent", visited)
    page.get_by_role("link", name="Huishoudens").first.click()
    page.wait_for_url("**/huishoudens/")
    check(page, visited)
    first_row_link = page.locator("#household-list tbody a").first
    reference = first_row_link.inner_text()
    first_row_link.click()
    page.wait_for_url("**/huishoudens/*/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Huishouden {reference}"
    assert page.get_by_role("navigation", name="Kruimelpad").is_visible()
    check(page, visited)


def test_a_wrong_password_shows_an_accessible_error_summary(page, live_server, demo):
    visited = []
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("consulent")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    summary = page.get_by_role("alert")
    assert "Er is iets niet goed ingevuld" in summary.inner_text()
    assert page.evaluate("document.activeElement.dataset.errorSummary") == ""
    check(page, visited)


def test_functional_admin_reaches_beheer(page, live_server, demo):
    visited = []
    log_in(page, live_server, "beheer", visited)
    page.get_by_role("link", name="Naar de configuratie").click()
    page.wait_for_url("**/beheer/")
    assert "Configuratie" in page.content()
    check(page, visited)


def test_api_documentation_page_loads(page, live_server, demo):
    visited = []
    log_in(page, live_server, "consulent", visited)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector("text=Eén Plan API")
    check(page, visited)
