"""Mijn plan: the resident (and their representative) reads, responds, agrees, asks, hands in their own
plan and self-assessment, sees decisions with their dates, and gives or withdraws consent. Every page
answers 404 to anyone who does not act for the household."""

import datetime

import pytest
from django.utils import timezone

from eenplan.accounts.models import Role
from eenplan.assessment.models import Assessment
from eenplan.core.models import DataCategory, LegalBasis, ProcessingLogEntry, Purpose
from eenplan.households.models import Representation
from eenplan.intake.models import SupportRequest
from eenplan.plans.models import Plan, PlanResponse
from eenplan.provisions import actions as provision_actions
from eenplan.sharing import actions as sharing_actions
from eenplan.sharing.models import Arrangement
from eenplan.sharing.queries import arrangements_in_force_for

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def date_nl(day) -> str:
    from django.utils import formats

    return formats.date_format(day, "l j F Y")


def grant(world, basis="consent"):
    today = timezone.localdate()
    return sharing_actions.arrangement_grant(
        actor=world.consultant, household=world.north_household, partner=world.partner_professional.partner,
        purpose=Purpose.objects.get(code="care-coordination"),
        categories=list(DataCategory.objects.filter(code__in=["health", "plan-agreements"])),
        legal_basis=LegalBasis.objects.get(code=basis), starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
        consent_given_by="Alice Jansen" if basis == "consent" else "",
        consent_form="verbal" if basis == "consent" else "",
    )  # fmt: skip


def mentor_of(person, **terms):
    values = {"kind": Representation.Kind.MENTOR, "starts_on": timezone.localdate()} | terms
    user = UserFactory(username="mentor", role=Role.RESIDENT, first_name="Mira", last_name="Mentor")
    Representation.objects.create(
        person=person, representative_name="Mira Mentor", representative=user, evidence="Beschikking",
        recorded_by=user, **values,
    )  # fmt: skip
    return user


def test_the_start_page_of_a_resident_is_mijn_plan(client, world, plan_world):
    client.force_login(world.resident)
    assert client.get("/").url == "/mijn/"
    page = client.get("/mijn/")
    assert page.status_code == 200
    assert "Uw huishouden" in page.text and f"/mijn/plan/{plan_world.plan.pk}/" in page.text
    assert ProcessingLogEntry.objects.filter(
        actor_id=world.resident.pk,
        household_id=world.north_household.pk,
        description="Overzicht in Mijn plan bekeken",
    ).exists()


@pytest.mark.parametrize("persona", ["consultant", "team_lead", "partner_professional", "policy_advisor"])
def test_staff_do_not_get_mijn_plan(client, world, plan_world, persona):
    client.force_login(getattr(world, persona))
    assert client.get("/mijn/").status_code == 404
    assert client.get(f"/mijn/plan/{plan_world.plan.pk}/").status_code == 404


def test_another_resident_gets_404_on_every_page_and_changes_nothing(client, world, plan_world):
    charlie = UserFactory(username="charlie", role=Role.RESIDENT)
    person = world.south_household.members.get()
    person.user = charlie
    person.save()
    arrangement = grant(world)
    client.force_login(charlie)
    support_request, plan = plan_world.support_request, plan_world.plan
    for url in [
        f"/mijn/vraag/{support_request.pk}/", f"/mijn/vraag/{support_request.pk}/verslag/",
        f"/mijn/vraag/{support_request.pk}/hoe-gaat-het/", f"/mijn/plan/{plan.pk}/",
        f"/mijn/huishouden/{world.north_household.pk}/besluiten/",
        f"/mijn/huishouden/{world.north_household.pk}/delen/", f"/mijn/delen/{arrangement.pk}/intrekken/",
    ]:  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(f"/mijn/plan/{plan.pk}/akkoord/", {"version": plan.version}).status_code == 404
    assert client.post(f"/mijn/plan/{plan.pk}/reactie/", {"text": "Hallo"}).status_code == 404
    assert client.post(f"/mijn/delen/{arrangement.pk}/intrekken/", {"reason": ""}).status_code == 404
    plan.refresh_from_db()
    arrangement.refresh_from_db()
    assert (plan.agreed_on, arrangement.withdrawn_at, PlanResponse.objects.count()) == (None, None, 0)


