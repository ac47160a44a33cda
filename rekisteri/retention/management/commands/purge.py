"""``rekisteri purge``: apply the retention rules to every register (dry run by default)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rekisteri.retention.models import PurgeAction, PurgeRun
from rekisteri.retention.queries import financial_year_start
from rekisteri.retention.services import PurgeItem, execute_purge, log_dry_run, plan_purge


def _parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today {value!r}: give the date as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Delete, anonymise or clear the personal data whose retention period has ended, rule by "
        "rule (the data map's rules of legal.md section 4 with the administrator's overrides; "
        "the financial year from REKISTERI_FINANCIAL_YEAR_START). Dry run by default: prints "
        "what each rule has due and changes nothing. With --execute each rule group is changed "
        "in one transaction that also writes a retention.purged audit event and the deletion "
        "log: counts and field names only, never values. "
        "Run it daily (docs/retention.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--execute", action="store_true", help="Change the data (default: report only)."
        )
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="Compute the periods as of this day (tests and backfills; default: today).",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")
        parser.add_argument(
            "--log-dry-run",
            action="store_true",
            help="Record the dry run's counts in the deletion log (no data is changed).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _parse_day(options["today"]) if options["today"] else timezone.localdate()
        if options["execute"] and options["log_dry_run"]:
            raise CommandError("--log-dry-run is for dry runs; --execute logs every run")
        items = plan_purge(today)
        run: PurgeRun | None = None
        if options["execute"]:
            run = execute_purge(None, today)
        elif options["log_dry_run"]:
            run = log_dry_run(None, today, items)
        if options["json"]:
            self.stdout.write(json.dumps(self._as_json(today, items, run), indent=2))
        else:
            self._as_text(today, items, run)

    def _as_json(
        self, today: dt.date, items: list[PurgeItem], run: PurgeRun | None
    ) -> dict[str, Any]:
        executed = run is not None and run.executed
        return {
            "today": today.isoformat(),
            "financial_year_start": financial_year_start(),
            "executed": executed,
            "run": run.pk if run is not None else None,
            "due": [
                {
                    "rule": item.rule.code,
                    "model": item.model_label,
                    "fields": list(item.fields),
                    "action": str(item.action),
                    "whole_record": item.whole_record,
                    "cutoff": item.cutoff.isoformat() if item.cutoff else None,
                    "count": item.count,
                    "kept_restricted": item.restricted,
                }
                for item in items
            ],
            "done": [
                {
                    "rule": c.rule,
                    "model": c.model_label,
                    "field": c.field,
                    "action": c.action,
                    "count": c.count,
                }
                for c in (run.counts.order_by("id") if executed and run else [])
            ],
        }

    def _as_text(self, today: dt.date, items: list[PurgeItem], run: PurgeRun | None) -> None:
        executed = run is not None and run.executed
        mode = "executing" if executed else "dry run"
        self.stdout.write(
            f"Retention purge, {mode}, as of {today.isoformat()} "
            f"(financial year starts {financial_year_start()})"
        )
        due = [item for item in items if item.count or item.restricted]
        if not due:
            self.stdout.write("Nothing is due.")
        for item in due:
            target = item.model_label + (f" [{', '.join(item.fields)}]" if item.fields else "")
            kept = f" (kept, restricted: {item.restricted})" if item.restricted else ""
            self.stdout.write(
                f"  {item.rule.code:<26} {item.action:<9} {item.count:>7}  {target}{kept}"
            )
        if executed and run is not None:
            counts = list(run.counts.order_by("id"))
            failed = sum(c.count for c in counts if c.action == PurgeAction.FAILED)
            changed = sum(c.count for c in counts if c.action != PurgeAction.FAILED)
            self.stdout.write(f"Done: {changed} changed in run {run.pk}.")
            for count in counts:
                target = count.model_label + (f".{count.field}" if count.field else "")
                self.stdout.write(
                    f"  {count.rule:<26} {count.action:<9} {count.count:>7}  {target}"
                )
            if failed:
                self.stderr.write(f"{failed} records were refused by their register (see above).")
        elif run is not None:
            self.stdout.write(f"Nothing was changed; the dry run is logged as run {run.pk}.")
        else:
            self.stdout.write("Nothing was changed. Run with --execute to apply.")
