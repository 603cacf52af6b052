"""Every computed indicator on a small hand-made world, with the value worked out by hand; small cells
suppressed at exactly 10 households; areas, teams, gemeenten and periods; manual measurements."""

import datetime
from decimal import Decimal

import pytest

from eenplan.intake.models import SupportRequest
from eenplan.plans.models import Agreement, Goal
from eenplan.provisions.models import Application
from eenplan.thermometer import actions
from eenplan.thermometer.queries import (
    COMPUTATIONS,
    indicator_values,
    quarter_periods,
    rolling_year,
    self_reliance_by_life_domain,
    year_periods,
)
from tests.factories import DistrictFactory, NeighbourhoodFactory

from .conftest import Q1, Q2, TODAY, YEAR, D, domain, indicator

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
LONGER = (D(2025, 12, 1), D(2026, 12, 31))


def value_of(code, municipality, period, **kwargs):
    values = indicator_values(
        [municipality.pk], periods=[period], today=kwargs.pop("today", TODAY), codes=[code], **kwargs
    )
    cell = values[municipality.pk, code, period[0]]
    return cell.value, cell.households, cell.suppressed


JANUARY_5 = D(2026, 1, 5)


def first_conversations(cases, area, days: list[int], *, received_on=JANUARY_5):
    for n in days:
        melding = cases.melding(cases.household(area), received_on)
        cases.conversation(melding, received_on + n * DAY)


# -- days from melding to first conversation -------------------------------------------------------------


def test_days_to_first_conversation_is_the_mean_over_each_meldings_first_conversation(cases, north, gemeente):
    for n in range(1, 11):  # 1 … 10 days: mean 5.5
        melding = cases.melding(cases.household(north), D(2026, 1, 5))
        cases.conversation(melding, D(2026, 1, 5) + n * DAY)
        cases.conversation(melding, D(2026, 5, 1))  # a later conversation is not a first one
    cases.melding(cases.household(north), D(2026, 1, 5))  # no conversation yet: not counted
    assert value_of("days-to-first-conversation", gemeente, Q1) == (5.5, 10, False)
    assert value_of("days-to-first-conversation", gemeente, Q2) == (None, 0, False)


def test_two_conversations_on_the_first_day_count_once(cases, north, gemeente):
    for _ in range(9):  # 3 days, two conversations that day
        melding = cases.melding(cases.household(north), D(2026, 4, 1))
        cases.conversation(melding, D(2026, 4, 4))
        cases.conversation(melding, D(2026, 4, 4))
    first_conversations(cases, north, [13], received_on=D(2026, 4, 1))
    # (9 × 3 + 13) / 10; counting the tie twice would give (18 × 3 + 13) / 19
    assert value_of("days-to-first-conversation", gemeente, Q2) == (4.0, 10, False)


def test_a_conversation_counts_in_the_period_it_was_held(cases, north, gemeente):
    first_conversations(cases, north, [20] * 10, received_on=D(2026, 3, 20))  # held on 9 April
    assert value_of("days-to-first-conversation", gemeente, Q1) == (None, 0, False)
    assert value_of("days-to-first-conversation", gemeente, Q2) == (20.0, 10, False)


def test_nine_households_are_suppressed_and_ten_are_shown(cases, north, gemeente):
    first_conversations(cases, north, [4] * 9)
    assert value_of("days-to-first-conversation", gemeente, Q1) == (None, None, True)
    first_conversations(cases, north, [14])
    assert value_of("days-to-first-conversation", gemeente, Q1) == (5.0, 10, False)


def test_one_household_with_two_meldingen_is_one_household(cases, north, gemeente):
    household = cases.household(north)
    for n in range(10):
        melding = cases.melding(household, D(2026, 1, 5))
        cases.conversation(melding, D(2026, 1, 5) + (n + 1) * DAY)
    assert value_of("days-to-first-conversation", gemeente, Q1) == (None, None, True)


# -- legal terms met -------------------------------------------------------------------------------------


