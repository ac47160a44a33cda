"""The breach register: every personal-data breach, documented (GDPR Art. 33(5)).

A breach record describes an incident, not the people it touched: it keeps the
categories of data and of data subjects and approximate counts, never a list of
the people affected. The facts, the risk assessment, the decisions to notify the
Data Protection Ombudsman (Art. 33) and the people (Art. 34), and the times they
were told are kept for the breach-register period (legal.md §4 row 26).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.breaches.policies import DeadlineStatus, authority_deadline, deadline_status
from rekisteri.subjects.models import new_reference


def new_breach_reference() -> str:
    return new_reference("B")


class RiskLevel(models.TextChoices):
    """The risk to people's rights and freedoms (GDPR Art. 33(1), 34(1))."""

    UNASSESSED = "unassessed", _("Not yet assessed")
    NONE = "none", _("Unlikely to result in a risk")
    RISK = "risk", _("Risk")
    HIGH = "high", _("High risk")


class AuthorityDecision(models.TextChoices):
    """Whether the Data Protection Ombudsman is notified (GDPR Art. 33(1))."""

    UNDECIDED = "undecided", _("Not yet decided")
    NOTIFY = "notify", _("Notify the Data Protection Ombudsman")
    NOT_REQUIRED = "not_required", _("Not notified: unlikely to result in a risk")


class PeopleDecision(models.TextChoices):
    """Whether the people affected are told (GDPR Art. 34(1) and (3))."""

    UNDECIDED = "undecided", _("Not yet decided")
    NOTIFY = "notify", _("Tell the people affected")
    NOT_REQUIRED = "not_required", _("Not told: no high risk")
    EXEMPT = "exempt", _("Not told individually: an exception of Art. 34(3) applies")


class PeopleException(models.TextChoices):
    """The exceptions of GDPR Art. 34(3) to telling the people individually."""

    UNINTELLIGIBLE = (
        "unintelligible",
        _("(a) The data was unintelligible to others, e.g. encrypted"),
    )
    RISK_REMOVED = "risk_removed", _("(b) Later measures ensure the high risk no longer arises")
    DISPROPORTIONATE = (
        "disproportionate",
        _(
            "(c) Telling each person would take disproportionate effort: "
            "a public communication is used"
        ),
    )


class SubjectGroup(models.TextChoices):
    """Categories of data subjects a breach can concern (GDPR Art. 33(3)(a))."""

    CUSTOMERS = "customers", _("Customers")
    WEBSHOP_USERS = "webshop_users", _("Web-shop users")
    SERVICE_CUSTOMERS = "service_customers", _("Service customers")
    JOB_APPLICANTS = "job_applicants", _("Job and internship applicants")
    EMPLOYEES = "employees", _("Employees")
    BUSINESS_CONTACTS = "business_contacts", _("Contact persons of business customers")
    OTHER = "other", _("Others")


