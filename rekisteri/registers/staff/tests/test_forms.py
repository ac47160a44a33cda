"""Validation of the personnel forms: translated errors, input kept, secrets write-only."""

from __future__ import annotations

import pytest
from django.utils import translation

from rekisteri.registers.staff.forms import EmployeeForm, EndEmploymentForm, HealthRecordForm

from .conftest import HETU

pytestmark = pytest.mark.django_db


BASE = {
    "first_name": "Aino",
    "last_name": "Ääninen",
    "job_title": "Myyjä",
    "employment_type": "permanent",
    "started_on": "2025-01-02",
}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Anna työntekijän nimi tai rekisterissä jo olevan henkilön tunniste."),
        ("en", "Give the employee's name or the reference of an existing person."),
    ],
)
def test_a_new_employee_needs_a_name_in_either_language(language, message):
    with translation.override(language):
        form = EmployeeForm({**BASE, "first_name": "", "last_name": ""})
        assert not form.is_valid()
        assert form.non_field_errors() == [message]


def test_an_invalid_identity_code_is_refused_and_everything_typed_is_kept():
    form = EmployeeForm({**BASE, "personal_identity_code": "010190-900X", "home_city": "Jyväskylä"})

    assert not form.is_valid()
    assert list(form.errors) == ["personal_identity_code"]
    html = form.as_div()
    for value in ("Aino", "Ääninen", "Myyjä", "010190-900X", "Jyväskylä", "2025-01-02"):
        assert value in html


def test_an_invalid_iban_is_refused():
    form = EmployeeForm({**BASE, "bank_account_iban": "FI21 1234 5600 0007 86"})
    assert not form.is_valid()
    assert list(form.errors) == ["bank_account_iban"]


def test_the_edit_form_shows_the_secrets_masked_and_keeps_them_when_blank(employee):
    form = EmployeeForm(instance=employee)
    assert form.initial["personal_identity_code"] == ""
    assert "010190-***P" in str(form.fields["personal_identity_code"].help_text)

    bound = EmployeeForm(
        {"job_title": "Myyjä", "employment_type": "permanent", "started_on": "2023-05-02"},
        instance=employee,
    )
    assert bound.is_valid(), bound.errors
    assert bound.employee_data().personal_identity_code == HETU


def test_a_start_after_the_end_is_refused(employee):
    employee.ended_on = employee.started_on
    form = EmployeeForm(
        {"job_title": "Myyjä", "employment_type": "permanent", "started_on": "2030-01-01"},
        instance=employee,
    )
    assert not form.is_valid()
    assert "started_on" in form.errors


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Työsuhde ei voi päättyä ennen alkamistaan."),
        ("en", "The employment cannot end before it started."),
    ],
)
def test_ending_before_the_start_is_refused_in_either_language(employee, language, message):
    with translation.override(language):
        form = EndEmploymentForm({"ended_on": "2020-01-01"}, employee=employee)
        assert not form.is_valid()
        assert form.errors["ended_on"] == [message]


def test_a_health_document_period_must_run_forwards(employee):
    with translation.override("fi"):
        form = HealthRecordForm(
            {
                "employee": employee.pk,
                "kind": "sick_leave_certificate",
                "period_starts_on": "2024-03-06",
                "period_ends_on": "2024-03-04",
                "received_on": "2024-03-07",
                "content": "Työkyvytön.",
            }
        )
        assert not form.is_valid()
        assert form.errors["period_ends_on"] == ["Jakso ei voi päättyä ennen alkamistaan."]


def test_the_health_form_has_no_diagnosis_field():
    assert not any("diagnos" in name for name in HealthRecordForm().fields)