def test_legal_terms_met_counts_the_gemeentes_terms_by_their_end_date(cases, north, gemeente):
    today = D(2026, 3, 20)
    due = D(2026, 2, 10)

    def inquiry_term(due_on, *, issued_on=None, status=SupportRequest.Status.OPEN, rule="inquiry"):
        melding = cases.melding(cases.household(north), due_on - 42 * DAY, status=status)
        cases.term(melding, due_on, rule=rule)
        if issued_on:
            cases.report(melding, issued_on)

    for _ in range(6):
        inquiry_term(due, issued_on=D(2026, 2, 1))  # met
    for _ in range(2):
        inquiry_term(due, issued_on=D(2026, 2, 20))  # report issued late
    inquiry_term(due)  # no report and the end has passed: not met
    inquiry_term(due, status=SupportRequest.Status.CLOSED)  # closed without a report: left out
    inquiry_term(D(2026, 3, 25))  # still running on "today": left out
    inquiry_term(due, rule="personal_plan")  # the resident's own term: left out
    inquiry_term(D(2026, 4, 10), issued_on=D(2026, 4, 1))  # ends in Q2

    def application_term(due_on, *, decided_on=None, rule="wmo_decision", withdrawn=False):
        status = Application.Status.WITHDRAWN if withdrawn else Application.Status.ADVISED
        application = cases.application(cases.household(north), due_on - 14 * DAY, status=status)
        cases.application_term(application, due_on, rule=rule)
        if decided_on:
            cases.decision(application, decided_on)

    for _ in range(2):
        application_term(D(2026, 2, 15), decided_on=D(2026, 2, 14))  # met
    application_term(D(2026, 2, 15), decided_on=D(2026, 2, 20))  # decided late
    application_term(D(2026, 3, 1), rule="awb_decision")  # no decision, end passed: not met
    application_term(D(2026, 2, 15), withdrawn=True)  # withdrawn: left out
    application_term(D(2026, 2, 15), decided_on=D(2026, 2, 1), rule="objection")  # not a decision term

    # counted: inquiry 6 + 2 + 1, decision 2 + 1 + 1 = 13 terms of 13 households; met 6 + 2 = 8
    assert value_of("legal-terms-met", gemeente, Q1, today=today) == (pytest.approx(100 * 8 / 13), 13, False)
    assert value_of("legal-terms-met", gemeente, Q2, today=today) == (None, None, True)


# -- community share -------------------------------------------------------------------------------------


def test_community_share_counts_community_against_tailored_agreements_of_running_plans(
    cases, north, gemeente
):
    for index in range(10):
        plan = cases.plan(cases.household(north), D(2026, 1, 10))
        cases.agreement(plan, Agreement.Kind.COMMUNITY)
        cases.agreement(plan, Agreement.Kind.RESIDENT)  # other kinds are left out
        cases.agreement(plan, Agreement.Kind.TEAM)
        if index < 4:
            cases.agreement(plan, Agreement.Kind.PROVISION)
    closed = cases.plan(cases.household(north), D(2025, 6, 1), closed_on=D(2025, 12, 20))
    cases.agreement(closed, Agreement.Kind.COMMUNITY)  # closed before Q1
    draft = cases.plan(cases.household(north), None)
    cases.agreement(draft, Agreement.Kind.PROVISION)  # never agreed
    later = cases.plan(cases.household(north), D(2026, 4, 2))
    cases.agreement(later, Agreement.Kind.PROVISION)  # runs from Q2

    assert value_of("community-share", gemeente, Q1) == (pytest.approx(100 * 10 / 14), 10, False)
    assert value_of("community-share", gemeente, Q2) == (pytest.approx(100 * 10 / 15), 11, False)


# -- spend per household ---------------------------------------------------------------------------------


def test_spend_per_household_divides_the_spend_by_the_households_with_spend(cases, north, gemeente):
    for _ in range(10):
        cases.spend(cases.household(north), [(D(2026, 1, 1), 10_000), (D(2026, 2, 1), 10_000)])
    cases.spend(cases.household(north), [(D(2026, 5, 1), 50_000)])
    assert value_of("spend-per-household", gemeente, Q1) == (200.0, 10, False)  # € 2,000 / 10
    assert value_of("spend-per-household", gemeente, Q2) == (None, None, True)
    assert value_of("spend-per-household", gemeente, YEAR) == (pytest.approx(2_500 / 11), 11, False)


