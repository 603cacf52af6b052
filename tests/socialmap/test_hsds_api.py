"""The public HSDS read API (/api/hsds/): paging exactly as HSDS has it, the filters, search order,
errors in Dutch, no log-in or two-factor step, and a bounded number of queries per page."""

import json
import re
import uuid
from pathlib import Path

import pytest

from eenplan.socialmap import hsds

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
TERM_ID = "3f7b145d-84af-42d7-8fae-eaca714b02b2"
ORGANIZATION_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


@pytest.fixture(scope="session")
def examples() -> Path:
    repository = Path(__file__).resolve().parents[2]
    for candidate in [repository.parent / "shared" / "data" / "hsds", Path("/work/shared/data/hsds")]:
        if candidate.is_dir():
            return candidate / "openreferral-specification-3.0" / "examples"
    pytest.fail("HSDS reference data not found beside the repository or in /work/shared/data/hsds")


@pytest.fixture
def upstream(db, examples):
    """The upstream full service (with an attribute for term 3f7b…) and its organization."""
    report = hsds.hsds_import(items=hsds.read_path(examples / "service_full.json"))
    assert report.rejected == []


def service(number: int, name: str, description: str = "", **extra) -> dict:
    return {
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "name": name,
        "description": description,
        "status": "active",
        **extra,
    }


def load(*records: dict, table: str = "service") -> None:
    report = hsds.hsds_import(items=hsds.read_json(list(records), table=table))
    assert (report.rejected, report.stored) == ([], True)


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def test_the_api_details_name_the_version_and_the_profile(client, db):
    assert get(client, "/api/hsds/") == {
        "version": "3.0",
        "profile": "http://testserver/api/hsds/profile",
        "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
    }
    profile = get(client, "/api/hsds/profile")
    assert profile["schema"] == hsds.PROFILE_SCHEMA
    assert profile["kinds"]["volunteer"] == "Vrijwilligers of informele hulp"


def test_services_are_paged_as_hsds_has_it(client, db):
    load(service(1, "Alfa"), service(2, "Bravo"), service(3, "Charlie"))
    assert get(client, "/api/hsds/services?per_page=2&page=2") == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 2,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
        "contents": [service(3, "Charlie")],
    }
    first = get(client, "/api/hsds/services?per_page=2")
    assert (first["page_number"], first["size"], first["first_page"], first["last_page"]) == (
        1,
        2,
        True,
        False,
    )
    assert [s["name"] for s in first["contents"]] == ["Alfa", "Bravo"]
    beyond = get(client, "/api/hsds/services?per_page=2&page=3")
    assert (beyond["size"], beyond["empty"], beyond["last_page"], beyond["contents"]) == (0, True, True, [])


def test_an_empty_list_has_no_pages(client, db):
    assert get(client, "/api/hsds/taxonomies") == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_the_list_shows_organization_and_program_and_full_shows_everything(client, upstream, examples):
    listed = get(client, "/api/hsds/services")["contents"][0]
    assert sorted(key for key, value in listed.items() if isinstance(value, dict | list)) == [
        "organization",
        "program",
    ]
    assert listed["organization"]["id"] == ORGANIZATION_ID and "locations" not in listed["organization"]
    full = get(client, "/api/hsds/services?full=true")["contents"][0]
    original = json.loads((examples / "service_full.json").read_text())
    assert hsds.canonical(full) == hsds.canonical(original)
    assert hsds.canonical(get(client, f"/api/hsds/services/{SERVICE_ID}")) == hsds.canonical(original)
    minimal = get(client, "/api/hsds/services?minimal=true")["contents"]
    assert minimal == [{"id": SERVICE_ID, "last_modified": "2023-03-15T10:30:45.123Z"}]


