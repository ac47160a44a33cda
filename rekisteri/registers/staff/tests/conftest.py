"""Fixtures of the personnel tests: employees with test identity codes and health records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from rekisteri.registers.staff.models import HealthRecord, HealthRecordKind
from rekisteri.registers.staff.services import EmployeeData, hire_employee

# DVV test range (individual number 900–999) and a checksum-valid Finnish IBAN.
HETU = "010190-900P"
IBAN = "FI21 1234 5600 0007 85"
HEALTH_CANARY = "CANARY-HEALTH-NOTE"


def employee_data(**overrides) -> EmployeeData:
    values: dict[str, Any] = {
        "job_title": "Huoltoteknikko",
        "duties": "Tietokoneiden huolto.",
        "started_on": dt.date(2023, 5, 2),
        "work_email": "teppo.tyontekija@example.fi",
        "work_phone": "040 222 3344",
        "home_street_address": "Kauppakatu 1 A 2",
        "home_postal_code": "40100",
        "home_city": "Jyväskylä",
        "personal_identity_code": HETU,
        "bank_account_iban": IBAN,
        "tax_percentage": Decimal("17.50"),
        "monthly_salary": Decimal("2900.00"),
    }
    values.update(overrides)
    return EmployeeData(**values)


@pytest.fixture
def employee(hr):
    return hire_employee(hr, employee_data(), first_name="Teppo", last_name="Työntekijä")


@pytest.fixture
def health_record(employee):
    # Written directly: the fixture is no health-data handler (the services refuse it).
    return HealthRecord.objects.create(
        employee=employee,
        kind=HealthRecordKind.SICK_LEAVE_CERTIFICATE,
        period_starts_on=dt.date(2024, 3, 4),
        period_ends_on=dt.date(2024, 3, 6),
        content=f"Työkyvytön kolme päivää. {HEALTH_CANARY}",
    )
