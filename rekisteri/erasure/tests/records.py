"""Register records for the erasure tests: one fictional person across every register.

The values are distinctive canaries (reserved example domains, a fictional
phone number and an unlikely surname) so that the raw-storage test can look
for their bytes on the disk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from rekisteri.disclosures.models import Disclosure, Recipient
from rekisteri.disclosures.services import record_disclosure, register_recipient
from rekisteri.registers.customers.models import Customer
from rekisteri.registers.customers.services import register_customer
from rekisteri.registers.recruiting.models import ApplicationStatus, JobApplication
from rekisteri.registers.recruiting.services import (
    CvFile,
    decide_application,
    receive_application,
)
from rekisteri.registers.sales.models import Voucher
from rekisteri.registers.sales.services import LineInput, create_voucher_draft, issue_voucher
from rekisteri.registers.service.models import ServiceJob
from rekisteri.registers.service.services import (
    add_device_credential,
    close_service_job,
    open_service_job,
)
from rekisteri.registers.webshop.models import Order, WebshopAccount
from rekisteri.registers.webshop.services import (
    Address,
    create_webshop_account,
    place_order,
)
from rekisteri.registers.webshop.services import LineInput as OrderLineInput
from rekisteri.subjects.models import Person

CANARY_SURNAME = "Zqxvarjonen"
CANARY_EMAIL = "zqx.canary.7e1@example.fi"
CANARY_PHONE = "+358401239876"
CANARY_STREET = "Kanarialinnuntie 77 Q"
CANARY_CV = b"Curriculum vitae of a canary ZQXCV-4d2: repaired laptops for ten years."
CANARY_NOTE = "Call back on 040 123 9876 or zqx.canary.7e1@example.fi when ready."


@dataclass
class World:
    person: Person
    customer: Customer
    voucher: Voucher
    order: Order
    account: WebshopAccount
    job: ServiceJob
    application: JobApplication
    recipient: Recipient
    disclosure: Disclosure


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def canary_world(*, voucher_name: bool = True) -> World:
    """A customer with a voucher, an order, a web-shop account, a closed job with a note,
    an application decided three years ago with a CV, and a logged disclosure."""
    today = timezone.localdate()
    customer = register_customer(
        None,
        first_name="Kanerva",
        last_name=CANARY_SURNAME,
        email=CANARY_EMAIL,
        phone=CANARY_PHONE,
        street=CANARY_STREET,
        postal_code="40100",
        city="Jyväskylä",
        notes="Prefers e-mail.",
    )
    person = customer.person
    assert person is not None
    draft = create_voucher_draft(
        None,
        customer=customer,
        kind="sales_invoice",
        lines=[LineInput("Kannettava tietokone", Decimal("1"), Decimal("800.00"), Decimal("25.5"))],
    )
    if not voucher_name:
        draft.billed_name = "Kanerva K."
        Voucher.objects.filter(pk=draft.pk).update(billed_name="Kanerva K.", billed_email="")
        draft.refresh_from_db()
    voucher = issue_voucher(None, draft, issued_on=today)
    account = create_webshop_account(
        None,
        person=person,
        username="zqxcanary",
        email=CANARY_EMAIL,
        password="kissa-koira-kala-42",
    )
    order = place_order(
        None,
        person=person,
        lines=[OrderLineInput("Langaton hiiri", Decimal("24.90"), quantity=1, sku="MOU-1")],
        delivery=Address(
            name=f"Kanerva {CANARY_SURNAME}",
            street=CANARY_STREET,
            postal_code="40100",
            city="Jyväskylä",
            country="FI",
        ),
        ip_address="203.0.113.77",
        email=CANARY_EMAIL,
        phone=CANARY_PHONE,
        shipping_amount=Decimal("6.90"),
        account=account,
    )
    job = open_service_job(
        None,
        person=person,
        customer=customer,
        device="Lenovo ThinkPad",
        fault_description="Ei käynnisty.",
        notes=CANARY_NOTE,
    )
    add_device_credential(None, job, label="Windows", username="kanerva", secret="Salainen-1")
    job = close_service_job(None, job, work_done="Vaihdettu akku.")
    decided = today - dt.timedelta(days=3 * 366)
    application = receive_application(
        None,
        person=person,
        position="Huoltoteknikko",
        email=CANARY_EMAIL,
        phone=CANARY_PHONE,
        cv=CvFile(name="cv.txt", data=CANARY_CV),
        received_at=at(decided - dt.timedelta(days=20)),
    )
    application = decide_application(
        None,
        application,
        status=ApplicationStatus.REJECTED,
        decided_on=decided,
        today=decided,
    )
    recipient = register_recipient(
        None, name="Takuuhuolto Oy", type="warranty_registration", role="independent_controller"
    )
    disclosure = record_disclosure(
        None,
        person=person,
        recipient=recipient,
        basis="contract",
        categories=["service"],
        disclosed_on=today,
        reference="SJ-4711",
        record=job,
    )
    return World(
        person=person,
        customer=customer,
        voucher=voucher,
        order=order,
        account=account,
        job=job,
        application=application,
        recipient=recipient,
        disclosure=disclosure,
    )
