"""The social map through its screens: search by wish, adding a service to the plan in one step (from
the search, a goal's suggestions and a conversation's suggestions), maintaining and reviewing entries,
and the feedback loop from evaluation to the service's counts."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eenplan.core.models import ProcessingLogEntry
from eenplan.plans import actions as plan_actions
from eenplan.plans.models import Agreement, Plan
from eenplan.socialmap.models import Service


def test_a_consultant_searches_by_wish_and_every_staff_role_may_search(client, social_map, world):
    client.force_login(world.consultant)
    response = client.get(reverse("socialmap:search"), {"q": "hij wil graag meerijden en helpen"})
    assert response.status_code == 200
    hits = response.context["hits"]
    assert hits[0].service == social_map.courier
    assert "Past bij: meerijden, helpen" in response.content.decode()
    # HTMX asks for the results only.
    partial = client.get(reverse("socialmap:search"), {"q": "dieren"}, headers={"HX-Request": "true"})
    assert partial.templates[0].name == "socialmap/partials/results.html"
    for user in (world.team_lead, world.decision_maker, world.partner_professional, world.policy_advisor):
        client.force_login(user)
        assert client.get(reverse("socialmap:search"), {"q": "dieren"}).status_code == 200


def test_a_resident_does_not_reach_the_staff_social_map(client, social_map, world):
    client.force_login(world.resident)
    assert client.get(reverse("socialmap:search")).status_code == 404
    assert client.get(reverse("socialmap:service", args=[social_map.courier.pk])).status_code == 404


def test_bad_filters_get_a_dutch_message_and_no_results(client, social_map, world):
    client.force_login(world.consultant)
    response = client.get(reverse("socialmap:search"), {"q": "helpen", "afstand": "5", "postcode": "x"})
    assert response.context["hits"] == []
    assert response.context["form"].errors == {"postcode": ["Vul een postcode in zoals 8011 of 8011AB."]}


def test_the_search_page_has_a_bounded_number_of_queries(
    client, social_map, world, django_assert_max_num_queries
):
    client.force_login(world.consultant)
    with django_assert_max_num_queries(16):
        client.get(
            reverse("socialmap:search"), {"q": "helpen samen eten", "postcode": "8011", "afstand": "10"}
        )


def test_from_the_search_a_service_goes_into_the_plan_in_one_step(client, social_map, plan_world, world):
    plan, goal = plan_world.plan, plan_world.goal
    client.force_login(world.consultant)
    response = client.get(reverse("socialmap:search"), {"q": "samen eten", "plan": plan.pk, "doel": goal.pk})
    assert response.context["plan"] == plan and response.context["goal"] == goal
    assert reverse("plans:agreement_from_service", args=[plan.pk]) in response.content.decode()
    before = ProcessingLogEntry.objects.count()
    response = client.post(
        reverse("plans:agreement_from_service", args=[plan.pk]),
        {"version": plan.version, "service": social_map.meal.pk, "goal": goal.pk},
    )
    assert response.status_code == 302 and response.url == reverse("plans:detail", args=[plan.pk])
    agreement = Agreement.objects.get(service=social_map.meal)
    assert (agreement.plan, agreement.goal, agreement.kind) == (plan, goal, Agreement.Kind.COMMUNITY)
    assert agreement.description == "Samen eten in De Wieken" and agreement.who == "Samen eten in De Wieken"
    plan.refresh_from_db()
    assert plan.versions.first().change == "Afspraak toegevoegd: Samen eten in De Wieken"
    assert ProcessingLogEntry.objects.count() > before


def test_a_stale_add_changes_nothing(client, social_map, plan_world, world):
    plan = plan_world.plan
    client.force_login(world.consultant)
    client.post(
        reverse("plans:agreement_from_service", args=[plan.pk]),
        {"version": plan.version - 1 or 99, "service": social_map.meal.pk},
    )
    assert not Agreement.objects.filter(service__isnull=False).exists()


def test_nobody_outside_the_plan_adds_a_service(client, social_map, plan_world, world):
    plan = plan_world.plan
    for user in (world.other_consultant, world.policy_advisor, world.resident):
        client.force_login(user)
        response = client.post(
            reverse("plans:agreement_from_service", args=[plan.pk]),
            {"version": plan.version, "service": social_map.meal.pk},
        )
        assert response.status_code == 404
    assert not Agreement.objects.filter(service__isnull=False).exists()


def _south_request(world):
    """A melding of Charlie in the south team's area."""
    from eenplan.intake import actions as intake_actions

    return intake_actions.support_request_register(
        actor=world.other_consultant, household=world.south_household,
        person=world.south_household.members.get(), received_on=timezone.localdate(), channel="phone",
        reporter="resident", reporter_name="", question="Ik eet alleen.", laws=["wmo"], urgency="normal",
    )  # fmt: skip


