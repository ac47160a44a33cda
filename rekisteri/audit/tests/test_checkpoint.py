"""Signed checkpoints outside the database catch what the chain alone cannot: a cut tail."""

from __future__ import annotations

import json
import stat

import pytest

from rekisteri.audit.checkpoint import (
    CheckpointRefused,
    checkpoint_path,
    verify_against_checkpoints,
    write_checkpoint,
)
from rekisteri.audit.models import AuditEvent, ChainHead, EventType
from rekisteri.audit.services import record_event, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_dirs(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.KEYS_DIR = tmp_path / "keys"
    settings.AUDIT_CHECKPOINT_KEY = ""


def _events(actor, count=5):
    for number in range(count):
        record_event(actor, EventType.RECORD_VIEWED, target_ref=f"X-{number}")


def test_a_checkpoint_is_signed_and_private(clerk):
    _events(clerk)
    record = write_checkpoint()
    newest = AuditEvent.objects.order_by("-id").first()
    assert newest is not None
    assert record["event_count"] == 5
    assert record["last_id"] == newest.pk
    assert record["last_hash"] == newest.hash
    path = checkpoint_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    key_file = path.parent.parent / "keys" / "audit-checkpoint.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert json.loads(path.read_text().splitlines()[0])["hmac"] == record["hmac"]


def test_a_clean_chain_passes_and_may_grow_after_a_checkpoint(clerk):
    _events(clerk)
    write_checkpoint()
    _events(clerk, 2)
    assert verify_chain() == []
    assert verify_against_checkpoints() == []


def test_a_truncated_tail_with_a_reset_head_is_caught_only_by_the_checkpoint(clerk):
    _events(clerk)
    write_checkpoint()
    ordered = list(AuditEvent.objects.order_by("id"))
    AuditEvent.objects.filter(pk__in=[e.pk for e in ordered[-2:]])._raw_delete(
        AuditEvent.objects.db
    )
    ChainHead.objects.filter(pk=1).update(last_hash=ordered[-3].hash)
    assert verify_chain() == []
    problems = verify_against_checkpoints()
    assert any("missing" in p.problem for p in problems)


def test_a_truncated_then_regrown_log_is_caught(clerk):
    _events(clerk)
    write_checkpoint()
    ordered = list(AuditEvent.objects.order_by("id"))
    AuditEvent.objects.filter(pk__in=[e.pk for e in ordered[-2:]])._raw_delete(
        AuditEvent.objects.db
    )
    ChainHead.objects.filter(pk=1).update(last_hash=ordered[-3].hash)
    _events(clerk, 3)  # the attacker's replacement events
    assert verify_chain() == []
    assert verify_against_checkpoints()


def test_a_forged_checkpoint_line_is_reported(clerk):
    _events(clerk)
    write_checkpoint()
    path = checkpoint_path()
    record = json.loads(path.read_text().splitlines()[0])
    record["event_count"] = 2
    with path.open("a") as handle:
        handle.write(json.dumps(record) + "\n")
    problems = verify_against_checkpoints()
    assert [(p.line, p.problem) for p in problems] == [(2, "checkpoint signature does not match")]


def test_a_checkpoint_is_refused_over_a_broken_chain(clerk):
    _events(clerk)
    middle = AuditEvent.objects.order_by("id")[2]
    AuditEvent.objects.filter(pk=middle.pk).update(reason="edited")
    with pytest.raises(CheckpointRefused):
        write_checkpoint()
    assert not checkpoint_path().exists()


def test_the_checkpoint_key_is_never_the_secret_key(settings, clerk):
    from rekisteri.audit.checkpoint import checkpoint_key

    assert settings.SECRET_KEY.encode() not in checkpoint_key()
    assert len(checkpoint_key()) == 32
