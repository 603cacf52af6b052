"""Melding registration, duplicates, terms, caseload and API: through the views, checking the response,
the database and the processing log; denied paths change nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from eenplan.core.actions import configuration_version_bump
from eenplan.core.models import ProcessingLogEntry
from eenplan.households.models import Household, Person
from eenplan.intake import actions
from eenplan.intake.models import SupportRequest, Term
from tests.factories import NeighbourhoodFactory

pytestmark = pytest.mark.django_db

NEW = "/meldingen/nieuw/"


def new_person_form(world, **overrides):
    data = {
        "given_name": "Dirk",
        "surname_prefix": "van",
        "surname": "Dalen",
        "date_of_birth": "1948-02-11",
        "bsn": "999999990",
        "phone": "",
        "email": "",
        "preferred_language": "Nederlands",
        "postcode": "8011 ab",
        "house_number": "12",
        "house_number_addition": "",
        "street": "Dijkstraat",
        "city": "Zwolle",
        "area": str(world.north_household.area_id),
        "question": "Ik kom de trap niet meer op.",
        "laws": ["wmo"],
        "received_on": "2026-03-24",
        "channel": "phone",
        "reporter": "resident",
        "reporter_name": "",
        "urgency": "normal",
    }
    data.update(overrides)
    return data


def test_a_consultant_registers_a_melding_for_someone_new(client, world):
    client.force_login(world.consultant)
    response = client.post(NEW, new_person_form(world))
    support_request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/meldingen/{support_request.pk}/"
    household = support_request.household
    assert (household.postcode, household.house_number, household.area_id) == (
        "8011AB",
        12,
        world.north_household.area_id,
    )
    assert support_request.person.full_name == "Dirk van Dalen"
    assert support_request.assigned_to == world.consultant
    assert support_request.receipt_confirmed_at is not None
    assert {t.rule: t.due_on for t in support_request.terms.all()} == {
        "inquiry": date(2026, 5, 6),  # 5 May (Atw) → 6 May
        "personal_plan": date(2026, 3, 31),
    }
    assert list(ProcessingLogEntry.objects.filter(action="create").values_list("object_type", flat=True)) == [
        "household",
        "person",
        "support_request",
    ]


def test_the_detail_page_and_the_receipt_show_the_terms(client, world):
    client.force_login(world.consultant)
    client.post(NEW, new_person_form(world))
    support_request = SupportRequest.objects.get()
    page = client.get(f"/meldingen/{support_request.pk}/").text
    assert "Ik kom de trap niet meer op." in page
    assert "Onderzoek na een Wmo-melding" in page
    assert "dagen te laat" in page  # 6 May 2026 has passed
    receipt = client.get(f"/meldingen/{support_request.pk}/ontvangstbevestiging/").text
    assert "We hebben uw vraag ontvangen" in receipt
    assert "woensdag 6 mei 2026" in receipt


def test_a_possible_duplicate_in_reach_is_shown_and_nothing_is_saved(client, world):
    alice = Person.objects.get(given_name="Alice")
    client.force_login(world.consultant)
    before = (Household.objects.count(), Person.objects.count(), SupportRequest.objects.count())
    response = client.post(NEW, new_person_form(world, bsn=alice.bsn))
    assert response.status_code == 200
    assert "Mogelijk al bekend" in response.text
    assert "Alice Jansen" in response.text
    assert (Household.objects.count(), Person.objects.count(), SupportRequest.objects.count()) == before
    response = client.post(NEW, new_person_form(world, bsn="", confirm_new="on"))
    assert response.status_code == 302
    assert SupportRequest.objects.count() == 1


def test_a_duplicate_outside_reach_is_only_counted_never_shown(client, world):
    charlie = Person.objects.get(given_name="Charlie")
    client.force_login(world.consultant)
    response = client.post(NEW, new_person_form(world, bsn=charlie.bsn))
    assert "Er is 1 persoon met deze gegevens buiten uw werkgebied" in response.text
    assert "Charlie" not in response.text
    assert SupportRequest.objects.count() == 0
    assert not ProcessingLogEntry.objects.filter(household_id=world.south_household.pk).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("received_on", "2999-01-01", "kan niet in de toekomst liggen"),
        ("bsn", "123456789", "11-proef"),
        ("postcode", "80111", "Vul een postcode in zoals 8011 AB."),
        ("laws", [], "Dit veld is vereist."),
    ],
)
def test_bad_input_is_refused_in_dutch_and_changes_nothing(client, world, field, value, message):
    client.force_login(world.consultant)
    response = client.post(NEW, new_person_form(world, **{field: value}))
    assert response.status_code == 200
    assert message in response.text
    assert SupportRequest.objects.count() == 0
    assert Household.objects.count() == 2


def test_a_melding_without_wmo_starts_no_statutory_term(client, world):
    client.force_login(world.consultant)
    client.post(NEW, new_person_form(world, laws=["jeugdwet"]))
    assert Term.objects.count() == 0


def register(
    world, user=None, household=None, received_on=date(2026, 3, 24), urgency="normal", laws=("wmo",)
):
    household = household or world.north_household
    return actions.support_request_register(
        actor=user or world.consultant, household=household, person=household.members.first(),
        received_on=received_on, channel="phone", reporter="resident", reporter_name="",
        question="Hulp bij het huishouden", laws=list(laws), urgency=urgency,
    )  # fmt: skip


def test_caseload_puts_urgent_then_nearest_end_first(client, world):
    today = timezone.localdate()
    later = register(world, received_on=today - timedelta(days=1))
    sooner = register(world, received_on=today - timedelta(days=30))
    urgent = register(world, received_on=today, urgency="urgent")
    no_term = register(world, received_on=today - timedelta(days=40), laws=("jeugdwet",))
    client.force_login(world.consultant)
    page = client.get("/meldingen/").text
    positions = [page.index(item.reference) for item in (urgent, sooner, later, no_term)]
    assert positions == sorted(positions)
    assert "spoed" in page


def test_caseload_shows_only_households_in_reach_and_logs_each_shown(client, world):
    mine = register(world)
    theirs = register(world, user=world.other_consultant, household=world.south_household)
    client.force_login(world.consultant)
    before = ProcessingLogEntry.objects.order_by("sequence").last().sequence
    page = client.get("/meldingen/").text
    assert mine.reference in page
    assert theirs.reference not in page
    new_entries = ProcessingLogEntry.objects.filter(sequence__gt=before, object_type="support_request")
    assert list(new_entries.values_list("object_id", "action")) == [(str(mine.pk), "read")]


def test_caseload_filters_by_area(client, world):
    register(world)
    client.force_login(world.team_lead)
    other_area = world.south_household.area_id  # outside the team: not even a choice
    response = client.get(f"/meldingen/?area={other_area}")
    assert "Selecteer een geldige keuze" in response.text
    response = client.get(f"/meldingen/?area={world.north_household.area_id}")
    assert "1 melding, meest urgent bovenaan" in response.text
    other_neighbourhood = NeighbourhoodFactory(parent=world.north_household.area.parent)
    configuration_version_bump()  # as beheer does when it saves an area
    response = client.get(f"/meldingen/?area={other_neighbourhood.pk}")
    assert "Er zijn geen meldingen die bij deze keuze passen." in response.text


OUTSIDERS = [
    "other_consultant",
    "partner_professional",
    "policy_advisor",
    "decision_maker",
    "functional_admin",
]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_the_melding_and_its_terms_and_change_nothing(client, world, persona):
    support_request = register(world)
    term = support_request.terms.get(rule="inquiry")
    client.force_login(getattr(world, persona))
    before = ProcessingLogEntry.objects.count()
    assert client.get(f"/meldingen/{support_request.pk}/").status_code == 404
    assert client.get(f"/meldingen/{support_request.pk}/ontvangstbevestiging/").status_code == 404
    response = client.post(f"/meldingen/termijn/{term.pk}/verlengen/", {"days": 10, "reason": "x"})
    assert response.status_code == 404
    assert client.get(f"/meldingen/nieuw/huishouden/{world.north_household.pk}/").status_code == 404
    term.refresh_from_db()
    assert term.due_on == date(2026, 5, 6)
    assert term.extensions.count() == 0
    assert ProcessingLogEntry.objects.count() == before


def test_suspend_resume_and_extend_move_the_end(client, world):
    support_request = register(world, received_on=date(2026, 1, 6))
    term = support_request.terms.get(rule="inquiry")
    assert term.due_on == date(2026, 2, 17)
    client.force_login(world.consultant)
    client.post(
        f"/meldingen/termijn/{term.pk}/opschorten/", {"starts_on": "2026-01-20", "reason": "Meer tijd"}
    )
    term.refresh_from_db()
    assert term.status == "suspended"
    client.post(f"/meldingen/termijn/{term.pk}/hervatten/", {"ends_on": "2026-01-27"})
    term.refresh_from_db()
    assert (term.status, term.due_on) == ("running", date(2026, 2, 24))
    client.post(f"/meldingen/termijn/{term.pk}/verlengen/", {"days": "14", "reason": "Advies nodig"})
    term.refresh_from_db()
    assert term.due_on == date(2026, 3, 10)
    updates = ProcessingLogEntry.objects.filter(object_type="support_request", action="update")
    assert [e.description for e in updates] == [
        "Termijn opgeschort: Meer tijd",
        "Termijn loopt weer",
        "Termijn verlengd met 14 dagen: Advies nodig",
    ]


def test_resuming_a_running_term_is_refused_and_changes_nothing(client, world):
    term = register(world).terms.get(rule="inquiry")
    client.force_login(world.consultant)
    response = client.post(f"/meldingen/termijn/{term.pk}/hervatten/", {"ends_on": "2026-04-01"}, follow=True)
    assert "Dat kan niet bij deze termijn" in response.text
    term.refresh_from_db()
    assert (term.status, term.due_on) == ("running", date(2026, 5, 6))


# API


def api(client, user):
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    return client


def payload(world, **overrides):
    data = {
        "household": world.north_household.pk,
        "person": world.north_household.members.first().pk,
        "received_on": "2026-03-24",
        "channel": "phone",
        "reporter": "resident",
        "question": "Hulp bij het huishouden",
        "laws": ["wmo"],
    }
    data.update(overrides)
    return data


def test_api_registers_and_reads_a_melding(client, world):
    client = api(client, world.consultant)
    response = client.post("/api/v1/support-requests/", payload(world), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert {t["rule"]: t["due_on"] for t in data["terms"]} == {
        "inquiry": "2026-05-06",
        "personal_plan": "2026-03-31",
    }
    assert (
        ProcessingLogEntry.objects.filter(object_type="support_request", action="create").get().channel
        == "api"
    )
    detail = client.get(f"/api/v1/support-requests/{data['id']}/").json()
    assert detail["question"] == "Hulp bij het huishouden"
    listing = client.get("/api/v1/support-requests/").json()
    assert [item["id"] for item in listing["results"]] == [data["id"]]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"laws": []}, "laws"), ({"received_on": "2999-01-01"}, "received_on"), ({"channel": "fax"}, "channel")],
)
def test_api_rejects_bad_input_and_changes_nothing(client, world, overrides, field):
    response = api(client, world.consultant).post(
        "/api/v1/support-requests/", payload(world, **overrides), content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert SupportRequest.objects.count() == 0


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_api_outsiders_get_404_and_cannot_register(client, world, persona):
    support_request = register(world)
    client = api(client, getattr(world, persona))
    assert client.get(f"/api/v1/support-requests/{support_request.pk}/").status_code == 404
    response = client.post("/api/v1/support-requests/", payload(world), content_type="application/json")
    assert response.status_code == 404
    assert SupportRequest.objects.count() == 1


def test_api_person_must_belong_to_the_household(client, world):
    charlie = Person.objects.get(given_name="Charlie")
    response = api(client, world.consultant).post(
        "/api/v1/support-requests/", payload(world, person=charlie.pk), content_type="application/json"
    )
    assert response.status_code == 404
    assert SupportRequest.objects.count() == 0


def test_reminders_name_references_only_and_reach_each_consultant_once(world, mailoutbox):
    from django.core.management import call_command

    world.consultant.email = "bob@example.org"
    world.consultant.save()
    world.other_consultant.email = "carol@example.org"
    world.other_consultant.save()
    today = timezone.localdate()
    overdue = register(world, received_on=today - timedelta(days=60))
    nearly = register(world, received_on=today - timedelta(days=40))
    register(world, received_on=today)  # far from due: no reminder
    call_command("intake_send_reminders", "--now")
    assert [m.to for m in mailoutbox] == [["bob@example.org"]]
    body = mailoutbox[0].body
    assert f"{overdue.reference}: Onderzoek na een Wmo-melding" in body
    assert "(te laat)" in body
    assert nearly.reference in body
    assert "Alice" not in body and "Jansen" not in body
    disclosed = ProcessingLogEntry.objects.filter(action="disclose", channel="job")
    assert sorted(disclosed.values_list("object_id", flat=True)) == sorted([str(overdue.pk), str(nearly.pk)])
    assert {entry.actor_role for entry in disclosed} == {"system"}


def test_reminders_can_be_queued_for_a_worker(world):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    call_command("intake_send_reminders")
    assert DBTaskResult.objects.get().task_path == "eenplan.intake.tasks.send_deadline_reminders"


REFER = "/meldingen/verwijzen/"


def referral_form(world, **overrides):
    left_out = {"received_on", "channel", "reporter", "reporter_name"}
    data = {key: value for key, value in new_person_form(world).items() if key not in left_out}
    data.update(overrides)
    return data


def test_a_partner_refers_someone_new_to_the_team_of_the_neighbourhood(client, world):
    client.force_login(world.partner_professional)
    response = client.post(REFER, referral_form(world), follow=True)
    support_request = SupportRequest.objects.get()
    assert f"doorgegeven aan het wijkteam (nummer {support_request.reference})" in response.text
    assert (support_request.channel, support_request.reporter) == ("referral", "partner")
    assert support_request.assigned_to == world.team_lead  # the lead of the team serving the area
    assert support_request.person.full_name == "Dirk van Dalen"
    assert (
        ProcessingLogEntry.objects.filter(action="create", actor_id=world.partner_professional.pk).count()
        == 3
    )
    # The partner has no arrangement: the household stays out of sight.
    assert client.get(f"/meldingen/{support_request.pk}/").status_code == 404
    assert client.get(f"/huishoudens/{support_request.household_id}/").status_code == 404


def test_a_referral_for_a_known_bsn_joins_that_household_and_reveals_nothing(client, world):
    alice = Person.objects.get(given_name="Alice")
    client.force_login(world.partner_professional)
    response = client.post(REFER, referral_form(world, bsn=alice.bsn, given_name="A."), follow=True)
    support_request = SupportRequest.objects.get()
    assert (support_request.household, support_request.person) == (world.north_household, alice)
    assert "Alice" not in response.text and "Jansen" not in response.text
    assert Household.objects.count() == 2
    assert not ProcessingLogEntry.objects.filter(
        action="read", actor_id=world.partner_professional.pk
    ).exists()


@pytest.mark.parametrize(
    "persona", ["consultant", "team_lead", "resident", "policy_advisor", "decision_maker"]
)
def test_only_partner_professionals_refer(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(REFER).status_code == 404
    assert client.post(REFER, referral_form(world)).status_code == 404
    assert SupportRequest.objects.count() == 0


def test_a_melding_answered_at_once_is_closed_and_its_terms_end(client, world):
    support_request = register(world)
    client.force_login(world.consultant)
    url = f"/meldingen/{support_request.pk}/afsluiten/"
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Niet afgesloten: vul een reden in." in response.text
    support_request.refresh_from_db()
    assert support_request.status == "open"
    response = client.post(url, {"reason": "Informatie over de buurtbus gegeven."}, follow=True)
    assert "Afgesloten op" in response.text
    support_request.refresh_from_db()
    assert (support_request.status, support_request.closed_reason) == (
        "closed",
        "Informatie over de buurtbus gegeven.",
    )
    assert set(support_request.terms.values_list("status", flat=True)) == {"ended"}
    assert support_request.reference not in client.get("/meldingen/").text  # off the open caseload


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_cannot_close_a_melding(client, world, persona):
    support_request = register(world)
    client.force_login(getattr(world, persona))
    assert client.post(f"/meldingen/{support_request.pk}/afsluiten/", {"reason": "x"}).status_code == 404
    support_request.refresh_from_db()
    assert support_request.status == "open"
