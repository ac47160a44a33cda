"""Data-map declarations of consent and marketing (legal.md §4 rows 13 and 14).

Consent records are the proof of consent (GDPR Art. 7(1)): kept while the
consent is valid and three years after its withdrawal (``marketing_consent``),
and held against early erasure as the minimal proof record. Marketing
preferences record each channel's basis and any opt-out; an opt-out must be
honoured for as long as marketing is sent (Laki sähköisen viestinnän
palveluista 917/2014 200 §, GDPR Art. 21(3)), so they follow the suppression
list's open-ended rule (``suppression_list``, legal.md §4 row 14) rather than
disappearing three years after the opt-out and letting marketing restart. The
suppression list holds keyed hashes only and no link to the person. Consent
texts are the published wordings: no personal data.
"""

from __future__ import annotations

from rekisteri.consent.models import (
    ConsentRecord,
    ConsentText,
    MarketingPreference,
    SuppressionEntry,
)
from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import (
    Basis,
    Category,
    Erasure,
    IdentifierKind,
    Purpose,
    Source,
)

declare(
    ConsentText,
    register="consent",
    subject=None,
    purposes=[Purpose.CONSENT_PROOF],
    basis=Basis.LEGAL_OBLIGATION,
    retention="marketing_consent",
    erasure=Erasure.HOLD,
    fields={
        "id": NOT_PERSONAL,
        "purpose": NOT_PERSONAL,
        "language": NOT_PERSONAL,
        "version": NOT_PERSONAL,
        "text": NOT_PERSONAL,
        "sha256": NOT_PERSONAL,
        "published_at": NOT_PERSONAL,
        # The staff member who published it: staff data, not the subject's.
        "published_by": NOT_PERSONAL,
    },
)

declare(
    ConsentRecord,
    register="consent",
    subject="person",
    purposes=[Purpose.CONSENT_PROOF, Purpose.MARKETING],
    basis=Basis.LEGAL_OBLIGATION,
    retention="marketing_consent",
    retention_from="withdrawn_at",
    erasure=Erasure.HOLD,
    portable=True,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "person": personal(Category.MARKETING, portable=False),
        "text": personal(Category.MARKETING),
        "channel": personal(Category.MARKETING),
        "given_at": personal(Category.MARKETING),
        "evidence": personal(
            Category.MARKETING, source=Source.EMPLOYER, free_text=True, portable=False
        ),
        "recorded_by": NOT_PERSONAL,
        "ip_address": personal(
            Category.ONLINE_IDENTIFIER,
            source=Source.EMPLOYER,
            identifier=IdentifierKind.IP,
            portable=False,
        ),
        "user_agent": personal(Category.ONLINE_IDENTIFIER, source=Source.EMPLOYER, portable=False),
        "withdrawn_at": personal(Category.MARKETING),
        "withdrawal_channel": personal(Category.MARKETING),
        "withdrawn_by": NOT_PERSONAL,
    },
)

declare(
    MarketingPreference,
    register="consent",
    subject="person",
    purposes=[Purpose.MARKETING],
    basis=Basis.LEGITIMATE_INTEREST,
    retention="suppression_list",
    retention_from="opted_out_at",
    erasure=Erasure.HOLD,
    portable=True,
    fields={
        "id": NOT_PERSONAL,
        "person": personal(Category.MARKETING, portable=False),
        "channel": personal(Category.MARKETING),
        "basis": personal(Category.MARKETING, source=Source.EMPLOYER),
        "since": personal(Category.MARKETING, source=Source.EMPLOYER),
        "product_groups": personal(Category.MARKETING, source=Source.EMPLOYER),
        "language": personal(Category.MARKETING),
        # Honouring an opt-out is an obligation (917/2014 200 §, GDPR Art. 21(3)).
        "opted_out_at": personal(Category.MARKETING, basis=Basis.LEGAL_OBLIGATION),
        "opt_out_channel": personal(Category.MARKETING, basis=Basis.LEGAL_OBLIGATION),
        "updated_at": NOT_PERSONAL,
    },
)

declare(
    SuppressionEntry,
    register="consent",
    subject=None,
    purposes=[Purpose.MARKETING],
    basis=Basis.LEGAL_OBLIGATION,
    retention="suppression_list",
    erasure=Erasure.HOLD,
    source=Source.EMPLOYER,
    fields={
        "id": NOT_PERSONAL,
        "kind": NOT_PERSONAL,
        # A keyed hash of a contact is pseudonymous, still personal (GDPR recital 26).
        "digest": personal(Category.MARKETING),
        "added_at": NOT_PERSONAL,
        "reason": NOT_PERSONAL,
        # Leads back to the request, and through it to the person.
        "request_ref": personal(Category.MARKETING),
    },
)
