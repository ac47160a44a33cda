"""Test data for data-subject requests: obviously fictional requesters on example domains."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rekisteri.dsr.models import SubjectRequest
from rekisteri.dsr.services import RequestInput, receive_request, record_identity_check
from rekisteri.registers.customers.models import Customer
from rekisteri.registers.customers.tests.factories import private_customer
from rekisteri.subjects.models import Person

EMAIL = "testi.asiakas@example.fi"


def make_request(
    actor: Any = None, *, now: dt.datetime | None = None, **overrides: Any
) -> SubjectRequest:
    values: dict[str, Any] = {
        "kind": "access",
        "channel": "email",
        "requester_name": "Testi Asiakas",
        "requester_email": EMAIL,
    }
    values.update(overrides)
    return receive_request(actor, RequestInput(**values), now=now)


def verify(actor: Any, request: SubjectRequest, **overrides: Any) -> SubjectRequest:
    values: dict[str, Any] = {"method": "known_email", "outcome": "verified"}
    values.update(overrides)
    record_identity_check(actor, request, **values)
    request.refresh_from_db()
    return request


def make_customer(**overrides: Any) -> Customer:
    return private_customer(None, **overrides)


def person_of(customer: Customer) -> Person:
    assert customer.person is not None
    return customer.person
