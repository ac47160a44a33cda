"""Authentication of API calls: a Bearer key, its scope, and the rate limits.

Every operation names the one scope it needs (``ApiKey("webshop:write")``).
A call is refused with 401 when the key is missing, malformed, unknown or
revoked, 403 when the key lacks the scope, and 429 when the key has made too
many calls or the address has failed authentication too often (OWASP ASVS 5.0
2.4.1 anti-automation; GDPR Art. 32(1)(b)). The limits are counted by
:mod:`rekisteri.throttle`, shared by every process.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from rekisteri.api.errors import ApiError
from rekisteri.api.models import ApiClient
from rekisteri.api.scopes import Scope
from rekisteri.api.services import ApiActor, client_for_key
from rekisteri.throttle.services import Limit, client_address, hit

#: Calls per key per minute (the web shop's peak is a few orders a minute).
KEY_LIMIT = Limit("api:key", 300, 60)
#: Failed authentications per client address per 5 minutes.
AUTH_FAILURE_LIMIT = Limit("api:auth-failure", 20, 300)
#: Longest Authorization header looked at; anything longer is not a key.
_MAX_HEADER = 200


def _throttled(retry_after: int) -> ApiError:
    return ApiError(429, headers={"Retry-After": str(retry_after)})


def _bearer_token(request: HttpRequest) -> str:
    value = request.headers.get("Authorization", "")
    if not value or len(value) > _MAX_HEADER:
        return ""
    scheme, _sep, token = value.partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return token.strip()


class ApiKey(HttpBearer):
    """A Bearer API key that must hold ``scope``."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest) -> ApiClient:
        # Overridden rather than inherited: the parent logs the raw header in DEBUG.
        return self.authenticate(request, _bearer_token(request))

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        client = client_for_key(token) if token else None
        if client is None:
            decision = hit(AUTH_FAILURE_LIMIT, client_address(request))
            if not decision.allowed:
                raise _throttled(decision.retry_after)
            raise ApiError(401)
        decision = hit(KEY_LIMIT, f"client:{client.pk}")
        if not decision.allowed:
            raise _throttled(decision.retry_after)
        if self.scope.value not in client.scopes:
            raise ApiError(
                403,
                "missing_scope",
                _("This API key does not have the scope %(scope)s.") % {"scope": self.scope.value},
            )
        request.api_actor = ApiActor(client)  # type: ignore[attr-defined]
        return client


def actor_of(request: HttpRequest) -> ApiActor:
    """The audit actor of an authenticated call (``api:<client name>``)."""
    actor: Any = getattr(request, "api_actor", None)
    assert isinstance(actor, ApiActor)
    return actor
