"""Data-map declarations of the customer register (legal.md §4 row 3, ``customer_master``).

Customer master data — names, phones, e-mails, delivery and billing addresses —
is kept for the customer relationship and, after it, for three years from the
last purchase, service or contact (``Customer.last_activity_on``) to answer
claims (Vanhentumislaki 728/2003; Ombudsman decision TSV/2/2018). It may be
erased on request unless an order, job or claim is open. The customer row itself
is anonymised, not deleted, because issued vouchers point to it; contact rows are
deleted. Contact persons of company customers are usually told to us by the
company (GDPR Art. 14) and are processed on the legitimate interest of keeping a
business relationship (Art. 6(1)(f)).
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
from rekisteri.registers.customers.models import (
    ContactPerson,
    Customer,
    CustomerAddress,
    CustomerEmail,
    CustomerNumberSequence,
    CustomerPhone,
)

_PURPOSES = [Purpose.CUSTOMER_RELATIONSHIP, Purpose.SALES, Purpose.INVOICING, Purpose.SERVICE]

declare(
    Customer,
    register="customers",
    subject="person",
    purposes=_PURPOSES,
    basis=Basis.CONTRACT,
    retention="customer_master",
    retention_from="last_activity_on",
    erasure=Erasure.ANONYMISE,
    portable=True,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "customer_number": personal(
            Category.CUSTOMER_RELATIONSHIP,
            identifier=IdentifierKind.CUSTOMER_NUMBER,
            source=Source.EMPLOYER,
            portable=False,
        ),
        "kind": NOT_PERSONAL,
        "person": personal(Category.CUSTOMER_RELATIONSHIP, portable=False),
        # A sole trader's company name and business ID identify a person.
        "company_name": personal(Category.IDENTITY),
        "business_id": personal(Category.IDENTITY),
        "notes": personal(Category.NOTES, free_text=True, source=Source.EMPLOYER, portable=False),
        "source": personal(Category.PROVENANCE, source=Source.EMPLOYER, portable=False),
        "last_activity_on": personal(
            Category.CUSTOMER_RELATIONSHIP, source=Source.EMPLOYER, portable=False
        ),
        "created_at": NOT_PERSONAL,
        "updated_at": NOT_PERSONAL,
    },
)

declare(
    CustomerEmail,
    register="customers",
    subject="customer__person",
    purposes=_PURPOSES,
    basis=Basis.CONTRACT,
    retention="customer_master",
    retention_from="customer__last_activity_on",
    erasure=Erasure.DELETE,
    portable=True,
    fields={
        "id": NOT_PERSONAL,
        "customer": NOT_PERSONAL,
        "value": personal(Category.CONTACT, identifier=IdentifierKind.EMAIL),
        "label": NOT_PERSONAL,
        "source": personal(Category.PROVENANCE, source=Source.EMPLOYER, portable=False),
        "created_at": NOT_PERSONAL,
    },
)

declare(
    CustomerPhone,
    register="customers",
    subject="customer__person",
    purposes=_PURPOSES,
    basis=Basis.CONTRACT,
    retention="customer_master",
    retention_from="customer__last_activity_on",
    erasure=Erasure.DELETE,
    portable=True,
    fields={
        "id": NOT_PERSONAL,
        "customer": NOT_PERSONAL,
        "value": personal(Category.CONTACT, identifier=IdentifierKind.PHONE),
        "label": NOT_PERSONAL,
        "source": personal(Category.PROVENANCE, source=Source.EMPLOYER, portable=False),
        "created_at": NOT_PERSONAL,
    },
)

declare(
    CustomerAddress,
    register="customers",
    subject="customer__person",
    purposes=_PURPOSES,
    basis=Basis.CONTRACT,
    retention="customer_master",
    retention_from="customer__last_activity_on",
    erasure=Erasure.DELETE,
    portable=True,
    fields={
        "id": NOT_PERSONAL,
        "customer": NOT_PERSONAL,
        "kind": NOT_PERSONAL,
        "street": personal(Category.ADDRESS),
        "postal_code": personal(Category.ADDRESS),
        "city": personal(Category.ADDRESS),
        "country": personal(Category.ADDRESS),
        "source": personal(Category.PROVENANCE, source=Source.EMPLOYER, portable=False),
        "created_at": NOT_PERSONAL,
    },
)

declare(
    ContactPerson,
    register="customers",
    subject="person",
    purposes=[Purpose.CUSTOMER_RELATIONSHIP, Purpose.SALES, Purpose.SERVICE],
    basis=Basis.LEGITIMATE_INTEREST,
    source=Source.AUTHORISED_THIRD_PARTY,
    retention="customer_master",
    retention_from="customer__last_activity_on",
    erasure=Erasure.DELETE,
    fields={
        "id": NOT_PERSONAL,
        "customer": personal(Category.CUSTOMER_RELATIONSHIP),
        "person": personal(Category.IDENTITY),
        "role_title": personal(Category.CUSTOMER_RELATIONSHIP),
        "email": personal(Category.CONTACT, identifier=IdentifierKind.EMAIL),
        "phone": personal(Category.CONTACT, identifier=IdentifierKind.PHONE),
        "source": personal(Category.PROVENANCE, source=Source.EMPLOYER),
        "created_at": NOT_PERSONAL,
    },
)

# The counter row holds no personal data; declared so the data map stays complete.
declare(
    CustomerNumberSequence,
    register="customers",
    subject=None,
    purposes=[Purpose.CUSTOMER_RELATIONSHIP],
    basis=Basis.CONTRACT,
    retention="customer_master",
    erasure=Erasure.DELETE,
    fields={"id": NOT_PERSONAL, "last_number": NOT_PERSONAL},
)
