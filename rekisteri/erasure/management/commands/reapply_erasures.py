"""``rekisteri reapply-erasures``: replay the erasure ledger on this database."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rekisteri.erasure.management.commands.erase import parse_day
from rekisteri.erasure.replay import ReplayReport, reapply_erasures


def report_json(report: ReplayReport) -> dict[str, Any]:
    return {
        "entries": report.entries,
        "applied": report.applied,
        "revoked": report.revoked,
        "records_deleted": report.deleted,
        "records_emptied": report.emptied,
        "records_swept": report.swept,
        "ids_now_other_records": report.mismatched,
        "plans_recreated": report.plans_recreated,
        "holds_recreated": report.holds_recreated,
        "holds_released": report.holds_released,
        "plans_completed": report.plans_completed,
        "files_removed": report.files_removed,
        "ledger_problems": report.problems,
    }


def report_lines(report: ReplayReport) -> list[str]:
    lines = [
        f"Erasure ledger: {report.entries} entries, {report.applied} found in this database, "
        f"{report.revoked} revoked.",
        f"  deleted {report.deleted}, emptied {report.emptied}, other records of erased people "
        f"{report.swept}, holds released {report.holds_released}",
        f"  plans recreated {report.plans_recreated}, holds recreated {report.holds_recreated}, "
        f"ids now naming another record (left alone) {report.mismatched}",
        f"  plans completed {report.plans_completed}, orphaned files removed "
        f"{report.files_removed}",
    ]
    if report.changed == 0:
        lines.append("Nothing needed changing: every erasure is in place.")
    lines.extend(f"  ledger problem: {problem}" for problem in report.problems)
    return lines


class Command(BaseCommand):
    help = (
        "Replay the erasure ledger (outside the database) on this database: delete and "
        "anonymise again, by model label and id, every record an erasure or a released hold "
        "removed, keep held records restricted, and erase anything else still linked to an "
        "erased person. A record is touched only if its keyed reference hash still matches. "
        "Idempotent: records already gone are skipped. `rekisteri restore` runs it after every "
        "restore; audit events are written for what it changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="Decide holds as of this day (default: today)."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = reapply_erasures(None, today=parse_day(options["today"]))
        if options["json"]:
            self.stdout.write(json.dumps(report_json(report), indent=2))
            return
        for line in report_lines(report):
            self.stdout.write(line)
        if report.problems:
            self.stderr.write("The ledger's chain is broken: see the problems above.")
