"""Every audit event type is documented in docs/audit-events.md."""

from __future__ import annotations

from pathlib import Path

from rekisteri.audit.models import EventType

DOC = Path(__file__).resolve().parent.parent / "docs" / "audit-events.md"


def test_every_event_type_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [value for value in EventType.values if f"`{value}`" not in text]
    assert missing == []
