from django.conf import settings
from django.shortcuts import redirect


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
        if request.path.startswith(("/api/", "/" + settings.STATIC_URL.lstrip("/"))):
            return None
        return redirect("accounts:security")
