"""Demo seed of the budget: the providers' declarations for every past month of the seeded
allocations, recorded through the same action as the API, so that the household and gemeente budgets
show spent next to granted and committed. Providers deliver a little less than allocated now and then,
and one provider has not declared its last month yet."""

from datetime import date, timedelta

from django.utils import timezone

from eenplan.provisions import money

from .actions import expenditure_record

DELIVERED = [1, 1, 1, 0.9, 0.75]  # share of the allocated volume a provider declares in a month


def months_between(first: date, last: date) -> list[date]:
    """The first days of the months from ``first``'s month up to and including ``last``'s month."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def seed(context) -> None:
    today = timezone.localdate()
    actor = context.objects["users"]["beslisser"]
    last_closed_month = today.replace(day=1) - timedelta(days=1)
    late = None  # the first allocation with more than one past month declares its last month later
    for allocation in context.objects.get("allocations", []):
        product = allocation.product
        months = months_between(allocation.starts_on, min(allocation.ends_on, last_closed_month))
        if product.frequency == "6":
            months = months[:1]  # a total is declared once, when it is delivered
        if late is None and len(months) > 1:
            late, months = allocation, months[:-1]
        for month in months:
            month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            if product.frequency == "6":
                volume = allocation.volume
            else:
                due = money.value_cents(
                    volume=allocation.volume,
                    tariff_cents=product.tariff_cents,
                    frequency=product.frequency,
                    starts_on=allocation.starts_on,
                    ends_on=allocation.ends_on,
                    within=(month, month_end),
                )
                volume = max(1, round(due / product.tariff_cents * context.random.choice(DELIVERED)))
            expenditure_record(
                actor=actor,
                allocation=allocation,
                month=month,
                volume=volume,
                reference=f"D{month:%Y%m}-{allocation.number:06d}",
            )
