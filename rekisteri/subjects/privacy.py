"""Data-map declaration of the data subject itself."""

from __future__ import annotations

from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, IdentifierKind, Purpose
from rekisteri.subjects.models import Person

declare(
    Person,
    register="subjects",
    subject="self",
    purposes=[
        Purpose.CUSTOMER_RELATIONSHIP,
        Purpose.SALES,
        Purpose.EMPLOYMENT,
        Purpose.RECRUITMENT,
    ],
    basis=Basis.CONTRACT,
    retention="customer_master",
    erasure=Erasure.ANONYMISE,
    portable=True,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "first_name": personal(Category.IDENTITY, identifier=IdentifierKind.NAME),
        "last_name": personal(Category.IDENTITY, identifier=IdentifierKind.NAME),
        "created_at": NOT_PERSONAL,
        "updated_at": NOT_PERSONAL,
        "is_restricted": NOT_PERSONAL,
    },
)
