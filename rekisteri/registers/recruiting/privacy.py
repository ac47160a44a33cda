"""Data-map declaration of the recruitment register: job, internship and open
applications with their CV files (legal.md §4 rows 16–17).

Applications are kept two years after the decision, the period in which a
rejected applicant may bring a discrimination claim (Ombudsman decision
6652/154/19); until then an erasure request does not remove them (GDPR
Art. 17(3)(e)), so they are under a hold. The CV itself is an encrypted file
named by ``cv_stored_name``; it is deleted with the row.
"""

from __future__ import annotations

from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import (
    Basis,
    Category,
    Erasure,
    IdentifierKind,
    Purpose,
    Source,
)
from rekisteri.registers.recruiting.models import JobApplication

declare(
    JobApplication,
    register="recruiting",
    subject="person",
    purposes=[Purpose.RECRUITMENT, Purpose.LEGAL_CLAIMS],
    basis=Basis.CONTRACT,
    retention="job_applications",
    retention_from="decided_on",
    erasure=Erasure.HOLD,
    source=Source.SUBJECT,
    portable=True,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        "kind": personal(Category.APPLICATION),
        "position": personal(Category.APPLICATION),
        "email": personal(Category.CONTACT, identifier=IdentifierKind.EMAIL),
        "phone": personal(Category.CONTACT, identifier=IdentifierKind.PHONE),
        "cover_letter": personal(Category.APPLICATION, free_text=True),
        "cv_stored_name": personal(Category.CV),
        "cv_original_name": personal(Category.CV),
        "cv_content_type": NOT_PERSONAL,
        "cv_size": NOT_PERSONAL,
        "status": personal(Category.APPLICATION, source=Source.EMPLOYER, portable=False),
        "received_at": NOT_PERSONAL,
        "decided_on": NOT_PERSONAL,
        "decision_notes": personal(
            Category.NOTES, source=Source.EMPLOYER, portable=False, free_text=True
        ),
    },
)
