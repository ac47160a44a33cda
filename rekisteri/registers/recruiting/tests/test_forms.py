"""Validation of the application forms: translated errors, and the input kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from rekisteri.registers.recruiting.forms import ApplicationForm, CvUploadForm
from rekisteri.registers.recruiting.models import JobApplication
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


def new_form(data, files=None):
    return ApplicationForm(data, files or {}, instance=None)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Anna hakijan nimi tai rekisterissä jo olevan henkilön tunniste."),
        ("en", "Give the applicant's name or the reference of an existing person."),
    ],
)
def test_a_new_application_needs_a_name_in_either_language(language, message):
    with translation.override(language):
        form = new_form({"kind": "job", "position": "Myyjä", "email": "a@example.fi"})
        assert not form.is_valid()
        assert form.non_field_errors() == [message]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Tiedostotyyppiä ei tueta. Hyväksytyt muodot ovat PDF, DOCX, ODT ja pelkkä teksti."),
        ("en", "Unsupported file type. Accepted CV formats are PDF, DOCX, ODT and plain text."),
    ],
)
def test_a_binary_cv_is_refused_in_either_language(language, message):
    with translation.override(language):
        form = CvUploadForm({}, {"cv": SimpleUploadedFile("cv.exe", b"MZ\x00\x00binary")})
        assert not form.is_valid()
        assert form.errors["cv"] == [message]


def test_an_invalid_phone_keeps_everything_typed():
    data = {
        "first_name": "Aino",
        "last_name": "Ääninen",
        "kind": "job",
        "position": "Huoltoteknikko",
        "email": "aino@example.fi",
        "phone": "12",
        "cover_letter": "Olen innokas oppimaan.",
    }
    form = new_form(data)

    assert not form.is_valid()
    assert list(form.errors) == ["phone"]
    html = form.as_div()
    for value in (
        "Aino",
        "Ääninen",
        "Huoltoteknikko",
        "aino@example.fi",
        'value="12"',
        "Olen innokas",
    ):
        assert value in html


def test_an_unknown_person_reference_is_an_error():
    form = new_form({"person_reference": "h-nope2345", "kind": "job"})
    assert not form.is_valid()
    assert "person_reference" in form.errors


def test_a_known_person_reference_needs_no_name():
    person = Person.objects.create(first_name="Olli", last_name="Olemassa")
    form = new_form({"person_reference": person.reference.lower(), "kind": "job"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["person_reference"] == person


def test_the_phone_is_normalised():
    form = new_form({"first_name": "A", "kind": "job", "phone": "040-123 4567"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+358401234567"


def test_the_edit_form_refuses_a_future_decision_date(hr):
    person = Person.objects.create(first_name="A")
    application = JobApplication.objects.create(person=person)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with translation.override("fi"):
        form = ApplicationForm(
            {"kind": "job", "status": "rejected", "decided_on": tomorrow.isoformat()},
            instance=application,
        )
        assert not form.is_valid()
        assert form.errors["decided_on"] == ["Päätöspäivä ei voi olla tulevaisuudessa."]


def test_the_edit_form_has_no_name_fields_and_the_new_form_no_decision():
    person = Person.objects.create(first_name="A")
    application = JobApplication.objects.create(person=person)

    assert "first_name" not in ApplicationForm(instance=application).fields
    assert "status" in ApplicationForm(instance=application).fields
    assert "status" not in ApplicationForm().fields
    assert "first_name" in ApplicationForm().fields
