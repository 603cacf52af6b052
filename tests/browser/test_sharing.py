"""Sharing in the browser: the case director grants the GP practice "health" and "plan" for the purpose
"afstemming zorg"; the GP sees exactly that; after withdrawal the GP gets 404; the resident's overview
of who looked at their data lists the GP's accesses. axe-core is clean on every page."""

import pytest
from django.utils import timezone

from eenplan.plans.models import Plan
from eenplan.sharing.models import Arrangement

from .test_roles import check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GP = "Huisartsenpraktijk De Linde"


@pytest.fixture
def demo(transactional_db):
    from eenplan.core.seeding import seed_demo

    seed_demo(seed=2026, municipality_code="GM0193", households=12)
    plan = Plan.objects.exclude(status="closed").get(household__members__user__username="inwoner")
    # The demo already shares the resident's data with the GP; this test makes the arrangement itself.
    Arrangement.objects.filter(household=plan.household).delete()
    return plan


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/inloggen/")


def test_case_director_shares_with_the_gp_who_sees_exactly_that_until_withdrawn(page, live_server, demo):
    visited = []
    plan = demo
    household = plan.household
    shared_url = f"{live_server.url}/delen/gedeeld/{household.pk}/"

    log_in(page, live_server, plan.case_director.username, visited)
    page.goto(f"{live_server.url}/huishoudens/{household.pk}/")
    page.get_by_role("link", name="Delen met partners").click()
    page.wait_for_url(f"**/delen/huishouden/{household.pk}/")
    check(page, visited)
    page.get_by_role("link", name="Afspraak maken").click()
    page.wait_for_url("**/nieuw/")
    check(page, visited)
    page.get_by_label("Partnerorganisatie").select_option(label=GP)
    page.get_by_label("Doel").select_option(label="Afstemming zorg")
    page.get_by_label("Gezondheid").check()
    page.get_by_label("Plan en afspraken").check()
    page.get_by_label("Toestemming", exact=True).check()
    today = timezone.localdate()
    page.get_by_label("Geldig tot en met").fill(today.replace(year=today.year + 1).isoformat())
    page.get_by_label("Toestemming gegeven door").fill("de inwoner zelf")
    page.get_by_label("mondeling").check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/delen/huishouden/{household.pk}/")
    assert "De afspraak is vastgelegd en geldt meteen." in page.content()
    check(page, visited)
    log_out(page)

    log_in(page, live_server, "partner", visited)
    page.get_by_role("link", name="Gedeeld met ons").first.click()
    page.wait_for_url("**/delen/gedeeld/")
    check(page, visited)
    page.get_by_role("link", name=household.reference).click()
    page.wait_for_url(shared_url)
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert "Plan" in headings
    assert not {"Wie horen bij het huishouden", "Netwerk", "De vraag", "Gespreksaantekeningen"} & set(
        headings
    )
    goal = plan.goals.first()
    assert goal is None or goal.text in page.content()
    check(page, visited)
    log_out(page)

    log_in(page, live_server, plan.case_director.username, visited)
    arrangement = Arrangement.objects.get(household=household)
    page.goto(f"{live_server.url}/delen/afspraken/{arrangement.pk}/")
    check(page, visited)
    page.get_by_role("link", name="Intrekken").click()
    page.get_by_label("Reden van intrekken").fill("De inwoner trekt de toestemming in.")
    page.get_by_role("button", name="Intrekken").click()
    page.wait_for_url(f"**/delen/huishouden/{household.pk}/")
    assert "ingetrokken" in page.content()
    check(page, visited)
    log_out(page)

    log_in(page, live_server, "partner", visited)
    response = page.goto(shared_url)
    assert response.status == 404
    assert len(page.problems) == 1 and "404" in page.problems[0]  # the browser reports the 404 itself
    page.problems.clear()
    check(page, visited)
    log_out(page)

    log_in(page, live_server, "inwoner", visited)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wie keek er mee?").click()
    page.wait_for_url("**/mijn-gegevens/verwerkingen/")
    assert GP in page.content()
    check(page, visited)
    assert len(visited) >= 12
