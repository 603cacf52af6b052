"""The plan through the API: the same actions and access rules as the screens. Every write claims the
version the client saw (a stale one is 409 and changes nothing); a plan outside reach does not exist."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from eenplan.assessment.models import Assessment, LifeDomain
from eenplan.core.models import ProcessingLogEntry
from eenplan.households.models import NetworkMember, Person
from eenplan.plans import actions
from eenplan.plans.models import Agreement, Evaluation, Goal, Plan, PlanVersion
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "other_consultant",
    "decision_maker",
    "partner_professional",
    "policy_advisor",
    "functional_admin",
]


def api(client, user):
    token, _created = Token.objects.get_or_create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def last_log():
    return ProcessingLogEntry.objects.order_by("sequence").last()


def state(plan):
    """Everything a write could change, to prove a refused write changed nothing."""
    plan = Plan.objects.get(pk=plan.pk)
    return {
        "plan": (plan.version, plan.status, plan.what_matters, plan.agreed_on, plan.closed_on),
        "goals": list(Goal.objects.filter(plan=plan).values_list("pk", "text", "priority", "outcome")),
        "agreements": list(
            Agreement.objects.filter(plan=plan).values_list("pk", "goal", "kind", "description", "status")
        ),
        "versions": PlanVersion.objects.filter(plan=plan).count(),
        "evaluations": Evaluation.objects.filter(plan=plan).count(),
        "writes": ProcessingLogEntry.objects.exclude(action="read").count(),
    }


def url(plan, suffix=""):
    return f"/api/v1/plans/{plan.pk}/{suffix}"


def test_without_a_token_nothing_is_shown(client, plan_world):
    assert client.get("/api/v1/plans/").status_code == 401
    assert client.get(url(plan_world.plan)).status_code == 401


def test_the_list_shows_plans_in_reach_and_logs_each_shown(client, plan_world, world):
    plan = plan_world.plan
    response = api(client, world.consultant).get("/api/v1/plans/")
    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["next"], data["previous"]) == (1, None, None)
    item = data["results"][0]
    item.pop("updated_at")
    assert item == {
        "id": plan.pk,
        "reference": plan.reference,
        "household": world.north_household.pk,
        "support_request": plan_world.support_request.pk,
        "status": "draft",
        "case_director": {"id": world.consultant.pk, "name": world.consultant.get_full_name()},
        "version": 4,
    }
    entry = last_log()
    assert (entry.action, entry.channel, entry.object_type, entry.object_id, entry.household_id) == (
        "read", "api", "plan", str(plan.pk), plan.household_id,
    )  # fmt: skip
    assert (entry.purpose, entry.description) == ("support", "Plan in de lijst getoond")


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_an_empty_list_and_nothing_is_logged(client, plan_world, world, persona, log_count):
    before = log_count()
    response = api(client, getattr(world, persona)).get("/api/v1/plans/")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert log_count() == before


def test_the_list_reads_a_bounded_number_of_queries(client, plan_world, world):
    client = api(client, world.consultant)
    client.get(
        "/api/v1/plans/"
    )  # the first page of a process also reads the configuration (core.configuration)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/plans/").json()["count"] == 1
    for _ in range(3):
        household = HouseholdFactory(area=world.north_household.area)
        Plan.objects.create(household=household, case_director=world.team_lead)
    with CaptureQueriesContext(connection) as four:
        assert client.get("/api/v1/plans/").json()["count"] == 4
    assert len(four) == len(one)


def test_the_list_is_paged(client, plan_world, world):
    for _ in range(25):
        household = HouseholdFactory(area=world.north_household.area)
        Plan.objects.create(household=household, case_director=world.consultant)
    client = api(client, world.consultant)
    first = client.get("/api/v1/plans/").json()
    assert (first["count"], len(first["results"]), first["previous"]) == (26, 25, None)
    assert first["next"] == "http://testserver/api/v1/plans/?page=2"
    second = client.get(first["next"]).json()
    assert [item["id"] for item in second["results"]] == [plan_world.plan.pk]  # the oldest comes last


def test_a_consultant_makes_a_plan_from_a_melding(client, inquired_request, world):
    client = api(client, world.consultant)
    response = client.post(
        "/api/v1/plans/", {"support_request": inquired_request.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    plan = Plan.objects.get()
    data = response.json()
    assert (data["id"], data["status"], data["version"], data["what_matters"]) == (
        plan.pk, "draft", 1, "Zelf thuis blijven wonen.",
    )  # fmt: skip
    assert [(p["kind"], p["role"]) for p in data["participants"]] == [
        ("member", "Inwoner, van wie de vraag is"),
        ("team", "Regisseur"),
    ]
    assert (data["goals"], data["agreements"], data["evaluations"]) == ([], [], [])
    assert (plan.case_director, plan.support_request) == (world.consultant, inquired_request)
    entry = last_log()
    assert (entry.action, entry.channel, entry.object_type, entry.object_id) == (
        "create",
        "api",
        "plan",
        str(plan.pk),
    )
    # One household, one plan.
    response = client.post(
        "/api/v1/plans/", {"support_request": inquired_request.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dit huishouden heeft al een plan. Eén huishouden, één plan.",
        "plan": plan.pk,
    }
    assert Plan.objects.count() == 1 and PlanVersion.objects.count() == 1


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_cannot_make_a_plan(client, inquired_request, world, persona):
    response = api(client, getattr(world, persona)).post(
        "/api/v1/plans/", {"support_request": inquired_request.pk}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not Plan.objects.exists()


def test_the_plan_shows_goals_agreements_with_their_application_and_participants(client, plan_world, world):
    plan, goal, application = plan_world.plan, plan_world.goal, plan_world.application
    alice = world.north_household.members.get(user=world.resident)
    response = api(client, world.consultant).get(url(plan))
    assert response.status_code == 200
    data = response.json()
    assert (data["reference"], data["status"], data["version"], data["what_matters"]) == (
        plan.reference, "draft", 4, "Zelf thuis blijven wonen.",
    )  # fmt: skip
    assert (data["agreed_on"], data["agreed_version"], data["changed_since_agreement"]) == (None, None, False)
    assert data["goals"] == [
        {"id": goal.pk, "text": "Mijn huis schoon houden", "domains": [], "priority": 2, "target_date": None,
         "outcome": ""},
    ]  # fmt: skip
    own, provision = data["agreements"]
    assert (own["kind"], own["who"], own["person"], own["goal"], own["application"]) == (
        "resident", "Alice Jansen", alice.pk, goal.pk, None,
    )  # fmt: skip
    assert (provision["kind"], provision["description"], provision["due_on"]) == (
        "provision", "Hulp bij het huishouden: 3 × uur per week", application.starts_on.isoformat(),
    )  # fmt: skip
    assert provision["application"] == {
        "id": application.pk, "reference": application.reference, "status": "advised", "decision": None,
    }  # fmt: skip
    assert [(p["name"], p["role"]) for p in data["participants"]] == [
        ("Alice Jansen", "Inwoner, van wie de vraag is"),
        (f"{world.consultant.get_full_name()} (Wijkteam Noord, Zwolle)", "Regisseur"),
    ]
    entry = last_log()
    assert (entry.action, entry.channel, entry.object_type, entry.description) == (
        "read", "api", "plan", "Plan bekeken",
    )  # fmt: skip


def test_what_matters_is_changed_with_the_version_seen(client, plan_world, world):
    plan = plan_world.plan
    response = api(client, world.consultant).patch(
        url(plan),
        {"version": 4, "what_matters": "Samen met mijn zoon thuis wonen."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["what_matters"], response.json()["version"]) == (
        "Samen met mijn zoon thuis wonen.",
        5,
    )
    plan.refresh_from_db()
    assert (plan.what_matters, plan.version) == ("Samen met mijn zoon thuis wonen.", 5)
    version = PlanVersion.objects.get(plan=plan, number=5)
    assert (version.change, version.changed_by, version.snapshot["what_matters"]) == (
        "Wat belangrijk is aangepast", world.consultant, "Samen met mijn zoon thuis wonen.",
    )  # fmt: skip
    entry = last_log()
    assert (entry.action, entry.channel, entry.description) == (
        "update",
        "api",
        "Wat belangrijk is aangepast",
    )


def _agreed(plan_world, world):
    plan = plan_world.plan
    today = timezone.localdate()
    actions.plan_agree(actor=world.consultant, plan=plan, version=plan.version, agreed_on=today, how="verbal")
    return plan


def _active(plan_world, world):
    plan = _agreed(plan_world, world)
    actions.plan_activate(actor=world.consultant, plan=plan, version=plan.version)
    return plan


def _evaluation(plan_world, version):
    return {
        "version": version,
        "held_on": timezone.localdate().isoformat(),
        "goals": [{"goal": plan_world.goal.pk, "outcome": "achieved"}],
    }


# (method, path, body without the version, how to prepare the plan)
WRITES = {
    "what_matters": ("patch", "", {"what_matters": "Anders"}, None),
    "goal_add": ("post", "goals/", {"text": "Nieuw doel"}, None),
    "goal_update": ("patch", "goals/{goal}/", {"text": "Ander doel"}, None),
    "goal_remove": ("delete", "goals/{goal}/", {}, None),
    "agreement_add": ("post", "agreements/", {"kind": "team", "description": "Belt elke week"}, None),
    "agreement_update": ("patch", "agreements/{agreement}/", {"description": "Alice wast zelf af"}, None),
    "agreement_status": ("patch", "agreements/{agreement}/", {"status": "done"}, None),
    "agree": ("post", "agree/", {"agreed_on": "2026-01-05", "how": "written"}, None),
    "activate": ("post", "activate/", {}, _agreed),
    "evaluate": ("post", "evaluate/", "evaluation", _active),
    "close": ("post", "close/", {"closed_on": "2026-01-05", "reason": "Klaar"}, None),
}


def _write(client, plan_world, name, version):
    method, suffix, body, _prepare = WRITES[name]
    own = Agreement.objects.get(plan=plan_world.plan, kind="resident")
    path = url(plan_world.plan, suffix.format(goal=plan_world.goal.pk, agreement=own.pk))
    body = _evaluation(plan_world, version) if body == "evaluation" else {**body, "version": version}
    return getattr(client, method)(path, body, content_type="application/json")


@pytest.mark.parametrize("name", WRITES)
def test_a_stale_version_is_409_and_changes_nothing(client, plan_world, world, name):
    prepare = WRITES[name][3]
    plan = prepare(plan_world, world) if prepare else plan_world.plan
    plan.refresh_from_db()
    seen = plan.version - 1  # someone else saved in the meantime
    before = state(plan)
    response = _write(api(client, world.consultant), plan_world, name, seen)
    assert response.status_code == 409, response.content
    assert response.json() == {
        "detail": f"Iemand anders heeft dit plan intussen gewijzigd (nu versie {plan.version}). Uw wijziging "
        "is niet opgeslagen. Haal het plan opnieuw op.",
        "version": plan.version,
    }
    assert state(plan) == before


@pytest.mark.parametrize("name", WRITES)
def test_the_current_version_is_saved(client, plan_world, world, name):
    prepare = WRITES[name][3]
    plan = prepare(plan_world, world) if prepare else plan_world.plan
    plan.refresh_from_db()
    before = plan.version
    response = _write(api(client, world.consultant), plan_world, name, before)
    assert response.status_code in (200, 201), response.content
    plan.refresh_from_db()
    assert plan.version == before + 1
    body = response.json()
    assert body.get("version", body.get("plan_version")) == before + 1
    assert PlanVersion.objects.filter(plan=plan).count() == before + 1
    entry = last_log()
    assert (entry.action, entry.channel, entry.object_type, entry.object_id) == (
        "update",
        "api",
        "plan",
        str(plan.pk),
    )


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_every_endpoint_and_change_nothing(
    client, plan_world, world, persona, log_count
):
    plan = plan_world.plan
    client = api(client, getattr(world, persona))
    before, logged = state(plan), log_count()
    assert client.get(url(plan)).status_code == 404
    assert client.get(url(plan, "versions/")).status_code == 404
    for name in WRITES:
        assert _write(client, plan_world, name, plan.version).status_code == 404, name
    assert state(plan) == before and log_count() == logged


def test_a_goal_is_added_changed_and_removed(client, plan_world, world):
    plan = plan_world.plan
    client = api(client, world.consultant)
    response = client.post(
        url(plan, "goals/"),
        {"version": 4, "text": "Weer mensen zien", "domains": ["social-network", "housing"], "priority": 1,
         "target_date": "2026-12-31"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    goal = Goal.objects.get(text="Weer mensen zien")
    assert response.json() == {
        "id": goal.pk, "text": "Weer mensen zien", "domains": ["housing", "social-network"], "priority": 1,
        "target_date": "2026-12-31", "outcome": "", "plan_version": 5,
    }  # fmt: skip
    assert sorted(goal.domains.values_list("code", flat=True)) == ["housing", "social-network"]
    assert last_log().description == "Doel toegevoegd"  # the kind of change, never the words
    # A change keeps what is not sent.
    response = client.patch(
        url(plan, f"goals/{goal.pk}/"),
        {"version": 5, "text": "Elke week mensen zien"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    goal.refresh_from_db()
    assert (goal.text, goal.priority, goal.target_date) == (
        "Elke week mensen zien",
        1,
        datetime.date(2026, 12, 31),
    )
    assert sorted(goal.domains.values_list("code", flat=True)) == ["housing", "social-network"]
    assert response.json()["plan_version"] == 6
    # Removing a goal keeps its agreements, without a goal; the version may come as a query parameter.
    own = Agreement.objects.get(plan=plan, kind="resident")
    response = client.delete(url(plan, f"goals/{plan_world.goal.pk}/?version=6"))
    assert response.status_code == 200, response.content
    assert response.json() == {"version": 7}
    assert not Goal.objects.filter(pk=plan_world.goal.pk).exists()
    own.refresh_from_db()
    assert own.goal is None
    assert last_log().description == "Doel verwijderd"


def test_a_goal_of_another_plan_does_not_exist_here(client, plan_world, world):
    other = Plan.objects.create(household=HouseholdFactory(area=world.north_household.area),
                                case_director=world.consultant)  # fmt: skip
    foreign = Goal.objects.create(plan=other, text="Ander plan")
    before = state(plan_world.plan)
    response = api(client, world.consultant).patch(
        url(plan_world.plan, f"goals/{foreign.pk}/"),
        {"version": 4, "text": "X"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert state(plan_world.plan) == before and Goal.objects.get(pk=foreign.pk).text == "Ander plan"


def test_agreements_of_every_kind_and_their_status(client, plan_world, world):
    plan, goal = plan_world.plan, plan_world.goal
    henk = NetworkMember.objects.create(household=plan.household, name="Henk", kind="neighbour")
    client = api(client, world.consultant)
    response = client.post(
        url(plan, "agreements/"),
        # a person sent along with a network agreement is dropped: only the who that fits the kind stays
        {"version": 4, "kind": "network", "network_member": henk.pk, "person": Person.objects.first().pk,
         "description": "Rijdt mee naar de markt", "goal": goal.pk, "due_on": "2026-06-01"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    agreement = Agreement.objects.get(description="Rijdt mee naar de markt")
    assert response.json() == {
        "id": agreement.pk, "goal": goal.pk, "kind": "network", "description": "Rijdt mee naar de markt",
        "who": "Henk", "performer": "", "person": None, "network_member": henk.pk, "partner": None,
        "community_service": "", "service": None, "service_outcome": "", "due_on": "2026-06-01",
        "status": "open", "application": None, "plan_version": 5,
    }  # fmt: skip
    assert (agreement.network_member, agreement.person) == (henk, None)
    response = client.post(
        url(plan, "agreements/"),
        {
            "version": 5,
            "kind": "community",
            "community_service": "Buurthuis De Pit",
            "description": "Samen eten",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["who"] == "Buurthuis De Pit"
    # A change keeps what is not sent; the status changes on its own.
    response = client.patch(
        url(plan, f"agreements/{agreement.pk}/"), {"version": 6, "description": "Rijdt mee naar de winkel"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    agreement.refresh_from_db()
    assert (agreement.description, agreement.network_member, agreement.goal) == (
        "Rijdt mee naar de winkel",
        henk,
        goal,
    )
    response = client.patch(
        url(plan, f"agreements/{agreement.pk}/"),
        {"version": 7, "status": "done"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert Agreement.objects.get(pk=agreement.pk).status == "done"
    assert last_log().description == "Afspraak gedaan"
    assert Plan.objects.get(pk=plan.pk).version == 8


def test_the_life_of_a_plan_agree_activate_evaluate_close(client, plan_world, world):
    plan, goal = plan_world.plan, plan_world.goal
    today = timezone.localdate()
    goal.domains.add(LifeDomain.objects.get(instrument__code="life-domains", code="housing"))
    client = api(client, world.consultant)
    response = client.post(
        url(plan, "agree/"),
        {"version": 4, "agreed_on": today.isoformat(), "how": "written", "note": "Met handtekening"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["agreed_on"], data["agreed_version"], data["version"]) == (
        "agreed", today.isoformat(), 5, 5,
    )  # fmt: skip
    response = client.post(url(plan, "activate/"), {"version": 5}, content_type="application/json")
    assert (response.status_code, response.json()["status"]) == (200, "active")
    response = client.post(
        url(plan, "evaluate/"),
        {"version": 6, "held_on": today.isoformat(), "summary": "Goed gegaan",
         "goals": [{"goal": goal.pk, "outcome": "partly", "resident_words": "Het gaat beter",
                    "professional_words": "Huis is schoner"}],
         "scores": [{"domain": "housing", "resident_score": 4, "professional_score": 3}]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    evaluation = Evaluation.objects.get(plan=plan)
    assert response.json() == {
        "id": evaluation.pk, "held_on": today.isoformat(), "summary": "Goed gegaan",
        "goals": [{"goal": goal.pk, "outcome": "partly", "resident_words": "Het gaat beter",
                   "professional_words": "Huis is schoner"}],
        "assessment": evaluation.assessment_id, "plan_version": 7,
    }  # fmt: skip
    score = Assessment.objects.get(evaluation=evaluation).scores.get()
    assert (score.domain.code, score.resident_score, score.professional_score) == ("housing", 4, 3)
    assert Goal.objects.get(pk=goal.pk).outcome == "partly"
    assert (Plan.objects.get(pk=plan.pk).status, last_log().channel) == ("evaluated", "api")
    response = client.post(
        url(plan, "close/"), {"version": 7, "closed_on": today.isoformat(), "reason": "Doelen bereikt"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert (plan.status, plan.closed_on, plan.closed_reason, plan.version) == (
        "closed",
        today,
        "Doelen bereikt",
        8,
    )
    versions = client.get(url(plan, "versions/")).json()
    assert versions["count"] == 8
    assert [v["change"] for v in versions["results"][:4]] == [
        "Plan afgesloten: Doelen bereikt",
        f"Plan geëvalueerd op {today:%d-%m-%Y}",
        "Plan loopt",
        f"Akkoord van de inwoner vastgelegd (schriftelijk, met een handtekening, {today:%d-%m-%Y})",
    ]
    assert versions["results"][0]["snapshot"]["status"] == "closed"
    assert versions["results"][-1]["change"] == "Plan gemaakt"
    entry = last_log()
    assert (entry.action, entry.channel, entry.description) == (
        "read",
        "api",
        "Geschiedenis van een plan bekeken",
    )
    # A closed plan does not change.
    before = state(plan)
    response = client.patch(
        url(plan), {"version": 8, "what_matters": "Nog iets"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Een afgesloten plan verandert niet meer."}
    assert state(plan) == before


@pytest.mark.parametrize(
    ("name", "body", "errors"),
    [
        ("what_matters", {"what_matters": ""}, {"what_matters": ["Dit veld mag niet leeg zijn."]}),
        ("goal_add", {"text": "Doel", "priority": 7}, {"priority": ['"7" is een ongeldige keuze.']}),
        ("goal_add", {"text": "Doel", "domains": ["vliegen"]},
         {"domains": ["Object met code=vliegen bestaat niet."]}),
        ("goal_update", {"target_date": "morgen"},
         {"target_date": ["Date heeft het verkeerde formaat, gebruik 1 van deze formaten: YYYY-MM-DD."]}),
        ("agreement_add", {"kind": "resident", "description": "Zelf doen"},
         {"person": ["Kies wie in het huishouden het doet."]}),
        ("agreement_add", {"kind": "provision", "description": "Zomaar een voorziening"},
         {"kind": ['"provision" is een ongeldige keuze.']}),
        ("agreement_update", {"status": "done", "description": "Tegelijk"},
         {"status": ["Wijzig de status los van de rest van de afspraak."]}),
        ("agree", {"agreed_on": "2999-01-01", "how": "verbal"},
         {"agreed_on": ["Een akkoord kan niet in de toekomst liggen."]}),
        ("agree", {"agreed_on": "2026-01-05", "how": "telepathisch"},
         {"how": ['"telepathisch" is een ongeldige keuze.']}),
        ("close", {"closed_on": "2026-01-05", "reason": "x" * 301},
         {"reason": ["Zorg ervoor dat dit veld niet meer dan 300 karakters bevat."]}),
    ],
)  # fmt: skip
def test_bad_input_is_refused_in_dutch_and_changes_nothing(client, plan_world, world, name, body, errors):
    method, suffix, _body, _prepare = WRITES[name]
    own = Agreement.objects.get(plan=plan_world.plan, kind="resident")
    path = url(plan_world.plan, suffix.format(goal=plan_world.goal.pk, agreement=own.pk))
    before = state(plan_world.plan)
    response = getattr(api(client, world.consultant), method)(
        path, {**body, "version": 4}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json() == errors
    assert state(plan_world.plan) == before


def test_a_write_without_a_version_is_refused(client, plan_world, world):
    own = Agreement.objects.get(plan=plan_world.plan, kind="resident")
    before = state(plan_world.plan)
    client = api(client, world.consultant)
    response = client.patch(url(plan_world.plan, f"agreements/{own.pk}/"), {"description": "Zonder versie"},
                            content_type="application/json")  # fmt: skip
    assert (response.status_code, response.json()) == (
        400, {"version": ["Geef de versie van het plan mee die u zag."]},
    )  # fmt: skip
    response = client.post(url(plan_world.plan, "activate/"), {}, content_type="application/json")
    assert (response.status_code, response.json()) == (400, {"version": ["Dit veld is vereist."]})
    assert state(plan_world.plan) == before


def test_people_from_another_household_cannot_be_linked(client, plan_world, world):
    charlie = Person.objects.get(given_name="Charlie")
    before = state(plan_world.plan)
    response = api(client, world.consultant).post(
        url(plan_world.plan, "agreements/"),
        {"version": 4, "kind": "resident", "person": charlie.pk, "description": "Charlie helpt"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"person": [f'Ongeldige pk "{charlie.pk}" - object bestaat niet.']}
    assert state(plan_world.plan) == before


def test_a_provision_agreement_changes_only_through_its_application(client, plan_world, world):
    provision = Agreement.objects.get(plan=plan_world.plan, kind="provision")
    before = state(plan_world.plan)
    response = api(client, world.consultant).patch(
        url(plan_world.plan, f"agreements/{provision.pk}/"), {"version": 4, "description": "Meer uren"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {
        "kind": [
            "Een afspraak over een maatwerkvoorziening wijzigt u via de aanvraag; hier kan alleen de status."
        ]
    }
    assert state(plan_world.plan) == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("activate", "Alleen een plan met het akkoord van de inwoner, of een geëvalueerd plan, kan starten."),
        ("evaluate", "Alleen een plan dat loopt, kan worden geëvalueerd."),
    ],
)
def test_a_step_that_does_not_fit_the_state_is_400_in_dutch(client, plan_world, world, name, message):
    before = state(plan_world.plan)
    response = _write(api(client, world.consultant), plan_world, name, 4)
    assert (response.status_code, response.json()) == (400, {"detail": message})
    assert state(plan_world.plan) == before


def test_a_plan_without_goals_cannot_be_agreed(client, plan_world, world):
    plan = plan_world.plan
    actions.goal_remove(actor=world.consultant, plan=plan, version=4, goal=plan_world.goal)
    before = state(plan)
    response = _write(api(client, world.consultant), plan_world, "agree", 5)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Een plan zonder doelen kan geen akkoord krijgen. Voeg eerst een doel toe."
    }
    assert state(plan) == before


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"goals": []}, {"goals": {"non_field_errors": ["Deze lijst mag niet leeg zijn."]}}),
        ({"goals": [{"goal": 0, "outcome": "achieved"}]},
         {"goals": ["Geef bij elk doel van dit plan één keer aan of het gehaald is."]}),
        ({"scores": [{"domain": "housing", "resident_score": 9}]},
         {"scores": ["Een score ligt tussen 1 en 5."]}),
        ({"scores": [{"domain": "bodily-functions", "resident_score": 3}]},
         {"scores": ["Dit leefgebied hoort niet bij het instrument."]}),
        ({"held_on": "2999-01-01"},
         {"held_on": ["Een evaluatie die nog moet plaatsvinden, kunt u nog niet vastleggen."]}),
    ],
)  # fmt: skip
def test_an_evaluation_covers_every_goal_and_valid_scores(client, plan_world, world, change, errors):
    plan = _active(plan_world, world)
    plan.refresh_from_db()
    before = state(plan)
    response = api(client, world.consultant).post(
        url(plan, "evaluate/"),
        {**_evaluation(plan_world, plan.version), **change},
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (400, errors)
    assert state(plan) == before and not Assessment.objects.filter(evaluation__plan=plan).exists()