class Breach(models.Model):
    """One personal-data breach and what was done about it (GDPR Art. 33(5))."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_breach_reference, editable=False
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("A short name for the incident, e.g. “Laptop stolen from the service van”."),
    )
    # --- Timeline -------------------------------------------------------------------
    occurred_at = models.DateTimeField(
        _("occurred"),
        null=True,
        blank=True,
        help_text=_("When the breach happened, if known."),
    )
    detected_at = models.DateTimeField(
        _("detected"), help_text=_("When the incident was first noticed.")
    )
    aware_at = models.DateTimeField(
        _("became aware"),
        help_text=_(
            "When the company became reasonably certain that personal data was affected. "
            "The 72-hour deadline runs from this time."
        ),
    )
    # --- Nature (Art. 33(3)(a)) --------------------------------------------------------
    nature_confidentiality = models.BooleanField(
        _("confidentiality breach"),
        default=False,
        help_text=_("Data was disclosed to or accessed by someone without the right to it."),
    )
    nature_integrity = models.BooleanField(
        _("integrity breach"), default=False, help_text=_("Data was altered without permission.")
    )
    nature_availability = models.BooleanField(
        _("availability breach"),
        default=False,
        help_text=_("Data was lost or destroyed, or could not be reached."),
    )
    description = models.TextField(
        _("description"),
        help_text=_("What happened. Describe the incident; do not name the people affected."),
    )
    plain_description = models.TextField(
        _("plain-language description"),
        blank=True,
        help_text=_(
            "What happened, in plain words for the people affected (GDPR Art. 34(2)). "
            "Left empty, the description above is used."
        ),
    )
    cause = models.TextField(
        _("cause"), blank=True, help_text=_("e.g. phishing, a lost device, a misdirected e-mail.")
    )
    subject_categories = models.JSONField(_("categories of people"), default=list, blank=True)
    people_affected = models.PositiveIntegerField(
        _("approximate number of people"), null=True, blank=True
    )
    data_categories = models.JSONField(_("categories of data"), default=list, blank=True)
    records_affected = models.PositiveIntegerField(
        _("approximate number of records"), null=True, blank=True
    )
    # --- Assessment ---------------------------------------------------------------------
    consequences = models.TextField(
        _("likely consequences"),
        blank=True,
        help_text=_("What may follow for the people affected, e.g. phishing, identity theft."),
    )
    measures = models.TextField(
        _("measures taken or proposed"),
        blank=True,
        help_text=_("What was done or will be done to address the breach and limit its harm."),
    )
    advice_to_people = models.TextField(
        _("advice to the people affected"),
        blank=True,
        help_text=_(
            "What people can do to protect themselves, e.g. change their password. "
            "Left empty, advice suggested by the categories of data is used."
        ),
    )
    risk_level = models.CharField(
        _("risk"), max_length=20, choices=RiskLevel.choices, default=RiskLevel.UNASSESSED
    )
    risk_reasons = models.TextField(_("reasons for the risk assessment"), blank=True)
    # --- Processor (Art. 33(2)) -------------------------------------------------------------
    processor_involved = models.BooleanField(_("a processor was involved"), default=False)
    processor_name = models.CharField(_("processor"), max_length=200, blank=True)
    processor_informed_at = models.DateTimeField(_("processor told us"), null=True, blank=True)
    # --- The Data Protection Ombudsman (Art. 33) ----------------------------------------------
    authority_decision = models.CharField(
        _("notification to the Data Protection Ombudsman"),
        max_length=20,
        choices=AuthorityDecision.choices,
        default=AuthorityDecision.UNDECIDED,
    )
    authority_decision_reasons = models.TextField(
        _("reasons for the decision on notifying the authority"), blank=True
    )
    authority_notified_at = models.DateTimeField(_("authority notified"), null=True, blank=True)
    authority_case_number = models.CharField(
        _("the authority's case number"), max_length=50, blank=True
    )
    authority_delay_reason = models.TextField(
        _("reasons for a late notification"),
        blank=True,
        help_text=_("Required when the authority is notified more than 72 hours after awareness."),
    )
    is_phased = models.BooleanField(
        _("information given in phases"),
        default=False,
        help_text=_("More information will follow the first notification (GDPR Art. 33(4))."),
    )
    # --- The people affected (Art. 34) -------------------------------------------------------
    people_decision = models.CharField(
        _("communication to the people affected"),
        max_length=20,
        choices=PeopleDecision.choices,
        default=PeopleDecision.UNDECIDED,
    )
    people_exception = models.CharField(
        _("exception to telling the people"),
        max_length=20,
        choices=PeopleException.choices,
        blank=True,
    )
    people_decision_reasons = models.TextField(
        _("reasons for the decision on telling the people"), blank=True
    )
    people_notified_at = models.DateTimeField(_("people told"), null=True, blank=True)
    people_delay_reason = models.TextField(
        _("reasons for any delay in telling the people"), blank=True
    )
    # --- Contact point (Art. 33(3)(b), 34(2)) -------------------------------------------------
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # --- Bookkeeping -------------------------------------------------------------------------
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("personal-data breach")
        verbose_name_plural = _("personal-data breaches")
        ordering = ["-aware_at", "-id"]
        indexes = [models.Index(fields=["closed_at"], name="breach_closed_at")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def deadline(self) -> dt.datetime:
        """The latest time to notify the authority: awareness + 72 hours (Art. 33(1))."""
        return authority_deadline(self.aware_at)

    @property
    def clock_applies(self) -> bool:
        """Whether the 72-hour clock matters: not once notification is ruled out."""
        return self.authority_decision != AuthorityDecision.NOT_REQUIRED

    def deadline_status(self, now: dt.datetime) -> DeadlineStatus:
        return deadline_status(self.aware_at, now, self.authority_notified_at)
