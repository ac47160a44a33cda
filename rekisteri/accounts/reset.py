"""Password reset by e-mail: one-hour single-use links, no user enumeration.

OWASP ASVS 5.0 6.4.1-6.4.3 (reset tokens random, short-lived, single use) and
6.3.8 (no enumeration). Django's token is an HMAC over the user's password hash
and last login, so it stops working once used; ``PASSWORD_RESET_TIMEOUT`` is one
hour (settings). The page after the request is the same whether or not the
address belongs to a user, and the work done is the same too: the message is
rendered in both cases and handed to a background thread, so the response time
does not depend on whether an e-mail is sent. A new password ends every other
session of the user (Django's session hash covers the password hash).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import (
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.debug import sensitive_post_parameters

from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.throttle.services import Limit, client_address, hit

#: Reset requests per client address per hour (ASVS 2.4.1 anti-automation).
RESET_LIMIT = Limit("password_reset", hits=5, seconds=3600)

_pending: list[threading.Thread] = []


def deliver_in_background(messages: Sequence[EmailMultiAlternatives]) -> None:
    """Send ``messages`` from a thread so the response time does not reveal them."""

    def send() -> None:
        for message in messages:
            message.send(fail_silently=True)

    thread = threading.Thread(target=send, name="password-reset-mail", daemon=True)
    _pending.append(thread)
    thread.start()


def wait_for_outgoing_mail(timeout: float = 10.0) -> None:
    """Block until the background sends have finished (tests and shutdown)."""
    while _pending:
        _pending.pop().join(timeout)


class UniformPasswordResetForm(PasswordResetForm):
    """Django's reset form with equal work for known and unknown addresses."""

    SUBJECT = "accounts/password_reset_subject.txt"
    BODY = "accounts/password_reset_email.txt"

    def save(  # type: ignore[override]
        self, *, request: HttpRequest, use_https: bool = False, **kwargs: Any
    ) -> None:
        email = self.cleaned_data["email"]
        users = list(self.get_users(email))
        site = {
            "email": email,
            "domain": request.get_host(),
            "protocol": "https" if use_https else "http",
        }
        messages = [
            self._message({**site, **self._link(user)}, getattr(user, "email", email))
            for user in users
        ]
        if not users:
            # The same rendering for an unknown address; the result is discarded.
            self._message(
                {**site, **self._link(get_user_model()(username="-", email=email))}, email
            )
        with transaction.atomic():
            record_event(None, EventType.PASSWORD_RESET_REQUESTED)
        deliver_in_background(messages)

    @staticmethod
    def _link(user: Any) -> dict[str, Any]:
        uid = urlsafe_base64_encode(force_bytes(user.pk if user.pk is not None else 0))
        return {"user": user, "uid": uid, "token": default_token_generator.make_token(user)}

    def _message(self, context: dict[str, Any], to: str) -> EmailMultiAlternatives:
        subject = "".join(loader.render_to_string(self.SUBJECT, context).splitlines())
        body = loader.render_to_string(self.BODY, context)
        return EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@method_decorator(sensitive_post_parameters(), name="dispatch")
class StaffPasswordResetView(PasswordResetView):
    form_class = UniformPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        decision = hit(RESET_LIMIT, client_address(request))
        if not decision.allowed:
            response = render(request, "accounts/password_reset_limited.html", status=429)
            response["Retry-After"] = str(decision.retry_after)
            return response
        return super().post(request, *args, **kwargs)


class StaffPasswordResetDoneView(PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(sensitive_post_parameters(), name="dispatch")
class StaffPasswordResetConfirmView(PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[type-arg]
        with transaction.atomic():
            response = super().form_valid(form)
            record_event(form.user, EventType.PASSWORD_RESET_COMPLETED)
        return response


class StaffPasswordResetCompleteView(PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
