"""Data-map declaration of the breach register (GDPR Art. 33(5); legal.md §4 row 26).

A breach record describes an incident and is about no data subject: it holds
categories and approximate counts, never the people affected. Two kinds of field
may still carry personal data and are declared as such: the contact point, a
member of staff (contact details), and the free-text descriptions, which could
mention someone despite the form's warning; they are scanned for identifiers so
that a stray e-mail address or phone number is found by a subject search.
Everything is kept for the breach-register period after the case is closed and
is not erased early: the register is the controller's proof (Art. 33(5), 5(2)).
"""

from __future__ import annotations

from rekisteri.breaches.models import Breach
from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, IdentifierKind, Purpose, Source

declare(
    Breach,
    register="breaches",
    subject=None,
    purposes=[Purpose.BREACH_HANDLING],
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.EMPLOYER,
    retention="breach_register",
    # The clock of the breach-register rule starts when the case is closed.
    retention_from="closed_at",
    erasure=Erasure.HOLD,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "title": NOT_PERSONAL,
        "occurred_at": NOT_PERSONAL,
        "detected_at": NOT_PERSONAL,
        "aware_at": NOT_PERSONAL,
        "nature_confidentiality": NOT_PERSONAL,
        "nature_integrity": NOT_PERSONAL,
        "nature_availability": NOT_PERSONAL,
        "description": personal(Category.NOTES, free_text=True),
        "plain_description": personal(Category.NOTES, free_text=True),
        "cause": personal(Category.NOTES, free_text=True),
        "subject_categories": NOT_PERSONAL,
        "people_affected": NOT_PERSONAL,
        "data_categories": NOT_PERSONAL,
        "records_affected": NOT_PERSONAL,
        "consequences": personal(Category.NOTES, free_text=True),
        "measures": personal(Category.NOTES, free_text=True),
        "advice_to_people": personal(Category.NOTES, free_text=True),
        "risk_level": NOT_PERSONAL,
        "risk_reasons": personal(Category.NOTES, free_text=True),
        "processor_involved": NOT_PERSONAL,
        "processor_name": NOT_PERSONAL,
        "processor_informed_at": NOT_PERSONAL,
        "authority_decision": NOT_PERSONAL,
        "authority_decision_reasons": personal(Category.NOTES, free_text=True),
        "authority_notified_at": NOT_PERSONAL,
        "authority_case_number": NOT_PERSONAL,
        "authority_delay_reason": personal(Category.NOTES, free_text=True),
        "is_phased": NOT_PERSONAL,
        "people_decision": NOT_PERSONAL,
        "people_exception": NOT_PERSONAL,
        "people_decision_reasons": personal(Category.NOTES, free_text=True),
        "people_notified_at": NOT_PERSONAL,
        "people_delay_reason": personal(Category.NOTES, free_text=True),
        "contact_name": personal(Category.CONTACT, identifier=IdentifierKind.NAME),
        "contact_email": personal(Category.CONTACT, identifier=IdentifierKind.EMAIL),
        "contact_phone": personal(Category.CONTACT, identifier=IdentifierKind.PHONE),
        "created_at": NOT_PERSONAL,
        "closed_at": NOT_PERSONAL,
    },
)
