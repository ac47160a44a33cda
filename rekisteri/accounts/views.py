"""Login and logout, with audit events for both."""

from __future__ import annotations

from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rekisteri.accounts.decorators import has_otp_device
from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event


class StaffLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        with transaction.atomic():
            record_event(request.user, EventType.LOGGED_OUT)
    logout(request)
    return redirect("accounts:login")


@receiver(user_logged_in, dispatch_uid="audit-login")
def _audit_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record_event(user, EventType.LOGIN_SUCCEEDED)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _audit_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # The attempted username is not logged: it may be a mistyped password.
    record_event(None, EventType.LOGIN_FAILED)


# --- Two-factor authentication (ASVS 6.3.3, 6.5.1, 6.5.5) ----------------------

RECOVERY_CODE_COUNT = 10


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("web:dashboard")


def _redirect_with_next(name: str, request: HttpRequest) -> HttpResponse:
    return redirect(reverse(name) + "?" + urlencode({"next": _next_url(request)}))


def _verify_second_factor(user: Any, token: str) -> Any:
    """Return the confirmed device that accepts ``token`` (and spends it), or None.

    Six digits are tried as a TOTP code, anything else as a recovery code, so a
    recovery code does not count as a failed TOTP attempt. TOTP refuses a code
    whose time step is not newer than the last one accepted (single use, 6.5.1);
    a recovery code is deleted when used (6.5.5).
    """
    token = "".join(token.split()).lower()
    model: Any = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(token):
                return device
    return None


def _pending_device(user: Any) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False, tolerance=1)
    return device


@login_required
@never_cache
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Set up a TOTP authenticator; on confirmation show ten recovery codes once.

    A user who already has a confirmed device cannot add another here without
    first passing it, or setup would bypass the second factor.
    """
    user: Any = request.user
    if has_otp_device(user):
        if not user.is_verified():
            return redirect(
                reverse("accounts:otp_verify") + "?" + urlencode({"next": _next_url(request)})
            )
        return render(request, "accounts/otp_status.html", {"next": _next_url(request)})
    device = _pending_device(user)
    error = ""
    if request.method == "POST":
        token = "".join(request.POST.get("token", "").split())
        if token.isdigit() and device.verify_token(token):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                StaticDevice.objects.filter(user=user).delete()
                static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
                codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
                StaticToken.objects.bulk_create(
                    StaticToken(device=static, token=code) for code in codes
                )
            otp_login(request, device)
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        with transaction.atomic():
            record_event(user, EventType.LOGIN_FAILED, reason="otp")
        error = gettext("The code was not accepted. Check your device's clock and try again.")
    secret = b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/otp_setup.html",
        {"secret": secret, "uri": device.config_url, "error": error, "next": _next_url(request)},
    )


@login_required
@never_cache
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask for a TOTP or recovery code and mark the session verified."""
    user: Any = request.user
    if not has_otp_device(user):
        return redirect(
            reverse("accounts:otp_setup") + "?" + urlencode({"next": _next_url(request)})
        )
    if user.is_verified():
        return redirect(_next_url(request))
    error = ""
    if request.method == "POST":
        device = _verify_second_factor(user, request.POST.get("token", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        with transaction.atomic():
            record_event(user, EventType.LOGIN_FAILED, reason="otp")
        error = gettext("The code was not accepted.")
    return render(request, "accounts/otp_verify.html", {"error": error, "next": _next_url(request)})
