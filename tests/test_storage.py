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
