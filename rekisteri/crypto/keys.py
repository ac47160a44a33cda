"""Encryption keys: where they live and how they are loaded.

Keys never live in the database and are never derived from Django's SECRET_KEY
(a leaked settings file must not unlock the data). They come from the
environment (``REKISTERI_FIELD_KEYS``, ``REKISTERI_INDEX_KEY``, each also as
``*_FILE``) or from files in the data directory's ``keys/`` folder, created on
first use with mode 0600.

A keyring is JSON: ``{"current": "k2", "keys": {"k1": "<base64>", "k2": "<base64>"}}``.
New values are encrypted under ``current``; older keys stay to read old values
until a rotation has re-encrypted everything.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Keyring:
    current: str
    keys: dict[str, bytes]

    def key(self, key_id: str) -> bytes:
        return self.keys[key_id]


_lock = threading.Lock()
_cache: dict[str, object] = {}


def write_synced_temporary(directory: Path, content: bytes, prefix: str) -> str:
    """Write ``content`` to a new private (0600) file in ``directory``, synced to disk.

    Returns its path; the caller publishes it (link or replace) and removes it.
    """
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=prefix)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def _write_private(path: Path, content: str) -> None:
    """Create ``path`` (mode 0600) with ``content`` unless another process already has.

    The key is written whole to a temporary file and then linked into place, so
    a process starting at the same moment never reads a half-written key, and
    the first writer wins: the loser's key is discarded, never used.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = write_synced_temporary(path.parent, content.encode("utf-8"), f".{path.name}.")
    try:
        with contextlib.suppress(FileExistsError):  # another process was first
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _parse_keyring(raw: str, origin: str) -> Keyring:
    try:
        data = json.loads(raw)
        keys = {str(k): base64.b64decode(v) for k, v in data["keys"].items()}
        current = str(data["current"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(f"{origin} is not a valid keyring") from exc
    if current not in keys or any(len(k) != 32 for k in keys.values()):
        raise ImproperlyConfigured(f"{origin}: the current key is missing or a key is not 256 bits")
    return Keyring(current=current, keys=keys)


def new_keyring_json(key_id: str = "k1") -> str:
    """Return the JSON of a fresh keyring with one random 256-bit key."""
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    return json.dumps({"current": key_id, "keys": {key_id: key}}, indent=2)


def field_keyring() -> Keyring:
    """Return the keyring for encrypted fields and files, creating it on first use."""
    with _lock:
        cached = _cache.get("fields")
        if isinstance(cached, Keyring):
            return cached
        raw = str(getattr(settings, "FIELD_KEYS", "") or "")
        origin = "REKISTERI_FIELD_KEYS"
        if not raw:
            path = Path(settings.KEYS_DIR) / "field-keys.json"
            origin = str(path)
            if not path.exists():
                _write_private(path, new_keyring_json())
            raw = path.read_text(encoding="utf-8")
        keyring = _parse_keyring(raw, origin)
        _cache["fields"] = keyring
        return keyring


def index_key() -> bytes:
    """Return the key of the subject index's keyed hashes, creating it on first use."""
    with _lock:
        cached = _cache.get("index")
        if isinstance(cached, bytes):
            return cached
        raw = str(getattr(settings, "INDEX_KEY", "") or "")
        if not raw:
            path = Path(settings.KEYS_DIR) / "index.key"
            if not path.exists():
                _write_private(path, base64.b64encode(secrets.token_bytes(32)).decode())
            raw = path.read_text(encoding="utf-8").strip()
        try:
            key = base64.b64decode(raw, validate=True)
        except ValueError as exc:
            raise ImproperlyConfigured("the index key is not valid base64") from exc
        if len(key) < 32:
            raise ImproperlyConfigured("the index key must be at least 256 bits")
        _cache["index"] = key
        return key


def clear_cache() -> None:
    """Forget loaded keys (after a rotation, and between tests)."""
    with _lock:
        _cache.clear()