# -- goals achieved according to the resident ------------------------------------------------------------


def test_goals_achieved_according_to_the_resident(cases, north, gemeente):
    outcomes = [Goal.Outcome.ACHIEVED] * 7 + [Goal.Outcome.PARTLY] * 2 + [Goal.Outcome.NOT]
    for index, outcome in enumerate(outcomes):
        plan = cases.plan(cases.household(north), D(2025, 11, 1))
        evaluation = cases.evaluation(plan, D(2026, 2, 1))
        cases.goal_evaluation(evaluation, cases.goal(plan), outcome)
        if index == 9:  # without the resident's own words: not counted
            cases.goal_evaluation(evaluation, cases.goal(plan), Goal.Outcome.ACHIEVED, resident_words="")
    assert value_of("goals-achieved-resident", gemeente, Q1) == (70.0, 10, False)


# -- self-reliance on the life domain of a goal ----------------------------------------------------------


def test_self_reliance_rose_compares_the_evaluation_with_the_first_score_on_a_goal_domain(
    cases, north, gemeente
):
    housing, finances = domain("housing"), domain("finances")

    def household(first, later, *, middle=None, goal_domain=housing, scored=housing):
        household = cases.household(north)
        person = household.members.first()
        if first is not None:
            cases.assessment(person, D(2025, 10, 1), {scored: first})
        if middle is not None:
            cases.assessment(person, D(2025, 12, 1), {scored: middle})
        plan = cases.plan(household, D(2025, 12, 5))
        cases.goal(plan, goal_domain)
        assessment = cases.assessment(person, D(2026, 2, 1), {scored: later})
        cases.evaluation(plan, D(2026, 2, 1), assessment=assessment)

    for _ in range(4):
        household((2, None), (4, None))  # rose
    household((None, 2), (None, 3))  # no professional score: the resident's, rose
    household((1, None), (4, None), middle=(4, None))  # rose since the first score, not since the last
    for _ in range(3):
        household((3, None), (3, None))  # the same
    household((4, None), (2, None))  # lower
    household((2, None), (4, None), scored=finances)  # rose, but on no goal's domain: not counted
    household(None, (4, None))  # no earlier score: not counted

    assert value_of("self-reliance-rose", gemeente, Q1) == (60.0, 10, False)
    by_domain = self_reliance_by_life_domain(
        gemeente.pk, period=Q1, life_domain_ids=[housing.pk, finances.pk], today=TODAY
    )
    assert (by_domain[housing.pk].value, by_domain[housing.pk].households) == (60.0, 10)
    assert (by_domain[finances.pk].value, by_domain[finances.pk].households) == (None, 0)


# -- scope: gemeenten, areas, teams, periods -------------------------------------------------------------


def test_values_per_gemeente_area_and_team(world, cases, north, south, gemeente, other_gemeente):
    elsewhere = NeighbourhoodFactory(parent=DistrictFactory(municipality=other_gemeente))
    first_conversations(cases, north, [2] * 10)
    first_conversations(cases, south, [6] * 10)
    first_conversations(cases, elsewhere, [30] * 12)
    code = "days-to-first-conversation"
    values = indicator_values(
        [gemeente.pk, other_gemeente.pk], periods=[Q1, LONGER], today=TODAY, codes=[code]
    )
    assert (values[gemeente.pk, code, Q1[0]].value, values[gemeente.pk, code, Q1[0]].households) == (4.0, 20)
    assert (values[gemeente.pk, code, LONGER[0]].value, values[gemeente.pk, code, LONGER[0]].households) == (
        4.0,
        20,
    )
    assert (
        values[other_gemeente.pk, code, Q1[0]].value,
        values[other_gemeente.pk, code, Q1[0]].households,
    ) == (
        30.0,
        12,
    )
    assert value_of(code, gemeente, Q1, area_id=north.pk) == (2.0, 10, False)
    assert value_of(code, gemeente, Q1, area_id=south.parent_id) == (6.0, 10, False)  # a district
    north_team = world.consultant.team
    assert value_of(code, gemeente, Q1, team_id=north_team.pk) == (2.0, 10, False)
    assert value_of(code, gemeente, Q1, team_id=north_team.pk, area_id=south.pk) == (None, 0, False)


