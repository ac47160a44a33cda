"""Login and logout, with audit events for both."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

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
