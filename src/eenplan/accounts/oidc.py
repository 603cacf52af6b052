"""Log-in for residents through OpenID Connect: DigiD, reached through an OIDC broker.

mozilla-django-oidc does the protocol (state, nonce, the token request, the signature against the
provider's JWKS); this backend only decides which account a verified BSN gets. Residents only: staff
keep their username, password and TOTP (accounts/views.py). On when EENPLAN_OIDC_CLIENT_ID is set
(settings.py, README "Configuratie")."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from eenplan.core.validators import validate_bsn

from . import actions
from .models import User
from .queries import account_for_bsn, is_plain_resident

logger = logging.getLogger(__name__)

# Why the last OIDC log-in of this session was refused, for the log-in page (accounts/views.py).
REFUSAL_SESSION_KEY = "eenplan_oidc_refused"


class ResidentOIDCBackend(OIDCAuthenticationBackend):
    """Finds (or, the first time, creates and links) a resident's account by the BSN claim."""

    def bsn_from_claims(self, claims: dict) -> str | None:
        """The BSN the provider vouches for, or None when the claim is missing or not a valid BSN."""
        value = claims.get(settings.EENPLAN_OIDC_BSN_CLAIM)
        if value is None or isinstance(value, bool):
            return None
        bsn = str(value).strip()
        if bsn.isdigit() and len(bsn) == 8:
            bsn = f"0{bsn}"  # some brokers send the BSN as a number, losing its leading zero
        try:
            validate_bsn(bsn)
        except ValidationError:
            return None
        return bsn

    def describe_user_by_claims(self, claims: dict) -> str:
        return "a resident (BSN not logged)"  # the library writes this to the debug log

    def verify_claims(self, claims: dict) -> bool:
        return self.bsn_from_claims(claims) is not None

    def filter_users_by_claims(self, claims: dict):
        """The resident account already known for the BSN (at most one); never a staff account."""
        bsn = self.bsn_from_claims(claims)
        account = account_for_bsn(bsn) if bsn else None
        if not is_plain_resident(account):
            return User.objects.none()
        return User.objects.filter(pk=account.pk)

    def create_user(self, claims: dict) -> User | None:
        """The first log-in: an account for a BSN the gemeente knows; None (refused) for any other."""
        return self._link(claims)

    def update_user(self, user: User, claims: dict) -> User | None:
        """A later log-in: links representations recorded for the BSN since the last one."""
        return self._link(claims)

    def get_user(self, user_id):
        """The account of a session started here, while it is an active resident's: deactivating it,
        or giving it a staff role, ends the session (the library's own get_user checks neither)."""
        user = User.objects.filter(pk=user_id).first()
        return user if is_plain_resident(user) else None

    def _link(self, claims: dict) -> User | None:
        bsn = self.bsn_from_claims(claims)
        if bsn is None:  # verify_claims let no such claims through
            return None
        try:
            return actions.resident_account_link(bsn=bsn, claims=claims)
        except actions.AccountLinkRefused as refusal:
            logger.info("OIDC log-in refused: %s", refusal.reason)
            self._refused(refusal.reason)
            return None

    def _refused(self, reason: str) -> None:
        request = getattr(self, "request", None)  # set by authenticate(); absent when called directly
        if request is not None and hasattr(request, "session"):
            request.session[REFUSAL_SESSION_KEY] = reason