def test_a_resident_asks_a_question_and_the_team_lead_of_the_neighbourhood_gets_it(client, world):
    client.force_login(world.resident)
    form = client.get("/mijn/vraag/nieuw/")
    assert "Alice Jansen" in form.text and "Charlie" not in form.text
    alice = world.north_household.members.get(user=world.resident)
    response = client.post(
        "/mijn/vraag/nieuw/",
        {"person": alice.pk, "question": "De trap lukt niet meer.", "topic": "home", "helper_name": ""},
    )
    support_request = SupportRequest.objects.get()
    assert response.url == f"/mijn/vraag/{support_request.pk}/"
    assert (support_request.channel, support_request.reporter, support_request.laws) == (
        "portal",
        "resident",
        ["wmo"],
    )
    assert support_request.assigned_to == world.team_lead
    assert set(support_request.terms.values_list("rule", flat=True)) == {"inquiry", "personal_plan"}
    page = client.get(response.url)
    assert "De trap lukt niet meer." in page.text and "Uw eigen plan" in page.text


def test_a_question_for_someone_outside_the_household_is_refused(client, world):
    client.force_login(world.resident)
    charlie = world.south_household.members.get()
    response = client.post("/mijn/vraag/nieuw/", {"person": charlie.pk, "question": "Help", "topic": "home"})
    assert response.status_code == 200 and not SupportRequest.objects.exists()


def test_someone_helping_is_recorded_as_the_reporter(client, world):
    client.force_login(world.resident)
    alice = world.north_household.members.get(user=world.resident)
    client.post(
        "/mijn/vraag/nieuw/",
        {"person": alice.pk, "question": "Geldzorgen", "topic": "debts", "helper_name": "Buurvrouw Els"},
    )
    support_request = SupportRequest.objects.get()
    assert (support_request.reporter, support_request.reporter_name, support_request.laws) == (
        "network", "Buurvrouw Els", ["wgs"],
    )  # fmt: skip


def test_a_personal_plan_handed_in_within_seven_days_meets_its_term(client, world):
    client.force_login(world.resident)
    alice = world.north_household.members.get(user=world.resident)
    client.post("/mijn/vraag/nieuw/", {"person": alice.pk, "question": "Hulp thuis", "topic": "home"})
    support_request = SupportRequest.objects.get()
    client.post(f"/mijn/vraag/{support_request.pk}/eigen-plan/", {"text": "Mijn zoon helpt op zaterdag."})
    support_request.refresh_from_db()
    assert support_request.personal_plan == "Mijn zoon helpt op zaterdag."
    assert support_request.personal_plan_received_on == timezone.localdate()
    assert support_request.terms.get(rule="personal_plan").status == "met"


def test_after_seven_days_there_is_no_form_but_words_for_the_conversation(client, world):
    client.force_login(world.resident)
    alice = world.north_household.members.get(user=world.resident)
    client.post("/mijn/vraag/nieuw/", {"person": alice.pk, "question": "Hulp thuis", "topic": "home"})
    support_request = SupportRequest.objects.get()
    support_request.terms.filter(rule="personal_plan").update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = client.get(f"/mijn/vraag/{support_request.pk}/")
    assert "eigen-plan/" not in page.text and "Vertel het uw consulent in het gesprek" in page.text


def test_the_self_assessment_keeps_only_the_domains_chosen_and_the_consultant_sees_it(client, world):
    client.force_login(world.resident)
    alice = world.north_household.members.get(user=world.resident)
    client.post("/mijn/vraag/nieuw/", {"person": alice.pk, "question": "Hulp thuis", "topic": "home"})
    support_request = SupportRequest.objects.get()
    url = f"/mijn/vraag/{support_request.pk}/hoe-gaat-het/"
    assert "Financiën" in client.get(url).text
    nothing = client.post(url, {})
    assert "Kies minstens één onderwerp" in nothing.text and not Assessment.objects.exists()
    no_score = client.post(url, {"finances-matters": "on"})
    assert "Kies hoe het gaat" in no_score.text and not Assessment.objects.exists()
    client.post(
        url,
        {"finances-matters": "on", "finances-score": "2", "finances-situation": "Rekeningen stapelen op",
         "housing-matters": "on", "housing-score": "4", "social-network-score": "1"},
    )  # fmt: skip
    support_request.refresh_from_db()
    scores = {
        s.domain.code: (s.resident_score, s.professional_score)
        for s in support_request.self_assessment.scores.all()
    }
    assert scores == {"finances": (2, None), "housing": (4, None)}
    client.force_login(world.team_lead)
    from eenplan.intake import actions as intake_actions

    intake_actions.inquiry_start(actor=world.team_lead, support_request=support_request)
    staff = client.get(f"/meldingen/{support_request.pk}/onderzoek/")
    assert "Eigen inschatting van de inwoner" in staff.text and "Rekeningen stapelen op" in staff.text


