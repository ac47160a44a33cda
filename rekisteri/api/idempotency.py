"""Idempotency keys: a retried POST returns the first answer instead of acting twice.

The client sends ``Idempotency-Key: <unique string>`` with an order. The first
successful answer is stored with a hash of the request body; a retry with the
same key and body gets that answer again, with the same status code; the same
key with a different body is refused with 422, as the IETF draft
"The Idempotency-Key HTTP Header Field" (draft-ietf-httpapi-idempotency-key-header,
section 2.6) describes. Two copies arriving at once cannot both create an
order: the (client, key) pair is unique in the database, so the second insert
fails, its transaction (and its order) rolls back, and it answers with the
first copy's response.

Records expire after one day (retention rule ``api_idempotency``; GDPR
Art. 5(1)(e)); expired ones are deleted on the way, like the rate-limit counters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.api.errors import ApiError
from rekisteri.api.models import ApiClient, IdempotencyRecord
from rekisteri.privacy.retention import get_rule


@dataclass(frozen=True)
class Replayable:
    status: int
    body: dict[str, Any]
    replayed: bool


def request_hash(payload: Any) -> str:
    """Return the SHA-256 of the request body in a canonical JSON form."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def lifetime() -> dt.timedelta:
    """How long an idempotency record is kept (the ``api_idempotency`` rule, 1 day)."""
    rule = get_rule("api_idempotency")
    return dt.timedelta(days=rule.days + 30 * rule.months)


def purge_expired(now: dt.datetime) -> int:
    """Delete the idempotency records whose day is over; return how many."""
    deleted, _by_model = IdempotencyRecord.objects.filter(expires_at__lte=now).delete()
    return deleted


def _existing(client: ApiClient, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(client=client, key=key).first()


def _replay(record: IdempotencyRecord, digest: str) -> Replayable:
    if record.request_hash != digest:
        raise ApiError(
            422,
            "idempotency_key_reused",
            _("This Idempotency-Key was already used with a different request."),
        )
    return Replayable(record.status_code, dict(record.response_body), replayed=True)


def run_once(
    client: ApiClient,
    key: str,
    payload: Any,
    action: Callable[[], tuple[int, dict[str, Any]]],
    *,
    now: dt.datetime | None = None,
) -> Replayable:
    """Run ``action`` once per (client, key); replay its stored answer on a retry.

    ``action`` does the work inside the same transaction as the record, and
    returns (status, JSON body). An exception from ``action`` stores nothing, so
    a corrected retry with the same key is possible.
    """
    now = now or timezone.now()
    digest = request_hash(payload)
    purge_expired(now)
    existing = _existing(client, key)
    if existing is not None:
        return _replay(existing, digest)
    try:
        with transaction.atomic():
            status, body = action()
            IdempotencyRecord.objects.create(
                client=client,
                key=key,
                request_hash=digest,
                status_code=status,
                response_body=body,
                created_at=now,
                expires_at=now + lifetime(),
            )
    except IntegrityError:
        # A concurrent copy committed first; everything this one did is rolled back.
        winner = IdempotencyRecord.objects.filter(client=client, key=key).first()
        if winner is None:
            raise
        return _replay(winner, digest)
    return Replayable(status, body, replayed=False)