def test_one_query_per_computed_indicator_whatever_the_gemeenten_and_periods(
    cases, north, gemeente, other_gemeente, django_assert_num_queries
):
    first_conversations(cases, north, [3] * 10)
    periods = [*quarter_periods(TODAY), rolling_year(TODAY), (D(2023, 1, 1), D(2023, 12, 31))]
    computed = len(COMPUTATIONS)
    # the indicators, the latest stored computation, one per computed indicator, the measurements
    with django_assert_num_queries(1 + 1 + computed + 1):
        values = indicator_values([gemeente.pk, other_gemeente.pk], periods=periods, today=TODAY)
    assert len(values) == 2 * len(periods) * 9
    assert values[gemeente.pk, "days-to-first-conversation", D(2026, 1, 1)].value == 3.0


def test_periods_are_keyed_by_their_start_so_two_may_not_share_one(gemeente):
    with pytest.raises(ValueError):
        indicator_values([gemeente.pk], periods=[Q1, YEAR], today=TODAY)
    assert len(year_periods(TODAY)) == 3


def test_every_shipped_computed_indicator_has_a_computation_and_the_registry_nothing_more(db):
    from eenplan.thermometer.models import Indicator

    computed = set(Indicator.objects.filter(kind=Indicator.Kind.COMPUTED).values_list("code", flat=True))
    assert computed == set(COMPUTATIONS)
    assert len(computed) == 6


# -- manual indicators -----------------------------------------------------------------------------------


def test_a_manual_indicator_shows_the_latest_measurement_within_the_period(world, gemeente, north):
    advisor = world.policy_advisor
    participants = indicator("meeting-participants")

    def measure(start, end, value, area=None):
        return actions.measurement_record(
            actor=advisor,
            indicator=participants,
            municipality=gemeente,
            area=area,
            period_start=start,
            period_end=end,
            value=Decimal(value),
            source="Registratie welzijn",
        )

    measure(*Q1, "300")
    measure(*Q1, "310")  # corrected later: this one counts
    measure(D(2026, 1, 1), D(2026, 12, 31), "1200")  # a whole year: not within a quarter
    measure(*Q1, "40", area=north)
    values = indicator_values([gemeente.pk], periods=[Q1, Q2], today=TODAY, codes=["meeting-participants"])
    key = (gemeente.pk, "meeting-participants")
    assert [values[*key, start].value for start, _end in (Q1, Q2)] == [310.0, None]
    assert value_of("meeting-participants", gemeente, YEAR) == (1200.0, None, False)  # the latest period end
    q1 = values[*key, Q1[0]]
    assert (q1.households, q1.suppressed, q1.source, q1.display) == (
        None,
        False,
        "Registratie welzijn",
        "310",
    )
    assert value_of("meeting-participants", gemeente, Q1, area_id=north.pk) == (40.0, None, False)
    team_id = world.consultant.team_id
    assert value_of("meeting-participants", gemeente, Q1, team_id=team_id) == (None, None, False)


def test_display_of_values(cases, north, gemeente):
    first_conversations(cases, north, [3] * 9 + [4])
    values = indicator_values(
        [gemeente.pk], periods=[Q1, Q2], today=TODAY, codes=["days-to-first-conversation", "legal-terms-met"]
    )
    assert values[gemeente.pk, "days-to-first-conversation", Q1[0]].display == "3,1 dagen"
    assert values[gemeente.pk, "legal-terms-met", Q1[0]].display == "—"
    first_conversations(cases, north, [5] * 3, received_on=D(2026, 4, 1))
    values = indicator_values([gemeente.pk], periods=[Q2], today=TODAY, codes=["days-to-first-conversation"])
    assert values[gemeente.pk, "days-to-first-conversation", Q2[0]].display == "< 10"
