"""API keys: how they are made, stored and checked (pure functions, no database).

A key looks like ``rk_<prefix>_<secret>``: the prefix (8 characters) finds the
row, the secret is 32 random bytes (256 bits) from the operating system's
CSPRNG (``secrets``). Only the SHA-256 of the whole key is stored.

Why a plain SHA-256 and not Argon2: a slow, salted hash protects *passwords*,
which people choose from a small space and which an attacker who stole the
table could guess (OWASP ASVS 5.0 11.4.2). A 256-bit random key cannot be
guessed, so a fast one-way hash already makes a stolen table useless, and it
keeps every API call cheap (OWASP Password Storage Cheat Sheet: slow hashing is
for low-entropy secrets). The comparison is constant-time
(:func:`hmac.compare_digest`), so response times say nothing about the hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_PREFIX = "rk"
PREFIX_LENGTH = 8
SECRET_BYTES = 32
_PREFIX_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


@dataclass(frozen=True)
class NewKey:
    """A freshly made key: ``token`` is shown once; ``prefix`` and ``hash`` are stored."""

    token: str
    prefix: str
    hash: str


def hash_key(token: str) -> str:
    """Return the hex SHA-256 of a whole key."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def make_key() -> NewKey:
    """Return a new random key with its lookup prefix and hash."""
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))
    token = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return NewKey(token=token, prefix=prefix, hash=hash_key(token))


def prefix_of(token: str) -> str | None:
    """Return the lookup prefix of a well-formed key, or ``None`` for anything else."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    prefix, secret = parts[1], parts[2]
    if len(prefix) != PREFIX_LENGTH or any(c not in _PREFIX_ALPHABET for c in prefix):
        return None
    if not 40 <= len(secret) <= 64:
        return None
    return prefix


def matches(token: str, stored_hash: str) -> bool:
    """Whether ``token`` hashes to ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(hash_key(token), stored_hash)
