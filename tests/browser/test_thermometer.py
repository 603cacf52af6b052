"""The Thermometer in the browser (issue 9): the policy advisor opens the thermometer from the menu,
reads the demo's break in the chain, drills down to the signals of a neighbourhood and downloads the
reading as a PDF; then the monitor, the chain and the surveys. Every page passes axe-core."""

import re

import pytest

from eenplan.core.seeding import seed_demo

from .test_roles import check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    seed_demo(seed=2026, municipality_code="GM0193")


def test_the_policy_advisor_reads_the_thermometer_and_drills_down(page, live_server, demo):
    visited = []
    log_in(page, live_server, "beleid", visited)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Thermometer").click()
    page.wait_for_url("**/thermometer/")
    heading = page.get_by_role("heading", level=1)
    assert re.fullmatch(r"Thermometer Zwolle, \d{4}", heading.inner_text())
    check(page, visited)

    # The demo's chain break, in words, under "Waar de keten breekt".
    breaks = page.locator("section[aria-labelledby=conclusies] ul").nth(1)
    assert "Eenzaamheid wordt vroeg opgemerkt" in breaks.inner_text()
    assert "Telefooncirkel Zilverdraad" in breaks.inner_text()
    # … and the layers that see prevention differently.
    assert re.search(r"Preventie: [\w ]+ geeft gemiddeld 4,\d", breaks.inner_text())
    # Each chart is also a table.
    assert page.locator("figure.eenplan-chart table").count() == 5

    # Drill down: the neighbourhood with many loneliness signals.
    hotspot = page.locator("section[aria-labelledby=signalen] ul a").first
    hotspot_text = hotspot.inner_text()
    assert hotspot_text.startswith("Eenzaamheid in ")
    hotspot.click()
    page.wait_for_url("**/signalen/thema/loneliness/gebied/**")
    area = hotspot_text.removeprefix("Eenzaamheid in ")
    assert page.get_by_role("heading", level=1).inner_text() == f"Signalen: Eenzaamheid in {area}"
    assert page.get_by_text("[persoon]").count() > 0  # de-identified examples, shown from 10 persons
    check(page, visited)
    page.go_back()

    # The PDF.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als PDF").click()
    download = download_info.value
    assert re.fullmatch(r"thermometer-zwolle-\d{4}\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as file:
        assert file.read(4) == b"%PDF"

    # The monitor, the chain and the surveys, from the menu and the reading.
    menu.get_by_role("link", name="Monitor").click()
    page.wait_for_url("**/thermometer/monitor/")
    check(page, visited)
    page.goto(f"{live_server.url}/thermometer/keten/")
    assert "Eenzaamheid wordt vroeg opgemerkt" in page.content()
    check(page, visited)
    menu.get_by_role("link", name="Enquêtes").click()
    page.wait_for_url("**/enquete/beheer/")
    check(page, visited)
    assert len(visited) == 6
