"""From inquiry to allocation in the browser: a consultant makes a plan with goals and agreements of
three kinds, records the resident's agreement, applies for a provision and advises; a decision maker
decides and allocates; the WMO301 validates against the XSD; the household budget shows it. Every
page passes axe-core."""

import pytest
from django.utils import timezone

from eenplan.accounts.models import Partner
from eenplan.core.models import Municipality
from eenplan.households import actions as household_actions
from eenplan.households.models import Household
from eenplan.intake import actions as intake_actions
from eenplan.provisions import istandaarden
from eenplan.provisions.models import Allocation

from .test_roles import check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db, settings, xsd_dir):
    from eenplan.accounts.models import User
    from eenplan.core.seeding import seed_demo

    settings.EENPLAN_ISTANDAARDEN_DIR = xsd_dir
    seed_demo(seed=2026, municipality_code="GM0193", households=10)
    consultant = User.objects.get(username="consulent")
    area = consultant.team.areas.first()
    area = area.children.first() or area
    household = household_actions.household_register(
        actor=consultant,
        area=area,
        street="Dijkstraat",
        house_number=12,
        house_number_addition="",
        postcode="8011AB",
        city="Zwolle",
    )
    person = household_actions.person_add(
        actor=consultant,
        household=household,
        relation="head",
        given_name="Dirk",
        surname_prefix="van",
        surname="Dalen",
        date_of_birth=timezone.localdate().replace(year=1948),
        bsn="999990019",
        phone="",
        email="",
    )
    today = timezone.localdate()
    support_request = intake_actions.support_request_register(
        actor=consultant,
        household=household,
        person=person,
        received_on=today,
        channel="phone",
        reporter="resident",
        reporter_name="",
        question="Het huishouden lukt niet meer.",
        laws=["wmo"],
        urgency="normal",
    )
    inquiry = intake_actions.inquiry_start(actor=consultant, support_request=support_request)
    intake_actions.conversation_record(
        actor=consultant,
        inquiry=inquiry,
        instrument=None,
        domain_scores=[],
        held_on=today,
        place="thuis",
        participants="Dirk",
        what_matters="Samen met mijn vrouw thuis blijven wonen.",
    )
    report = intake_actions.report_draft(actor=consultant, inquiry=inquiry)
    intake_actions.report_issue(actor=consultant, report=report, issued_on=today)
    Partner.objects.create(
        municipality=Municipality.objects.get(code="GM0193"),
        name="Thuiszorg Testlinde",
        kind=Partner.Kind.CARE_PROVIDER,
        agb_code="42420099",
    )
    return support_request


