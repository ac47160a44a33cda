"""Data-map declaration of the rate-limit counters."""

from __future__ import annotations

from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, Purpose, Source
from rekisteri.throttle.models import RateCounter

declare(
    RateCounter,
    register="throttle",
    subject=None,
    purposes=[Purpose.SECURITY],
    basis=Basis.LEGITIMATE_INTEREST,
    retention="rate_limit_counters",
    erasure=Erasure.DELETE,
    source=Source.EMPLOYER,
    retention_from="window_start",
    fields={
        "id": NOT_PERSONAL,
        "scope": NOT_PERSONAL,
        "key": personal(Category.ONLINE_IDENTIFIER),
        "window_start": NOT_PERSONAL,
        "expires_at": NOT_PERSONAL,
        "hits": NOT_PERSONAL,
    },
)
