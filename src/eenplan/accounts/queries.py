from django.conf import settings

from .models import User


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
