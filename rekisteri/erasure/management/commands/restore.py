"""``rekisteri restore BACKUP``: restore a backup, then replay the erasure ledger."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rekisteri.erasure.backup import BackupError, read_manifest, restore_backup
from rekisteri.erasure.management.commands.reapply_erasures import report_json, report_lines
from rekisteri.erasure.replay import reapply_erasures


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup made by `rekisteri backup`, "
        "then replay the erasure ledger so that nobody erased after the backup comes back "
        "(GDPR Art. 17; legal.md section 4 row 28). Everything written since the backup is "
        "lost. Stop the application first. Asks for confirmation unless --yes is given; "
        "refuses without --yes when there is no terminal to ask on. The replay writes its "
        "audit events like the erasure did."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", metavar="BACKUP", help="The .tar.gz file to restore.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["backup"])
        try:
            manifest = read_manifest(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError("restoring replaces the whole database: confirm with --yes")
            answer = input(
                f"Replace the database with the backup of {manifest.get('created_at')}? "
                "Everything written since is lost. Type yes: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("not restored")
        try:
            result = restore_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        report = reapply_erasures(None, today=timezone.localdate())
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "restored": str(result.path),
                        "engine": result.engine,
                        "backup_created_at": result.created_at,
                        "uploads": result.files,
                        "replay": report_json(report),
                    },
                    indent=2,
                )
            )
            return
        self.stdout.write(
            f"Restored the {result.engine} backup of {result.created_at} "
            f"({result.files} uploaded files)."
        )
        for line in report_lines(report):
            self.stdout.write(line)
        self.stdout.write(
            "Next: run `rekisteri purge --execute` and `rekisteri release_holds --execute` "
            "as of today before opening the system to users."
        )
