"""Writing and verifying audit events.

``record_event`` must be called inside the transaction of the change it records,
so the event and the change commit or roll back together (the architecture's
"same transaction" rule). The hash chain is serialised by locking the chain head
row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite writers are serialised by
their IMMEDIATE transactions).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, ChainHead, EventType

GENESIS = "0" * 64


def _event_digest(prev_hash: str, payload: dict[str, object]) -> str:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _payload(event: AuditEvent) -> dict[str, object]:
    return {
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "type": event.type,
        "target_model": event.target_model,
        "target_ref": event.target_ref,
        "person_ref": event.person_ref,
        "fields": list(event.fields),
        "reason": event.reason,
    }


def record_event(
    actor: AbstractBaseUser | AnonymousUser | None,
    type: EventType,
    *,
    target: models.Model | None = None,
    target_ref: str = "",
    person_ref: str = "",
    fields: Iterable[str] = (),
    reason: str = "",
) -> AuditEvent:
    """Append one audit event; call it inside the transaction of the change it records.

    Only field names go in ``fields``, never values: the log must not become a
    second copy of the personal data (GDPR Art. 5(1)(c)). A caller that is not a
    staff user (an API client) passes an anonymous actor with an ``audit_label``
    such as ``"api:webshop"``; the label is what the log shows as the actor.
    """
    if target is not None and not target_ref:
        target_ref = str(getattr(target, "reference", None) or target.pk)
    user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            at=timezone.now(),
            actor_id=user.pk if user is not None else None,
            actor_label=(
                user.get_username() if user is not None else getattr(actor, "audit_label", "")
            )[:150],
            type=type,
            target_model=target._meta.label if target is not None else "",
            target_ref=target_ref,
            person_ref=person_ref,
            fields=sorted(set(fields)),
            reason=reason[:200],
            prev_hash=head.last_hash or GENESIS,
        )
        event.hash = _event_digest(event.prev_hash, _payload(event))
        event.save()
        ChainHead.objects.filter(pk=head.pk).update(last_hash=event.hash)
    return event


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    problem: str


def verify_chain() -> list[ChainProblem]:
    """Recompute the chain in id order and report every event that does not fit."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            problems.append(ChainProblem(event.pk, "previous hash does not match"))
        if _event_digest(event.prev_hash, _payload(event)) != event.hash:
            problems.append(ChainProblem(event.pk, "content does not match its hash"))
        expected_prev = event.hash
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash and head.last_hash != expected_prev:
        problems.append(ChainProblem(0, "the newest event is missing"))
    return problems
