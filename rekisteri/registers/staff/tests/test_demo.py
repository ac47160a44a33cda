"""The personnel demo data: test identity codes, valid IBANs, a few health records."""

from __future__ import annotations

import datetime as dt
import random

import faker
import pytest
from django.utils import timezone

from rekisteri.privacy.identifiers import normalise_hetu, normalise_iban
from rekisteri.registers.staff import demo
from rekisteri.registers.staff.models import Employee, HealthRecord
from rekisteri.subjects.models import Person


def test_test_identity_codes_have_a_correct_check_character_and_test_range():
    assert demo.dvv_test_hetu(dt.date(1990, 1, 1), 900) == "010190-900P"
    assert demo.dvv_test_hetu(dt.date(2005, 6, 15), 987)[6] == "A"
    rng = random.Random(3)
    for _ in range(200):
        code = demo.dvv_test_hetu(
            dt.date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28)),
            rng.randint(900, 999),
        )
        assert normalise_hetu(code) == code
        assert 900 <= int(code[7:10]) <= 999


def test_only_the_test_range_is_generated():
    with pytest.raises(ValueError, match="900"):
        demo.dvv_test_hetu(dt.date(1990, 1, 1), 123)


def test_demo_ibans_are_valid_finnish_ibans():
    rng = random.Random(5)
    for _ in range(200):
        iban = demo.demo_iban(rng)
        assert iban.startswith("FI")
        assert normalise_iban(iban) == iban.replace(" ", "")


@pytest.mark.django_db
def test_the_demo_creates_employees_and_health_records():
    fake = faker.Faker("fi_FI")
    fake.seed_instance(11)
    people = [
        Person.objects.create(first_name=fake.first_name(), last_name=fake.last_name())
        for _ in range(30)
    ]

    demo.populate(people, fake, random.Random(11), timezone.localdate())

    employees = list(Employee.objects.all())
    assert len(employees) == 12
    assert all(normalise_hetu(e.personal_identity_code) for e in employees)
    assert all(normalise_iban(e.bank_account_iban) for e in employees)
    assert any(e.ended_on for e in employees)
    assert HealthRecord.objects.exists()
    assert all(r.content for r in HealthRecord.objects.all())
