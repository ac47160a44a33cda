"""API keys: format, hashing, issuing, revoking and the command (no HTTP here)."""

from __future__ import annotations

import stat
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rekisteri.api import keys
from rekisteri.api.demo import DEMO_CLIENT, issue_demo_key
from rekisteri.api.models import ApiClient
from rekisteri.api.services import ApiKeyError, client_for_key, issue_api_key, revoke_api_key
from rekisteri.audit.models import AuditEvent, EventType


def test_a_new_key_has_256_random_bits_and_only_its_hash_is_kept() -> None:
    new = keys.make_key()
    assert new.token.startswith(f"rk_{new.prefix}_")
    secret = new.token.split("_", 2)[2]
    assert len(secret) >= 43  # 32 bytes in URL-safe base64
    assert new.hash == keys.hash_key(new.token)
    assert new.token not in new.hash
    assert keys.make_key().token != new.token


@pytest.mark.parametrize(
    "token",
    ["", "rk_", "xx_abcdefgh_" + "a" * 43, "rk_ABCDEFGH_" + "a" * 43, "rk_abcdefgh_short", "rk"],
)
def test_malformed_keys_have_no_prefix(token: str) -> None:
    assert keys.prefix_of(token) is None


def test_a_key_matches_only_its_own_hash() -> None:
    new = keys.make_key()
    assert keys.matches(new.token, new.hash)
    assert not keys.matches(new.token + "x", new.hash)


@pytest.mark.django_db
def test_issuing_a_key_stores_the_hash_and_audits_the_client_name(administrator) -> None:
    issued = issue_api_key(administrator, name="Webshop", scopes=["webshop:write"])
    client = ApiClient.objects.get()
    assert client.name == "webshop"
    assert client.key_hash == keys.hash_key(issued.token)
    assert issued.token not in str(ApiClient.objects.values().get())
    event = AuditEvent.objects.get(type=EventType.API_KEY_CREATED)
    assert event.actor_label == "owner"
    assert event.target_ref == "api:webshop"
    assert issued.token not in event.reason
    assert client_for_key(issued.token) == client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "scopes"),
    [
        ("webshop", []),
        ("webshop", ["orders:write"]),
        ("x", ["webshop:write"]),
        ("a b", ["people:read"]),
    ],
)
def test_issuing_refuses_bad_names_and_scopes(name: str, scopes: list[str]) -> None:
    with pytest.raises(ApiKeyError):
        issue_api_key(None, name=name, scopes=scopes)


@pytest.mark.django_db
def test_a_revoked_key_stops_at_once_and_its_name_can_be_reused() -> None:
    issued = issue_api_key(None, name="crm", scopes=["people:read"])
    revoke_api_key(None, issued.client)
    assert client_for_key(issued.token) is None
    assert AuditEvent.objects.filter(type=EventType.API_KEY_REVOKED, target_ref="api:crm").exists()
    with pytest.raises(ApiKeyError):
        revoke_api_key(None, issued.client)
    again = issue_api_key(None, name="crm", scopes=["people:read"])
    assert client_for_key(again.token) == again.client
    with pytest.raises(ApiKeyError):
        issue_api_key(None, name="crm", scopes=["people:read"])


@pytest.mark.django_db
def test_the_command_creates_lists_and_revokes_keys() -> None:
    out = StringIO()
    call_command(
        "api_key", "create", "crm", "--scope", "people:read", "--scope", "records:read", stdout=out
    )
    token = out.getvalue().strip().splitlines()[-1]
    assert client_for_key(token) is not None
    listing = StringIO()
    call_command("api_key", "list", stdout=listing)
    assert "crm" in listing.getvalue()
    assert "people:read records:read" in listing.getvalue()
    assert token not in listing.getvalue()
    call_command("api_key", "revoke", "crm", stdout=StringIO())
    assert client_for_key(token) is None
    with pytest.raises(CommandError):
        call_command("api_key", "revoke", "crm", stdout=StringIO())


@pytest.mark.django_db
def test_the_demo_key_is_written_to_a_private_file(tmp_path) -> None:
    path = tmp_path / "demo-api-key"
    token = issue_demo_key(path)
    assert path.read_text().strip() == token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    client = client_for_key(token)
    assert client is not None
    assert client.name == DEMO_CLIENT
    assert issue_demo_key(path) == token  # kept while the file holds the active key
    path.unlink()
    assert issue_demo_key(path) != token  # a lost file gets a new key, the old one revoked
    assert client_for_key(token) is None
