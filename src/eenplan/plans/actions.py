"""Every state change of a plan. Each change claims the version the editor saw: when someone else
changed the plan in the meantime, the change is refused (StalePlan) instead of silently overwriting.
Each change stores a snapshot (PlanVersion) and writes the processing log in the same transaction."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from eenplan.accounts.models import TEAM_ROLES, Role
from eenplan.assessment.actions import assessment_record
from eenplan.core.actions import Subject, processing_log_record
from eenplan.households.queries import acts_for_household

from .models import Agreement, Evaluation, Goal, GoalEvaluation, Participant, Plan, PlanResponse, PlanVersion

PLAN_CATEGORIES = ("plan-agreements",)


class StalePlan(Exception):
    """The plan changed since the editor loaded it; nothing was saved."""

    def __init__(self, plan: Plan):
        super().__init__(f"{plan.reference} is now at version {plan.version}")
        self.current_version = plan.version


class PlanStateError(ValueError):
    """The change does not fit the plan's current state."""


def snapshot(plan: Plan) -> dict:
    """The plan as it stands, in words: what the version history keeps."""
    return {
        "status": plan.status,
        "what_matters": plan.what_matters,
        "case_director": str(plan.case_director.get_full_name() or plan.case_director.get_username()),
        "agreed_on": plan.agreed_on.isoformat() if plan.agreed_on else None,
        "agreed_how": plan.agreed_how,
        "participants": [
            {"kind": p.kind, "name": p.name, "role": p.role}
            for p in plan.participants.select_related(
                "person", "network_member", "user__partner", "user__team"
            )
        ],
        "goals": [
            {
                "id": goal.pk,
                "text": goal.text,
                "priority": goal.priority,
                "target_date": goal.target_date.isoformat() if goal.target_date else None,
                "domains": [domain.name for domain in goal.domains.all()],
                "outcome": goal.outcome,
            }
            for goal in plan.goals.prefetch_related("domains")
        ],
        "agreements": [
            {
                "id": agreement.pk,
                "goal": agreement.goal_id,
                "kind": agreement.kind,
                "who": agreement.who,
                "description": agreement.description,
                "due_on": agreement.due_on.isoformat() if agreement.due_on else None,
                "status": agreement.status,
            }
            for agreement in plan.agreements.select_related("person", "network_member", "partner")
        ],
    }


def _log(actor, action: str, plan: Plan, description: str, channel: str, categories=PLAN_CATEGORIES):
    processing_log_record(
        actor=actor,
        action=action,
        channel=channel,
        object_type="plan",
        subjects=[Subject(plan.pk, plan.household_id)],
        categories=categories,
        description=description,
    )


