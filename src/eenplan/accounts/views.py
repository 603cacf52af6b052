import base64
import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from . import actions
from .forms import LoginForm, TokenForm
from .middleware import two_factor_exempt
from .models import User
from .oidc import REFUSAL_SESSION_KEY

PENDING_KEY = "eenplan_2fa_pending"
SETUP_KEY = "eenplan_2fa_setup_key"
PENDING_SECONDS = 300


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _oidc_context(request) -> dict:
    """The resident's log-in button (OpenID Connect, when on), and why the last try was refused."""
    if not settings.EENPLAN_OIDC_ENABLED:
        return {"oidc_enabled": False}
    refusal = request.session.pop(REFUSAL_SESSION_KEY, None)
    if refusal is None and request.GET.get("digid") == "mislukt":
        refusal = "failed"  # cancelled, or an error at the provider
    next_url = _next_url(request)
    return {
        "oidc_enabled": True,
        "oidc_label": settings.EENPLAN_OIDC_LABEL,
        "oidc_refusal": refusal,
        "oidc_next": next_url if next_url != settings.LOGIN_REDIRECT_URL else "",
    }


@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated:
        return redirect("core:start")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _confirmed_device(form.user)
        if device is not None:
            request.session[PENDING_KEY] = {
                "user": form.user.pk,
                "at": time.time(),
                "next": _next_url(request),
            }
            return redirect("accounts:login_verify")
        actions.session_login(request=request, user=form.user)
        return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request), **_oidc_context(request)}
    return render(request, "accounts/login.html", context)


@require_http_methods(["GET", "POST"])
def login_verify(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.warning(request, _("Uw inlogpoging is verlopen. Log opnieuw in."))
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    device = _confirmed_device(user) if user else None
    if device is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    form = TokenForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Te veel onjuiste codes. Wacht even en probeer het dan opnieuw."))
        elif device.verify_token(form.cleaned_data["token"]):
            request.session.pop(PENDING_KEY, None)
            actions.session_login(request=request, user=user, device=device)
            return redirect(pending["next"])
        else:
            form.add_error("token", _("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat."))
    return render(request, "accounts/login_verify.html", {"form": form})


@two_factor_exempt
@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, _("U bent uitgelogd."))
    return redirect("accounts:login")


@two_factor_exempt
@login_required
@require_http_methods(["GET", "POST"])
def security(request):
    """Set up (or replace) TOTP two-factor authentication for the logged-in user."""
    if _confirmed_device(request.user) is not None and not request.user.is_verified():
        # Replacing a device needs the current one: log in again, with the code.
        logout(request)
        messages.warning(request, _("Log opnieuw in met de code uit uw authenticator-app."))
        return redirect("accounts:login")
    key = request.session.get(SETUP_KEY)
    if key is None:
        key = random_hex(20)
        request.session[SETUP_KEY] = key
    form = TokenForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        totp = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6, drift=0)
        totp.time = time.time()
        if totp.verify(int(form.cleaned_data["token"]), tolerance=1):
            actions.two_factor_enable(request=request, user=request.user, key=key)
            request.session.pop(SETUP_KEY, None)
            messages.success(
                request, _("Tweestapsverificatie staat aan. U logt voortaan in met een code uit de app.")
            )
            return redirect("core:start")
        form.add_error(
            "token", _("Deze code klopt niet. Scan de QR-code opnieuw of controleer de tijd op uw telefoon.")
        )
    config_url = TOTPDevice(user=request.user, key=key, name="Authenticator-app").config_url
    context = {
        "form": form,
        "has_device": _confirmed_device(request.user) is not None,
        "qr_svg": segno.make(config_url, error="m").svg_inline(
            scale=4, dark="#000", light="#fff", title=_("QR-code voor uw authenticator-app")
        ),
        "secret": base64.b32encode(bytes.fromhex(key)).decode(),
        "required": settings.EENPLAN_REQUIRE_2FA and request.user.is_staff_role,
    }
    return render(request, "accounts/security.html", context)
