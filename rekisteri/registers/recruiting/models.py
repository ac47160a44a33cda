"""Job, internship and open applications, with their CV files.

The CV itself is not in the database: it is an encrypted file in
``settings.UPLOAD_DIR / "cv"`` under a server-generated name (``cv_stored_name``).
The file follows the row: when an application is deleted, or its stored name
changes or is cleared (a new CV, anonymisation), the old file is removed after
the transaction commits (see ``signals.py``).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.index import IndexedQuerySet
from rekisteri.registers.recruiting.storage import remove_cv_on_commit
from rekisteri.subjects.models import new_reference


def new_application_reference() -> str:
    return new_reference("R")


class ApplicationKind(models.TextChoices):
    JOB = "job", _("Job application")
    INTERNSHIP = "internship", _("Internship application")
    OPEN = "open_application", _("Open application")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    INTERVIEW = "interview", _("Invited to interview")
    REJECTED = "rejected", _("Rejected")
    HIRED = "hired", _("Hired")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")


class JobApplicationQuerySet(IndexedQuerySet["JobApplication"]):
    """Applications; bulk writes keep the subject index and the CV files current."""

    def decided_before(self, cutoff: Any) -> JobApplicationQuerySet:
        """Applications whose decision was made before ``cutoff`` (a date)."""
        return self.filter(decided_on__lt=cutoff)

    def update(self, **kwargs: Any) -> int:
        if "cv_stored_name" not in kwargs:
            return super().update(**kwargs)
        # A bulk change of the stored name (anonymisation) must take the old files along.
        new_name = kwargs["cv_stored_name"]
        old_names = [
            name
            for name in self.exclude(cv_stored_name="").values_list("cv_stored_name", flat=True)
            if name != new_name
        ]
        count = super().update(**kwargs)
        for name in old_names:
            remove_cv_on_commit(name)
        return count


class JobApplication(models.Model):
    """One application from one person (legal.md §4 rows 16–17)."""

    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        default=new_application_reference,
        editable=False,
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="job_applications",
    )
    kind = models.CharField(
        _("kind of application"),
        max_length=20,
        choices=ApplicationKind.choices,
        default=ApplicationKind.JOB,
    )
    position = models.CharField(_("position applied for"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    cover_letter = models.TextField(_("cover letter"), blank=True)
    cv_stored_name = models.CharField(
        _("stored CV file"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("A server-generated name of the encrypted file; never the uploaded name."),
    )
    cv_original_name = models.CharField(
        _("CV file name"), max_length=255, blank=True, editable=False
    )
    cv_content_type = models.CharField(
        _("CV file type"), max_length=100, blank=True, editable=False
    )
    cv_size = models.PositiveIntegerField(
        _("CV size in bytes"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    decided_on = models.DateField(
        _("decided on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the applicant was told of the decision; the retention period starts here."
        ),
    )
    decision_notes = models.TextField(_("decision and interview notes"), blank=True)

    objects = JobApplicationQuerySet.as_manager()

    #: The stored name as loaded from the database (see ``from_db`` and signals.py).
    _loaded_cv_stored_name: str = ""

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["decided_on"])]

    def __str__(self) -> str:
        return self.reference

    @classmethod
    def from_db(
        cls,
        db: str | None,
        field_names: Collection[str],
        values: Collection[Any],
        **kwargs: Any,
    ) -> JobApplication:
        instance = super().from_db(db, field_names, values, **kwargs)
        # Remembered so that a save which changes the stored name removes the old file.
        instance._loaded_cv_stored_name = instance.__dict__.get("cv_stored_name", "")
        return instance

    @property
    def has_cv(self) -> bool:
        return bool(self.cv_stored_name)