def _claim(plan: Plan, version: int, actor, *, by_resident: bool = False) -> None:
    """Take the next version number, or refuse when the editor's version is no longer current. Only
    the team changes a plan; the resident (or their representative) only agrees, in Mijn plan."""
    resident_agrees = by_resident and acts_for_household(actor, plan.household_id)
    if actor.role not in TEAM_ROLES and not resident_agrees:
        raise PlanStateError("Only the team changes a plan.")
    claimed = Plan.objects.filter(pk=plan.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not claimed:
        plan.refresh_from_db()
        raise StalePlan(plan)
    plan.version = version + 1


def _changed(
    actor, plan: Plan, change: str, channel: str, categories=PLAN_CATEGORIES, *, content: bool = True
) -> None:
    """Store the new version. A change of state only (started, done, evaluated, closed, another
    regisseur) keeps an agreement that covered the previous version; a change of content does not."""
    if not content and plan.agreed_version == plan.version - 1:
        plan.agreed_version = plan.version
        plan.save(update_fields=["agreed_version"])
    PlanVersion.objects.create(
        plan=plan, number=plan.version, change=change[:300], snapshot=snapshot(plan), changed_by=actor
    )
    # The log says what kind of change it was, never the resident's words: the log is append-only, and
    # PlanVersion keeps the full text where retention and rectification can reach it.
    _log(actor, "update", plan, change.split(":", 1)[0], channel, categories)


def _require_open(plan: Plan) -> None:
    if not plan.is_open:
        raise PlanStateError("A closed plan does not change.")


@transaction.atomic
def plan_create(*, actor, support_request, via: str = "screen") -> Plan:
    """Turn an inquiry into a plan: what matters in the resident's own words comes along, the resident
    and the consultant (as regisseur) and the informal carers take part."""
    household = support_request.household
    if actor.role not in TEAM_ROLES:
        raise PlanStateError("Only the team makes a plan.")
    if Plan.objects.filter(household=household).exclude(status=Plan.Status.CLOSED).exists():
        raise PlanStateError("This household already has an open plan.")
    inquiry = getattr(support_request, "inquiry", None)
    what_matters = ""
    if inquiry is not None:
        what_matters = "\n\n".join(c.what_matters for c in inquiry.conversations.all() if c.what_matters)
    plan = Plan.objects.create(
        household=household,
        support_request=support_request,
        case_director=actor if actor.role in TEAM_ROLES else support_request.assigned_to,
        what_matters=what_matters or support_request.question,
    )
    Participant.objects.create(
        plan=plan,
        kind=Participant.Kind.MEMBER,
        person=support_request.person,
        role="Inwoner, van wie de vraag is",
    )
    Participant.objects.create(
        plan=plan, kind=Participant.Kind.TEAM, user=plan.case_director, role="Regisseur"
    )
    for carer in household.network.filter(is_informal_carer=True):
        Participant.objects.create(
            plan=plan, kind=Participant.Kind.NETWORK, network_member=carer, role="Mantelzorger"
        )
    PlanVersion.objects.create(
        plan=plan, number=plan.version, change="Plan gemaakt", snapshot=snapshot(plan), changed_by=actor
    )
    _log(actor, "create", plan, "Plan gemaakt", via)
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, version: int, what_matters: str, via: str = "screen") -> Plan:
    _require_open(plan)
    _claim(plan, version, actor)
    plan.what_matters = what_matters
    plan.save(update_fields=["what_matters"])
    _changed(actor, plan, "Wat belangrijk is aangepast", via)
    return plan


@transaction.atomic
def plan_case_director_assign(*, actor, plan: Plan, version: int, case_director, via: str = "screen") -> Plan:
    """The team lead gives the regie to a consultant; the new regisseur takes part in the plan."""
    _require_open(plan)
    if case_director.role not in TEAM_ROLES:
        raise PlanStateError("Only a member of a team can hold the regie.")
    _claim(plan, version, actor)
    plan.case_director = case_director
    plan.save(update_fields=["case_director"])
    plan.participants.filter(kind=Participant.Kind.TEAM, role="Regisseur").exclude(user=case_director).update(
        role="Was regisseur"
    )
    Participant.objects.get_or_create(
        plan=plan, kind=Participant.Kind.TEAM, user=case_director, defaults={"role": "Regisseur"}
    )
    plan.participants.filter(user=case_director).update(role="Regisseur")
    name = case_director.get_full_name() or case_director.get_username()
    _changed(actor, plan, f"Regie bij {name}", via, content=False)
    return plan


@transaction.atomic
def participant_add(
    *,
    actor,
    plan: Plan,
    version: int,
    kind: str,
    role: str,
    person=None,
    network_member=None,
    user=None,
    via: str = "screen",
) -> Participant:
    _require_open(plan)
    _claim(plan, version, actor)
    participant = Participant(
        plan=plan, kind=kind, role=role, person=person, network_member=network_member, user=user
    )
    participant.full_clean()
    participant.save()
    _changed(actor, plan, f"Deelnemer toegevoegd: {participant.name} ({role})", via)
    return participant


