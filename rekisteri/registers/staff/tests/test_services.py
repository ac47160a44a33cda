"""The personnel use cases: employees, the end of employment and the health store."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.privacy.index import find_people
from rekisteri.registers.staff.models import Employee, HealthRecord, HealthRecordKind
from rekisteri.registers.staff.services import (
    StaffError,
    delete_health_record,
    end_employment,
    hire_employee,
    read_health_record,
    record_health_document,
    update_employee,
)
from rekisteri.subjects.models import Person

from .conftest import HEALTH_CANARY, HETU, IBAN, employee_data

pytestmark = pytest.mark.django_db


def raw_column(model, pk, column):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_hiring_creates_the_person_and_encrypts_the_identity_code_and_account(hr):
    employee = hire_employee(hr, employee_data(), first_name="Teppo", last_name="Työntekijä")

    employee = Employee.objects.get(pk=employee.pk)
    assert employee.reference.startswith("E-")
    assert employee.person.full_name == "Teppo Työntekijä"
    assert employee.personal_identity_code == HETU
    assert employee.bank_account_iban == IBAN
    assert employee.work_phone == "+358402223344"
    for column, plain in (("personal_identity_code", HETU), ("bank_account_iban", "1234560")):
        stored = raw_column(Employee, employee.pk, column)
        assert stored.startswith("v1:")
        assert plain not in stored


def test_hiring_is_audited_with_field_names_and_no_values(hr):
    employee = hire_employee(hr, employee_data(), first_name="Teppo", last_name="Työntekijä")

    event = AuditEvent.objects.get(type=EventType.RECORD_CREATED, target_ref=employee.reference)
    assert event.actor_id == hr.id
    assert event.person_ref == employee.person.reference
    assert {"personal_identity_code", "bank_account_iban", "started_on"} <= set(event.fields)
    assert HETU not in str(event.fields) + event.reason
    assert AuditEvent.objects.filter(type=EventType.PERSON_CREATED).count() == 1


def test_hiring_links_an_existing_person(hr):
    person = Person.objects.create(first_name="Hanna", last_name="Hakija")

    employee = hire_employee(hr, employee_data(), person=person)

    assert employee.person == person
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("personal_identity_code", "010190-900X", "invalid_hetu"),
        ("bank_account_iban", "FI21 1234 5600 0007 86", "invalid_iban"),
        ("work_phone", "123", "invalid_phone"),
        ("work_email", "not-an-email", "invalid_email"),
    ],
)
def test_invalid_identifiers_are_refused_and_nothing_is_written(hr, field, value, code):
    with pytest.raises(StaffError) as caught:
        hire_employee(hr, employee_data(**{field: value}), first_name="A", last_name="B")

    assert caught.value.code == code
    assert Employee.objects.count() == 0
    assert Person.objects.count() == 0


def test_updating_audits_only_changed_fields(hr, employee):
    update_employee(
        hr, employee, employee_data(personal_identity_code="131052-308T", job_title="Asentaja")
    )

    employee = Employee.objects.get(pk=employee.pk)
    assert employee.personal_identity_code == "131052-308T"
    event = AuditEvent.objects.filter(type=EventType.RECORD_UPDATED).latest("id")
    assert event.fields == ["job_title", "personal_identity_code"]
    assert "308T" not in str(event.fields)


def test_an_unchanged_update_writes_nothing(hr, employee):
    before = AuditEvent.objects.count()
    update_employee(hr, employee, employee_data())
    assert AuditEvent.objects.count() == before


def test_ending_the_employment_starts_the_retention_clock(hr, employee):
    end_employment(hr, employee, ended_on=dt.date(2025, 1, 31))

    employee.refresh_from_db()
    assert employee.ended_on == dt.date(2025, 1, 31)
    event = AuditEvent.objects.filter(type=EventType.RECORD_UPDATED).latest("id")
    assert event.fields == ["ended_on"]
    assert event.reason == "employment ended"
    assert Employee.objects.ended_before(dt.date(2025, 2, 1)).get() == employee


def test_an_employment_cannot_end_before_it_started(hr, employee):
    with pytest.raises(StaffError):
        end_employment(hr, employee, ended_on=dt.date(2020, 1, 1))


def test_a_health_handler_records_a_document_and_the_write_is_audited(health_handler, employee):
    record = record_health_document(
        health_handler,
        employee,
        kind=HealthRecordKind.SICK_LEAVE_CERTIFICATE,
        period_starts_on=dt.date(2024, 3, 4),
        period_ends_on=dt.date(2024, 3, 6),
        content=f"Työkyvytön. {HEALTH_CANARY}",
    )

    assert record.reference.startswith("TT-")
    assert record.created_by == health_handler
    assert HEALTH_CANARY not in raw_column(HealthRecord, record.pk, "content")
    assert HealthRecord.objects.get(pk=record.pk).content.endswith(HEALTH_CANARY)
    event = AuditEvent.objects.get(type=EventType.HEALTH_RECORD_WRITTEN)
    assert event.actor_id == health_handler.id
    assert event.target_ref == record.reference
    assert event.person_ref == employee.person.reference
    assert {"content", "kind", "period_starts_on"} <= set(event.fields)
    assert HEALTH_CANARY not in str(event.fields) + event.reason


@pytest.mark.parametrize("persona", ["hr", "registrar", "administrator", "outsider"])
def test_nobody_but_a_health_handler_may_write_health_records(persona, request, employee):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        record_health_document(user, employee, kind=HealthRecordKind.FITNESS_STATEMENT, content="x")
    assert not HealthRecord.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused(health_handler, employee):
    with pytest.raises(StaffError):
        record_health_document(
            health_handler,
            employee,
            kind=HealthRecordKind.SICK_LEAVE_CERTIFICATE,
            period_starts_on=dt.date(2024, 3, 6),
            period_ends_on=dt.date(2024, 3, 4),
        )


def test_reading_a_health_record_is_audited(health_handler, health_record):
    record = read_health_record(health_handler, health_record.reference)

    assert HEALTH_CANARY in record.content
    event = AuditEvent.objects.get(type=EventType.HEALTH_RECORD_VIEWED)
    assert event.actor_id == health_handler.id
    assert event.target_ref == health_record.reference
    assert "content" in event.fields


@pytest.mark.parametrize("persona", ["hr", "registrar", "administrator", "outsider"])
def test_nobody_else_may_read_health_records(persona, request, health_record):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        read_health_record(user, health_record.reference)
    assert not AuditEvent.objects.filter(type=EventType.HEALTH_RECORD_VIEWED).exists()


def test_the_health_queryset_is_empty_without_the_health_role(hr, health_handler, health_record):
    assert list(HealthRecord.objects.visible_to(hr)) == []
    assert list(HealthRecord.objects.visible_to(None)) == []
    assert list(HealthRecord.objects.visible_to(health_handler)) == [health_record]


def test_deleting_a_health_record_is_audited_as_a_health_write(health_handler, hr, health_record):
    with pytest.raises(PermissionDenied):
        delete_health_record(hr, health_record)

    delete_health_record(health_handler, health_record)

    assert not HealthRecord.objects.exists()
    event = AuditEvent.objects.get(type=EventType.HEALTH_RECORD_WRITTEN)
    assert event.reason == "deleted"
    assert event.actor_id == health_handler.id


def test_each_kind_of_health_record_names_its_retention_rule(health_record):
    assert health_record.retention_rule == "sick_leave_certificates"
    health_record.kind = HealthRecordKind.WORK_ABILITY_NOTE
    assert health_record.retention_rule == "other_health_data"


def test_the_subject_index_finds_the_employee_by_identity_code_account_and_phone(employee):
    searches: tuple[dict[str, Any], ...] = (
        {"hetus": [HETU.lower()]},
        {"ibans": [IBAN.replace(" ", "")]},
        {"phones": ["040 2223344"]},
        {"emails": ["Teppo.Tyontekija@example.fi"]},
    )
    for kwargs in searches:
        matches = find_people(**kwargs)
        assert [m.person_id for m in matches] == [employee.person_id]
        assert matches[0].evidence[0].model == "staff.Employee"


def test_health_records_leave_nothing_in_the_subject_index(health_handler, employee):
    from rekisteri.privacy.models import IndexEntry

    record_health_document(
        health_handler,
        employee,
        kind=HealthRecordKind.WORK_ABILITY_NOTE,
        content="Soita 040 999 8877",
    )
    assert not IndexEntry.objects.filter(model="staff.HealthRecord").exists()
    assert find_people(phones=["040 999 8877"]) == []
