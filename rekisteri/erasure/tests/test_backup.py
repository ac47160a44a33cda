"""Backup → erase → restore leaves the person erased; the replay is idempotent and careful."""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from rekisteri.erasure import ledger
from rekisteri.erasure.backup import BackupError, make_backup, read_manifest, restore_backup
from rekisteri.erasure.holds import release_expired_holds
from rekisteri.erasure.models import ErasurePlan, HeldRecord, PlanStatus
from rekisteri.erasure.replay import reapply_erasures
from rekisteri.erasure.services import execute_now
from rekisteri.erasure.tests.records import CANARY_SURNAME, canary_world
from rekisteri.registers.customers.models import Customer, CustomerEmail
from rekisteri.registers.customers.tests.factories import private_customer
from rekisteri.registers.recruiting.models import JobApplication
from rekisteri.registers.sales.models import Voucher
from rekisteri.registers.webshop.models import Order
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db(transaction=True)

needs_backup_tools = pytest.mark.skipif(
    connection.vendor == "postgresql" and not __import__("shutil").which("pg_dump"),
    reason="pg_dump is not installed",
)


@pytest.fixture
def uploads(settings: Any, tmp_path: Path) -> Path:
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR


def _today() -> dt.date:
    return timezone.localdate()


def _assert_erased(world: Any) -> None:
    assert not Order.objects.filter(person_id=world.person.pk).exists()
    assert not JobApplication.objects.filter(person_id=world.person.pk).exists()
    assert not CustomerEmail.objects.filter(customer_id=world.customer.pk).exists()
    person = Person.objects.get(pk=world.person.pk)
    assert person.last_name == ""
    assert person.is_restricted
    assert Customer.objects.get(pk=world.customer.pk).person_id is None
    assert CANARY_SURNAME in Voucher.objects.get(pk=world.voucher.pk).billed_name


@needs_backup_tools
def test_backup_then_erase_then_restore_leaves_the_person_erased(uploads, tmp_path):
    world = canary_world()
    backup = make_backup(tmp_path / "backup.tar.gz")
    assert backup.path.stat().st_mode & 0o777 == 0o600
    plan = execute_now(None, world.person, today=_today(), request_ref="PR-BACKUP01")
    _assert_erased(world)

    restore_backup(backup.path)
    # The backup brought everything back ...
    assert Order.objects.filter(person_id=world.person.pk).exists()
    assert not ErasurePlan.objects.exists()
    report = reapply_erasures(None, today=_today())
    # ... and the ledger took it away again.
    _assert_erased(world)
    assert report.plans_recreated == 1
    recreated = ErasurePlan.objects.get(reference=plan.reference)
    assert recreated.status == PlanStatus.EXECUTED
    assert recreated.replayed
    assert HeldRecord.objects.filter(plan=recreated, model_label="sales.Voucher").exists()
    assert not list(uploads.rglob("*.enc")) or all(
        world.application.cv_stored_name not in p.name for p in uploads.rglob("*")
    )

    again = reapply_erasures(None, today=_today())
    assert again.changed == 0
    assert again.plans_recreated == 0


@needs_backup_tools
def test_the_restore_command_restores_and_replays(uploads, tmp_path):
    world = canary_world()
    out = io.StringIO()
    call_command("backup", "--out", str(tmp_path / "b.tar.gz"), "--json", stdout=out)
    path = json.loads(out.getvalue())["path"]
    execute_now(None, world.person, today=_today())
    out = io.StringIO()
    call_command("restore", path, "--yes", stdout=out)
    assert "Restored" in out.getvalue()
    _assert_erased(world)


@needs_backup_tools
def test_restore_refuses_without_yes_when_nobody_can_be_asked(uploads, tmp_path, monkeypatch):
    backup = make_backup(tmp_path / "b.tar.gz")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(backup.path))


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "not-a-backup.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        data = b'{"format": "something-else"}'
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError):
        read_manifest(bogus)
    (tmp_path / "plain.txt").write_text("hello")
    with pytest.raises(BackupError):
        read_manifest(tmp_path / "plain.txt")


