"""Test data for the web-shop register: obviously fake names, example.fi e-mails."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from rekisteri.registers.webshop.models import Order, WebshopAccount
from rekisteri.registers.webshop.services import (
    Address,
    LineInput,
    create_webshop_account,
    place_order,
)
from rekisteri.subjects.models import Person

GOOD_PASSWORD = "kissa-koira-kala-42"


def make_person(first_name: str = "Testi", last_name: str = "Asiakas") -> Person:
    return Person.objects.create(first_name=first_name, last_name=last_name)


def delivery_address(**overrides: Any) -> Address:
    values = {
        "name": "Testi Asiakas",
        "street": "Esimerkkikatu 1 A 2",
        "postal_code": "40100",
        "city": "Jyväskylä",
        "country": "FI",
    }
    values.update(overrides)
    return Address(**values)


def make_account(person: Person | None = None, **overrides: Any) -> WebshopAccount:
    values: dict[str, Any] = {
        "person": person or make_person(),
        "username": "testiasiakas",
        "email": "testi.asiakas@example.fi",
        "password": GOOD_PASSWORD,
    }
    values.update(overrides)
    return create_webshop_account(None, **values)


def make_order(
    person: Person | None = None, *, ordered_at: dt.datetime | None = None, **overrides: Any
) -> Order:
    values: dict[str, Any] = {
        "person": person or make_person(),
        "lines": [
            LineInput("Langaton hiiri", Decimal("24.90"), quantity=2, sku="MOU-WL-01"),
            LineInput("HDMI-kaapeli 2 m", Decimal("12.90")),
        ],
        "delivery": delivery_address(),
        "ip_address": "203.0.113.7",
        "email": "testi.asiakas@example.fi",
        "phone": "040 123 4567",
        "shipping_amount": Decimal("6.90"),
        "ordered_at": ordered_at,
    }
    values.update(overrides)
    return place_order(None, **values)
