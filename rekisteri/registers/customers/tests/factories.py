"""Test data for the customer register: obviously fictional people and contacts."""

from __future__ import annotations

from typing import Any

from rekisteri.registers.customers.models import ContactPerson, Customer, CustomerKind
from rekisteri.registers.customers.services import register_customer
from rekisteri.subjects.models import Person


def private_customer(actor: Any = None, **overrides: Any) -> Customer:
    data: dict[str, Any] = {
        "first_name": "Testi",
        "last_name": "Asiakas",
        "email": "testi.asiakas@example.fi",
        "phone": "040 123 4567",
        "street": "Esimerkkikatu 1 A 2",
        "postal_code": "40100",
        "city": "Jyväskylä",
    }
    data.update(overrides)
    return register_customer(actor, **data)


def company_customer(actor: Any = None, **overrides: Any) -> Customer:
    data: dict[str, Any] = {
        "kind": CustomerKind.COMPANY,
        "company_name": "Esimerkki Oy",
        "business_id": "2622560-3",
        "email": "info@example.com",
        "street": "Yrityspolku 5",
        "postal_code": "40100",
        "city": "Jyväskylä",
    }
    data.update(overrides)
    return register_customer(actor, **data)


def person_of(record: Customer | ContactPerson) -> Person:
    """The record's person; fails the test when there is none."""
    assert record.person is not None
    return record.person
