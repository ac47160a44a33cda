"""``rekisteri purge_login_attempts``: delete old lockout records (username, IP address)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rekisteri.accounts.lockout import AXES_RECORD_RETENTION_DAYS, purge_login_attempts


class Command(BaseCommand):
    help = (
        "Delete django-axes' login records (failed attempts, failure log, access log) older "
        f"than --days days (default {AXES_RECORD_RETENTION_DAYS}). Run it daily with the "
        "retention purge (docs/retention.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=AXES_RECORD_RETENTION_DAYS,
            help=f"Keep records of the last N days (default {AXES_RECORD_RETENTION_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        counts = purge_login_attempts(days)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} deleted")
