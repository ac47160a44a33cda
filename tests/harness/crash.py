"""Crash mid-erasure: ``python -m tests.harness.crash {setup|erase|recover|inspect} ...``.

- ``setup``: migrate, build one person with records in every register (customer
  with contacts and a voucher, web-shop account and order, a closed service job
  with a device credential, a decided application with a CV file, a disclosure,
  a marketing basis), make and review their erasure plan; print its reference;
- ``erase PLAN TODAY [PAUSE_AT]``: print ``ready``, wait for a line on stdin, then run
  the real :func:`rekisteri.erasure.services.execute_plan`. The child prints
  ``phase NAME`` at each step (after each record, after each ledger line, before and
  after the CV file's removal, around the storage compaction) and sleeps
  ``DELAY`` seconds there, so that a SIGKILL at a random moment lands in every step
  with a fair chance; with ``PAUSE_AT`` it stops at that phase until killed;
- ``recover TODAY``: inspect the state the crash left, run the erasure app's recovery
  (the ``reapply-erasures`` command, the replay of the ledger) twice, inspecting
  after each run;
- ``inspect``: print the state alone.

The inspection is generic: every row of every register model and of ``subjects.Person``
(decrypted, without auto-updated timestamps), every subject-index entry, the CV
files on disk against the stored names, ``PRAGMA integrity_check``, and the erasure's
own bookkeeping (plan status, holds, Art. 19 tasks, suppression entries, audit events,
ledger lines).
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections import Counter
from typing import Any

from tests.harness.common import emit, migrate, setup_django, warm_keys

#: Seconds the child sleeps at each phase (widens the windows between the steps).
DELAY = 0.02


def setup() -> None:
    from django.utils import timezone

    from rekisteri.consent.services import set_marketing_basis
    from rekisteri.erasure.services import make_plan, review_plan
    from rekisteri.erasure.tests.records import canary_world

    migrate()
    warm_keys()
    today = timezone.localdate()
    world = canary_world()
    set_marketing_basis(
        None,
        world.person,
        channel="email",
        basis="existing_customer",
        since=today,
        product_groups="Tietokoneet",
        opt_out_offered=True,
    )
    plan = review_plan(None, make_plan(None, world.person, today=today))
    emit(
        plan=plan.reference,
        person=world.person.pk,
        today=today.isoformat(),
        cv=world.application.cv_stored_name,
        items=plan.items.count(),
    )


def _install_phases(pause_at: str) -> None:
    """Wrap the erasure's steps so that each announces itself (and may pause)."""
    from rekisteri.erasure import ledger, services
    from rekisteri.erasure import storage as erasure_storage
    from rekisteri.registers.recruiting import storage as cv_storage

    def phase(name: str) -> None:
        sys.stdout.write(f"phase {name}\n")
        sys.stdout.flush()
        if name == pause_at:
            time.sleep(600)
        time.sleep(DELAY)

    applied = Counter[str]()
    original_apply = services.apply_record

    def apply_record(*args: Any, **kwargs: Any) -> None:
        original_apply(*args, **kwargs)
        applied["records"] += 1
        phase(f"record-{applied['records']}")

    original_append = ledger.append

    def append(entry: Any) -> dict[str, Any]:
        result = original_append(entry)
        phase(f"ledger-{entry['type']}")
        return result

    original_remove = cv_storage.remove_cv

    def remove_cv(stored_name: str) -> None:
        phase("cv-remove")
        original_remove(stored_name)
        phase("cv-removed")

    original_compact = erasure_storage.compact_storage

    def compact_storage(*args: Any, **kwargs: Any) -> str:
        phase("compact")
        result = original_compact(*args, **kwargs)
        phase("compacted")
        return result

    services.apply_record = apply_record
    ledger.append = append
    cv_storage.remove_cv = remove_cv
    erasure_storage.compact_storage = compact_storage


