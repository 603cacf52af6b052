"""What a provision costs: volume × tariff × the number of periods (day, week, month) in a period, or
volume × tariff once for a total. Within a window (e.g. one budget year) only the overlapping days
count; a total is spread evenly over its days. Amounts are whole eurocents, rounded half up.

``value_cents`` does the same sums in whole numbers (a rounded fraction a/b is (2a + b) // 2b), exactly
as ``periods`` and ``round_cents`` do with fractions, several times faster: the gemeente budget adds up
tens of thousands of allocations per page (docs/performance.md)."""

from datetime import date
from fractions import Fraction

DAYS_PER_MONTH = Fraction(365, 12)


def days(first: date, last: date) -> int:
    """Days from ``first`` up to and including ``last``; 0 when the period is empty."""
    return max((last - first).days + 1, 0)


def periods(frequency: str, day_count: int) -> Fraction:
    if frequency == "1":
        return Fraction(day_count)
    if frequency == "2":
        return Fraction(day_count, 7)
    if frequency == "4":
        return day_count / DAYS_PER_MONTH
    raise ValueError(f"Unknown frequency {frequency!r}")


def round_cents(amount: Fraction) -> int:
    return int(amount + Fraction(1, 2)) if amount >= 0 else -int(-amount + Fraction(1, 2))


def value_cents(
    *,
    volume: int,
    tariff_cents: int,
    frequency: str,
    starts_on: date,
    ends_on: date,
    within: tuple[date, date] | None = None,
) -> int:
    total_days = days(starts_on, ends_on)
    first, last = (max(starts_on, within[0]), min(ends_on, within[1])) if within else (starts_on, ends_on)
    counted = days(first, last)
    if not total_days or not counted:
        return 0
    amount = volume * tariff_cents * counted
    if frequency == "1":
        return amount
    numerator, denominator = {
        "2": (amount, 7),
        "4": (amount * 12, 365),
        "6": (amount, total_days),
    }.get(frequency, (None, None))
    if numerator is None:
        raise ValueError(f"Unknown frequency {frequency!r}")
    return (2 * numerator + denominator) // (2 * denominator)
