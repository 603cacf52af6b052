"""Tailored provisions through the API: the team applies and advises, the gemeente decides (never on
its own advice) and allocates, and the allocation message goes to the provider. The same actions and
access rules as the screens; refused steps change nothing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from rest_framework.authtoken.models import Token

from eenplan.accounts.models import Partner, Role
from eenplan.core.models import ProcessingLogEntry
from eenplan.households.models import Person
from eenplan.intake import deadlines
from eenplan.plans.models import Agreement, Plan
from eenplan.provisions import actions
from eenplan.provisions.models import Advice, Allocation, Application, ApplicationTerm, Decision, Product

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_consultant", "partner_professional", "policy_advisor", "functional_admin", "resident"]
WMO301 = {
    "w": "http://www.istandaarden.nl/iwmo/3_2/wmo301/schema",
    "b": "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema",
}


def api(client, user):
    token, _created = Token.objects.get_or_create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def last_log():
    return ProcessingLogEntry.objects.order_by("sequence").last()


def state():
    """Everything a provision step could change, to prove a refused step changed nothing."""
    return {
        "applications": list(Application.objects.values_list("pk", "status", "volume")),
        "agreements": Agreement.objects.count(),
        "plans": list(Plan.objects.values_list("pk", "version")),
        "advice": list(Advice.objects.values_list("pk", "recommendation")),
        "decisions": list(Decision.objects.values_list("pk", "outcome", "volume")),
        "allocations": Allocation.objects.count(),
        "terms": list(ApplicationTerm.objects.values_list("pk", "rule", "status")),
        "writes": ProcessingLogEntry.objects.exclude(action="read").count(),
    }


def decide(plan_world, world, volume=3):
    return actions.decision_make(
        actor=world.decision_maker,
        application=plan_world.application,
        outcome="grant",
        volume=volume,
        reasons="Toegekend.",
    )


def allocate(plan_world, world):
    decision = decide(plan_world, world)
    return actions.allocation_make(
        actor=world.decision_maker,
        decision=decision,
        provider=plan_world.provider,
        volume=3,
        starts_on=decision.starts_on,
        ends_on=decision.ends_on,
    )


def test_the_catalogue_lists_active_products_and_logs_nothing(client, world, log_count):
    Product.objects.filter(code="wgs-schuldhulp").update(is_active=False)
    before = log_count()
    response = api(client, world.consultant).get("/api/v1/products/")
    assert response.status_code == 200
    data = response.json()
    codes = [item["code"] for item in data["results"]]
    assert data["count"] == Product.objects.filter(is_active=True).count() == len(codes)
    assert "wgs-schuldhulp" not in codes
    assert next(item for item in data["results"] if item["code"] == "wmo-hh") == {
        "code": "wmo-hh",
        "name": "Hulp bij het huishouden",
        "description": "Schoonmaken en het huishouden op orde houden, als dat zelf en met het netwerk "
        "niet lukt.",
        "law": "wmo",
        "category": "01",
        "product_code": "01A01",
        "unit": "04",
        "unit_label": "uur",
        "frequency": "2",
        "frequency_label": "per week",
        "tariff_cents": 3250,
    }
    assert log_count() == before
    assert client.get("/api/v1/products/", HTTP_AUTHORIZATION="").status_code == 401


def test_the_team_applies_from_the_plan(client, plan_world, world):
    plan, goal = plan_world.plan, plan_world.goal
    alice = world.north_household.members.get(user=world.resident)
    today = timezone.localdate()
    ends_on = today + timedelta(days=180)
    response = post(
        api(client, world.consultant),
        "/api/v1/applications/",
        {
            "plan": plan.pk,
            "version": 4,
            "product": "wmo-begeleiding",
            "person": alice.pk,
            "volume": 2,
            "starts_on": today.isoformat(),
            "ends_on": ends_on.isoformat(),
            "motivation": "Post stapelt zich op.",
            "goal": goal.pk,
        },
    )
    assert response.status_code == 201, response.content
    application = Application.objects.get(product__code="wmo-begeleiding")
    due_on = deadlines.deadline(deadlines.rules()["wmo_decision"], today)
    data = response.json()
    assert data == {
        "id": application.pk,
        "reference": application.reference,
        "status": "submitted",
        "urgent": False,
        "received_on": today.isoformat(),
        "person": {"id": alice.pk, "name": "Alice Jansen"},
        "product": {"code": "wmo-begeleiding", "name": "Individuele begeleiding", "law": "wmo"},
        "volume": 2,
        "starts_on": today.isoformat(),
        "ends_on": ends_on.isoformat(),
        "recommendation": None,
        "outcome": None,
        "days_left": (due_on - today).days,
        "terms": [
            {
                "rule": "wmo_decision",
                "name": deadlines.rules()["wmo_decision"].name,
                "starts_on": today.isoformat(),
                "due_on": due_on.isoformat(),
                "status": "running",
                "days_left": (due_on - today).days,
            }
        ],
        "plan": plan.pk,
        "plan_version": 5,
        "agreement": application.agreement_id,
        "goal": goal.pk,
        "motivation": "Post stapelt zich op.",
    }
    agreement = application.agreement
    assert (agreement.kind, agreement.description, agreement.goal, agreement.plan) == (
        "provision",
        "Individuele begeleiding: 2 × uur per week",
        goal,
        plan,
    )
    assert Plan.objects.get(pk=plan.pk).version == 5
    entry = last_log()
    assert (entry.action, entry.channel, entry.object_type, entry.object_id, entry.person_id) == (
        "create",
        "api",
        "application",
        str(application.pk),
        alice.pk,
    )


def _application_body(plan_world, **overrides):
    today = timezone.localdate()
    body = {
        "plan": plan_world.plan.pk,
        "version": 4,
        "product": "wmo-begeleiding",
        "person": plan_world.application.person_id,
        "volume": 2,
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(),
        "motivation": "Nodig.",
    }
    return {**body, **overrides}


def test_an_application_on_a_stale_plan_is_409_and_changes_nothing(client, plan_world, world):
    before = state()
    response = post(
        api(client, world.consultant), "/api/v1/applications/", _application_body(plan_world, version=3)
    )
    assert response.status_code == 409
    assert response.json()["version"] == 4
    assert state() == before


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"ends_on": "2020-01-01"}, {"ends_on": ["De einddatum ligt voor de begindatum."]}),
        ({"product": "raket"}, {"product": ["Object met code=raket bestaat niet."]}),
        ({"volume": 0}, {"volume": ["Zorg ervoor dat deze waarde groter is dan of gelijk is aan 1."]}),
        ({"motivation": ""}, {"motivation": ["Dit veld mag niet leeg zijn."]}),
        ({"plan": "een"}, {"plan": ["Een geldig getal is vereist."]}),
    ],
)
def test_bad_applications_are_refused_in_dutch_and_change_nothing(
    client, plan_world, world, overrides, errors
):
    before = state()
    response = post(
        api(client, world.consultant), "/api/v1/applications/", _application_body(plan_world, **overrides)
    )
    assert (response.status_code, response.json()) == (400, errors)
    assert state() == before


def test_an_application_is_for_someone_in_the_household(client, plan_world, world):
    charlie = Person.objects.get(given_name="Charlie")
    before = state()
    response = post(
        api(client, world.consultant),
        "/api/v1/applications/",
        _application_body(plan_world, person=charlie.pk),
    )
    assert (response.status_code, response.json()) == (
        400,
        {"person": [f'Ongeldige pk "{charlie.pk}" - object bestaat niet.']},
    )
    assert state() == before


def test_a_wmo_application_waits_for_the_inquiry_report_unless_urgent(client, world):
    from eenplan.intake import actions as intake_actions
    from eenplan.plans import actions as plan_actions

    alice = world.north_household.members.get(user=world.resident)
    today = timezone.localdate()
    support_request = intake_actions.support_request_register(
        actor=world.consultant,
        household=world.north_household,
        person=alice,
        received_on=today,
        channel="phone",
        reporter="resident",
        reporter_name="",
        question="Vraag",
        laws=["wmo"],
        urgency="normal",
    )
    plan = plan_actions.plan_create(actor=world.consultant, support_request=support_request)
    body = {
        "plan": plan.pk,
        "version": 1,
        "product": "wmo-hh",
        "person": alice.pk,
        "volume": 2,
        "starts_on": today.isoformat(),
        "ends_on": today.isoformat(),
        "motivation": "Nodig",
    }
    client = api(client, world.consultant)
    before = state()
    response = post(client, "/api/v1/applications/", body)
    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Een Wmo-aanvraag volgt op het verslag van het onderzoek. Reik eerst het verslag "
            "uit, of kies spoed als het niet kan wachten."
        },
    )
    assert state() == before
    response = post(client, "/api/v1/applications/", {**body, "urgent": True})
    assert response.status_code == 201 and Application.objects.get().urgent


@pytest.mark.parametrize("persona", ["decision_maker", *OUTSIDERS])
def test_only_the_team_applies_others_find_no_plan(client, plan_world, world, persona, log_count):
    before, logged = state(), log_count()
    response = post(
        api(client, getattr(world, persona)), "/api/v1/applications/", _application_body(plan_world)
    )
    assert response.status_code == 404
    assert state() == before
    if persona != "resident":  # the resident may read her own plan (and that read is logged)
        assert log_count() == logged


def test_the_team_lists_its_applications_and_each_shown_is_logged(client, plan_world, world):
    application = plan_world.application
    today = timezone.localdate()
    due_on = application.terms.get().due_on
    response = api(client, world.consultant).get("/api/v1/applications/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    item = data["results"][0]
    assert (item["id"], item["status"], item["recommendation"], item["outcome"], item["days_left"]) == (
        application.pk,
        "advised",
        "grant",
        None,
        (due_on - today).days,
    )
    assert item["person"] == {"id": application.person_id, "name": "Alice Jansen"}
    entry = last_log()
    assert (entry.action, entry.channel, entry.object_type, entry.object_id, entry.description) == (
        "read",
        "api",
        "application",
        str(application.pk),
        "Aanvraag in de lijst getoond",
    )


def test_the_decision_maker_lists_the_work_list_with_days_left(client, plan_world, world):
    application = plan_world.application
    today = timezone.localdate()
    due_on = application.terms.get().due_on
    client = api(client, world.decision_maker)
    data = client.get("/api/v1/applications/").json()
    assert [(item["id"], item["days_left"]) for item in data["results"]] == [
        (application.pk, (due_on - today).days)
    ]
    assert [(term["rule"], term["days_left"]) for term in data["results"][0]["terms"]] == [
        ("wmo_decision", (due_on - today).days)
    ]
    entry = last_log()
    assert (entry.actor_role, entry.purpose, entry.channel, entry.description) == (
        "decision_maker",
        "decision",
        "api",
        "Aanvraag in de werklijst getoond",
    )
    assert client.get("/api/v1/applications/?show=to_allocate").json()["count"] == 0
    decide(plan_world, world)
    assert client.get("/api/v1/applications/").json()["count"] == 0
    allocating = client.get("/api/v1/applications/?show=to_allocate").json()
    assert [(item["id"], item["outcome"]) for item in allocating["results"]] == [(application.pk, "grant")]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_an_empty_list_and_nothing_is_logged(client, plan_world, world, persona, log_count):
    before = log_count()
    response = api(client, getattr(world, persona)).get("/api/v1/applications/")
    assert (response.status_code, response.json()) == (
        200,
        {"count": 0, "next": None, "previous": None, "results": []},
    )
    assert log_count() == before


def test_the_list_reads_a_bounded_number_of_queries(client, plan_world, world):
    client = api(client, world.consultant)
    client.get(
        "/api/v1/applications/"
    )  # the first page of a process also reads the configuration (core.configuration)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/applications/").json()["count"] == 1
    application = plan_world.application
    for _ in range(3):
        other = Application.objects.create(
            household=application.household,
            person=application.person,
            plan=application.plan,
            product=application.product,
            volume=1,
            starts_on=application.starts_on,
            ends_on=application.ends_on,
            motivation="x",
            received_on=application.received_on,
            submitted_by=world.consultant,
        )
        ApplicationTerm.objects.create(
            application=other,
            rule="wmo_decision",
            starts_on=other.received_on,
            due_on=other.received_on + timedelta(days=14),
        )
    with CaptureQueriesContext(connection) as four:
        assert client.get("/api/v1/applications/").json()["count"] == 4
    assert len(four) == len(one)


def test_the_decision_maker_reads_what_the_decision_needs(client, plan_world, world):
    application = plan_world.application
    alice = application.person
    response = api(client, world.decision_maker).get(f"/api/v1/applications/{application.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["person"] == {
        "id": alice.pk,
        "name": "Alice Jansen",
        "date_of_birth": alice.date_of_birth.isoformat(),
        "bsn": alice.bsn,
    }
    assert data["advice"] == {
        "recommendation": "grant",
        "volume": 3,
        "reasons": "Past bij het doel; netwerk kan dit niet.",
        "advised_by": world.consultant.get_full_name(),
        "advised_on": timezone.localdate().isoformat(),
    }
    assert data["plan"] == {
        "id": application.plan_id,
        "reference": application.plan.reference,
        "status": "draft",
        "what_matters": "Zelf thuis blijven wonen.",
        "goals": ["Mijn huis schoon houden"],
        "agreements": [
            "Alice Jansen: Alice doet zelf de afwas",
            "Alice Jansen: Hulp bij het huishouden: 3 × uur per week",
        ],
    }
    assert (data["decision"], data["motivation"], data["goal"]) == (
        None,
        "Na de operatie lukt schoonmaken niet.",
        plan_world.goal.pk,
    )
    entry = last_log()
    assert (entry.action, entry.channel, entry.object_type, entry.purpose, entry.description) == (
        "read",
        "api",
        "application",
        "decision",
        "Aanvraag bekeken",
    )


def test_the_team_advises_and_a_decision_maker_may_not(client, plan_world, world):
    plan = Plan.objects.get(pk=plan_world.plan.pk)
    application = actions.application_submit(
        actor=world.consultant,
        plan=plan,
        version=plan.version,
        product=Product.objects.get(code="wmo-vervoer"),
        person=plan_world.application.person,
        volume=10,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        motivation="Kan de bus niet meer nemen.",
    )
    path = f"/api/v1/applications/{application.pk}/advice/"
    body = {"recommendation": "partly", "volume": 6, "reasons": "Zes ritten is genoeg."}
    before = state()
    response = post(api(client, world.decision_maker), path, body)
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Alleen het wijkteam geeft advies. De gemeente besluit."},
    )
    assert state() == before
    response = post(api(client, world.team_lead), path, body)
    assert response.status_code == 201, response.content
    assert response.json() == {
        "recommendation": "partly",
        "volume": 6,
        "reasons": "Zes ritten is genoeg.",
        "advised_by": world.team_lead.get_full_name(),
        "advised_on": timezone.localdate().isoformat(),
    }
    assert Application.objects.get(pk=application.pk).status == "advised"
    assert (last_log().action, last_log().channel, last_log().description) == (
        "create",
        "api",
        "Advies gegeven: gedeeltelijk toekennen",
    )
    # Advised once: a second advice does not fit.
    before = state()
    response = post(client, path, body)
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Alleen over een aanvraag die op advies wacht, kunt u advies geven."},
    )
    assert state() == before


def test_a_grant_needs_a_volume(client, plan_world, world):
    before = state()
    response = post(
        api(client, world.consultant),
        f"/api/v1/applications/{plan_world.application.pk}/advice/",
        {"recommendation": "grant", "volume": 0, "reasons": "Ja."},
    )
    assert (response.status_code, response.json()) == (400, {"volume": ["Vul de omvang in die u adviseert."]})
    assert state() == before


def test_the_decision_maker_decides_and_the_objection_term_starts(client, plan_world, world):
    application = plan_world.application
    today = timezone.localdate()
    response = post(
        api(client, world.decision_maker),
        f"/api/v1/applications/{application.pk}/decision/",
        {"outcome": "grant", "volume": 2, "reasons": "Twee uur is genoeg."},
    )
    assert response.status_code == 201, response.content
    objection_ends_on = deadlines.deadline(deadlines.rules()["objection"], today)
    assert response.json() == {
        "outcome": "partly",
        "volume": 2,
        "starts_on": application.starts_on.isoformat(),
        "ends_on": application.ends_on.isoformat(),
        "reasons": "Twee uur is genoeg.",
        "decided_by": world.decision_maker.get_full_name(),
        "decided_on": today.isoformat(),
        "objection_ends_on": objection_ends_on.isoformat(),
        "allocations": [],
    }
    decision = Decision.objects.get()
    assert (decision.application, decision.outcome, decision.decided_by) == (
        application,
        "partly",
        world.decision_maker,
    )
    assert Application.objects.get(pk=application.pk).status == "decided"
    assert {t.rule: t.status for t in application.terms.all()} == {
        "wmo_decision": "met",
        "objection": "running",
    }
    entry = last_log()
    assert (entry.action, entry.channel, entry.purpose, entry.description) == (
        "create",
        "api",
        "decision",
        "Besluit: gedeeltelijk toekennen",
    )


DECISION = {"outcome": "grant", "volume": 3, "reasons": "Ik besluit zelf."}


def test_a_consultant_cannot_decide(client, plan_world, world):
    before = state()
    response = post(
        api(client, world.consultant), f"/api/v1/applications/{plan_world.application.pk}/decision/", DECISION
    )
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Alleen een besluitvormer van de gemeente besluit."},
    )
    assert state() == before


def test_nobody_decides_on_their_own_advice(client, plan_world, world):
    # Bob advised as a consultant; with the decision maker's role he still may not decide on it.
    world.consultant.role, world.consultant.team = Role.DECISION_MAKER, None
    world.consultant.save()
    before = state()
    response = post(
        api(client, world.consultant), f"/api/v1/applications/{plan_world.application.pk}/decision/", DECISION
    )
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "U gaf zelf het advies over deze aanvraag. Een ander moet besluiten."},
    )
    assert state() == before


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"outcome": "grant", "reasons": "Ja."}, {"volume": ["Nodig bij toekennen."]}),
        ({"outcome": "misschien", "reasons": "?"}, {"outcome": ['"misschien" is een ongeldige keuze.']}),
        (
            {
                "outcome": "grant",
                "volume": 3,
                "reasons": "Ja.",
                "starts_on": "2026-12-01",
                "ends_on": "2026-11-01",
            },
            {"ends_on": ["De einddatum ligt voor de begindatum."]},
        ),
        ({"outcome": "refuse"}, {"reasons": ["Dit veld is vereist."]}),
    ],
)
def test_bad_decisions_are_refused_in_dutch_and_change_nothing(client, plan_world, world, body, errors):
    before = state()
    response = post(
        api(client, world.decision_maker), f"/api/v1/applications/{plan_world.application.pk}/decision/", body
    )
    assert (response.status_code, response.json()) == (400, errors)
    assert state() == before


def test_the_team_withdraws_an_application_and_its_terms_end(client, plan_world, world):
    application = plan_world.application
    client = api(client, world.consultant)
    response = post(
        client, f"/api/v1/applications/{application.pk}/withdraw/", {"reason": "Netwerk helpt nu."}
    )
    assert response.status_code == 200, response.content
    term = application.terms.get()
    assert response.json() == {
        "id": application.pk,
        "reference": application.reference,
        "status": "withdrawn",
        "terms": [
            {
                "rule": "wmo_decision",
                "name": term.definition.name,
                "starts_on": term.starts_on.isoformat(),
                "due_on": term.due_on.isoformat(),
                "status": "ended",
                "days_left": (term.due_on - timezone.localdate()).days,
            }
        ],
    }
    assert (Application.objects.get(pk=application.pk).status, term.status) == ("withdrawn", "ended")
    assert last_log().description == "Aanvraag ingetrokken: Netwerk helpt nu."
    before = state()
    response = post(client, f"/api/v1/applications/{application.pk}/withdraw/", {"reason": "Nogmaals"})
    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Een aanvraag waarover besloten is of die al is ingetrokken, kan niet meer worden "
            "ingetrokken."
        },
    )
    assert state() == before


def test_the_decision_maker_allocates_within_the_decision(client, plan_world, world):
    application = plan_world.application
    path = f"/api/v1/applications/{application.pk}/allocations/"
    client = api(client, world.decision_maker)
    before = state()
    body = {
        "provider": plan_world.provider.pk,
        "volume": 3,
        "starts_on": application.starts_on.isoformat(),
        "ends_on": application.ends_on.isoformat(),
    }
    response = post(client, path, body)
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Over deze aanvraag is nog niet besloten."},
    )
    assert state() == before
    decide(plan_world, world, volume=2)
    before = state()
    response = post(client, path, body)
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Wijs hoogstens de toegekende omvang toe."},
    )
    assert state() == before
    response = post(client, path, {**body, "volume": 2})
    assert response.status_code == 201, response.content
    allocation = Allocation.objects.get()
    data = response.json()
    assert data.pop("allocated_at")
    assert data == {
        "id": allocation.pk,
        "number": 1,
        "application": application.pk,
        "provider": {"id": plan_world.provider.pk, "name": "Thuiszorg De Linde", "agb_code": "42420002"},
        "volume": 2,
        "starts_on": application.starts_on.isoformat(),
        "ends_on": application.ends_on.isoformat(),
        "has_message": True,
    }
    assert (allocation.provider, allocation.allocated_by) == (plan_world.provider, world.decision_maker)
    entry = last_log()
    assert (entry.action, entry.channel, entry.object_type, entry.object_id, entry.description) == (
        "create",
        "api",
        "allocation",
        str(allocation.pk),
        "Toegewezen aan Thuiszorg De Linde",
    )


def test_only_providers_of_the_gemeente_can_be_chosen(client, plan_world, world):
    decide(plan_world, world)
    practice = Partner.objects.create(
        municipality=plan_world.provider.municipality,
        name="Huisarts",
        kind=Partner.Kind.GENERAL_PRACTICE,
        agb_code="01234567",
    )
    application = plan_world.application
    before = state()
    response = post(
        api(client, world.decision_maker),
        f"/api/v1/applications/{application.pk}/allocations/",
        {
            "provider": practice.pk,
            "volume": 1,
            "starts_on": application.starts_on.isoformat(),
            "ends_on": application.ends_on.isoformat(),
        },
    )
    assert (response.status_code, response.json()) == (
        400,
        {"provider": [f'Ongeldige pk "{practice.pk}" - object bestaat niet.']},
    )
    assert state() == before


def test_a_consultant_cannot_allocate(client, plan_world, world):
    decide(plan_world, world)
    application = plan_world.application
    before = state()
    response = post(
        api(client, world.consultant),
        f"/api/v1/applications/{application.pk}/allocations/",
        {
            "provider": plan_world.provider.pk,
            "volume": 1,
            "starts_on": application.starts_on.isoformat(),
            "ends_on": application.ends_on.isoformat(),
        },
    )
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Alleen een besluitvormer van de gemeente wijst een voorziening toe."},
    )
    assert state() == before


def test_the_allocation_and_its_wmo301_message(client, plan_world, world, settings):
    settings.EENPLAN_ISTANDAARDEN_DIR = None
    allocation = allocate(plan_world, world)
    client = api(client, world.decision_maker)
    response = client.get(f"/api/v1/allocations/{allocation.pk}/")
    assert response.status_code == 200
    assert (response.json()["number"], response.json()["provider"]["agb_code"]) == (
        allocation.number,
        "42420002",
    )
    assert (last_log().action, last_log().description) == ("read", "Toewijzing bekeken")
    response = client.get(f"/api/v1/allocations/{allocation.pk}/message/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == f'attachment; filename="WMO301-{allocation.number}.xml"'
    root = etree.fromstring(response.content)
    bsn = plan_world.application.person.bsn
    assert root.findtext("w:Client/w:Bsn", namespaces=WMO301) == bsn
    product = "w:Client/w:ToegewezenProducten/w:ToegewezenProduct/w:Product/b:Code"
    assert root.findtext(product, namespaces=WMO301) == "01A01"
    entry = last_log()
    assert (entry.action, entry.channel, entry.object_type, entry.object_id, entry.description) == (
        "disclose",
        "api",
        "allocation",
        str(allocation.pk),
        "WMO301 aan Thuiszorg De Linde",
    )
    # A client that asks for XML gets the same message, and an error as XML too.
    again = client.get(f"/api/v1/allocations/{allocation.pk}/message/", HTTP_ACCEPT="application/xml")
    assert (again.status_code, again.content) == (200, response.content)
    missing = client.get(f"/api/v1/allocations/{allocation.pk + 1}/message/", HTTP_ACCEPT="application/xml")
    assert (missing.status_code, missing["Content-Type"]) == (404, "application/xml")
    assert missing.content == b'<?xml version="1.0" encoding="UTF-8"?>\n<fout>Niet gevonden.</fout>\n'


def test_no_message_without_a_bsn(client, plan_world, world, settings):
    settings.EENPLAN_ISTANDAARDEN_DIR = None
    allocation = allocate(plan_world, world)
    Person.objects.filter(pk=plan_world.application.person_id).update(bsn="")
    writes = ProcessingLogEntry.objects.exclude(action="read").count()
    response = api(client, world.decision_maker).get(f"/api/v1/allocations/{allocation.pk}/message/")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Voor een toewijzingsbericht is het BSN van de inwoner nodig."},
    )
    assert ProcessingLogEntry.objects.exclude(action="read").count() == writes


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_every_endpoint_and_change_nothing(
    client, plan_world, world, persona, log_count
):
    allocation = allocate(plan_world, world)
    application = plan_world.application
    client = api(client, getattr(world, persona))
    before, logged = state(), log_count()
    base = f"/api/v1/applications/{application.pk}/"
    assert client.get(base).status_code == 404
    assert (
        post(client, base + "advice/", {"recommendation": "grant", "volume": 3, "reasons": "x"}).status_code
        == 404
    )
    assert post(client, base + "decision/", DECISION).status_code == 404
    assert post(client, base + "withdraw/", {"reason": "x"}).status_code == 404
    body = {
        "provider": plan_world.provider.pk,
        "volume": 1,
        "starts_on": application.starts_on.isoformat(),
        "ends_on": application.ends_on.isoformat(),
    }
    assert post(client, base + "allocations/", body).status_code == 404
    assert client.get(f"/api/v1/allocations/{allocation.pk}/").status_code == 404
    assert client.get(f"/api/v1/allocations/{allocation.pk}/message/").status_code == 404
    assert state() == before and log_count() == logged


def test_a_decision_maker_loses_sight_once_the_objection_term_ended(client, plan_world, world):
    application = plan_world.application
    long_ago = timezone.localdate() - timedelta(days=60)
    actions.decision_make(
        actor=world.decision_maker,
        application=application,
        outcome="refuse",
        volume=0,
        reasons="Afgewezen.",
        decided_on=long_ago,
    )
    client = api(client, world.decision_maker)
    assert client.get("/api/v1/applications/?show=to_allocate").json()["count"] == 0
    assert client.get(f"/api/v1/applications/{application.pk}/").status_code == 404
    # The team still sees it, with the decision.
    data = api(client, world.consultant).get(f"/api/v1/applications/{application.pk}/").json()
    assert (data["status"], data["outcome"], data["decision"]["outcome"]) == ("decided", "refuse", "refuse")