@transaction.atomic
def participant_remove(
    *, actor, plan: Plan, version: int, participant: Participant, via: str = "screen"
) -> None:
    _require_open(plan)
    if participant.plan_id != plan.pk:
        raise PlanStateError("The participant belongs to another plan.")
    if participant.user_id == plan.case_director_id:
        raise PlanStateError("The regisseur stays in the plan.")
    _claim(plan, version, actor)
    name = participant.name
    participant.delete()
    _changed(actor, plan, f"Deelnemer verwijderd: {name}", via)


@transaction.atomic
def goal_add(
    *,
    actor,
    plan: Plan,
    version: int,
    text: str,
    domains=(),
    priority: int = Goal.Priority.MEDIUM,
    target_date: date | None = None,
    via: str = "screen",
) -> Goal:
    _require_open(plan)
    _claim(plan, version, actor)
    goal = Goal(plan=plan, text=text, priority=priority, target_date=target_date)
    goal.full_clean()
    goal.save()
    goal.domains.set(domains)
    _changed(actor, plan, f"Doel toegevoegd: {text[:80]}", via)
    return goal


@transaction.atomic
def goal_update(
    *,
    actor,
    plan: Plan,
    version: int,
    goal: Goal,
    text: str,
    domains=(),
    priority: int,
    target_date: date | None = None,
    via: str = "screen",
) -> Goal:
    _require_open(plan)
    if goal.plan_id != plan.pk:
        raise PlanStateError("The goal belongs to another plan.")
    _claim(plan, version, actor)
    goal.text, goal.priority, goal.target_date = text, priority, target_date
    goal.full_clean()
    goal.save()
    goal.domains.set(domains)
    _changed(actor, plan, f"Doel aangepast: {text[:80]}", via)
    return goal


@transaction.atomic
def goal_remove(*, actor, plan: Plan, version: int, goal: Goal, via: str = "screen") -> None:
    _require_open(plan)
    if goal.plan_id != plan.pk:
        raise PlanStateError("The goal belongs to another plan.")
    _claim(plan, version, actor)
    text = goal.text
    goal.delete()  # its agreements stay, without a goal
    _changed(actor, plan, f"Doel verwijderd: {text[:80]}", via)


AGREEMENT_FIELDS = (
    "goal",
    "kind",
    "description",
    "performer",
    "person",
    "network_member",
    "partner",
    "community_service",
    "service",
    "due_on",
)


def _agreement_values(fields: dict) -> dict:
    values = {name: fields[name] for name in AGREEMENT_FIELDS if name in fields}
    for name in ("performer", "community_service"):
        if name in values:
            values[name] = values[name] or ""
    if values.get("kind", Agreement.Kind.COMMUNITY) != Agreement.Kind.COMMUNITY:
        values["service"] = None  # only a service in the neighbourhood comes from the social map
    return values


def _check_agreement(plan: Plan, agreement: Agreement) -> None:
    household_id = plan.household_id
    if agreement.goal_id and agreement.goal.plan_id != plan.pk:
        raise PlanStateError("The goal belongs to another plan.")
    if agreement.person_id and agreement.person.household_id != household_id:
        raise PlanStateError("The person belongs to another household.")
    if agreement.network_member_id and agreement.network_member.household_id != household_id:
        raise PlanStateError("The network member belongs to another household.")
    agreement.full_clean()


@transaction.atomic
def agreement_add(*, actor, plan: Plan, version: int, via: str = "screen", **fields) -> Agreement:
    """Who does what by when: the resident, the network, a service in the neighbourhood, a partner, the
    team, or (through provisions.application_submit) a tailored provision."""
    _require_open(plan)
    agreement = Agreement(plan=plan, **_agreement_values(fields))
    _check_agreement(plan, agreement)
    _claim(plan, version, actor)
    agreement.save()
    _changed(actor, plan, f"Afspraak toegevoegd: {agreement.description[:80]}", via)
    return agreement


