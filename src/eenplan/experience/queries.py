"""Reads of the experience questions: who is invited now (computed, no background job), the access
function for answering, and the anonymous results for the thermometer with small cells suppressed."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from eenplan.accounts.models import Role
from eenplan.core.access import permits
from eenplan.core.actions import Subject, processing_log_record
from eenplan.core.queries import suppress_small
from eenplan.households.queries import household_ids_visible_to
from eenplan.intake.models import Law
from eenplan.plans.models import Plan

from .models import AGREEING, ExperienceAnswer, Question, Questionnaire, Theme, first_of_month

# Reading whether a plan is due reads its status and dates: plan data, nothing of its content.
INVITATION_CATEGORIES = ("plan-agreements",)
INVITED_STATUSES = (Plan.Status.ACTIVE, Plan.Status.EVALUATED, Plan.Status.CLOSED)
FALLBACK_LAWS = (Law.WMO,)  # a plan without a melding (or a melding without a law)


@dataclass(frozen=True)
class Invitation:
    """An open invitation: the plan whose household may answer, the one questionnaire it answers (the
    first of the plan's laws that has one and is due), and since when."""

    plan: Plan
    questionnaire: Questionnaire
    due_on: date
    questions: list[Question] = field(default_factory=list, compare=False)

    @property
    def law(self) -> str:
        return self.questionnaire.law


def _active_questionnaires() -> dict[str, Questionnaire]:
    """The questionnaires in use that have a statement in use, by law."""
    questionnaires = Questionnaire.objects.filter(is_active=True).prefetch_related(
        Prefetch("questions", queryset=Question.objects.filter(is_active=True), to_attr="active_questions")
    )
    return {
        questionnaire.law: questionnaire for questionnaire in questionnaires if questionnaire.active_questions
    }


def plan_laws(plan: Plan) -> list[str]:
    """The laws a plan's support falls under (those of its melding, else Wmo), in the order of ``Law``:
    Wmo first (the Wmo 2015 requires a yearly client-experience survey, art. 2.5.1), then Jeugdwet,
    Participatiewet, Wgs, other. A plan answers one questionnaire, the first of these that is due: one
    short list for the resident, rather than near-identical statements once per law."""
    laws = set(plan.support_request.laws) if plan.support_request_id else set()
    return [law for law in Law.values if law in laws] or list(FALLBACK_LAWS)


def invitation_for_plan(
    plan: Plan, questionnaires: dict[str, Questionnaire], today: date
) -> Invitation | None:
    """The invitation a plan has today, or None. One rule per line; the caller has checked who may
    see the plan and that it was not answered yet."""
    if plan.agreed_on is None or plan.status not in INVITED_STATUSES:
        return None
    for law in plan_laws(plan):
        questionnaire = questionnaires.get(law)
        if questionnaire is None:
            continue
        due_on = plan.agreed_on + timedelta(days=questionnaire.invite_after_days)
        if due_on > today:
            continue  # support has not run long enough
        if plan.status == Plan.Status.CLOSED:
            closed_on = plan.closed_on or today
            if closed_on + timedelta(days=questionnaire.invite_until_days_after_closing) < today:
                continue  # too long ago to remember well, and no longer expected
        return Invitation(plan, questionnaire, due_on, questionnaire.active_questions)
    return None


def _candidate_plans(user):
    return (
        Plan.objects.filter(
            household__in=household_ids_visible_to(user),
            agreed_on__isnull=False,
            status__in=INVITED_STATUSES,
            experience_participation__isnull=True,  # one invitation per plan: answered is done
        )
        .select_related("support_request", "household__municipality")
        .order_by("agreed_on", "pk")
    )


def _may_answer(user) -> bool:
    """Only a resident answers: a member of the household with an account, or their representative
    (both in household_ids_visible_to)."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.RESIDENT
        and permits(user, INVITATION_CATEGORIES)
    )


def _log_reads(user, channel: str, plans, description: str) -> None:
    processing_log_record(
        actor=user, action="read", channel=channel, object_type="plan",
        subjects=[Subject(plan.pk, plan.household_id) for plan in plans],
        categories=INVITATION_CATEGORIES, description=description,
    )  # fmt: skip


def invitations_for(user, *, channel: str = "screen") -> list[Invitation]:
    """The open invitations of a resident, oldest plan first: for every plan of the households they
    may see (their own, and those of the people they represent) that was agreed long enough ago, is
    running, evaluated or recently closed, has a questionnaire for one of its laws and was not answered
    yet. Empty for anyone else. Logs a read of each plan it invites for."""
    if not _may_answer(user):
        return []
    questionnaires = _active_questionnaires()
    if not questionnaires:
        return []
    today = timezone.localdate()
    earliest = min(questionnaire.invite_after_days for questionnaire in questionnaires.values())
    plans = _candidate_plans(user).filter(agreed_on__lte=today - timedelta(days=earliest))
    invitations = [
        invitation for plan in plans if (invitation := invitation_for_plan(plan, questionnaires, today))
    ]
    if invitations:
        _log_reads(
            user, channel, [i.plan for i in invitations], "Uitnodiging voor vragen over de hulp getoond"
        )
    return invitations


def open_invitation(user, plan_id) -> Invitation | None:
    """The open invitation of one plan for this user, or None (not theirs, not due, already answered,
    not a resident). Does not log: for the access function and the action."""
    if not _may_answer(user):
        return None
    try:
        plan = _candidate_plans(user).get(pk=plan_id)
    except (Plan.DoesNotExist, ValueError, TypeError):
        return None
    return invitation_for_plan(plan, _active_questionnaires(), timezone.localdate())


def access_invitation_for(user, plan_id, *, channel: str) -> Invitation:
    """The open invitation of one plan, or 404 as if the plan does not exist; logs the read."""
    invitation = open_invitation(user, plan_id)
    if invitation is None:
        raise Http404
    _log_reads(user, channel, [invitation.plan], "Vragen over de hulp bekeken")
    return invitation


# --- Results for the thermometer: anonymous, aggregated, small cells suppressed -------------------


@dataclass(frozen=True)
class QuestionResult:
    """One cell of the results: how many answered a statement, and the share that agreed or strongly
    agreed among those with an opinion ("weet ik niet" counts as an answer, not as an opinion).
    None means suppressed: fewer than 10 answers (or opinions, for the share)."""

    law: str
    theme: str
    code: str
    statement: str
    answer_count: int | None
    agree_share: float | None


def experience_results(municipality, *, law: str | None = None, since: date | None = None) -> dict:
    """The anonymous answers of a gemeente per theme (access, quality, effect, in that order) as a list
    of ``QuestionResult`` per statement and law: the statements in use first, by law in the order of
    ``Law`` (Wmo first) and then in their own order.

    Cells are never added up over laws or themes: a total next to its suppressed parts would give the
    suppressed number away. ``since`` counts from the first of its month, the granularity of the
    answers. No personal data: nothing is logged."""
    answers = ExperienceAnswer.objects.filter(municipality=municipality)
    questions = Question.objects.filter(questionnaire__is_active=True, is_active=True).select_related(
        "questionnaire"
    )
    if law is not None:
        answers = answers.filter(law=law)
        questions = questions.filter(questionnaire__law=law)
    if since is not None:
        answers = answers.filter(month__gte=first_of_month(since))
    counts = {
        (row["law"], row["theme"], row["question_code"]): row
        for row in answers.values("law", "theme", "question_code")
        .annotate(
            total=Count("pk"), opinions=Count("value"), agreeing=Count("pk", filter=Q(value__in=AGREEING))
        )
        .order_by()
    }
    configured = [
        ((question.questionnaire.law, question.theme, question.code), question.statement)
        for question in sorted(
            questions, key=lambda q: (Law.values.index(q.questionnaire.law), q.order, q.code)
        )
    ]
    keys = [key for key, _statement in configured]
    statements = dict(configured)
    keys += sorted(set(counts) - set(keys))  # answered earlier, no longer (so) configured
    results = {theme: [] for theme in Theme.values}
    for key in keys:
        row = counts.get(key, {"total": 0, "opinions": 0, "agreeing": 0})
        opinions = suppress_small(row["opinions"])
        results.setdefault(key[1], []).append(
            QuestionResult(
                law=key[0],
                theme=key[1],
                code=key[2],
                statement=statements.get(key, key[2]),
                answer_count=suppress_small(row["total"]),
                agree_share=round(row["agreeing"] / opinions, 3) if opinions else None,
            )
        )
    return results
