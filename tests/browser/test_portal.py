"""Mijn plan on a phone: the demo resident logs in, reads their plan, adds a response, agrees, withdraws
their consent for the GP and sees the change and who looked at their data. axe-core is clean on every
page, at a phone's width."""

import pytest

from eenplan.core.seeding import seed_demo
from eenplan.plans.models import Plan, PlanResponse
from eenplan.sharing.models import Arrangement

from .conftest import CHROMIUM
from .test_roles import check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GP = "Huisartsenpraktijk De Linde"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="nl-NL", **PHONE)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"JavaScript error: {error}"))
    page.on(
        "console",
        lambda message: page.problems.append(f"console: {message.text}") if message.type == "error" else None,
    )
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    seed_demo(seed=2026, municipality_code="GM0193", households=12)
    plan = Plan.objects.exclude(status="closed").get(household__members__user__username="inwoner")
    # The resident agrees in this test: the demo's agreement, given in the conversation, is taken back.
    Plan.objects.filter(pk=plan.pk).update(agreed_on=None, agreed_how="", agreed_version=None)
    return plan


def fits_the_screen(page) -> None:
    """Nothing makes a phone scroll sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide on a 390 px phone"


def test_a_resident_reads_responds_agrees_and_withdraws_consent_on_a_phone(phone, live_server, demo):
    assert CHROMIUM.exists()
    page, visited, plan = phone, [], demo
    log_in(page, live_server, "inwoner", visited)
    page.wait_for_url("**/mijn/")
    check(page, visited)
    fits_the_screen(page)

    page.get_by_role("link", name="Uw plan lezen").first.click()
    page.wait_for_url(f"**/mijn/plan/{plan.pk}/")
    check(page, visited)
    fits_the_screen(page)
    goal = plan.goals.first()
    assert goal.text in page.content()
    page.get_by_label("Uw reactie").fill("Ik wil ook graag weer zelf boodschappen doen.")
    page.get_by_role("button", name="Reactie versturen").click()
    page.wait_for_url(f"**/mijn/plan/{plan.pk}/")
    assert "Uw reactie is bewaard." in page.content()
    assert PlanResponse.objects.get(plan=plan).text == "Ik wil ook graag weer zelf boodschappen doen."
    page.get_by_role("button", name="Ik ben akkoord met dit plan").click()
    page.wait_for_url(f"**/mijn/plan/{plan.pk}/")
    assert "U bent akkoord met het plan." in page.content()
    check(page, visited)
    plan.refresh_from_db()
    assert (plan.agreed_how, plan.agreed_version) == ("portal", plan.version)

    page.get_by_role("link", name="Mijn plan").first.click()
    page.wait_for_url("**/mijn/")
    page.get_by_role("link", name="Wie mag uw gegevens zien?").click()
    page.wait_for_url(f"**/mijn/huishouden/{plan.household_id}/delen/")
    check(page, visited)
    fits_the_screen(page)
    page.get_by_role("link", name=f"Toestemming intrekken voor {GP}").click()
    page.wait_for_url("**/intrekken/")
    check(page, visited)
    page.get_by_role("button", name="Ja, toestemming intrekken").click()
    page.wait_for_url(f"**/mijn/huishouden/{plan.household_id}/delen/")
    assert f"{GP} kan uw gegevens vanaf nu niet meer zien." in page.content()
    assert "Dit geldt niet meer" in page.content()
    check(page, visited)
    arrangement = Arrangement.objects.get(household=plan.household, partner__name=GP)
    assert arrangement.withdrawn_at is not None

    page.get_by_role("link", name="Bekijk wie er in uw gegevens keek").click()
    page.wait_for_url("**/verwerkingen/**")
    assert GP in page.content()  # the GP opened the shared file before the consent was withdrawn
    check(page, visited)
    fits_the_screen(page)
    assert len(visited) >= 7
