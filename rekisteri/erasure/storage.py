"""Making an erasure real at the storage layer, after it has committed.

A committed DELETE or UPDATE is not yet gone from the disk (security.md
section 3): SQLite keeps insert-time copies in its write-ahead log until a
checkpoint, and PostgreSQL keeps dead tuples in the table files until VACUUM.
So once an erasure has committed:

- SQLite: ``PRAGMA wal_checkpoint(TRUNCATE)`` writes the WAL back into the
  database file and truncates it; freed pages were zeroed already because every
  connection runs with ``secure_delete=ON`` (``settings.SQLITE_INIT_COMMAND``);
- PostgreSQL: ``VACUUM`` of each table the erasure touched, so that the dead
  tuples' space is reclaimed (plain VACUUM does not rewrite the file; the
  nightly ``VACUUM (FULL)`` or ``pg_repack`` and the WAL retention of
  docs/backup-and-restore.md cover the rest).

Both run outside any transaction (VACUUM cannot run inside one) and only after
the commit: :func:`compact_after_commit` registers them with
``transaction.on_commit``. Uploaded files owned by deleted or emptied rows
(CVs) are removed by their register's own handlers after the same commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction

logger = logging.getLogger(__name__)


def tables_of(labels: Iterable[str]) -> list[str]:
    """Return the database tables of the models named by ``labels`` (unknown labels skipped)."""
    tables: set[str] = set()
    for label in labels:
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        tables.add(model._meta.db_table)
    return sorted(tables)


def compact_storage(tables: Iterable[str], using: str = DEFAULT_DB_ALIAS) -> str:
    """Checkpoint the SQLite WAL, or VACUUM the PostgreSQL tables; returns what was done.

    Does nothing inside a transaction (returns ""): the caller runs it after the
    commit.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        return ""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = cursor.fetchone()
        if busy and busy[0]:
            logger.warning("WAL checkpoint after erasure was blocked by a reader; retried later")
        return "wal_checkpoint"
    if connection.vendor == "postgresql":
        names = sorted(set(tables))
        with connection.cursor() as cursor:
            for table in names:
                cursor.execute(f"VACUUM {connection.ops.quote_name(table)}")
        return "vacuum"
    return ""


def compact_after_commit(labels: Iterable[str], using: str = DEFAULT_DB_ALIAS) -> None:
    """Run :func:`compact_storage` for the models ``labels`` once the transaction commits."""
    tables = [*tables_of(labels), *tables_of(["privacy.IndexEntry"])]
    transaction.on_commit(lambda: compact_storage(tables, using), using=using, robust=True)
