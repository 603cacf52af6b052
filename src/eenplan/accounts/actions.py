"""Every state change of accounts."""

from django.contrib.auth import login
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role, User


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    municipality=None,
    team=None,
    partner=None,
) -> User:
    user = User(
        username=username,
        role=Role(role),
        first_name=first_name,
        last_name=last_name,
        email=email,
        municipality=municipality,
        team=team,
        partner=partner,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def two_factor_enable(*, request, user: User, key: str) -> TOTPDevice:
    """Store a confirmed TOTP device for the user and mark this session as verified with it."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, key=key, name="Authenticator-app", confirmed=True)
    otp_login(request, device)
    return device


def session_login(*, request, user: User, device: TOTPDevice | None = None) -> None:
    """Start an authenticated session, verified with a TOTP device when one was used."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
