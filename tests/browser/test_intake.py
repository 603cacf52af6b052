"""A consultant registers a melding for a new household and finds it on the caseload with the right
days left; every page passes axe-core."""

import pytest
from django.utils import timezone

from eenplan.intake.deadlines import days_left, deadline, rules

from .test_roles import check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    from eenplan.core.seeding import seed_demo

    return seed_demo(seed=2026, municipality_code="GM0193", households=10)


def test_consultant_registers_a_melding_and_sees_it_on_the_caseload(page, live_server, demo):
    visited = []
    log_in(page, live_server, "consulent", visited)
    page.get_by_role("link", name="Nieuwe melding registreren").click()
    page.wait_for_url("**/meldingen/nieuw/")
    check(page, visited)

    page.get_by_label("Voornaam").fill("Dirk")
    page.get_by_label("Tussenvoegsel").fill("van")
    page.get_by_label("Achternaam").fill("Dalen")
    page.get_by_label("Geboortedatum").fill("1948-02-11")
    page.get_by_label("Postcode").fill("8011 AB")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label("Straat").fill("Dijkstraat")
    page.get_by_label("Plaats").fill("Zwolle")
    page.get_by_label("Buurt").select_option(index=1)
    page.get_by_label("Wat is de vraag?").fill(
        "Mijn man heeft dementie. Ik wil af en toe een dag voor mezelf."
    )
    page.get_by_label("Wmo 2015").check()
    page.get_by_role("button", name="Melding registreren").click()
    page.wait_for_url("**/meldingen/*/")
    assert page.get_by_text("De melding is geregistreerd en de ontvangst is bevestigd.").is_visible()
    check(page, visited)

    reference = page.get_by_role("heading", level=1).inner_text().split(":")[0].removeprefix("Melding ")
    expected = days_left(deadline(rules()["inquiry"], timezone.localdate()), timezone.localdate())
    detail_url = page.url
    page.get_by_role("link", name="ontvangstbevestiging bekijken of printen").click()
    page.wait_for_url("**/ontvangstbevestiging/")
    check(page, visited)

    # The kitchen-table conversation: what matters, one domain, both scores side by side.
    page.goto(detail_url)
    page.get_by_role("button", name="Onderzoek starten").click()
    page.wait_for_url("**/onderzoek/")
    check(page, visited)
    page.get_by_role("link", name="Gesprek vastleggen").click()
    page.wait_for_url("**/onderzoek/gesprek/")
    check(page, visited)
    page.get_by_label("Wie waren erbij").fill("Mevrouw Van Dalen, haar dochter en de consulent")
    page.get_by_label("Wat is belangrijk voor u? Waar wordt u gelukkig van?").fill(
        "Samen met mijn man thuis blijven wonen."
    )
    page.locator("summary", has_text="Sociaal netwerk").click()
    page.locator("#id_social-network-situation").fill("Ziet bijna niemand meer.")
    page.locator("#id_social-network-resident_score").select_option("2")
    page.locator("#id_social-network-professional_score").select_option("3")
    page.get_by_label("Ideeën voor oplossingen buiten de standaardproducten").fill(
        "Meerijden met de bezorger."
    )
    page.get_by_role("button", name="Gesprek opslaan").click()
    page.wait_for_url("**/onderzoek/")
    table = page.locator("table", has_text="Sociaal netwerk")
    assert "Ziet bijna niemand meer." in table.inner_text()
    check(page, visited)

    # The report, drafted from the conversation.
    page.get_by_role("link", name="Verslag opstellen").click()
    page.wait_for_url("**/verslag/")
    check(page, visited)
    page.get_by_role("button", name="Verslag opstellen").click()
    page.wait_for_url("**/verslag/")
    assert "u gaf een 2, wij gaven een 3" in page.get_by_label("Tekst van het verslag").input_value()
    check(page, visited)
    page.get_by_role("link", name="Bekijken zoals de inwoner het krijgt").click()
    page.wait_for_url("**/verslag/afdruk/")
    assert "Samen met mijn man thuis blijven wonen." in page.content()
    check(page, visited)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Caseload").first.click()
    page.wait_for_url("**/meldingen/")
    row = page.locator("tr", has_text=reference)
    assert row.count() == 1
    assert f"nog {expected} dagen" in row.inner_text()
    assert "Dirk van Dalen" in row.inner_text()
    check(page, visited)


def test_partner_refers_a_resident(page, live_server, demo):
    visited = []
    log_in(page, live_server, "partner", visited)
    page.get_by_role("link", name="Inwoner verwijzen naar het wijkteam").click()
    page.wait_for_url("**/meldingen/verwijzen/")
    check(page, visited)
    page.get_by_label("Voornaam").fill("Fatima")
    page.get_by_label("Achternaam").fill("El Amrani")
    page.get_by_label("Geboortedatum").fill("1980-07-01")
    page.get_by_label("Postcode").fill("8012 CD")
    page.get_by_label("Huisnummer").fill("3")
    page.get_by_label("Straat").fill("Kerkstraat")
    page.get_by_label("Plaats").fill("Zwolle")
    page.get_by_label("Buurt").select_option(index=1)
    page.get_by_label("Wat is de vraag van de inwoner?").fill("Ze heeft schulden en slaapt er slecht van.")
    page.get_by_label("Schuldhulpverlening (Wgs)").check()
    page.get_by_role("button", name="Verwijzing versturen").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_text("De verwijzing is doorgegeven aan het wijkteam").is_visible()
    check(page, visited)