def test_a_goal_shows_suggestions_from_the_social_map(client, social_map, plan_world, world):
    """The plan page does not search the social map itself: each goal gets a link to its suggestions,
    which HTMX loads in place when the goal comes into view."""
    plan = plan_world.plan
    goal = plan_actions.goal_add(
        actor=world.consultant, plan=plan, version=plan.version, text="Weer samen eten"
    )
    url = reverse("plans:goal_suggestions", args=[plan.pk, goal.pk])
    client.force_login(world.consultant)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert (
        f'hx-get="{url}" hx-trigger="revealed" hx-swap="outerHTML"><a class="utrecht-link" href="{url}">'
        in page
    )
    assert "Samen eten in De Wieken" not in page
    last = ProcessingLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.templates[0].name == "plans/partials/goal_suggestions.html"
    assert "HX-Request" in response["Vary"]  # a browser does not show the part as the whole page
    assert response.context["hits"][0].service == social_map.meal
    body = response.content.decode()
    assert "Sociale kaart: 1 suggestie bij dit doel" in body
    add = reverse("plans:agreement_from_service", args=[plan.pk])
    assert f'<form method="post" action="{add}"' in body
    assert f'<input type="hidden" name="goal" value="{goal.pk}">' in body
    assert f'<input type="hidden" name="service" value="{social_map.meal.pk}">' in body
    entry = ProcessingLogEntry.objects.get(pk__gt=last)  # exactly one row
    assert (entry.actor_id, entry.action, entry.household_id, entry.object_type, entry.object_id) == (
        world.consultant.pk, "read", plan.household_id, "plan", str(plan.pk),
    )  # fmt: skip
    assert entry.description == "Suggesties van de sociale kaart bij een doel bekeken"


def test_without_javascript_the_suggestions_are_a_page_of_their_own(client, social_map, plan_world, world):
    plan = plan_world.plan
    goal = plan_actions.goal_add(
        actor=world.consultant, plan=plan, version=plan.version, text="Weer samen eten"
    )
    client.force_login(world.team_lead)
    response = client.get(reverse("plans:goal_suggestions", args=[plan.pk, goal.pk]))
    assert response.status_code == 200
    assert response.templates[0].name == "plans/goal_suggestions.html"
    body = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Suggesties van de sociale kaart</h1>' in body
    assert "Bij het doel: “Weer samen eten”." in body
    assert (
        f'href="{reverse("socialmap:service", args=[social_map.meal.pk])}?plan={plan.pk}&amp;doel={goal.pk}"'
        in body
    )
    assert f'href="{reverse("plans:detail", args=[plan.pk])}">Terug naar het plan</a>' in body


def test_nobody_outside_the_team_gets_a_goals_suggestions(client, social_map, plan_world, world):
    """Outside reach the suggestions do not exist (404) and nothing is logged; the resident and other
    roles never had suggestions on the plan page."""
    plan, goal = plan_world.plan, plan_world.goal
    url = reverse("plans:goal_suggestions", args=[plan.pk, goal.pk])
    before = ProcessingLogEntry.objects.count()
    for user in (world.other_consultant, world.resident, world.decision_maker, world.partner_professional):
        client.force_login(user)
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404
        assert client.get(url).status_code == 404
    assert ProcessingLogEntry.objects.count() == before
    client.force_login(world.resident)
    resident_view = client.get(reverse("plans:detail", args=[plan.pk]))
    assert resident_view.status_code == 200 and url not in resident_view.content.decode()
    # bob directs a plan in the south too (a regisseur sees it in any area); its goal under the north
    # plan's id does not exist.
    other_plan = plan_actions.plan_create(actor=world.consultant, support_request=_south_request(world))
    other_goal = plan_actions.goal_add(
        actor=world.consultant, plan=other_plan, version=other_plan.version, text="Weer samen eten"
    )
    client.force_login(world.consultant)
    assert (
        client.get(reverse("plans:goal_suggestions", args=[other_plan.pk, other_goal.pk])).status_code == 200
    )
    assert client.get(reverse("plans:goal_suggestions", args=[plan.pk, other_goal.pk])).status_code == 404


