"""A plan maker for the experience tests: plans agreed so many days ago, in a given state, made
through the same actions as the screens."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eenplan.intake import actions as intake_actions
from eenplan.plans import actions as plan_actions


@pytest.fixture
def make_plan(world):
    def make(*, household=None, laws=("wmo",), agreed_days_ago=120, status="active", closed_days_ago=None):
        household = household or world.north_household
        consultant = world.consultant if household == world.north_household else world.other_consultant
        person = household.members.order_by("pk").first()
        today = timezone.localdate()
        support_request = intake_actions.support_request_register(
            actor=consultant,
            household=household,
            person=person,
            received_on=today - timedelta(days=agreed_days_ago + 30),
            channel="phone",
            reporter="resident",
            reporter_name="",
            question="Het lukt thuis niet meer.",
            laws=list(laws),
            urgency="normal",
        )
        plan = plan_actions.plan_create(actor=consultant, support_request=support_request)
        plan_actions.goal_add(
            actor=consultant, plan=plan, version=plan.version, text="Zelf boodschappen doen"
        )
        plan_actions.plan_agree(
            actor=consultant,
            plan=plan,
            version=plan.version,
            agreed_on=today - timedelta(days=agreed_days_ago),
            how="verbal",
        )
        if status == "agreed":
            return plan
        plan_actions.plan_activate(actor=consultant, plan=plan, version=plan.version)
        if status == "closed":
            plan_actions.plan_close(
                actor=consultant,
                plan=plan,
                version=plan.version,
                closed_on=today - timedelta(days=closed_days_ago or 0),
                reason="De doelen zijn gehaald.",
            )
        plan.refresh_from_db()
        return plan

    return make
