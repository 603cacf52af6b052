"""The pages: the chain for the policy advisor (and 404 for everyone else, the policy advisor of another
gemeente included), the monitor for the policy advisor and a team lead, its CSV, the measurement form,
and a number of queries that does not grow with the data. No page writes the processing log."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from eenplan.signals.queries import quarter_label, quarter_start, shift_quarters
from eenplan.thermometer.models import Assignment, Effect, Measurement
from tests.factories import DistrictFactory, MunicipalityFactory, NeighbourhoodFactory

from .conftest import indicator

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def previous_quarter() -> datetime.date:
    """A quarter that lies wholly in the last twelve months (the comparison) and in the monitor."""
    return shift_quarters(quarter_start(timezone.localdate()), -1)


def first_conversations(cases, area, days: int, households: int):
    received_on = previous_quarter() + 5 * DAY
    for _ in range(households):
        melding = cases.melding(cases.household(area), received_on)
        cases.conversation(melding, received_on + days * DAY)


def chain_urls(chain) -> list[str]:
    return [
        "/thermometer/keten/",
        "/thermometer/keten/effect/nieuw/",
        f"/thermometer/keten/effect/{chain.effect.pk}/",
        f"/thermometer/keten/effect/{chain.effect.pk}/verwijderen/",
        f"/thermometer/keten/effect/{chain.effect.pk}/beleidsdoel/nieuw/",
        f"/thermometer/keten/beleidsdoel/{chain.policy_goal.pk}/",
        f"/thermometer/keten/beleidsdoel/{chain.policy_goal.pk}/verwijderen/",
        f"/thermometer/keten/beleidsdoel/{chain.policy_goal.pk}/opdracht/nieuw/",
        f"/thermometer/keten/opdracht/{chain.assignment.pk}/",
        f"/thermometer/keten/opdracht/{chain.assignment.pk}/verwijderen/",
        f"/thermometer/keten/opdracht/{chain.assignment.pk}/dienstverlening/nieuw/",
        f"/thermometer/keten/opdracht/{chain.assignment.pk}/resultaat/nieuw/",
        f"/thermometer/keten/dienstverlening/{chain.delivery.pk}/",
        f"/thermometer/keten/dienstverlening/{chain.delivery.pk}/verwijderen/",
        f"/thermometer/keten/resultaat/{chain.agreed_result.pk}/",
        f"/thermometer/keten/resultaat/{chain.agreed_result.pk}/verwijderen/",
        "/thermometer/monitor/meting/nieuw/",
    ]


def test_the_policy_advisor_sees_the_chain_and_where_it_breaks_in_words(
    client, world, small_chain, log_count
):
    from eenplan.thermometer import actions

    actions.policy_goal_create(actor=world.policy_advisor, effect=small_chain.effect, name="Vroeg erbij zijn")
    client.force_login(world.policy_advisor)
    before = log_count()
    for url in chain_urls(small_chain):
        assert client.get(url).status_code == 200, url
    page = client.get("/thermometer/keten/").content.decode()
    assert "Effect: Inwoners wonen langer thuis" in page
    assert "Hier breekt de keten (3 plaatsen)" in page  # no assignment; wmo-hh not delivered; no value
    assert "Het beleidsdoel &quot;Vroeg erbij zijn&quot; heeft geen opdracht in deze periode." in page
    assert "Breuk:</strong> in deze periode niets toegewezen of gedeclareerd" in page
    assert "Breuk:</strong> geen waarde" in page
    assert "taakveld 6.21 Toegang en eerstelijnsvoorzieningen WMO" in page
    assert log_count() == before  # no personal data: nothing to log


@pytest.mark.parametrize("who", ["team_lead", "consultant", "functional_admin", "decision_maker", "resident"])
def test_everyone_else_gets_404_on_the_chain_and_changes_nothing(client, world, small_chain, who):
    client.force_login(getattr(world, who))
    for url in chain_urls(small_chain):
        assert client.get(url).status_code == 404, url
    for url in chain_urls(small_chain)[1:]:  # the chain itself only answers GET
        assert client.post(url, {"name": "Overgenomen", "confirm": "on"}).status_code == 404, url
    assert Effect.objects.get().name == "Inwoners wonen langer thuis"
    assert Assignment.objects.count() == 1


def test_the_policy_advisor_of_another_gemeente_cannot_change_this_chain(
    client, small_chain, other_policy_advisor
):
    client.force_login(other_policy_advisor)
    for url in chain_urls(small_chain)[2:-1]:  # the records of this chain
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Overgenomen", "confirm": "on"}).status_code == 404, url
    assert client.get("/thermometer/keten/").status_code == 200  # their own (empty) chain
    assert "Inwoners wonen langer thuis" not in client.get("/thermometer/keten/").content.decode()
    assert Effect.objects.get().name == "Inwoners wonen langer thuis"
    assert Assignment.objects.count() == 1


def test_the_policy_advisor_adds_an_effect_and_an_assignment_through_the_forms(client, world, small_chain):
    client.force_login(world.policy_advisor)
    response = client.post("/thermometer/keten/effect/nieuw/", {"name": "Minder schulden", "order": "2"})
    effect = Effect.objects.get(name="Minder schulden")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/thermometer/keten/#effect-{effect.pk}"
    )
    url = f"/thermometer/keten/beleidsdoel/{small_chain.policy_goal.pk}/opdracht/nieuw/"
    data = {
        "name": "Schuldhulp",
        "partner": world.partner_professional.partner_id,
        "taakveld": "6.3",
        "budget": "1250,50",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
    }
    response = client.post(url, {**data, "team": world.consultant.team_id})
    assert response.status_code == 200
    assert "Kies één uitvoerder" in response.content.decode()
    assert Assignment.objects.count() == 1
    assert client.post(url, data).status_code == 302
    made = Assignment.objects.get(name="Schuldhulp")
    assert (made.budget_cents, made.partner_id, made.team_id) == (
        125_050,
        world.partner_professional.partner_id,
        None,
    )


def test_deleting_asks_for_confirmation(client, world, small_chain):
    client.force_login(world.policy_advisor)
    url = f"/thermometer/keten/effect/{small_chain.effect.pk}/verwijderen/"
    assert client.post(url, {}).status_code == 200
    assert Effect.objects.count() == 1
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert (Effect.objects.count(), Assignment.objects.count()) == (0, 0)


# -- the monitor --------------------------------------------------------------------------------------------


@pytest.fixture
def monitored(world, cases, north, south):
    """10 households in the north team's area at 2 days to a first conversation, 10 in the south at 6."""
    first_conversations(cases, north, 2, 10)
    first_conversations(cases, south, 6, 10)


