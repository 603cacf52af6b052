"""Policy reads collective signals only as aggregates: distinct persons per theme and area, every cell
under 10 persons suppressed; examples only for a cell of at least 10; prevention followed over time."""

import datetime

import pytest
from django.urls import reverse

from eenplan.signals import actions
from eenplan.signals.models import DerivedCount, PreventionLink, Signal, Theme, household_key
from eenplan.signals.queries import derived_counts, prevention_effect, signal_overview_for, theme_area_for

TODAY = datetime.date(2026, 5, 20)  # Q2 2026


def _row(overview, theme_code, area):
    theme = next(item for item in overview.themes if item.theme.code == theme_code)
    return next((row for row in theme.districts + theme.neighbourhoods if row.area == area), None)


@pytest.mark.parametrize(("households", "shown"), [(9, None), (10, 10)])
def test_a_cell_under_10_persons_is_suppressed(world, loneliness, add_signals, households, shown):
    area = world.north_household.area
    add_signals(loneliness, area, households=households, on=TODAY)

    overview = signal_overview_for(world.policy_advisor, today=TODAY)

    district = _row(overview, "loneliness", area.parent)
    assert district.total == {"count": shown, "suppressed": shown is None}
    assert district.quarters[-1] == {"count": shown, "suppressed": shown is None}
    assert district.quarters[0] == {"count": None, "suppressed": True}  # zero is shown as < 10 too
    neighbourhood = _row(overview, "loneliness", area)
    assert (neighbourhood is not None) == (shown is not None)


def test_ten_signals_of_one_household_are_one_person(world, loneliness, add_signals):
    area = world.north_household.area
    add_signals(loneliness, area, households=1, each=10, on=TODAY)
    add_signals(loneliness, area, households=9, on=TODAY)

    overview = signal_overview_for(world.policy_advisor, today=TODAY)

    assert _row(overview, "loneliness", area.parent).total == {"count": 10, "suppressed": False}
    assert Signal.objects.count() == 19


def test_the_page_shows_less_than_10_not_the_count(client, world, loneliness, add_signals):
    add_signals(loneliness, world.north_household.area, households=9)
    client.force_login(world.policy_advisor)

    body = client.get(reverse("signals:overview")).content.decode()

    assert "&lt;&nbsp;10" in body
    assert ">9<" not in body


def test_team_lead_sees_only_the_teams_areas(world, loneliness):
    overview = signal_overview_for(world.team_lead, today=TODAY)

    areas = {row.area for item in overview.themes for row in item.districts}
    assert areas == {world.north_household.area.parent}


@pytest.mark.parametrize(
    "persona", ["consultant", "other_consultant", "resident", "partner_professional", "functional_admin"]
)
def test_only_policy_reads_the_signal_pages(client, world, loneliness, persona):
    client.force_login(getattr(world, persona))
    area = world.north_household.area

    assert client.get(reverse("signals:overview")).status_code == 404
    assert client.get(reverse("signals:theme_area", args=["loneliness", area.pk])).status_code == 404


