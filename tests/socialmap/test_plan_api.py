"""The social map in the plans API: an agreement that uses a service, and at evaluation whether it
helped; plus loading postcode centres."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from eenplan.plans import actions as plan_actions
from eenplan.plans.models import Agreement
from eenplan.socialmap.models import Postcode
from tests.plans.test_api import api, url


def test_an_agreement_uses_a_service_and_its_evaluation_records_whether_it_helped(
    client, social_map, plan_world, world
):
    plan = plan_world.plan
    client = api(client, world.consultant)
    response = client.post(
        url(plan, "agreements/"),
        {"version": plan.version, "kind": "community", "description": "Eet op dinsdag mee",
         "service": social_map.meal.pk, "goal": plan_world.goal.pk},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["service"], body["community_service"], body["who"]) == (
        social_map.meal.pk,
        "Samen eten in De Wieken",
        "Samen eten in De Wieken",
    )
    agreement = Agreement.objects.get(pk=body["id"])
    # A resident agreement never keeps a service.
    response = client.patch(
        url(plan, f"agreements/{agreement.pk}/"),
        {"version": body["plan_version"], "kind": "resident", "person": plan.household.members.first().pk},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["service"] is None
    response = client.patch(
        url(plan, f"agreements/{agreement.pk}/"),
        {"version": response.json()["plan_version"], "kind": "community", "service": social_map.meal.pk},
        content_type="application/json",
    )
    assert response.json()["service"] == social_map.meal.pk
    plan.refresh_from_db()
    plan_actions.plan_agree(
        actor=world.consultant, plan=plan, version=plan.version, agreed_on=timezone.localdate(),
        how="verbal", note="",
    )  # fmt: skip
    plan.refresh_from_db()
    plan_actions.plan_activate(actor=world.consultant, plan=plan, version=plan.version)
    plan.refresh_from_db()
    evaluation = {
        "version": plan.version,
        "held_on": timezone.localdate().isoformat(),
        "goals": [{"goal": plan_world.goal.pk, "outcome": "partly"}],
    }
    wrong = client.post(
        url(plan, "evaluate/"),
        evaluation | {"services": [{"agreement": 999999, "outcome": "helped"}]},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "services" in wrong.json()
    response = client.post(
        url(plan, "evaluate/"),
        evaluation | {"services": [{"agreement": agreement.pk, "outcome": "not_helped"}]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    agreement.refresh_from_db()
    assert agreement.service_outcome == "not_helped"


def test_postcode_centres_load_from_csv_all_or_nothing(tmp_path, db):
    good = tmp_path / "pc4.csv"
    good.write_text("postcode,latitude,longitude\n8011,52.5125,6.0940\n8012,52.51,6.09\n", encoding="utf-8")
    out = StringIO()
    call_command("postcodes_load", str(good), stdout=out)
    assert out.getvalue().strip() == "2 postcodegebieden geladen."
    assert Postcode.objects.get(code="8012").latitude == 52.51
    bad = tmp_path / "bad.csv"
    bad.write_text("postcode,latitude,longitude\n8013,52.5,6.1\nabcd,1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Niets geladen"):
        call_command("postcodes_load", str(bad))
    assert not Postcode.objects.filter(code="8013").exists()


def test_staff_search_the_social_map_through_the_api(client, social_map, world):
    response = client.get("/api/v1/social-map/services/", {"q": "meerijden"})
    assert response.status_code == 401
    client = api(client, world.consultant)
    response = client.get(
        "/api/v1/social-map/services/", {"q": "hij wil graag meerijden en helpen", "limit": 2}
    )
    assert response.status_code == 200
    first = response.json()[0]
    assert (first["name"], first["matched"], first["organization"], first["used"]) == (
        "Vrijwillige bezorgers voedselbank",
        ["meerijden", "helpen"],
        "Stichting Buurtkracht",
        0,
    )
    assert len(response.json()) == 2
    filtered = client.get(
        "/api/v1/social-map/services/", {"q": "helpen", "kind": "citizen_initiative", "cost": ["free"]}
    )
    assert [hit["name"] for hit in filtered.json()] == ["Hondenuitlaatservice door buurtgenoten"]
    near = client.get("/api/v1/social-map/services/", {"postcode": "8011AB", "distance_km": 2})
    assert [(hit["name"], hit["distance_km"]) for hit in near.json()] == [
        ("Vrijwillige bezorgers voedselbank", 0.0)
    ]
    bad = client.get("/api/v1/social-map/services/", {"distance_km": 2})
    assert bad.status_code == 400
    assert bad.json() == {"postcode": ["Vul een postcode in om op afstand te zoeken."]}
    client = api(client, world.resident)
    assert client.get("/api/v1/social-map/services/", {"q": "helpen"}).status_code == 404
