"""Disclosures, recipients and processors.

- :class:`Recipient` is the register of those the shop discloses personal data to
  (manufacturers, suppliers, finance companies, the police, the auditor ...), with
  their role: an independent controller, our processor, or an authority.
- :class:`Disclosure` is the disclosure log: one row per data flow to a recipient,
  with its lawful basis, the categories sent and the record it concerns (GDPR
  Art. 5(2), 15(1)(c), 19 and 30(1)(d); legal.md §1 Art. 19).
- :class:`Processor` is the processor register with the Art. 28(3) checklist.
- :class:`RecipientNotification` is one Art. 19 task: tell a recipient about a
  rectification, erasure or restriction.

References are opaque (``DL-…``, ``RC-…``, ``PR-…``, ``NT-…``) so URLs and audit
events carry no personal data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.lib.validators import validate_business_id
from rekisteri.privacy.index import IndexedQuerySet
from rekisteri.privacy.vocabulary import Basis, Category, RecipientType
from rekisteri.subjects.models import new_reference


def new_disclosure_reference() -> str:
    return new_reference("DL")


def new_recipient_reference() -> str:
    return new_reference("RC")


def new_processor_reference() -> str:
    return new_reference("PR")


def new_notification_reference() -> str:
    return new_reference("NT")


class RecipientRole(models.TextChoices):
    """The recipient's role towards the data (GDPR Art. 4(7), 4(8), 4(9))."""

    INDEPENDENT_CONTROLLER = "independent_controller", _("Independent controller")
    PROCESSOR = "processor", _("Processor acting for us (GDPR Art. 28)")
    AUTHORITY = "authority", _("Public authority")


class ProcessorService(models.TextChoices):
    """The kinds of subcontracted services the privacy notice names."""

    WEBSITE_HOSTING = "website_hosting", _("Website and web-shop hosting")
    FINANCIAL_ADMINISTRATION = "financial_administration", _("Financial administration")
    CLOUD_STORAGE = "cloud_storage", _("Cloud storage")
    PRODUCT_DELIVERY = "product_delivery", _("Product delivery")
    EMAIL_MARKETING = "email_marketing", _("E-mail marketing")
    OTHER = "other", _("Other service")


class TransferMechanism(models.TextChoices):
    """How a transfer outside the EU/EEA is safeguarded (GDPR Chapter V)."""

    NONE = "none", _("No transfer outside the EU/EEA")
    ADEQUACY = (
        "adequacy",
        _("Adequacy decision (GDPR Art. 45), e.g. the EU–US Data Privacy Framework"),
    )
    SCCS = "sccs", _("Standard contractual clauses (GDPR Art. 46(2)(c))")
    BCRS = "bcrs", _("Binding corporate rules (GDPR Art. 47)")


class SubjectGroup(models.TextChoices):
    """Categories of data subjects (GDPR Art. 28(3), 30(1)(c))."""

    CUSTOMERS = "customers", _("Customers")
    WEBSHOP_USERS = "webshop_users", _("Web-shop users")
    JOB_APPLICANTS = "job_applicants", _("Job and internship applicants")
    EMPLOYEES = "employees", _("Employees")
    BUSINESS_CONTACTS = "business_contacts", _("Contact persons of business customers")


class ChangeKind(models.TextChoices):
    """The changes a recipient must be told about (GDPR Art. 19)."""

    RECTIFICATION = "rectification", _("Rectification (GDPR Art. 16)")
    ERASURE = "erasure", _("Erasure (GDPR Art. 17)")
    RESTRICTION = "restriction", _("Restriction of processing (GDPR Art. 18)")


class NotificationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SENT = "sent", _("Recipient notified")
    IMPOSSIBLE = "impossible", _("Impossible or disproportionate")