def test_services_filter_by_organization_taxonomy_term_taxonomy_and_modification(client, upstream):
    load(service(1, "Zonder term", last_modified="2024-06-01T08:00:00Z"))

    def ids(query: str) -> list[str]:
        return [s["id"] for s in get(client, f"/api/hsds/services?{query}")["contents"]]

    other = "00000000-0000-4000-8000-000000000001"
    assert ids("") == [SERVICE_ID, other]  # by name: Community Counselling, Zonder term
    assert ids(f"organization_id={ORGANIZATION_ID}") == [SERVICE_ID]
    assert ids(f"taxonomy_term_id={TERM_ID}") == [SERVICE_ID]
    assert ids("taxonomy_term_id=00000000-0000-4000-8000-000000000999") == []
    assert ids("taxonomy_id=5c4d79d7-cc55-470e-9f1f-8cad074e4892") == [SERVICE_ID]
    assert ids("modified_after=2024-01-01T00:00:00Z") == [other]
    assert ids("modified_after=2023-03-15T11:30:45%2B01:00") == [SERVICE_ID, other]  # = 10:30:45 UTC
    assert ids("modified_after=2023-03-15T10:30:46Z") == [other]
    assert ids("modified_after=2023-03-15") == [SERVICE_ID, other]


def test_search_returns_the_best_match_first(client, db):
    load(
        service(1, "Boodschappenhulp", "Wij helpen met boodschappen doen."),
        service(2, "Maaltijden aan huis", "Vrijwilligers koken en brengen maaltijden bij u thuis."),
        service(3, "Fietsenmaker", "Reparatie van fietsen."),
    )
    found = get(client, "/api/hsds/services?search=maaltijden%20koken%20boodschappen")
    assert [s["name"] for s in found["contents"]] == ["Maaltijden aan huis", "Boodschappenhulp"]
    assert found["total_items"] == 2
    assert get(client, "/api/hsds/services?search=fietsen")["contents"][0]["name"] == "Fietsenmaker"


def test_an_unknown_id_is_not_found(client, db):
    for path, what in [
        ("services", "Deze dienst"),
        ("organizations", "Deze organisatie"),
        ("service_at_locations", "Deze dienst op een locatie"),
        ("taxonomies", "Deze taxonomie"),
        ("taxonomy_terms", "Deze taxonomieterm"),
    ]:
        assert get(client, f"/api/hsds/{path}/onbekend", 404) == {"detail": f"{what} bestaat niet."}
    assert get(client, "/api/hsds/services?per_page=0", 400) == {
        "detail": "per_page moet tussen 1 en 500 liggen."
    }


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("page=0", "page moet 1 of meer zijn."),
        ("page=twee", "page moet een geheel getal zijn."),
        ("per_page=501", "per_page moet tussen 1 en 500 liggen."),
        ("full=misschien", "full moet true of false zijn."),
        ("format=xml", "format moet json of ndjson zijn."),
        (
            "modified_after=gisteren",
            "modified_after moet een datum en tijd zijn, bijvoorbeeld 2024-01-31T12:00:00Z.",
        ),
    ],
)
def test_a_bad_parameter_answers_400_in_dutch(client, db, query, detail):
    assert get(client, f"/api/hsds/services?{query}", 400) == {"detail": detail}


def test_proximity_needs_a_known_postcode(client, db):
    assert get(client, "/api/hsds/service_at_locations?proximity=500", 400) == {
        "detail": "proximity werkt alleen samen met postcode."
    }
    assert get(client, "/api/hsds/service_at_locations?postcode=9999&proximity=500", 400) == {
        "detail": "Postcodegebied 9999 kennen we niet."
    }
    assert get(client, "/api/hsds/service_at_locations?postcode=AB&proximity=500", 400) == {
        "detail": "postcode moet een Nederlandse postcode zijn, zoals 8011 AB of 8011."
    }


def test_service_at_locations_near_a_postcode_nearest_first(client, social_map):
    def services(query: str) -> list[str]:
        found = get(client, f"/api/hsds/service_at_locations?{query}")["contents"]
        return [link["service"]["name"] for link in found]

    assert services("postcode=8011&proximity=1000") == ["Vrijwillige bezorgers voedselbank"]
    assert services("postcode=8031AA&proximity=6000") == [
        "Taalcafé Oost",
        "Vrijwillige bezorgers voedselbank",
    ]
    assert services("postcode=8031") == ["Taalcafé Oost"]
    link = get(client, "/api/hsds/service_at_locations?postcode=8011&proximity=1000")["contents"][0]
    assert link["location"]["name"] == "Buurthuis De Wieken"
    assert link["service"]["eenplan"]["kind"] == "volunteer"


