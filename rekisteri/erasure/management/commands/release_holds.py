"""``rekisteri release_holds``: erase held data whose legal hold has ended (dry run by default)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rekisteri.erasure.holds import Outcome, release_expired_holds
from rekisteri.erasure.management.commands.erase import parse_day


class Command(BaseCommand):
    help = (
        "Erase the data kept after an erasure whose legal hold has ended (GDPR Art. 17(3): "
        "the statute's period is over) and re-examine holds with no end date yet (data still "
        "needed while a job or application is open). Dry run by default: prints what is due. "
        "With --execute each person is changed in one transaction with one audit event per "
        "record and a line in the erasure ledger; the erasure's restriction is lifted when "
        "nothing is held any more. Run it daily, with the retention purge."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--execute", action="store_true", help="Erase now (default: report only)."
        )
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="Decide as of this day (default: today)."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_day(options["today"])
        report = release_expired_holds(None, today, execute=options["execute"])
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "today": today.isoformat(),
                        "executed": report.executed,
                        "people_unrestricted": report.people_unrestricted,
                        "holds": [
                            {
                                "plan": row.plan,
                                "model": row.model_label,
                                "id": row.object_id,
                                "record": row.record_ref,
                                "hold_until": row.hold_until.isoformat()
                                if row.hold_until
                                else None,
                                "outcome": row.outcome,
                            }
                            for row in report.rows
                        ],
                    },
                    indent=2,
                )
            )
            return
        mode = "executing" if report.executed else "dry run"
        self.stdout.write(f"Legal holds, {mode}, as of {today.isoformat()}")
        changed = report.changed
        if not changed:
            self.stdout.write("No hold has ended.")
        for row in changed:
            until = row.hold_until.isoformat() if row.hold_until else "no end date"
            self.stdout.write(
                f"  {row.outcome:<11} {row.model_label} {row.record_ref or row.object_id} "
                f"(held until {until}, plan {row.plan})"
            )
        still = report.count(Outcome.STILL_HELD)
        if still:
            self.stdout.write(f"  {still} re-examined and still held.")
        if not report.executed and changed:
            self.stdout.write("Nothing was changed. Run with --execute to erase.")
