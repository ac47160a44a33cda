"""The REST API at /api/v1/: the NinjaAPI, its error handling and its guards.

Every answer that is not a success carries the one error body of
:mod:`rekisteri.api.errors`. Before an operation reads its body, the URL
guard (:func:`guarded`) answers 413 for a body over :data:`MAX_BODY_BYTES`,
415 for a body that is not JSON, and turns a bare 405 into the error body.
Unexpected exceptions become a 500 with the error body; the log gets the
exception's type and stack frames but not its message, which could quote
personal data (OWASP ASVS 5.0 16.2.5).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger

from rekisteri.accounts.decorators import mfa_gate
from rekisteri.api.auth import _bearer_token
from rekisteri.api.errors import STATUS_TEXT, ApiError, error_body, validation_fields
from rekisteri.api.services import client_for_key

logger = logging.getLogger("rekisteri.api")

#: The largest request body accepted (256 KiB): an order of 200 lines is ~40 KiB.
MAX_BODY_BYTES = 256 * 1024
_BODY_METHODS = {"POST", "PUT", "PATCH"}

DESCRIPTION = """
The web shop's and integrations' interface to rekisteri.

Authenticate with `Authorization: Bearer <API key>`. Each operation needs one
scope, named in its description. Every error has the body
`{"error": {"code", "message", "fields"}}`; messages follow `Accept-Language`
(fi, en). See docs/api.md.
"""


class LocalSwagger(Swagger):
    """Swagger UI from ninja's bundled files, served by us: no CDN, no inline script."""

    template = "api/swagger.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": reverse("api:v1:openapi-json")}
        return render(request, self.template, {"swagger_settings": settings, "api": api})


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let staff (logged in, two-factor passed) or a holder of an active key read the docs.

    The schema and docs are not public (OWASP ASVS 5.0 13.4.5).
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _bearer_token(request)
        if token and client_for_key(token) is not None:
            return view(request, *args, **kwargs)
        if request.user.is_authenticated:
            gate = mfa_gate(request)
            if gate is not None:
                return gate
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            code, message = STATUS_TEXT[401]
            return JsonResponse(error_body(code, message), status=401)
        return redirect_to_login(request.get_full_path())

    return never_cache(wrapped)


api = NinjaAPI(
    title="rekisteri API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    docs=LocalSwagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=docs_access,
)


# --- Exception handlers: one body for everything ---------------------------------------


def _respond(
    request: HttpRequest,
    status: int,
    code: str,
    message: object,
    fields: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    response = api.create_response(request, error_body(code, str(message), fields), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


def _default(status: int) -> tuple[str, str]:
    code, message = STATUS_TEXT.get(status, STATUS_TEXT[400])
    return code, str(message)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    headers = dict(exc.headers)
    if exc.status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="rekisteri"')
    return _respond(request, exc.status, exc.code, exc.message, exc.fields, headers)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    code, message = _default(422)
    return _respond(request, 422, code, message, validation_fields(exc.errors))


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    code, message = _default(401)
    return _respond(
        request, 401, code, message, headers={"WWW-Authenticate": 'Bearer realm="rekisteri"'}
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    if status == 400:
        # ninja's only 400 is a body it could not parse as JSON.
        return _respond(request, 400, "malformed_json", _("The request body is not valid JSON."))
    code, message = _default(status)
    headers = {}
    if status == 429 and getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    return _respond(request, status, code, message, headers=headers)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    code, message = _default(404)
    return _respond(request, 404, code, message)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    code, message = _default(403)
    return _respond(request, 403, code, message)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The message is left out on purpose: database errors quote the values.
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error(
        "API %s %s failed with %s\n%s", request.method, request.path, type(exc).__name__, frames
    )
    code, message = _default(500)
    return _respond(request, 500, code, message)


# --- The URL guard: body size, content type, 405 -----------------------------------------


def _guard_response(
    status: int, code: str | None = None, message: str | None = None
) -> HttpResponse:
    default_code, default_message = _default(status)
    response = JsonResponse(
        error_body(code or default_code, message or default_message), status=status
    )
    response["Cache-Control"] = "no-store"
    return response


def guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an API view: refuse oversized or non-JSON bodies before anything reads them."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method in _BODY_METHODS:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_BODY_BYTES:
                return _guard_response(413)
            try:
                body = request.body
            except RequestDataTooBig:
                return _guard_response(413)
            if len(body) > MAX_BODY_BYTES:
                return _guard_response(413)
            content_type = (request.content_type or "").lower()
            if body and content_type != "application/json":
                return _guard_response(415)
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = _guard_response(405)
            response["Allow"] = allowed
        return response

    return wrapped


def guard_patterns(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    """Apply :func:`guarded` to every operation URL of the API."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in {"openapi-json", "openapi-view"}:
            pattern.callback = guarded(pattern.callback)
    return patterns


# --- Routers -----------------------------------------------------------------------------------


from rekisteri.api.routes import people, requests, webshop  # noqa: E402

api.add_router("/", webshop.router)
api.add_router("/", people.router)
api.add_router("/", requests.router)