def test_service_at_locations_filter_and_full(client, upstream, examples):
    link_id = "e94c9f38-1e8f-4564-91d4-d53501ab1765"
    assert [
        x["id"] for x in get(client, f"/api/hsds/service_at_locations?taxonomy_term_id={TERM_ID}")["contents"]
    ] == [link_id]
    assert get(client, "/api/hsds/service_at_locations?organization_id=elders")["contents"] == []
    original = json.loads((examples / "service_at_location_full.json").read_text())
    assert hsds.canonical(get(client, f"/api/hsds/service_at_locations/{link_id}")) == hsds.canonical(
        original
    )


def test_organizations_and_taxonomy_terms(client, upstream, examples):
    organization = get(client, "/api/hsds/organizations")["contents"][0]
    assert "services" not in organization and "locations" not in organization
    nested = get(client, f"/api/hsds/organizations/{ORGANIZATION_ID}")
    listed = json.loads((examples / "service_list.json").read_text())["contents"][0]
    assert nested["services"] == [
        {key: value for key, value in listed.items() if not isinstance(value, dict)}
    ]
    original = json.loads((examples / "organization_full.json").read_text())
    full = get(client, f"/api/hsds/organizations/{ORGANIZATION_ID}?full_service=true")
    assert hsds.canonical(full) == hsds.canonical(original)
    assert get(client, "/api/hsds/organizations?search=example")["total_items"] == 1
    assert get(client, "/api/hsds/organizations?search=voorbeeld")["total_items"] == 0
    terms = get(client, "/api/hsds/taxonomy_terms?taxonomy_id=5c4d79d7-cc55-470e-9f1f-8cad074e4892")
    assert [t["id"] for t in terms["contents"]] == [TERM_ID]
    assert terms["contents"][0]["taxonomy_detail"]["id"] == "5c4d79d7-cc55-470e-9f1f-8cad074e4892"
    assert get(client, "/api/hsds/taxonomy_terms?top_only=true")["contents"] == []  # it has a parent
    parent = get(client, "/api/hsds/taxonomy_terms?parent_id=0bc248fa-dc27-4650-9ba4-8f1a24ef16a2")
    assert [t["id"] for t in parent["contents"]] == [TERM_ID]


def test_ndjson_streams_every_result_without_paging(client, db):
    load(service(1, "Alfa"), service(2, "Bravo"), service(3, "Charlie"))
    response = client.get("/api/hsds/services?format=ndjson&per_page=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["Alfa", "Bravo", "Charlie"]


def test_a_trailing_slash_redirects_to_the_hsds_path(client, db):
    response = client.get("/api/hsds/services/?page=2")
    assert (response.status_code, response["Location"]) == (302, "/api/hsds/services?page=2")
    response = client.get("/api/hsds/services/abc/")
    assert (response.status_code, response["Location"]) == (302, "/api/hsds/services/abc")


def test_the_api_is_public_even_for_staff_without_a_second_factor(client, world, settings):
    settings.EENPLAN_REQUIRE_2FA = True
    client.force_login(world.consultant)
    assert client.get("/api/hsds/services").status_code == 200
    assert client.get("/api/v1/households/").status_code == 403  # the private API still asks for it


def renumber(number: int):
    return lambda match: str(uuid.uuid5(uuid.NAMESPACE_URL, f"{number}/{match[0]}"))


def test_a_page_takes_a_bounded_number_of_queries(client, upstream, examples, django_assert_max_num_queries):
    text = (examples / "service_full.json").read_text()
    for number in range(30):  # copies with every id renumbered: thirty more services, each fully nested
        load(json.loads(re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", renumber(number), text)))
    with django_assert_max_num_queries(8):
        listed = get(client, "/api/hsds/services?per_page=31")
    assert listed["size"] == 31
    with django_assert_max_num_queries(45):
        full = get(client, "/api/hsds/services?per_page=31&full=true")
    assert [len(s["phones"]) for s in full["contents"]] == [1] * 31
    with django_assert_max_num_queries(45):
        get(client, "/api/hsds/service_at_locations?full=true")
