"""The reading of the Thermometer (issue 9, point 4): on the demo, its policy advisor reads the survey's
divergence, the chain's breaks, the residents' answers, the signals and the budget per taakveld, each
chart with its table, and the same reading as a PDF. Nobody else reads it; its figures are aggregates
(hotspots from 10 persons, at the boundary)."""

import logging

import pytest
from django.utils import timezone
from django.utils.html import escape

from eenplan.accounts.models import Role, User
from eenplan.core.models import Municipality, ProcessingLogEntry
from eenplan.core.seeding import seed_demo
from eenplan.signals.models import Theme
from eenplan.surveys.queries import latest_survey_for, theme_layer_scores
from eenplan.thermometer import actions
from eenplan.thermometer.models import ReadingDocument
from eenplan.thermometer.queries import chain_for
from eenplan.thermometer.reading import reading
from eenplan.thermometer.tasks import refresh_indicators
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


def test_the_reading_as_pdf(client, demo, caplog):
    client.force_login(demo)
    assert f"Er is nog geen PDF van {timezone.localdate().year}" in _text(client.get("/thermometer/"))

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client.get("/thermometer/lezing.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="thermometer-')
    assert response.content.startswith(b"%PDF")
    # Every chart is in it, as a PNG the document asked for (WeasyPrint warns about an image it cannot
    # load and leaves it out).
    assert not [record for record in caplog.records if "image" in record.getMessage().lower()]
    result = reading(demo.municipality, year=timezone.localdate().year, today=timezone.localdate())
    assert all(chart.png.startswith(b"\x89PNG") for chart in result.charts.values() if chart.spec)
    # It is stored: the next download is the same document, and the page says when it was made.
    document = ReadingDocument.objects.get(municipality=demo.municipality, year=timezone.localdate().year)
    assert bytes(document.pdf) == response.content
    assert client.get("/thermometer/lezing.pdf").content == response.content
    page = _text(client.get("/thermometer/"))
    assert "De PDF is gemaakt op" in page
    assert timezone.localtime(document.made_at).strftime("%H:%M") in page


def test_a_new_pdf_with_the_figures_of_now(client, demo):
    client.force_login(demo)
    first = client.get("/thermometer/lezing.pdf").content
    made_at = ReadingDocument.objects.get().made_at

    response = client.post("/thermometer/lezing/pdf-maken/", {"jaar": str(timezone.localdate().year)})

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF") and first.startswith(b"%PDF")
    document = ReadingDocument.objects.get()  # replaced, not added
    assert document.made_at > made_at and bytes(document.pdf) == response.content
    assert client.get("/thermometer/lezing/pdf-maken/").status_code == 405


def test_the_nightly_job_makes_the_pdf_of_every_gemeente(demo):
    other = Municipality.objects.create(code="GM0363", name="Amsterdam", population=931298)

    refresh_indicators.call()

    year = timezone.localdate().year
    documents = ReadingDocument.objects.filter(year=year)
    assert {document.municipality for document in documents} == {demo.municipality, other}
    assert all(bytes(document.pdf).startswith(b"%PDF") for document in documents)


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
        assert client.post("/thermometer/lezing/pdf-maken/").status_code == 404, user.username
    assert not ReadingDocument.objects.exists()


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
    # Its PDF is its own, also when the demo gemeente's is stored.
    year = timezone.localdate().year
    actions.reading_document_make(municipality=demo.municipality, year=year)
    download = client.get("/thermometer/lezing.pdf")
    assert download["Content-Disposition"] == f'attachment; filename="thermometer-amsterdam-{year}.pdf"'
    assert ReadingDocument.objects.filter(municipality=other).count() == 1


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
