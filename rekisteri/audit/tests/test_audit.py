"""Audit events are append-only and hash-chained."""

from __future__ import annotations

import pytest

from rekisteri.audit.models import AuditEvent, ChainHead, EventType
from rekisteri.audit.services import record_event, verify_chain

pytestmark = pytest.mark.django_db


def _three_events(actor):
    for kind in (EventType.PERSON_VIEWED, EventType.RECORD_UPDATED, EventType.SECRET_REVEALED):
        record_event(actor, kind, target_ref="X-1", person_ref="H-1", fields=["email"])


def test_events_record_actor_type_and_field_names(clerk):
    event = record_event(
        clerk, EventType.RECORD_UPDATED, target_ref="A-1", fields=["phone", "email"]
    )
    assert event.actor == clerk
    assert event.actor_label == "clerk"
    assert event.fields == ["email", "phone"]
    assert event.at.tzinfo is not None


def test_an_intact_chain_verifies(clerk):
    _three_events(clerk)
    assert verify_chain() == []


def test_editing_an_event_is_refused_by_the_model(clerk):
    event = record_event(clerk, EventType.PERSON_VIEWED)
    event.reason = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_an_event_edited_in_the_database_is_detected(clerk):
    _three_events(clerk)
    middle = AuditEvent.objects.order_by("id")[1]
    AuditEvent.objects.filter(pk=middle.pk).update(fields=["hetu"])
    problems = verify_chain()
    assert [p.event_id for p in problems] == [middle.pk]


def test_a_deleted_event_is_detected(clerk):
    _three_events(clerk)
    middle = AuditEvent.objects.order_by("id")[1]
    AuditEvent.objects.filter(pk=middle.pk)._raw_delete(AuditEvent.objects.db)
    assert verify_chain()


def test_a_removed_newest_event_is_detected_through_the_chain_head(clerk):
    _three_events(clerk)
    newest = AuditEvent.objects.order_by("-id")[0]
    AuditEvent.objects.filter(pk=newest.pk)._raw_delete(AuditEvent.objects.db)
    assert ChainHead.objects.get().last_hash == newest.hash
    assert any("newest" in p.problem for p in verify_chain())
