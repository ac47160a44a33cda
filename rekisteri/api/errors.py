"""One error body for every error the API returns, in the caller's language.

Every 4xx and 5xx answer is ``{"error": {"code", "message", "fields"}}``:
``code`` is a stable English word for programs, ``message`` is for people and
follows ``Accept-Language`` (Finnish or English), ``fields`` maps an input
field to its messages. The schema is declared for every operation in the
OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field


class ErrorDetail(Schema):
    code: str = Field(description="Stable machine-readable code, e.g. missing_scope.")
    message: str = Field(description="Human-readable message in the language asked for.")
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages per input field (dotted path)."
    )


class ErrorOut(Schema):
    error: ErrorDetail


#: The default code and message of each status.
STATUS_TEXT: dict[int, tuple[str, Promise]] = {
    400: ("bad_request", _("The request could not be read.")),
    401: ("unauthenticated", _("Give a valid API key as a Bearer token.")),
    403: ("forbidden", _("This API key may not do that.")),
    404: ("not_found", _("Not found.")),
    405: ("method_not_allowed", _("This method is not allowed here.")),
    409: ("conflict", _("The request conflicts with the current state.")),
    413: ("payload_too_large", _("The request body is too large.")),
    415: ("unsupported_media_type", _("Send the body as application/json.")),
    422: ("invalid", _("Some values are not valid.")),
    429: ("rate_limited", _("Too many requests; try again later.")),
    500: ("server_error", _("Something went wrong on our side. Try again later.")),
}


class ApiError(Exception):
    """Raise from an endpoint to answer with the error body."""

    def __init__(
        self,
        status: int,
        code: str | None = None,
        message: str | Promise | None = None,
        fields: Mapping[str, Iterable[str | Promise]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        default_code, default_message = STATUS_TEXT.get(status, STATUS_TEXT[400])
        self.status = status
        self.code = code or default_code
        self.message = message if message is not None else default_message
        self.fields = {k: [str(m) for m in v] for k, v in (fields or {}).items()}
        self.headers = dict(headers or {})
        super().__init__(self.code)


def error_body(
    code: str, message: str | Promise, fields: Mapping[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "fields": dict(fields or {})}}


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Response declarations for an operation's error statuses (plus those every call may get)."""
    return {status: ErrorOut for status in sorted({*statuses, 400, 401, 403, 413, 415, 429, 500})}


# --- Pydantic validation messages, translated -----------------------------------------

_MESSAGES: dict[str, Promise] = {
    "missing": _("This field is required."),
    "string_too_short": _("This value is too short."),
    "string_too_long": _("This value is too long."),
    "string_type": _("Give text here."),
    "int_type": _("Give a whole number here."),
    "int_parsing": _("Give a whole number here."),
    "bool_type": _("Give true or false here."),
    "bool_parsing": _("Give true or false here."),
    "decimal_parsing": _("Give a number here."),
    "decimal_type": _("Give a number here."),
    "greater_than_equal": _("This value is too small."),
    "greater_than": _("This value is too small."),
    "less_than_equal": _("This value is too large."),
    "too_short": _("Give at least one item."),
    "too_long": _("Too many items."),
    "list_type": _("Give a list here."),
    "dict_type": _("Give an object here."),
    "model_type": _("Give an object here."),
    "model_attributes_type": _("Give an object here."),
    "enum": _("Choose one of the allowed values."),
    "literal_error": _("Choose one of the allowed values."),
    "date_from_datetime_parsing": _("Give a date as YYYY-MM-DD."),
    "date_parsing": _("Give a date as YYYY-MM-DD."),
    "date_type": _("Give a date as YYYY-MM-DD."),
    "extra_forbidden": _("This field is not allowed."),
    "string_pattern_mismatch": _("This value has the wrong format."),
    "decimal_max_digits": _("This number has too many digits."),
    "decimal_max_places": _("This number has too many decimals."),
    "decimal_whole_digits": _("This number has too many digits."),
    "json_invalid": _("The request body is not valid JSON."),
    "invalid_characters": _("This text holds characters that are not allowed."),
}
_FALLBACK = _("Enter a valid value.")

#: Where ninja puts a parameter; left out of the field path.
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}


def field_path(loc: Iterable[Any]) -> str:
    """Return a dotted field path from a pydantic location, without its wrapper parts."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
        # Body parameters are wrapped in the view argument's name ("payload").
        if parts and parts[0] == "payload":
            parts = parts[1:]
    return ".".join(parts) or "__all__"


def validation_fields(problems: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Turn ninja/pydantic error dicts into translated messages per field."""
    fields: dict[str, list[str]] = {}
    for problem in problems:
        kind = str(problem.get("type", ""))
        if kind in {"too_short", "too_long"} and isinstance(problem.get("input"), str):
            kind = f"string_{kind}"  # a SecretStr reports its length like a list
        message = str(_MESSAGES.get(kind, _FALLBACK))
        messages = fields.setdefault(field_path(problem.get("loc", ())), [])
        if message not in messages:
            messages.append(message)
    return fields
