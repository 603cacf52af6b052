"""State changes of the experience questions: a resident answers them once for a plan."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eenplan.core.actions import Subject, processing_log_record

from .models import ExperienceAnswer, ExperienceParticipation, Scale, first_of_month
from .queries import INVITATION_CATEGORIES, open_invitation


class InvitationNotOpen(Exception):
    """The plan has no open invitation for this actor: not theirs, not due yet, or already answered.
    A view answers 404, as if the plan does not exist."""


@transaction.atomic
def experience_answer(*, actor, plan, answers: dict[str, int | None], via: str = "screen") -> int:
    """Record a resident's answers to the experience questions of a plan, and that the plan was
    answered, so it is not asked again. Returns the number of answers stored.

    ``answers`` maps a statement's code to a value on the 5-point scale (``Scale``), or None for
    "weet ik niet"; a statement left out was skipped. At least one statement must be answered.

    The answers are stored without any link to the plan, household, person or user: only gemeente,
    law, theme, statement code, value and the month (models.py says what remains linkable and why the
    month). The processing log records that the household answered, never what."""
    invitation = open_invitation(actor, plan.pk)
    if invitation is None:
        raise InvitationNotOpen(plan.pk)
    questions = {question.code: question for question in invitation.questions}
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise ValidationError(_("Deze vraag hoort niet bij de lijst: %(code)s."), params={"code": unknown[0]})
    for value in answers.values():
        if value is not None and value not in Scale.values:
            raise ValidationError(_("Kies een van de antwoorden."), code="value")
    if not answers:
        raise ValidationError(_("Beantwoord minstens één vraag."), code="empty")
    today = timezone.localdate()
    try:
        with transaction.atomic():
            ExperienceParticipation.objects.create(plan=invitation.plan, answered_on=today)
    except IntegrityError:  # answered at the same moment by another member of the household
        raise InvitationNotOpen(plan.pk) from None
    municipality_id = invitation.plan.household.municipality_id
    ExperienceAnswer.objects.bulk_create(
        ExperienceAnswer(
            municipality_id=municipality_id,
            law=invitation.law,
            theme=questions[code].theme,
            question_code=code,
            value=value,
            month=first_of_month(today),
        )
        for code, value in sorted(answers.items())
    )
    processing_log_record(
        actor=actor,
        action="create",
        channel=via,
        object_type="plan",
        subjects=[Subject(invitation.plan.pk, invitation.plan.household_id)],
        categories=INVITATION_CATEGORIES,
        description="Vragen over de ervaring met de hulp beantwoord (anoniem; de antwoorden staan niet hier)",
    )
    return len(answers)
