"""``rekisteri backup``: a consistent backup of the database and the uploaded files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rekisteri.erasure.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database and the uploaded files into one .tar.gz "
        "(mode 0600): SQLite through its online backup API, PostgreSQL with pg_dump "
        "--format=custom (the client tools must be installed). The keys and the erasure "
        "ledger are not in it: keep them apart. A restore replays the ledger, so people "
        "erased after the backup stay erased (docs/backup-and-restore.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", metavar="FILE", help="Where to write (default: DATA_DIR/backups/...)."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = make_backup(Path(options["out"]) if options["out"] else None)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "path": str(result.path),
                        "engine": result.engine,
                        "created_at": result.created_at.isoformat(),
                        "uploads": result.files,
                        "bytes": result.size,
                    },
                    indent=2,
                )
            )
            return
        self.stdout.write(
            f"Backup of the {result.engine} database and {result.files} uploaded files "
            f"written to {result.path} ({result.size} bytes)."
        )
