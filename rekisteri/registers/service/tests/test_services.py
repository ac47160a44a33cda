"""Use cases of the service register, each with its audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.privacy.index import find_people
from rekisteri.registers.service.models import DeviceCredential, JobKind, JobStatus, ServiceJob
from rekisteri.registers.service.services import (
    CredentialPurged,
    JobClosed,
    ServiceError,
    add_device_credential,
    close_service_job,
    open_service_job,
    purge_expired_credentials,
    reveal_device_credential,
    update_service_job,
)

from .factories import (
    DEVICE_USERNAME,
    SECRET,
    closed_days_ago,
    make_credential,
    make_job,
    make_person,
)

pytestmark = pytest.mark.django_db


def _events(kind: EventType) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(type=kind).order_by("id"))


def _raw_credential_row(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT username, secret FROM service_devicecredential WHERE id = %s", [pk])
        return str(cursor.fetchone())


def _assert_no_values(event: AuditEvent, *values: str) -> None:
    text = f"{event.fields} {event.reason} {event.target_ref}"
    for value in values:
        assert value not in text


def test_opening_a_job_records_it_with_the_actor_and_field_names(technician):
    person = make_person()
    job = open_service_job(
        technician,
        person=person,
        kind=JobKind.INSTALLATION,
        device="Asus RT-AX58U",
        fault_description="Kotiverkon asennus",
        assigned_to=technician,
    )
    job.refresh_from_db()
    assert job.reference.startswith("J-")
    assert job.status == JobStatus.RECEIVED
    event = _events(EventType.RECORD_CREATED)[-1]
    assert (event.actor_id, event.target_ref, event.person_ref) == (
        technician.pk,
        job.reference,
        person.reference,
    )
    assert {"device", "fault_description", "assigned_to"} <= set(event.fields)
    _assert_no_values(event, "Asus", "Kotiverkon")


def test_a_job_needs_a_device_and_a_fault_description():
    with pytest.raises(ServiceError):
        make_job(device=" ")
    with pytest.raises(ServiceError):
        make_job(fault_description="")
    assert ServiceJob.objects.count() == 0


def test_updating_a_job_logs_only_the_changed_fields(technician):
    job = make_job()
    update_service_job(
        technician,
        job,
        changes={
            "status": JobStatus.IN_PROGRESS,
            "device": job.device,
            "notes": "Soita 040 123 4567",
        },
    )
    job.refresh_from_db()
    assert job.status == JobStatus.IN_PROGRESS
    event = _events(EventType.RECORD_UPDATED)[-1]
    assert event.fields == ["notes", "status"]
    _assert_no_values(event, "040 123 4567")


def test_a_job_cannot_be_closed_by_an_update(technician):
    job = make_job()
    with pytest.raises(ServiceError):
        update_service_job(technician, job, changes={"status": JobStatus.CLOSED})
    job.refresh_from_db()
    assert job.status == JobStatus.RECEIVED


def test_a_closed_job_can_no_longer_be_edited(technician):
    job = make_job()
    close_service_job(technician, job, work_done="Vaihdettu akku.")
    with pytest.raises(JobClosed):
        update_service_job(technician, job, changes={"notes": "myöhemmin"})


def test_a_credential_is_stored_encrypted_and_logged_without_its_value(technician):
    job = make_job()
    credential = add_device_credential(
        technician, job, label="Windows-kirjautuminen", username=DEVICE_USERNAME, secret=SECRET
    )
    raw = _raw_credential_row(credential.pk)
    assert SECRET not in raw
    assert DEVICE_USERNAME not in raw
    assert raw.count("v1:") == 2
    stored = DeviceCredential.objects.get(pk=credential.pk)
    assert (stored.username, stored.secret) == (DEVICE_USERNAME, SECRET)
    event = _events(EventType.RECORD_CREATED)[-1]
    assert event.actor_id == technician.pk
    assert event.person_ref == job.person.reference
    assert {"label", "username", "secret"} <= set(event.fields)
    _assert_no_values(event, SECRET, DEVICE_USERNAME)


def test_a_credential_needs_a_label_and_a_secret():
    job = make_job()
    with pytest.raises(ServiceError):
        add_device_credential(None, job, label="", secret=SECRET)
    with pytest.raises(ServiceError):
        add_device_credential(None, job, label="BIOS", secret="")
    assert DeviceCredential.objects.count() == 0


def test_a_technician_reveals_a_credential_and_the_reveal_is_logged(technician):
    credential = make_credential()
    assert reveal_device_credential(technician, credential) == SECRET
    assert reveal_device_credential(technician, credential, field="username") == DEVICE_USERNAME
    events = _events(EventType.SECRET_REVEALED)
    assert [e.fields for e in events] == [["secret"], ["username"]]
    assert all(e.actor_id == technician.pk for e in events)
    assert events[0].target_ref == credential.reference
    assert events[0].person_ref == credential.job.person.reference
    _assert_no_values(events[0], SECRET)


@pytest.mark.parametrize("persona", ["clerk", "registrar", "administrator", "outsider"])
def test_only_technicians_may_reveal_credentials(request, persona):
    credential = make_credential()
    with pytest.raises(PermissionDenied):
        reveal_device_credential(request.getfixturevalue(persona), credential)
    with pytest.raises(PermissionDenied):
        reveal_device_credential(None, credential)
    assert not _events(EventType.SECRET_REVEALED)


def test_closing_a_job_purges_device_credentials(technician):
    job = make_job()
    first = make_credential(job)
    second = make_credential(
        job, label="Reitittimen hallinta", username="admin", secret="Reititin-99"
    )

    close_service_job(technician, job, work_done="Vaihdettu SSD ja asennettu Windows.")

    job.refresh_from_db()
    assert job.status == JobStatus.CLOSED
    assert job.closed_at is not None
    assert job.work_done == "Vaihdettu SSD ja asennettu Windows."
    for credential in (first, second):
        credential.refresh_from_db()
        assert credential.purged_at == job.closed_at
        assert (credential.username, credential.secret) == ("", "")
        assert credential.label  # kept as proof of what was held and purged
        assert _raw_credential_row(credential.pk) == "('', '')"
    purged = _events(EventType.CREDENTIAL_PURGED)
    assert sorted(e.target_ref for e in purged) == sorted([first.reference, second.reference])
    assert all(e.fields == ["secret", "username"] and e.actor_id == technician.pk for e in purged)
    closed = [e for e in _events(EventType.RECORD_UPDATED) if e.target_ref == job.reference][-1]
    assert closed.fields == ["closed_at", "status", "work_done"]


def test_a_purged_credential_can_no_longer_be_revealed(technician):
    credential = make_credential()
    close_service_job(technician, credential.job, work_done="Valmis.")
    credential.refresh_from_db()
    with pytest.raises(CredentialPurged):
        reveal_device_credential(technician, credential)


def test_a_job_is_closed_only_once_and_needs_the_work_done(technician):
    job = make_job()
    with pytest.raises(ServiceError):
        close_service_job(technician, job, work_done=" ")
    job.refresh_from_db()
    assert job.status == JobStatus.RECEIVED
    close_service_job(technician, job, work_done="Valmis.")
    with pytest.raises(JobClosed):
        close_service_job(technician, job, work_done="Uudelleen.")


def test_no_credentials_can_be_added_to_a_closed_job(technician):
    job = make_job()
    close_service_job(technician, job, work_done="Valmis.")
    with pytest.raises(JobClosed):
        add_device_credential(technician, job, label="Windows", secret=SECRET)


def test_the_sweep_purges_credentials_left_on_jobs_closed_seven_days_ago():
    today = dt.date(2026, 3, 20)
    leftover = make_credential()
    recent = make_credential()
    running = make_credential()
    # Closed without purging, as by an older version or an import: leftovers.
    closed_days_ago(leftover.job, 7, today=today)
    closed_days_ago(recent.job, 6, today=today)

    assert purge_expired_credentials(today) == 1

    leftover.refresh_from_db()
    recent.refresh_from_db()
    running.refresh_from_db()
    assert leftover.purged_at is not None
    assert leftover.secret == ""
    assert recent.purged_at is None
    assert recent.secret == SECRET
    assert running.purged_at is None
    assert running.secret == SECRET
    event = _events(EventType.CREDENTIAL_PURGED)[-1]
    assert (event.target_ref, event.actor_id) == (leftover.reference, None)
    assert event.reason == "retention: device_credentials"
    assert purge_expired_credentials(today) == 0


def test_the_sweep_purges_credentials_seven_days_after_handover_even_if_the_job_is_open():
    today = dt.date(2026, 3, 20)
    job = make_job()
    handed = timezone.make_aware(dt.datetime(2026, 3, 13, 15, 0))
    update_service_job(None, job, changes={"handed_over_at": handed, "status": JobStatus.READY})
    credential = make_credential(job)

    assert purge_expired_credentials(dt.date(2026, 3, 19)) == 0
    assert purge_expired_credentials(today) == 1
    credential.refresh_from_db()
    assert credential.is_purged


def test_the_subject_index_finds_a_job_by_a_phone_or_email_in_its_notes():
    person = make_person("Kaisa", "Virtanen")
    make_job(person, notes="Asiakas toivoo soittoa numeroon 050 765 4321, kuitti kaisa@example.fi")

    by_phone = find_people(phones=["+358507654321"])
    assert by_phone[0].person_id == person.pk
    assert by_phone[0].evidence[0].model == "service.ServiceJob"
    assert by_phone[0].evidence[0].in_text
    assert find_people(emails=["KAISA@example.fi"])[0].person_id == person.pk


def test_device_credentials_are_never_put_in_the_subject_index():
    credential = make_credential(username="kaisa@example.fi")
    assert not [
        e
        for m in find_people(emails=["kaisa@example.fi"])
        for e in m.evidence
        if e.object_id == str(credential.pk)
    ]
