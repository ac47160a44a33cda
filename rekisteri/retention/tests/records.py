"""Dated register records for the purge tests: obviously fictional people and data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from rekisteri.registers.customers.models import Customer
from rekisteri.registers.customers.tests.factories import private_customer
from rekisteri.registers.recruiting.models import ApplicationStatus, JobApplication
from rekisteri.registers.recruiting.services import decide_application, receive_application
from rekisteri.registers.sales.models import Voucher
from rekisteri.registers.sales.services import create_voucher_draft, issue_voucher
from rekisteri.registers.sales.tests.factories import LAPTOP
from rekisteri.registers.service.models import DeviceCredential, ServiceJob
from rekisteri.registers.service.services import close_service_job
from rekisteri.registers.service.tests.factories import make_credential, make_job
from rekisteri.registers.staff.models import Employee
from rekisteri.registers.staff.services import EmployeeData, end_employment, hire_employee
from rekisteri.registers.webshop.models import Order
from rekisteri.registers.webshop.tests.factories import make_order
from rekisteri.subjects.models import Person

HELSINKI = ZoneInfo("Europe/Helsinki")


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    """A moment of ``day`` in Helsinki time."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI)


def person(first_name: str = "Testi", last_name: str = "Henkilö") -> Person:
    return Person.objects.create(first_name=first_name, last_name=last_name)


def order_on(day: dt.date, *, who: Person | None = None, hour: int = 12, minute: int = 0) -> Order:
    return make_order(who or person(), ordered_at=at(day, hour, minute))


def closed_job_with_credential(closed: dt.date, *, who: Person | None = None) -> DeviceCredential:
    job = make_job(who or person())
    credential = make_credential(job)
    close_service_job(None, job, work_done="Vaihdettu akku.")
    ServiceJob.objects.filter(pk=job.pk).update(closed_at=at(closed), handed_over_at=None)
    return credential


def customer_active_on(day: dt.date, **overrides: Any) -> Customer:
    customer = private_customer(**overrides)
    Customer.objects.filter(pk=customer.pk).update(last_activity_on=day)
    customer.refresh_from_db()
    return customer


def voucher_issued_on(day: dt.date, customer: Customer) -> Voucher:
    draft = create_voucher_draft(None, customer=customer, kind="sales_invoice", lines=[LAPTOP])
    return issue_voucher(None, draft, issued_on=day)


def application_decided_on(day: dt.date | None, *, who: Person | None = None) -> JobApplication:
    application = receive_application(
        None,
        person=who or person("Hakija", "Esimerkki"),
        position="Huoltoteknikko",
        email="hakija@example.fi",
        received_at=at(day or dt.date(2020, 1, 1)),
    )
    if day is None:
        return application
    return decide_application(None, application, status=ApplicationStatus.REJECTED, decided_on=day)


def former_employee(ended: dt.date, *, who: Person | None = None) -> Employee:
    data = EmployeeData(
        job_title="Myyjä",
        started_on=dt.date(2015, 3, 1),
        duties="Myynti ja asiakaspalvelu",
        work_email="myyja@example.fi",
        home_street_address="Kotikatu 3",
        home_postal_code="40100",
        home_city="Jyväskylä",
        personal_identity_code="010594Y9032",
        bank_account_iban="FI2112345600000785",
        tax_percentage=Decimal("20.0"),
        monthly_salary=Decimal("2500.00"),
    )
    employee = hire_employee(None, data, person=who or person("Entinen", "Työntekijä"))
    return end_employment(None, employee, ended_on=ended)
