"""View decorators that enforce the permission matrix."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from rekisteri.accounts.roles import Capability, has_capability

View = Callable[..., HttpResponse]


def require(*needed: Capability) -> Callable[[View], View]:
    """Allow the view only to users holding every capability in ``needed``.

    Anonymous users are sent to the login page; staff without the capability get
    403. Responses are never cached: they carry personal data.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not all(has_capability(request.user, cap) for cap in needed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(wrapped)

    return decorator