def cells(page: str, label: str) -> str:
    start = page.index(label)
    return page[start : page.index("</tr>", start)]


def test_the_policy_advisor_reads_the_monitor_per_area_and_team(
    client, world, monitored, north, south, log_count
):
    client.force_login(world.policy_advisor)
    before = log_count()
    page = client.get("/thermometer/monitor/").content.decode()
    label = quarter_label(previous_quarter())
    assert label in page
    assert "4,0 dagen" in cells(page, "Dagen van melding tot eerste gesprek")
    assert "Wat we tellen" in page and indicator("legal-terms-met").definition in page
    north_only = client.get(f"/thermometer/monitor/?gebied={north.pk}").content.decode()
    assert "2,0 dagen" in cells(north_only, "Dagen van melding tot eerste gesprek")
    south_team = world.other_consultant.team
    south_only = client.get(f"/thermometer/monitor/?team={south_team.pk}&per=jaar").content.decode()
    assert "6,0 dagen" in cells(south_only, "Dagen van melding tot eerste gesprek")
    assert str(timezone.localdate().year) in south_only
    assert log_count() == before


def test_the_team_lead_reads_only_the_monitor_of_their_team(client, world, monitored, south):
    client.force_login(world.team_lead)
    for url in ("/thermometer/monitor/", f"/thermometer/monitor/?gebied={south.pk}"):
        page = client.get(url).content.decode()
        row = cells(page, "Dagen van melding tot eerste gesprek")
        assert "2,0 dagen" in row and "6,0" not in row and "4,0" not in row
        assert "Gemeenten naast elkaar" not in page
        assert "Meting invoeren" not in page
    assert client.get("/thermometer/monitor.csv").status_code == 200