def test_the_report_is_read_once_issued_and_answered(client, world, inquired_request):
    client.force_login(world.resident)
    url = f"/mijn/vraag/{inquired_request.pk}/verslag/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"agrees": "no", "text": ""})
    assert "Schrijf op wat er niet klopt" in refused.text
    client.post(url, {"agrees": "no", "text": "Mijn dochter komt twee keer per week, niet één keer."})
    report = inquired_request.inquiry.report
    report.refresh_from_db()
    assert (report.resident_agrees, report.response_recorded_on) == (False, timezone.localdate())
    assert "twee keer per week" in report.resident_response
    assert client.get(f"/meldingen/{inquired_request.pk}/verslag/pdf/").status_code == 200


def test_a_report_not_given_yet_stays_with_the_team(client, world, inquired_request):
    report = inquired_request.inquiry.report
    report.issued_on = None
    report.save()
    client.force_login(world.resident)
    assert client.get(f"/mijn/vraag/{inquired_request.pk}/verslag/").status_code == 404
    assert client.get(f"/meldingen/{inquired_request.pk}/verslag/pdf/").status_code == 404


def test_the_resident_reads_responds_and_agrees_to_the_plan(client, world, plan_world):
    plan = plan_world.plan
    client.force_login(world.resident)
    page = client.get(f"/mijn/plan/{plan.pk}/")
    assert "Mijn huis schoon houden" in page.text and "Alice doet zelf de afwas" in page.text
    assert "speciaal voor u regelt en betaalt" in page.text  # the provision, explained
    client.post(f"/mijn/plan/{plan.pk}/reactie/", {"text": "Graag ook hulp bij de boodschappen."})
    response = PlanResponse.objects.get()
    assert (response.plan_version, response.author) == (plan.version, world.resident)
    stale = client.post(f"/mijn/plan/{plan.pk}/akkoord/", {"version": plan.version - 1}, follow=True)
    assert "Het plan is net veranderd" in stale.text
    client.post(f"/mijn/plan/{plan.pk}/akkoord/", {"version": plan.version})
    plan.refresh_from_db()
    assert (plan.status, plan.agreed_how, plan.agreed_on) == ("agreed", "portal", timezone.localdate())
    assert plan.agreed_version == plan.version
    assert "U gaf akkoord op" in client.get(f"/mijn/plan/{plan.pk}/").text
    pdf = client.get(f"/plannen/{plan.pk}/pdf/")
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")
    client.force_login(world.consultant)
    assert "Graag ook hulp bij de boodschappen." in client.get(f"/plannen/{plan.pk}/").text


def test_a_resident_cannot_change_the_plan_through_the_team_actions(world, plan_world):
    from eenplan.plans import actions as plan_actions

    plan = plan_world.plan
    with pytest.raises(plan_actions.PlanStateError):
        plan_actions.plan_agree(
            actor=world.resident,
            plan=plan,
            version=plan.version,
            agreed_on=timezone.localdate(),
            how="verbal",
        )
    with pytest.raises(plan_actions.PlanStateError):
        plan_actions.goal_add(actor=world.resident, plan=plan, version=plan.version, text="Iets anders")


def test_decisions_show_the_dates_that_matter_in_plain_words(client, world, plan_world):
    client.force_login(world.resident)
    url = f"/mijn/huishouden/{world.north_household.pk}/besluiten/"
    due_on = plan_world.application.terms.get(rule="wmo_decision").due_on
    page = client.get(url)
    assert "Hulp in het huishouden" in page.text or plan_world.application.product.name in page.text
    assert f"De gemeente besluit uiterlijk {date_nl(due_on)}" in page.text
    plan_world.application.terms.filter(rule="wmo_decision").update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    late = client.get(url)
    assert "Dat is te laat" in late.text and "ingebrekestelling" in late.text
    decision = provision_actions.decision_make(
        actor=world.decision_maker, application=plan_world.application, outcome="grant", volume=3,
        reasons="Past bij het doel.",
    )  # fmt: skip
    page = client.get(url)
    assert "Besluit: u krijgt deze hulp." in page.text
    assert f"bezwaar maken tot en met {date_nl(decision.objection_ends_on)}" in page.text


