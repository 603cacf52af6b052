"""The main pages take a number of queries that does not grow with the data: the same count for 2
households and for 14 (no N+1), and at most a fixed bound. (This test found the partner's shared list
fetching each arrangement's partner one by one.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eenplan.core.models import DataCategory, LegalBasis, Purpose
from eenplan.intake import actions as intake_actions
from eenplan.sharing import actions as sharing_actions

from ..factories import HouseholdFactory, NeighbourhoodFactory, PersonFactory

pytestmark = pytest.mark.django_db


def add_households(world, count: int) -> None:
    """More households with a melding in the north team's area (each with two members), shared with the
    partner (identity and plan), and read once by the GP so the resident-facing log has rows too."""
    area = NeighbourhoodFactory(parent=world.north_household.area.parent)
    today = timezone.localdate()
    for _ in range(count):
        household = HouseholdFactory(area=area)
        person = PersonFactory(household=household)
        PersonFactory(household=household, relation="child")
        intake_actions.support_request_register(
            actor=world.consultant, household=household, person=person, received_on=timezone.localdate(),
            channel="phone", reporter="resident", reporter_name="", question="Hulp bij het huishouden",
            laws=["wmo"], urgency="normal",
        )  # fmt: skip
        sharing_actions.arrangement_grant(
            actor=world.consultant, household=household, partner=world.partner_professional.partner,
            purpose=Purpose.objects.get(code="cooperation"),
            categories=DataCategory.objects.filter(code__in=["identity-contact", "plan-agreements"]),
            legal_basis=LegalBasis.objects.get(code="public-task"), starts_on=today, ends_on=today,
        )  # fmt: skip


# (who, url, the most queries it may take): the lists a consultant, team lead and decision maker open
# all day. Each count includes the session, the user, the processing-log writes and the menu.
# The bounds are what the pages took when this test was written (18, 21, 18, 18, 18, 7, 14, 13, 13),
# plus a little room.
PAGES = [
    ("consultant", "/", 22),
    ("consultant", "/meldingen/", 25),
    ("consultant", "/huishoudens/", 22),
    ("consultant", "/api/v1/households/", 22),
    ("consultant", "/api/v1/support-requests/", 22),
    ("team_lead", "/", 11),
    ("team_lead", "/verwerkingen/?handeling=read", 18),
    ("partner_professional", "/delen/gedeeld/", 17),
    ("partner_professional", "/api/v1/shared/households/", 17),
]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("who", "url", "bound"), PAGES, ids=[f"{w}:{u}" for w, u, _b in PAGES])
def test_a_main_page_takes_the_same_queries_for_more_data(
    client, world, who, url, bound, django_assert_max_num_queries
):
    client.force_login(getattr(world, who))
    add_households(world, 2)
    few = queries(client, url)
    add_households(world, 12)
    with django_assert_max_num_queries(bound):
        many = queries(client, url)
    assert many == few, (url, few, many)


def test_the_household_and_plan_pages_take_the_same_queries_for_more_records(
    client, world, plan_world, django_assert_max_num_queries
):
    """More agreements, members and network on a household do not add queries to its pages (at `city`
    scale: household 20, a plan with three goals 45, docs/performance.md). A goal does add its social-map
    suggestions, so the goals stay the same here."""
    from eenplan.households.models import NetworkMember
    from eenplan.plans import actions as plan_actions
    from eenplan.plans.models import Plan

    plan, household = plan_world.plan, world.north_household
    goal = plan.goals.first()
    urls = (f"/huishoudens/{household.pk}/", f"/plannen/{plan.pk}/")

    def grow(count: int) -> None:
        for number in range(count):
            current = Plan.objects.get(pk=plan.pk)
            plan_actions.agreement_add(
                actor=world.consultant, plan=current, version=current.version, goal=goal, kind="team",
                performer=f"Buur {number}", description=f"Helpt op dag {number}",
            )  # fmt: skip
            PersonFactory(household=household, relation="child")
            NetworkMember.objects.create(household=household, name=f"Buur {number}", kind="neighbour")

    client.force_login(world.consultant)
    grow(1)
    few = [queries(client, url) for url in urls]
    grow(10)
    with django_assert_max_num_queries(49):  # both pages together
        many = [queries(client, url) for url in urls]
    assert many == few, (few, many)
