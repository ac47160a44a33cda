"""Signed checkpoints of the audit chain, kept outside the database.

The hash chain (``services.verify_chain``) catches edited, deleted and reordered
events, but not a cut tail: whoever can delete the newest events can also reset
the chain head. A checkpoint records ``(event_count, last_id, last_hash)`` at a
moment the chain verified, signed with HMAC-SHA256 under a key that is neither in
the database nor SECRET_KEY, in an append-only JSON-lines file outside the
database. Later, the checkpointed event must still be in the chain with the same
hash and the same number of events before it (ASVS 16.4.2; RFC 9162's signed
tree head, in its simplest form).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from rekisteri.audit.models import AuditEvent
from rekisteri.audit.services import GENESIS, verify_chain

CHECKPOINT_FILE = "checkpoints.jsonl"
_SIGNED_FIELDS = ("event_count", "last_id", "last_hash", "at")


@dataclass(frozen=True)
class CheckpointProblem:
    line: int
    problem: str


class CheckpointRefused(Exception):
    """A checkpoint is written only over a chain that verifies."""


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / CHECKPOINT_FILE


def checkpoint_key() -> bytes:
    """Return the checkpoint key: the setting, else a private key file made on first use."""
    raw = str(getattr(settings, "AUDIT_CHECKPOINT_KEY", "") or "")
    if not raw:
        path = Path(settings.KEYS_DIR) / "audit-checkpoint.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another process made it first
            else:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(base64.b64encode(secrets.token_bytes(32)).decode())
        raw = path.read_text(encoding="utf-8").strip()
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured("the audit checkpoint key is not valid base64") from exc
    if len(key) < 32:
        raise ImproperlyConfigured("the audit checkpoint key must be at least 256 bits")
    return key


def _signature(record: dict[str, object], key: bytes) -> str:
    body = json.dumps(
        {name: record.get(name) for name in _SIGNED_FIELDS},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def current_head() -> dict[str, object]:
    """Return the unsigned checkpoint of the chain as it is now."""
    with transaction.atomic():
        last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
        count = AuditEvent.objects.count()
    last_id, last_hash = last if last is not None else (0, GENESIS)
    return {
        "event_count": count,
        "last_id": last_id,
        "last_hash": last_hash,
        "at": timezone.now().isoformat(),
    }


def write_checkpoint() -> dict[str, object]:
    """Verify the chain and the earlier checkpoints, then append a signed checkpoint.

    Raises :class:`CheckpointRefused` when anything fails to verify: signing a
    tampered chain would bless the tampering.
    """
    problems = [p.problem for p in verify_chain()]
    problems += [p.problem for p in verify_against_checkpoints()]
    if problems:
        raise CheckpointRefused("; ".join(problems))
    record = current_head()
    record["hmac"] = _signature(record, checkpoint_key())
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    if created:
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    return record


def verify_against_checkpoints() -> list[CheckpointProblem]:
    """Report forged checkpoint lines and a chain that no longer reaches the newest checkpoint."""
    path = checkpoint_path()
    if not path.exists():
        return []
    key = checkpoint_key()
    problems: list[CheckpointProblem] = []
    newest: tuple[int, dict[str, object]] | None = None
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            signature = str(record["hmac"])
        except (ValueError, KeyError, TypeError):
            problems.append(CheckpointProblem(number, "checkpoint line is not readable"))
            continue
        if not hmac.compare_digest(signature, _signature(record, key)):
            problems.append(CheckpointProblem(number, "checkpoint signature does not match"))
            continue
        newest = (number, record)
    if newest is None:
        return problems
    number, record = newest
    try:
        last_id = int(str(record["last_id"]))
        count = int(str(record["event_count"]))
    except ValueError:
        problems.append(CheckpointProblem(number, "checkpoint line is not readable"))
        return problems
    if count == 0:
        return problems
    event_hash = AuditEvent.objects.filter(pk=last_id).values_list("hash", flat=True).first()
    if event_hash is None:
        problems.append(
            CheckpointProblem(number, f"event {last_id} of the checkpoint is missing (truncated)")
        )
    elif event_hash != record["last_hash"]:
        problems.append(
            CheckpointProblem(number, f"event {last_id} differs from the signed checkpoint")
        )
    actual = AuditEvent.objects.filter(pk__lte=last_id).count()
    if actual != count:
        problems.append(
            CheckpointProblem(
                number, f"{actual} events up to {last_id}; the checkpoint signed {count}"
            )
        )
    return problems
