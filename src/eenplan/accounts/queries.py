from django.conf import settings

from eenplan.households.models import Person, Representation

from .models import Role, User


def team_members(team) -> list[User]:
    """The staff of a team, for its team lead (names and roles: no resident data)."""
    return list(team.members.filter(is_active=True).order_by("role", "last_name"))


def client_address(request) -> str | None:
    """The address a request came from, for login throttling (django-axes' AXES_CLIENT_IP_CALLABLE).

    Behind ``EENPLAN_PROXY_COUNT`` proxies that each append the address they saw to X-Forwarded-For,
    the client is the count-th address from the right; addresses further left were sent by the client
    itself and are not trusted. Without proxies, or when the header is shorter, it is REMOTE_ADDR."""
    count = settings.EENPLAN_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def account_for_bsn(bsn: str) -> User | None:
    """The account already known for a BSN: the one linked to the person with that BSN, else the
    representative's account of an earlier linked representation with that BSN. Whether that account
    may be used (a resident's, active) is for the caller to decide."""
    if not bsn:
        return None
    person = Person.objects.filter(bsn=bsn, user__isnull=False).select_related("user").first()
    if person is not None:
        return person.user
    linked = (
        Representation.objects.filter(representative_bsn=bsn, representative__isnull=False)
        .select_related("representative")
        .order_by("pk")
        .first()
    )
    return linked.representative if linked else None


def is_plain_resident(user: User | None) -> bool:
    """An active resident's account that is not staff in any way: the only kind a BSN may log in to."""
    return user is not None and user.is_active and user.role == Role.RESIDENT and not user.is_staff_role
