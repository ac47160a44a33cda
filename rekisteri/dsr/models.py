"""The request register: data-subject requests and every step of their handling.

A :class:`SubjectRequest` is one request under GDPR Art. 15–21 as it arrived —
its kind, the channel, the identifiers the requester gave, the time of receipt
and the language of the reply — followed by its identity checks
(:class:`IdentityCheck`, Art. 12(6)), the people and records the registrar
confirmed as the requester's (:class:`ConfirmedPerson`, :class:`ConfirmedRecord`),
and what was done: rectifications (:class:`RectificationEntry`, Art. 16),
restrictions (:class:`Restriction`, Art. 18), an objection's outcome (Art. 21), an
extension, a refusal or the answer (Art. 12(3)–(5)).

References are opaque (``PR-`` and random characters), so URLs, audit events and
the Art. 19 tasks never carry a name or an e-mail address. Requests and their
steps are the controller's proof (Art. 5(2)) and are kept for three years after
the request is closed (legal.md §4 row 25, rule ``subject_requests``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.crypto.fields import EncryptedTextField
from rekisteri.dsr import policies
from rekisteri.subjects.models import new_reference


def new_request_reference() -> str:
    return new_reference("PR")


def new_restriction_reference() -> str:
    return new_reference("RS")


class RequestKind(models.TextChoices):
    """The rights a request exercises (GDPR Art. 15–21)."""

    ACCESS = "access", _("Access (GDPR Art. 15)")
    PORTABILITY = "portability", _("Data portability (GDPR Art. 20)")
    RECTIFICATION = "rectification", _("Rectification (GDPR Art. 16)")
    ERASURE = "erasure", _("Erasure (GDPR Art. 17)")
    RESTRICTION = "restriction", _("Restriction of processing (GDPR Art. 18)")
    OBJECTION = "objection", _("Objection (GDPR Art. 21)")


class ObjectionScope(models.TextChoices):
    """What an objection is against: direct marketing is absolute, the rest is weighed."""

    DIRECT_MARKETING = "direct_marketing", _("Direct marketing (GDPR Art. 21(2)–(3))")
    LEGITIMATE_INTEREST = (
        "legitimate_interest",
        _("Processing based on legitimate interests (GDPR Art. 21(1))"),
    )


class RequestChannel(models.TextChoices):
    """How the request reached us; the privacy notice names these channels."""

    IN_SHOP = "in_shop", _("In the shop")
    EMAIL = "email", _("By e-mail")
    LETTER = "letter", _("By letter")
    PHONE = "phone", _("By phone")
    #: Reserved for the web form of the API issue; staff intake does not offer it.
    WEB = "web", _("Through the website")


#: The channels staff may record at intake (the web form comes with the API).
INTAKE_CHANNELS = (
    RequestChannel.IN_SHOP,
    RequestChannel.EMAIL,
    RequestChannel.LETTER,
    RequestChannel.PHONE,
)


class ReplyLanguage(models.TextChoices):
    FI = "fi", _("Finnish")
    EN = "en", _("English")


class RequestState(models.TextChoices):
    """The stored values of :class:`rekisteri.dsr.policies.State`."""

    RECEIVED = policies.State.RECEIVED.value, _("Received")
    VERIFYING_IDENTITY = policies.State.VERIFYING_IDENTITY.value, _("Verifying identity")
    IN_PROGRESS = policies.State.IN_PROGRESS.value, _("In progress")
    EXTENDED = policies.State.EXTENDED.value, _("Extended")
    ANSWERED = policies.State.ANSWERED.value, _("Answered")
    REFUSED = policies.State.REFUSED.value, _("Refused")
    WITHDRAWN = policies.State.WITHDRAWN.value, _("Withdrawn")


class IdentityMethod(models.TextChoices):
    """How the requester's identity was checked (GDPR Art. 12(6)); never an ID copy."""

    KNOWN_EMAIL = "known_email", _("The request came from an e-mail address we hold for them")
    KNOWN_PHONE = "known_phone", _("A phone number we hold for them matched")
    ORDER_AND_CONTACT = (
        "order_and_contact",
        _("An order or customer number matched with their registered e-mail or phone"),
    )
    ID_SHOWN = "id_shown", _("An identity document was shown in person (no copy taken)")
    #: Reserved for the web-shop account login of the API issue.
    WEB_ACCOUNT = "web_account", _("Logged in to their web-shop account")


#: The methods staff may record (the logged-in web account comes with the API).
STAFF_IDENTITY_METHODS = (
    IdentityMethod.KNOWN_EMAIL,
    IdentityMethod.KNOWN_PHONE,
    IdentityMethod.ORDER_AND_CONTACT,
    IdentityMethod.ID_SHOWN,
)


class IdentityOutcome(models.TextChoices):
    VERIFIED = "verified", _("Identity verified")
    MORE_INFORMATION = (
        "more_information",
        _("Additional information asked for (GDPR Art. 12(6))"),
    )
    NOT_VERIFIED = "not_verified", _("Identity could not be verified")


