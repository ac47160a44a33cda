"""The encrypted CV files on disk.

Files live in ``settings.UPLOAD_DIR / "cv"`` (outside any web root; they are
served only through the authorised download view) under server-generated
names. Each file is encrypted with the field keyring (AES-256-GCM) and bound to
its own name, so a file copied under another name does not decrypt.

A database transaction cannot include a file, so writes come in two steps: the
encrypted bytes are written to a hidden staging file inside the transaction (a
failure there rolls the transaction back), and the staging file is renamed to
its final name only when the transaction commits (``os.replace`` is atomic). A
rolled-back use case discards its staging file; nothing half-written is ever
visible under a stored name. Removals also wait for the commit.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

from rekisteri.crypto.aead import decrypt_file_bytes, encrypt_file_bytes
from rekisteri.registers.recruiting.policies import is_stored_name

logger = logging.getLogger(__name__)

_STAGING_PREFIX = ".staged-"
_STAGING_SUFFIX = ".part"


def cv_directory() -> Path:
    """Return the CV directory, creating it private (0700) when missing."""
    directory = Path(settings.UPLOAD_DIR) / "cv"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def cv_context(stored_name: str) -> str:
    """The associated data that binds a file's ciphertext to its stored name."""
    return f"recruiting.cv:{stored_name}"


def cv_path(stored_name: str) -> Path:
    """Return the path of a stored CV; refuse anything but a generated name."""
    if not is_stored_name(stored_name):
        raise ValueError("not a stored CV name")
    return cv_directory() / stored_name


def stage_cv(stored_name: str, plaintext: bytes) -> Path:
    """Encrypt ``plaintext`` into a private (0600) staging file and return its path."""
    target = cv_path(stored_name)
    blob = encrypt_file_bytes(plaintext, context=cv_context(stored_name))
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=_STAGING_PREFIX, suffix=_STAGING_SUFFIX
    )
    staged = Path(temporary)
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged


def publish_cv(staged: Path, stored_name: str) -> None:
    """Move a staging file to its stored name (atomic within the directory)."""
    target = cv_path(stored_name)
    os.replace(staged, target)
    _sync_directory(target.parent)


def discard_staged(staged: Path) -> None:
    staged.unlink(missing_ok=True)


def stage_cv_until_commit(stored_name: str, plaintext: bytes) -> Path:
    """Stage a CV and publish it when the current transaction commits.

    Call inside ``transaction.atomic``. The caller discards the returned staging
    file if its atomic block fails; a rollback of the savepoint also drops the
    publish callback.
    """
    staged = stage_cv(stored_name, plaintext)
    transaction.on_commit(lambda: publish_cv(staged, stored_name), robust=True)
    return staged


def read_cv(stored_name: str) -> bytes:
    """Return the decrypted bytes of a stored CV (``FileNotFoundError`` when missing)."""
    return decrypt_file_bytes(cv_path(stored_name).read_bytes(), context=cv_context(stored_name))


def remove_cv(stored_name: str) -> None:
    """Delete a stored CV file; a missing file or an invalid name is not an error."""
    if not is_stored_name(stored_name):
        return
    path = cv_path(stored_name)
    path.unlink(missing_ok=True)
    _sync_directory(path.parent)


def remove_cv_on_commit(stored_name: str) -> None:
    """Delete a stored CV once the current transaction commits (immediately without one)."""
    if stored_name:
        transaction.on_commit(lambda: remove_cv(stored_name), robust=True)


def remove_stale_staging_files(older_than: dt.timedelta = dt.timedelta(hours=1)) -> int:
    """Delete staging files left by transactions rolled back after the CV step.

    A staging file belongs to no record; once older than any transaction could
    be, it is garbage. Returns how many were removed.
    """
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in cv_directory().glob(f"{_STAGING_PREFIX}*{_STAGING_SUFFIX}"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def remove_orphaned_cv_files() -> int:
    """Delete stored CV files that no application refers to; returns how many.

    The directory is listed before the rows are read: a file is published only
    after its row has committed, so a listed file that no committed row names is
    left over (a crash between an erasure's commit and the file's removal).
    Staging files are not touched here (``remove_stale_staging_files``).
    """
    from rekisteri.registers.recruiting.models import JobApplication

    directory = cv_directory()
    stored = [p for p in directory.iterdir() if p.is_file() and is_stored_name(p.name)]
    if not stored:
        return 0
    referenced = set(
        JobApplication._base_manager.filter(
            cv_stored_name__in=[p.name for p in stored]
        ).values_list("cv_stored_name", flat=True)
    )
    removed = 0
    for path in stored:
        if path.name not in referenced:
            path.unlink(missing_ok=True)
            removed += 1
    if removed:
        _sync_directory(directory)
    return removed


def _sync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory descriptors
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        logger.debug("could not fsync %s", directory)
    finally:
        os.close(descriptor)
