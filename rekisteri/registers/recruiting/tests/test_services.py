"""The recruitment use cases: their records, audit events and CV files."""

from __future__ import annotations

import datetime as dt
import os
import stat
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.privacy.index import find_people
from rekisteri.registers.recruiting import storage
from rekisteri.registers.recruiting.models import ApplicationStatus, JobApplication
from rekisteri.registers.recruiting.policies import is_stored_name
from rekisteri.registers.recruiting.services import (
    CvFile,
    CvUnavailable,
    RecruitingError,
    decide_application,
    delete_application,
    download_cv,
    receive_application,
    replace_cv,
    update_application,
)
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


class Abort(Exception):
    """Raised by a test to roll back an enclosing transaction."""


def receive(actor, pdf_bytes, captured, **overrides):
    values: dict[str, Any] = {
        "first_name": "Testi",
        "last_name": "Hakija",
        "position": "Huoltoteknikko",
        "email": "testi.hakija@example.fi",
        "phone": "040 123 4567",
        "cover_letter": "Hei, haen paikkaa.",
        "cv": CvFile(name="CV Testi Hakija.pdf", data=pdf_bytes),
    }
    values.update(overrides)
    with captured(execute=True):
        return receive_application(actor, **values)


def files_in(directory):
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def test_receiving_an_application_creates_the_person_and_stores_the_cv_encrypted(
    hr, pdf_bytes, cv_dir, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)

    application.refresh_from_db()
    assert application.reference.startswith("R-")
    assert application.person.full_name == "Testi Hakija"
    assert application.phone == "+358401234567"
    assert is_stored_name(application.cv_stored_name)
    assert application.cv_original_name == "CV Testi Hakija.pdf"
    assert application.cv_content_type == "application/pdf"
    assert application.cv_size == len(pdf_bytes)
    assert files_in(cv_dir) == [application.cv_stored_name]
    on_disk = (cv_dir / application.cv_stored_name).read_bytes()
    assert b"CANARY-CV-TEXT" not in on_disk
    assert stat.S_IMODE(os.stat(cv_dir / application.cv_stored_name).st_mode) == 0o600
    assert storage.read_cv(application.cv_stored_name) == pdf_bytes


def test_receiving_an_application_is_audited_with_field_names_only(
    hr, pdf_bytes, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)

    person_event = AuditEvent.objects.get(type=EventType.PERSON_CREATED)
    event = AuditEvent.objects.get(type=EventType.RECORD_CREATED, target_ref=application.reference)
    assert person_event.actor_id == event.actor_id == hr.id
    assert event.person_ref == application.person.reference
    assert {"email", "phone", "cv_stored_name", "cover_letter"} <= set(event.fields)
    dumped = str([event.fields, event.reason, person_event.fields])
    assert "example.fi" not in dumped
    assert "Hakija" not in dumped


def test_an_existing_person_is_linked_not_duplicated(
    hr, pdf_bytes, django_capture_on_commit_callbacks
):
    person = Person.objects.create(first_name="Olli", last_name="Olemassa")

    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks, person=person, cv=None)

    assert application.person == person
    assert Person.objects.count() == 1
    assert application.cv_stored_name == ""


def test_a_rejected_cv_writes_nothing(hr, cv_dir, django_capture_on_commit_callbacks):
    with pytest.raises(RecruitingError) as caught:
        receive(hr, b"", django_capture_on_commit_callbacks, cv=CvFile("cv.pdf", b"<html>x</html>"))

    assert caught.value.code == "markup"
    assert JobApplication.objects.count() == 0
    assert Person.objects.count() == 0
    assert files_in(cv_dir) == []


def test_a_failure_after_the_cv_step_leaves_no_file_and_no_row(
    hr, pdf_bytes, cv_dir, monkeypatch, django_capture_on_commit_callbacks
):
    from rekisteri.registers.recruiting import services

    def failing_save_record(actor, instance, **kwargs):
        if isinstance(instance, JobApplication):
            raise RuntimeError("disk full")
        return instance.save() or instance

    monkeypatch.setattr(services, "save_record", failing_save_record)

    with pytest.raises(RuntimeError):
        receive(hr, pdf_bytes, django_capture_on_commit_callbacks)

    assert JobApplication.objects.count() == 0
    assert files_in(cv_dir) == []


