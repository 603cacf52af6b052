"""Helpers for the ``access_*`` functions of every app: which purpose (doelbinding) and legal basis a
processing is done for. Purposes are configuration (core/config/purposes.json, editable in beheer)."""

from dataclasses import dataclass

from django.http import Http404

from .models import Purpose as PurposeConfig
from .models import RolePolicy


@dataclass(frozen=True)
class Purpose:
    code: str
    legal_basis: str


def purpose_for(user, code: str | None = None) -> Purpose:
    """The purpose a user processes for: the given one if their role may use it, else the first active
    purpose configured for their role. A user without a purpose may not process personal data: 404."""
    candidates = [
        purpose
        for purpose in PurposeConfig.objects.filter(is_active=True)
        .select_related("legal_basis")
        .order_by("pk")
        if user.is_authenticated and user.role in purpose.roles
    ]
    for purpose in candidates:
        if code is None or purpose.code == code:
            return Purpose(code=purpose.code, legal_basis=purpose.legal_basis.code)
    raise Http404


def role_categories(user) -> frozenset[str]:
    """The categories of personal data the user's role may process at all (RolePolicy, domain.md §5)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        RolePolicy.objects.filter(role=user.role, categories__is_active=True).values_list(
            "categories__code", flat=True
        )
    ) - {None}


def permits(user, categories) -> bool:
    """Whether the user's role may process all these categories (for lists, which are empty if not)."""
    return set(categories) <= role_categories(user)


def permit(user, categories, purpose: str | None = None) -> Purpose:
    """The purpose a read is done for, or 404 when the user's role may not process one of these
    categories of personal data (as configured in RolePolicy) or has no purpose at all."""
    used = purpose_for(user, purpose)
    if not permits(user, categories):
        raise Http404
    return used
