"""State changes of the budget: recording what a provider delivered and was paid for."""

from datetime import date

from django.db import transaction

from eenplan.core.actions import Subject, processing_log_record
from eenplan.provisions.models import Allocation

from .models import Expenditure


class BudgetError(ValueError):
    """The expenditure does not fit its allocation; nothing changed."""


@transaction.atomic
def expenditure_record(
    *,
    actor,
    allocation: Allocation,
    month: date,
    volume: int,
    amount_cents: int | None = None,
    reference: str = "",
    via: str = "screen",
) -> Expenditure:
    """Record a declaration for one month of an allocation. Without an amount, volume × tariff."""
    month = month.replace(day=1)
    if not allocation.starts_on.replace(day=1) <= month <= allocation.ends_on:
        raise BudgetError("The month lies outside the allocation's period.")
    if amount_cents is None:
        amount_cents = volume * allocation.product.tariff_cents
    expenditure = Expenditure(
        allocation=allocation,
        month=month,
        volume=volume,
        amount_cents=amount_cents,
        reference=reference,
        recorded_by=actor,
    )
    expenditure.full_clean()
    expenditure.save()
    application = allocation.decision.application
    processing_log_record(
        actor=actor,
        action="create",
        channel=via,
        object_type="expenditure",
        subjects=[Subject(expenditure.pk, application.household_id, application.person_id)],
        categories=("plan-agreements",),
        description=f"Uitgave {month:%m-%Y} vastgelegd",
    )
    return expenditure
