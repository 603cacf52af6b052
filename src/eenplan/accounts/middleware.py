from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect

# The OpenID Connect log-in of residents (mozilla-django-oidc's views, included when it is on): a log-in
# step itself, like the log-in page. The backend never logs a staff member in through it.
OIDC_URL_NAMES = {"oidc_authentication_init", "oidc_authentication_callback"}


def two_factor_exempt(view):
    """Mark a view that a staff member may reach before completing two-factor authentication."""
    view.two_factor_exempt = True
    return view


class TwoFactorRequiredMiddleware:
    """Where EENPLAN_REQUIRE_2FA is on, staff must set up and use TOTP before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not settings.EENPLAN_REQUIRE_2FA or not user.is_authenticated or not user.is_staff_role:
            return None
        if user.is_verified() or getattr(view_func, "two_factor_exempt", False):
            return None
        if request.resolver_match is not None and request.resolver_match.url_name in OIDC_URL_NAMES:
            return None
        if request.path.startswith("/api/"):
            # A session that has not completed 2FA reads no data through the API either. (Token
            # requests are authenticated later, by DRF, and do not reach this point as a user.)
            return JsonResponse({"detail": "Rond eerst de tweestapsverificatie af."}, status=403)
        return redirect("accounts:security")
