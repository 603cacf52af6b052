"""Reads of the instrument configuration."""

from .models import Instrument, LifeDomain


def instrument(code: str) -> Instrument:
    """The active instrument with this code; raises ``Instrument.DoesNotExist`` otherwise."""
    return Instrument.objects.get(code=code, is_active=True)


def domains_for(instrument_code: str, *, has_children: bool) -> list[LifeDomain]:
    """The active life domains of an active instrument, in order; domains for households with children
    (parenting) only when the household has children."""
    domains = LifeDomain.objects.filter(
        instrument__code=instrument_code, instrument__is_active=True, is_active=True
    ).select_related("instrument")
    if not has_children:
        domains = domains.exclude(applies_to=LifeDomain.AppliesTo.HOUSEHOLDS_WITH_CHILDREN)
    return list(domains.order_by("order", "code"))
