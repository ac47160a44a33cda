"""Executing a reviewed plan: one transaction, Art. 19 first, marketing stopped, ledger last."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.consent.models import MarketingPreference, SuppressionEntry
from rekisteri.consent.queries import is_suppressed
from rekisteri.consent.services import set_marketing_basis
from rekisteri.disclosures.models import Disclosure, RecipientNotification
from rekisteri.erasure import ledger
from rekisteri.erasure.models import HeldRecord, PlanStatus
from rekisteri.erasure.policies import Ground
from rekisteri.erasure.services import (
    ErasureError,
    PlanOutdated,
    execute_now,
    execute_plan,
    make_plan,
    review_plan,
)
from rekisteri.erasure.tests.records import (
    CANARY_EMAIL,
    CANARY_PHONE,
    CANARY_STREET,
    CANARY_SURNAME,
    canary_world,
)
from rekisteri.privacy.models import IndexEntry
from rekisteri.registers.customers.models import Customer, CustomerEmail
from rekisteri.registers.customers.services import add_contact_phone
from rekisteri.registers.recruiting.models import JobApplication
from rekisteri.registers.sales.models import Voucher
from rekisteri.registers.service.models import ServiceJob
from rekisteri.registers.webshop.models import Order, OrderLine, WebshopAccount
from rekisteri.subjects.models import Person


def _today() -> dt.date:
    return timezone.localdate()


def _reviewed(actor, person, **kwargs):
    plan = make_plan(actor, person, today=_today(), **kwargs)
    return review_plan(actor, plan)


@pytest.mark.django_db
def test_executing_deletes_anonymises_and_keeps_what_the_plan_says(registrar):
    world = canary_world()
    plan = execute_plan(registrar, _reviewed(registrar, world.person), today=_today())

    assert plan.status == PlanStatus.EXECUTED
    assert plan.executed_by == registrar
    assert not Order.objects.exists()
    assert not OrderLine.objects.exists()
    assert not WebshopAccount.objects.exists()
    assert not ServiceJob.objects.exists()
    assert not JobApplication.objects.exists()
    assert not CustomerEmail.objects.exists()
    customer = Customer.objects.get(pk=world.customer.pk)
    assert customer.person is None
    assert customer.customer_number is None
    assert customer.notes == ""
    voucher = Voucher.objects.get(pk=world.voucher.pk)
    assert CANARY_SURNAME in voucher.billed_name  # Kirjanpitolaki 2:10
    person = Person.objects.get(pk=world.person.pk)
    assert person.first_name == ""
    assert person.last_name == ""
    assert person.is_restricted
    assert plan.restricted_person
    assert plan.closed_at is None  # holds still run


@pytest.mark.django_db
def test_every_record_gets_its_own_audit_event_with_field_names_only(registrar):
    world = canary_world()
    plan = execute_plan(registrar, _reviewed(registrar, world.person), today=_today())
    events = AuditEvent.objects.filter(reason__startswith=f"erasure {plan.reference}")
    deleted = events.filter(type=EventType.RECORD_DELETED)
    assert deleted.filter(target_model="webshop.Order", target_ref=world.order.reference).exists()
    assert deleted.count() == plan.records_deleted
    person_event = events.get(type=EventType.PERSON_UPDATED)
    assert set(person_event.fields) == {"first_name", "last_name", "is_restricted"}
    customer_event = events.get(target_model="customers.Customer")
    assert "notes" in customer_event.fields
    every = " ".join(
        json.dumps([e.fields, e.reason, e.target_ref]) for e in AuditEvent.objects.all()
    )
    assert CANARY_SURNAME not in every
    assert CANARY_EMAIL not in every
    assert AuditEvent.objects.filter(
        type=EventType.ERASURE_EXECUTED, target_ref=plan.reference, reason__contains="executed"
    ).exists()


@pytest.mark.django_db
def test_recipients_get_an_art_19_task_and_the_disclosure_log_survives(registrar):
    world = canary_world()
    plan = execute_plan(
        registrar, _reviewed(registrar, world.person, request_ref="PR-ERASE777"), today=_today()
    )
    task = RecipientNotification.objects.get(person=world.person)
    assert task.change == "erasure"
    assert task.request_ref == "PR-ERASE777"
    assert task.recipient == world.recipient
    assert Disclosure.objects.filter(pk=world.disclosure.pk).exists()
    held = HeldRecord.objects.filter(plan=plan)
    assert held.filter(model_label="disclosures.Disclosure").exists()
    notification_hold = held.get(model_label="disclosures.RecipientNotification")
    assert notification_hold.ground == Ground.STILL_NEEDED  # until the task is done


@pytest.mark.django_db
def test_a_person_on_a_marketing_list_is_suppressed_before_the_contacts_go(registrar):
    world = canary_world()
    set_marketing_basis(
        None,
        world.person,
        channel="email",
        basis="existing_customer",
        since=_today(),
        product_groups="Tietokoneet",
        opt_out_offered=True,
    )
    execute_plan(registrar, _reviewed(registrar, world.person), today=_today())
    assert is_suppressed("email", CANARY_EMAIL)
    assert is_suppressed("phone", CANARY_PHONE)
    assert MarketingPreference.objects.get(person=world.person, channel="email").is_opted_out


@pytest.mark.django_db
def test_a_person_never_marketed_to_is_not_put_on_the_suppression_list(registrar):
    world = canary_world()
    execute_plan(registrar, _reviewed(registrar, world.person), today=_today())
    assert not SuppressionEntry.objects.exists()
    assert not MarketingPreference.objects.exists()


@pytest.mark.django_db
def test_held_records_are_marked_with_their_statute_and_end(registrar):
    world = canary_world()
    plan = execute_plan(registrar, _reviewed(registrar, world.person), today=_today())
    hold = HeldRecord.objects.get(plan=plan, model_label="sales.Voucher")
    assert hold.object_id == str(world.voucher.pk)
    assert hold.statute == "Kirjanpitolaki 1336/1997 2 luku 10 §"
    assert hold.ground == Ground.LEGAL_OBLIGATION
    assert hold.hold_until == dt.date(_today().year + 7, 1, 1)
    assert "billed_name" in hold.fields


@pytest.mark.django_db
def test_only_a_reviewed_plan_is_executed(registrar):
    world = canary_world()
    plan = make_plan(registrar, world.person, today=_today())
    with pytest.raises(ErasureError):
        execute_plan(registrar, plan, today=_today())
    assert Order.objects.exists()


@pytest.mark.django_db
def test_a_plan_whose_records_changed_is_refused(registrar):
    world = canary_world()
    plan = _reviewed(registrar, world.person)
    add_contact_phone(None, world.customer, value="040 765 4321")
    with pytest.raises(PlanOutdated):
        execute_plan(registrar, plan, today=_today())
    assert Order.objects.exists()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVIEWED


@pytest.mark.django_db
def test_the_subject_index_forgets_the_erased_identifiers(registrar):
    world = canary_world()
    execute_plan(registrar, _reviewed(registrar, world.person), today=_today())
    remaining = IndexEntry.objects.filter(person=world.person)
    assert set(remaining.values_list("model", flat=True)) <= {
        "sales.Voucher",
        "sales.VoucherLine",
    }


@pytest.mark.django_db
def test_the_ledger_names_records_by_label_and_id_and_holds_no_personal_data(
    registrar, ledger_dir: Path
):
    world = canary_world()
    plan = execute_plan(registrar, _reviewed(registrar, world.person), today=_today())
    path = ledger_dir / "erasures.jsonl"
    raw = path.read_text(encoding="utf-8")
    for value in (CANARY_SURNAME, "zqx.canary", CANARY_STREET, "1239876", world.person.reference):
        assert value not in raw
    entries, problems = ledger.read_entries()
    assert problems == []
    (entry,) = entries
    assert entry["type"] == "erasure.executed"
    assert entry["plan"] == plan.reference
    assert {"model": "webshop.Order", "id": str(world.order.pk)}.items() <= next(
        r for r in entry["records"] if r["model"] == "webshop.Order"
    ).items()
    assert len(entry["identifiers"]) >= 3
    assert ledger.is_erased_identifier("email", CANARY_EMAIL)
    assert not ledger.is_erased_identifier("email", "someone.else@example.fi")
    assert path.stat().st_mode & 0o777 == 0o600
    assert ledger_dir.stat().st_mode & 0o777 == 0o700
    key = Path(settings.KEYS_DIR) / "ledger.key"
    assert key.stat().st_mode & 0o777 == 0o600


@pytest.mark.django_db
def test_a_failed_execution_writes_no_ledger_line_and_changes_nothing(registrar, monkeypatch):
    world = canary_world()
    plan = _reviewed(registrar, world.person)

    def refuse(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("rekisteri.erasure.services.HeldRecord.objects.bulk_create", refuse)
    with pytest.raises(RuntimeError):
        execute_plan(registrar, plan, today=_today())
    assert Order.objects.exists()
    assert ledger.read_entries() == ([], [])


@pytest.mark.django_db
def test_a_commit_that_fails_after_the_ledger_line_is_revoked_in_the_ledger(registrar, monkeypatch):
    from django.db import connection

    world = canary_world()
    plan = _reviewed(registrar, world.person)
    real_append = ledger.append
    real_release = connection.savepoint_commit
    written: list[dict[str, object]] = []

    def append(entry):
        written.append(real_append(entry))
        return written[-1]

    def release(sid):
        if written:  # the erasure's own savepoint: its "commit" fails
            raise OSError("commit failed")
        return real_release(sid)

    monkeypatch.setattr("rekisteri.erasure.services.ledger.append", append)
    monkeypatch.setattr(connection, "savepoint_commit", release)
    with pytest.raises(OSError, match="commit failed"):
        execute_plan(registrar, plan, today=_today())
    monkeypatch.undo()
    entries, _problems = ledger.read_entries()
    assert [e["type"] for e in entries] == ["erasure.executed", "erasure.revoked"]
    assert entries[1]["revokes"] == entries[0]["seq"]


@pytest.mark.django_db
def test_erase_now_makes_reviews_and_executes_in_one_go():
    world = canary_world()
    plan = execute_now(None, world.person, today=_today(), request_ref="PR-CLI00001")
    assert plan.status == PlanStatus.EXECUTED
    assert plan.reviewed_at is not None
    assert not Order.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_cv_file_is_deleted_with_the_application(registrar):
    from rekisteri.registers.recruiting.storage import cv_path

    world = canary_world()
    stored = world.application.cv_stored_name
    assert stored
    assert cv_path(stored).exists()
    execute_plan(registrar, _reviewed(registrar, world.person), today=_today())
    assert not cv_path(stored).exists()
