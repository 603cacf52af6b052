"""The social map in the browser: from a conversation's wishes the consultant finds the volunteer
couriers among the suggestions and adds them to the plan in one step; searching by wish with a filter,
reading a service's page, and the functional admin's review list. Every page passes axe-core."""

import pytest
from django.utils import timezone

from eenplan.core.models import Area
from eenplan.households import actions as household_actions
from eenplan.intake import actions as intake_actions
from eenplan.plans import actions as plan_actions
from eenplan.plans.models import Agreement

from .test_roles import check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURIERS = "Vrijwillige bezorgers voedselbank"


@pytest.fixture
def conversation(transactional_db):
    from eenplan.accounts.models import User
    from eenplan.core.seeding import seed_demo

    seed_demo(seed=2026, municipality_code="GM0193", households=10)
    consultant = User.objects.get(username="consulent")
    household = household_actions.household_register(
        actor=consultant, area=Area.objects.get(name="De Weiden"), street="Wiekenstraat", house_number=4,
        house_number_addition="", postcode="8021AB", city="Zwolle",
    )  # fmt: skip
    person = household_actions.person_add(
        actor=consultant, household=household, relation="head", given_name="Gerrit", surname_prefix="",
        surname="Bosman", date_of_birth=timezone.localdate().replace(year=1952), bsn="999990020",
        phone="", email="",
    )  # fmt: skip
    today = timezone.localdate()
    support_request = intake_actions.support_request_register(
        actor=consultant, household=household, person=person, received_on=today, channel="phone",
        reporter="network", reporter_name="Dochter", question="Vader zit sinds zijn pensioen alleen thuis.",
        laws=["wmo"], urgency="normal",
    )  # fmt: skip
    inquiry = intake_actions.inquiry_start(actor=consultant, support_request=support_request)
    intake_actions.conversation_record(
        actor=consultant, inquiry=inquiry, instrument=None, domain_scores=[], held_on=today, place="thuis",
        participants="Gerrit en zijn dochter",
        what_matters="Hij wil graag meerijden en helpen, zoals vroeger als chauffeur.",
    )  # fmt: skip
    return support_request


def test_from_a_conversations_wishes_a_volunteer_service_goes_into_the_plan(page, live_server, conversation):
    visited = []
    log_in(page, live_server, "consulent", visited)
    inquiry_url = f"{live_server.url}/meldingen/{conversation.pk}/onderzoek/"
    page.goto(inquiry_url)
    suggestions = page.get_by_role("region", name="Past hierbij iets op de sociale kaart?")
    assert suggestions.get_by_role("link").first.inner_text() == COURIERS
    check(page, visited)

    # The service's own page first: what it is, and what it did for others.
    suggestions.get_by_role("link", name=COURIERS).click()
    page.wait_for_url("**/sociale-kaart/diensten/*/")
    assert page.get_by_role("heading", level=1).inner_text() == COURIERS
    check(page, visited)
    page.goto(inquiry_url)

    suggestions.get_by_role("listitem").filter(has_text=COURIERS).get_by_role("button").click()
    page.wait_for_url("**/plannen/*/")
    assert f"{COURIERS} staat nu als afspraak in het plan." in page.content()
    check(page, visited)
    agreement = Agreement.objects.get(plan__support_request=conversation)
    assert (agreement.service.name, agreement.kind) == (COURIERS, "community")

    # Searching by wish, with a filter, from the menu.
    page.get_by_role("link", name="Sociale kaart").first.click()
    page.get_by_label("Wat wil of zoekt de inwoner?").fill("ze zou graag iets met dieren doen, buiten")
    page.get_by_text("Filters: wijk, afstand, soort, kosten, doelgroep").click()
    page.get_by_label("Bewonersinitiatief").check()
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/sociale-kaart/?*")
    results = page.locator("#results")
    names = results.get_by_role("heading", level=3).all_inner_texts()
    assert "Hondenuitlaatservice door buurtgenoten" in names
    assert all("Bewonersinitiatief" in text for text in results.locator(".eenplan-result").all_inner_texts())
    check(page, visited)


def test_a_goals_suggestions_come_into_the_plan_page_and_add_a_service(page, live_server, conversation):
    """The plan page does not wait for the social map: a goal's suggestions come in when the goal is in
    view (HTMX), and one click puts a service in the plan under that goal."""
    consultant = conversation.assigned_to
    plan = plan_actions.plan_create(actor=consultant, support_request=conversation)
    goal = plan_actions.goal_add(
        actor=consultant, plan=plan, version=plan.version, text="Meerijden en helpen, zoals vroeger"
    )
    visited = []
    log_in(page, live_server, "consulent", visited)
    page.goto(f"{live_server.url}/plannen/{plan.pk}/")
    suggestions = page.locator("details.eenplan-suggestions")
    suggestions.wait_for()
    assert suggestions.locator("summary").inner_text().startswith("Sociale kaart: ")
    suggestions.locator("summary").click()
    check(page, visited)
    with page.expect_navigation():  # back to the same plan page
        suggestions.get_by_role("listitem").filter(has_text=COURIERS).get_by_role("button").click()
    assert f"{COURIERS} staat nu als afspraak in het plan." in page.content()
    agreement = Agreement.objects.get(plan=plan)
    assert (agreement.service.name, agreement.goal_id) == (COURIERS, goal.pk)


def test_the_functional_admin_reviews_stale_entries(page, live_server, conversation):
    visited = []
    log_in(page, live_server, "beheer", visited)
    page.goto(f"{live_server.url}/sociale-kaart/nakijken/")
    caption = page.locator("caption").inner_text()
    before = int(caption.split()[0])
    assert before > 0
    check(page, visited)
    first = page.locator("tbody tr").first
    name = first.get_by_role("link").inner_text()
    first.get_by_role("button").click()
    page.wait_for_url("**/sociale-kaart/nakijken/")
    assert f"Nagekeken: de gegevens van {name} kloppen nog." in page.content()
    assert page.locator("caption").inner_text().startswith(f"{before - 1} ")
    assert name not in page.locator("tbody").inner_text()
    check(page, visited)
    page.goto(f"{live_server.url}/sociale-kaart/diensten/nieuw/")
    check(page, visited)
