"""Every state change of a tailored provision: application, advice, decision, allocation and the
allocation message to the provider. The team advises, the gemeente decides (product.md principle 5):
nobody decides on an application they advised on."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from eenplan.accounts.models import TEAM_ROLES, Role
from eenplan.core.actions import Subject, processing_log_record
from eenplan.intake import deadlines
from eenplan.intake.models import Law, LegalTerm
from eenplan.plans import actions as plan_actions
from eenplan.plans.models import Agreement, Plan

from . import istandaarden
from .models import Advice, Allocation, Application, ApplicationTerm, Decision, Product, Recommendation

APPLICATION_CATEGORIES = ("identity-contact", "situation-assessment", "plan-agreements")
MESSAGE_CATEGORIES = ("identity-contact", "plan-agreements")


class ProvisionError(ValueError):
    """The step does not fit the application's state or the actor's role; nothing changed."""


def _log(
    actor,
    action: str,
    application: Application,
    description: str,
    channel: str,
    object_type: str = "application",
    object_id=None,
    categories=APPLICATION_CATEGORIES,
) -> None:
    processing_log_record(
        actor=actor,
        action=action,
        channel=channel,
        object_type=object_type,
        subjects=[Subject(object_id or application.pk, application.household_id, application.person_id)],
        categories=categories,
        description=description,
    )


def volume_label(volume: int, product: Product) -> str:
    return f"{volume} × {product.get_unit_display()} {product.get_frequency_display()}"


def _inquiry_done_or_late(plan: Plan, received_on: date) -> bool:
    """Wmo 2015 art. 2.3.2 lid 9: an application follows the inquiry, unless it took over six weeks."""
    support_request = plan.support_request
    if support_request is None:
        return True
    inquiry = getattr(support_request, "inquiry", None)
    report = getattr(inquiry, "report", None) if inquiry else None
    if report is not None and report.issued_on:
        return True
    inquiry_term = support_request.terms.filter(rule="inquiry").first()
    return inquiry_term is None or inquiry_term.due_on < received_on


@transaction.atomic
def application_submit(
    *,
    actor,
    plan: Plan,
    version: int,
    product: Product,
    person,
    volume: int,
    starts_on: date,
    ends_on: date,
    motivation: str,
    goal=None,
    urgent: bool = False,
    received_on: date | None = None,
    via: str = "screen",
) -> Application:
    """The resident applies for a tailored provision: it becomes an agreement in the plan, and the
    decision term starts."""
    received_on = received_on or timezone.localdate()
    if actor.role not in TEAM_ROLES:
        raise ProvisionError("Only the team submits an application with the resident.")
    if not product.is_active:
        raise ProvisionError("This product is no longer offered.")
    if person.household_id != plan.household_id:
        raise ProvisionError("The person belongs to another household.")
    if ends_on < starts_on:
        raise ProvisionError("The period ends before it starts.")
    if product.law == Law.WMO and not urgent and not _inquiry_done_or_late(plan, received_on):
        raise ProvisionError("A Wmo application follows the inquiry report (Wmo 2015 art. 2.3.2 lid 9).")
    agreement = plan_actions.agreement_add(
        actor=actor,
        plan=plan,
        version=version,
        via=via,
        kind=Agreement.Kind.PROVISION,
        goal=goal,
        description=f"{product.name}: {volume_label(volume, product)}",
        person=person,
        performer="Gemeente (maatwerkvoorziening)",
        due_on=starts_on,
    )
    application = Application(
        household=plan.household,
        person=person,
        plan=plan,
        agreement=agreement,
        product=product,
        volume=volume,
        starts_on=starts_on,
        ends_on=ends_on,
        motivation=motivation,
        urgent=urgent,
        received_on=received_on,
        submitted_by=actor,
    )
    application.full_clean()
    application.save()
    for rule in deadlines.rules_for("application", [product.law]):
        ApplicationTerm.objects.create(
            application=application,
            rule=rule.code,
            starts_on=received_on,
            due_on=deadlines.deadline(rule, received_on),
        )
    _log(actor, "create", application, f"Aanvraag {product.name} ingediend", via)
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application, reason: str, via: str = "screen") -> Application:
    if actor.role not in TEAM_ROLES:
        raise ProvisionError("Only the team withdraws an application with the resident.")
    if application.status in (Application.Status.DECIDED, Application.Status.WITHDRAWN):
        raise ProvisionError("A decided or withdrawn application cannot be withdrawn.")
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    application.terms.filter(status=LegalTerm.Status.RUNNING).update(status=LegalTerm.Status.ENDED)
    _log(actor, "update", application, f"Aanvraag ingetrokken: {reason}", via)
    return application


@transaction.atomic
def advice_give(
    *,
    actor,
    application: Application,
    recommendation: str,
    volume: int,
    reasons: str,
    advised_on: date | None = None,
    via: str = "screen",
) -> Advice:
    """The team's indicatie-advies: what the resident needs, and why."""
    if actor.role not in TEAM_ROLES:
        raise ProvisionError("Only the team advises.")
    if application.status != Application.Status.SUBMITTED:
        raise ProvisionError("Only an application that waits for advice can be advised on.")
    if recommendation == Recommendation.REFUSE:
        volume = 0
    advice = Advice(
        application=application,
        recommendation=recommendation,
        volume=volume,
        reasons=reasons,
        advised_by=actor,
        advised_on=advised_on or timezone.localdate(),
    )
    advice.full_clean()
    advice.save()
    application.status = Application.Status.ADVISED
    application.save(update_fields=["status"])
    _log(actor, "create", application, f"Advies gegeven: {advice.get_recommendation_display()}", via)
    return advice