class RefusalGround(models.TextChoices):
    """Why a request is not acted on (GDPR Art. 12(4)–(5)); reasons are always written too."""

    MANIFESTLY_UNFOUNDED = "manifestly_unfounded", _("Manifestly unfounded (GDPR Art. 12(5))")
    EXCESSIVE = (
        "excessive",
        _("Excessive, in particular because of its repetitive character (GDPR Art. 12(5))"),
    )
    IDENTITY_NOT_VERIFIED = (
        "identity_not_verified",
        _("The requester could not be identified (GDPR Art. 11(2), 12(2) and 12(6))"),
    )
    RIGHT_DOES_NOT_APPLY = (
        "right_does_not_apply",
        _("The right does not apply to this processing (e.g. GDPR Art. 17(3), 20(1))"),
    )
    LEGAL_RESTRICTION = (
        "legal_restriction",
        _("A statutory restriction applies (GDPR Art. 23; Tietosuojalaki 1050/2018 34 §)"),
    )


class ObjectionDecision(models.TextChoices):
    """The outcome of an objection (GDPR Art. 21)."""

    UPHELD = "upheld", _("Upheld: the processing stops")
    COMPELLING_GROUNDS = (
        "compelling_grounds",
        _("Not upheld: compelling legitimate grounds override (GDPR Art. 21(1))"),
    )
    LEGAL_CLAIMS = (
        "legal_claims",
        _("Not upheld: the data is needed for legal claims (GDPR Art. 21(1))"),
    )


class RestrictionGround(models.TextChoices):
    """The four cases of GDPR Art. 18(1)."""

    ACCURACY_CONTESTED = (
        "accuracy_contested",
        _("(a) The person contests the accuracy of the data, while it is checked"),
    )
    UNLAWFUL_NO_ERASURE = (
        "unlawful_no_erasure",
        _("(b) The processing is unlawful and the person asks for restriction, not erasure"),
    )
    LEGAL_CLAIMS = (
        "legal_claims",
        _("(c) We no longer need the data but the person needs it for legal claims"),
    )
    OBJECTION_PENDING = (
        "objection_pending",
        _("(d) The person has objected (Art. 21(1)), while the grounds are weighed"),
    )


class RectificationOutcome(models.TextChoices):
    APPLIED = "applied", _("Corrected in the register")
    CORRECTION_NOTE = (
        "correction_note",
        _("Not edited: an issued voucher is corrected by an accounting correction entry"),
    )


