"""The demo data of the customer register is realistic and indexed."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from faker import Faker

from rekisteri.lib.validators import validate_business_id
from rekisteri.privacy.identifiers import normalise_phone
from rekisteri.privacy.index import find_people
from rekisteri.registers.customers.demo import demo_business_id, populate
from rekisteri.registers.customers.models import (
    ContactPerson,
    Customer,
    CustomerEmail,
    CustomerKind,
    CustomerPhone,
)
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


def _people(count: int, fake: Faker) -> list[Person]:
    return Person.objects.bulk_create(
        [Person(first_name=fake.first_name(), last_name=fake.last_name()) for _ in range(count)]
    )


def test_demo_creates_private_and_company_customers_with_contacts():
    fake = Faker("fi_FI")
    fake.seed_instance(7)
    people = _people(200, fake)

    populate(people, fake, random.Random(7), dt.date(2026, 6, 1))

    assert Customer.objects.count() == 150 - 12
    assert Customer.objects.filter(kind=CustomerKind.COMPANY).count() == 12
    assert ContactPerson.objects.count() == 24
    assert not Customer.objects.filter(kind=CustomerKind.PRIVATE, person=None).exists()
    assert list(
        Customer.objects.order_by("customer_number").values_list("customer_number", flat=True)[:2]
    ) == [10001, 10002]
    assert all(
        e.endswith(("@example.fi", "@example.com"))
        for e in CustomerEmail.objects.values_list("value", flat=True)
    )
    assert all(
        normalise_phone(p) == p and p[4:6] in {"40", "50", "45"}
        for p in CustomerPhone.objects.values_list("value", flat=True)
    )
    assert Customer.objects.exclude(notes="").exists()

    email = CustomerEmail.objects.filter(customer__person__isnull=False)[0]
    [match] = find_people(emails=[email.value])
    assert match.person_id == email.customer.person_id


def test_demo_business_ids_are_valid():
    rng = random.Random(1)
    for _ in range(50):
        validate_business_id(demo_business_id(rng))