def test_a_closed_plan_suggests_nothing(client, social_map, plan_world, world):
    plan, goal = plan_world.plan, plan_world.goal
    plan_actions.plan_close(
        actor=world.consultant,
        plan=plan,
        version=plan.version,
        closed_on=timezone.localdate(),
        reason="Doelen bereikt",
    )
    client.force_login(world.consultant)
    assert (
        reverse("plans:goal_suggestions", args=[plan.pk, goal.pk])
        not in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    )
    response = client.get(
        reverse("plans:goal_suggestions", args=[plan.pk, goal.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and response.context["hits"] is None
    assert response.content.decode().strip() == ""


def test_from_a_conversation_the_service_goes_into_a_new_plan(client, social_map, inquired_request, world):
    from eenplan.intake import actions as intake_actions

    intake_actions.conversation_record(
        actor=world.consultant, inquiry=inquired_request.inquiry, instrument=None, domain_scores=[],
        held_on=timezone.localdate(), place="thuis", participants="Alice",
        what_matters="Hij wil graag meerijden en helpen, net als vroeger op de vrachtwagen.",
    )  # fmt: skip
    client.force_login(world.consultant)
    page = client.get(reverse("intake:inquiry", args=[inquired_request.pk]))
    conversation = page.context["conversations"][-1]
    assert conversation.suggestions[0].service == social_map.courier
    assert Plan.objects.count() == 0
    response = client.post(
        reverse("plans:service_to_plan", args=[inquired_request.pk]), {"service": social_map.courier.pk}
    )
    plan = Plan.objects.get()
    assert response.url == reverse("plans:detail", args=[plan.pk])
    assert [a.service for a in plan.agreements.all()] == [social_map.courier]
    # A second service goes into the same plan: one household, one plan.
    client.post(reverse("plans:service_to_plan", args=[inquired_request.pk]), {"service": social_map.dogs.pk})
    assert Plan.objects.count() == 1 and plan.agreements.count() == 2


def test_evaluation_records_whether_the_service_helped_and_the_map_counts_it(
    client, social_map, plan_world, world
):
    plan = plan_world.plan
    agreement = plan_actions.agreement_from_service_add(
        actor=world.consultant, plan=plan, version=plan.version, service=social_map.meal, goal=plan_world.goal
    )
    plan.refresh_from_db()
    plan_actions.plan_agree(
        actor=world.consultant,
        plan=plan,
        version=plan.version,
        agreed_on=timezone.localdate(),
        how="verbal",
        note="",
    )
    plan.refresh_from_db()
    plan_actions.plan_activate(actor=world.consultant, plan=plan, version=plan.version)
    plan.refresh_from_db()
    client.force_login(world.consultant)
    response = client.post(
        reverse("plans:evaluate", args=[plan.pk]),
        {
            "version": plan.version,
            "held_on": timezone.localdate().isoformat(),
            f"goal-{plan_world.goal.pk}-outcome": "achieved",
            f"service-{agreement.pk}-outcome": "helped",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.service_outcome == "helped"
    page = client.get(reverse("socialmap:service", args=[social_map.meal.pk]))
    service = page.context["service"]
    assert (service.used, service.helped, service.partly, service.not_helped) == (1, 1, 0, 0)
    assert "Bij de evaluatie: 1 keer hielp het, 0 keer deels, 0 keer niet." in page.content.decode()
    assert "Alice" not in page.content.decode()
    # The search shows the same counts, and where the service works.
    results = client.get(reverse("socialmap:search"), {"q": "samen eten"})
    hit = next(hit for hit in results.context["hits"] if hit.service == social_map.meal)
    assert (hit.service.used, hit.service.helped, [area.name for area in hit.areas]) == (1, 1, ["Noord"])
    assert "1 keer in een plan, 1 keer hielp het" in results.content.decode()
    assert "Werkgebied: Noord" in results.content.decode()


def test_the_functional_admin_enters_a_service_and_the_search_finds_it(client, social_map, world):
    client.force_login(world.functional_admin)
    response = client.post(
        reverse("socialmap:service_new"),
        {
            "organization": social_map.organization.pk, "name": "Moestuin De Esch",
            "description": "Samen groente kweken in de buurttuin. Geen ervaring nodig.",
            "kind": "citizen_initiative", "cost": "free", "tags": "tuinieren, buiten",
            "venue_name": "Buurttuin", "street": "Eschweg 3", "postcode": "8011 ab", "city": "Zwolle",
        },
    )  # fmt: skip
    service = Service.objects.get(name="Moestuin De Esch")
    assert response.url == reverse("socialmap:service", args=[service.pk])
    assert service.tags == ["tuinieren", "buiten"] and service.reviewed_on == timezone.localdate()
    assert (service.data["status"], service.kind) == ("active", "citizen_initiative")
    location = service.service_at_locations.get().location
    assert (location.name, location.latitude) == ("Buurttuin", 52.5125)  # from postcode 8011
    assert location.addresses.get().postal_code == "8011AB"
    client.force_login(world.consultant)
    found = client.get(reverse("socialmap:search"), {"q": "ze wil graag in de tuin werken"})
    assert found.context["hits"][0].service == service


@pytest.mark.parametrize("persona", ["consultant", "partner_professional", "policy_advisor"])
def test_only_maintainers_change_entries(client, social_map, world, persona):
    client.force_login(getattr(world, persona))
    before = Service.objects.get(pk=social_map.meal.pk).data
    assert client.get(reverse("socialmap:service_new")).status_code == 404
    response = client.post(
        reverse("socialmap:service_edit", args=[social_map.meal.pk]),
        {
            "organization": social_map.organization.pk,
            "name": "Gekaapt",
            "description": "x",
            "kind": "volunteer",
            "cost": "free",
        },
    )
    assert response.status_code == 404
    assert client.post(reverse("socialmap:service_review", args=[social_map.meal.pk])).status_code == 404
    assert Service.objects.get(pk=social_map.meal.pk).data == before


def test_a_partner_maintains_its_own_organisation(client, social_map, world):
    organization = social_map.organization
    organization.maintained_by = world.partner_professional.partner
    organization.save()
    client.force_login(world.partner_professional)
    assert client.get(reverse("socialmap:service_edit", args=[social_map.meal.pk])).status_code == 200
    response = client.post(reverse("socialmap:service_review", args=[social_map.meal.pk]))
    assert response.url == reverse("socialmap:service", args=[social_map.meal.pk])


def test_stale_entries_are_flagged_for_review(client, social_map, world):
    old = timezone.localdate() - timedelta(days=400)
    Service.objects.filter(pk=social_map.dogs.pk).update(reviewed_on=old)
    client.force_login(world.functional_admin)
    page = client.get(reverse("socialmap:review"))
    assert [s.name for s in page.context["page"].object_list] == ["Hondenuitlaatservice door buurtgenoten"]
    detail = client.get(reverse("socialmap:service", args=[social_map.dogs.pk]))
    assert detail.context["stale"] is True
    client.post(reverse("socialmap:service_review", args=[social_map.dogs.pk]), {"next": "list"})
    assert list(client.get(reverse("socialmap:review")).context["page"].object_list) == []


def test_the_functional_admin_imports_hsds_all_or_nothing_and_exports(client, world, examples, fail_mocks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.functional_admin)
    good = (examples / "service_full.json").read_bytes()
    response = client.post(
        reverse("socialmap:import"), {"file": SimpleUploadedFile("service_full.json", good)}
    )
    assert response.context["report"].stored is True
    assert ("service", 1, 0) in response.context["report_rows"]
    assert Service.objects.filter(pk="ac148810-d857-441c-9679-408f346de14b").exists()
    bad = (fail_mocks / "service_list.json").read_bytes()
    before = Service.objects.count()
    response = client.post(
        reverse("socialmap:import"), {"file": SimpleUploadedFile("service_list.json", bad)}
    )
    assert response.context["report"].stored is False and response.context["report"].rejected
    assert "Niets opgeslagen" in response.content.decode() and Service.objects.count() == before
    export = client.get(reverse("socialmap:export", args=["json"]))
    assert [s["id"] for s in json.loads(b"".join(export.streaming_content))] == [
        "ac148810-d857-441c-9679-408f346de14b"
    ]
    assert client.get(reverse("socialmap:export", args=["zip"]))["Content-Type"] == "application/zip"
    client.force_login(world.consultant)
    assert client.get(reverse("socialmap:import")).status_code == 404


def test_the_functional_admin_adds_a_new_organisation_with_its_first_service(client, social_map, world):
    client.force_login(world.functional_admin)
    form = {"name": "Schaakclub De Toren", "description": "Elke woensdag schaken in het buurthuis.",
            "kind": "citizen_initiative", "cost": "free"}  # fmt: skip
    response = client.post(reverse("socialmap:service_new"), form)
    assert response.context["form"].errors == {"organization": ["Kies de organisatie, of vul een nieuwe in."]}
    response = client.post(
        reverse("socialmap:service_new"),
        form | {"new_organization": "Schaakclub De Toren", "new_organization_description": "Een schaakclub."},
    )
    service = Service.objects.get(name="Schaakclub De Toren")
    assert response.url == reverse("socialmap:service", args=[service.pk])
    assert (service.organization.name, service.organization.municipality) == (
        "Schaakclub De Toren",
        world.functional_admin.municipality,
    )
    # Moving a service to another organisation is refused with a message, nothing changes.
    response = client.post(
        reverse("socialmap:service_edit", args=[service.pk]),
        form | {"organization": social_map.organization.pk},
    )
    assert response.context["form"].errors == {
        "organization": ["Een dienst blijft bij de organisatie die haar aanbiedt."]
    }
    service.refresh_from_db()
    assert service.organization.name == "Schaakclub De Toren"
