"""The service register: service and installation jobs, and the device credentials
a technician needs while working on them.

Credentials are encrypted at rest, revealed only to technicians (each reveal is
audited) and purged when the job closes, with a hard limit of seven days after
closing or handover for any left behind (legal.md §4 rows 5 and 6). A purged
credential keeps only its label and the time of purging, as proof.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.crypto.fields import EncryptedTextField
from rekisteri.privacy.index import IndexedQuerySet
from rekisteri.subjects.models import new_reference


def new_job_reference() -> str:
    return new_reference("J")


def new_credential_reference() -> str:
    return new_reference("C")


class JobKind(models.TextChoices):
    SERVICE = "service", _("Service")
    INSTALLATION = "installation", _("Installation")


class JobStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_PARTS = "waiting_parts", _("Waiting for parts")
    READY = "ready", _("Ready for pick-up")
    CLOSED = "closed", _("Closed")


class ServiceJob(models.Model):
    """One service or installation job on a customer's device."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_job_reference, editable=False
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="service_jobs",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_jobs",
    )
    kind = models.CharField(
        _("kind of job"), max_length=20, choices=JobKind.choices, default=JobKind.SERVICE
    )
    device = models.CharField(_("device"), max_length=200, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=100, blank=True)
    fault_description = models.TextField(_("fault description"), blank=True)
    work_done = models.TextField(_("work done"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.RECEIVED
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("technician"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_service_jobs",
    )
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service job")
        verbose_name_plural = _("service jobs")
        indexes = [
            models.Index(fields=["status"], name="service_job_status"),
            models.Index(fields=["closed_at"], name="service_job_closed_at"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == JobStatus.CLOSED


class DeviceCredential(models.Model):
    """A device, software or website login a technician needs for one job."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_credential_reference, editable=False
    )
    job = models.ForeignKey(
        ServiceJob,
        verbose_name=_("service job"),
        on_delete=models.CASCADE,
        related_name="credentials",
    )
    label = models.CharField(
        _("label"), max_length=100, help_text=_("What the login is for, e.g. “Windows login”.")
    )
    username = EncryptedTextField(_("username"), blank=True)
    secret = EncryptedTextField(_("password or PIN"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    purged_at = models.DateTimeField(_("purged"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("device credential")
        verbose_name_plural = _("device credentials")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.label}"

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None
