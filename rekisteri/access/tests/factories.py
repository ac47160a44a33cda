"""Test data for access letters: one customer with records in several registers.

The records are made through the registers' own services (tests may import the
registers; the app may not). Every value is obviously fictional: example.fi
e-mails, DVV test identity codes, canary secrets that must never leave.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User

from rekisteri.disclosures.models import Recipient, RecipientRole
from rekisteri.disclosures.services import record_disclosure, register_recipient
from rekisteri.privacy.vocabulary import Basis, Category, RecipientType
from rekisteri.registers.customers.services import register_customer
from rekisteri.registers.service.models import DeviceCredential, ServiceJob
from rekisteri.registers.service.services import add_device_credential, open_service_job
from rekisteri.registers.staff.models import Employee, HealthRecord, HealthRecordKind
from rekisteri.registers.staff.services import EmployeeData, hire_employee
from rekisteri.registers.webshop.models import Order, WebshopAccount
from rekisteri.registers.webshop.services import (
    Address,
    LineInput,
    create_webshop_account,
    place_order,
)
from rekisteri.subjects.models import Person

TODAY = dt.date(2026, 11, 26)

OWN_EMAIL = "testi.asiakas@example.fi"
OWN_PHONE = "040 123 4567"
OTHER_EMAIL = "naapuri.nieminen@example.org"
OTHER_PHONE = "050 765 4321"
OTHER_PHONE_E164 = "+358507654321"

#: Canaries that must never appear in a letter, a PDF or a bundle.
DEVICE_SECRET = "CANARY-Kissa-Kala-5551"
DEVICE_USERNAME = "canary.admin"
WEBSHOP_PASSWORD = "canary-koira-kala-42"
HETU = "010190-900P"
IBAN = "FI21 1234 5600 0007 85"
HEALTH_CANARY = "CANARY-HEALTH-NOTE"

FORMULA_COMMENT = '=HYPERLINK("http://example.com","klik")'


@dataclass
class World:
    """The records of the test customer, and of a second person for contrast."""

    person: Person
    other: Person
    job: ServiceJob
    credential: DeviceCredential
    account: WebshopAccount
    order: Order
    recipient: Recipient


def make_world(actor: User | None = None) -> World:
    customer = register_customer(
        actor,
        first_name="Testi",
        last_name="Asiakas",
        email=OWN_EMAIL,
        phone=OWN_PHONE,
        street="Esimerkkikatu 1 A 2",
        postal_code="40100",
        city="Jyväskylä",
        today=TODAY,
    )
    person = customer.person
    assert person is not None
    job = open_service_job(
        None,
        person=person,
        device="Lenovo ThinkPad T14",
        serial_number="PF12345678",
        fault_description=(
            f"Kone ei käynnisty. Asiakas pyytää kopion myös osoitteeseen {OTHER_EMAIL}."
        ),
        notes=(
            f"Soita asiakkaalle {OWN_PHONE} tai {OWN_EMAIL}. "
            f"Naapuri soitti numerosta {OTHER_PHONE} ja jätti osoitteen {OTHER_EMAIL}."
        ),
    )
    credential = add_device_credential(
        None, job, label="Windows-kirjautuminen", username=DEVICE_USERNAME, secret=DEVICE_SECRET
    )
    account = create_webshop_account(
        None, person=person, username="testiasiakas", email=OWN_EMAIL, password=WEBSHOP_PASSWORD
    )
    order = place_order(
        None,
        person=person,
        lines=[LineInput("Langaton hiiri", Decimal("24.90"), quantity=2, sku="MOU-WL-01")],
        delivery=Address(
            name="Testi Asiakas",
            street="Esimerkkikatu 1 A 2",
            postal_code="40100",
            city="Jyväskylä",
            country="FI",
        ),
        ip_address="203.0.113.7",
        email=OWN_EMAIL,
        phone=OWN_PHONE,
        comment=FORMULA_COMMENT,
        shipping_amount=Decimal("6.90"),
    )
    recipient = register_recipient(
        None,
        name="Esimerkki Takuuhuolto Oy",
        type=RecipientType.WARRANTY_REGISTRATION,
        role=RecipientRole.INDEPENDENT_CONTROLLER,
        country="FI",
    )
    other = Person.objects.create(first_name="Toinen", last_name="Henkilö")
    return World(person, other, job, credential, account, order, recipient)


def make_guest_order(person: Person) -> Order:
    """An order of someone else, with their own e-mail and phone."""
    return place_order(
        None,
        person=person,
        lines=[LineInput("HDMI-kaapeli 2 m", Decimal("12.90"))],
        delivery=Address(
            name=f"{person.first_name} {person.last_name}",
            street="Muukatu 3",
            postal_code="00100",
            city="Helsinki",
            country="FI",
        ),
        ip_address="198.51.100.9",
        email=OTHER_EMAIL,
        phone=OTHER_PHONE,
    )


def disclose_service(world: World) -> None:
    """Record that the service job went to the warranty service (category: service)."""
    record_disclosure(
        None,
        person=world.person,
        recipient=world.recipient,
        basis=Basis.CONTRACT,
        categories=[Category.SERVICE],
        disclosed_on=dt.date(2026, 3, 14),
        reference="J-2026-0042",
        record=world.job,
    )


def make_employee(person: Person, actor: User | None) -> Employee:
    return hire_employee(
        actor,
        EmployeeData(
            job_title="Huoltoteknikko",
            started_on=dt.date(2023, 5, 2),
            work_email="teppo.tyontekija@example.fi",
            home_street_address="Kauppakatu 1 A 2",
            home_postal_code="40100",
            home_city="Jyväskylä",
            personal_identity_code=HETU,
            bank_account_iban=IBAN,
            tax_percentage=Decimal("17.50"),
            monthly_salary=Decimal("2900.00"),
        ),
        person=person,
    )


def make_health_record(employee: Employee) -> HealthRecord:
    # Written directly: the services refuse anyone but a named health-data handler.
    return HealthRecord.objects.create(
        employee=employee,
        kind=HealthRecordKind.SICK_LEAVE_CERTIFICATE,
        period_starts_on=dt.date(2024, 3, 4),
        period_ends_on=dt.date(2024, 3, 6),
        content=f"Työkyvytön kolme päivää. {HEALTH_CANARY}",
    )
