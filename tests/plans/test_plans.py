"""The plan through its screens: from inquiry to plan, goals and agreements of several kinds, the
resident's agreement, evaluation, history, the printable plan, and concurrent edits."""

import pytest
from django.urls import reverse
from django.utils import timezone

from eenplan.assessment.models import Assessment, LifeDomain
from eenplan.core.models import ProcessingLogEntry
from eenplan.households.models import NetworkMember
from eenplan.plans import actions
from eenplan.plans.models import Agreement, Goal, Plan, PlanVersion


def test_a_consultant_turns_an_inquiry_into_a_plan(client, inquired_request, world):
    client.force_login(world.consultant)
    response = client.post(reverse("plans:create", args=[inquired_request.pk]))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response.url == reverse("plans:detail", args=[plan.pk])
    assert plan.what_matters == "Zelf thuis blijven wonen."
    assert plan.case_director == world.consultant
    assert plan.status == Plan.Status.DRAFT and plan.version == 1
    assert [p.role for p in plan.participants.all()] == ["Inwoner, van wie de vraag is", "Regisseur"]
    entry = ProcessingLogEntry.objects.order_by("sequence").last()
    assert (entry.action, entry.object_type, entry.household_id) == ("create", "plan", plan.household_id)
    # One household, one plan: a second attempt leads to the same plan.
    response = client.post(reverse("plans:create", args=[inquired_request.pk]))
    assert Plan.objects.count() == 1 and response.url == reverse("plans:detail", args=[plan.pk])


def test_goals_and_agreements_of_every_kind_are_recorded(client, plan_world, world):
    plan = plan_world.plan
    carer = NetworkMember.objects.create(household=plan.household, name="Henk", kind="neighbour")
    client.force_login(world.consultant)
    domain = LifeDomain.objects.get(instrument__code="life-domains", code="social-network")
    response = client.post(
        reverse("plans:goal_new", args=[plan.pk]),
        {"version": plan.version, "text": "Weer mensen zien", "domains": [domain.pk], "priority": 1},
    )
    assert response.status_code == 302
    goal = Goal.objects.get(text="Weer mensen zien")
    assert list(goal.domains.all()) == [domain] and goal.priority == 1
    version = Plan.objects.get(pk=plan.pk).version
    posts = [
        {
            "kind": "network",
            "network_member": carer.pk,
            "description": "Rijdt één dag per week mee met de bezorger",
        },
        {
            "kind": "community",
            "community_service": "Buurthuis De Pit",
            "description": "Samen eten op dinsdag",
        },
        {"kind": "team", "performer": "Bob", "description": "Belt elke maand even"},
    ]
    for data in posts:
        response = client.post(
            reverse("plans:agreement_new", args=[plan.pk]), {"version": version, "goal": goal.pk, **data}
        )
        assert response.status_code == 302, response.content
        version += 1
    agreements = Agreement.objects.filter(goal=goal).order_by("pk")
    assert [(a.kind, a.who) for a in agreements] == [
        ("network", "Henk"),
        ("community", "Buurthuis De Pit"),
        ("team", "Bob"),
    ]
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Rijdt één dag per week mee met de bezorger" in page and "Buurthuis De Pit" in page


def test_an_agreement_needs_the_who_that_fits_its_kind(client, plan_world, world):
    plan = plan_world.plan
    client.force_login(world.consultant)
    before = (Agreement.objects.count(), Plan.objects.get(pk=plan.pk).version)
    response = client.post(
        reverse("plans:agreement_new", args=[plan.pk]),
        {"version": plan.version, "kind": "network", "description": "Boodschappen"},
    )
    assert response.status_code == 200
    assert "Kies wie uit het netwerk het doet." in response.content.decode()
    assert (Agreement.objects.count(), Plan.objects.get(pk=plan.pk).version) == before