def erase(plan_ref: str, today: str, pause_at: str = "") -> None:
    import datetime as dt

    from django.db import connection

    from rekisteri.erasure.models import ErasurePlan
    from rekisteri.erasure.services import execute_plan

    plan = ErasurePlan.objects.get(reference=plan_ref)
    connection.ensure_connection()
    warm_keys()
    _install_phases(pause_at)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.readline()
    sys.stdout.write("phase start\n")
    sys.stdout.flush()
    execute_plan(None, plan, today=dt.date.fromisoformat(today))
    emit(done=True)


def _row(instance: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for model_field in instance._meta.concrete_fields:
        if getattr(model_field, "auto_now", False):
            continue
        values[model_field.attname] = model_field.value_from_object(instance)
    return values


def state() -> dict[str, Any]:
    """Return the database's and the upload directory's state (see the module text)."""
    from django.db import connection
    from django.db.models import Model

    from rekisteri.audit.models import AuditEvent
    from rekisteri.audit.services import verify_chain
    from rekisteri.consent.models import SuppressionEntry
    from rekisteri.disclosures.models import RecipientNotification
    from rekisteri.erasure import ledger
    from rekisteri.erasure.models import ErasurePlan, HeldRecord
    from rekisteri.privacy.datamap import declarations
    from rekisteri.privacy.models import IndexEntry
    from rekisteri.registers.recruiting.models import JobApplication
    from rekisteri.registers.recruiting.storage import cv_directory
    from rekisteri.subjects.models import Person

    data: dict[str, Any] = {}
    models: list[type[Model]] = [
        d.model for d in declarations() if d.model.__module__.startswith("rekisteri.registers.")
    ]
    everything: list[type[Model]] = sorted({*models, Person}, key=lambda m: m._meta.label)
    for model in everything:
        rows = {str(obj.pk): _row(obj) for obj in model._base_manager.order_by("pk")}
        data[model._meta.label] = json.loads(json.dumps(rows, default=str))
    index = sorted(
        "|".join(str(v) for v in row)
        for row in IndexEntry.objects.values_list(
            "kind", "digest", "model", "object_id", "field", "person_id", "in_text"
        )
    )
    directory = cv_directory()
    on_disk = sorted(p.name for p in directory.iterdir() if not p.name.startswith("."))
    staged = sorted(p.name for p in directory.iterdir() if p.name.startswith("."))
    referenced = sorted(
        JobApplication._base_manager.exclude(cv_stored_name="").values_list(
            "cv_stored_name", flat=True
        )
    )
    integrity = ""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            integrity = ";".join(str(row[0]) for row in cursor.fetchall())
    entries, problems = ledger.read_entries()
    return {
        "data": data,
        "index": index,
        "files": on_disk,
        "orphaned_files": sorted(set(on_disk) - set(referenced)),
        "missing_files": sorted(set(referenced) - set(on_disk)),
        "staging_files": staged,
        "integrity": integrity,
        "plans": dict(ErasurePlan.objects.values_list("reference", "status")),
        "held_records": HeldRecord.objects.count(),
        "art19_tasks": RecipientNotification.objects.count(),
        "suppression_entries": SuppressionEntry.objects.count(),
        "events": dict(Counter(AuditEvent.objects.values_list("type", flat=True))),
        "chain_problems": [f"{p.event_id}: {p.problem}" for p in verify_chain()],
        "ledger": [entry.get("type") for entry in entries],
        "ledger_problems": [f"{p.line}: {p.problem}" for p in problems],
    }


def _replay(today: str) -> dict[str, Any]:
    from django.core.management import call_command

    output = io.StringIO()
    call_command("reapply-erasures", "--json", "--today", today, stdout=output)
    result: dict[str, Any] = json.loads(output.getvalue())
    return result


def recover(today: str) -> None:
    crashed = state()
    first = _replay(today)
    recovered = state()
    second = _replay(today)
    again = state()
    emit(crashed=crashed, first=first, recovered=recovered, second=second, again=again)


def main(argv: list[str]) -> None:
    setup_django()
    command = argv[0]
    if command == "setup":
        setup()
    elif command == "erase":
        erase(argv[1], argv[2], argv[3] if len(argv) > 3 else "")
    elif command == "recover":
        recover(argv[1])
    elif command == "inspect":
        emit(**state())
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
