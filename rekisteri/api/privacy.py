"""Data-map declarations of the API's own tables.

An API client is an integration, not a person; its key is stored only as a
hash. An idempotency record keeps the first response to an order for a day, so
that a retried POST gets the same answer; that response names the order and
the person's opaque reference, so it is personal data kept for the shortest
useful time (GDPR Art. 5(1)(c) and (e)).
"""

from __future__ import annotations

from rekisteri.api.models import ApiClient, IdempotencyRecord
from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, Purpose, Source

declare(
    ApiClient,
    register="api",
    subject=None,
    purposes=[Purpose.SECURITY, Purpose.ACCOUNTABILITY],
    basis=Basis.LEGITIMATE_INTEREST,
    retention="controller_records",
    erasure=Erasure.DELETE,
    source=Source.EMPLOYER,
    fields={
        "id": NOT_PERSONAL,
        "name": NOT_PERSONAL,
        "scopes": NOT_PERSONAL,
        "key_prefix": NOT_PERSONAL,
        "key_hash": NOT_PERSONAL,
        "created_by": NOT_PERSONAL,
        "created_at": NOT_PERSONAL,
        "revoked_at": NOT_PERSONAL,
        "last_used_at": NOT_PERSONAL,
    },
)

declare(
    IdempotencyRecord,
    register="api",
    subject=None,
    purposes=[Purpose.WEBSHOP],
    basis=Basis.CONTRACT,
    retention="api_idempotency",
    erasure=Erasure.DELETE,
    source=Source.SUBJECT,
    retention_from="created_at",
    fields={
        "id": NOT_PERSONAL,
        "client": NOT_PERSONAL,
        "key": NOT_PERSONAL,
        "request_hash": NOT_PERSONAL,
        "status_code": NOT_PERSONAL,
        "response_body": personal(Category.PURCHASE),
        "created_at": NOT_PERSONAL,
        "expires_at": NOT_PERSONAL,
    },
)
