"""The staff import pages: upload, preview, commit, cancel, rejects; permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.imports.models import ImportBatch
from rekisteri.imports.storage import staged_path
from rekisteri.imports.tests.helpers import EXAMPLES, csv_bytes, customer
from rekisteri.registers.customers.models import Customer
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, register: str = "customers", name: str = "asiakkaat.csv"):
    return client.post(
        reverse("imports:upload"),
        {"register": register, "file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


@pytest.fixture
def admin_client(client_for, administrator):
    client = client_for(administrator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_upload_page_is_for_the_administrator_only(
    client_for, administrator, clerk, registrar, outsider
):
    url = reverse("imports:upload")
    assert client_for(administrator).get(url).status_code == 200
    for user in (clerk, registrar, outsider):
        assert client_for(user).get(url).status_code == 403
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302


def test_an_upload_is_staged_encrypted_and_previewed_without_writing(admin_client):
    data = (EXAMPLES / "customers.csv").read_bytes()
    response = upload(admin_client, data)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{batch.reference}/")
    stored = staged_path(batch.stored_name).read_bytes()
    assert b"Virtanen" not in stored
    assert stored.startswith(b"RKENC1")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT preview FROM imports_importbatch")
        [(raw_preview,)] = cursor.fetchall()
    assert "Virtanen" not in raw_preview
    assert raw_preview.startswith("v1:")
    assert Person.objects.count() == 0
    page = admin_client.get(reverse("imports:preview", args=[batch.reference]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Aino Virtanen" in text
    assert "+358401234567" in text
    assert AuditEvent.objects.filter(type=EventType.RECORD_CREATED, target_ref=batch.reference)


def test_commit_imports_the_file_and_deletes_the_staged_copy(
    admin_client, administrator, django_capture_on_commit_callbacks
):
    upload(admin_client, (EXAMPLES / "customers.csv").read_bytes())
    batch = ImportBatch.objects.get()
    path = staged_path(batch.stored_name)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("imports:commit", args=[batch.reference]))
    assert response.status_code == 302
    assert Customer.objects.count() == 6
    assert not ImportBatch.objects.exists()
    assert not path.exists()
    event = AuditEvent.objects.get(type=EventType.IMPORT_APPLIED)
    assert event.actor_id == administrator.pk


def test_cancel_discards_the_file_and_writes_nothing(
    admin_client, django_capture_on_commit_callbacks
):
    upload(admin_client, csv_bytes([customer("1")]))
    batch = ImportBatch.objects.get()
    path = staged_path(batch.stored_name)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("imports:cancel", args=[batch.reference]))
    assert response.status_code == 302
    assert not ImportBatch.objects.exists()
    assert not path.exists()
    assert Person.objects.count() == 0


def test_a_file_with_rejected_rows_shows_the_reasons_and_cannot_be_committed(admin_client):
    upload(admin_client, csv_bytes([customer("1"), customer("2", phone="12")]))
    batch = ImportBatch.objects.get()
    page = admin_client.get(reverse("imports:preview", args=[batch.reference])).content.decode()
    assert "not a valid phone number" in page
    assert reverse("imports:commit", args=[batch.reference]) not in page
    admin_client.post(reverse("imports:commit", args=[batch.reference]))
    assert Person.objects.count() == 0
    assert ImportBatch.objects.exists()
    download = admin_client.get(reverse("imports:rejects", args=[batch.reference]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert "3;" in download.content.decode()
    assert "not a valid phone" in download.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("customer_number;last_name\n1;Mäkinen\n".encode("latin-1"), "not UTF-8"),
        ("customer_number;last_name\n".encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04\x14\x00", "Excel"),
        (b"", "empty"),
        (b"customer_number;colour\n1;red\n", "Unknown columns"),
    ],
)
def test_unreadable_uploads_are_refused_on_the_form(admin_client, data, message):
    response = upload(admin_client, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_size_limit_is_refused(admin_client, monkeypatch):
    from rekisteri.imports import forms

    monkeypatch.setattr(forms, "UI_MAX_UPLOAD_BYTES", 100)
    response = upload(admin_client, csv_bytes([customer(str(n)) for n in range(20)]))
    assert response.status_code == 400
    assert "2 MB" in response.content.decode()


def test_other_roles_cannot_preview_commit_or_cancel(client_for, admin_client, clerk, registrar):
    upload(admin_client, csv_bytes([customer("1")]))
    batch = ImportBatch.objects.get()
    for user in (clerk, registrar):
        client = client_for(user)
        assert client.get(reverse("imports:preview", args=[batch.reference])).status_code == 403
        assert client.post(reverse("imports:commit", args=[batch.reference])).status_code == 403
        assert client.post(reverse("imports:cancel", args=[batch.reference])).status_code == 403
        assert client.get(reverse("imports:rejects", args=[batch.reference])).status_code == 403
    assert ImportBatch.objects.exists()
    assert Person.objects.count() == 0


def test_a_staged_file_is_deleted_after_seven_days(
    admin_client, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from rekisteri.imports.services import staging_expires_on

    assert staging_expires_on(dt.date(2026, 1, 1)) == dt.date(2026, 1, 8)

    upload(admin_client, csv_bytes([customer("1")]))
    batch = ImportBatch.objects.get()
    path = staged_path(batch.stored_name)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(days=6))
    call_command("purge_imports")
    assert ImportBatch.objects.exists()
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_imports")
    assert not ImportBatch.objects.exists()
    assert not path.exists()
