"""Cookies and security headers under production settings (ASVS 5.0 3.3.1-3.3.4, 3.4.1-3.4.6).

The production settings are computed from the environment at import, so a child
process imports them with a production environment (DEBUG off, HTTPS on), logs
in through the real login page and reports the cookies and headers it got.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from django.test import Client
User.objects.create_user("maija", password="kesä-aamu-kahvi-7")
client = Client(HTTP_HOST="rekisteri.example.fi")
page = client.get("/accounts/login/", secure=True)
login = client.post(
    "/accounts/login/",
    {"username": "maija", "password": "kesä-aamu-kahvi-7",
     "csrfmiddlewaretoken": page.cookies["__Host-csrftoken"].value},
    secure=True, HTTP_REFERER="https://rekisteri.example.fi/accounts/login/",
)
plain = Client(HTTP_HOST="rekisteri.example.fi").get("/accounts/login/")
cookies = {
    name: {key: morsel[key] for key in ("secure", "httponly", "samesite", "path", "domain")}
    for name, morsel in {**page.cookies, **login.cookies}.items()
}
print(json.dumps({
    "login_status": login.status_code,
    "cookies": cookies,
    "headers": dict(page.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict[str, Any]:
    """Slow: a child process migrates a fresh SQLite database (about 5 s)."""
    data_dir = tmp_path_factory.mktemp("production")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("REKISTERI_")
        and key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "rekisteri.config.settings",
            "REKISTERI_DEBUG": "0",
            "REKISTERI_SECRET_KEY": secrets.token_urlsafe(50),
            "REKISTERI_DATA_DIR": str(data_dir),
            "REKISTERI_ALLOWED_HOSTS": "rekisteri.example.fi",
        }
    )
    result = subprocess.run(  # noqa: S603 (the child's code is the constant above)
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


pytestmark = pytest.mark.slow


def test_login_works_and_sets_host_prefixed_secure_cookies(production):
    assert production["login_status"] == 302
    session = production["cookies"]["__Host-sessionid"]
    csrf = production["cookies"]["__Host-csrftoken"]
    for cookie in (session, csrf):
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""  # __Host- cookies may not name a domain
        assert cookie["samesite"] == "Lax"
    assert session["httponly"] is True


def test_plain_http_is_redirected_to_https(production):
    assert production["plain_status"] == 301
    assert production["plain_location"].startswith("https://rekisteri.example.fi/")


def test_the_security_headers_are_sent(production):
    headers = {k.lower(): v for k, v in production["headers"].items()}
    csp = headers["content-security-policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert "no-store" in headers.get("cache-control", "") or "private" in headers.get(
        "cache-control", ""
    )