@transaction.atomic
def agreement_from_service_add(
    *, actor, plan: Plan, version: int, service, goal: Goal | None = None, via: str = "screen"
) -> Agreement:
    """One step from the social map into the plan: the service becomes an agreement (kind community)
    that remembers which service it used, so its evaluation feeds the social map."""
    return agreement_add(
        actor=actor,
        plan=plan,
        version=version,
        via=via,
        kind=Agreement.Kind.COMMUNITY,
        description=service.name,
        community_service=service.name[:200],
        service=service,
        goal=goal,
    )


@transaction.atomic
def service_to_plan_add(*, actor, support_request, service, via: str = "screen") -> Plan:
    """From a conversation's suggestions: the service goes into the household's one open plan, which
    is made first when there is none yet."""
    plan = (
        Plan.objects.select_for_update()
        .filter(household=support_request.household_id)
        .exclude(status=Plan.Status.CLOSED)
        .first()
    )
    if plan is None:
        plan = plan_create(actor=actor, support_request=support_request, via=via)
    agreement_from_service_add(actor=actor, plan=plan, version=plan.version, service=service, via=via)
    return plan


@transaction.atomic
def agreement_update(
    *, actor, plan: Plan, version: int, agreement: Agreement, via: str = "screen", **fields
) -> Agreement:
    _require_open(plan)
    if agreement.plan_id != plan.pk:
        raise PlanStateError("The agreement belongs to another plan.")
    if agreement.kind == Agreement.Kind.PROVISION and fields.get("kind", agreement.kind) != agreement.kind:
        raise PlanStateError("An agreement about a tailored provision stays one.")
    for name, value in _agreement_values(fields).items():
        setattr(agreement, name, value)
    _check_agreement(plan, agreement)
    _claim(plan, version, actor)
    agreement.save()
    _changed(actor, plan, f"Afspraak aangepast: {agreement.description[:80]}", via)
    return agreement


@transaction.atomic
def agreement_status_set(
    *, actor, plan: Plan, version: int, agreement: Agreement, status: str, via: str = "screen"
) -> Agreement:
    _require_open(plan)
    if agreement.plan_id != plan.pk:
        raise PlanStateError("The agreement belongs to another plan.")
    if status not in Agreement.Status.values:
        raise PlanStateError(f"Unknown status {status!r}.")
    _claim(plan, version, actor)
    agreement.status = status
    agreement.save(update_fields=["status"])
    label = Agreement.Status(status).label
    _changed(actor, plan, f"Afspraak {label}: {agreement.description[:80]}", via, content=False)
    return agreement


@transaction.atomic
def plan_agree(
    *, actor, plan: Plan, version: int, agreed_on: date, how: str, note: str = "", via: str = "screen"
) -> Plan:
    """Record that the resident agrees with this version of the plan, and how and when they said so."""
    _require_open(plan)
    if not plan.goals.exists():
        raise PlanStateError("A plan without goals cannot be agreed.")
    if how not in Plan.AgreedHow.values:
        raise PlanStateError(f"Unknown way of agreeing {how!r}.")
    by_resident = actor.role == Role.RESIDENT
    if by_resident and how != Plan.AgreedHow.PORTAL:
        raise PlanStateError("A resident agrees in Mijn plan.")
    _claim(plan, version, actor, by_resident=by_resident)
    if plan.status == Plan.Status.DRAFT:
        plan.status = Plan.Status.AGREED
    plan.agreed_on, plan.agreed_how, plan.agreed_note = agreed_on, how, note
    plan.agreed_version = plan.version
    plan.save(update_fields=["status", "agreed_on", "agreed_how", "agreed_note", "agreed_version"])
    _changed(
        actor,
        plan,
        f"Akkoord van de inwoner vastgelegd ({Plan.AgreedHow(how).label}, {agreed_on:%d-%m-%Y})",
        via,
    )
    return plan


