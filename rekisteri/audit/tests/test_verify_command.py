"""``rekisteri audit verify`` finds every kind of tampering and passes a clean log."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rekisteri.audit.checkpoint import checkpoint_path
from rekisteri.audit.models import AuditEvent, ChainHead, EventType
from rekisteri.audit.services import record_event

pytestmark = pytest.mark.django_db

_CONTENT = ("at", "actor_id", "actor_label", "type", "target_ref", "fields", "reason")


@pytest.fixture(autouse=True)
def _private_dirs(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.KEYS_DIR = tmp_path / "keys"
    settings.AUDIT_CHECKPOINT_KEY = ""


@pytest.fixture
def events(clerk):
    for number in range(5):
        record_event(clerk, EventType.RECORD_VIEWED, target_ref=f"X-{number}", fields=["email"])
    return list(AuditEvent.objects.order_by("id"))


def _verify(*options):
    out = StringIO()
    call_command("audit", "verify", *options, stdout=out)
    return out.getvalue()


def _verify_fails(*options):
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify", *options, stdout=out)
    assert caught.value.returncode == 1
    return out.getvalue()


def test_a_clean_log_verifies_and_gets_a_checkpoint(events):
    assert "verifies" in _verify("--checkpoint")
    assert len(checkpoint_path().read_text().splitlines()) == 1
    result = json.loads(_verify("--json"))
    assert result == {"ok": True, "problems": [], "checkpoint": None}


def test_an_edited_event_is_found(events):
    AuditEvent.objects.filter(pk=events[2].pk).update(actor_label="someone-else")
    assert f"event {events[2].pk}: content does not match" in _verify_fails()


def test_a_deleted_event_is_found(events):
    AuditEvent.objects.filter(pk=events[2].pk)._raw_delete(AuditEvent.objects.db)
    assert f"event {events[3].pk}: previous hash does not match" in _verify_fails()


def test_reordered_events_are_found(events):
    first, second = events[1], events[2]
    AuditEvent.objects.filter(pk=first.pk).update(hash="swap")
    for target, source in ((second, first), (first, second)):
        AuditEvent.objects.filter(pk=target.pk).update(
            prev_hash=source.prev_hash,
            hash=source.hash,
            **{name: getattr(source, name) for name in _CONTENT},
        )
    result = json.loads(_verify_fails("--json"))
    assert result["ok"] is False
    assert {"where": f"event {first.pk}", "problem": "previous hash does not match"} in result[
        "problems"
    ]


def test_a_truncated_tail_is_found_through_the_checkpoint(events):
    _verify("--checkpoint")
    AuditEvent.objects.filter(pk__in=[e.pk for e in events[-2:]])._raw_delete(AuditEvent.objects.db)
    ChainHead.objects.filter(pk=1).update(last_hash=events[-3].hash)
    output = _verify_fails()
    assert "truncated" in output
    assert "event " not in output.split("line", 1)[0]  # the chain alone saw nothing


def test_a_forged_checkpoint_line_is_found(events):
    _verify("--checkpoint")
    path = checkpoint_path()
    record = json.loads(path.read_text())
    record["last_id"] = events[0].pk
    path.write_text(path.read_text() + json.dumps(record) + "\n")
    assert "line 2: checkpoint signature does not match" in _verify_fails()


def test_no_checkpoint_is_written_over_a_tampered_log(events):
    AuditEvent.objects.filter(pk=events[1].pk).update(reason="edited")
    _verify_fails("--checkpoint")
    assert not checkpoint_path().exists()
