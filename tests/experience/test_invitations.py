"""Who is invited to answer the experience questions: computed from the plans, one rule per test."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from eenplan.core.models import ProcessingLogEntry
from eenplan.experience.models import ExperienceParticipation, Questionnaire
from eenplan.experience.queries import access_invitation_for, invitations_for
from eenplan.households.models import Representation
from eenplan.plans.models import Plan
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def plan_ids(invitations) -> list[int]:
    return [invitation.plan.pk for invitation in invitations]


def test_a_plan_agreed_90_days_ago_invites_the_resident_to_the_questionnaire_of_its_law(world, make_plan):
    plan = make_plan(laws=("jeugdwet",), agreed_days_ago=90)

    [invitation] = invitations_for(world.resident)

    assert invitation.plan == plan
    assert invitation.law == "jeugdwet"
    assert invitation.questionnaire.topic == "de hulp voor uw kind en uw gezin"
    assert invitation.due_on == timezone.localdate()
    assert [q.code for q in invitation.questions][:2] == ["knew-where-to-go", "helped-quickly"]


def test_a_plan_agreed_89_days_ago_is_not_due_yet(world, make_plan):
    make_plan(agreed_days_ago=89)

    assert invitations_for(world.resident) == []


def test_the_delay_is_configuration_per_questionnaire(world, make_plan):
    plan = make_plan(agreed_days_ago=30)
    Questionnaire.objects.filter(law="wmo").update(invite_after_days=30)

    assert plan_ids(invitations_for(world.resident)) == [plan.pk]


def test_an_agreed_plan_that_has_not_started_and_a_draft_are_not_invited(world, make_plan):
    agreed = make_plan(agreed_days_ago=200, status="agreed")
    assert invitations_for(world.resident) == []

    Plan.objects.filter(pk=agreed.pk).update(status=Plan.Status.DRAFT, agreed_on=None)
    assert invitations_for(world.resident) == []


def test_an_evaluated_plan_is_invited(world, make_plan):
    plan = make_plan(agreed_days_ago=120)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.EVALUATED)

    assert plan_ids(invitations_for(world.resident)) == [plan.pk]


def test_a_closed_plan_is_invited_until_90_days_after_closing(world, make_plan):
    recent = make_plan(agreed_days_ago=300, status="closed", closed_days_ago=90)
    assert plan_ids(invitations_for(world.resident)) == [recent.pk]

    Plan.objects.filter(pk=recent.pk).update(closed_on=timezone.localdate() - timedelta(days=91))
    assert invitations_for(world.resident) == []


def test_an_answered_plan_is_not_asked_again_but_a_newer_plan_is(world, make_plan):
    old = make_plan(agreed_days_ago=300, status="closed", closed_days_ago=10)
    new = make_plan(agreed_days_ago=100)
    ExperienceParticipation.objects.create(plan=old, answered_on=timezone.localdate())

    assert plan_ids(invitations_for(world.resident)) == [new.pk]


def test_a_plan_answers_the_questionnaire_of_its_first_law_that_has_one_and_none_without(world, make_plan):
    plan = make_plan(laws=("wgs", "participatiewet"), agreed_days_ago=120)
    assert [i.law for i in invitations_for(world.resident)] == ["participatiewet"]

    Questionnaire.objects.filter(law="participatiewet").update(is_active=False)
    assert [i.law for i in invitations_for(world.resident)] == ["wgs"]

    Questionnaire.objects.filter(law="wgs").update(is_active=False)
    assert invitations_for(world.resident) == []
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_a_plan_without_a_melding_falls_back_to_the_wmo(world, make_plan):
    plan = make_plan(laws=("jeugdwet",), agreed_days_ago=120)
    Plan.objects.filter(pk=plan.pk).update(support_request=None)

    assert [i.law for i in invitations_for(world.resident)] == ["wmo"]


def test_the_plan_of_another_household_is_not_invited_nor_reachable(world, make_plan):
    other = make_plan(household=world.south_household, agreed_days_ago=120)

    assert invitations_for(world.resident) == []
    with pytest.raises(Http404):
        access_invitation_for(world.resident, other.pk, channel="screen")


def test_staff_get_no_invitation_and_no_access_even_for_a_plan_they_see(world, make_plan):
    plan = make_plan(agreed_days_ago=120)

    for user in world.all_users():
        if user == world.resident:
            continue
        assert invitations_for(user) == []
        with pytest.raises(Http404):
            access_invitation_for(user, plan.pk, channel="screen")


def test_another_member_with_an_account_is_invited_for_the_same_plan(world, make_plan):
    plan = make_plan(agreed_days_ago=120)
    partner = UserFactory(username="alex", role="resident")
    PersonFactory(household=world.north_household, user=partner, relation="partner")

    assert plan_ids(invitations_for(partner)) == [plan.pk]


def test_a_representative_is_invited_for_the_plan_of_the_person_they_represent(world, make_plan):
    plan = make_plan(household=world.south_household, agreed_days_ago=120)
    curator = UserFactory(username="cora", role="resident")
    Representation.objects.create(
        person=world.south_household.members.get(),
        kind=Representation.Kind.CURATOR,
        representative_name="Cora de Curator",
        representative=curator,
        evidence="Beschikking van de kantonrechter",
        starts_on=timezone.localdate() - timedelta(days=400),
        recorded_by=world.other_consultant,
    )

    assert plan_ids(invitations_for(curator)) == [plan.pk]
    assert invitations_for(world.resident) == []


def last_sequence() -> int:
    return ProcessingLogEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def test_showing_invitations_logs_a_read_of_each_plan_and_showing_none_logs_nothing(world, make_plan):
    before = last_sequence()
    assert invitations_for(world.resident) == []
    assert last_sequence() == before

    plan = make_plan(agreed_days_ago=120)
    before = last_sequence()
    invitations_for(world.resident)

    [entry] = ProcessingLogEntry.objects.filter(sequence__gt=before)
    assert (entry.actor_id, entry.action, entry.object_type, entry.object_id) == (
        world.resident.pk,
        "read",
        "plan",
        str(plan.pk),
    )
    assert (entry.household_id, entry.categories, entry.purpose) == (
        world.north_household.pk,
        ["plan-agreements"],
        "data-subject-access",
    )
