"""The configuration every page reads (purposes, the role policy, the areas of the team, the name of the
organisation) is kept per process for as long as the configuration version stays the same: a page reads
only the version; whatever beheer saves or deletes raises it, and the next page follows the change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eenplan.accounts.models import Partner
from eenplan.core import configuration
from eenplan.core.actions import configuration_version_bump
from eenplan.core.configuration import configuration_version
from eenplan.core.models import Purpose

from ..factories import HouseholdFactory, NeighbourhoodFactory, PersonFactory

pytestmark = pytest.mark.django_db

# How each configuration read looks in SQL.
READS = {
    "purposes": 'FROM "core_purpose"',
    "role policy": 'FROM "core_rolepolicy"',
    "team areas": '"accounts_team_areas"."team_id" =',
    "team": 'FROM "accounts_team" WHERE',
    "gemeente": 'FROM "core_municipality" WHERE',
    "version": 'FROM "core_configurationversion"',
}


def reads(client, url) -> list[str]:
    """The configuration a request reads, once for every query."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [name for query in captured for name, sql in READS.items() if sql in query["sql"]]


def test_a_page_reads_the_configuration_once_per_process_and_the_version_once_per_request(client, world):
    client.force_login(world.consultant)
    household = f"/huishoudens/{world.north_household.pk}/"
    first = reads(client, household)
    assert sorted(first) == ["gemeente", "purposes", "role policy", "team", "team areas", "version"]
    assert reads(client, household) == ["version"]
    assert reads(client, "/meldingen/") == ["version"]


def test_a_team_area_added_in_beheer_counts_on_the_next_page(client, world):
    team = world.consultant.team
    west = NeighbourhoodFactory()  # outside both teams
    household = HouseholdFactory(area=west)
    PersonFactory(household=household, given_name="Dirk", surname="Dalen")
    client.force_login(world.consultant)
    assert client.get(f"/huishoudens/{household.pk}/").status_code == 404
    version = configuration_version()

    client.force_login(world.functional_admin)
    response = client.post(
        f"/beheer/accounts/team/{team.pk}/change/",
        {
            "municipality": team.municipality_id,
            "name": team.name,
            "areas": [*team.areas.values_list("pk", flat=True), west.pk],
        },
    )
    assert response.status_code == 302
    assert configuration_version() == version + 1

    client.force_login(world.consultant)
    assert "Dirk" in client.get(f"/huishoudens/{household.pk}/").content.decode()


def consultant_purposes() -> list[Purpose]:
    purposes = [purpose for purpose in Purpose.objects.all() if "consultant" in purpose.roles]
    assert purposes
    return purposes


def test_a_role_taken_off_its_purposes_in_beheer_stops_processing_at_once(client, world):
    client.force_login(world.consultant)
    assert client.get(f"/huishoudens/{world.north_household.pk}/").status_code == 200
    client.force_login(world.functional_admin)
    for purpose in consultant_purposes():
        response = client.post(
            f"/beheer/core/purpose/{purpose.pk}/change/",
            {"code": purpose.code, "name": purpose.name, "description": purpose.description,
             "legal_basis": purpose.legal_basis_id, "roles": '["team_lead"]', "is_active": "on"},
        )  # fmt: skip
        assert response.status_code == 302
    client.force_login(world.consultant)
    assert client.get(f"/huishoudens/{world.north_household.pk}/").status_code == 404


def test_deleting_in_beheer_raises_the_version(client, world):
    partner = Partner.objects.create(
        municipality=world.north_household.municipality, name="Weg", kind="other"
    )
    version = configuration_version()
    client.force_login(world.functional_admin)
    response = client.post(f"/beheer/accounts/partner/{partner.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert configuration_version() == version + 1
    another = Partner.objects.create(
        municipality=world.north_household.municipality, name="Ook weg", kind="other"
    )
    client.post(
        "/beheer/accounts/partner/",
        {"action": "delete_selected", "_selected_action": [another.pk], "post": "yes"},
    )
    assert not Partner.objects.filter(pk=another.pk).exists()
    assert configuration_version() == version + 2


def test_a_change_outside_beheer_counts_after_a_bump_or_at_the_latest_after_the_cache_time(
    client, world, monkeypatch
):
    url = f"/huishoudens/{world.north_household.pk}/"
    client.force_login(world.consultant)
    assert client.get(url).status_code == 200
    Purpose.objects.filter(pk__in=[p.pk for p in consultant_purposes()]).update(is_active=False)  # a shell
    assert client.get(url).status_code == 200  # the process still has the purposes it read
    configuration_version_bump()
    assert client.get(url).status_code == 404

    Purpose.objects.update(is_active=True)
    assert client.get(url).status_code == 404
    later = configuration.time.monotonic() + configuration.CACHE_SECONDS + 1
    monkeypatch.setattr(configuration.time, "monotonic", lambda: later)
    assert client.get(url).status_code == 200
