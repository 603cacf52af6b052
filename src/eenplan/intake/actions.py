"""Every state change of intake: registering a melding and working with its legal terms."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from eenplan.core.access import purpose_for
from eenplan.core.actions import Processing, processing_log_write
from eenplan.households import actions as household_actions

from . import deadlines
from .models import SupportRequest, Term, TermExtension, TermSuspension

REQUEST_CATEGORIES = ("identity-contact", "situation-assessment")


def _log(actor, action: str, support_request: SupportRequest, description: str, channel: str) -> None:
    purpose = purpose_for(actor)
    processing_log_write(
        actor=actor,
        processings=[
            Processing(
                action=action,
                purpose=purpose.code,
                legal_basis=purpose.legal_basis,
                channel=channel,
                object_type="support_request",
                object_id=str(support_request.pk),
                household_id=support_request.household_id,
                person_id=support_request.person_id,
                categories=REQUEST_CATEGORIES,
                description=description,
            )
        ],
    )


@transaction.atomic
def support_request_register(
    *,
    actor,
    household,
    person,
    received_on: date,
    channel: str,
    reporter: str,
    reporter_name: str,
    question: str,
    laws: list[str],
    urgency: str,
    via: str = "screen",
) -> SupportRequest:
    """Register a melding, confirm its receipt and start the legal terms for the laws in play."""
    if person.household_id != household.pk:
        raise ValueError("The person must belong to the household.")
    support_request = SupportRequest(
        household=household,
        person=person,
        received_on=received_on,
        channel=channel,
        reporter=reporter,
        reporter_name=reporter_name,
        question=question,
        laws=sorted(set(laws)),
        urgency=urgency,
        assigned_to=actor,
        registered_by=actor,
        receipt_confirmed_at=timezone.now(),
    )
    support_request.full_clean()
    support_request.save()
    for rule in deadlines.rules_for("support_request", support_request.laws):
        Term.objects.create(
            support_request=support_request,
            rule=rule.code,
            starts_on=received_on,
            due_on=deadlines.deadline(rule, received_on),
        )
    _log(actor, "create", support_request, "Melding geregistreerd", via)
    return support_request


@transaction.atomic
def support_request_register_for_new_household(*, actor, household: dict, person: dict, request: dict):
    """A melding for someone not yet known: household, person and melding in one transaction."""
    new_household = household_actions.household_register(actor=actor, **household)
    new_person = household_actions.person_add(actor=actor, household=new_household, relation="head", **person)
    return support_request_register(actor=actor, household=new_household, person=new_person, **request)


def _recompute(term: Term) -> None:
    term.due_on = term.compute_due_on(timezone.localdate())
    term.save(update_fields=["due_on", "status"])


@transaction.atomic
def term_suspend(*, actor, term: Term, starts_on: date, reason: str) -> TermSuspension:
    if term.status != Term.Status.RUNNING:
        raise ValueError("Only a running term can be suspended.")
    suspension = TermSuspension.objects.create(
        term=term, starts_on=starts_on, reason=reason, created_by=actor
    )
    term.status = Term.Status.SUSPENDED
    _recompute(term)
    _log(actor, "update", term.support_request, f"Termijn opgeschort: {reason}", "screen")
    return suspension


@transaction.atomic
def term_resume(*, actor, term: Term, ends_on: date) -> TermSuspension:
    suspension = term.suspensions.filter(ends_on__isnull=True).last()
    if term.status != Term.Status.SUSPENDED or suspension is None:
        raise ValueError("Only a suspended term can be resumed.")
    if ends_on < suspension.starts_on:
        raise ValueError("A suspension cannot end before it started.")
    suspension.ends_on = ends_on
    suspension.save(update_fields=["ends_on"])
    term.status = Term.Status.RUNNING
    _recompute(term)
    _log(actor, "update", term.support_request, "Termijn loopt weer", "screen")
    return suspension


@transaction.atomic
def term_extend(*, actor, term: Term, days: int, reason: str) -> TermExtension:
    if term.status not in (Term.Status.RUNNING, Term.Status.SUSPENDED):
        raise ValueError("Only an open term can be extended.")
    extension = TermExtension.objects.create(term=term, days=days, reason=reason, created_by=actor)
    _recompute(term)
    _log(actor, "update", term.support_request, f"Termijn verlengd met {days} dagen: {reason}", "screen")
    return extension