class Recipient(models.Model):
    """Someone the shop discloses personal data to (GDPR Art. 4(9), 13(1)(e), 30(1)(d))."""

    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        default=new_recipient_reference,
        editable=False,
    )
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type of recipient"), max_length=40, choices=RecipientType.choices)
    role = models.CharField(_("role"), max_length=40, choices=RecipientRole.choices)
    business_id = models.CharField(
        _("business ID (Y-tunnus)"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        default="FI",
        help_text=_("Two-letter country code (ISO 3166), e.g. FI, SE, US."),
    )
    contact = models.TextField(
        _("contact"),
        blank=True,
        help_text=_("Prefer the organisation's role address or switchboard to a named person."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    is_example = models.BooleanField(
        _("example, to be completed"),
        default=False,
        help_text=_("Pre-filled example; untick once the details are real and checked."),
    )
    seed_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Processor(models.Model):
    """A processor acting on the shop's behalf, with the Art. 28(3) checklist."""

    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        default=new_processor_reference,
        editable=False,
    )
    name = models.CharField(_("name"), max_length=200)
    service = models.CharField(_("service"), max_length=40, choices=ProcessorService.choices)
    service_description = models.TextField(
        _("subject matter, nature and purpose"),
        blank=True,
        help_text=_("What the processor does with the data, and for how long (GDPR Art. 28(3))."),
    )
    business_id = models.CharField(
        _("business ID (Y-tunnus)"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
    )
    data_categories = models.JSONField(_("categories of personal data"), default=list, blank=True)
    subject_groups = models.JSONField(_("categories of data subjects"), default=list, blank=True)
    country = models.CharField(
        _("country where the data is processed"),
        max_length=2,
        blank=True,
        help_text=_("Two-letter country code (ISO 3166); leave empty until known."),
    )
    location = models.CharField(
        _("data location"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the data centre region, “EU (Frankfurt)”."),
    )
    transfer_mechanism = models.CharField(
        _("transfer mechanism"),
        max_length=20,
        choices=TransferMechanism.choices,
        default=TransferMechanism.NONE,
    )
    dpa_signed_on = models.DateField(
        _("data processing agreement signed on"), null=True, blank=True
    )
    has_documented_instructions = models.BooleanField(
        _("(a) processes only on documented instructions, incl. transfers"), default=False
    )
    has_confidentiality = models.BooleanField(
        _("(b) persons processing the data are bound to confidentiality"), default=False
    )
    has_security_measures = models.BooleanField(
        _("(c) security measures of GDPR Art. 32"), default=False
    )
    has_sub_processor_terms = models.BooleanField(
        _("(d) sub-processors only with prior written authorisation"), default=False
    )
    has_rights_assistance = models.BooleanField(
        _("(e) helps to answer data-subject requests"), default=False
    )
    has_compliance_assistance = models.BooleanField(
        _("(f) helps with GDPR Art. 32–36 (security, breaches, impact assessments)"),
        default=False,
    )
    has_deletion_or_return = models.BooleanField(
        _("(g) deletes or returns the data when the service ends"), default=False
    )
    has_audit_rights = models.BooleanField(
        _("(h) makes information available and allows audits"), default=False
    )
    sub_processors = models.TextField(
        _("sub-processors"),
        blank=True,
        help_text=_("Each sub-processor, its service and country, one per line."),
    )
    review_on = models.DateField(_("next review"), null=True, blank=True)
    contact = models.TextField(_("contact"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    is_example = models.BooleanField(
        _("example, to be completed"),
        default=False,
        help_text=_("Pre-filled example; untick once the details are real and checked."),
    )
    seed_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("processor")
        verbose_name_plural = _("processors")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def data_category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.data_categories if c in Category.values]

    @property
    def subject_group_labels(self) -> list[str]:
        return [str(SubjectGroup(g).label) for g in self.subject_groups if g in SubjectGroup.values]


class Disclosure(models.Model):
    """One disclosure of a person's data to a recipient (the disclosure log).

    ``external_reference`` is the order, job or case number the disclosure was
    made under; never free personal text (it is checked when recorded).
    ``record_model`` and ``record_ref`` name the register record it concerns,
    by model label and opaque reference, so the engine never imports a register.
    """

    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        default=new_disclosure_reference,
        editable=False,
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    recipient = models.ForeignKey(
        Recipient,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    basis = models.CharField(_("lawful basis"), max_length=40, choices=Basis.choices)
    categories = models.JSONField(_("categories of personal data"), default=list)
    disclosed_on = models.DateField(_("disclosed on"), db_index=True)
    external_reference = models.CharField(_("order, job or case number"), max_length=40, blank=True)
    record_model = models.CharField(_("record type"), max_length=80, blank=True)
    record_ref = models.CharField(_("record"), max_length=64, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-disclosed_on", "-id"]
        indexes = [models.Index(fields=["person", "recipient"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories if c in Category.values]


class RecipientNotification(models.Model):
    """A task to tell one recipient of a rectification, erasure or restriction (GDPR Art. 19)."""

    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        default=new_notification_reference,
        editable=False,
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="recipient_notifications",
    )
    recipient = models.ForeignKey(
        Recipient,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name=_("latest disclosure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    change = models.CharField(_("change"), max_length=20, choices=ChangeKind.choices)
    request_ref = models.CharField(_("request"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NotificationStatus.choices,
        default=NotificationStatus.OPEN,
        db_index=True,
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("recipient notification")
        verbose_name_plural = _("recipient notifications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == NotificationStatus.OPEN
