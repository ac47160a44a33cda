"""``rekisteri purge_imports``: delete staged import files older than seven days."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from rekisteri.imports.services import CommandActor, purge_expired_batches


class Command(BaseCommand):
    help = (
        "Delete import files uploaded for review and neither imported nor discarded within "
        "seven days (retention rule import_staging, GDPR Art. 5(1)(e)), with their encrypted "
        "copies. Run it daily with the purge."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_expired_batches(CommandActor("cli:purge_imports"), timezone.localdate())
        self.stdout.write(f"{count} staged import files deleted")