@transaction.atomic
def decision_make(
    *,
    actor,
    application: Application,
    outcome: str,
    volume: int,
    reasons: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
    decided_on: date | None = None,
    via: str = "screen",
) -> Decision:
    """The gemeente's decision (beschikking). Advice and decision are separate: the decision maker did
    not advise on this application. The decision terms are met (or were late); the objection term
    (Awb 6:7) starts."""
    decided_on = decided_on or timezone.localdate()
    advice = application.advice_or_none
    if actor.role != Role.DECISION_MAKER:
        raise ProvisionError("Only a decision maker of the gemeente decides.")
    if advice is not None and advice.advised_by_id == actor.pk:
        raise ProvisionError("Nobody decides on their own advice.")
    if application.status != Application.Status.ADVISED and not (
        application.urgent and application.status == Application.Status.SUBMITTED
    ):
        raise ProvisionError("Only an advised (or urgent) application can be decided.")
    if outcome in (Recommendation.GRANT, Recommendation.PARTLY):
        starts_on, ends_on = starts_on or application.starts_on, ends_on or application.ends_on
        if volume < 1 or ends_on < starts_on:
            raise ProvisionError("A grant needs a volume and a period.")
        if outcome == Recommendation.GRANT and volume < application.volume:
            outcome = Recommendation.PARTLY
    else:
        volume, starts_on, ends_on = 0, None, None
    objection = deadlines.rules_for("decision", [application.product.law])[0]
    decision = Decision(
        application=application,
        outcome=outcome,
        volume=volume,
        starts_on=starts_on,
        ends_on=ends_on,
        reasons=reasons,
        decided_by=actor,
        decided_on=decided_on,
        objection_ends_on=deadlines.deadline(objection, decided_on),
    )
    decision.full_clean()
    decision.save()
    application.status = Application.Status.DECIDED
    application.save(update_fields=["status"])
    for term in application.terms.filter(status=LegalTerm.Status.RUNNING):
        term.status = LegalTerm.Status.MET if decided_on <= term.due_on else LegalTerm.Status.ENDED
        term.save(update_fields=["status"])
    ApplicationTerm.objects.create(
        application=application, rule=objection.code, starts_on=decided_on, due_on=decision.objection_ends_on
    )
    _log(actor, "create", application, f"Besluit: {decision.get_outcome_display()}", via)
    return decision


