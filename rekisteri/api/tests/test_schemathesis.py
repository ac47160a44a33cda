"""Schemathesis against the OpenAPI schema: no 5xx, and every answer conforms to it.

Runs in-process through Django's WSGI handler with a key holding every scope,
a fixed seed and a bounded number of examples per operation (about 20–40 s on
two cores). Checks: not_a_server_error, status_code_conformance,
content_type_conformance, response_schema_conformance and
response_headers_conformance.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rekisteri.api import auth
from rekisteri.api.api import api
from rekisteri.api.services import issue_api_key
from rekisteri.api.tests.conftest import ALL_SCOPES
from rekisteri.throttle.services import Limit

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = WSGIHandler()

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def full_key(db: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # The per-key limit would answer 429 part-way through; 429 is tested elsewhere.
    monkeypatch.setattr(auth, "KEY_LIMIT", Limit("api:key", 100_000, 60))
    # As Django's test client does: a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield issue_api_key(None, name="schemathesis", scopes=list(ALL_SCOPES)).token
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.slow
@schema.parametrize()
@seed(20261126)
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_the_schema_and_never_fails_with_5xx(
    case: Any, full_key: str
) -> None:
    """Slow: about 300 generated calls, some of them hashing passwords with Argon2id."""
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {full_key}"}
    case.call_and_validate(checks=CHECKS)