@pytest.mark.parametrize(
    "who", ["consultant", "other_consultant", "functional_admin", "decision_maker", "resident"]
)
def test_the_monitor_is_404_for_everyone_else(client, world, who):
    client.force_login(getattr(world, who))
    for url in ("/thermometer/monitor/", "/thermometer/monitor.csv", "/thermometer/monitor/meting/nieuw/"):
        assert client.get(url).status_code == 404, url


def test_the_gemeenten_side_by_side_with_small_cells_suppressed(
    client, world, cases, monitored, other_gemeente
):
    first_conversations(
        cases, NeighbourhoodFactory(parent=DistrictFactory(municipality=other_gemeente)), 30, 12
    )
    small = MunicipalityFactory(code="GM0088", name="Schiermonnikoog", population=947)
    first_conversations(cases, NeighbourhoodFactory(parent=DistrictFactory(municipality=small)), 1, 3)
    client.force_login(world.policy_advisor)
    page = client.get("/thermometer/monitor/").content.decode()
    comparison = page[page.index("Gemeenten naast elkaar") :]
    assert "30,0 dagen" in cells(comparison, "Amsterdam")
    assert "4,0 dagen" in cells(comparison, "(uw gemeente)")
    assert "&lt; 10" in cells(comparison, "Schiermonnikoog")


def test_the_csv_holds_the_same_table(client, world, cases, monitored, other_gemeente):
    first_conversations(
        cases, NeighbourhoodFactory(parent=DistrictFactory(municipality=other_gemeente)), 30, 3
    )
    client.force_login(world.policy_advisor)
    response = client.get("/thermometer/monitor.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="monitor-GM0193-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = next(row for row in rows if row[:3] == ["Code", "Indicator", "Eenheid"])
    column = header.index(quarter_label(previous_quarter()))
    days = next(row for row in rows if row[:1] == ["days-to-first-conversation"])
    assert (days[2], days[column]) == ("dagen", "4,00")
    compared = next(row for row in rows if row[:2] == ["GM0363", "Amsterdam"])
    assert compared[2 + [i.code for i in active()].index("days-to-first-conversation")] == "< 10"
    assert any(row[:2] == ["legal-terms-met", "Wettelijke termijnen gehaald"] and row[3] for row in rows)


def active():
    from eenplan.thermometer.queries import active_indicators

    return active_indicators()


def test_the_policy_advisor_enters_a_measurement(client, world, north, gemeente):
    client.force_login(world.policy_advisor)
    data = {
        "indicator": indicator("loneliness-ggd").pk,
        "area": north.pk,
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "value": "42,5",
        "source": "GGD Gezondheidsmonitor 2024",
    }
    assert (
        client.post(
            "/thermometer/monitor/meting/nieuw/", {**data, "indicator": indicator("legal-terms-met").pk}
        ).status_code
        == 200
    )
    assert Measurement.objects.count() == 0  # a computed indicator is not entered
    assert client.post("/thermometer/monitor/meting/nieuw/", data).status_code == 302
    measurement = Measurement.objects.get()
    assert (measurement.municipality, measurement.area, str(measurement.value)) == (gemeente, north, "42.50")
    assert "GGD Gezondheidsmonitor 2024" in client.get("/thermometer/monitor/meting/nieuw/").content.decode()
    client.force_login(world.team_lead)
    assert client.post("/thermometer/monitor/meting/nieuw/", data).status_code == 404
    assert Measurement.objects.count() == 1


def test_the_monitor_takes_the_same_queries_for_more_data(
    client, world, cases, north, south, other_gemeente, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add(n):
        first_conversations(cases, north, 3, n)
        for household in cases.households(south, n):
            cases.spend(household, [(previous_quarter(), 1_000)])
        MunicipalityFactory(
            code=f"GM{9000 + Effect.objects.count() + n}", name=f"Gemeente {n}", population=1000
        )

    for who, url, bound in (
        (world.policy_advisor, "/thermometer/monitor/", 25),
        (world.policy_advisor, f"/thermometer/monitor/?gebied={north.pk}", 26),
        (world.policy_advisor, "/thermometer/monitor.csv", 25),
        (world.team_lead, "/thermometer/monitor/", 22),
    ):
        client.force_login(who)
        add(2)
        few = queries(url)
        add(12)
        with django_assert_max_num_queries(bound):
            many = queries(url)
        assert many == few, (url, few, many)
