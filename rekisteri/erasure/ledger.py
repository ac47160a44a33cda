"""The erasure ledger: an append-only file, outside the database, of every erasure.

A restore brings back a database as it was; the ledger outlives every backup so
that ``rekisteri restore`` and ``rekisteri reapply-erasures`` can erase again
whatever a backup brings back (peers.md section 2 row 15; security.md section
3.4; legal.md section 4 row 28). It therefore lives outside the database and
outside the backups: ``ERASURE_LEDGER_DIR`` (default ``DATA_DIR/ledger``),
directory 0700, file ``erasures.jsonl`` 0600, one JSON object per line, each
write flushed and fsynced before the erasure commits.

A line holds no personal data: records are named by model label and id, and
anything that could single out a person — the opaque references used to check
that a record id still means the same record, the erased e-mails, phones and
identity codes — is a keyed hash (HMAC-SHA256) under the ledger key. That key
is neither in the database nor derived from SECRET_KEY: ``REKISTERI_LEDGER_KEY``
(``LEDGER_KEY``) or ``KEYS_DIR/ledger.key``, created 0600 on first use, beside
the field keys. Each line carries its sequence number and the SHA-256 of the
line before it, so a removed or edited line is detected.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

LEDGER_FILE = "erasures.jsonl"
KEY_FILE = "ledger.key"
FORMAT_VERSION = 1
GENESIS = "0" * 64


def ledger_dir() -> Path:
    """Return the ledger's directory (``ERASURE_LEDGER_DIR`` or ``DATA_DIR/ledger``)."""
    configured = getattr(settings, "ERASURE_LEDGER_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "ledger"


def ledger_path() -> Path:
    return ledger_dir() / LEDGER_FILE


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def ledger_key() -> bytes:
    """Return the ledger's HMAC key, creating ``KEYS_DIR/ledger.key`` (0600) on first use."""
    raw = str(getattr(settings, "LEDGER_KEY", "") or "")
    if not raw:
        path = _private_dir(Path(settings.KEYS_DIR)) / KEY_FILE
        if not path.exists():
            with contextlib.suppress(FileExistsError):  # another process made it first
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                    handle.write(base64.b64encode(secrets.token_bytes(32)).decode())
                    handle.flush()
                    os.fsync(handle.fileno())
        raw = path.read_text(encoding="utf-8").strip()
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured("the ledger key is not valid base64") from exc
    if len(key) < 32:
        raise ImproperlyConfigured("the ledger key must be at least 256 bits")
    return key


def keyed_hash(kind: str, value: str) -> str:
    """Return the ledger's keyed hash of ``value`` (a reference or an identifier)."""
    message = f"{kind}\x1f{value}".encode()
    return hmac.new(ledger_key(), message, hashlib.sha256).hexdigest()


def _line_digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def _sync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _locked_for_append() -> Iterator[int]:
    directory = _private_dir(ledger_dir())
    path = directory / LEDGER_FILE
    created = not path.exists()
    descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        if created:
            _sync_directory(directory)
        yield descriptor
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)


def _last_line(descriptor: int) -> str:
    """Return the file's last complete line ("" when empty), read from the end."""
    size = os.fstat(descriptor).st_size
    if size == 0:
        return ""
    block = 4096
    data = b""
    position = size
    while position > 0:
        step = min(block, position)
        position -= step
        data = os.pread(descriptor, step, position) + data
        stripped = data.rstrip(b"\n")
        if b"\n" in stripped:
            return stripped.rsplit(b"\n", 1)[1].decode("utf-8")
    return data.rstrip(b"\n").decode("utf-8")


def append(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Append one entry with its sequence number and chain hash; fsynced before returning.

    Call it as the last step inside the erasure's transaction: if the commit
    then fails, the caller appends an ``erasure.revoked`` line for the plan.
    """
    with _locked_for_append() as descriptor:
        last = _last_line(descriptor)
        if last:
            previous = json.loads(last)
            seq = int(previous.get("seq", 0)) + 1
            prev = _line_digest(last)
        else:
            seq, prev = 1, GENESIS
        body = {**entry, "v": FORMAT_VERSION, "seq": seq, "prev": prev}
        line = json.dumps(body, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        os.write(descriptor, (line + "\n").encode("utf-8"))
        os.fsync(descriptor)
    return body


@dataclass(frozen=True)
class LedgerProblem:
    line: int
    problem: str


def read_entries() -> tuple[list[dict[str, Any]], list[LedgerProblem]]:
    """Return every entry in order and the problems found in the chain (none: intact)."""
    path = ledger_path()
    if not path.exists():
        return [], []
    entries: list[dict[str, Any]] = []
    problems: list[LedgerProblem] = []
    prev = GENESIS
    expected_seq = 1
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n")
            if not line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                problems.append(LedgerProblem(number, "not JSON"))
                continue
            if not isinstance(entry, dict):
                problems.append(LedgerProblem(number, "not an object"))
                continue
            if entry.get("prev") != prev:
                problems.append(LedgerProblem(number, "previous hash does not match"))
            if entry.get("seq") != expected_seq:
                problems.append(LedgerProblem(number, "sequence number out of order"))
            prev = _line_digest(line)
            expected_seq = int(entry.get("seq", expected_seq)) + 1
            entries.append(entry)
    return entries, problems


def last_sequence() -> int:
    """Return the sequence number of the newest entry (0 when the ledger is empty)."""
    path = ledger_path()
    if not path.exists():
        return 0
    descriptor = os.open(path, os.O_RDONLY)
    try:
        last = _last_line(descriptor)
    finally:
        os.close(descriptor)
    return int(json.loads(last).get("seq", 0)) if last else 0


def is_erased_identifier(kind: str, normalised_value: str) -> bool:
    """Whether an erased person's identifier had this normalised value (reads the whole ledger)."""
    wanted = keyed_hash(kind, normalised_value)
    entries, _problems = read_entries()
    return any(wanted in entry.get("identifiers", []) for entry in entries)
