"""Validators shared by every app."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def bsn_is_valid(value: str) -> bool:
    """The 11-proef for a burgerservicenummer: nine digits whose weighted sum is divisible by 11."""
    if len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    return sum(int(digit) * weight for digit, weight in zip(value, BSN_WEIGHTS, strict=True)) % 11 == 0


def validate_bsn(value: str) -> None:
    if not bsn_is_valid(value):
        raise ValidationError(
            _("Dit is geen geldig burgerservicenummer: het moet 9 cijfers hebben en de 11-proef doorstaan."),
            code="invalid_bsn",
        )