def test_from_inquiry_to_allocation_and_budget(page, live_server, demo, settings, tmp_path):
    support_request = demo
    visited = []
    log_in(page, live_server, "consulent", visited)
    page.goto(f"{live_server.url}/meldingen/{support_request.pk}/")
    page.get_by_role("button", name="Plan maken").click()
    page.wait_for_url("**/plannen/*/")
    assert "Samen met mijn vrouw thuis blijven wonen." in page.content()
    check(page, visited)
    plan_url = page.url

    page.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Doel").fill("Mijn huis schoon houden, zodat mijn vrouw er niet van schrikt")
    page.get_by_label("Huisvesting").check()
    check(page, visited)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(plan_url)
    check(page, visited)

    agreements = [
        ("de inwoner zelf", lambda: page.get_by_label("Welk lid van het huishouden").select_option(index=1),
         "Doet zelf de afwas en de boodschappen"),
        ("een voorziening in de wijk", lambda: page.get_by_label("Welke voorziening in de wijk").fill(
            "Buurthuis De Pit"), "Samen eten op dinsdag"),
        ("het wijkteam", lambda: page.get_by_label("Naam van wie het doet").fill("Bakkerij Jansen"),
         "Dirk rijdt één dag per week mee met de bezorger"),
    ]  # fmt: skip
    for kind, fill_who, description in agreements:
        page.get_by_role("link", name="Afspraak bij dit doel").click()
        page.wait_for_url("**/afspraken/nieuw/**")
        page.get_by_label(kind, exact=True).check()
        fill_who()
        page.get_by_label("Wat wordt er gedaan?").fill(description)
        check(page, visited)
        page.get_by_role("button", name="Opslaan").click()
        page.wait_for_url(plan_url)
        assert page.locator("li.eenplan-agreement", has_text=description).count() == 1
    check(page, visited)

    # The resident agrees, in writing; the plan starts.
    page.get_by_label("schriftelijk, met een handtekening").check()
    page.get_by_role("button", name="Akkoord vastleggen").click()
    page.wait_for_url(plan_url)
    assert page.get_by_text("Het akkoord van de inwoner is vastgelegd.").is_visible()
    check(page, visited)

    # A tailored provision, only where needed: apply and advise.
    page.get_by_role("link", name="Maatwerkvoorziening aanvragen").click()
    page.wait_for_url("**/voorzieningen/aanvragen/plan/*/")
    page.get_by_label("Welke voorziening").select_option(
        label="Hulp bij het huishouden (Wmo 2015; uur per week)"
    )
    page.get_by_label("Omvang").fill("3")
    page.get_by_label("Waarom is dit nodig?").fill(
        "Na de operatie lukt schoonmaken niet; het netwerk kan het niet."
    )
    check(page, visited)
    page.get_by_role("button", name="Aanvraag indienen").click()
    page.wait_for_url("**/voorzieningen/aanvragen/*/")
    application_url = page.url
    check(page, visited)
    page.get_by_label("toekennen", exact=True).check()
    page.get_by_label("Onderbouwing").fill("Past bij het doel. Zelf en netwerk lukt het niet.")
    page.get_by_role("button", name="Advies geven").click()
    page.wait_for_url(application_url)
    assert page.get_by_text("Het advies is gegeven. De gemeente besluit.").is_visible()
    check(page, visited)
    page.get_by_role("button", name="Uitloggen").click()

    # The decision maker: work list, decision, allocation, WMO301.
    log_in(page, live_server, "beslisser", visited)
    check(page, visited)
    reference = application_url.rstrip("/").rsplit("/", 1)[1]
    row = page.locator("tr", has_text=f"A-{int(reference):06d}")
    assert "nog " in row.inner_text() and "toekennen" in row.inner_text()
    row.get_by_role("link").click()
    page.wait_for_url(application_url)
    check(page, visited)
    page.get_by_label("toekennen", exact=True).check()
    page.get_by_label("Motivering").fill("U krijgt 3 uur hulp per week, zoals het wijkteam adviseert.")
    page.get_by_role("button", name="Besluit nemen").click()
    page.wait_for_url(application_url)
    assert page.get_by_text("Het besluit is genomen. De bezwaartermijn loopt.").is_visible()
    check(page, visited)
    page.get_by_label("Aanbieder").select_option(label="Thuiszorg Testlinde (AGB 42420099)")
    page.get_by_role("button", name="Toewijzen", exact=True).click()
    page.wait_for_url(application_url)
    check(page, visited)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Toewijzingsbericht downloaden (WMO301)").click()
    target = tmp_path / "wmo301.xml"
    download_info.value.save_as(target)
    xml = target.read_bytes()
    assert istandaarden.validate(xml, message="WMO301", xsd_dir=settings.EENPLAN_ISTANDAARDEN_DIR) == []
    assert b"<wmo301:Bsn>999990019</wmo301:Bsn>" in xml
    page.get_by_role("button", name="Uitloggen").click()

    # The household budget shows the allocation.
    allocation = Allocation.objects.get(decision__application__household=support_request.household)
    year = timezone.localdate().year
    within = (timezone.localdate().replace(month=1, day=1), timezone.localdate().replace(month=12, day=31))
    expected = allocation.product.value_cents(
        allocation.volume, allocation.starts_on, allocation.ends_on, within
    )
    log_in(page, live_server, "consulent", visited)
    page.goto(plan_url)
    page.get_by_role("link", name="Budget van het huishouden").click()
    page.wait_for_url(f"**/budget/huishouden/{support_request.household_id}/**")
    euros = f"{expected // 100:,}".replace(",", ".") + f",{expected % 100:02d}"
    assert euros in page.content(), (euros, year)
    check(page, visited)
    assert Household.objects.filter(pk=support_request.household_id).exists()
    for path in ("/plannen/", "/doelen/nieuw/", "/afspraken/nieuw/", "/voorzieningen/aanvragen/plan/",
                 "/voorzieningen/aanvragen/", "/budget/huishouden/"):  # fmt: skip
        assert any(path in url for url in visited), path
    assert any(url.endswith("/voorzieningen/") for url in visited)  # the work list
