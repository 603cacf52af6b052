"""A consultant records a signal from a household: preview first, then save; only de-identified text
is ever stored, and only by someone who may see the household."""

import pytest
from django.urls import reverse

from eenplan.core.models import ProcessingLogEntry
from eenplan.signals.models import Signal, household_key

RAW = "Mevrouw Jansen (BSN 123456782) van de Kerkstraat 12 voelt zich eenzaam, bel 06-12345678."


def test_preview_shows_the_deidentified_text_and_stores_nothing(client, world, loneliness):
    client.force_login(world.consultant)
    url = reverse("signals:new", args=[world.north_household.pk])

    response = client.post(url, {"step": "preview", "theme": loneliness.pk, "text": RAW})

    assert response.status_code == 200
    body = response.content.decode()
    assert "[persoon]" in body and "[bsn]" in body and "[telefoonnummer]" in body
    assert "Jansen" not in body and "123456782" not in body and "06-12345678" not in body
    assert Signal.objects.count() == 0
    entry = ProcessingLogEntry.objects.filter(categories=["conversation-notes"]).get()
    assert (entry.household_id, entry.purpose, entry.actor_id) == (
        world.north_household.pk,
        "support",
        world.consultant.pk,
    )


def test_save_stores_the_deidentified_text_in_the_households_neighbourhood(client, world, loneliness):
    client.force_login(world.consultant)
    url = reverse("signals:new", args=[world.north_household.pk])
    preview = client.post(url, {"step": "preview", "theme": loneliness.pk, "text": RAW}).context["preview"]

    response = client.post(url, {"step": "save", "theme": loneliness.pk, "text": preview})

    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.text == preview
    assert (signal.theme, signal.area, signal.recorded_by) == (
        loneliness,
        world.north_household.area,
        world.consultant,
    )
    assert signal.household_key == household_key(world.north_household.pk)
    assert str(world.north_household.pk) != signal.household_key
    entry = ProcessingLogEntry.objects.get(object_type="signal")
    assert (entry.action, entry.categories, entry.purpose, entry.object_id) == (
        "create",
        ["conversation-notes"],
        "support",
        str(signal.pk),
    )
    assert "Jansen" not in entry.description


def test_a_tampered_hidden_field_is_deidentified_again_on_save(client, world, loneliness):
    client.force_login(world.consultant)
    url = reverse("signals:new", args=[world.north_household.pk])

    client.post(url, {"step": "save", "theme": loneliness.pk, "text": RAW})

    text = Signal.objects.get().text
    assert "Jansen" not in text and "123456782" not in text and "Kerkstraat" not in text
    assert "06-12345678" not in text and "[bsn]" in text


def test_team_lead_may_record(client, world, loneliness):
    client.force_login(world.team_lead)

    response = client.post(
        reverse("signals:new", args=[world.north_household.pk]),
        {"step": "save", "theme": loneliness.pk, "text": "Veel eenzaamheid in de flat."},
    )

    assert response.status_code == 302
    assert Signal.objects.get().text == "Veel eenzaamheid in de flat."


@pytest.mark.parametrize(
    "persona", ["other_consultant", "partner_professional", "resident", "policy_advisor", "decision_maker"]
)
def test_others_get_404_and_nothing_is_stored_or_logged(client, world, loneliness, persona):
    client.force_login(getattr(world, persona))
    url = reverse("signals:new", args=[world.north_household.pk])
    before = ProcessingLogEntry.objects.count()

    get = client.get(url)
    preview = client.post(url, {"step": "preview", "theme": loneliness.pk, "text": RAW})
    save = client.post(url, {"step": "save", "theme": loneliness.pk, "text": RAW})

    assert (get.status_code, preview.status_code, save.status_code) == (404, 404, 404)
    assert Signal.objects.count() == 0
    assert ProcessingLogEntry.objects.count() == before


def test_household_page_links_to_signal_melden(client, world):
    client.force_login(world.consultant)

    response = client.get(reverse("households:detail", args=[world.north_household.pk]))

    assert reverse("signals:new", args=[world.north_household.pk]) in response.content.decode()
