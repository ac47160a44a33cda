"""Consistent backups of the database and the uploaded files, and restoring them.

``rekisteri backup`` writes one ``.tar.gz`` (mode 0600) holding:

- ``manifest.json``: format, time, database engine, the ledger's newest
  sequence number at the time of the backup;
- ``database.sqlite3``: a consistent copy made with SQLite's online backup API
  (``sqlite3.Connection.backup``), safe while the application runs; or
  ``database.pgdump``: ``pg_dump --format=custom`` for PostgreSQL;
- ``uploads/``: the encrypted uploaded files (CVs) as they are on disk.

The keys (``KEYS_DIR``) and the erasure ledger are deliberately **not** in the
backup: they must outlive it. Without the keys the backup's encrypted fields and
files cannot be read, so keep the keys in their own safe place.

``rekisteri restore`` puts a backup back and then replays the erasure ledger
(:func:`rekisteri.erasure.replay.reapply_erasures`), so that nobody erased after
the backup was taken comes back (legal.md section 4 row 28; security.md 3.4).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from rekisteri.erasure import ledger

FORMAT = "rekisteri-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
UPLOADS = "uploads"


class BackupError(Exception):
    """A backup or restore could not be made; the message says what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    created_at: dt.datetime
    files: int
    size: int


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    engine: str
    created_at: str
    files: int


def backup_dir() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def default_backup_path(now: dt.datetime) -> Path:
    return backup_dir() / f"rekisteri-{now.strftime('%Y%m%d-%H%M%S')}.tar.gz"


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _sqlite_path(using: str) -> Path:
    return Path(str(connections[using].settings_dict["NAME"]))


def _pg_environment(using: str) -> dict[str, str]:
    """The libpq variables for pg_dump and pg_restore (the password never on a command line)."""
    settings_dict = connections[using].settings_dict
    environment = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        value = settings_dict.get(key)
        if value:
            environment[variable] = str(value)
    return environment


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found on PATH; install the PostgreSQL client tools "
            f"(e.g. apt-get install postgresql-client-15) of the server's version"
        )
    return found


def _run(command: list[str], using: str) -> None:
    completed = subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
        command,
        env=_pg_environment(using),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {completed.stderr.strip()[:500]}")


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _upload_files() -> list[Path]:
    root = Path(settings.UPLOAD_DIR)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


@contextmanager
def _private_tempdir() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="rekisteri-backup-"))
    directory.chmod(0o700)
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def make_backup(
    out: Path | None = None, *, now: dt.datetime | None = None, using: str = DEFAULT_DB_ALIAS
) -> BackupResult:
    """Write a consistent backup of the database and the uploads to ``out`` (mode 0600)."""
    engine = _engine(using)
    now = now or timezone.now()
    target = Path(out) if out is not None else default_backup_path(now)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if target.exists():
        raise BackupError(f"{target} exists already; choose another --out")
    files = _upload_files()
    upload_root = Path(settings.UPLOAD_DIR)
    with _private_tempdir() as work:
        if engine == "sqlite":
            member, dump = SQLITE_MEMBER, work / SQLITE_MEMBER
            source = sqlite3.connect(_sqlite_path(using))
            copy = sqlite3.connect(dump)
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
        else:
            member, dump = PG_MEMBER, work / PG_MEMBER
            _run([_binary("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}"], using)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": now.isoformat(),
            "engine": engine,
            "database": member,
            "uploads": len(files),
            "ledger_sequence": ledger.last_sequence(),
        }
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            with tarfile.open(fileobj=handle, mode="w:gz") as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
                archive.add(dump, arcname=member, recursive=False, filter=_private)
                for path in files:
                    name = f"{UPLOADS}/{path.relative_to(upload_root).as_posix()}"
                    archive.add(path, arcname=name, recursive=False, filter=_private)
            handle.flush()
            os.fsync(handle.fileno())
    return BackupResult(target, engine, now, len(files), target.stat().st_size)


def _private(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """Accept only the manifest, one database and plain files under uploads/."""
    members: list[tarfile.TarInfo] = []
    for info in archive.getmembers():
        name = PurePosixPath(info.name)
        if info.isdir():
            continue
        if not info.isfile() or name.is_absolute() or ".." in name.parts:
            raise BackupError(f"unexpected entry in the backup: {info.name!r}")
        if info.name not in (MANIFEST, SQLITE_MEMBER, PG_MEMBER) and name.parts[0] != UPLOADS:
            raise BackupError(f"unexpected entry in the backup: {info.name!r}")
        members.append(info)
    return members


def read_manifest(path: Path) -> dict[str, Any]:
    """Return a backup's manifest; refuse a file that is not a rekisteri backup."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            handle = archive.extractfile(MANIFEST)
            if handle is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(handle.read().decode("utf-8"))
    except (OSError, KeyError, ValueError, tarfile.TarError) as exc:
        raise BackupError(f"{path} is not a rekisteri backup ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a rekisteri backup")
    if manifest.get("version") != VERSION:
        raise BackupError(f"{path} is a backup of format version {manifest.get('version')}")
    return manifest


def _replace_uploads(extracted: Path) -> int:
    root = Path(settings.UPLOAD_DIR)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    count = 0
    source = extracted / UPLOADS
    if source.exists():
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            target = root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copyfile(path, target)
            target.chmod(0o600)
            count += 1
    return count


def restore_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Put the database and the uploads of a backup back (the ledger is replayed by the caller).

    Every open database connection is closed first; the restore replaces the
    whole database. Run it with the application stopped.
    """
    manifest = read_manifest(path)
    engine = _engine(using)
    if manifest.get("engine") != engine:
        raise BackupError(
            f"the backup is of a {manifest.get('engine')} database, this one is {engine}"
        )
    with _private_tempdir() as work, tarfile.open(path, "r:gz") as archive:
        members = _safe_members(archive)
        archive.extractall(work, members=members, filter="data")
        connections.close_all()
        if engine == "sqlite":
            source = sqlite3.connect(work / SQLITE_MEMBER)
            live = sqlite3.connect(_sqlite_path(using))
            try:
                source.backup(live)
                live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                live.close()
                source.close()
        else:
            _run(
                [
                    _binary("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    f"--dbname={connections[using].settings_dict['NAME']}",
                    str(work / PG_MEMBER),
                ],
                using,
            )
        files = _replace_uploads(work)
    return RestoreResult(path, engine, str(manifest.get("created_at", "")), files)
