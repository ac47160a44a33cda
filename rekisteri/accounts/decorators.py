"""View decorators that enforce the permission matrix."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from rekisteri.accounts.roles import Capability, has_capability, requires_mfa

View = Callable[..., HttpResponse]


def has_otp_device(user: Any) -> bool:
    """Whether the user has a confirmed TOTP device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def mfa_gate(request: HttpRequest) -> HttpResponse | None:
    """Redirect a user who must use two-factor but whose session is not verified.

    Without a device the user goes to set one up, otherwise to enter a code; the
    page they asked for is kept in ``next``.
    """
    user: Any = request.user
    if not requires_mfa(user) or user.is_verified():
        return None
    target = "accounts:otp_verify" if has_otp_device(user) else "accounts:otp_setup"
    response = redirect(target)
    response["Location"] += "?" + urlencode({"next": request.get_full_path()})
    return response


def require(*needed: Capability) -> Callable[[View], View]:
    """Allow the view only to users holding every capability in ``needed``.

    Anonymous users are sent to the login page. Users in a role of ``MFA_ROLES``
    whose session has not passed TOTP are sent to set up or verify it (ASVS
    6.3.3). Staff without the capability get 403. Responses are never cached:
    they carry personal data.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            gate = mfa_gate(request)
            if gate is not None:
                return gate
            if not all(has_capability(request.user, cap) for cap in needed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # Read by the URL walk (tests/test_url_walk.py): every staff route declares
        # what it needs, and the walk checks each role against docs/roles.md.
        wrapped.required_capabilities = needed  # type: ignore[attr-defined]
        return never_cache(wrapped)

    return decorator
