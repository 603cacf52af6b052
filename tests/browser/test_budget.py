"""The budget pages in the browser: the policy advisor, the decision maker and the team lead open the
gemeente budget from the menu and download the verantwoording; the consultant opens a household's budget
from the household page. Every page passes axe-core."""

from datetime import date

import pytest
from django.utils import timezone

from eenplan.accounts.models import Partner, User
from eenplan.budget.queries import household_budget
from eenplan.core.seeding import seed_demo
from eenplan.households import actions as household_actions
from eenplan.provisions.configuration import load_products
from tests.budget.conftest import allocate, decide, open_plan, spend

from .test_roles import check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    """The demo, plus one new household of the consultant's team with an allocated, spent provision
    this year."""
    load_products()  # a transactional test flushes what the migrations loaded
    seed_demo(seed=2026, municipality_code="GM0193", households=10)
    consultant, decision_maker = (
        User.objects.get(username="consulent"),
        User.objects.get(username="beslisser"),
    )
    area = consultant.team.areas.first()
    area = area.children.first() or area
    household = household_actions.household_register(
        actor=consultant, area=area, street="Dijkstraat", house_number=12, house_number_addition="",
        postcode="8011AB", city="Zwolle",
    )  # fmt: skip
    person = household_actions.person_add(
        actor=consultant, household=household, relation="head", given_name="Dirk", surname_prefix="van",
        surname="Dalen", date_of_birth=date(1948, 2, 11), bsn="999990019", phone="", email="",
    )  # fmt: skip
    year = timezone.localdate().year
    plan = open_plan(consultant, household, person)
    decision = decide(
        consultant, decision_maker, plan, person, "wmo-hh", 3, date(year, 1, 1), date(year, 12, 31)
    )
    provider = Partner.objects.filter(municipality=household.municipality).exclude(agb_code="").first()
    spend(decision_maker, allocate(decision_maker, decision, provider), date(year, 1, 1), 12)
    return household


def _euros(cents: int) -> str:
    return f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


@pytest.mark.parametrize("username", ["beleid", "beslisser", "teamleider"])
def test_the_gemeente_budget_from_the_menu(page, live_server, demo, username):
    visited = []
    log_in(page, live_server, username, visited)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Budget").click()
    page.wait_for_url("**/budget/")
    assert (
        page.get_by_role("heading", level=1).inner_text() == f"Integraal budget {timezone.localdate().year}"
    )
    assert "6.711" in page.content()
    check(page, visited)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download_info.value.suggested_filename.endswith(f"-{timezone.localdate().year}.xlsx")
    page.get_by_label("Begrotingsjaar").fill("2030")
    page.get_by_role("button", name="Toon dit jaar").click()
    page.wait_for_url("**/budget/?jaar=2030")
    assert page.get_by_text("Nog geen toegekende voorzieningen in 2030.").is_visible()
    check(page, visited)


def test_the_household_budget_from_the_household_page(page, live_server, demo):
    visited = []
    log_in(page, live_server, "consulent", visited)
    page.goto(f"{live_server.url}/huishoudens/{demo.pk}/")
    page.get_by_role("link", name="Budget van het huishouden").click()
    page.wait_for_url(f"**/budget/huishouden/{demo.pk}/")
    granted = household_budget(demo, timezone.localdate().year).total.granted
    assert _euros(granted) in page.content()
    assert page.get_by_role("table", name="Wmo 2015: per taakveld").is_visible()
    check(page, visited)
