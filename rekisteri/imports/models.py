"""Staged import files and the import ledger.

An :class:`ImportBatch` is a file uploaded through the staff UI and waiting for
review: its bytes are encrypted on disk (``storage.py``), its preview is
encrypted in the row, and both are deleted when the file is committed or
cancelled, or by the retention purge after seven days (rule ``import_staging``).

An :class:`ImportedRecord` remembers that a source record (an old customer,
voucher, job, account or order number) has been imported, so that a second run
of the same file creates nothing. It holds a keyed hash of the source key, never
the key itself, and the opaque reference of the record made from it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.crypto.fields import EncryptedTextField
from rekisteri.subjects.models import new_reference


def new_batch_reference() -> str:
    return new_reference("I")


class FileFormat(models.TextChoices):
    CSV = "csv", _("CSV (semicolon or comma separated, UTF-8)")
    JSON = "json", _("JSON Lines (one object per line, UTF-8)")


class ImportBatch(models.Model):
    """An uploaded file awaiting preview and commit (or cancel)."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_batch_reference, editable=False
    )
    register = models.CharField(_("register"), max_length=40)
    file_format = models.CharField(_("format"), max_length=10, choices=FileFormat.choices)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    stored_name = models.CharField(_("stored name"), max_length=64, unique=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    preview = EncryptedTextField(_("preview"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("staged import file")
        verbose_name_plural = _("staged import files")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class ImportedRecord(models.Model):
    """One source record already imported: a keyed hash of its key and what it became."""

    register = models.CharField(_("register"), max_length=40)
    key_digest = models.CharField(_("keyed hash of the source key"), max_length=64)
    target_model = models.CharField(_("record type"), max_length=100)
    target_ref = models.CharField(_("record reference"), max_length=40)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "key_digest"], name="imports_one_record_per_source_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.target_ref}"