@transaction.atomic
def allocation_make(
    *, actor, decision: Decision, provider, volume: int, starts_on: date, ends_on: date, via: str = "screen"
) -> Allocation:
    """Allocate a granted provision to a provider (toewijzing), within what was decided."""
    application = decision.application
    if actor.role != Role.DECISION_MAKER:
        raise ProvisionError("Only a decision maker of the gemeente allocates.")
    if not decision.is_granted:
        raise ProvisionError("Only a granted provision is allocated.")
    if not 0 < volume <= decision.volume:
        raise ProvisionError("Allocate at most the volume that was granted.")
    if starts_on < decision.starts_on or ends_on > decision.ends_on or ends_on < starts_on:
        raise ProvisionError("Allocate within the period that was granted.")
    if provider.municipality_id != application.household.municipality_id:
        raise ProvisionError("The provider works for another gemeente.")
    if application.product.has_allocation_message and not provider.agb_code:
        raise ProvisionError("The provider needs an AGB code for an allocation message.")
    number = (Allocation.objects.select_for_update().aggregate(last=Max("number"))["last"] or 0) + 1
    allocation = Allocation(
        decision=decision,
        provider=provider,
        number=number,
        volume=volume,
        starts_on=starts_on,
        ends_on=ends_on,
        allocated_at=timezone.now(),
        allocated_by=actor,
    )
    allocation.full_clean()
    allocation.save()
    _log(
        actor,
        "create",
        application,
        f"Toegewezen aan {provider.name}",
        via,
        object_type="allocation",
        object_id=allocation.pk,
    )
    return allocation


def _client(person) -> istandaarden.Client:
    household = person.household
    address = istandaarden.Address(
        street=household.street,
        house_number=household.house_number,
        house_number_addition=household.house_number_addition,
        postcode=household.postcode,
        city=household.city,
    )
    return istandaarden.Client(
        bsn=person.bsn,
        date_of_birth=person.date_of_birth,
        surname=person.surname,
        surname_prefix=person.surname_prefix,
        given_names=person.given_name,
        address=address,
    )


@transaction.atomic
def allocation_message_export(*, actor, allocation: Allocation, via: str = "export") -> bytes:
    """The allocation as an iWmo WMO301 / iJw JW301 message for the provider, validated against the
    official XSDs (EENPLAN_ISTANDAARDEN_DIR) when they are configured; the disclosure is logged."""
    application = allocation.decision.application
    product = application.product
    if not product.has_allocation_message:
        raise ProvisionError("This product has no iStandaarden allocation message.")
    if not application.person.bsn:
        raise ProvisionError("An allocation message needs the resident's BSN.")
    allocated_at = timezone.localtime(allocation.allocated_at)
    message = istandaarden.AllocationMessage(
        law=product.law,
        sender=application.household.municipality.code.removeprefix("GM"),
        receiver=allocation.provider.agb_code,
        message_id=f"{allocation.number:012d}",
        dated=timezone.localdate(),
        client=_client(application.person),
        products=(
            istandaarden.AllocatedProduct(
                number=allocation.number,
                category=product.category,
                code=product.product_code or None,
                start=allocation.starts_on,
                end=allocation.ends_on,
                volume=allocation.volume,
                unit=product.unit,
                frequency=product.frequency,
                allocated_on=allocated_at.date(),
                allocated_at=allocated_at.time().replace(microsecond=0),
            ),
        ),
    )
    xml = istandaarden.build(message)
    if settings.EENPLAN_ISTANDAARDEN_DIR:
        errors = istandaarden.validate(
            xml, message=istandaarden.message_code(product.law), xsd_dir=settings.EENPLAN_ISTANDAARDEN_DIR
        )
        if errors:
            raise ProvisionError("The message does not validate: " + "; ".join(errors[:3]))
    _log(
        actor,
        "disclose",
        application,
        f"{istandaarden.message_code(product.law)} aan {allocation.provider.name}",
        via,
        object_type="allocation",
        object_id=allocation.pk,
        categories=MESSAGE_CATEGORIES,
    )
    return xml
