"""Concurrent writers: ``python -m tests.harness.writer {prepare|write|verify} ...``.

- ``prepare``: migrate the database and create the keys (run once, before the writers);
- ``write WORKER COUNT``: print ``ready``, wait for a line on stdin (the start signal,
  sent to every writer at once), then run COUNT transactions, each a read followed by
  a write through the customer register's service (``register_customer``: a person,
  a customer and an e-mail, each with its subject-index entries and its audit event);
  print a JSON summary;
- ``verify``: print what the database holds: the customers per writer, the audit
  events of the writers, and the audit chain's problems.

security.md 6.3: "each transaction reads then writes (the ORM's typical
get-then-save)"; a "database is locked" error is counted, never retried here, because
a user would see it.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import Any

from tests.harness.common import emit, migrate, setup_django, warm_keys

LABEL = "robustness:writer"


def _actor() -> Any:
    from django.contrib.auth.models import AnonymousUser

    class HarnessActor(AnonymousUser):
        audit_label = LABEL

    return HarnessActor()


def prepare() -> None:
    migrate()
    warm_keys()
    emit(prepared=True)


def write(worker: int, count: int) -> None:
    from django.db import OperationalError, connection, transaction

    from rekisteri.registers.customers.models import Customer
    from rekisteri.registers.customers.services import register_customer

    actor = _actor()
    marker = f"writer {worker}"
    connection.ensure_connection()
    warm_keys()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.readline()

    committed: list[int] = []
    errors: list[str] = []
    latencies: list[float] = []
    inconsistent_reads = 0
    started = time.perf_counter()
    for number in range(count):
        begin = time.perf_counter()
        try:
            with transaction.atomic():
                # The read: how many rows this writer has committed so far.
                seen = Customer.objects.filter(notes=marker).count()
                if seen != len(committed):
                    inconsistent_reads += 1
                customer = register_customer(
                    actor,
                    first_name=f"Kirjoittaja{chr(ord('a') + worker % 26)}",
                    last_name=f"Rinnakkainen{number}",
                    email=f"writer{worker}.row{number}@example.fi",
                    notes=marker,
                )
            committed.append(int(customer.customer_number or 0))
        except OperationalError as exc:
            errors.append(str(exc))
        latencies.append(time.perf_counter() - begin)
    emit(
        worker=worker,
        committed=committed,
        errors=errors,
        latencies=latencies,
        inconsistent_reads=inconsistent_reads,
        seconds=time.perf_counter() - started,
    )


def verify() -> None:
    from rekisteri.audit.models import AuditEvent
    from rekisteri.audit.services import verify_chain
    from rekisteri.registers.customers.models import Customer, CustomerEmail
    from rekisteri.subjects.models import Person

    customers = list(
        Customer.objects.filter(notes__startswith="writer ").values_list(
            "notes", "customer_number", "person_id"
        )
    )
    events = AuditEvent.objects.filter(actor_label=LABEL)
    prev_hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    emit(
        customers=[[notes, number] for notes, number, _person in customers],
        people=Person.objects.filter(pk__in=[p for _n, _c, p in customers]).count(),
        emails=CustomerEmail.objects.filter(customer__notes__startswith="writer ").count(),
        events=events.count(),
        events_by_type=dict(Counter(events.values_list("type", flat=True))),
        all_events=len(prev_hashes),
        distinct_prev_hashes=len(set(prev_hashes)),
        chain_problems=[f"{p.event_id}: {p.problem}" for p in verify_chain()],
    )


def main(argv: list[str]) -> None:
    setup_django()
    command = argv[0]
    if command == "prepare":
        prepare()
    elif command == "write":
        write(int(argv[1]), int(argv[2]))
    elif command == "verify":
        verify()
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
