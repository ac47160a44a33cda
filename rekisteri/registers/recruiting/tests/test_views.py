"""The recruitment screens and pages for allowed and denied personas."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.registers.recruiting.models import JobApplication
from rekisteri.registers.recruiting.policies import is_stored_name
from rekisteri.registers.recruiting.services import CvFile, receive_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(hr, pdf_bytes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return receive_application(
            hr,
            first_name="Hanna",
            last_name="Hakija",
            email="hanna.hakija@example.fi",
            cv=CvFile("../../etc/passwd", pdf_bytes),
        )


def test_anonymous_visitors_are_sent_to_the_login_page(client_for, application):
    client = client_for(None)
    for url in (
        reverse("web:applications-list"),
        reverse("web:applications-detail", args=[application.reference]),
        reverse("recruiting:cv-download", args=[application.reference]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["clerk", "technician", "outsider", "health_handler_only"])
def test_roles_without_recruiting_get_403(persona, request, make_user, client_for, application):
    from rekisteri.accounts.roles import Role

    user = (
        make_user("named", Role.HEALTH_DATA_HANDLER)
        if persona == "health_handler_only"
        else request.getfixturevalue(persona)
    )
    client = client_for(user)
    for url in (
        reverse("web:applications-list"),
        reverse("web:applications-detail", args=[application.reference]),
        reverse("recruiting:cv-download", args=[application.reference]),
    ):
        assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(type=EventType.FILE_DOWNLOADED).exists()


def test_hr_sees_the_list_and_the_detail(hr, client_for, application):
    client = client_for(hr)

    listing = client.get(reverse("web:applications-list"))
    detail = client.get(reverse("web:applications-detail", args=[application.reference]))

    assert listing.status_code == 200
    assert application.reference in listing.content.decode()
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "hanna.hakija@example.fi" in body
    assert reverse("recruiting:cv-download", args=[application.reference]) in body


def test_the_registrar_may_read_but_not_create(registrar, client_for, application):
    client = client_for(registrar)

    assert (
        client.get(reverse("web:applications-detail", args=[application.reference])).status_code
        == 200
    )
    assert client.get(reverse("web:applications-create")).status_code == 403
    assert (
        client.get(reverse("recruiting:cv-upload", args=[application.reference])).status_code == 403
    )


def test_an_unknown_reference_is_404(hr, client_for):
    client = client_for(hr)
    assert client.get(reverse("web:applications-detail", args=["R-NOPE2345"])).status_code == 404
    assert client.get(reverse("recruiting:cv-download", args=["R-NOPE2345"])).status_code == 404


def test_the_cv_downloads_as_an_attachment_that_is_never_rendered(
    registrar, client_for, application, pdf_bytes
):
    response = client_for(registrar).get(
        reverse("recruiting:cv-download", args=[application.reference])
    )

    assert response.status_code == 200
    assert response.content == pdf_bytes
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="{application.reference}-cv.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(type=EventType.FILE_DOWNLOADED)
    assert event.actor_id == registrar.id


def test_the_uploaded_path_never_becomes_a_path(application):
    assert application.cv_original_name == "passwd"
    assert is_stored_name(application.cv_stored_name)


def test_hr_creates_an_application_with_a_cv_through_the_form(
    hr, client_for, cv_dir, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("cv\x00.html", b"Ansioluettelo\nTaidot: asiakaspalvelu\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hr).post(
            reverse("web:applications-create"),
            {
                "first_name": "Uusi",
                "last_name": "Hakija",
                "kind": "internship",
                "position": "Työharjoittelija",
                "email": "uusi.hakija@example.fi",
                "phone": "045 111 2233",
                "cover_letter": "",
                "cv": upload,
            },
        )

    application = JobApplication.objects.get(email="uusi.hakija@example.fi")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:applications-detail", args=[application.reference])
    assert application.phone == "+358451112233"
    assert application.cv_original_name == "cv.html"
    assert application.cv_stored_name.endswith(".txt")
    assert [p.name for p in cv_dir.iterdir()] == [application.cv_stored_name]


def test_an_html_file_named_pdf_is_refused_and_the_typed_values_are_kept(hr, client_for, cv_dir):
    upload = SimpleUploadedFile("cv.pdf", b"<html><script>alert(1)</script></html>")
    response = client_for(hr).post(
        reverse("web:applications-create"),
        {
            "first_name": "Kalle",
            "last_name": "Kokeilija",
            "kind": "job",
            "position": "Myyjä",
            "email": "kalle@example.fi",
            "phone": "040 555 6677",
            "cv": upload,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "web-page markup" in body
    assert 'value="Kokeilija"' in body
    assert 'value="kalle@example.fi"' in body
    assert JobApplication.objects.count() == 0
    assert not cv_dir.exists() or list(cv_dir.iterdir()) == []


def test_an_oversized_cv_is_refused(hr, client_for, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n" + b"0" * 2000)
    response = client_for(hr).post(
        reverse("web:applications-create"),
        {"first_name": "Iso", "last_name": "Tiedosto", "kind": "job", "cv": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "too large" in response.content.decode()
    assert JobApplication.objects.count() == 0


def test_the_edit_form_records_a_decision(hr, client_for, application):
    response = client_for(hr).post(
        reverse("web:applications-edit", args=[application.reference]),
        {
            "kind": "job",
            "position": "",
            "email": "hanna.hakija@example.fi",
            "phone": "",
            "cover_letter": "",
            "status": "rejected",
            "decided_on": "",
            "decision_notes": "Ei valittu.",
        },
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.decided_on is not None
    event = AuditEvent.objects.filter(type=EventType.RECORD_UPDATED).latest("id")
    assert event.reason == "decision"


def test_the_upload_page_replaces_the_cv(
    hr, client_for, application, cv_dir, django_capture_on_commit_callbacks
):
    old_name = application.cv_stored_name
    client = client_for(hr)
    assert (
        client.get(reverse("recruiting:cv-upload", args=[application.reference])).status_code == 200
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("recruiting:cv-upload", args=[application.reference]),
            {"cv": SimpleUploadedFile("uusi.txt", b"Uusi CV")},
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.cv_stored_name != old_name
    assert [p.name for p in cv_dir.iterdir()] == [application.cv_stored_name]


def test_the_upload_page_shows_a_refusal(hr, client_for, application):
    response = client_for(hr).post(
        reverse("recruiting:cv-upload", args=[application.reference]),
        {"cv": SimpleUploadedFile("cv.txt", b"bin\x00ary")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Unsupported file type" in response.content.decode()


def test_deleting_through_the_page_removes_the_row_and_file(
    hr, client_for, application, cv_dir, django_capture_on_commit_callbacks
):
    client = client_for(hr)
    url = reverse("recruiting:application-delete", args=[application.reference])
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert not JobApplication.objects.exists()
    assert list(cv_dir.iterdir()) == []


def test_the_person_card_shows_the_application_to_hr(hr, client_for, application):
    response = client_for(hr).get(reverse("web:person-detail", args=[application.person.reference]))
    assert response.status_code == 200
    assert application.reference in response.content.decode()
