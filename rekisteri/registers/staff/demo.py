"""Demo data for the personnel register: about 12 employees and a few health records.

Identity codes are DVV test codes (individual number 900–999) with a correct
check character, and bank accounts are Finnish IBANs with valid check digits;
neither belongs to anyone. Employees go through the services (encryption,
subject index, audit log); health records are bulk-created because the demo
loader is no named health-data handler (their content is still encrypted by the
field).
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from decimal import Decimal

import faker
from stdnum import iban as stdnum_iban

from rekisteri.registers.staff.models import (
    EmploymentType,
    HealthRecord,
    HealthRecordKind,
)
from rekisteri.registers.staff.services import EmployeeData, end_employment, hire_employee
from rekisteri.subjects.models import Person

_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"

JOBS = [
    ("Myyjä", "Asiakaspalvelu ja myynti myymälässä, kassatyöskentely."),
    ("Huoltoteknikko", "Tietokoneiden ja puhelinten vianetsintä, huolto ja asennukset."),
    ("Asentaja", "Verkko- ja laiteasennukset asiakkaiden tiloissa."),
    ("Verkkokaupan asiakaspalvelija", "Tilausten käsittely, asiakasviestintä ja palautukset."),
    ("Varastovastaava", "Tavaran vastaanotto, varastonhallinta ja lähetykset."),
    ("Myymäläpäällikkö", "Myymälän johtaminen, työvuorosuunnittelu ja hankinnat."),
]
BANK_PREFIXES = ["1", "2", "3", "4", "5", "6", "8"]


def dvv_test_hetu(birth_date: dt.date, individual: int) -> str:
    """Return a personal identity code in DVV's test range (individual number 900–999).

    The check character is the remainder of the nine digits modulo 31
    (Valtioneuvoston asetus väestötietojärjestelmästä 128/2010).
    """
    if not 900 <= individual <= 999:
        raise ValueError("test codes use individual numbers 900–999")
    sign = "-" if birth_date.year < 2000 else "A"
    digits = f"{birth_date:%d%m%y}{individual:03d}"
    return f"{birth_date:%d%m%y}{sign}{individual:03d}{_HETU_CHECK[int(digits) % 31]}"


def _luhn_check_digit(digits: str) -> str:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def demo_iban(rng: random.Random) -> str:
    """Return a Finnish IBAN with a valid account check digit and IBAN check digits."""
    body = rng.choice(BANK_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(12))
    bban = body + _luhn_check_digit(body)
    number = "FI00" + bban
    return str(stdnum_iban.format(number[:2] + stdnum_iban.calc_check_digits(number) + bban))


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch in ".-")).lower()


def _phone(rng: random.Random) -> str:
    return f"{rng.choice(['040', '050', '045'])} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def populate(people: list[Person], fake: faker.Faker, rng: random.Random, today: dt.date) -> None:
    """Create about 12 employees (some already left) and health records for a few."""
    chosen = rng.sample(people, min(12, len(people)))
    employees = []
    for index, person in enumerate(chosen):
        age = rng.randint(19, 63)
        birth = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        started_on = today - dt.timedelta(days=rng.randint(60, 3000))
        title, duties = rng.choice(JOBS)
        employment_type = (
            EmploymentType.PERMANENT
            if rng.random() < 0.7
            else rng.choice(
                [EmploymentType.FIXED_TERM, EmploymentType.HOURLY, EmploymentType.TRAINEE]
            )
        )
        address = fake.street_address()
        employee = hire_employee(
            None,
            EmployeeData(
                job_title=title,
                duties=duties,
                employment_type=employment_type,
                started_on=started_on,
                work_email=f"{_ascii(person.first_name)}.{_ascii(person.last_name)}@example.fi",
                work_phone=_phone(rng),
                home_street_address=address,
                home_postal_code=rng.choice(["40100", "40320", "40520", "40640", "41160"]),
                home_city="Jyväskylä",
                personal_identity_code=dvv_test_hetu(birth, rng.randint(900, 999)),
                bank_account_iban=demo_iban(rng),
                tax_percentage=Decimal(rng.choice(["8.50", "12.00", "17.50", "21.00", "24.50"])),
                tax_additional_percentage=Decimal(rng.choice(["30.00", "36.00", "41.00"])),
                tax_income_limit=Decimal(rng.randint(20, 60) * 1000),
                monthly_salary=Decimal(rng.randint(2100, 4200)),
            ),
            person=person,
        )
        # A third of the employments have ended, some long ago.
        if index % 3 == 2:
            ended_on = min(started_on + dt.timedelta(days=rng.randint(90, 1500)), today)
            end_employment(None, employee, ended_on=ended_on)
        employees.append(employee)

    records = []
    for employee in rng.sample(employees, min(5, len(employees))):
        for _ in range(rng.randint(1, 3)):
            starts = today - dt.timedelta(days=rng.randint(10, 900))
            if employee.ended_on is not None and starts > employee.ended_on:
                starts = employee.ended_on - dt.timedelta(days=rng.randint(5, 60))
            starts = max(starts, employee.started_on)
            kind = rng.choice(
                [HealthRecordKind.SICK_LEAVE_CERTIFICATE] * 3
                + [HealthRecordKind.FITNESS_STATEMENT, HealthRecordKind.WORK_ABILITY_NOTE]
            )
            if kind == HealthRecordKind.SICK_LEAVE_CERTIFICATE:
                days = rng.randint(1, 10)
                ends = starts + dt.timedelta(days=days - 1)
                content = f"Työkyvytön {days} päivää. Todistus työterveyshuollosta."
            elif kind == HealthRecordKind.FITNESS_STATEMENT:
                ends = starts
                content = "Työhön soveltuva. Ei rajoituksia nykyisiin tehtäviin."
            else:
                ends = starts
                content = (
                    "Työkykyneuvottelu: sovittu kevennetystä työstä neljäksi viikoksi; "
                    "seuranta työterveyshuollossa."
                )
            records.append(
                HealthRecord(
                    employee=employee,
                    kind=kind,
                    period_starts_on=starts,
                    period_ends_on=ends,
                    content=content,
                    received_on=min(ends + dt.timedelta(days=rng.randint(0, 5)), today),
                )
            )
    HealthRecord.objects.bulk_create(records)
