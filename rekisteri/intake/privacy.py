"""Data-map declaration of the request-form submissions awaiting confirmation.

The person gave the data to make a request (GDPR Art. 12(2): the controller
facilitates the exercise of the rights), so the basis is the legal obligation to
answer requests. A submission is about no known person yet — nobody is looked up
before the e-mail is confirmed — so it has no subject and its identifiers are
not in the subject index. It is deleted when confirmed (the data moves to the
request register) and otherwise seven days after it was sent (rule
``unverified_requests``; GDPR Art. 5(1)(c) and 5(1)(e)).
"""

from __future__ import annotations

from rekisteri.intake.models import PendingSubmission
from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, Purpose, Source

declare(
    PendingSubmission,
    register="intake",
    subject=None,
    purposes=[Purpose.ACCOUNTABILITY],
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.SUBJECT,
    retention="unverified_requests",
    retention_from="submitted_at",
    erasure=Erasure.DELETE,
    fields={
        "id": NOT_PERSONAL,
        "key_digest": NOT_PERSONAL,
        "kind": NOT_PERSONAL,
        "objection_scope": NOT_PERSONAL,
        "requester_name": personal(Category.IDENTITY),
        "requester_email": personal(Category.CONTACT),
        "requester_phone": personal(Category.CONTACT),
        "customer_number": personal(Category.CUSTOMER_RELATIONSHIP),
        "order_number": personal(Category.PURCHASE),
        "description": personal(Category.NOTES, free_text=True),
        "language": NOT_PERSONAL,
        "submitted_at": NOT_PERSONAL,
    },
)
