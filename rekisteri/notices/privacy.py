"""Data-map declarations of the notices app: the controller's details and the
log of notice versions.

The controller's details are published in every notice (GDPR Art. 13(1)(a)).
Only the contact person's name — and a data protection officer's, if one is
appointed — is personal data: an employee named in their role, shown because
the law asks for a contact point. It is replaced when the role changes and kept
with the controller records (rule ``controller_records``). Notice versions hold
only hashes and dates.
"""

from __future__ import annotations

from rekisteri.notices.models import ControllerSettings, NoticeVersion
from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, Purpose, Source

declare(
    ControllerSettings,
    register="notices",
    subject=None,
    purposes=[Purpose.ACCOUNTABILITY],
    basis=Basis.LEGAL_OBLIGATION,
    source=Source.EMPLOYER,
    retention="controller_records",
    erasure=Erasure.DELETE,
    fields={
        "id": NOT_PERSONAL,
        "name": NOT_PERSONAL,
        "business_id": NOT_PERSONAL,
        "street_address": NOT_PERSONAL,
        "postal_code": NOT_PERSONAL,
        "city": NOT_PERSONAL,
        "phone": NOT_PERSONAL,
        "email": NOT_PERSONAL,
        "contact_person": personal(Category.IDENTITY),
        "websites": NOT_PERSONAL,
        "dpo_contact": personal(Category.CONTACT),
        "updated_at": NOT_PERSONAL,
    },
)

declare(
    NoticeVersion,
    register="notices",
    subject=None,
    purposes=[Purpose.ACCOUNTABILITY],
    basis=Basis.LEGAL_OBLIGATION,
    retention="controller_records",
    erasure=Erasure.DELETE,
    fields={
        "id": NOT_PERSONAL,
        "audience": NOT_PERSONAL,
        "language": NOT_PERSONAL,
        "version": NOT_PERSONAL,
        "valid_from": NOT_PERSONAL,
        "recorded_at": NOT_PERSONAL,
    },
)
