"""Storage: the SQLite pragmas hold on every connection, and secrets are not stored in clear."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite pragmas; PostgreSQL has no such settings"
)


def _pragma(name: str) -> object:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


@sqlite_only
def test_sqlite_connections_use_wal_foreign_keys_secure_delete_and_a_busy_timeout():
    connection.ensure_connection()
    assert str(_pragma("journal_mode")).lower() == "wal"
    assert _pragma("foreign_keys") == 1
    assert _pragma("secure_delete") == 1
    assert int(str(_pragma("busy_timeout"))) >= 5000


@sqlite_only
def test_sqlite_writers_take_immediate_transactions():
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def _raw_storage_bytes() -> bytes:
    """Return the SQLite file, its WAL and every uploaded file, as raw bytes."""
    from pathlib import Path

    from django.conf import settings

    name = Path(str(connection.settings_dict["NAME"]))
    chunks = [p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists()]
    upload_dir = Path(settings.UPLOAD_DIR)
    if upload_dir.exists():
        chunks += [p.read_bytes() for p in upload_dir.rglob("*") if p.is_file()]
    return b"\n".join(chunks)


@sqlite_only
def test_credentials_hetu_iban_and_cv_never_reach_the_disk_in_clear(clerk):
    import datetime as dt

    from rekisteri.registers.recruiting.services import CvFile, receive_application
    from rekisteri.registers.service.services import add_device_credential, open_service_job
    from rekisteri.registers.staff.services import EmployeeData, hire_employee
    from rekisteri.subjects.models import Person

    secret = "Salasana-CANARY-7f3e9"
    hetu = "010594Y9032"
    iban = "FI2112345600000785"
    cv_text = "Curriculum vitae CANARY-CV-51c2: ten years of repairing laptops."
    control = "Kontrollinen"

    person = Person.objects.create(first_name="Aino", last_name=control)
    job = open_service_job(clerk, person=person, device="Laptop", fault_description="No boot")
    add_device_credential(clerk, job, label="Windows", username="aino-admin", secret=secret)
    hire_employee(
        clerk,
        EmployeeData(
            job_title="Myyjä",
            started_on=dt.date(2025, 1, 1),
            personal_identity_code=hetu,
            bank_account_iban=iban,
        ),
        person=person,
    )
    receive_application(
        clerk,
        position="Huoltoteknikko",
        email="aino@example.fi",
        cv=CvFile(name="cv.txt", data=cv_text.encode()),
        person=person,
    )

    raw = _raw_storage_bytes()
    assert control.encode() in raw  # the scan does see ordinary, unencrypted data
    for value in (secret, "aino-admin", hetu, iban, "FI21 1234", cv_text[:30]):
        assert value.encode() not in raw, f"{value!r} found in clear on disk"
