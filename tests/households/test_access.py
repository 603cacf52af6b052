"""The access functions and the pages and API endpoints that use them: who sees which household,
a 404 where not allowed (and nothing logged), a processing-log row where allowed."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from eenplan.core.models import ProcessingLogEntry
from eenplan.households.models import Household, Representation
from eenplan.households.queries import (
    access_household_for,
    household_ids_visible_to,
    households_visible_to,
    in_reach,
)
from eenplan.intake.models import SupportRequest
from eenplan.plans.models import Plan
from eenplan.sharing.models import BreakGlassAccess
from tests.factories import HouseholdFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def visible(world, user):
    return set(households_visible_to(user).values_list("pk", flat=True))


def test_visibility_follows_the_default_policy(world):
    north, south = world.north_household.pk, world.south_household.pk
    assert visible(world, world.consultant) == {north}
    assert visible(world, world.other_consultant) == {south}
    assert visible(world, world.team_lead) == {north}
    assert visible(world, world.resident) == {north}
    for user in (
        world.decision_maker,
        world.partner_professional,
        world.policy_advisor,
        world.functional_admin,
    ):
        assert visible(world, user) == set()


def test_an_inactive_user_sees_nothing(world):
    world.consultant.is_active = False
    world.consultant.save()
    assert visible(world, world.consultant) == set()


def test_access_logs_the_read_with_purpose_basis_and_channel(world):
    household = access_household_for(world.consultant, world.north_household.pk, channel="screen")
    assert household == world.north_household
    entry = ProcessingLogEntry.objects.get()
    assert (entry.action, entry.purpose, entry.legal_basis, entry.channel) == (
        "read",
        "support",
        "public-task",
        "screen",
    )
    assert entry.household_id == world.north_household.pk
    assert entry.actor_id == world.consultant.pk
    assert entry.categories == ["household-network", "identity-contact"]


def test_the_resident_reads_own_data_on_the_data_subject_basis(world):
    access_household_for(world.resident, world.north_household.pk, channel="screen")
    entry = ProcessingLogEntry.objects.get()
    assert (entry.purpose, entry.legal_basis, entry.actor_role) == (
        "data-subject-access",
        "legal-obligation",
        "resident",
    )


@pytest.mark.parametrize("bad_id", [10**9, "abc", None])
def test_access_to_a_missing_household_is_404_and_logs_nothing(world, bad_id):
    with pytest.raises(Http404):
        access_household_for(world.consultant, bad_id, channel="screen")
    assert ProcessingLogEntry.objects.count() == 0


def test_a_purpose_the_role_may_not_use_is_404(world):
    with pytest.raises(Http404):
        access_household_for(world.consultant, world.north_household.pk, channel="screen", purpose="decision")
    assert ProcessingLogEntry.objects.count() == 0


OUTSIDERS = [
    "other_consultant",
    "decision_maker",
    "partner_professional",
    "policy_advisor",
    "functional_admin",
]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_household_page_is_404_for_those_outside_its_reach(client, world, persona):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("households:detail", args=[world.north_household.pk]))
    assert response.status_code == 404
    assert ProcessingLogEntry.objects.count() == 0


@pytest.mark.parametrize("persona", ["consultant", "team_lead", "resident"])
def test_household_page_shows_members_and_logs_for_those_within_reach(client, world, persona):
    user = getattr(world, persona)
    client.force_login(user)
    response = client.get(reverse("households:detail", args=[world.north_household.pk]))
    assert response.status_code == 200
    assert "Alice" in response.text and "Bram" in response.text
    entry = ProcessingLogEntry.objects.get()
    assert (entry.actor_id, entry.household_id, entry.object_type) == (
        user.pk,
        world.north_household.pk,
        "household",
    )


def test_household_list_shows_only_households_in_reach_and_logs_each(client, world):
    client.force_login(world.consultant)
    response = client.get(reverse("households:list"))
    assert response.status_code == 200
    assert "Alice Jansen" in response.text
    assert "Charlie" not in response.text
    assert list(ProcessingLogEntry.objects.values_list("household_id", flat=True)) == [
        world.north_household.pk
    ]


def test_household_list_answers_htmx_with_the_partial_only(client, world):
    client.force_login(world.consultant)
    response = client.get(reverse("households:list"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="household-list">')
    assert "<html" not in response.text


def test_pages_need_a_login(client, world):
    response = client.get(reverse("households:detail", args=[world.north_household.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert ProcessingLogEntry.objects.count() == 0


# API: the same rules through the same access functions.


def api_client(client, user):
    token = Token.objects.create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def test_api_household_detail_with_token_logs_the_api_channel(client, world):
    response = api_client(client, world.consultant).get(f"/api/v1/households/{world.north_household.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["reference"] == world.north_household.reference
    assert sorted(m["given_name"] for m in data["members"]) == ["Alice", "Bram"]
    assert ProcessingLogEntry.objects.get().channel == "api"


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_api_household_detail_is_404_outside_reach(client, world, persona):
    response = api_client(client, getattr(world, persona)).get(
        f"/api/v1/households/{world.north_household.pk}/"
    )
    assert response.status_code == 404
    assert ProcessingLogEntry.objects.count() == 0


def test_api_household_list_is_paged_and_scoped(client, world):
    response = api_client(client, world.other_consultant).get("/api/v1/households/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert [h["id"] for h in data["results"]] == [world.south_household.pk]
    assert data["next"] is None


def test_api_refuses_anonymous_and_bad_tokens(client, world):
    assert client.get("/api/v1/households/").status_code in (401, 403)
    client.defaults["HTTP_AUTHORIZATION"] = "Token nope"
    response = client.get("/api/v1/households/")
    assert response.status_code == 401
    assert ProcessingLogEntry.objects.count() == 0


def test_api_me_and_schema(client, world):
    client = api_client(client, world.team_lead)
    me = client.get("/api/v1/me/").json()
    assert me == {
        "username": "dave",
        "name": world.team_lead.get_full_name(),
        "role": "team_lead",
        "organisation": "Wijkteam Noord, Zwolle",
    }
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/households/", "/api/v1/households/{household_id}/", "/api/v1/me/"} <= set(paths)


def test_api_documentation_page_lists_every_operation_without_login(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    for operation in ("GET /api/v1/households/", "GET /api/v1/households/{household_id}/", "GET /api/v1/me/"):
        assert f"<code>{operation}</code>" in response.text
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_policy_counts_suppress_cells_under_ten(world):
    from eenplan.households.queries import household_counts_by_district

    for _ in range(8):
        HouseholdFactory(area=world.north_household.area)  # 9 in Noord
    for _ in range(9):
        HouseholdFactory(area=world.south_household.area)  # 10 in Zuid
    counts = {
        row["name"]: row["household_count"]
        for row in household_counts_by_district(world.resident.municipality)
    }
    assert counts == {"Noord": None, "Zuid": 10}


def test_a_consultant_adds_a_member_and_a_network_member(client, world):
    from eenplan.households.models import NetworkMember, Person

    client.force_login(world.consultant)
    url = f"/huishoudens/{world.north_household.pk}/"
    member = {"relation": "child", "given_name": "Cas", "surname": "Jansen", "date_of_birth": "2015-06-01"}
    response = client.post(url + "lid/", {**member, "preferred_language": "Nederlands"})
    assert response["Location"] == url
    assert Person.objects.filter(household=world.north_household, given_name="Cas", relation="child").exists()
    network = {"name": "Els de Buur", "kind": "neighbour", "is_informal_carer": "on"}
    response = client.post(url + "netwerk/", {**network, "contribution": "Doet boodschappen."})
    member = NetworkMember.objects.get()
    assert (member.name, member.is_informal_carer, member.contribution) == (
        "Els de Buur",
        True,
        "Doet boodschappen.",
    )
    page = client.get(url).text
    assert "Els de Buur" in page and "mantelzorger" in page
    creates = ProcessingLogEntry.objects.filter(action="create").values_list("object_type", flat=True)
    assert list(creates) == ["person", "network_member"]


def test_a_member_with_a_bsn_that_exists_is_refused(client, world):
    from eenplan.households.models import Person

    alice = Person.objects.get(given_name="Alice")
    client.force_login(world.consultant)
    data = {"relation": "other", "given_name": "X", "surname": "Y", "date_of_birth": "2000-01-01"}
    response = client.post(
        f"/huishoudens/{world.north_household.pk}/lid/",
        {**data, "bsn": alice.bsn, "preferred_language": "Nederlands"},
    )
    assert "Er is al iemand met dit BSN" in response.text
    assert Person.objects.filter(given_name="X").count() == 0


@pytest.mark.parametrize("persona", [*OUTSIDERS, "resident"])
def test_others_cannot_add_to_the_household(client, world, persona):
    from eenplan.households.models import NetworkMember

    client.force_login(getattr(world, persona))
    response = client.post(
        f"/huishoudens/{world.north_household.pk}/netwerk/", {"name": "Z", "kind": "friend"}
    )
    assert response.status_code == 404
    assert NetworkMember.objects.count() == 0


def test_api_adds_members_and_network_only_for_the_team(client, world):
    from eenplan.households.models import NetworkMember, Person

    response = api_client(client, world.consultant).post(
        f"/api/v1/households/{world.north_household.pk}/network/",
        {"name": "Els", "kind": "neighbour", "is_informal_carer": True}, content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    assert NetworkMember.objects.get().is_informal_carer is True
    response = client.post(
        f"/api/v1/households/{world.north_household.pk}/members/",
        {
            "relation": "child",
            "given_name": "Cas",
            "surname": "Jansen",
            "date_of_birth": "2015-06-01",
            "bsn": "123",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "bsn" in response.json()
    assert not Person.objects.filter(given_name="Cas").exists()


@pytest.mark.parametrize("persona", [*OUTSIDERS, "resident"])
def test_api_additions_are_404_outside_the_team(client, world, persona):
    from eenplan.households.models import NetworkMember

    response = api_client(client, getattr(world, persona)).post(
        f"/api/v1/households/{world.north_household.pk}/network/", {"name": "Z", "kind": "friend"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 404
    assert NetworkMember.objects.count() == 0


def test_reading_one_household_and_listing_them_follow_the_same_rules(world):
    """in_reach (one record: EXISTS per rule) and household_ids_visible_to (lists: a UNION) are made
    from the same rules; here every rule gives a household of its own, in force and lapsed."""
    now, today = timezone.now(), timezone.localdate()
    elsewhere = world.south_household.area

    def household():
        created = HouseholdFactory(area=elsewhere)
        PersonFactory(household=created)
        return created

    assigned, directed, glass, lapsed_glass, represented, withdrawn = (household() for _ in range(6))
    SupportRequest.objects.create(
        household=assigned, person=assigned.members.first(), received_on=today, channel="phone",
        reporter="resident", question="Het lukt niet meer.", laws=["wmo"], assigned_to=world.consultant,
        registered_by=world.consultant, receipt_confirmed_at=now,
    )  # fmt: skip
    Plan.objects.create(household=directed, case_director=world.team_lead)
    for target, expires in ((glass, now + timedelta(hours=4)), (lapsed_glass, now - timedelta(hours=1))):
        BreakGlassAccess.objects.create(
            user=world.consultant, household=target, reason="Acuut", started_at=now - timedelta(hours=8),
            expires_at=expires,
        )  # fmt: skip
    for target, ends_on in ((represented, None), (withdrawn, today - timedelta(days=1))):
        Representation.objects.create(
            person=target.members.first(), kind=Representation.Kind.MENTOR, representative=world.resident,
            representative_name="Alice Jansen", evidence="Beschikking", recorded_by=world.consultant,
            starts_on=today - timedelta(days=30), ends_on=ends_on,
        )  # fmt: skip
    inactive = UserFactory(
        username="ivan", role=world.consultant.role, team=world.consultant.team, is_active=False
    )

    expected = {
        world.consultant: {world.north_household, assigned, glass},
        world.team_lead: {world.north_household, directed},
        world.other_consultant: {  # all of them are in the south team's area
            world.south_household, assigned, directed, glass, lapsed_glass, represented, withdrawn,
        },
        world.resident: {world.north_household, represented},
        world.decision_maker: set(),
        world.partner_professional: set(),
        world.policy_advisor: set(),
        inactive: set(),
    }  # fmt: skip
    for user, households in expected.items():
        listed = set(Household.objects.filter(pk__in=household_ids_visible_to(user)))
        one_by_one = {
            h for h in Household.objects.all() if Household.objects.filter(in_reach(user, "pk"), pk=h.pk)
        }
        assert listed == one_by_one == households, user.username
