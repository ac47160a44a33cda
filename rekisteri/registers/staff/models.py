"""Employees and their occupational-health records.

Employee rows hold what the work certificate, payroll and taxation need; the
personal identity code and the bank account are encrypted at rest and masked
in the staff app. Health records are a separate store (a separate model with
its own screen, capability and audit events) readable only by the named
health-data handlers (Laki yksityisyyden suojasta työelämässä 759/2004 5 §).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability, can_see_restricted, has_capability
from rekisteri.crypto.fields import EncryptedTextField
from rekisteri.privacy.index import IndexedQuerySet
from rekisteri.subjects.models import new_reference


def new_employee_reference() -> str:
    return new_reference("E")


def new_health_record_reference() -> str:
    return new_reference("TT")


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed-term")
    HOURLY = "hourly", _("Hourly-paid, as needed")
    TRAINEE = "trainee", _("Trainee or intern")


class EmployeeQuerySet(IndexedQuerySet["Employee"]):
    """Employees; bulk writes keep the subject index current."""

    def ended_before(self, cutoff: dt.date) -> EmployeeQuerySet:
        """Employments that ended before ``cutoff``."""
        return self.filter(ended_on__lt=cutoff)


class Employee(models.Model):
    """One employment of one person (legal.md §4 rows 18–21)."""

    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        default=new_employee_reference,
        editable=False,
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="employments",
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    duties = models.TextField(_("duties"), blank=True)
    employment_type = models.CharField(
        _("type of employment"),
        max_length=20,
        choices=EmploymentType.choices,
        default=EmploymentType.PERMANENT,
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("The last day of the employment; the retention periods start here."),
    )
    work_email = models.EmailField(_("work e-mail"), max_length=254, blank=True)
    work_phone = models.CharField(_("work phone"), max_length=32, blank=True)
    home_street_address = models.CharField(_("home street address"), max_length=200, blank=True)
    home_postal_code = models.CharField(_("home postal code"), max_length=10, blank=True)
    home_city = models.CharField(_("home city"), max_length=100, blank=True)
    personal_identity_code = EncryptedTextField(_("personal identity code"), blank=True)
    bank_account_iban = EncryptedTextField(_("bank account (IBAN)"), blank=True)
    tax_percentage = models.DecimalField(
        _("withholding percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    tax_additional_percentage = models.DecimalField(
        _("additional withholding percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    tax_income_limit = models.DecimalField(
        _("income limit of the tax card"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    monthly_salary = models.DecimalField(
        _("monthly salary"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["ended_on"])]

    def __str__(self) -> str:
        if self.person_id is None:
            return self.reference
        return f"{self.person} ({self.reference})"


class HealthRecordKind(models.TextChoices):
    SICK_LEAVE_CERTIFICATE = "sick_leave_certificate", _("Sick-leave certificate")
    FITNESS_STATEMENT = "fitness_statement", _("Fitness-for-work statement")
    WORK_ABILITY_NOTE = "work_ability_note", _("Work-ability meeting note")


#: The retention rule of each kind of health record (legal.md §4 rows 22–23): a
#: sick-leave certificate backs sick pay and is kept as a voucher; other health
#: data goes when its purpose ends.
RETENTION_BY_KIND: dict[str, str] = {
    HealthRecordKind.SICK_LEAVE_CERTIFICATE: "sick_leave_certificates",
    HealthRecordKind.FITNESS_STATEMENT: "other_health_data",
    HealthRecordKind.WORK_ABILITY_NOTE: "other_health_data",
}


class HealthRecordQuerySet(models.QuerySet["HealthRecord"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser | None) -> HealthRecordQuerySet:
        """Return the records ``user`` may read: all for a named health-data handler,
        none for anyone else (YksTL 759/2004 5 §), and none of a person whose
        processing is restricted unless the user may see restricted data
        (GDPR Art. 18(2): restricted data is only stored)."""
        if user is None or not has_capability(user, Capability.HEALTH_VIEW):
            return self.none()
        if not can_see_restricted(user):
            return self.exclude(employee__person__is_restricted=True)
        return self


class HealthRecord(models.Model):
    """One occupational-health document about an employee.

    There is deliberately no diagnosis field: the employer needs the period of
    incapacity, not the diagnosis (YksTL 759/2004 5 §, minimisation).
    """

    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        default=new_health_record_reference,
        editable=False,
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="health_records",
    )
    kind = models.CharField(_("kind of document"), max_length=30, choices=HealthRecordKind.choices)
    period_starts_on = models.DateField(_("period starts on"), null=True, blank=True)
    period_ends_on = models.DateField(_("period ends on"), null=True, blank=True)
    content = EncryptedTextField(
        _("content"),
        blank=True,
        help_text=_("What the document says about work ability. Never a diagnosis."),
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = HealthRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("occupational-health record")
        verbose_name_plural = _("occupational-health records")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def retention_rule(self) -> str:
        """The retention rule code that applies to this record's kind."""
        return RETENTION_BY_KIND.get(self.kind, "other_health_data")