def test_a_backup_with_a_path_outside_its_directory_is_refused(tmp_path, uploads):
    evil = tmp_path / "evil.tar.gz"
    manifest = json.dumps(
        {"format": "rekisteri-backup", "version": 1, "engine": connection.vendor}
    ).encode()
    with tarfile.open(evil, "w:gz") as archive:
        for name, data in (("manifest.json", manifest), ("../escape.txt", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="unexpected entry"):
        restore_backup(evil)
    assert not (tmp_path.parent / "escape.txt").exists()


def test_a_replay_never_touches_a_record_whose_id_now_names_another_record():
    from rekisteri.registers.webshop.models import WebshopAccount
    from rekisteri.registers.webshop.tests.factories import make_account

    world = canary_world()
    execute_now(None, world.person, today=_today())
    rows = {r["model"]: r for r in ledger.read_entries()[0][0]["records"]}
    email_id = int(rows["customers.CustomerEmail"]["id"])
    account_id = int(rows["webshop.WebshopAccount"]["id"])
    # A restore hands the ids out again: a stranger's e-mail and account now have them.
    stranger = private_customer(first_name="Vieras", last_name="Ihminen", email="v@example.fi")
    CustomerEmail.objects.filter(pk=stranger.emails.get().pk).update(id=email_id)
    account = make_account(stranger.person, username="vieras")
    WebshopAccount.objects.filter(pk=account.pk).update(id=account_id)

    report = reapply_erasures(None, today=_today())

    assert CustomerEmail.objects.filter(pk=email_id).exists()  # checked by its person
    assert WebshopAccount.objects.filter(pk=account_id).exists()  # checked by its reference
    assert report.mismatched >= 2
    assert report.deleted == 0
    assert stranger.person is not None
    assert Person.objects.get(pk=stranger.person.pk).last_name == "Ihminen"


def test_a_revoked_erasure_is_not_replayed():
    world = canary_world()
    ledger.append(
        {
            "type": "erasure.executed",
            "plan": "EP-REVOKED1",
            "people": [
                {
                    "model": "subjects.Person",
                    "id": str(world.person.pk),
                    "ref": ledger.keyed_hash("reference", world.person.reference),
                }
            ],
            "records": [{"model": "webshop.Order", "id": str(world.order.pk), "action": "delete"}],
        }
    )
    ledger.append({"type": "erasure.revoked", "plan": "EP-REVOKED1", "revokes": 1})
    report = reapply_erasures(None, today=_today())
    assert report.revoked == 1
    assert Order.objects.filter(pk=world.order.pk).exists()


def test_a_released_hold_is_replayed_too(tmp_path, uploads):
    from rekisteri.registers.recruiting.models import ApplicationStatus
    from rekisteri.registers.recruiting.services import decide_application, receive_application

    decided = _today() - dt.timedelta(days=100)
    person = Person.objects.create(first_name="Hakija", last_name="Varmuuskopio")
    application = receive_application(
        None,
        person=person,
        position="Myyjä",
        email="hakija@example.fi",
        received_at=timezone.make_aware(dt.datetime.combine(decided, dt.time(9))),
    )
    decide_application(
        None, application, status=ApplicationStatus.REJECTED, decided_on=decided, today=decided
    )
    plan = execute_now(None, person, today=_today())
    backup = make_backup(tmp_path / "held.tar.gz")
    hold = HeldRecord.objects.get(plan=plan, model_label="recruiting.JobApplication")
    assert hold.hold_until is not None
    release_expired_holds(None, hold.hold_until)
    assert not JobApplication.objects.filter(pk=application.pk).exists()

    restore_backup(backup.path)
    assert JobApplication.objects.filter(pk=application.pk).exists()
    report = reapply_erasures(None, today=_today())
    assert not JobApplication.objects.filter(pk=application.pk).exists()
    assert report.holds_released >= 1
    assert not Person.objects.get(pk=person.pk).is_restricted


def test_the_ledger_detects_an_edited_or_removed_line(ledger_dir):
    for number in range(3):
        ledger.append({"type": "erasure.executed", "plan": f"EP-{number}", "records": []})
    path = ledger_dir / "erasures.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[2]]) + "\n", encoding="utf-8")
    _entries, problems = ledger.read_entries()
    assert problems
    out = io.StringIO()
    err = io.StringIO()
    call_command("reapply-erasures", stdout=out, stderr=err)
    assert "ledger problem" in out.getvalue()
