"""The nightly computation: stored cells per neighbourhood add up to exactly the values computed on the
spot (every indicator, period, area and team), stay until the next computation, and let the monitor read
a fixed number of queries whatever the data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eenplan.plans.models import Agreement, Goal
from eenplan.thermometer.actions import indicator_cells_refresh
from eenplan.thermometer.models import IndicatorCell, IndicatorRefresh
from eenplan.thermometer.queries import (
    COMPUTATIONS,
    indicator_values,
    quarter_periods,
    rolling_year,
    self_reliance_by_life_domain,
    year_periods,
)
from tests.factories import DistrictFactory, NeighbourhoodFactory

from .conftest import TODAY, D, domain

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


JANUARY_5 = D(2026, 1, 5)


def fill(cases, areas, *, start=JANUARY_5, households=4):
    """Records for every computed indicator in each area: a few households each, so some cells are small
    and some add up to more than 10."""
    housing = domain("housing")
    for area in areas:
        for n in range(households):
            household = cases.household(area)
            person = household.members.first()
            melding = cases.melding(household, start)
            cases.conversation(melding, start + (n + 2) * DAY)
            cases.term(melding, start + 42 * DAY)
            cases.report(melding, start + (30 + 10 * n) * DAY)
            plan = cases.plan(household, start + 10 * DAY)
            cases.agreement(plan, Agreement.Kind.COMMUNITY if n % 2 else Agreement.Kind.PROVISION)
            goal = cases.goal(plan, housing)
            cases.assessment(person, start, {housing: (2, None)})
            evaluation = cases.evaluation(
                plan,
                start + 100 * DAY,
                assessment=cases.assessment(person, start + 100 * DAY, {housing: (2 + n % 3, None)}),
            )
            cases.goal_evaluation(evaluation, goal, Goal.Outcome.ACHIEVED if n % 3 else Goal.Outcome.PARTLY)
            cases.spend(household, [(D(2026, 2, 1), 1_000 * (n + 1)), (D(2026, 5, 1), 500)])


def snapshot(values) -> dict:
    return {key: (v.value, v.households, v.suppressed) for key, v in values.items()}


def all_values(municipality_ids, **scope) -> dict:
    result = {}
    for periods in (quarter_periods(TODAY), year_periods(TODAY), [rolling_year(TODAY)]):
        result |= snapshot(indicator_values(municipality_ids, periods=periods, today=TODAY, **scope))
    return result


def test_stored_cells_add_up_to_exactly_the_values_computed_now(world, cases, north, south, other_gemeente):
    elsewhere = NeighbourhoodFactory(parent=DistrictFactory(municipality=other_gemeente))
    second_north = NeighbourhoodFactory(parent=north.parent)
    fill(cases, [north, second_north, south, elsewhere])
    ids = [north.municipality_id, other_gemeente.pk]
    scopes = [{}, {"area_id": north.pk}, {"area_id": north.parent_id}, {"team_id": world.consultant.team_id}]
    now = [all_values(ids, **scope) for scope in scopes]
    housing = domain("housing")
    by_domain_now = self_reliance_by_life_domain(
        ids[0], period=rolling_year(TODAY), life_domain_ids=[housing.pk], today=TODAY
    )
    assert any(v[1] and v[1] >= 10 for v in now[0].values())  # not only empty or small cells

    refresh = indicator_cells_refresh(today=TODAY, batch=1)
    assert IndicatorCell.objects.filter(refresh=refresh).exists()
    assert [all_values(ids, **scope) for scope in scopes] == now
    by_domain = self_reliance_by_life_domain(
        ids[0], period=rolling_year(TODAY), life_domain_ids=[housing.pk], today=TODAY
    )
    assert snapshot(by_domain) == snapshot(by_domain_now)


def test_stored_values_are_read_in_one_query_and_stay_until_the_next_computation(
    world, cases, north, gemeente, django_assert_num_queries
):
    fill(cases, [north], households=10)
    indicator_cells_refresh(today=TODAY)
    periods = quarter_periods(TODAY)
    with django_assert_num_queries(4):  # the indicators, the latest computation, the cells, the measurements
        before = snapshot(indicator_values([gemeente.pk], periods=periods, today=TODAY))
    fill(cases, [north], households=2)
    assert snapshot(indicator_values([gemeente.pk], periods=periods, today=TODAY)) == before
    assert (
        snapshot(indicator_values([gemeente.pk], periods=periods, today=TODAY - DAY)) != before
    )  # computed now
    indicator_cells_refresh(today=TODAY)
    assert snapshot(indicator_values([gemeente.pk], periods=periods, today=TODAY)) != before
    assert IndicatorRefresh.objects.count() == 1


def test_the_computation_takes_a_query_per_indicator_per_batch_of_gemeenten(
    world, cases, north, other_gemeente, django_assert_max_num_queries
):
    fill(cases, [north], households=2)
    per_batch = len(COMPUTATIONS) + 1  # and self-reliance once more per life domain
    with django_assert_max_num_queries(2 * per_batch + 10):
        indicator_cells_refresh(today=TODAY, batch=1)


def test_the_monitor_reads_the_stored_computation(client, world, cases, north, south, other_gemeente):
    today = timezone.localdate()
    client.force_login(world.policy_advisor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/thermometer/monitor/")
        assert response.status_code == 200
        return len(captured)

    fill(cases, [north], start=today - 120 * DAY, households=2)
    indicator_cells_refresh(today=today)
    page = client.get("/thermometer/monitor/").content.decode()
    assert "Cijfers met de stand van" in page and "elke nacht opnieuw" in page
    few = queries()
    fill(
        cases,
        [south, NeighbourhoodFactory(parent=DistrictFactory(municipality=other_gemeente))],
        start=today - 100 * DAY,
    )
    indicator_cells_refresh(today=today)
    assert queries() == few
    chain = client.get("/thermometer/keten/").content.decode()
    assert "elke nacht opnieuw" in chain


def test_a_computation_more_than_two_days_old_is_not_used(client, world, cases, north):
    client.force_login(world.policy_advisor)
    indicator_cells_refresh(today=timezone.localdate() - 3 * DAY)
    page = client.get("/thermometer/monitor/").content.decode()
    assert "nu berekend" in page
