"""Every state change of intake: registering a melding and working with its legal terms."""

from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from eenplan.assessment.actions import assessment_record
from eenplan.core.actions import Processing, Subject, processing_log_record, processing_log_write
from eenplan.households import actions as household_actions
from eenplan.households.models import Person
from eenplan.households.queries import acts_for_household

from . import deadlines
from .models import Conversation, Inquiry, InquiryReport, SupportRequest, Term, TermExtension, TermSuspension
from .report import draft_text

REQUEST_CATEGORIES = ("identity-contact", "situation-assessment")


def _log(actor, action: str, support_request: SupportRequest, description: str, channel: str) -> None:
    processing_log_record(
        actor=actor, action=action, channel=channel, object_type="support_request",
        subjects=[Subject(support_request.pk, support_request.household_id, support_request.person_id)],
        categories=REQUEST_CATEGORIES, description=description,
    )  # fmt: skip


def _next_due_refresh(support_request: SupportRequest) -> None:
    """Every action that changes a term or closes the melding stores its nearest end of a running term
    again (``next_due``, the caseload's order)."""
    SupportRequest.objects.filter(pk=support_request.pk).next_due_refresh()
    support_request.refresh_from_db(fields=["next_due"])


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
    terms = [
        (rule, deadlines.deadline(rule, received_on))
        for rule in deadlines.rules_for("support_request", support_request.laws)
    ]
    support_request.next_due = min((due_on for _rule, due_on in terms), default=None)  # all of them run
    support_request.full_clean()
    support_request.save()
    for rule, due_on in terms:
        Term.objects.create(
            support_request=support_request, rule=rule.code, starts_on=received_on, due_on=due_on
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
    _next_due_refresh(term.support_request)


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


CONVERSATION_CATEGORIES = ("conversation-notes", "situation-assessment")


def _log_inquiry(actor, action: str, inquiry: Inquiry, object_type: str, obj, categories, description: str):
    support_request = inquiry.support_request
    processing_log_record(
        actor=actor, action=action, channel="screen", object_type=object_type,
        subjects=[Subject(obj.pk, support_request.household_id, support_request.person_id)],
        categories=categories, description=description,
    )  # fmt: skip


@transaction.atomic
def inquiry_start(*, actor, support_request: SupportRequest) -> Inquiry:
    inquiry, created = Inquiry.objects.get_or_create(
        support_request=support_request, defaults={"started_on": timezone.localdate()}
    )
    if created:
        _log_inquiry(actor, "create", inquiry, "inquiry", inquiry, REQUEST_CATEGORIES, "Onderzoek gestart")
    return inquiry


@transaction.atomic
def conversation_record(
    *, actor, inquiry: Inquiry, instrument, domain_scores: list[dict], **fields
) -> Conversation:
    """Record a conversation and, for the domains that matter to this request only, the situation and
    both scores side by side."""
    conversation = Conversation(inquiry=inquiry, created_by=actor, **fields)
    conversation.full_clean()
    categories = set(CONVERSATION_CATEGORIES)
    if domain_scores:
        conversation.assessment, has_health = assessment_record(
            actor=actor, person=inquiry.support_request.person, instrument=instrument,
            assessed_on=conversation.held_on, domain_scores=domain_scores,
        )  # fmt: skip
        if has_health:
            categories.add("health")
    conversation.save()
    _log_inquiry(actor, "create", inquiry, "conversation", conversation, categories, "Gesprek vastgelegd")
    return conversation


@transaction.atomic
def report_draft(*, actor, inquiry: Inquiry) -> InquiryReport:
    """Draft the verslag from the conversations; a report already issued is never redrafted."""
    text = draft_text(inquiry)
    report = InquiryReport.objects.filter(inquiry=inquiry).first()
    if report is not None and report.issued_on:
        raise ValueError("An issued report is not redrafted.")
    if report is None:
        report = InquiryReport.objects.create(inquiry=inquiry, text=text)
    else:
        report.text = text
        report.save(update_fields=["text", "updated_at"])
    _log_inquiry(
        actor, "create", inquiry, "inquiry_report", report, CONVERSATION_CATEGORIES, "Verslag opgesteld"
    )
    return report


@transaction.atomic
def report_update(*, actor, report: InquiryReport, text: str) -> InquiryReport:
    if report.issued_on:
        raise ValueError("An issued report cannot be changed.")
    report.text = text
    report.save(update_fields=["text", "updated_at"])
    _log_inquiry(
        actor, "update", report.inquiry, "inquiry_report", report, CONVERSATION_CATEGORIES, "Verslag bewerkt"
    )
    return report


@transaction.atomic
def report_issue(*, actor, report: InquiryReport, issued_on: date) -> InquiryReport:
    """Give the verslag to the resident: its date matters for an application; the inquiry is done."""
    if report.issued_on:
        raise ValueError("The report was issued already.")
    report.issued_on = issued_on
    report.save(update_fields=["issued_on", "updated_at"])
    inquiry = report.inquiry
    inquiry.status = Inquiry.Status.FINISHED
    inquiry.save(update_fields=["status"])
    # The term ends with the report: met when issued by its end (an open suspension ends that day),
    # else passed unmet, as a decision after its term (provisions.decision_make).
    for term in inquiry.support_request.terms.filter(rule="inquiry", status__in=["running", "suspended"]):
        term.suspensions.filter(ends_on__isnull=True).update(ends_on=issued_on)
        term.due_on = term.compute_due_on(issued_on)
        term.status = Term.Status.MET if issued_on <= term.due_on else Term.Status.ENDED
        term.save(update_fields=["due_on", "status"])
    _next_due_refresh(inquiry.support_request)
    _log_inquiry(
        actor, "disclose", inquiry, "inquiry_report", report, CONVERSATION_CATEGORIES, "Verslag uitgereikt"
    )
    return report


@transaction.atomic
def report_response_record(
    *, actor, report: InquiryReport, response: str, agrees: bool | None
) -> InquiryReport:
    report.resident_response = response
    report.resident_agrees = agrees
    report.response_recorded_on = timezone.localdate()
    report.save(update_fields=["resident_response", "resident_agrees", "response_recorded_on", "updated_at"])
    _log_inquiry(
        actor,
        "update",
        report.inquiry,
        "inquiry_report",
        report,
        CONVERSATION_CATEGORIES,
        "Reactie vastgelegd",
    )
    return report


def reminders_send(*, today: date) -> int:
    """One e-mail per consultant listing the open meldingen with an overdue or nearly due term.

    The mail leaves the system, so it names references and dates only, never a resident."""
    from .queries import NEARLY_DUE_DAYS, support_requests_visible_to

    horizon = today + timedelta(days=NEARLY_DUE_DAYS)
    terms = (
        Term.objects.filter(
            status=Term.Status.RUNNING,
            due_on__lte=horizon,
            support_request__status=SupportRequest.Status.OPEN,
            support_request__assigned_to__is_active=True,
        )
        .select_related("support_request__assigned_to")
        .order_by("support_request__assigned_to_id", "due_on")
    )
    by_consultant: dict = {}
    for term in terms:
        by_consultant.setdefault(term.support_request.assigned_to, []).append(term)
    sent = 0
    for consultant, due in by_consultant.items():
        if not consultant.email:
            continue
        # The job goes through the same reach as the screens: only meldingen the consultant may still see.
        visible = set(support_requests_visible_to(consultant).values_list("pk", flat=True))
        due = [term for term in due if term.support_request_id in visible]
        if not due:
            continue
        lines = [
            f"- {term.support_request.reference}: {term.definition.name}, uiterlijk {term.due_on:%d-%m-%Y}"
            + (" (te laat)" if term.due_on < today else "")
            for term in due
        ]
        body = render_to_string("intake/reminder_email.txt", {"consultant": consultant, "lines": lines})
        send_mail("Eén Plan: termijnen die bijna verlopen", body, None, [consultant.email])
        processing_log_write(
            actor=None,
            processings=[
                Processing(
                    action="disclose",
                    purpose="support",
                    legal_basis="public-task",
                    channel="job",
                    object_type="support_request",
                    object_id=str(term.support_request_id),
                    household_id=term.support_request.household_id,
                    person_id=term.support_request.person_id,
                    categories=("identity-contact",),
                    description=f"Termijnherinnering gemaild aan {consultant.get_full_name() or consultant}",
                )
                for term in {term.support_request_id: term for term in due}.values()
            ],
        )
        sent += 1
    return sent


@transaction.atomic
def personal_plan_record(
    *, actor, support_request: SupportRequest, text: str, received_on: date, via: str = "screen"
) -> SupportRequest:
    """The resident's own plan (Wmo 2.3.2 lid 2), handed in through Mijn plan or recorded by the
    consultant; handed in within the term, that term is met."""
    support_request.personal_plan = text
    support_request.personal_plan_received_on = received_on
    support_request.save(update_fields=["personal_plan", "personal_plan_received_on"])
    support_request.terms.filter(
        rule="personal_plan", status=Term.Status.RUNNING, due_on__gte=received_on
    ).update(status=Term.Status.MET)
    _next_due_refresh(support_request)
    processing_log_record(
        actor=actor, action="update", channel=via, object_type="support_request",
        subjects=[Subject(support_request.pk, support_request.household_id, support_request.person_id)],
        categories=CONVERSATION_CATEGORIES, description="Persoonlijk plan vastgelegd",
    )  # fmt: skip
    return support_request


def _referral_assignee(area):
    """The team that serves the area receives a referral: its team lead, else one of its consultants."""
    from eenplan.accounts.models import Role, Team

    for team in Team.objects.filter(municipality=area.municipality).prefetch_related("areas"):
        served = {a.pk for a in team.areas.all()}
        if area.pk in served or area.parent_id in served:
            members = team.members.filter(is_active=True)
            lead = members.filter(role=Role.TEAM_LEAD).order_by("pk").first()
            return lead or members.filter(role=Role.CONSULTANT).order_by("pk").first()
    return None


@transaction.atomic
def support_request_refer(
    *, actor, household: dict, person: dict, question: str, laws: list[str], urgency: str
):
    """A partner professional refers a resident to the wijkteam of their neighbourhood.

    A known BSN attaches the melding to that person's household, without telling the partner anything
    about it; otherwise household and person are registered. The partner sees no household afterwards
    (that needs a sharing arrangement)."""
    assignee = _referral_assignee(household["area"])
    if assignee is None:
        raise LookupError("No team serves this area.")
    known = (
        Person.objects.filter(bsn=person["bsn"]).select_related("household").first()
        if person["bsn"]
        else None
    )
    if known is not None:
        target_household, target_person = known.household, known
    else:
        target_household = household_actions.household_register(actor=actor, **household)
        target_person = household_actions.person_add(
            actor=actor, household=target_household, relation="head", **person
        )
    support_request = support_request_register(
        actor=actor, household=target_household, person=target_person, received_on=timezone.localdate(),
        channel=SupportRequest.Channel.REFERRAL, reporter=SupportRequest.Reporter.PARTNER,
        reporter_name=f"{actor.get_full_name()}, {actor.organisation_label}", question=question, laws=laws,
        urgency=urgency,
    )  # fmt: skip
    support_request.assigned_to = assignee
    support_request.save(update_fields=["assigned_to"])
    return support_request


class PortalError(ValueError):
    """What a resident asked in Mijn plan cannot be done; the message says why, in plain Dutch."""


@transaction.atomic
def support_request_submit(
    *, actor, person, question: str, laws: list[str], urgency: str, helper_name: str = ""
) -> SupportRequest:
    """A resident (or their representative, or someone helping them) asks for support in Mijn plan.
    The melding reaches the lead of the team that serves the neighbourhood, and its terms start today."""
    if not acts_for_household(actor, person.household_id):
        raise PortalError(_("U kunt geen melding doen voor deze persoon."))
    assignee = _referral_assignee(person.household.area)
    if assignee is None:
        raise PortalError(
            _("Er is nog geen wijkteam voor uw buurt. Bel de gemeente. Dan helpen we u verder.")
        )
    by_self = person.user_id == actor.pk and not helper_name
    support_request = support_request_register(
        actor=actor, household=person.household, person=person, received_on=timezone.localdate(),
        channel=SupportRequest.Channel.PORTAL,
        reporter=SupportRequest.Reporter.RESIDENT if by_self else SupportRequest.Reporter.NETWORK,
        reporter_name="" if by_self else (helper_name or actor.get_full_name()),
        question=question, laws=laws, urgency=urgency,
    )  # fmt: skip
    support_request.assigned_to = assignee
    support_request.save(update_fields=["assigned_to"])
    return support_request


@transaction.atomic
def self_assessment_record(*, actor, support_request: SupportRequest, instrument, domain_scores: list[dict]):
    """The resident's own view before the conversation (Mijn plan): only the domains they chose, with
    their own score and words. It replaces an earlier self-assessment for this melding; the consultant
    sees it next to their own view."""
    if not acts_for_household(actor, support_request.household_id):
        raise PortalError(_("U kunt dit niet invullen voor deze melding."))
    if not domain_scores:
        raise PortalError(_("Kies minstens één onderwerp dat voor u belangrijk is."))
    assessment, has_health = assessment_record(
        actor=actor, person=support_request.person, instrument=instrument,
        assessed_on=timezone.localdate(), domain_scores=domain_scores,
    )  # fmt: skip
    support_request.self_assessment = assessment
    support_request.save(update_fields=["self_assessment"])
    categories = ("situation-assessment", "health") if has_health else ("situation-assessment",)
    processing_log_record(
        actor=actor, action="create", channel="screen", object_type="assessment",
        subjects=[Subject(assessment.pk, support_request.household_id, support_request.person_id)],
        categories=categories, description="Eigen inschatting ingevuld in Mijn plan",
    )  # fmt: skip
    return assessment


@transaction.atomic
def support_request_close(*, actor, support_request: SupportRequest, reason: str) -> SupportRequest:
    """Close a melding, e.g. when the question was answered at once; open terms end with it."""
    if support_request.status == SupportRequest.Status.CLOSED:
        raise ValueError("The melding is closed already.")
    support_request.status = SupportRequest.Status.CLOSED
    support_request.closed_on = timezone.localdate()
    support_request.closed_reason = reason
    support_request.save(update_fields=["status", "closed_on", "closed_reason"])
    support_request.terms.filter(status__in=[Term.Status.RUNNING, Term.Status.SUSPENDED]).update(
        status=Term.Status.ENDED
    )
    _next_due_refresh(support_request)
    _log(actor, "update", support_request, f"Melding afgesloten: {reason}", "screen")
    return support_request
