"""The personnel screens: masking, the separate health store and its audited pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rekisteri.accounts.roles import Role
from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.registers.staff.models import Employee, HealthRecord

from .conftest import HEALTH_CANARY, HETU

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client_for, employee, health_record):
    client = client_for(None)
    for url in (
        reverse("web:employees-list"),
        reverse("web:employees-detail", args=[employee.reference]),
        reverse("web:health-records-list"),
        reverse("staff:health-record-read", args=[health_record.reference]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["clerk", "technician", "outsider"])
def test_roles_without_staff_access_get_403(persona, request, client_for, employee):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("web:employees-list")).status_code == 403
    assert client.get(reverse("web:employees-detail", args=[employee.reference])).status_code == 403


def test_hr_sees_the_identity_code_and_account_unmasked(hr, client_for, employee):
    body = (
        client_for(hr)
        .get(reverse("web:employees-detail", args=[employee.reference]))
        .content.decode()
    )
    assert HETU in body
    assert "FI21 1234 5600 0007 85" in body


def test_the_registrar_sees_them_masked(registrar, client_for, employee):
    response = client_for(registrar).get(reverse("web:employees-detail", args=[employee.reference]))
    body = response.content.decode()
    assert response.status_code == 200
    assert HETU not in body
    assert "010190-***P" in body
    assert "1234 5600" not in body
    assert "FI•• •••• •••• 0785" in body


def test_the_registrar_may_not_edit_employees(registrar, client_for, employee):
    client = client_for(registrar)
    assert client.get(reverse("web:employees-create")).status_code == 403
    assert client.get(reverse("web:employees-edit", args=[employee.reference])).status_code == 403
    assert client.get(reverse("staff:employee-end", args=[employee.reference])).status_code == 403


def test_an_unknown_employee_is_404(hr, client_for):
    client = client_for(hr)
    assert client.get(reverse("web:employees-detail", args=["E-NOPE2345"])).status_code == 404
    assert client.get(reverse("staff:employee-end", args=["E-NOPE2345"])).status_code == 404


def test_hr_without_the_health_role_gets_403_on_every_health_page(hr, client_for, health_record):
    client = client_for(hr)
    for url in (
        reverse("web:health-records-list"),
        reverse("web:health-records-create"),
        reverse("web:health-records-detail", args=[health_record.reference]),
        reverse("staff:health-record-read", args=[health_record.reference]),
        reverse("staff:health-record-delete", args=[health_record.reference]),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            reverse("staff:health-record-delete", args=[health_record.reference])
        ).status_code
        == 403
    )
    assert HealthRecord.objects.exists()
    assert not AuditEvent.objects.filter(type=EventType.HEALTH_RECORD_VIEWED).exists()


@pytest.mark.parametrize("persona", ["registrar", "administrator"])
def test_readers_of_every_register_still_get_403_for_health_records(
    persona, request, client_for, health_record
):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("web:health-records-list")).status_code == 403
    assert (
        client.get(reverse("staff:health-record-read", args=[health_record.reference])).status_code
        == 403
    )


def test_health_content_never_appears_on_the_employee_page_or_person_card_for_hr(
    hr, client_for, employee, health_record
):
    client = client_for(hr)
    for url in (
        reverse("web:employees-detail", args=[employee.reference]),
        reverse("web:person-detail", args=[employee.person.reference]),
    ):
        body = client.get(url).content.decode()
        assert HEALTH_CANARY not in body
        assert health_record.reference not in body
        assert "Sick-leave certificate" not in body
        assert "Sairauslomatodistus" not in body


def test_the_health_handler_sees_metadata_but_not_content_on_the_generic_pages(
    health_handler, client_for, health_record
):
    client = client_for(health_handler)
    listing = client.get(reverse("web:health-records-list"), HTTP_ACCEPT_LANGUAGE="en")
    detail = client.get(
        reverse("web:health-records-detail", args=[health_record.reference]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    card = client.get(
        reverse("web:person-detail", args=[health_record.employee.person.reference]),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert listing.status_code == detail.status_code == card.status_code == 200
    for response in (listing, detail, card):
        body = response.content.decode()
        assert health_record.reference in body
        assert HEALTH_CANARY not in body
    assert (
        reverse("staff:health-record-read", args=[health_record.reference])
        in detail.content.decode()
    )


def test_the_read_page_shows_the_content_and_logs_the_read(
    health_handler, client_for, health_record
):
    response = client_for(health_handler).get(
        reverse("staff:health-record-read", args=[health_record.reference])
    )

    assert response.status_code == 200
    assert HEALTH_CANARY in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(type=EventType.HEALTH_RECORD_VIEWED)
    assert event.actor_id == health_handler.id
    assert event.target_ref == health_record.reference


def test_an_unknown_health_record_is_404_and_not_logged(health_handler, client_for):
    response = client_for(health_handler).get(
        reverse("staff:health-record-read", args=["TT-NOPE2345"])
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(type=EventType.HEALTH_RECORD_VIEWED).exists()


def test_a_named_handler_without_hr_can_record_a_document(make_user, client_for, employee):
    nurse = make_user("named-only", Role.HEALTH_DATA_HANDLER)
    response = client_for(nurse).post(
        reverse("web:health-records-create"),
        {
            "employee": employee.pk,
            "kind": "fitness_statement",
            "period_starts_on": "2024-05-02",
            "period_ends_on": "",
            "received_on": "2024-05-03",
            "content": "Työhön soveltuva.",
        },
    )

    record = HealthRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:health-records-detail", args=[record.reference])
    assert record.created_by == nurse
    assert AuditEvent.objects.filter(type=EventType.HEALTH_RECORD_WRITTEN).count() == 1


def test_health_records_are_not_editable_through_the_generic_form(
    health_handler, client_for, health_record
):
    response = client_for(health_handler).get(
        reverse("web:health-records-edit", args=[health_record.reference])
    )
    assert response.status_code == 404


def test_the_handler_deletes_a_document(health_handler, client_for, health_record):
    client = client_for(health_handler)
    url = reverse("staff:health-record-delete", args=[health_record.reference])
    assert HEALTH_CANARY not in client.get(url).content.decode()

    response = client.post(url)

    assert response.status_code == 302
    assert not HealthRecord.objects.exists()


def test_hr_hires_through_the_form(hr, client_for):
    response = client_for(hr).post(
        reverse("web:employees-create"),
        {
            "first_name": "Uusi",
            "last_name": "Työntekijä",
            "job_title": "Myyjä",
            "employment_type": "fixed_term",
            "started_on": "2025-06-01",
            "work_phone": "050 123 4567",
            "personal_identity_code": "131052-308t",
            "bank_account_iban": "fi2112345600000785",
        },
    )

    employee = Employee.objects.get()
    assert response.status_code == 302
    assert employee.personal_identity_code == "131052-308T"
    assert employee.bank_account_iban == "FI21 1234 5600 0007 85"
    assert employee.work_phone == "+358501234567"


def test_the_edit_form_never_puts_the_secrets_back_into_the_page(hr, client_for, employee):
    body = (
        client_for(hr)
        .get(reverse("web:employees-edit", args=[employee.reference]))
        .content.decode()
    )
    assert HETU not in body
    assert "1234 5600" not in body
    assert "010190-***P" in body


def test_a_blank_secret_on_the_edit_form_keeps_the_stored_value(hr, client_for, employee):
    response = client_for(hr).post(
        reverse("web:employees-edit", args=[employee.reference]),
        {
            "job_title": "Asentaja",
            "employment_type": "permanent",
            "started_on": "2023-05-02",
            "personal_identity_code": "",
            "bank_account_iban": "",
        },
    )

    assert response.status_code == 302
    employee = Employee.objects.get(pk=employee.pk)
    assert employee.job_title == "Asentaja"
    assert employee.personal_identity_code == HETU
    event = AuditEvent.objects.filter(type=EventType.RECORD_UPDATED).latest("id")
    assert "personal_identity_code" not in event.fields
    assert "job_title" in event.fields


def test_ending_an_employment_through_the_page(hr, client_for, employee):
    client = client_for(hr)
    url = reverse("staff:employee-end", args=[employee.reference])
    assert client.get(url).status_code == 200

    response = client.post(url, {"ended_on": "2025-02-28"})

    assert response.status_code == 302
    employee.refresh_from_db()
    assert str(employee.ended_on) == "2025-02-28"