def test_team_lead_gets_404_for_an_area_outside_the_team(client, world):
    client.force_login(world.team_lead)

    response = client.get(reverse("signals:theme_area", args=["loneliness", world.south_household.area.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(("households", "examples"), [(9, 0), (10, 10)])
def test_examples_only_for_a_cell_of_10(world, loneliness, add_signals, households, examples):
    area = world.north_household.area
    add_signals(loneliness, area, households=households, on=TODAY)

    found = theme_area_for(world.policy_advisor, "loneliness", area.pk, today=TODAY)

    assert len(found.examples) == examples


def test_derived_signals_count_low_scores_in_the_latest_assessment(world, loneliness, assess):
    area = world.north_household.area
    for _index in range(9):
        assess(area, scores=[("social-network", 2, 4)])
    assess(area, scores=[("social-network", 4, 1)])  # the professional's low score counts too
    assess(area, scores=[("social-network", 4, 4)])  # scored, not low
    improved = assess(area, scores=[("social-network", 1, 1)], on=datetime.date(2025, 1, 1))
    assess(area, person=improved, scores=[("social-network", 4, 4)], on=datetime.date(2026, 2, 1))
    assess(area, scores=[("finances", 1, 1)])  # another theme's domain

    counts = derived_counts(loneliness, [area.pk], "neighbourhood")

    assert counts == {area.pk: {"scored": 12, "low": 10, "goals": 0}}
    row = _row(signal_overview_for(world.policy_advisor, today=TODAY), "loneliness", area)
    assert row.low == {"count": 10, "suppressed": False}
    assert row.share == 83


def test_derived_goals_per_domain(world, plan_world, loneliness):
    plan_world.goal.domains.set(Theme.objects.get(code="loneliness").domains.all())

    counts = derived_counts(loneliness, [world.north_household.area.pk], "district")

    assert counts == {world.north_household.area.parent_id: {"scored": 0, "low": 0, "goals": 1}}


def test_the_nightly_count_gives_the_same_overview_in_fewer_queries(
    world, plan_world, loneliness, assess, django_assert_max_num_queries
):
    area = world.north_household.area
    other = world.south_household.area
    for _index in range(10):
        assess(area, scores=[("social-network", 2, 4)])
    for _index in range(11):
        assess(other, scores=[("social-network", 1, 2), ("finances", 1, 1)])
    plan_world.goal.domains.set(loneliness.domains.all())
    live = signal_overview_for(world.policy_advisor, today=TODAY)

    stored = actions.derived_counts_refresh(today=TODAY - datetime.timedelta(days=2))

    assert stored == DerivedCount.objects.count() > 0
    with django_assert_max_num_queries(10):  # live: 2 more per theme
        from_store = signal_overview_for(world.policy_advisor, today=TODAY)
    assert from_store == live
    assert _row(from_store, "loneliness", area).low == {"count": 10, "suppressed": False}
    assert _row(from_store, "loneliness", area.parent).low == {"count": 10, "suppressed": False}
    # Older than two days: counted live again, so a missed night is slower, never wrong.
    assess(area, scores=[("social-network", 1, 1)])
    later = signal_overview_for(world.policy_advisor, today=TODAY + datetime.timedelta(days=1))
    assert _row(later, "loneliness", area).low == {"count": 11, "suppressed": False}


def test_prevention_link_before_and_after(world, loneliness, add_signals):
    from eenplan.socialmap import actions as socialmap_actions

    area = world.north_household.area
    add_signals(loneliness, area, households=12, on=datetime.date(2025, 11, 3))  # Q4 2025: before
    add_signals(loneliness, area, households=3, on=datetime.date(2026, 2, 3))  # Q1 2026: after
    organization = socialmap_actions.organization_create(
        actor=world.functional_admin, name="Buurtkamer", description="Koffie."
    )
    service = socialmap_actions.service_save(
        actor=world.functional_admin, service=None, organization=organization, name="Koffieochtend",
        description="Twee keer per week.", kind="community", cost="free", target_groups=[], areas=[], tags=[],
    )  # fmt: skip

    link = actions.prevention_link_add(
        actor=world.policy_advisor, theme=loneliness, area=area.parent, service=service,
        linked_on=datetime.date(2026, 1, 15),
    )  # fmt: skip
    effect = prevention_effect(link, today=TODAY)

    assert [label for label, _cell in effect.before] == ["2025 K1", "2025 K2", "2025 K3", "2025 K4"]
    assert effect.before[-1] == ("2025 K4", {"count": 12, "suppressed": False})
    assert effect.after == [
        ("2026 K1", {"count": None, "suppressed": True}),
        ("2026 K2", {"count": None, "suppressed": True}),
    ]


def test_the_policy_advisor_links_an_activity_on_its_own_page(client, world, loneliness):
    from eenplan.socialmap import actions as socialmap_actions

    area = world.north_household.area
    organization = socialmap_actions.organization_create(
        actor=world.functional_admin, name="Buurtkamer", description="Koffie."
    )
    service = socialmap_actions.service_save(
        actor=world.functional_admin, service=None, organization=organization, name="Koffieochtend",
        description="Twee keer per week.", kind="community", cost="free", target_groups=[], areas=[], tags=[],
    )  # fmt: skip
    url = reverse("signals:prevention_link_new", kwargs={"theme_code": "loneliness", "area_id": area.pk})
    client.force_login(world.consultant)
    assert client.post(url, {"service": service.pk, "linked_on": "2026-01-15"}).status_code == 404
    assert not PreventionLink.objects.exists()

    client.force_login(world.policy_advisor)
    page = client.get(url)
    response = client.post(url, {"service": service.pk, "linked_on": "2026-01-15", "note": "Elke dinsdag."})

    assert page.status_code == 200
    assert "Koffieochtend" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "signals:theme_area", kwargs={"theme_code": "loneliness", "area_id": area.pk}
    )
    link = PreventionLink.objects.get()
    assert (link.service, link.area, link.linked_on, link.note, link.linked_by) == (
        service, area, datetime.date(2026, 1, 15), "Elke dinsdag.", world.policy_advisor
    )  # fmt: skip


def test_prevention_link_refused_outside_reach(world, loneliness):
    from django.http import Http404

    with pytest.raises(Http404):
        actions.prevention_link_add(
            actor=world.team_lead, theme=loneliness, area=world.south_household.area, service=None
        )
    with pytest.raises(Http404):
        actions.prevention_link_add(
            actor=world.consultant, theme=loneliness, area=world.north_household.area, service=None
        )
    assert PreventionLink.objects.count() == 0


def test_policy_pages_show_no_personal_data(client, world, loneliness):
    client.force_login(world.consultant)
    url = reverse("signals:new", args=[world.north_household.pk])
    raw = "Alice Jansen van de Klaproosweg 7 en haar zoon Bram voelen zich alleen."
    for _index in range(10):
        client.post(url, {"step": "save", "theme": loneliness.pk, "text": raw})
    for index, signal in enumerate(Signal.objects.order_by("pk")):
        signal.household_key = household_key(index + 1000)  # as if ten households: examples are shown
        signal.save()
    client.force_login(world.policy_advisor)
    area = world.north_household.area

    pages = [
        client.get(reverse("signals:overview")).content.decode(),
        client.get(reverse("signals:theme_area", args=["loneliness", area.pk])).content.decode(),
    ]

    assert "[persoon]" in pages[1]  # the examples are shown, de-identified
    for body in pages:
        for word in ("Alice", "Jansen", "Klaproosweg", "Bram", world.north_household.reference):
            assert word not in body


def test_shipped_themes_name_life_domains(db):
    domains = {
        theme.code: sorted(theme.domains.values_list("code", flat=True)) for theme in Theme.objects.all()
    }

    assert domains["loneliness"] == ["social-network", "social-participation"]
    assert domains["debts"] == ["finances"]
