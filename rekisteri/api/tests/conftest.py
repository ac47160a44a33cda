"""Fixtures of the API tests: keys with chosen scopes and a client that sends them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from rekisteri.api.scopes import Scope
from rekisteri.api.services import issue_api_key

ALL_SCOPES = tuple(Scope.values)


class ApiClientWrapper:
    """A test client that sends one API key and JSON bodies."""

    def __init__(self, token: str, language: str = "en") -> None:
        self.client = Client()
        self.token = token
        self.language = language

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}", "Accept-Language": self.language}
        headers.update(extra or {})
        return headers

    def get(self, path: str, headers: dict[str, str] | None = None) -> Any:
        return self.client.get(path, headers=self._headers(headers))

    def post(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        import json

        body = data if isinstance(data, str | bytes) else json.dumps(data, default=str)
        return self.client.post(
            path, body, content_type="application/json", headers=self._headers(headers)
        )

    def patch(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        import json

        return self.client.patch(
            path, json.dumps(data), content_type="application/json", headers=self._headers(headers)
        )


@pytest.fixture
def api_for(db: Any) -> Callable[..., ApiClientWrapper]:
    """Return a client holding a new key with ``scopes`` (all of them by default)."""
    counter = {"n": 0}

    def make(*scopes: str, name: str | None = None, language: str = "en") -> ApiClientWrapper:
        counter["n"] += 1
        issued = issue_api_key(
            None, name=name or f"test-{counter['n']}", scopes=list(scopes or ALL_SCOPES)
        )
        wrapper = ApiClientWrapper(issued.token, language)
        wrapper.api_client = issued.client  # type: ignore[attr-defined]
        return wrapper

    return make


def order_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "lines": [{"product_name": "USB-C-laturi 65 W", "unit_price": "39.90", "quantity": 2}],
        "delivery": {
            "name": "Maija Meikäläinen",
            "street": "Kauppakatu 1",
            "postal_code": "40100",
            "city": "Jyväskylä",
        },
        "client_ip": "192.0.2.10",
        "email": "maija@example.com",
        "customer": {"first_name": "Maija", "last_name": "Meikäläinen"},
    }
    payload.update(overrides)
    return payload
