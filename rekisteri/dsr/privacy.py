"""Data-map declarations of the request register (legal.md §4 row 25, ``subject_requests``).

A request and every step of its handling are the controller's proof that it
answered the person (GDPR Art. 5(2), 12): they are kept for three years after
the request is closed and are not erased early, not even on an erasure request
(the request itself is the proof of that erasure; Art. 17(3)(b) with 5(2)).
They are not portable: the shop wrote them down.

The requester's identifiers (name, e-mail, phone) are kept in the subject index,
so a later search or erasure by the same identifiers finds the request too; the
discovery step of the request leaves the request register's own records out.
The old and new values of a rectification are personal data of any category
and are stored encrypted (secret). The vocabulary has no category for request
handling; free text is declared as notes.
"""

from __future__ import annotations

from rekisteri.dsr.models import (
    ConfirmedPerson,
    ConfirmedRecord,
    IdentityCheck,
    RectificationEntry,
    Restriction,
    SubjectRequest,
)
from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import (
    Basis,
    Category,
    Erasure,
    IdentifierKind,
    Purpose,
    Sensitivity,
    Source,
)

_PURPOSES = [Purpose.ACCOUNTABILITY]

declare(
    SubjectRequest,
    register="dsr",
    subject="person",
    purposes=_PURPOSES,
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.SUBJECT,
    retention="subject_requests",
    retention_from="closed_at",
    erasure=Erasure.HOLD,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "kind": NOT_PERSONAL,
        "objection_scope": NOT_PERSONAL,
        "channel": NOT_PERSONAL,
        "received_at": NOT_PERSONAL,
        "received_by": NOT_PERSONAL,
        "requester_name": personal(Category.IDENTITY, identifier=IdentifierKind.NAME),
        "requester_email": personal(Category.CONTACT, identifier=IdentifierKind.EMAIL),
        "requester_phone": personal(Category.CONTACT, identifier=IdentifierKind.PHONE),
        "customer_number": personal(Category.CUSTOMER_RELATIONSHIP),
        "order_number": personal(Category.PURCHASE),
        "reply_address": personal(Category.ADDRESS),
        "language": NOT_PERSONAL,
        "description": personal(Category.NOTES, free_text=True),
        "email_confirmed_at": NOT_PERSONAL,
        "state": NOT_PERSONAL,
        "assignee": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        "due_on": NOT_PERSONAL,
        "extension_months": NOT_PERSONAL,
        "extension_reason": personal(Category.NOTES, free_text=True, source=Source.EMPLOYER),
        "extended_at": NOT_PERSONAL,
        "extended_by": NOT_PERSONAL,
        "refusal_ground": NOT_PERSONAL,
        "refusal_reasons": personal(Category.NOTES, free_text=True, source=Source.EMPLOYER),
        "refused_at": NOT_PERSONAL,
        "objection_decision": NOT_PERSONAL,
        "objection_reasons": personal(Category.NOTES, free_text=True, source=Source.EMPLOYER),
        "objection_decided_at": NOT_PERSONAL,
        "suppressed_contacts": NOT_PERSONAL,
        "answer_note": personal(Category.NOTES, free_text=True, source=Source.EMPLOYER),
        "answered_at": NOT_PERSONAL,
        "withdrawn_at": NOT_PERSONAL,
        "withdrawal_note": personal(Category.NOTES, free_text=True),
        "closed_by": NOT_PERSONAL,
        "closed_at": NOT_PERSONAL,
        "created_at": NOT_PERSONAL,
        "updated_at": NOT_PERSONAL,
    },
)

declare(
    IdentityCheck,
    register="dsr",
    subject="request__person",
    purposes=_PURPOSES,
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.EMPLOYER,
    retention="subject_requests",
    retention_from="request__closed_at",
    erasure=Erasure.HOLD,
    fields={
        "id": NOT_PERSONAL,
        "request": NOT_PERSONAL,
        "method": NOT_PERSONAL,
        "outcome": NOT_PERSONAL,
        "notes": personal(Category.NOTES, free_text=True),
        "checked_at": NOT_PERSONAL,
        "checked_by": NOT_PERSONAL,
    },
)

declare(
    ConfirmedPerson,
    register="dsr",
    subject="person",
    purposes=_PURPOSES,
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.EMPLOYER,
    retention="subject_requests",
    retention_from="request__closed_at",
    erasure=Erasure.HOLD,
    fields={
        "id": NOT_PERSONAL,
        "request": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        # Identifier kinds, record types and field names only; never values.
        "evidence": NOT_PERSONAL,
        "confirmed_at": NOT_PERSONAL,
        "confirmed_by": NOT_PERSONAL,
    },
)

declare(
    ConfirmedRecord,
    register="dsr",
    subject="person",
    purposes=_PURPOSES,
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.EMPLOYER,
    retention="subject_requests",
    retention_from="request__closed_at",
    erasure=Erasure.HOLD,
    fields={
        "id": NOT_PERSONAL,
        "request": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        "model_label": NOT_PERSONAL,
        "object_id": NOT_PERSONAL,
        "record_ref": NOT_PERSONAL,
        "evidence": NOT_PERSONAL,
        "confirmed_at": NOT_PERSONAL,
        "confirmed_by": NOT_PERSONAL,
    },
)

declare(
    RectificationEntry,
    register="dsr",
    subject="person",
    purposes=_PURPOSES,
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.SUBJECT,
    retention="subject_requests",
    retention_from="request__closed_at",
    erasure=Erasure.HOLD,
    fields={
        "id": NOT_PERSONAL,
        "request": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        "model_label": NOT_PERSONAL,
        "object_id": NOT_PERSONAL,
        "record_ref": NOT_PERSONAL,
        "field_name": NOT_PERSONAL,
        # The values may be any category (a name, an address, an e-mail): encrypted.
        "old_value": personal(Category.NOTES, sensitivity=Sensitivity.SECRET, free_text=True),
        "new_value": personal(Category.NOTES, sensitivity=Sensitivity.SECRET, free_text=True),
        "outcome": NOT_PERSONAL,
        "note": personal(Category.NOTES, free_text=True, source=Source.EMPLOYER),
        "made_at": NOT_PERSONAL,
        "made_by": NOT_PERSONAL,
    },
)

declare(
    Restriction,
    register="dsr",
    subject="person",
    purposes=_PURPOSES,
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.EMPLOYER,
    retention="subject_requests",
    # An active restriction has no clock: it is still needed.
    retention_from="lifted_at",
    erasure=Erasure.HOLD,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        "request": NOT_PERSONAL,
        "ground": NOT_PERSONAL,
        "notes": personal(Category.NOTES, free_text=True),
        "started_at": NOT_PERSONAL,
        "started_by": NOT_PERSONAL,
        "person_told_at": NOT_PERSONAL,
        "lift_reason": personal(Category.NOTES, free_text=True),
        "lifted_at": NOT_PERSONAL,
        "lifted_by": NOT_PERSONAL,
    },
)
