"""Demo disclosures: fictional recipients and a sample of logged disclosures.

Generic like the engine: it walks the data map, and for a few records of every
model that declares recipient types it logs a disclosure to a recipient of one
of those types, with the categories of the fields that may go there. Runs after
the registers' own demo data (the loader calls ``populate`` last).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from rekisteri.disclosures.models import Recipient, RecipientRole
from rekisteri.disclosures.queries import list_recipients
from rekisteri.disclosures.services import DisclosureError, record_disclosure, register_recipient
from rekisteri.privacy.datamap import declarations
from rekisteri.privacy.vocabulary import Basis, RecipientType
from rekisteri.subjects.models import Person

#: Fictional recipients for the kinds of disclosure the notice names.
DEMO_RECIPIENTS: tuple[tuple[str, RecipientType], ...] = (
    ("Esimerkki Takuuhuolto Oy", RecipientType.WARRANTY_REGISTRATION),
    ("Esimerkki Tukku Oy", RecipientType.DROP_SHIPMENT),
    ("Esimerkki Ohjelmistot Oy", RecipientType.LICENCE_DELIVERY),
    ("Esimerkki Rahoitus Oy", RecipientType.FINANCING),
    ("Esimerkki Asennuspalvelu Oy", RecipientType.SERVICE_CALL),
)
#: Recipient types that receive data under a legal obligation.
LEGAL_TYPES = frozenset(
    {
        RecipientType.POLICE,
        RecipientType.AUDITOR,
        RecipientType.TAX_AUTHORITY,
        RecipientType.PENSION_INSURER,
        RecipientType.ACCOUNTING_FIRM,
    }
)
PER_MODEL = 6


def populate(persons: list[Person], fake: Any, rng: random.Random, today: dt.date) -> None:
    """Create the demo recipients and log a few disclosures for each declaring model."""
    for name, recipient_type in DEMO_RECIPIENTS:
        if not Recipient.objects.filter(name=name).exists():
            register_recipient(
                None, name=name, type=recipient_type, role=RecipientRole.INDEPENDENT_CONTROLLER
            )
    by_type: dict[str, list[Recipient]] = {}
    for recipient in list_recipients():
        by_type.setdefault(recipient.type, []).append(recipient)
    for declaration in declarations():
        if declaration.subject in (None, "self") or declaration.register == "disclosures":
            continue
        fields_by_type: dict[str, set[str]] = {}
        for spec in declaration.personal_fields():
            for declared in spec.recipients:
                fields_by_type.setdefault(declared.value, set()).add(spec.category.value)
        kinds = sorted(k for k in fields_by_type if k in by_type)
        if not kinds:
            continue
        records = list(declaration.model._default_manager.order_by("pk")[: PER_MODEL * 3])
        for record in rng.sample(records, min(PER_MODEL, len(records))):
            person_id = declaration.subject_id(record)
            person = Person.objects.filter(pk=person_id).first() if person_id else None
            if person is None:
                continue
            kind = rng.choice(kinds)
            try:
                record_disclosure(
                    None,
                    person=person,
                    recipient=rng.choice(by_type[kind]),
                    basis=Basis.LEGAL_OBLIGATION if kind in LEGAL_TYPES else Basis.CONTRACT,
                    categories=sorted(fields_by_type[kind]),
                    disclosed_on=today - dt.timedelta(days=rng.randint(1, 400)),
                    reference=f"{rng.randint(10000, 99999)}",
                    record=record,
                )
            except DisclosureError:
                continue  # e.g. a restricted person: nothing may go out on contract