def test_a_stale_edit_is_refused_with_a_clear_message_and_changes_nothing(client, plan_world, world):
    plan = plan_world.plan
    seen = plan.version
    # Dave (team lead) changes the plan after Bob opened it.
    actions.plan_update(actor=world.team_lead, plan=plan, version=seen, what_matters="Dave's woorden")
    client.force_login(world.consultant)
    goals_before = Goal.objects.count()
    response = client.post(
        reverse("plans:what_matters", args=[plan.pk]), {"version": seen, "what_matters": "Bob"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Iemand anders heeft dit plan intussen gewijzigd (nu versie" in text
    assert "Bob</textarea>" in text  # what Bob typed is kept
    plan.refresh_from_db()
    assert plan.what_matters == "Dave's woorden" and plan.version == seen + 1
    response = client.post(
        reverse("plans:goal_new", args=[plan.pk]), {"version": seen, "text": "X", "priority": 2}
    )
    assert response.status_code == 200 and Goal.objects.count() == goals_before
    assert PlanVersion.objects.filter(plan=plan).count() == plan.version


def test_two_concurrent_editors_never_overwrite_each_other(plan_world, world):
    plan = plan_world.plan
    other_copy = Plan.objects.get(pk=plan.pk)
    actions.goal_add(actor=world.consultant, plan=plan, version=plan.version, text="A")
    with pytest.raises(actions.StalePlan):
        actions.goal_add(actor=world.team_lead, plan=other_copy, version=other_copy.version, text="B")
    assert not Goal.objects.filter(text="B").exists()


def test_the_life_of_a_plan_agreed_active_evaluated_closed(client, plan_world, world):
    plan = plan_world.plan
    today = timezone.localdate()
    client.force_login(world.consultant)
    response = client.post(
        reverse("plans:agree", args=[plan.pk]),
        {"version": plan.version, "agreed_on": today.isoformat(), "how": "written", "note": ""},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.agreed_how, plan.agreed_on, plan.agreed_version) == (
        "agreed",
        "written",
        today,
        plan.version,
    )
    client.post(reverse("plans:activate", args=[plan.pk]), {"version": plan.version})
    plan.refresh_from_db()
    assert plan.status == "active"
    domain = LifeDomain.objects.get(instrument__code="life-domains", code="housing")
    plan_world.goal.domains.add(domain)
    prefix = f"goal-{plan_world.goal.pk}"
    response = client.post(
        reverse("plans:evaluate", args=[plan.pk]),
        {
            "version": plan.version,
            "held_on": today.isoformat(),
            "summary": "Goed gegaan",
            f"{prefix}-outcome": "partly",
            f"{prefix}-resident_words": "Het gaat beter",
            f"{prefix}-professional_words": "Huis is schoner",
            "housing-resident_score": "4",
            "housing-professional_score": "3",
        },
    )
    assert response.status_code == 302, response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "evaluated"
    evaluation = plan.evaluations.get()
    assert [(g.outcome, g.resident_words) for g in evaluation.goals.all()] == [("partly", "Het gaat beter")]
    score = evaluation.assessment.scores.get()
    assert (score.domain, score.resident_score, score.professional_score) == (domain, 4, 3)
    assert Goal.objects.get(pk=plan_world.goal.pk).outcome == "partly"
    client.post(
        reverse("plans:close", args=[plan.pk]),
        {"version": plan.version, "closed_on": today.isoformat(), "reason": "Doelen bereikt"},
    )
    plan.refresh_from_db()
    assert (plan.status, plan.closed_reason) == ("closed", "Doelen bereikt")
    history = client.get(reverse("plans:history", args=[plan.pk]) + "?versie=1").content.decode()
    assert "Plan gemaakt" in history and "Plan afgesloten: Doelen bereikt" in history
    assert Assessment.objects.filter(evaluation=evaluation).count() == 1


def test_a_change_after_agreement_is_shown_a_change_of_state_is_not(client, plan_world, world):
    plan = plan_world.plan
    actions.plan_agree(
        actor=world.consultant, plan=plan, version=plan.version, agreed_on=timezone.localdate(), how="verbal"
    )
    actions.plan_activate(actor=world.consultant, plan=plan, version=plan.version)
    client.force_login(world.consultant)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Het plan is gewijzigd na het akkoord." not in page
    actions.goal_add(actor=world.consultant, plan=plan, version=plan.version, text="Nieuw doel")
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Het plan is gewijzigd na het akkoord." in page


def test_the_printable_plan_fits_on_two_pages(client, plan_world, world):
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    plan = plan_world.plan
    for text in ["Weer zelf boodschappen doen", "Meer mensen zien", "Rust in mijn hoofd over geld"]:
        goal = actions.goal_add(actor=world.consultant, plan=plan, version=plan.version, text=text)
        for who in ("Alice zelf", "Buurman Henk"):
            actions.agreement_add(
                actor=world.consultant,
                plan=plan,
                version=plan.version,
                goal=goal,
                kind="team",
                performer=who,
                description=f"{who} helpt bij: {text}",
            )
    client.force_login(world.consultant)
    response = client.get(reverse("plans:document_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    entry = ProcessingLogEntry.objects.order_by("sequence").last()
    assert (entry.channel, entry.object_type) == ("export", "plan")
    html = client.get(reverse("plans:document_html", args=[plan.pk])).content.decode()
    stylesheet = finders.find("eenplan/document.css")
    assert len(HTML(string=html).render(stylesheets=[CSS(filename=stylesheet)]).pages) <= 2


def test_plans_outside_reach_do_not_exist(client, plan_world, world, log_count):
    plan = plan_world.plan
    outsiders = [world.other_consultant, world.decision_maker, world.partner_professional]
    for user in [*outsiders, world.policy_advisor, world.functional_admin]:
        client.force_login(user)
        before = log_count()
        for name in ("plans:detail", "plans:history", "plans:document_html"):
            assert client.get(reverse(name, args=[plan.pk])).status_code == 404
        data = {"version": plan.version, "text": "X", "priority": 2}
        assert client.post(reverse("plans:goal_new", args=[plan.pk]), data).status_code == 404
        assert log_count() == before
    assert Plan.objects.get(pk=plan.pk).version == plan.version


def test_the_regisseur_sees_the_household_in_any_area(client, plan_world, world):
    plan = plan_world.plan
    client.force_login(world.other_consultant)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    actions.plan_case_director_assign(
        actor=world.team_lead, plan=plan, version=plan.version, case_director=world.other_consultant
    )
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("households:detail", args=[plan.household_id])).status_code == 200


def test_the_resident_reads_but_does_not_change_the_plan_here(client, plan_world, world):
    plan = plan_world.plan
    client.force_login(world.resident)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    response = client.post(
        reverse("plans:what_matters", args=[plan.pk]), {"version": plan.version, "what_matters": "X"}
    )
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.what_matters == "Zelf thuis blijven wonen." and plan.version == plan_world.plan.version


def test_only_a_team_lead_assigns_the_regie(client, plan_world, world):
    client.force_login(world.consultant)
    assert client.get(reverse("plans:case_director", args=[plan_world.plan.pk])).status_code == 404
    client.force_login(world.team_lead)
    assert client.get(reverse("plans:case_director", args=[plan_world.plan.pk])).status_code == 200
