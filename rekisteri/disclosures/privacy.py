"""Data-map declarations of the disclosure log, the Art. 19 notification tasks, and
the recipient and processor registers.

The disclosure log and the notification tasks are about a person: they are kept
under a legal hold for the proof of GDPR Art. 5(2), 19 and 30 (legal.md §4
rows 11 and 25) and are not portable (the shop wrote them, the person did not
provide them). The recipient and processor registers are about organisations;
only their contact and notes fields may name a person (a contact at the
company), so those are scanned for identifiers and can be found by a search.
Their purpose is demonstrating compliance (``Purpose.ACCOUNTABILITY``).
"""

from __future__ import annotations

from typing import Any

from rekisteri.disclosures.models import Disclosure, Processor, Recipient, RecipientNotification
from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, Purpose, Source

_ACCOUNTABILITY = [Purpose.ACCOUNTABILITY]

declare(
    Disclosure,
    register="disclosures",
    subject="person",
    purposes=_ACCOUNTABILITY,
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.EMPLOYER,
    # Six years from the disclosure (legal.md §4 row 11, rule "disclosure_log").
    retention="disclosure_log",
    retention_from="disclosed_on",
    erasure=Erasure.HOLD,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        # The recipient is an organisation; what went to it is in the fields below.
        "recipient": NOT_PERSONAL,
        "basis": personal(Category.DISCLOSURE),
        "categories": personal(Category.DISCLOSURE),
        "disclosed_on": personal(Category.DISCLOSURE),
        "external_reference": personal(Category.DISCLOSURE),
        "record_model": NOT_PERSONAL,
        "record_ref": NOT_PERSONAL,
        "recorded_at": NOT_PERSONAL,
        "recorded_by": NOT_PERSONAL,
    },
)

declare(
    RecipientNotification,
    register="disclosures",
    subject="person",
    purposes=_ACCOUNTABILITY,
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.EMPLOYER,
    # Kept as proof of the answer to the person's request (legal.md §4 row 25);
    # the clock starts when the task is done, an open task is still needed.
    retention="subject_requests",
    retention_from="done_at",
    erasure=Erasure.HOLD,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        "recipient": NOT_PERSONAL,
        "disclosure": NOT_PERSONAL,
        "change": personal(Category.DISCLOSURE),
        "request_ref": NOT_PERSONAL,
        "created_at": personal(Category.PROVENANCE),
        "status": NOT_PERSONAL,
        "done_at": personal(Category.PROVENANCE),
        "done_by": NOT_PERSONAL,
        "note": personal(Category.NOTES, free_text=True),
    },
)

_ORGANISATION_FIELDS: dict[str, Any] = {
    "id": NOT_PERSONAL,
    "reference": NOT_PERSONAL,
    "name": NOT_PERSONAL,
    "business_id": NOT_PERSONAL,
    "country": NOT_PERSONAL,
    "contact": personal(Category.CONTACT, free_text=True),
    "notes": personal(Category.NOTES, free_text=True),
    "is_active": NOT_PERSONAL,
    "is_example": NOT_PERSONAL,
    "seed_key": NOT_PERSONAL,
    "created_at": NOT_PERSONAL,
    "updated_at": NOT_PERSONAL,
}

declare(
    Recipient,
    register="disclosures",
    subject=None,
    purposes=_ACCOUNTABILITY,
    basis=Basis.LEGITIMATE_INTEREST,
    source=Source.AUTHORISED_THIRD_PARTY,
    retention="controller_records",
    erasure=Erasure.DELETE,
    reference="reference",
    fields={**_ORGANISATION_FIELDS, "type": NOT_PERSONAL, "role": NOT_PERSONAL},
)

declare(
    Processor,
    register="disclosures",
    subject=None,
    purposes=_ACCOUNTABILITY,
    basis=Basis.LEGITIMATE_INTEREST,
    source=Source.AUTHORISED_THIRD_PARTY,
    retention="controller_records",
    erasure=Erasure.DELETE,
    reference="reference",
    fields={
        **_ORGANISATION_FIELDS,
        "service": NOT_PERSONAL,
        "service_description": NOT_PERSONAL,
        "data_categories": NOT_PERSONAL,
        "subject_groups": NOT_PERSONAL,
        "location": NOT_PERSONAL,
        "transfer_mechanism": NOT_PERSONAL,
        "dpa_signed_on": NOT_PERSONAL,
        "has_documented_instructions": NOT_PERSONAL,
        "has_confidentiality": NOT_PERSONAL,
        "has_security_measures": NOT_PERSONAL,
        "has_sub_processor_terms": NOT_PERSONAL,
        "has_rights_assistance": NOT_PERSONAL,
        "has_compliance_assistance": NOT_PERSONAL,
        "has_deletion_or_return": NOT_PERSONAL,
        "has_audit_rights": NOT_PERSONAL,
        "sub_processors": NOT_PERSONAL,
        "review_on": NOT_PERSONAL,
    },
)
