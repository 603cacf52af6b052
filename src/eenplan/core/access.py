"""Helpers for the ``access_*`` functions of every app: which purpose (doelbinding) and legal basis a
processing is done for. Purposes are configuration (core/config/purposes.json, editable in beheer), read
through the configuration cache like the role policy."""

from dataclasses import dataclass

from django.http import Http404

from .configuration import configuration_cached
from .models import Purpose as PurposeConfig
from .models import RolePolicy


@dataclass(frozen=True)
class Purpose:
    code: str
    legal_basis: str


def _active_purposes() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(code, legal basis, roles) of every active purpose, in the order they were configured."""
    purposes = PurposeConfig.objects.filter(is_active=True).select_related("legal_basis").order_by("pk")
    return tuple((purpose.code, purpose.legal_basis.code, tuple(purpose.roles)) for purpose in purposes)


def purpose_for(user, code: str | None = None) -> Purpose:
    """The purpose a user processes for: the given one if their role may use it, else the first active
    purpose configured for their role. A user without a purpose may not process personal data: 404."""
    if not user.is_authenticated:
        raise Http404
    for purpose_code, legal_basis, roles in configuration_cached(user, ("purposes",), _active_purposes):
        if user.role in roles and (code is None or purpose_code == code):
            return Purpose(code=purpose_code, legal_basis=legal_basis)
    raise Http404


def role_categories(user) -> frozenset[str]:
    """The categories of personal data the user's role may process at all (RolePolicy, domain.md §5)."""
    if not user.is_authenticated:
        return frozenset()

    def read() -> frozenset[str]:
        policy = RolePolicy.objects.filter(role=user.role, categories__is_active=True)
        return frozenset(policy.values_list("categories__code", flat=True)) - {None}

    return configuration_cached(user, ("role_categories", user.role), read)


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
