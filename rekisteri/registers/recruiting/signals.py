"""Keep CV files in step with their application rows, whatever path changes them.

The services remove files explicitly where they replace them, but the privacy
engine deletes and anonymises records generically (retention sweep, erasure),
without knowing that a row owns a file. These handlers make the file follow
the row on every path: a deleted row, or a saved row whose stored name changed,
removes the old file after the commit (a rollback keeps it).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from rekisteri.erasure.signals import erasures_reapplied
from rekisteri.registers.recruiting.models import JobApplication
from rekisteri.registers.recruiting.storage import remove_cv_on_commit, remove_orphaned_cv_files


def _after_delete(sender: type[JobApplication], instance: JobApplication, **kwargs: Any) -> None:
    remove_cv_on_commit(instance.cv_stored_name)
    if instance._loaded_cv_stored_name != instance.cv_stored_name:
        remove_cv_on_commit(instance._loaded_cv_stored_name)


def _after_save(
    sender: type[JobApplication], instance: JobApplication, raw: bool = False, **kwargs: Any
) -> None:
    if raw:
        return
    old = instance._loaded_cv_stored_name
    if old and old != instance.cv_stored_name:
        remove_cv_on_commit(old)
    instance._loaded_cv_stored_name = instance.cv_stored_name


def _after_replay(sender: object, **kwargs: Any) -> int:
    return remove_orphaned_cv_files()


def connect() -> None:
    post_delete.connect(_after_delete, sender=JobApplication, dispatch_uid="recruiting-cv-delete")
    post_save.connect(_after_save, sender=JobApplication, dispatch_uid="recruiting-cv-save")
    erasures_reapplied.connect(_after_replay, dispatch_uid="recruiting-cv-orphans")
