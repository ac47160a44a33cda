"""Rebuild the subject index from the registers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from rekisteri.privacy.index import reindex_all


class Command(BaseCommand):
    help = (
        "Rebuild the subject index (keyed hashes of e-mails, phones, HETUs, IBANs, IP addresses "
        "and names) from every declared register model, in one transaction. Safe to run at any "
        "time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = reindex_all()
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} records")
