"""The reading of the Thermometer (issue 9, point 4): on the demo, its policy advisor reads the survey's
divergence, the chain's breaks, the residents' answers, the signals and the budget per taakveld, each
chart with its table, and the same reading as a PDF. Nobody else reads it; its figures are aggregates
(hotspots from 10 persons, at the boundary)."""

import pytest
from django.utils import timezone
from django.utils.html import escape

from eenplan.accounts.models import Role, User
from eenplan.core.models import Municipality, ProcessingLogEntry
from eenplan.core.seeding import seed_demo
from eenplan.signals.models import Theme
from eenplan.surveys.queries import latest_survey_for, theme_layer_scores
from eenplan.thermometer.queries import chain_for
from eenplan.thermometer.reading import reading
from tests.factories import UserFactory


@pytest.fixture
def demo(db):
    seed_demo(seed=2026, municipality_code="GM0193")
    return User.objects.get(username="beleid")


def _text(response) -> str:
    return response.content.decode()


def test_the_policy_advisor_reads_the_demo(client, demo):
    today = timezone.localdate()
    client.force_login(demo)
    entries = ProcessingLogEntry.objects.count()

    response = client.get("/thermometer/")

    assert response.status_code == 200
    page = _text(response)
    municipality = demo.municipality
    chains = chain_for(municipality.pk, period=(today.replace(month=1, day=1), today))
    breaks = [found for chain in chains for found in chain.breaks]
    assert breaks, "the demo has a visible break in its chain"
    for found in breaks:
        assert escape(found.label) in page
    diverging = [theme for theme in theme_layer_scores(latest_survey_for(municipality.pk)) if theme.diverges]
    assert diverging, "the demo survey has themes on which the layers diverge"
    for theme in diverging:
        assert escape(f"{theme.name}: {theme.highest.label} geeft gemiddeld") in page
    # Five charts, each a server-rendered SVG hidden from screen readers, with its table.
    assert page.count('<figure class="eenplan-chart"') == 5
    survey_figure = page.split('id="grafiek-survey-titel"', 1)[1].split("</figure>", 1)[0]
    assert '<svg aria-hidden="true"' in survey_figure
    assert page.count("(tabel)</caption>") == 5
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    # The demo's cluster of loneliness signals links to the signals of its neighbourhood.
    loneliness = Theme.objects.get(code="loneliness")
    assert f"/signalen/thema/{loneliness.code}/gebied/" in page
    assert ProcessingLogEntry.objects.count() == entries  # aggregates only: nothing to log


def test_the_reading_as_pdf(client, demo):
    client.force_login(demo)

    response = client.get("/thermometer/lezing.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="thermometer-')
    assert response.content.startswith(b"%PDF")


def test_nobody_else_reads_it(client, demo):
    others = User.objects.exclude(role=Role.POLICY_ADVISOR)
    assert {user.role for user in others} >= {
        Role.CONSULTANT, Role.TEAM_LEAD, Role.DECISION_MAKER, Role.RESIDENT, Role.PARTNER_PROFESSIONAL,
        Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER,
    }  # fmt: skip
    for user in others:
        client.force_login(user)
        assert client.get("/thermometer/").status_code == 404, user.username
        assert client.get("/thermometer/lezing.pdf").status_code == 404, user.username


def test_another_gemeente_reads_its_own_empty_reading(client, demo):
    other = Municipality.objects.create(code="GM0363", name="Amsterdam", population=931298)
    advisor = UserFactory(username="ada", role=Role.POLICY_ADVISOR, municipality=other)
    client.force_login(advisor)

    response = client.get("/thermometer/")

    assert response.status_code == 200
    page = _text(response)
    assert "Thermometer Amsterdam" in page
    assert "Er is nog geen enquête met antwoorden." in page
    assert "Er is nog geen beleidsketen vastgelegd." in page
    assert demo.municipality.name not in page


def test_a_neighbourhood_is_a_hotspot_from_ten_persons(world, add_signals, north_neighbourhood):
    today = timezone.localdate()
    loneliness = Theme.objects.get(code="loneliness")
    municipality = north_neighbourhood.municipality
    add_signals(loneliness, north_neighbourhood, households=9, each=2)

    assert reading(municipality, year=today.year, today=today).hotspots == []

    add_signals(loneliness, north_neighbourhood, households=1)
    hotspots = reading(municipality, year=today.year, today=today).hotspots

    assert [(h.theme.code, h.area_id, h.persons, h.linked) for h in hotspots] == [
        ("loneliness", north_neighbourhood.pk, 10, False)
    ]
