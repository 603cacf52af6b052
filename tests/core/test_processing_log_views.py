"""The processing log for people: the resident's overview in plain Dutch, the printable overview for
staff, the search for the team lead and the privacy officer, and the export in the shape of the VNG
Verwerkingenlogging API (validated against the upstream OpenAPI schema)."""

import datetime
import json
from pathlib import Path
from unittest.mock import patch
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml
from django.urls import include, path

from eenplan import urls as site_urls
from eenplan.accounts.models import Role
from eenplan.core import api as core_api
from eenplan.core import queries as core_queries
from eenplan.core import views as core_views
from eenplan.core.actions import Processing, processing_log_write
from eenplan.core.models import ProcessingLogEntry
from eenplan.core.processing_log_vng import actie_id, sequence_from_actie_id, verwerkingsacties
from eenplan.core.queries import processing_log_in_plain_dutch

from ..factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

# The API route is added to api_urls.py separately; this URL conf serves it for the tests either way.
urlpatterns = [
    path("api/v1/", include((core_api.urlpatterns, "processing-log-api"))),
    *site_urls.urlpatterns,
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONDAY = datetime.datetime(2026, 11, 23, 14, 5, tzinfo=AMSTERDAM)
TUESDAY = datetime.datetime(2026, 11, 24, 9, 30, tzinfo=AMSTERDAM)

GP_SENTENCE = (
    "Op maandag 23 november 2026 om 14:05 heeft J. de Vries (Huisartsenpraktijk De Linde) uw plan bekeken. "
    "Het ging ook over uw gezondheid. Waarom: om uw zorg af te stemmen op uw plan. "
    "Dat mag, want u gaf toestemming."
)
JOB_SENTENCE = (
    "Op dinsdag 24 november 2026 om 09:30 heeft Eén Plan (automatisch) uw vraag om hulp gewijzigd. "
    "Waarom: voor de hulp van het wijkteam. Dat mag, want het is een taak die de wet aan de gemeente geeft."
)
ABOUT_ALICE_SENTENCE = (
    "Op dinsdag 24 november 2026 om 09:30 heeft B. Bakker (Wijkteam Noord, Zwolle) uw eigen gegevens "
    "vastgelegd. Waarom: voor de hulp van het wijkteam. "
    "Dat mag, want het is een taak die de wet aan de gemeente geeft."
)


def log_at(moment, actor, **fields) -> ProcessingLogEntry:
    values = {
        "action": "read",
        "purpose": "support",
        "legal_basis": "public-task",
        "channel": "screen",
        "object_type": "household",
        "categories": ("identity-contact",),
    } | fields
    with patch("eenplan.core.actions.timezone.now", return_value=moment):
        return processing_log_write(actor=actor, processings=[Processing(**values)])[0]


@pytest.fixture
def story(world):
    """Entries about both households, by a GP, a job, the team, the resident herself and the south team."""
    north, south = world.north_household, world.south_household
    alice = north.members.get(user=world.resident)
    bram = north.members.get(given_name="Bram")
    world.consultant.first_name, world.consultant.last_name = "Bob", "Bakker"
    world.consultant.save()
    gp = UserFactory(
        username="jan",
        role=Role.PARTNER_PROFESSIONAL,
        first_name="Jan",
        last_name="de Vries",
        partner=PartnerFactory(name="Huisartsenpraktijk De Linde"),
    )
    entries = {
        "gp": log_at(
            MONDAY, gp, purpose="care-coordination", legal_basis="consent", object_type="plan",
            object_id="7", household_id=north.pk, categories=("plan-agreements", "health"),
        ),
        "south": log_at(MONDAY, world.other_consultant, object_id=str(south.pk), household_id=south.pk),
        "own": log_at(
            MONDAY, world.resident, purpose="data-subject-access", legal_basis="legal-obligation",
            object_id=str(north.pk), household_id=north.pk,
        ),
        "job": log_at(
            TUESDAY, None, action="update", channel="job", object_type="support_request", object_id="3",
            household_id=north.pk, categories=("identity-contact", "situation-assessment"),
        ),
        "about_alice": log_at(
            TUESDAY, world.consultant, action="create", object_type="person", object_id=str(alice.pk),
            household_id=north.pk, person_id=alice.pk,
        ),
        "about_bram": log_at(
            TUESDAY, world.consultant, action="create", object_type="person", object_id=str(bram.pk),
            household_id=north.pk, person_id=bram.pk, categories=("identity-contact", "health"),
        ),
        "bob_in_south": log_at(TUESDAY, world.consultant, object_id=str(south.pk), household_id=south.pk),
        "no_household": log_at(TUESDAY, None, channel="system", object_type="export", object_id="x"),
    }  # fmt: skip
    return entries


def shown(response) -> list[int]:
    return [item.entry.pk for day in response.context["days"] for item in day.entries]


def of_story(pks, story) -> list[int]:
    """Only the story's entries: the reads of the log made during the test are left out."""
    told = {entry.pk for entry in story.values()}
    return [pk for pk in pks if pk in told]


def new_entries(before: int) -> list[ProcessingLogEntry]:
    return list(ProcessingLogEntry.objects.filter(sequence__gt=before).order_by("sequence"))


def last_sequence() -> int:
    entry = ProcessingLogEntry.objects.order_by("-sequence").first()
    return entry.sequence if entry else 0


# --- The resident ------------------------------------------------------------------------------------


def test_the_resident_reads_who_used_her_data_in_plain_dutch(client, world, story):
    alice = world.north_household.members.get(user=world.resident)
    before = last_sequence()
    client.force_login(world.resident)

    response = client.get("/mijn-gegevens/verwerkingen/")

    assert response.status_code == 200
    # Newest first; not another household, not what she did herself, not what is about Bram alone.
    assert shown(response) == [story["about_alice"].pk, story["job"].pk, story["gp"].pk]
    assert [day.label for day in response.context["days"]] == [
        "dinsdag 24 november 2026",
        "maandag 23 november 2026",
    ]
    page = response.text
    assert GP_SENTENCE in page
    assert JOB_SENTENCE in page
    assert ABOUT_ALICE_SENTENCE in page
    assert '<h2 class="utrecht-heading-2" id="dag-1">Dinsdag 24 november 2026</h2>' in page
    [logged] = new_entries(before)
    assert (logged.actor_id, logged.action, logged.channel) == (world.resident.pk, "read", "screen")
    assert (logged.purpose, logged.legal_basis) == ("data-subject-access", "legal-obligation")
    assert (logged.object_type, logged.household_id, logged.person_id) == (
        "processing_log",
        world.north_household.pk,
        alice.pk,
    )
    assert logged.categories == ["identity-contact"]


def test_the_resident_can_keep_only_what_is_about_her(client, world, story):
    client.force_login(world.resident)
    response = client.get("/mijn-gegevens/verwerkingen/?over=mij")
    assert shown(response) == [story["about_alice"].pk]


def test_reading_the_overview_is_not_shown_in_it_and_is_logged_once_per_page(client, world, story):
    client.force_login(world.resident)
    client.get("/mijn-gegevens/verwerkingen/")
    before = last_sequence()
    response = client.get("/mijn-gegevens/verwerkingen/?afdrukken=alles")
    assert shown(response) == [story["about_alice"].pk, story["job"].pk, story["gp"].pk]
    assert len(new_entries(before)) == 1


def test_the_overview_is_paged_and_printable_without_inline_script(client, world, story):
    for minute in range(55):
        log_at(
            MONDAY - datetime.timedelta(days=1, minutes=minute), world.consultant,
            object_id=str(world.north_household.pk), household_id=world.north_household.pk,
        )  # fmt: skip
    client.force_login(world.resident)
    first = client.get("/mijn-gegevens/verwerkingen/")
    assert len(shown(first)) == 50
    assert first.context["page"].paginator.num_pages == 2
    assert "?pagina=2" in first.text
    assert "?afdrukken=alles" in first.text
    assert "/static/eenplan/print.js" in first.text
    assert "data-print hidden" in first.text
    everything = client.get("/mijn-gegevens/verwerkingen/?afdrukken=alles")
    assert len(shown(everything)) == 58


def test_the_menu_of_the_resident_has_the_overview(client, world):
    client.force_login(world.resident)
    page = client.get("/", follow=True).text
    assert 'href="/mijn-gegevens/verwerkingen/"' in page
    assert "Wie keek er mee?" in page


@pytest.mark.parametrize("persona", ["consultant", "team_lead", "partner_professional", "policy_advisor"])
def test_only_a_resident_has_an_own_overview(client, world, story, persona):
    before = last_sequence()
    client.force_login(getattr(world, persona))
    assert client.get("/mijn-gegevens/verwerkingen/").status_code == 404
    assert new_entries(before) == []


# --- The sentences -----------------------------------------------------------------------------------


def test_an_unknown_object_type_and_a_removed_purpose_still_read_as_a_sentence(world):
    world.consultant.first_name, world.consultant.last_name = "Bob", "Bakker"
    world.consultant.save()
    entry = log_at(
        MONDAY, world.consultant, action="disclose", purpose="gone", legal_basis="public-task",
        object_type="something_new", household_id=world.north_household.pk,
        categories=("finances-income", "health"),
    )  # fmt: skip
    [day] = processing_log_in_plain_dutch([entry])
    assert day.entries[0].sentence == (
        "Op maandag 23 november 2026 om 14:05 heeft B. Bakker (Wijkteam Noord, Zwolle) uw gegevens "
        "doorgegeven. Het ging over uw geld en inkomen en over uw gezondheid. Waarom: gone. "
        "Dat mag, want het is een taak die de wet aan de gemeente geeft."
    )


def test_the_configuration_is_read_once_per_call_not_per_row(world, django_assert_num_queries):
    entries = [
        log_at(MONDAY, world.consultant, household_id=world.north_household.pk, object_id=str(n))
        for n in range(10)
    ]
    with django_assert_num_queries(3):  # purposes, legal bases, data categories
        days = processing_log_in_plain_dutch(entries)
    assert sum(len(day.entries) for day in days) == 10


# --- The printable overview for staff ----------------------------------------------------------------


def test_the_consultant_prints_the_overview_of_a_household_of_the_team(client, world, story):
    bram = world.north_household.members.get(given_name="Bram")
    before = last_sequence()
    client.force_login(world.consultant)

    response = client.get(f"/verwerkingen/huishouden/{world.north_household.pk}/")

    assert response.status_code == 200
    household_read, log_read = new_entries(before)
    # The household read for this overview is logged first, so the overview shows it too.
    assert shown(response) == [
        household_read.pk,
        story["about_bram"].pk,
        story["about_alice"].pk,
        story["job"].pk,
        story["own"].pk,
        story["gp"].pk,
    ]
    assert GP_SENTENCE in response.text
    for_bram = client.get(f"/verwerkingen/huishouden/{world.north_household.pk}/?persoon={bram.pk}")
    assert of_story(shown(for_bram), story) == [
        story["about_bram"].pk,
        story["job"].pk,
        story["own"].pk,
        story["gp"].pk,
    ]
    assert (household_read.object_type, household_read.purpose) == ("household", "data-subject-rights")
    assert (log_read.object_type, log_read.purpose, log_read.legal_basis) == (
        "processing_log",
        "data-subject-rights",
        "legal-obligation",
    )
    assert log_read.household_id == world.north_household.pk


@pytest.mark.parametrize(
    "persona", ["other_consultant", "resident", "policy_advisor", "functional_admin", "partner_professional"]
)
def test_the_household_overview_is_404_outside_reach(client, world, story, persona):
    before = last_sequence()
    client.force_login(getattr(world, persona))
    assert client.get(f"/verwerkingen/huishouden/{world.north_household.pk}/").status_code == 404
    assert new_entries(before) == []


# --- The search --------------------------------------------------------------------------------------


def search_results(response) -> list[int]:
    return [row["entry"].pk for row in response.context["rows"]]


def test_the_team_lead_searches_the_team_and_what_the_team_did(client, world, story):
    before = last_sequence()
    client.force_login(world.team_lead)

    response = client.get("/verwerkingen/?zoek=1")

    assert response.status_code == 200
    expected = [
        story["bob_in_south"].pk,  # by a team member, about a household of another team
        story["about_bram"].pk,
        story["about_alice"].pk,
        story["job"].pk,
        story["own"].pk,
        story["gp"].pk,
    ]
    assert search_results(response) == expected
    assert story["south"].pk not in search_results(response)
    assert '<caption class="utrecht-table__caption">' in response.text
    assert '<th class="utrecht-table__header-cell" scope="col">Wie</th>' in response.text
    logged = new_entries(before)
    assert sorted(entry.household_id for entry in logged) == sorted(
        [world.north_household.pk, world.south_household.pk]
    )
    assert {(e.action, e.purpose, e.legal_basis, e.object_type) for e in logged} == {
        ("read", "privacy-supervision", "legal-obligation", "processing_log")
    }
    assert {tuple(entry.categories) for entry in logged} == {("identity-contact",)}


def test_nothing_is_searched_or_logged_before_the_user_searches(client, world, story):
    before = last_sequence()
    client.force_login(world.team_lead)
    response = client.get("/verwerkingen/")
    assert response.status_code == 200
    assert response.context["page"] is None
    assert new_entries(before) == []


def test_the_privacy_officer_searches_everything_and_starts_there(client, world, story):
    officer = UserFactory(username="pia", role=Role.PRIVACY_OFFICER)
    everything = list(ProcessingLogEntry.objects.order_by("-sequence").values_list("pk", flat=True))
    client.force_login(officer)
    assert client.get("/").url == "/verwerkingen/"
    response = client.get("/verwerkingen/?zoek=1")
    assert search_results(response) == everything
    assert response.context["page"].paginator.count == 8
    assert 'href="/verwerkingen/"' in response.text


def test_beyond_the_export_cap_the_search_counts_no_further(client, world, story, monkeypatch):
    """An exact total of millions of entries costs seconds; above the cap the page says "more than"."""
    monkeypatch.setattr("eenplan.core.queries.EXPORT_CAP", 5)
    monkeypatch.setattr("eenplan.core.views.EXPORT_CAP", 5)
    officer = UserFactory(username="pia", role=Role.PRIVACY_OFFICER)
    client.force_login(officer)
    response = client.get("/verwerkingen/?zoek=1")
    assert response.context["page"].paginator.count == 6 and response.context["capped"]
    assert "Meer dan 5 verwerkingen gevonden" in response.text
    assert len(search_results(response)) == 6  # paging stops at the cap


def test_the_filters_narrow_the_search(client, world, story):
    officer = UserFactory(username="pia", role=Role.PRIVACY_OFFICER)
    bram = world.north_household.members.get(given_name="Bram")
    bram.bsn = "999900006"
    bram.save()
    client.force_login(officer)

    def results(query: str) -> list[int]:
        response = client.get(f"/verwerkingen/?{query}")
        assert response.status_code == 200, response.context["form"].errors
        return of_story(search_results(response), story)

    north = world.north_household.pk
    assert results(f"huishouden={world.south_household.pk}") == [story["bob_in_south"].pk, story["south"].pk]
    # A person: entries about them and about their whole household, not about another member.
    about_bram = [story["about_bram"].pk, story["job"].pk, story["own"].pk, story["gp"].pk]
    assert results(f"persoon={bram.pk}") == about_bram
    assert results("bsn=999900006") == about_bram
    assert results("bsn=999900018") == []
    assert results("uitvoerder=de vries") == [story["gp"].pk]
    assert results("handeling=create") == [story["about_bram"].pk, story["about_alice"].pk]
    assert results("kanaal=job") == [story["job"].pk]
    assert results(f"doel=care-coordination&huishouden={north}") == [story["gp"].pk]
    assert results("van=2026-11-24&tot=2026-11-24&kanaal=screen") == [
        story["bob_in_south"].pk,
        story["about_bram"].pk,
        story["about_alice"].pk,
    ]
    invalid = client.get("/verwerkingen/?van=2026-11-25&tot=2026-11-24")
    assert invalid.context["page"] is None
    assert "Kies een datum op of na de begindatum." in invalid.text


@pytest.mark.parametrize(
    "persona",
    [
        "consultant",
        "other_consultant",
        "policy_advisor",
        "functional_admin",
        "partner_professional",
        "resident",
        "decision_maker",
    ],
)
def test_everyone_else_gets_404_on_the_search_and_the_export(client, world, story, persona):
    before = last_sequence()
    client.force_login(getattr(world, persona))
    assert client.get("/verwerkingen/").status_code == 404
    assert client.get("/verwerkingen/?zoek=1").status_code == 404
    assert client.get("/verwerkingen/export.json").status_code == 404
    assert client.get("/api/v1/processing-log/verwerkingsacties/").status_code == 404
    assert new_entries(before) == []


def test_the_menu_has_the_log_for_the_team_lead_and_the_privacy_officer(client, world):
    client.force_login(world.team_lead)
    assert 'href="/verwerkingen/"' in client.get("/").text
    client.force_login(world.consultant)
    assert 'href="/verwerkingen/"' not in client.get("/").text


# --- The VNG export ----------------------------------------------------------------------------------


def vng_directory() -> Path:
    here = Path(__file__).resolve()
    candidates = [p / "shared" / "data" / "vng" / "verwerkingenlogging" for p in here.parents]
    candidates.append(Path("/work/shared/data/vng/verwerkingenlogging"))
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    pytest.fail(f"VNG Verwerkingenlogging specification not found in {candidates}")


def to_json_schema(node):
    """OpenAPI 3.0 → JSON Schema: ``nullable`` becomes a null type; ``example`` and OpenAPI-only
    keywords go; ``$ref`` to components stays (resolved inside the same document)."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {
        key: to_json_schema(value)
        for key, value in node.items()
        if key not in ("example", "nullable", "readOnly", "writeOnly", "discriminator", "xml")
    }
    if node.get("nullable") and "type" in result:
        result["type"] = [result["type"], "null"]
    return result


@pytest.fixture(scope="module")
def verwerkingsactie_validator():
    spec = yaml.safe_load((vng_directory() / "bewerking-api-openapi.yaml").read_text(encoding="utf-8"))
    # The list endpoint answers VerwerkingsactieUitgebreid: Verwerkingsactie with its verwerkteObjecten.
    items = spec["paths"]["/verwerkingsacties"]["get"]["responses"]["200"]["content"]["application/json"]
    assert items["schema"]["properties"]["results"]["items"] == {
        "$ref": "#/components/schemas/VerwerkingsactieUitgebreid"
    }
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "array",
        "items": {"$ref": "#/components/schemas/VerwerkingsactieUitgebreid"},
        "components": to_json_schema(spec["components"]),
    }
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_the_export_is_a_list_of_vng_verwerkingsacties(client, world, story, verwerkingsactie_validator):
    officer = UserFactory(username="pia", role=Role.PRIVACY_OFFICER)
    client.force_login(officer)
    before = last_sequence()

    response = client.get("/verwerkingen/export.json?zoek=1")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="verwerkingsacties-')
    assert response["X-Total-Count"] == "8"
    acties = json.loads(response.content)
    assert len(acties) == 8
    verwerkingsactie_validator.validate(acties)
    gp = next(actie for actie in acties if actie["eenplan"]["volgnummer"] == story["gp"].sequence)
    assert gp["actieId"] == str(actie_id(story["gp"]))
    assert gp["url"] == f"http://testserver/api/v1/processing-log/verwerkingsacties/{gp['actieId']}/"
    assert (gp["handelingNaam"], gp["verwerkingNaam"], gp["vertrouwelijkheid"]) == (
        "Inzien",
        "Afstemming zorg",
        "vertrouwelijk",
    )
    assert gp["tijdstip"] == "2026-11-23T13:05:00+00:00"
    [person] = gp["verwerkteObjecten"]
    assert (person["objecttype"], person["soortObjectId"], person["objectId"]) == (
        "persoon",
        "eenplan-huishouden-id",
        str(world.north_household.pk),
    )
    assert person["verwerkteSoortenGegevens"] == [
        {"soortGegeven": "Gezondheid"},
        {"soortGegeven": "Plan en afspraken"},
    ]
    no_household = next(a for a in acties if a["eenplan"]["volgnummer"] == story["no_household"].sequence)
    assert no_household["verwerkteObjecten"] == [] and "gebruiker" not in no_household
    logged = new_entries(before)
    assert {(e.action, e.channel, e.purpose, e.object_type) for e in logged} == {
        ("export", "export", "privacy-supervision", "processing_log")
    }
    assert sorted(e.household_id for e in logged) == sorted(
        [world.north_household.pk, world.south_household.pk]
    )


def test_the_schema_check_can_fail(world, story, verwerkingsactie_validator):
    [actie] = verwerkingsacties([story["gp"]], base_url="http://testserver/")
    del actie["actieId"]
    with pytest.raises(jsonschema.ValidationError):
        verwerkingsactie_validator.validate([actie])
    [actie] = verwerkingsacties([story["gp"]], base_url="http://testserver/")
    actie["verwerkteObjecten"][0]["objecttype"] = "huishouden"
    with pytest.raises(jsonschema.ValidationError):
        verwerkingsactie_validator.validate([actie])


def test_the_team_lead_exports_only_the_team_part(client, world, story):
    client.force_login(world.team_lead)
    acties = json.loads(client.get("/verwerkingen/export.json?zoek=1").content)
    assert {actie["eenplan"]["volgnummer"] for actie in acties} == {
        story[name].sequence for name in ("bob_in_south", "about_bram", "about_alice", "job", "own", "gp")
    }


def test_the_export_is_capped_and_says_so(client, world, story, monkeypatch):
    monkeypatch.setattr(core_queries, "EXPORT_CAP", 3)
    monkeypatch.setattr(core_views, "EXPORT_CAP", 3)
    officer = UserFactory(username="pia", role=Role.PRIVACY_OFFICER)
    client.force_login(officer)
    response = client.get("/verwerkingen/export.json?zoek=1")
    acties = json.loads(response.content)
    newest = [story[name].sequence for name in ("no_household", "bob_in_south", "about_bram")]
    assert [actie["eenplan"]["volgnummer"] for actie in acties] == newest
    assert (response["X-Total-Count"], response["X-Export-Capped"]) == ("8", "3/8")
    page = client.get("/verwerkingen/?zoek=1")
    assert "De export bevat de nieuwste 3 verwerkingen, niet alle resultaten." in page.text


def test_the_actie_id_leads_back_to_the_entry(world, story):
    entry = story["gp"]
    assert sequence_from_actie_id(actie_id(entry)) == entry.sequence
    assert sequence_from_actie_id(str(actie_id(entry))) == entry.sequence
    assert sequence_from_actie_id("7a22eb38-bca6-463f-9955-54ab040287cb") is None
    assert sequence_from_actie_id("niet-een-uuid") is None


# --- The API -----------------------------------------------------------------------------------------


@pytest.mark.urls(__name__)
def test_the_api_answers_vng_verwerkingsacties_in_pages(client, world, story, verwerkingsactie_validator):
    client.force_login(world.team_lead)
    before = last_sequence()
    response = client.get(
        "/api/v1/processing-log/verwerkingsacties/", {"household_id": world.south_household.pk}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1  # the south household only through what bob did there
    verwerkingsactie_validator.validate(body["results"])
    assert body["results"][0]["eenplan"]["volgnummer"] == story["bob_in_south"].sequence
    [logged] = new_entries(before)
    assert (logged.channel, logged.household_id, logged.purpose) == (
        "api",
        world.south_household.pk,
        "privacy-supervision",
    )

    detail = client.get(body["results"][0]["url"].removeprefix("http://testserver"))
    assert detail.status_code == 200
    assert detail.json()["actieId"] == body["results"][0]["actieId"]
    south_by_carol = f"/api/v1/processing-log/verwerkingsacties/{actie_id(story['south'])}/"
    assert client.get(south_by_carol).status_code == 404
    assert client.get("/api/v1/processing-log/verwerkingsacties/?action=nonsense").status_code == 400


@pytest.mark.urls(__name__)
def test_the_api_needs_a_login_and_the_right_role(client, world, story):
    assert client.get("/api/v1/processing-log/verwerkingsacties/").status_code in (401, 403)
    client.force_login(world.consultant)
    assert client.get("/api/v1/processing-log/verwerkingsacties/").status_code == 404
    assert client.get(f"/api/v1/processing-log/verwerkingsacties/{actie_id(story['gp'])}/").status_code == 404