def test_consent_is_withdrawn_and_given_again_and_the_partner_sees_it_at_once(client, world, plan_world):
    arrangement = grant(world)
    partner = world.partner_professional
    assert arrangements_in_force_for(partner).count() == 1
    client.force_login(world.resident)
    page = client.get(f"/mijn/huishouden/{world.north_household.pk}/delen/")
    assert "Dit mag omdat u toestemming gaf" in page.text and partner.partner.name in page.text
    client.post(f"/mijn/delen/{arrangement.pk}/intrekken/", {"reason": "Ik wil dit niet meer."})
    arrangement.refresh_from_db()
    assert arrangement.withdrawn_by == world.resident and arrangement.withdrawn_at is not None
    assert arrangements_in_force_for(partner).count() == 0
    client.post(f"/mijn/delen/{arrangement.pk}/toestemming/")
    renewed = Arrangement.objects.exclude(pk=arrangement.pk).get()
    assert (renewed.consent_form, renewed.granted_by, renewed.ends_on) == (
        "portal",
        world.resident,
        arrangement.ends_on,
    )
    assert set(renewed.categories.values_list("code", flat=True)) == {"health", "plan-agreements"}
    assert arrangements_in_force_for(partner).count() == 1


def test_an_arrangement_on_the_public_task_is_explained_not_withdrawn_by_the_resident(
    client, world, plan_world
):
    arrangement = grant(world, basis="public-task")
    client.force_login(world.resident)
    page = client.get(f"/mijn/huishouden/{world.north_household.pk}/delen/")
    assert "Hiervoor is geen toestemming nodig" in page.text and "intrekken/" not in page.text
    assert client.post(f"/mijn/delen/{arrangement.pk}/intrekken/", {"reason": ""}).status_code == 404
    arrangement.refresh_from_db()
    assert arrangement.withdrawn_at is None


def test_a_mentor_acts_for_the_person_they_represent(client, world, plan_world):
    alice = world.north_household.members.get(user=world.resident)
    mentor = mentor_of(alice)
    client.force_login(mentor)
    page = client.get("/mijn/")
    assert "U regelt zaken voor Alice Jansen" in page.text
    assert client.get(f"/mijn/plan/{plan_world.plan.pk}/").status_code == 200
    client.post(f"/mijn/plan/{plan_world.plan.pk}/akkoord/", {"version": plan_world.plan.version})
    plan = Plan.objects.get()
    assert plan.agreed_how == "portal"


@pytest.mark.parametrize(
    "terms",
    [
        {"ends_on": datetime.date(2020, 1, 1), "starts_on": datetime.date(2019, 1, 1)},
        {"starts_on": datetime.date(2999, 1, 1)},
        {"kind": Representation.Kind.PARENT},  # Alice is an adult: a parent no longer acts for her
    ],
)
def test_a_representation_out_of_force_gives_nothing(client, world, plan_world, terms):
    alice = world.north_household.members.get(user=world.resident)
    mentor = mentor_of(alice, **terms)
    client.force_login(mentor)
    assert "Uw account hoort nog niet bij een huishouden" in client.get("/mijn/").text
    assert client.get(f"/mijn/plan/{plan_world.plan.pk}/").status_code == 404


def test_a_parent_acts_for_their_minor_child_until_eighteen(client, world):
    today = timezone.localdate()
    child = PersonFactory(
        household=world.south_household, relation="child", given_name="Daan",
        date_of_birth=today.replace(year=today.year - 12),
    )  # fmt: skip
    parent = mentor_of(child, kind=Representation.Kind.PARENT)
    client.force_login(parent)
    assert client.get(f"/mijn/huishouden/{world.south_household.pk}/delen/").status_code == 200
    child.date_of_birth = today.replace(year=today.year - 18)
    child.save()
    assert client.get(f"/mijn/huishouden/{world.south_household.pk}/delen/").status_code == 404
