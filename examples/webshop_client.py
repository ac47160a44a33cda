#!/usr/bin/env python3
"""An example web-shop client of the rekisteri API, using only the standard library.

It places an order (sending it twice with the same Idempotency-Key, as a shop
would after a network error, to show that only one order is made), opens a
web-shop account, records a cookie-banner choice, and prints what it did.

    REKISTERI_URL      the server, default http://127.0.0.1:8000
    REKISTERI_API_KEY  the key; default: the file var/demo-api-key that
                       `make run` writes when it loads the demo data

Run it against `make run`:  python3 examples/webshop_client.py
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

BASE_URL = os.environ.get("REKISTERI_URL", "http://127.0.0.1:8000").rstrip("/")
if not BASE_URL.startswith(("http://", "https://")):
    sys.exit("REKISTERI_URL must start with http:// or https://")
DEMO_KEY_FILE = Path(__file__).resolve().parent.parent / "var" / "demo-api-key"


def api_key() -> str:
    key = os.environ.get("REKISTERI_API_KEY", "").strip()
    if key:
        return key
    try:
        return DEMO_KEY_FILE.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        sys.exit(f"Set REKISTERI_API_KEY, or run `make run` first to write {DEMO_KEY_FILE}.")


class ApiError(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        error = body.get("error", {})
        super().__init__(
            f"{status} {error.get('code')}: {error.get('message')} {error.get('fields') or ''}"
        )
        self.status = status
        self.body = body


def call(
    method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    """Send one JSON request; return (status, parsed body) or raise ApiError."""
    data = json.dumps(body).encode("utf-8") if body is not None else None
    url = f"{BASE_URL}/api/v1{path}"  # http(s) only, checked above
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310
    request.add_header("Authorization", f"Bearer {KEY}")
    request.add_header("Accept", "application/json")
    request.add_header("Accept-Language", "en")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        payload = exc.read()
        try:
            parsed = json.loads(payload)
        except ValueError:
            parsed = {"error": {"code": "http", "message": payload[:200].decode(errors="replace")}}
        raise ApiError(exc.code, parsed) from None


KEY = api_key()


def place_order() -> dict[str, Any]:
    order = {
        "customer": {"first_name": "Aino", "last_name": "Esimerkki"},
        "email": "aino.esimerkki@example.com",
        "phone": "040 123 4567",
        "client_ip": "203.0.113.45",
        "lines": [
            {"product_name": 'Kannettava tietokone 14"', "sku": "LT-14", "unit_price": "899.00"},
            {
                "product_name": "USB-C-telakka",
                "sku": "DOCK-C",
                "unit_price": "149.90",
                "quantity": 1,
            },
        ],
        "delivery": {
            "name": "Aino Esimerkki",
            "street": "Kauppakatu 12 B 4",
            "postal_code": "40100",
            "city": "Jyväskylä",
        },
        "shipping_amount": "9.90",
    }
    idempotency_key = str(uuid.uuid4())
    status, first = call("POST", "/orders", order, {"Idempotency-Key": idempotency_key})
    total = first["total_amount"]
    print(f"Placed order {first['number']} ({first['reference']}), {total} EUR: HTTP {status}")
    # The shop did not hear the answer and sends the same order again with the same key.
    status, again = call("POST", "/orders", order, {"Idempotency-Key": idempotency_key})
    same = again["reference"] == first["reference"]
    outcome = "the same order" if same else "A SECOND ORDER"
    print(f"Retried with the same Idempotency-Key: HTTP {status}, {outcome} {again['number']}")
    if not same:
        sys.exit("Idempotency failed: the retry created a second order.")
    return dict(first)


def create_account() -> dict[str, Any]:
    username = f"aino-{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(16)  # sent once over TLS; hashed by the server, never returned
    status, account = call(
        "POST",
        "/accounts",
        {
            "username": username,
            "email": "aino.esimerkki@example.com",
            "password": password,
            "first_name": "Aino",
            "last_name": "Esimerkki",
        },
    )
    print(f"Opened web-shop account {account['username']} ({account['reference']}): HTTP {status}")
    return dict(account)


def record_cookie_choice(account: dict[str, Any]) -> dict[str, Any]:
    status, choice = call(
        "POST",
        "/cookie-choices",
        {
            "banner_version": "2026-01",
            "choices": {"analytics": True, "marketing": False},
            "account": account["reference"],
        },
    )
    chosen = ", ".join(
        f"{purpose}={'yes' if on else 'no'}" for purpose, on in choice["choices"].items()
    )
    print(f"Recorded cookie choice {choice['reference']} ({chosen}): HTTP {status}")
    return dict(choice)


def main() -> int:
    print(f"rekisteri web-shop client → {BASE_URL}")
    try:
        place_order()
        account = create_account()
        record_cookie_choice(account)
    except ApiError as exc:
        print(f"The API refused: {exc}", file=sys.stderr)
        return 1
    except urllib.error.URLError as exc:
        print(f"Could not reach {BASE_URL}: {exc.reason}", file=sys.stderr)
        return 1
    print("Done.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
