"""Answering: one action writes the participation and the anonymous answers, and logs that (not what)
the household answered. Denied paths change nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eenplan.core.models import ProcessingLogEntry
from eenplan.experience.actions import InvitationNotOpen, experience_answer
from eenplan.experience.models import ExperienceAnswer, ExperienceParticipation
from eenplan.experience.queries import invitations_for

pytestmark = pytest.mark.django_db

ANSWERS = {"knew-where-to-go": 5, "helped-quickly": 2, "taken-seriously": None, "child-better": 4}


def state() -> tuple:
    return (
        ExperienceParticipation.objects.count(),
        ExperienceAnswer.objects.count(),
        ProcessingLogEntry.objects.count(),
    )


def test_answering_stores_the_answers_without_any_link_and_the_participation(world, make_plan):
    plan = make_plan(laws=("jeugdwet",), agreed_days_ago=120)
    last = ProcessingLogEntry.objects.order_by("-sequence").first().sequence

    stored = experience_answer(actor=world.resident, plan=plan, answers=ANSWERS)

    today = timezone.localdate()
    assert stored == 4
    assert list(ExperienceParticipation.objects.values_list("plan_id", "answered_on")) == [(plan.pk, today)]
    assert sorted(
        ExperienceAnswer.objects.values_list(
            "municipality_id", "law", "theme", "question_code", "value", "month"
        )
    ) == sorted(
        [
            (
                plan.household.municipality_id,
                "jeugdwet",
                "access",
                "knew-where-to-go",
                5,
                today.replace(day=1),
            ),
            (plan.household.municipality_id, "jeugdwet", "access", "helped-quickly", 2, today.replace(day=1)),
            (
                plan.household.municipality_id,
                "jeugdwet",
                "quality",
                "taken-seriously",
                None,
                today.replace(day=1),
            ),
            (plan.household.municipality_id, "jeugdwet", "effect", "child-better", 4, today.replace(day=1)),
        ]
    )
    # No column of an answer points at a plan, household, person or user.
    assert {f.name for f in ExperienceAnswer._meta.concrete_fields} == {
        "id",
        "municipality",
        "law",
        "theme",
        "question_code",
        "value",
        "month",
    }
    [entry] = ProcessingLogEntry.objects.filter(sequence__gt=last)
    assert (entry.actor_id, entry.action, entry.object_type, entry.object_id, entry.household_id) == (
        world.resident.pk,
        "create",
        "plan",
        str(plan.pk),
        world.north_household.pk,
    )
    assert entry.categories == ["plan-agreements"]
    assert (
        entry.description
        == "Vragen over de ervaring met de hulp beantwoord (anoniem; de antwoorden staan niet hier)"
    )
    for code in ANSWERS:  # nothing of what was answered is in the log
        assert code not in entry.description
    assert invitations_for(world.resident) == []


def test_a_second_answer_for_the_same_plan_is_refused_and_changes_nothing(world, make_plan):
    plan = make_plan(agreed_days_ago=120)
    experience_answer(actor=world.resident, plan=plan, answers={"helped-quickly": 4})
    before = state()

    with pytest.raises(InvitationNotOpen):
        experience_answer(actor=world.resident, plan=plan, answers={"helped-quickly": 1})

    assert state() == before
    assert list(ExperienceAnswer.objects.values_list("value", flat=True)) == [4]


def test_another_member_cannot_answer_a_plan_that_was_answered(world, make_plan):
    from tests.factories import PersonFactory, UserFactory

    plan = make_plan(agreed_days_ago=120)
    partner = UserFactory(username="alex", role="resident")
    PersonFactory(household=world.north_household, user=partner, relation="partner")
    experience_answer(actor=world.resident, plan=plan, answers={"helped-quickly": 4})
    before = state()

    with pytest.raises(InvitationNotOpen):
        experience_answer(actor=partner, plan=plan, answers={"helped-quickly": 1})
    assert state() == before


def test_an_unanswered_form_is_refused_and_changes_nothing(world, make_plan):
    plan = make_plan(agreed_days_ago=120)
    before = state()

    with pytest.raises(ValidationError) as raised:
        experience_answer(actor=world.resident, plan=plan, answers={})

    assert raised.value.messages == ["Beantwoord minstens één vraag."]
    assert state() == before
    assert [i.plan for i in invitations_for(world.resident)] == [plan]


def test_a_value_off_the_scale_or_a_question_of_another_list_is_refused(world, make_plan):
    plan = make_plan(agreed_days_ago=120)
    before = state()

    with pytest.raises(ValidationError):
        experience_answer(actor=world.resident, plan=plan, answers={"helped-quickly": 6})
    with pytest.raises(ValidationError):
        experience_answer(actor=world.resident, plan=plan, answers={"child-better": 4})  # a Jeugdwet question
    assert state() == before


@pytest.mark.parametrize("who", ["other household", "consultant", "not due"])
def test_a_plan_without_an_open_invitation_for_the_actor_is_refused(world, make_plan, who):
    plan = {
        "other household": lambda: make_plan(household=world.south_household, agreed_days_ago=120),
        "consultant": lambda: make_plan(agreed_days_ago=120),
        "not due": lambda: make_plan(agreed_days_ago=10),
    }[who]()
    actor = world.consultant if who == "consultant" else world.resident
    before = state()

    with pytest.raises(InvitationNotOpen):
        experience_answer(actor=actor, plan=plan, answers={"helped-quickly": 4})
    assert state() == before
