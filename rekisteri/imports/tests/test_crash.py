"""A crash in the middle of an import leaves the database exactly as before.

security.md 6.3 and issue 6 ("a crash in the middle of an erasure or import
leaves the data as before"). A child process runs ``rekisteri import`` under the
project's real settings on a SQLite file of its own; the parent kills it with
SIGKILL once the child reports progress (rows applied inside the open
transaction), then compares every row of every table with the state before.
"""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.harness.common import ROOT, child_environment

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="the harness kills a process that owns a SQLite file; PostgreSQL rolls back "
        "a killed client's transaction itself (security.md 6.4)",
    ),
]

EXAMPLES = ROOT / "examples" / "import"


def manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def snapshot(database: Path) -> dict[str, str]:
    """A digest of every table's rows (in rowid order) and the integrity check."""
    with sqlite3.connect(database) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        state = {}
        for table in sorted(tables):
            digest = hashlib.sha256()
            query = f'SELECT * FROM "{table}"'  # noqa: S608  # nosec B608 - names from the schema
            for row in db.execute(query):
                digest.update(repr(row).encode())
            state[table] = digest.hexdigest()
        state["integrity"] = db.execute("PRAGMA integrity_check").fetchone()[0]
    return state


def big_file(path: Path, rows: int) -> None:
    lines = ["customer_number;first_name;last_name;email;phone"]
    for n in range(rows):
        lines.append(f"X{n};Testi{n};Asiakas;testi.{n}@example.fi;040{n:07d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_killed_import_leaves_every_table_as_it_was(tmp_path: Path):
    """Slow (about 30 s): a migrate and two imports in child processes.

    The child is killed after it has applied its first 200 rows (its progress
    line on stderr), so the kill lands inside the import's one transaction.
    """
    data_dir = tmp_path / "data"
    env = child_environment(data_dir)
    subprocess.run(manage("migrate", "-v0"), cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        manage("import", str(EXAMPLES / "customers.csv"), "--register", "customers"),
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    database = data_dir / "rekisteri.sqlite3"
    before = snapshot(database)
    source = tmp_path / "iso.csv"
    big_file(source, 3000)
    child = subprocess.Popen(  # noqa: S603
        manage("import", str(source), "--register", "customers"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    progressed = False
    for line in child.stderr:
        if line.rstrip().endswith(" rows"):
            progressed = True
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert progressed, "the child never reported progress"
    assert child.returncode == -signal.SIGKILL
    after = snapshot(database)
    assert after["integrity"] == "ok"
    assert after == before
