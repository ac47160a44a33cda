"""``rekisteri marketing_export``: the marketing list as CSV for the marketing processor."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rekisteri.consent.policies import EXPORT_IDENTIFIER
from rekisteri.consent.services import ConsentError, export_marketing_list


class Command(BaseCommand):
    help = (
        "Write the marketing list for one channel (e-mail or text message) as CSV: only people "
        "with a valid consent, existing customers who bought within the period, or business "
        "contacts; never anyone opted out, restricted or on the suppression list "
        "(Laki sähköisen viestinnän palveluista 917/2014 200 §, GDPR Art. 7(3), 18, 21(3)). "
        "Each run writes an audit event with the row count, never the contacts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--channel",
            choices=sorted(str(c) for c in EXPORT_IDENTIFIER),
            default="email",
            help="Marketing channel (default: email).",
        )
        parser.add_argument(
            "--out",
            required=True,
            help="File to write; '-' writes to standard output. An existing file is refused.",
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Decide as of this date, YYYY-MM-DD (default: today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: dt.date = options["today"] or timezone.localdate()
        target: str = options["out"]
        try:
            if target == "-":
                buffer = io.StringIO()
                plan = export_marketing_list(
                    None, channel=options["channel"], today=today, out=buffer
                )
                self.stdout.write(buffer.getvalue(), ending="")
            else:
                path = Path(target)
                if path.exists():
                    raise CommandError(f"{path} exists; choose a new file name")
                # Mode 600: the file holds contact details.
                with path.open("x", encoding="utf-8", newline="") as handle:
                    path.chmod(0o600)
                    plan = export_marketing_list(
                        None, channel=options["channel"], today=today, out=handle
                    )
        except ConsentError as exc:
            raise CommandError(str(exc)) from exc
        excluded = ", ".join(f"{k} {v}" for k, v in sorted(plan.excluded.items())) or "none"
        self.stderr.write(f"{len(plan.rows)} rows written; left out: {excluded}")
