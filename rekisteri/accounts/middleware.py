"""Absolute session timeout: a session ends SESSION_ABSOLUTE_SECONDS after login.

The idle timeout is Django's own (``SESSION_COOKIE_AGE`` with
``SESSION_SAVE_EVERY_REQUEST``); this adds the 12-hour ceiling of ASVS 7.3.2, which
activity cannot extend.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

#: Session key holding the login time (POSIX seconds).
LOGIN_AT_KEY = "rekisteri_login_at"


def _now() -> float:
    return timezone.now().timestamp()


@receiver(user_logged_in, dispatch_uid="session-login-time")
def _remember_login_time(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = _now()


class AbsoluteSessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_KEY)
            if login_at is None:
                # A session from before this middleware: its clock starts now.
                request.session[LOGIN_AT_KEY] = _now()
            elif _now() - float(login_at) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
