"""Rate limits shared by every process of an installation.

The API and the public request form limit how often a caller may try
(OWASP ASVS 5.0 2.4.1 anti-automation; GDPR Art. 32(1)(b) resilience). The
counters live in the database so that several worker processes see the same
count; a plain in-memory cache would give each process its own allowance.
What is counted is stored only as a keyed hash (:func:`counter_key`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from rekisteri.throttle.models import RateCounter


@dataclass(frozen=True)
class Limit:
    """At most ``hits`` calls per ``seconds``-long fixed window."""

    scope: str
    hits: int
    seconds: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int
    retry_after: int
    """Seconds until the window resets (0 when allowed)."""


def client_address(request: HttpRequest) -> str:
    """The address a request came from, as the identity of per-address limits.

    Behind a reverse proxy the proxy must pass the client's address in
    REMOTE_ADDR, or every visitor shares one allowance (decision 0006).
    """
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def window_start(now: dt.datetime, seconds: int) -> dt.datetime:
    """Return the start of the fixed window of ``seconds`` that contains ``now``."""
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def seconds_left(now: dt.datetime, seconds: int) -> int:
    """Return whole seconds (at least 1) until the window containing ``now`` ends."""
    end = window_start(now, seconds) + dt.timedelta(seconds=seconds)
    return max(1, math.ceil((end - now).total_seconds()))


def counter_key(scope: str, identity: str) -> str:
    """Keyed hash of what is limited, so the table holds no address or e-mail."""
    secret = f"rekisteri.throttle:{settings.SECRET_KEY}".encode()
    return hmac.new(secret, f"{scope}\0{identity}".encode(), hashlib.sha256).hexdigest()


def hit(limit: Limit, identity: str, *, now: dt.datetime | None = None) -> Decision:
    """Count one attempt by ``identity`` against ``limit`` and say whether it may proceed.

    The count is incremented with a single UPDATE so concurrent processes never
    lose a hit; expired counters are deleted on the way.
    """
    now = now or timezone.now()
    start = window_start(now, limit.seconds)
    key = counter_key(limit.scope, identity)
    with transaction.atomic():
        RateCounter.objects.filter(expires_at__lte=now).delete()
        updated = RateCounter.objects.filter(scope=limit.scope, key=key, window_start=start).update(
            hits=F("hits") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(
                        scope=limit.scope,
                        key=key,
                        window_start=start,
                        expires_at=start + dt.timedelta(seconds=limit.seconds),
                        hits=1,
                    )
            except IntegrityError:  # another process created it first
                RateCounter.objects.filter(scope=limit.scope, key=key, window_start=start).update(
                    hits=F("hits") + 1
                )
        hits = (
            RateCounter.objects.filter(scope=limit.scope, key=key, window_start=start)
            .values_list("hits", flat=True)
            .get()
        )
    if hits > limit.hits:
        return Decision(False, 0, seconds_left(now, limit.seconds))
    return Decision(True, limit.hits - hits, 0)