@transaction.atomic
def plan_response_add(*, actor, plan: Plan, version: int, text: str, via: str = "screen") -> PlanResponse:
    """The resident's own response to the plan (Mijn plan), kept with the version they read. It does not
    change the plan: the case director reads it and changes the plan with them."""
    if not acts_for_household(actor, plan.household_id):
        raise PlanStateError("Only the resident or their representative responds to a plan.")
    if not text.strip():
        raise PlanStateError("An empty response.")
    response = PlanResponse.objects.create(plan=plan, plan_version=version, author=actor, text=text.strip())
    _log(actor, "create", plan, "Reactie op het plan gegeven", via)
    return response


@transaction.atomic
def plan_activate(*, actor, plan: Plan, version: int, via: str = "screen") -> Plan:
    """Start carrying out the plan once the resident agreed; after an evaluation it can go on."""
    if plan.status not in (Plan.Status.AGREED, Plan.Status.EVALUATED):
        raise PlanStateError("Only an agreed or evaluated plan can start.")
    _claim(plan, version, actor)
    plan.status = Plan.Status.ACTIVE
    plan.save(update_fields=["status"])
    _changed(actor, plan, "Plan loopt", via, content=False)
    return plan


@transaction.atomic
def plan_evaluate(
    *,
    actor,
    plan: Plan,
    version: int,
    held_on: date,
    summary: str,
    goal_outcomes: list[dict],
    instrument=None,
    domain_scores: list[dict] = (),
    service_outcomes: list[dict] = (),
    via: str = "screen",
) -> Evaluation:
    """Evaluate every goal (achieved, partly, not; in the resident's words and the professional's) with
    a new self-reliance assessment on the domains that matter, and whether each social-map service
    that was agreed helped (the social map counts these, without personal data)."""
    if plan.status != Plan.Status.ACTIVE:
        raise PlanStateError("Only a running plan is evaluated.")
    goals = {goal.pk: goal for goal in plan.goals.all()}
    if not goal_outcomes or {item["goal"].pk for item in goal_outcomes} - set(goals):
        raise PlanStateError("Evaluate the goals of this plan.")
    with_service = {a.pk: a for a in plan.agreements.all() if a.service_id}
    if {item["agreement"].pk for item in service_outcomes} - set(with_service):
        raise PlanStateError("Evaluate the services agreed in this plan.")
    _claim(plan, version, actor)
    categories = set(PLAN_CATEGORIES) | {"situation-assessment"}
    assessment = None
    if domain_scores:
        person = plan.support_request.person if plan.support_request_id else plan.household.members.first()
        assessment, has_health = assessment_record(
            actor=actor,
            person=person,
            instrument=instrument,
            assessed_on=held_on,
            domain_scores=domain_scores,
        )
        if has_health:
            categories.add("health")
    evaluation = Evaluation.objects.create(
        plan=plan, held_on=held_on, summary=summary, assessment=assessment, created_by=actor
    )
    for item in goal_outcomes:
        GoalEvaluation.objects.create(evaluation=evaluation, **item)
        goal = goals[item["goal"].pk]
        goal.outcome = item["outcome"]
        goal.save(update_fields=["outcome"])
    for item in service_outcomes:
        agreement = with_service[item["agreement"].pk]
        agreement.service_outcome = item["outcome"]
        agreement.save(update_fields=["service_outcome"])
    plan.status = Plan.Status.EVALUATED
    plan.save(update_fields=["status"])
    _changed(actor, plan, f"Plan geëvalueerd op {held_on:%d-%m-%Y}", via, tuple(categories), content=False)
    return evaluation


@transaction.atomic
def plan_close(*, actor, plan: Plan, version: int, closed_on: date, reason: str, via: str = "screen") -> Plan:
    _require_open(plan)
    _claim(plan, version, actor)
    plan.status = Plan.Status.CLOSED
    plan.closed_on, plan.closed_reason = closed_on, reason
    plan.save(update_fields=["status", "closed_on", "closed_reason"])
    _changed(actor, plan, f"Plan afgesloten: {reason}", via, content=False)
    return plan
