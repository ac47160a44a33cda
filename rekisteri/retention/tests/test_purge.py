"""The purge against dated records: the day before and the day a period ends, field by field.

Each test builds register records with known dates, asks the dry run what is due
on the day before and on the day the period ends, and executes the purge.
Vouchers are guarded by their register against the real date, so tests that
execute around a voucher's date move the clock there with ``time_machine``.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.privacy.index import find_people
from rekisteri.registers.customers.models import CustomerAddress, CustomerEmail
from rekisteri.registers.recruiting.models import JobApplication
from rekisteri.registers.sales.models import Voucher, VoucherLine
from rekisteri.registers.sales.services import correct_voucher
from rekisteri.registers.service.models import DeviceCredential, ServiceJob
from rekisteri.registers.staff.models import Employee
from rekisteri.registers.webshop.models import Order, OrderLine
from rekisteri.retention.models import PurgeAction, PurgeCount, PurgeRun
from rekisteri.retention.services import (
    PurgeItem,
    execute_purge,
    plan_purge,
    set_rule_override,
)
from rekisteri.subjects.models import Person

from .records import (
    HELSINKI,
    application_decided_on,
    at,
    closed_job_with_credential,
    customer_active_on,
    former_employee,
    order_on,
    person,
    voucher_issued_on,
)

pytestmark = pytest.mark.django_db
D = dt.date


def _due(today: dt.date, rule: str, model: str, *, whole: bool | None = None) -> PurgeItem:
    found = [
        item
        for item in plan_purge(today)
        if item.rule.code == rule
        and item.model_label == model
        and (whole is None or item.whole_record == whole)
    ]
    assert len(found) == 1, found
    return found[0]


def _count(run: PurgeRun, rule: str, model: str, action: str, field: str = "") -> int:
    row = PurgeCount.objects.filter(
        run=run, rule=rule, model_label=model, action=action, field=field
    ).first()
    return row.count if row else 0


def _travel(day: dt.date):
    return time_machine.travel(at(day, 4), tick=False)


# --- The order's IP address: a field inside a record that stays -------------------------------


def test_an_ip_address_goes_after_13_months_while_the_order_stays():
    order = order_on(D(2024, 1, 31))
    assert _due(D(2025, 2, 27), "order_ip_address", "webshop.Order").count == 0
    assert _due(D(2025, 2, 28), "order_ip_address", "webshop.Order").count == 1

    run = execute_purge(None, D(2025, 2, 28))

    order.refresh_from_db()
    assert order.ip_address is None
    assert order.delivery_name == "Testi Asiakas"
    assert OrderLine.objects.filter(order=order).count() == 2
    assert _count(run, "order_ip_address", "webshop.Order", "clear", "ip_address") == 1
    assert not find_people(ips=["203.0.113.7"])


def test_an_ip_address_from_a_leap_day_goes_on_29_march_not_before():
    order_on(D(2024, 2, 29))
    assert _due(D(2025, 3, 28), "order_ip_address", "webshop.Order").count == 0
    assert _due(D(2025, 3, 29), "order_ip_address", "webshop.Order").count == 1


def test_an_orders_day_is_its_helsinki_date():
    # 23:30 on 31 January in Helsinki is 21:30 UTC: still 31 January.
    late = order_on(D(2024, 1, 31), hour=23, minute=30)
    # 00:30 on 1 February in Helsinki is 22:30 UTC on 31 January: already February.
    early = order_on(D(2024, 2, 1), hour=0, minute=30)

    execute_purge(None, D(2025, 2, 28))

    late.refresh_from_db()
    early.refresh_from_db()
    assert late.ip_address is None
    assert early.ip_address == "203.0.113.7"
    assert early.ordered_at.astimezone(dt.UTC).date() == D(2024, 1, 31)


def test_the_whole_order_goes_after_three_years_with_its_lines():
    order = order_on(D(2022, 5, 10))
    assert _due(D(2025, 5, 9), "purchase_history", "webshop.Order").count == 0
    item = _due(D(2025, 5, 10), "purchase_history", "webshop.Order")
    assert (item.count, item.action, item.whole_record) == (1, PurgeAction.DELETE, True)
    # The order is due as a whole, so its IP address is not counted separately.
    assert _due(D(2025, 5, 10), "order_ip_address", "webshop.Order").count == 0

    run = execute_purge(None, D(2025, 5, 10))

    assert not Order.objects.filter(pk=order.pk).exists()
    assert not OrderLine.objects.filter(order_id=order.pk).exists()
    assert _count(run, "purchase_history", "webshop.Order", "delete") == 1
    assert _count(run, "purchase_history", "webshop.OrderLine", "delete") == 2


# --- Device credentials: their own records, the job stays ------------------------------------


def test_device_credentials_go_seven_days_after_the_job_closed_and_the_job_stays():
    credential = closed_job_with_credential(D(2025, 3, 10))
    assert _due(D(2025, 3, 16), "device_credentials", "service.DeviceCredential").count == 0
    assert _due(D(2025, 3, 17), "device_credentials", "service.DeviceCredential").count == 1

    run = execute_purge(None, D(2025, 3, 17))

    assert not DeviceCredential.objects.filter(pk=credential.pk).exists()
    assert ServiceJob.objects.filter(pk=credential.job_id).exists()
    assert _count(run, "device_credentials", "service.DeviceCredential", "delete") == 1


def test_an_open_job_has_no_clock_and_keeps_its_credentials():
    credential = closed_job_with_credential(D(2020, 1, 1))
    ServiceJob.objects.filter(pk=credential.job_id).update(closed_at=None)

    execute_purge(None, D(2030, 1, 1))

    assert DeviceCredential.objects.filter(pk=credential.pk).exists()


# --- Customer master data: contacts deleted, the customer anonymised, the person too -----------


def test_customer_data_goes_three_years_after_the_last_activity_on_a_leap_day():
    customer = customer_active_on(D(2020, 2, 29))
    who = customer.person
    assert who is not None
    assert _due(D(2023, 2, 27), "customer_master", "customers.Customer").count == 0
    item = _due(D(2023, 2, 28), "customer_master", "customers.Customer")
    assert (item.count, item.action) == (1, PurgeAction.ANONYMISE)
    assert _due(D(2023, 2, 28), "orphan_person", "subjects.Person").count == 1

    run = execute_purge(None, D(2023, 2, 28))

    customer.refresh_from_db()
    assert customer.person is None
    assert customer.last_activity_on is None
    assert customer.customer_number is None
    assert not CustomerEmail.objects.filter(customer=customer).exists()
    assert not CustomerAddress.objects.filter(customer=customer).exists()
    assert not Person.objects.filter(pk=who.pk).exists()
    assert not find_people(emails=["testi.asiakas@example.fi"])
    assert _count(run, "customer_master", "customers.Customer", "anonymise") == 1
    assert _count(run, "customer_master", "customers.CustomerEmail", "delete") == 1
    assert _count(run, "orphan_person", "subjects.Person", "delete") == 1


def test_a_person_with_records_left_in_another_register_stays():
    customer = customer_active_on(D(2020, 1, 15))
    who = customer.person
    assert who is not None
    application_decided_on(None, who=who)  # undecided: no clock, still needed

    execute_purge(None, D(2024, 1, 1))

    assert Person.objects.filter(pk=who.pk).exists()


def test_an_anonymised_customer_is_not_anonymised_again():
    customer_active_on(D(2020, 1, 15))
    execute_purge(None, D(2024, 1, 1))
    events = AuditEvent.objects.count()

    second = execute_purge(None, D(2024, 1, 1))

    assert not second.counts.exists()
    assert AuditEvent.objects.count() == events
    assert all(item.count == 0 for item in plan_purge(D(2024, 1, 1)))


# --- Vouchers: six years from the end of the calendar year of the financial year ---------------


@override_settings(FINANCIAL_YEAR_START="07-01")
def test_broken_year_vouchers_go_on_1_january_after_six_years_from_their_years_end():
    customer = customer_active_on(D(2019, 6, 1))
    with _travel(D(2019, 8, 1)):
        june = voucher_issued_on(D(2019, 6, 30), customer)  # year 1.7.2018-30.6.2019
        july = voucher_issued_on(D(2019, 7, 1), customer)  # year 1.7.2019-30.6.2020
    assert (june.financial_year, july.financial_year) == (2019, 2020)

    assert _due(D(2025, 12, 31), "accounting_vouchers", "sales.Voucher").count == 0
    assert _due(D(2026, 1, 1), "accounting_vouchers", "sales.Voucher").count == 1
    assert _due(D(2026, 12, 31), "accounting_vouchers", "sales.Voucher").count == 1
    assert _due(D(2027, 1, 1), "accounting_vouchers", "sales.Voucher").count == 2

    with _travel(D(2026, 1, 1)):
        run = execute_purge(None, D(2026, 1, 1))
    assert not Voucher.objects.filter(pk=june.pk).exists()
    assert Voucher.objects.filter(pk=july.pk).exists()
    assert _count(run, "accounting_vouchers", "sales.Voucher", "delete") == 1
    assert _count(run, "accounting_vouchers", "sales.VoucherLine", "delete") == 1

    with _travel(D(2027, 1, 1)):
        execute_purge(None, D(2027, 1, 1))
    assert not Voucher.objects.filter(pk=july.pk).exists()
    assert not VoucherLine.objects.exists()


def test_calendar_year_vouchers_day_before_and_day_of():
    customer = customer_active_on(D(2018, 12, 1))
    with _travel(D(2019, 1, 5)):
        voucher_issued_on(D(2018, 12, 31), customer)
    assert _due(D(2024, 12, 31), "accounting_vouchers", "sales.Voucher").count == 0
    assert _due(D(2025, 1, 1), "accounting_vouchers", "sales.Voucher").count == 1


@override_settings(FINANCIAL_YEAR_START="07-01")
def test_a_voucher_its_register_still_holds_fails_alone_and_the_run_goes_on():
    """``--today`` later than the real date cannot unlock a voucher: the register refuses it."""
    customer = customer_active_on(D(2019, 6, 1))
    with _travel(D(2019, 8, 1)):
        voucher = voucher_issued_on(D(2019, 7, 1), customer)
    order = order_on(D(2026, 1, 10))

    with _travel(D(2026, 6, 1)):
        run = execute_purge(None, D(2027, 2, 10))

    assert Voucher.objects.filter(pk=voucher.pk).exists()
    assert _count(run, "accounting_vouchers", "sales.Voucher", "failed") == 1
    assert _count(run, "accounting_vouchers", "sales.VoucherLine", "failed") == 1
    order.refresh_from_db()
    assert order.ip_address is None  # the rest of the run went on
    assert run.finished_at is not None
    event = AuditEvent.objects.get(type=EventType.RETENTION_PURGED, target_ref="sales.Voucher")
    assert event.reason == "retention:accounting_vouchers delete 0, failed 1"


def test_a_voucher_a_later_correction_refers_to_is_anonymised_and_deleted_later():
    customer = customer_active_on(D(2018, 12, 1))
    with _travel(D(2019, 1, 10)):
        original = voucher_issued_on(D(2018, 12, 20), customer)
        correct_voucher(None, original, reason="Väärä hinta", issued_on=D(2019, 1, 10))

    with _travel(D(2025, 1, 1)):
        run = execute_purge(None, D(2025, 1, 1))

    original.refresh_from_db()
    assert original.billed_name == ""
    assert original.person_id is None
    assert _count(run, "accounting_vouchers", "sales.Voucher", "blocked") == 1

    with _travel(D(2026, 1, 1)):
        execute_purge(None, D(2026, 1, 1))
    assert not Voucher.objects.exists()


# --- Applications and employees ---------------------------------------------------------------


def test_an_application_goes_two_years_after_the_decision_and_an_undecided_one_stays():
    decided = application_decided_on(D(2022, 2, 28))
    waiting = application_decided_on(None)
    assert _due(D(2024, 2, 27), "job_applications", "recruiting.JobApplication").count == 0
    assert _due(D(2024, 2, 28), "job_applications", "recruiting.JobApplication").count == 1

    execute_purge(None, D(2024, 2, 28))

    assert not JobApplication.objects.filter(pk=decided.pk).exists()
    assert JobApplication.objects.filter(pk=waiting.pk).exists()


def test_a_former_employees_file_shrinks_rule_by_rule():
    employee = former_employee(D(2022, 6, 30))
    model = "staff.Employee"

    assert _due(D(2024, 6, 29), "personnel_file", model).count == 0
    assert _due(D(2024, 6, 30), "personnel_file", model).count == 1
    run = execute_purge(None, D(2024, 6, 30))
    employee.refresh_from_db()
    assert (employee.home_street_address, employee.work_email) == ("", "")
    assert employee.personal_identity_code == "010594Y9032"
    assert _count(run, "personnel_file", model, "clear", "home_city") == 1

    # Payroll data follows the vouchers: 2022 ended on 31.12.2022, so 1.1.2029.
    assert _due(D(2028, 12, 31), "payroll_tax", model).count == 0
    assert _due(D(2029, 1, 1), "payroll_tax", model).count == 1
    execute_purge(None, D(2029, 1, 1))
    employee.refresh_from_db()
    assert employee.personal_identity_code == ""
    assert employee.bank_account_iban == ""
    assert employee.tax_percentage is None
    assert employee.job_title == "Myyjä"
    assert not find_people(hetus=["010594Y9032"])

    # The work-certificate data stays ten years (Työsopimuslaki 6:7).
    assert _due(D(2032, 6, 29), "employment_certificate", model).count == 0
    assert _due(D(2032, 6, 30), "employment_certificate", model).count == 1
    execute_purge(None, D(2032, 6, 30))
    assert not Employee.objects.filter(pk=employee.pk).exists()


def test_a_current_employee_has_no_clock():
    employee = former_employee(D(2015, 6, 30))
    Employee.objects.filter(pk=employee.pk).update(ended_on=None)

    execute_purge(None, D(2040, 1, 1))

    employee.refresh_from_db()
    assert employee.home_city == "Jyväskylä"


# --- Restriction, dry run, overrides, audit ----------------------------------------------------


def test_records_of_a_restricted_person_are_kept_and_shown_as_kept():
    who = person()
    order = order_on(D(2020, 1, 10), who=who)
    Person.objects.filter(pk=who.pk).update(is_restricted=True)

    item = _due(D(2024, 1, 1), "purchase_history", "webshop.Order")
    assert (item.count, item.restricted) == (0, 1)
    execute_purge(None, D(2024, 1, 1))

    assert Order.objects.filter(pk=order.pk).exists()
    assert Person.objects.filter(pk=who.pk).exists()


def test_the_dry_run_changes_nothing():
    order = order_on(D(2020, 1, 10))
    events = AuditEvent.objects.count()

    items = plan_purge(D(2024, 1, 1))

    assert sum(item.count for item in items) >= 1
    assert Order.objects.filter(pk=order.pk).exists()
    assert AuditEvent.objects.count() == events
    assert not PurgeRun.objects.exists()


def test_a_tightened_rule_is_used_at_once_and_its_end_restores_the_default(administrator):
    order_on(D(2024, 6, 1))
    assert _due(D(2025, 1, 1), "order_ip_address", "webshop.Order").count == 0
    override = set_rule_override(
        administrator, "order_ip_address", months=6, days=0, reason="Fraud window is 6 months."
    )
    item = _due(D(2025, 1, 1), "order_ip_address", "webshop.Order")
    assert (item.count, item.rule.months) == (1, 6)

    from rekisteri.retention.services import end_rule_override

    end_rule_override(administrator, override, reason="Back to the reviewed default.")
    assert _due(D(2025, 1, 1), "order_ip_address", "webshop.Order").count == 0


def test_each_group_writes_one_audit_event_with_counts_and_no_personal_data(administrator):
    order_on(D(2024, 1, 10))
    order_on(D(2024, 1, 11))
    closed_job_with_credential(D(2024, 1, 1))

    run = execute_purge(administrator, D(2025, 3, 1))

    assert run.actor_label == "owner"
    cleared = AuditEvent.objects.get(type=EventType.RETENTION_PURGED, target_ref="webshop.Order")
    assert cleared.reason == "retention:order_ip_address clear 2"
    assert cleared.fields == ["ip_address"]
    assert cleared.actor_id == administrator.pk
    deleted = AuditEvent.objects.get(
        type=EventType.RETENTION_PURGED, target_ref="service.DeviceCredential"
    )
    assert deleted.reason == "retention:device_credentials delete 1"
    text = " ".join(f"{e.reason} {e.fields} {e.target_ref}" for e in AuditEvent.objects.all())
    assert "203.0.113.7" not in text
    assert "Testi" not in text


def test_a_run_by_the_scheduler_is_labelled_system():
    run = execute_purge(None, D(2025, 1, 1))
    assert (run.actor_id, run.actor_label, run.executed) == (None, "system", True)
    assert run.as_of == D(2025, 1, 1)
    assert run.finished_at is not None


def test_the_helsinki_zone_is_the_one_the_tests_assume(settings):
    assert settings.TIME_ZONE == "Europe/Helsinki"
    assert HELSINKI.key == settings.TIME_ZONE