def test_an_outer_rollback_never_publishes_the_cv(
    hr, pdf_bytes, cv_dir, django_capture_on_commit_callbacks
):
    def receive_then_abort():
        with transaction.atomic():
            receive_application(hr, first_name="A", last_name="B", cv=CvFile("cv.pdf", pdf_bytes))
            raise Abort

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Abort):
        receive_then_abort()

    assert callbacks == []
    assert JobApplication.objects.count() == 0
    # Only an unnamed staging file remains; it is garbage-collected by age.
    leftovers = files_in(cv_dir)
    assert len(leftovers) == 1
    assert leftovers[0].startswith(".staged-")
    assert storage.remove_stale_staging_files(older_than=dt.timedelta(0)) == 1
    assert files_in(cv_dir) == []


def test_updating_contact_details_audits_only_the_changed_fields(
    hr, pdf_bytes, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)

    update_application(
        hr,
        application,
        kind=application.kind,
        position=application.position,
        email="uusi.osoite@example.fi",
        phone="050 765 4321",
        cover_letter=application.cover_letter,
    )

    application.refresh_from_db()
    assert application.phone == "+358507654321"
    event = AuditEvent.objects.filter(type=EventType.RECORD_UPDATED).latest("id")
    assert event.fields == ["email", "phone"]
    assert "uusi" not in str(event.fields)


def test_an_invalid_phone_is_refused_by_the_service(
    hr, pdf_bytes, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)

    with pytest.raises(RecruitingError) as caught:
        update_application(
            hr, application, kind="job", position="", email="", phone="12", cover_letter=""
        )
    assert caught.value.code == "invalid_phone"


def test_a_final_decision_sets_the_retention_date_and_is_audited(
    hr, pdf_bytes, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)
    today = timezone.localdate()

    decide_application(
        hr, application, status=ApplicationStatus.REJECTED, notes="Soitettu 040 765 4321."
    )

    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.decided_on == today
    event = AuditEvent.objects.filter(type=EventType.RECORD_UPDATED).latest("id")
    assert event.actor_id == hr.id
    assert event.reason == "decision"
    assert event.fields == ["decided_on", "decision_notes", "status"]
    assert "040" not in str(event.fields) + event.reason


def test_a_decision_in_the_future_is_refused(hr, pdf_bytes, django_capture_on_commit_callbacks):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)

    with pytest.raises(RecruitingError):
        decide_application(
            hr,
            application,
            status=ApplicationStatus.HIRED,
            decided_on=timezone.localdate() + dt.timedelta(days=3),
        )
    application.refresh_from_db()
    assert application.status == "received"


def test_moving_back_to_interview_clears_the_decision_date(
    hr, pdf_bytes, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)
    decide_application(hr, application, status=ApplicationStatus.REJECTED)

    decide_application(hr, application, status=ApplicationStatus.INTERVIEW)

    application.refresh_from_db()
    assert application.decided_on is None


def test_replacing_the_cv_removes_the_old_file_after_commit(
    hr, pdf_bytes, cv_dir, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)
    old_name = application.cv_stored_name

    with django_capture_on_commit_callbacks(execute=True):
        replace_cv(hr, application, CvFile("uusi.txt", b"Uusi ansioluettelo"))

    application.refresh_from_db()
    assert application.cv_stored_name != old_name
    assert application.cv_stored_name.endswith(".txt")
    assert application.cv_content_type.startswith("text/plain")
    assert files_in(cv_dir) == [application.cv_stored_name]
    event = AuditEvent.objects.filter(type=EventType.RECORD_UPDATED).latest("id")
    assert event.reason == "cv replaced"
    assert "cv_stored_name" in event.fields