class SubjectRequest(models.Model):
    """One data-subject request, as received and as handled (GDPR Art. 12, 15–21)."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_request_reference, editable=False
    )
    kind = models.CharField(_("request type"), max_length=20, choices=RequestKind.choices)
    objection_scope = models.CharField(
        _("objection to"), max_length=30, choices=ObjectionScope.choices, blank=True
    )
    channel = models.CharField(_("received"), max_length=20, choices=RequestChannel.choices)
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # --- The requester's identifiers, as given (personal data) ------------------------
    requester_name = models.CharField(_("requester's name"), max_length=200)
    requester_email = models.EmailField(_("requester's e-mail"), max_length=254, blank=True)
    requester_phone = models.CharField(_("requester's phone"), max_length=32, blank=True)
    customer_number = models.CharField(_("customer number given"), max_length=40, blank=True)
    order_number = models.CharField(_("order number given"), max_length=40, blank=True)
    reply_address = models.TextField(_("postal address for the reply"), blank=True)
    language = models.CharField(
        _("language of the reply"), max_length=2, choices=ReplyLanguage.choices, default="fi"
    )
    description = models.TextField(_("what the person asks"), blank=True)
    #: When the requester confirmed their e-mail address through the signed link of
    #: the public request form (web channel only). It proves control of the address,
    #: not identity: the identity check (Art. 12(6)) is still the registrar's.
    email_confirmed_at = models.DateTimeField(
        _("e-mail confirmed through a signed link"), null=True, blank=True
    )
    # --- Handling --------------------------------------------------------------------
    state = models.CharField(
        _("state"), max_length=20, choices=RequestState.choices, default=RequestState.RECEIVED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The person the request is about, once confirmed (the first of them when the
    #: registrar merged duplicates; all of them are in ``confirmed_people``).
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due"))
    # --- Extension (Art. 12(3)) ----------------------------------------------------------
    extension_months = models.PositiveSmallIntegerField(_("extended by (months)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_at = models.DateTimeField(_("extension decided"), null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extension decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # --- Refusal (Art. 12(4)–(5)) --------------------------------------------------------
    refusal_ground = models.CharField(
        _("ground for refusal"), max_length=30, choices=RefusalGround.choices, blank=True
    )
    refusal_reasons = models.TextField(_("reasons for the refusal"), blank=True)
    refused_at = models.DateTimeField(_("refused"), null=True, blank=True)
    # --- Objection (Art. 21) -------------------------------------------------------------
    objection_decision = models.CharField(
        _("objection outcome"), max_length=30, choices=ObjectionDecision.choices, blank=True
    )
    objection_reasons = models.TextField(_("weighing of the objection"), blank=True)
    objection_decided_at = models.DateTimeField(_("objection decided"), null=True, blank=True)
    suppressed_contacts = models.PositiveIntegerField(
        _("contacts put on the suppression list"), default=0
    )
    # --- Closing ---------------------------------------------------------------------------
    answer_note = models.TextField(_("what was answered"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_note = models.TextField(_("how the request was withdrawn"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["closed_at", "due_on"], name="dsr_open_due"),
            models.Index(fields=["assignee", "closed_at"], name="dsr_assignee_open"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_kind_display()})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_extended(self) -> bool:
        return self.extension_months > 0

    @property
    def received_on(self) -> dt.date:
        return timezone.localdate(self.received_at)

    @property
    def first_due_on(self) -> dt.date:
        """The one-month due date, before any extension (GDPR Art. 12(3))."""
        return policies.due_on(self.received_on)

    @property
    def is_marketing_objection(self) -> bool:
        return (
            self.kind == RequestKind.OBJECTION
            and self.objection_scope == ObjectionScope.DIRECT_MARKETING
        )


class IdentityCheck(models.Model):
    """One identity check of a request (GDPR Art. 12(6)): how, with what outcome, by whom.

    No copy of an identity document is ever kept, nor its number: the notes say
    what was checked ("passport shown at the counter"), not what it said.
    """

    request = models.ForeignKey(
        SubjectRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="identity_checks",
    )
    method = models.CharField(_("method"), max_length=30, choices=IdentityMethod.choices)
    outcome = models.CharField(_("outcome"), max_length=30, choices=IdentityOutcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    checked_at = models.DateTimeField(_("checked"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("identity check")
        verbose_name_plural = _("identity checks")
        ordering = ["checked_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_outcome_display()}"


class ConfirmedPerson(models.Model):
    """A person the registrar confirmed to be the requester; all their records belong.

    Several people may be confirmed for one request when the registers hold the
    same human as duplicates; a homonym is simply not confirmed.
    """

    request = models.ForeignKey(
        SubjectRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="confirmed_people",
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: What matched, as (identifier kind, record type, field) triples: no values.
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("confirmed person")
        verbose_name_plural = _("confirmed people")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="dsr_confirmed_person_once")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.person_id}"


class ConfirmedRecord(models.Model):
    """One register record confirmed on its own as the requester's.

    Used for records linked to no person (e.g. a guest order found by its e-mail)
    and for single records of a person who is not confirmed as a whole.
    """

    request = models.ForeignKey(
        SubjectRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="confirmed_records",
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    model_label = models.CharField(_("record type"), max_length=80)
    object_id = models.CharField(_("record id"), max_length=40)
    record_ref = models.CharField(_("record"), max_length=64)
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("confirmed record")
        verbose_name_plural = _("confirmed records")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "model_label", "object_id"], name="dsr_confirmed_record_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_label} {self.record_ref}"


class RectificationEntry(models.Model):
    """One correction made through a request (GDPR Art. 16): old → new value, who, when.

    Both values are personal data and are stored encrypted. When the register
    refuses the edit (an issued accounting voucher, Kirjanpitolaki 1336/1997
    2:10), the entry records the correction asked for and a note that the
    accounting register corrects it with a correction entry instead.
    """

    request = models.ForeignKey(
        SubjectRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="rectifications",
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    model_label = models.CharField(_("record type"), max_length=80)
    object_id = models.CharField(_("record id"), max_length=40)
    record_ref = models.CharField(_("record"), max_length=64)
    field_name = models.CharField(_("field"), max_length=80)
    old_value = EncryptedTextField(_("old value"), blank=True)
    new_value = EncryptedTextField(_("new value"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=RectificationOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    made_at = models.DateTimeField(_("made"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"{self.model_label} {self.record_ref}.{self.field_name}"

    @property
    def is_applied(self) -> bool:
        return self.outcome == RectificationOutcome.APPLIED


class Restriction(models.Model):
    """A restriction of processing of one person's data (GDPR Art. 18).

    While a restriction is active the person's ``is_restricted`` flag keeps
    their records out of ordinary roles' lists, searches, marketing and
    exports. The person must be told before it is lifted (Art. 18(3)), so
    ``person_told_at`` is required and earlier than ``lifted_at``.
    """

    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        default=new_restriction_reference,
        editable=False,
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    request = models.ForeignKey(
        SubjectRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="restrictions",
    )
    ground = models.CharField(_("ground"), max_length=30, choices=RestrictionGround.choices)
    notes = models.TextField(_("notes"), blank=True)
    started_at = models.DateTimeField(_("restricted"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("restricted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person_told_at = models.DateTimeField(_("person told of the lifting"), null=True, blank=True)
    lift_reason = models.TextField(_("reason for lifting"), blank=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("restriction of processing")
        verbose_name_plural = _("restrictions of processing")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["person", "lifted_at"], name="dsr_restriction_active")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_ground_display()})"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None
