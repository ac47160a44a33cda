"""Authenticated encryption of values and files (AES-256-GCM).

A token is ``v1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>``; the key id lets old
values be read after a rotation. A 96-bit random nonce is drawn per encryption.
Decrypting with a wrong or missing key, or a tampered token, raises
:class:`DecryptionError`: ciphertext is never returned as if it were data.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.views.decorators.debug import sensitive_variables

from rekisteri.crypto.keys import Keyring, field_keyring

PREFIX = "v1"
_FILE_MAGIC = b"RKENC1\n"


class DecryptionError(Exception):
    """The value cannot be decrypted with the keys at hand."""


def encrypt_bytes(
    plaintext: bytes, *, context: bytes, keyring: Keyring | None = None
) -> tuple[str, bytes]:
    """Encrypt ``plaintext`` bound to ``context`` (associated data); return (key id, blob)."""
    ring = keyring or field_keyring()
    nonce = secrets.token_bytes(12)
    blob = nonce + AESGCM(ring.key(ring.current)).encrypt(nonce, plaintext, context)
    return ring.current, blob


def decrypt_bytes(
    key_id: str, blob: bytes, *, context: bytes, keyring: Keyring | None = None
) -> bytes:
    """Decrypt a blob made by :func:`encrypt_bytes`."""
    ring = keyring or field_keyring()
    if key_id not in ring.keys:
        raise DecryptionError(f"key {key_id!r} is not in the keyring")
    if len(blob) < 12 + 16:
        raise DecryptionError("ciphertext is truncated")
    try:
        return AESGCM(ring.key(key_id)).decrypt(blob[:12], blob[12:], context)
    except InvalidTag as exc:
        raise DecryptionError("ciphertext does not authenticate (wrong key or tampered)") from exc


@sensitive_variables("plaintext")
def encrypt_text(plaintext: str, *, context: str) -> str:
    """Encrypt a string into a storable token."""
    key_id, blob = encrypt_bytes(plaintext.encode("utf-8"), context=context.encode())
    return f"{PREFIX}:{key_id}:{base64.b64encode(blob).decode('ascii')}"


def decrypt_text(token: str, *, context: str) -> str:
    """Decrypt a token made by :func:`encrypt_text`."""
    try:
        prefix, key_id, body = token.split(":", 2)
        blob = base64.b64decode(body, validate=True)
    except ValueError as exc:
        raise DecryptionError("value is not an encrypted token") from exc
    if prefix != PREFIX:
        raise DecryptionError(f"unknown token version {prefix!r}")
    return decrypt_bytes(key_id, blob, context=context.encode()).decode("utf-8")


def token_key_id(token: str) -> str:
    """Return the key id a token was encrypted under (for rotation)."""
    return token.split(":", 2)[1]


def encrypt_file_bytes(plaintext: bytes, *, context: str) -> bytes:
    """Return the on-disk form of an encrypted file."""
    key_id, blob = encrypt_bytes(plaintext, context=context.encode())
    return _FILE_MAGIC + key_id.encode("ascii") + b"\n" + blob


def decrypt_file_bytes(data: bytes, *, context: str) -> bytes:
    """Return the plaintext of an encrypted file."""
    if not data.startswith(_FILE_MAGIC):
        raise DecryptionError("file is not an encrypted upload")
    header, _sep, blob = data[len(_FILE_MAGIC) :].partition(b"\n")
    return decrypt_bytes(header.decode("ascii"), blob, context=context.encode())