def test_a_rejected_replacement_keeps_the_old_cv(
    hr, pdf_bytes, cv_dir, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)
    old_name = application.cv_stored_name

    with pytest.raises(RecruitingError), django_capture_on_commit_callbacks(execute=True):
        replace_cv(hr, application, CvFile("cv.docm", b"PK\x03\x04broken"))

    assert application.cv_stored_name == old_name
    application.refresh_from_db()
    assert application.cv_stored_name == old_name
    assert files_in(cv_dir) == [old_name]


def test_downloading_the_cv_returns_the_plaintext_and_is_audited(
    registrar, hr, pdf_bytes, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)

    download = download_cv(registrar, application)

    assert download.data == pdf_bytes
    assert download.filename == f"{application.reference}-cv.pdf"
    assert download.content_type == "application/pdf"
    event = AuditEvent.objects.get(type=EventType.FILE_DOWNLOADED)
    assert event.actor_id == registrar.id
    assert event.target_ref == application.reference
    assert event.person_ref == application.person.reference
    assert event.fields == ["cv_stored_name"]


def test_a_missing_file_is_unavailable_and_not_audited(
    hr, pdf_bytes, cv_dir, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)
    (cv_dir / application.cv_stored_name).unlink()

    with pytest.raises(CvUnavailable):
        download_cv(hr, application)
    assert not AuditEvent.objects.filter(type=EventType.FILE_DOWNLOADED).exists()


def test_a_tampered_stored_name_never_reaches_outside_the_cv_directory(
    hr, pdf_bytes, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)
    application.cv_stored_name = "../../etc/passwd"

    with pytest.raises(CvUnavailable):
        download_cv(hr, application)


def test_deleting_an_application_deletes_its_file_on_commit(
    hr, pdf_bytes, cv_dir, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)
    reference = application.reference

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_application(hr, application)
    assert files_in(cv_dir) != []  # nothing removed before the commit
    for callback in callbacks:
        callback()

    assert files_in(cv_dir) == []
    assert not JobApplication.objects.filter(reference=reference).exists()
    event = AuditEvent.objects.get(type=EventType.RECORD_DELETED)
    assert event.target_ref == reference
    assert event.actor_id == hr.id


def test_a_rolled_back_deletion_keeps_the_file(
    hr, pdf_bytes, cv_dir, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)

    def delete_then_abort():
        with transaction.atomic():
            delete_application(hr, application)
            raise Abort

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Abort):
        delete_then_abort()

    assert files_in(cv_dir) == [application.cv_stored_name]
    assert JobApplication.objects.filter(reference=application.reference).exists()


def test_a_bulk_deletion_by_the_retention_sweep_takes_the_files(
    hr, pdf_bytes, cv_dir, django_capture_on_commit_callbacks
):
    receive(hr, pdf_bytes, django_capture_on_commit_callbacks)
    receive(hr, pdf_bytes, django_capture_on_commit_callbacks, first_name="Toinen")

    with django_capture_on_commit_callbacks(execute=True):
        JobApplication.objects.all().delete()

    assert files_in(cv_dir) == []


def test_anonymising_the_stored_name_in_bulk_removes_the_files(
    hr, pdf_bytes, cv_dir, django_capture_on_commit_callbacks
):
    receive(hr, pdf_bytes, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        JobApplication.objects.update(cv_stored_name="", cv_original_name="")

    assert files_in(cv_dir) == []


def test_the_subject_index_finds_the_application_by_email_phone_and_notes(
    hr, pdf_bytes, django_capture_on_commit_callbacks
):
    application = receive(hr, pdf_bytes, django_capture_on_commit_callbacks)
    decide_application(
        hr, application, status="rejected", notes="Päätös lähetetty: toinen.osoite@example.com"
    )
    person_id = application.person_id

    searches: tuple[dict[str, Any], ...] = (
        {"emails": ["TESTI.HAKIJA@example.fi"]},
        {"phones": ["+358 40 1234567"]},
        {"emails": ["toinen.osoite@example.com"]},
    )
    for kwargs in searches:
        matches = find_people(**kwargs)
        assert [m.person_id for m in matches] == [person_id]
        assert any(e.model == "recruiting.JobApplication" for e in matches[0].evidence)
