"""Erasure is real at the storage layer: no canary survives outside held records.

A distinctive e-mail, phone, street and surname are planted across the
registers (customer contacts and address, a web-shop order, a service job's
note, an application with a CV, and a voucher, which Kirjanpitolaki 2:10 keeps).
After the erasure the raw SQLite file, its WAL and the upload directory are
scanned byte by byte: a canary may remain only as many times as the held
records' own fields still carry it. On PostgreSQL the rows are checked through
the database instead (its files are not ours to read).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from rekisteri.crypto.fields import EncryptedTextField
from rekisteri.erasure.models import HeldRecord
from rekisteri.erasure.services import execute_plan, make_plan, review_plan
from rekisteri.erasure.tests.records import (
    CANARY_EMAIL,
    CANARY_PHONE,
    CANARY_STREET,
    CANARY_SURNAME,
    canary_world,
)
from rekisteri.privacy.datamap import declarations
from rekisteri.registers.recruiting.storage import cv_path

pytestmark = pytest.mark.django_db(transaction=True)

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's files")

CANARIES = (CANARY_EMAIL, CANARY_PHONE, CANARY_STREET, CANARY_SURNAME)


def _raw_storage() -> bytes:
    name = Path(str(connection.settings_dict["NAME"]))
    files = (name, Path(f"{name}-wal"), Path(f"{name}-journal"))
    chunks = [p.read_bytes() for p in files if p.exists()]
    upload_dir = Path(settings.UPLOAD_DIR)
    if upload_dir.exists():
        chunks += [p.read_bytes() for p in upload_dir.rglob("*") if p.is_file()]
    return b"\n".join(chunks)


def _held_copies(value: str) -> int:
    """How many times the held records' own kept fields still carry ``value``."""
    from django.apps import apps

    count = 0
    for hold in HeldRecord.objects.filter(released_at__isnull=True):
        instance = apps.get_model(hold.model_label)._base_manager.get(pk=hold.object_id)
        for name in hold.fields:
            count += str(getattr(instance, f"{name}_id", None) or getattr(instance, name)).count(
                value
            )
    return count


def _rows_containing(value: str) -> set[tuple[str, str]]:
    """Declared records with ``value`` in a plain text column, found by the database."""
    found: set[tuple[str, str]] = set()
    for declaration in declarations():
        model = declaration.model
        lookups = models.Q()
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, EncryptedTextField):
                continue
            if isinstance(model_field, models.CharField | models.TextField):
                lookups |= models.Q(**{f"{model_field.name}__contains": value})
        if not lookups:
            continue
        for pk in model._base_manager.filter(lookups).values_list("pk", flat=True):
            found.add((declaration.label, str(pk)))
    return found


def _erase(world: Any) -> None:
    today = timezone.localdate()
    plan = review_plan(None, make_plan(None, world.person, today=today))
    execute_plan(None, plan, today=today)


@pytest.fixture
def uploads(settings: Any, tmp_path: Path) -> Path:
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR


def test_sqlite_connections_delete_securely():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragma")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


@sqlite_only
def test_no_canary_is_left_in_the_database_file_its_wal_or_the_uploads(uploads):
    world = canary_world()
    stored_cv = world.application.cv_stored_name
    before = _raw_storage()
    for canary in CANARIES:
        assert canary.encode() in before, f"the scan must see {canary!r} before the erasure"

    _erase(world)

    name = Path(str(connection.settings_dict["NAME"]))
    wal = Path(f"{name}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed (TRUNCATE)
    assert not cv_path(stored_cv).exists()
    raw = _raw_storage()
    for canary in CANARIES:
        assert raw.count(canary.encode()) == _held_copies(canary), canary
    assert _held_copies(CANARY_PHONE) == 0  # the voucher never had the phone
    assert _held_copies(CANARY_SURNAME) >= 1  # the voucher's billed name, KPL 2:10


def test_the_rows_are_gone_outside_held_records(uploads):
    world = canary_world()
    assert _rows_containing(CANARY_EMAIL)
    _erase(world)
    held = set(
        HeldRecord.objects.filter(released_at__isnull=True).values_list("model_label", "object_id")
    )
    for canary in CANARIES:
        assert _rows_containing(canary) <= held, canary
    assert _rows_containing(CANARY_PHONE) == set()


def test_postgresql_tables_are_vacuumed_after_the_erasure(uploads):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL VACUUM")
    world = canary_world()
    _erase(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = %s AND last_vacuum >= %s",
            ["webshop_order", timezone.now() - dt.timedelta(minutes=5)],
        )
        assert cursor.fetchone() is not None
