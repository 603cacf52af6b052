"""Correction (AVG art. 16) through the page: the data changes, the request is kept with which fields
changed, and the processing log says so; a user outside the household changes nothing."""

import datetime

import pytest

from eenplan.core.models import ProcessingLogEntry
from eenplan.core.queries import processing_log_verify
from eenplan.privacy.actions import rectification_record
from eenplan.privacy.models import Rectification

pytestmark = pytest.mark.django_db


def form_data(person, **changes) -> dict:
    data = {
        "requested_on": "2026-03-02",
        "request": "Mijn achternaam is verkeerd gespeld.",
        "relation": person.relation,
        "given_name": person.given_name,
        "surname_prefix": person.surname_prefix,
        "surname": person.surname,
        "date_of_birth": person.date_of_birth.isoformat(),
        "bsn": person.bsn,
        "phone": person.phone,
        "email": person.email,
        "preferred_language": person.preferred_language,
        "outcome": "done",
        "reason": "",
    }
    return {**data, **changes}


def person_state(person) -> tuple:
    person.refresh_from_db()
    return (person.given_name, person.surname, person.date_of_birth, person.phone, person.email, person.bsn)


def test_the_form_is_prefilled(client, world):
    alice = world.north_household.members.get(user=world.resident)
    client.force_login(world.consultant)
    response = client.get(f"/privacy/personen/{alice.pk}/correctie/")
    assert response.status_code == 200
    assert 'value="Jansen"' in response.text
    assert 'value="1960-05-17"' in response.text
    assert "Er zijn nog geen verzoeken om correctie vastgelegd." in response.text


def test_a_correction_changes_the_data_and_is_logged(client, world):
    alice = world.north_household.members.get(user=world.resident)
    client.force_login(world.consultant)
    before = ProcessingLogEntry.objects.count()
    response = client.post(
        f"/privacy/personen/{alice.pk}/correctie/",
        form_data(alice, surname="Janssen", phone="0612345678"),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/huishoudens/{world.north_household.pk}/"
    alice.refresh_from_db()
    assert (alice.surname, alice.phone, alice.given_name) == ("Janssen", "0612345678", "Alice")
    rectification = Rectification.objects.get()
    assert rectification.person == alice
    assert rectification.household == world.north_household
    assert rectification.fields_changed == ["surname", "phone"]
    assert rectification.outcome == "done"
    assert rectification.requested_on == datetime.date(2026, 3, 2)
    assert rectification.request == "Mijn achternaam is verkeerd gespeld."
    assert rectification.handled_by == world.consultant
    read, update = ProcessingLogEntry.objects.order_by("sequence")[before:]
    assert (read.action, read.categories, read.person_id) == ("read", ["identity-contact"], alice.pk)
    assert update.action == "update"
    assert update.purpose == "data-subject-rights"
    assert update.legal_basis == "legal-obligation"
    assert update.channel == "screen"
    assert update.categories == ["identity-contact"]
    assert (update.household_id, update.person_id) == (world.north_household.pk, alice.pk)
    assert update.description == "Correctie (AVG art. 16): surname, phone gewijzigd"
    assert processing_log_verify().ok
    page = client.get(f"/privacy/personen/{alice.pk}/correctie/").text
    assert "surname, phone" in page


def test_a_refusal_needs_a_reason_and_changes_nothing(client, world):
    alice = world.north_household.members.get(user=world.resident)
    state = person_state(alice)
    client.force_login(world.team_lead)
    response = client.post(
        f"/privacy/personen/{alice.pk}/correctie/", form_data(alice, surname="Janssen", outcome="refused")
    )
    assert response.status_code == 200
    assert "Schrijf op waarom het verzoek is afgewezen." in response.text
    assert Rectification.objects.count() == 0
    response = client.post(
        f"/privacy/personen/{alice.pk}/correctie/",
        form_data(alice, surname="Janssen", outcome="refused", reason="Het paspoort zegt Jansen."),
    )
    assert response.status_code == 302
    assert person_state(alice) == state
    rectification = Rectification.objects.get()
    assert (rectification.outcome, rectification.fields_changed) == ("refused", [])
    entry = ProcessingLogEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.description) == ("create", "Verzoek om correctie (AVG art. 16) afgewezen")


def test_done_without_a_change_is_refused_by_the_form(client, world):
    alice = world.north_household.members.get(user=world.resident)
    client.force_login(world.consultant)
    response = client.post(f"/privacy/personen/{alice.pk}/correctie/", form_data(alice))
    assert response.status_code == 200
    assert "Er is niets gewijzigd." in response.text
    assert Rectification.objects.count() == 0


def test_a_bsn_of_someone_else_is_refused(client, world):
    alice = world.north_household.members.get(user=world.resident)
    charlie = world.south_household.members.get()
    state = person_state(alice)
    client.force_login(world.consultant)
    response = client.post(f"/privacy/personen/{alice.pk}/correctie/", form_data(alice, bsn=charlie.bsn))
    assert response.status_code == 200
    assert "Er is al iemand met dit BSN geregistreerd." in response.text
    assert person_state(alice) == state


def test_others_get_404_and_nothing_changes(client, world):
    alice = world.north_household.members.get(user=world.resident)
    state = person_state(alice)
    before = ProcessingLogEntry.objects.count()
    for user in (
        world.other_consultant,
        world.resident,
        world.decision_maker,
        world.partner_professional,
        world.policy_advisor,
        world.functional_admin,
    ):
        client.force_login(user)
        assert client.get(f"/privacy/personen/{alice.pk}/correctie/").status_code == 404, user.username
        response = client.post(
            f"/privacy/personen/{alice.pk}/correctie/", form_data(alice, surname="Janssen")
        )
        assert response.status_code == 404, user.username
    assert person_state(alice) == state
    assert Rectification.objects.count() == 0
    assert ProcessingLogEntry.objects.count() == before


def test_the_action_refuses_fields_that_are_not_correctable(world):
    alice = world.north_household.members.get(user=world.resident)
    with pytest.raises(ValueError, match="household"):
        rectification_record(
            actor=world.consultant,
            person=alice,
            requested_on=datetime.date(2026, 3, 2),
            request="Ander huishouden",
            changes={"household": world.south_household},
            outcome="done",
            reason="",
        )
    assert Rectification.objects.count() == 0


def test_the_action_itself_refuses_someone_outside_the_household(world):
    from django.core.exceptions import PermissionDenied

    alice = world.north_household.members.get(user=world.resident)
    before = person_state(alice)
    for outsider in (world.other_consultant, world.policy_advisor, world.partner_professional):
        with pytest.raises(PermissionDenied):
            rectification_record(
                actor=outsider, person=alice, requested_on=datetime.date(2026, 3, 2), request="Naam",
                changes={"surname": "Anders"}, outcome="done", reason="",
            )  # fmt: skip
    assert person_state(alice) == before
    assert not Rectification.objects.exists()
