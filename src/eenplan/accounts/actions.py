"""Every state change of accounts, including the account a resident gets at their first log-in."""

from django.contrib.auth import login
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from eenplan.core.actions import Subject, processing_log_record
from eenplan.core.validators import validate_bsn
from eenplan.households.models import Person, Representation

from .models import Role, User
from .queries import account_for_bsn, is_plain_resident


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


class AccountLinkRefused(Exception):
    """A verified BSN that gets no resident account (see ``resident_account_link``)."""

    UNKNOWN = "unknown"  # the gemeente does not know this person yet
    NOT_RESIDENT = "not-resident"  # the BSN belongs to a staff member's (or a blocked) account

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


USERNAME_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def _new_resident_username() -> str:
    """A username that says nothing about the person (never the BSN, which is not a secret to hide
    behind a hash: there are too few BSNs)."""
    while True:
        username = "inwoner-" + get_random_string(10, USERNAME_ALPHABET)
        if not User.objects.filter(username=username).exists():
            return username


def _names(person, representations, claims: dict) -> tuple[str, str]:
    if person is not None:
        return person.given_name, " ".join(part for part in (person.surname_prefix, person.surname) if part)
    given, family = str(claims.get("given_name") or ""), str(claims.get("family_name") or "")
    if given or family:
        return given[:150], family[:150]
    first, _space, rest = representations[0].representative_name.strip().partition(" ")
    return first[:150], rest[:150]


@transaction.atomic
def resident_account_link(*, bsn: str, claims: dict) -> User:
    """The account of a resident who logged in with a verified BSN (OpenID Connect, e.g. DigiD),
    created and linked the first time.

    The gemeente knows a BSN when a person has it, or when the team recorded a representation in force
    for it (a parent, curator, mentor or gemachtigde). The account is linked to that person and to
    those representations; representations recorded later are linked at a later log-in. A BSN the
    gemeente does not know gets no account, and the BSN of a staff member's account never logs in
    here: both raise AccountLinkRefused. Every link is written to the processing log of the household
    it concerns, with the resident as actor."""
    validate_bsn(bsn)
    today = timezone.localdate()
    person = Person.objects.select_for_update().filter(bsn=bsn).first()
    account = account_for_bsn(bsn)
    if account is not None and not is_plain_resident(account):
        raise AccountLinkRefused(AccountLinkRefused.NOT_RESIDENT)
    in_force = Representation.objects.filter(Representation.in_force(today), representative_bsn=bsn)
    if person is None and not in_force.exists():
        raise AccountLinkRefused(AccountLinkRefused.UNKNOWN)
    to_link = list(
        in_force.filter(representative__isnull=True)
        .select_for_update(of=("self",))
        .select_related("person")
        .order_by("pk")
    )
    if account is None:
        first_name, last_name = _names(person, to_link, claims)
        household = person.household if person is not None else to_link[0].person.household
        account = User(
            username=_new_resident_username(),
            role=Role.RESIDENT,
            first_name=first_name,
            last_name=last_name,
            municipality_id=household.municipality_id,
        )
        account.set_unusable_password()
        account.full_clean()
        account.save()
    if person is not None and person.user_id is None:
        person.user = account
        person.save(update_fields=["user"])
        processing_log_record(
            actor=account, action="update", channel="screen", object_type="person",
            subjects=[Subject(person.pk, person.household_id, person.pk)], categories=("identity-contact",),
            description="Account gekoppeld bij het inloggen",
        )  # fmt: skip
    for representation in to_link:
        representation.representative = account
        representation.save(update_fields=["representative"])
    if to_link:
        processing_log_record(
            actor=account, action="update", channel="screen", object_type="representation",
            subjects=[Subject(r.pk, r.person.household_id, r.person_id) for r in to_link],
            categories=("identity-contact", "household-network"),
            description="Account van de vertegenwoordiger gekoppeld bij het inloggen",
        )  # fmt: skip
    return account
