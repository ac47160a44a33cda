"""Encrypted staged import files on disk.

An uploaded file waits for review in ``settings.UPLOAD_DIR / "imports"`` under a
server-generated name, encrypted with the field keyring (AES-256-GCM, the same
file encryption as CVs) and bound to its name. It is written before its row is
committed (a failed transaction removes it) and removed after the row is
deleted (commit, cancel, or the retention purge; see ``signals.py``).
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from rekisteri.crypto.aead import decrypt_file_bytes, encrypt_file_bytes

_NAME_RE = re.compile(r"^[a-f0-9]{32}\.enc$")


def new_stored_name() -> str:
    return f"{secrets.token_hex(16)}.enc"


def is_stored_name(name: str) -> bool:
    return bool(_NAME_RE.match(name))


def staging_directory() -> Path:
    directory = Path(settings.UPLOAD_DIR) / "imports"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def file_context(stored_name: str) -> str:
    return f"imports.staged:{stored_name}"


def staged_path(stored_name: str) -> Path:
    if not is_stored_name(stored_name):
        raise ValueError("not a staged import name")
    return staging_directory() / stored_name


def write_staged(stored_name: str, plaintext: bytes) -> Path:
    """Encrypt ``plaintext`` to its stored name (0600, written atomically)."""
    target = staged_path(stored_name)
    blob = encrypt_file_bytes(plaintext, context=file_context(stored_name))
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def read_staged(stored_name: str) -> bytes:
    return decrypt_file_bytes(
        staged_path(stored_name).read_bytes(), context=file_context(stored_name)
    )


def remove_staged(stored_name: str) -> None:
    if is_stored_name(stored_name):
        staged_path(stored_name).unlink(missing_ok=True)


def remove_staged_on_commit(stored_name: str) -> None:
    """Remove the file once the current transaction commits (at once without one)."""
    if stored_name:
        transaction.on_commit(lambda: remove_staged(stored_name), robust=True)
