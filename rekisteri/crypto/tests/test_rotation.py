"""Key rotation re-encrypts every field and file; wrong keys fail closed."""

from __future__ import annotations

import base64
import json
import stat
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from rekisteri.crypto import keys
from rekisteri.crypto.aead import DecryptionError, decrypt_text, encrypt_text, token_key_id
from rekisteri.crypto.rotation import file_key_id, keyring_path
from rekisteri.registers.recruiting.storage import cv_path, publish_cv, read_cv, stage_cv
from rekisteri.registers.service.models import DeviceCredential
from rekisteri.registers.service.tests.factories import make_credential

pytestmark = pytest.mark.django_db

CV_NAME = "0123456789abcdef0123456789abcdef.pdf"


@pytest.fixture(autouse=True)
def _private_keyring(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.FIELD_KEYS = ""
    keys.clear_cache()


def _raw_secrets() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM service_devicecredential ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def _rotate(*options: str) -> str:
    out = StringIO()
    call_command("rotate_keys", *options, stdout=out, stderr=out)
    keys.clear_cache()
    return out.getvalue()


@pytest.fixture
def dataset():
    credentials = [make_credential(secret=f"salasana-{n}") for n in range(3)]
    publish_cv(stage_cv(CV_NAME, b"%PDF-1.7 CV of Maija"), CV_NAME)
    return credentials


def test_rotation_re_encrypts_values_and_files(dataset):
    assert {token_key_id(t) for t in _raw_secrets()} == {"k1"}
    assert file_key_id(cv_path(CV_NAME).read_bytes()) == "k1"

    output = _rotate()

    assert "New current key: k2" in output
    assert {token_key_id(t) for t in _raw_secrets()} == {"k2"}
    secrets = sorted(c.secret for c in DeviceCredential.objects.all())
    assert secrets == ["salasana-0", "salasana-1", "salasana-2"]
    assert file_key_id(cv_path(CV_NAME).read_bytes()) == "k2"
    assert read_cv(CV_NAME) == b"%PDF-1.7 CV of Maija"
    assert stat.S_IMODE(cv_path(CV_NAME).stat().st_mode) == 0o600
    assert set(json.loads(keyring_path().read_text())["keys"]) == {"k1", "k2"}


def test_a_re_run_changes_nothing(dataset):
    _rotate()
    before = _raw_secrets()
    file_before = cv_path(CV_NAME).read_bytes()
    assert "Re-encrypted 0 values and 0 files" in _rotate("--no-new-key")
    assert _raw_secrets() == before
    assert cv_path(CV_NAME).read_bytes() == file_before


def test_old_keys_are_retired_only_when_unused(dataset):
    _rotate()
    assert "Retired keys: k1." in _rotate("--retire-old")
    ring = json.loads(keyring_path().read_text())
    assert ring == {"current": "k2", "keys": {"k2": ring["keys"]["k2"]}}
    assert sorted(c.secret for c in DeviceCredential.objects.all())[0] == "salasana-0"
    assert stat.S_IMODE(keyring_path().stat().st_mode) == 0o600


def test_a_key_still_used_is_not_retired(dataset):
    keys.field_keyring()
    from rekisteri.crypto.rotation import add_key

    add_key()  # a new key, but nothing re-encrypted yet
    keys.clear_cache()
    assert "Retired keys: none." in _rotate("--retire-old")
    assert set(json.loads(keyring_path().read_text())["keys"]) == {"k1", "k2"}


def test_an_environment_keyring_is_refused(settings):
    settings.FIELD_KEYS = keys.new_keyring_json()
    with pytest.raises(CommandError, match="REKISTERI_FIELD_KEYS"):
        _rotate()


def test_a_flipped_byte_raises_instead_of_returning_ciphertext():
    token = encrypt_text("ZQXJ-DevicePass-123", context="service.devicecredential.secret")
    prefix, key_id, body = token.split(":", 2)
    blob = bytearray(base64.b64decode(body))
    blob[20] ^= 0x01
    tampered = f"{prefix}:{key_id}:{base64.b64encode(bytes(blob)).decode()}"
    with pytest.raises(DecryptionError):
        decrypt_text(tampered, context="service.devicecredential.secret")


def test_an_unknown_key_id_raises():
    token = encrypt_text("ZQXJ-DevicePass-123", context="x.y")
    _prefix, _key_id, body = token.split(":", 2)
    with pytest.raises(DecryptionError, match="not in the keyring"):
        decrypt_text(f"v1:k99:{body}", context="x.y")


def test_a_wrong_key_with_the_same_id_raises(dataset):
    keyring_path().write_text(keys.new_keyring_json("k1"))
    keys.clear_cache()
    with pytest.raises(DecryptionError):
        list(DeviceCredential.objects.values_list("secret", flat=True))
