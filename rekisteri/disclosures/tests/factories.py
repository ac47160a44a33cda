"""Test data for disclosures: obviously fake people, recipients and processors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rekisteri.disclosures.models import Disclosure, Processor, Recipient, RecipientRole
from rekisteri.disclosures.services import record_disclosure, register_processor, register_recipient
from rekisteri.privacy.vocabulary import Basis, Category, RecipientType
from rekisteri.subjects.models import Person

DAY = dt.date(2025, 3, 14)


def make_person(first_name: str = "Testi", last_name: str = "Luovutettava", **kw: Any) -> Person:
    return Person.objects.create(first_name=first_name, last_name=last_name, **kw)


def make_recipient(name: str = "Esimerkki Takuuhuolto Oy", **overrides: Any) -> Recipient:
    values: dict[str, Any] = {
        "name": name,
        "type": RecipientType.WARRANTY_REGISTRATION,
        "role": RecipientRole.INDEPENDENT_CONTROLLER,
        "country": "FI",
    }
    values.update(overrides)
    return register_recipient(None, **values)


def make_disclosure(
    person: Person | None = None, recipient: Recipient | None = None, **overrides: Any
) -> Disclosure:
    values: dict[str, Any] = {
        "person": person or make_person(),
        "recipient": recipient or make_recipient(),
        "basis": Basis.CONTRACT,
        "categories": [Category.IDENTITY, Category.CONTACT],
        "disclosed_on": DAY,
        "reference": "ORD-2025-0042",
    }
    values.update(overrides)
    return record_disclosure(None, **values)


def make_processor(name: str = "Esimerkki Pilvi Oy", **overrides: Any) -> Processor:
    values: dict[str, Any] = {"name": name, "service": "cloud_storage", "country": "FI"}
    values.update(overrides)
    return register_processor(None, **values)
