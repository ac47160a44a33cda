"""Data-map declarations of erasure plans, their items and the held records.

An erasure plan is the proof that a person's erasure request was answered and
how (GDPR Art. 5(2), 12 and 17): which records went, which stayed and under
which statute until when. It names records by model label, id and opaque
reference only, never by a value, so it is no copy of what it erased. It is kept
with the request log (``subject_requests``, legal.md §4 row 25): three years
from the day nothing of the plan is held any more (``closed_at``), never while
a hold it made still runs, and it is not erased early. It is not portable: the
shop wrote it, the person did not provide it.

The vocabulary has no category for the handling of requests yet; ``PROVENANCE``
stands in for it.
"""

from __future__ import annotations

from rekisteri.erasure.models import ErasurePlan, ErasurePlanItem, HeldRecord
from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, Purpose, Source

_ACCOUNTABILITY = [Purpose.ACCOUNTABILITY]
_HANDLING = Category.PROVENANCE

declare(
    ErasurePlan,
    register="erasure",
    subject="person",
    purposes=_ACCOUNTABILITY,
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.EMPLOYER,
    retention="subject_requests",
    retention_from="closed_at",
    erasure=Erasure.HOLD,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        "request_ref": NOT_PERSONAL,
        "extra_records": personal(_HANDLING),
        "status": personal(_HANDLING),
        "planned_on": personal(_HANDLING),
        "created_at": personal(_HANDLING),
        "created_by": NOT_PERSONAL,
        "reviewed_at": personal(_HANDLING),
        "reviewed_by": NOT_PERSONAL,
        "executed_at": personal(_HANDLING),
        "executed_by": NOT_PERSONAL,
        "cancelled_at": personal(_HANDLING),
        "closed_at": personal(_HANDLING),
        "records_deleted": personal(_HANDLING),
        "records_anonymised": personal(_HANDLING),
        "records_held": personal(_HANDLING),
        # A keyed hash (ledger key) of the planned records: reveals nothing without the key.
        "fingerprint": NOT_PERSONAL,
        "restricted_person": personal(_HANDLING),
        "replayed": NOT_PERSONAL,
    },
)

declare(
    ErasurePlanItem,
    register="erasure",
    subject="plan__person",
    purposes=_ACCOUNTABILITY,
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.EMPLOYER,
    retention="subject_requests",
    retention_from="plan__closed_at",
    erasure=Erasure.HOLD,
    fields={
        "id": NOT_PERSONAL,
        "plan": NOT_PERSONAL,
        "register": personal(_HANDLING),
        "model_label": personal(_HANDLING),
        "object_id": NOT_PERSONAL,
        "record_ref": NOT_PERSONAL,
        "field": personal(_HANDLING),
        "action": personal(_HANDLING),
        "rule": personal(_HANDLING),
        "statute": personal(_HANDLING),
        "ground": personal(_HANDLING),
        "hold_until": personal(_HANDLING),
        "note": personal(_HANDLING),
        "reason": personal(_HANDLING),
    },
)

declare(
    HeldRecord,
    register="erasure",
    subject="plan__person",
    purposes=_ACCOUNTABILITY,
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.EMPLOYER,
    retention="subject_requests",
    retention_from="plan__closed_at",
    erasure=Erasure.HOLD,
    fields={
        "id": NOT_PERSONAL,
        "plan": NOT_PERSONAL,
        "model_label": personal(_HANDLING),
        "object_id": NOT_PERSONAL,
        "record_ref": NOT_PERSONAL,
        "fields": personal(_HANDLING),
        "rule": personal(_HANDLING),
        "statute": personal(_HANDLING),
        "ground": personal(_HANDLING),
        "hold_until": personal(_HANDLING),
        "created_at": personal(_HANDLING),
        "released_at": personal(_HANDLING),
    },
)
