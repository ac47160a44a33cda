"""Keep staged files in step with their rows on every path (commit, cancel, purge)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete

from rekisteri.imports.models import ImportBatch
from rekisteri.imports.storage import remove_staged_on_commit


def _after_delete(sender: type[ImportBatch], instance: ImportBatch, **kwargs: Any) -> None:
    remove_staged_on_commit(instance.stored_name)


def connect() -> None:
    post_delete.connect(_after_delete, sender=ImportBatch, dispatch_uid="imports-staged-delete")
