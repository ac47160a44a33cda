"""Consent and marketing: consent texts and records, marketing bases, the suppression list.

- :class:`ConsentText` is one published, immutable version of the wording a
  person agrees to, with the SHA-256 of its text (GDPR Art. 7(1): the
  controller must be able to show what was agreed to).
- :class:`ConsentRecord` is one person's consent to one text: when, through
  which channel and with what evidence; withdrawal keeps the record as the
  minimal proof (legal.md §4 row 13).
- :class:`MarketingPreference` is a person's marketing basis per channel
  (consent, existing customer, business contact) and any opt-out
  (Laki sähköisen viestinnän palveluista 917/2014 200 §).
- :class:`SuppressionEntry` is a keyed hash of an e-mail address or phone number
  that must never receive marketing again (GDPR Art. 21(3)); it holds no
  contact in clear and no link to the person, so it survives erasure.

Cookie choices are not kept here: the web-shop register owns them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.index import IndexedQuerySet
from rekisteri.subjects.models import new_reference


def new_consent_reference() -> str:
    return new_reference("SU")


class ConsentPurpose(models.TextChoices):
    """What a consent text asks for: marketing through one channel (asked separately,
    GDPR Art. 7(2))."""

    MARKETING_EMAIL = "marketing_email", _("Marketing by e-mail")
    MARKETING_SMS = "marketing_sms", _("Marketing by text message")
    MARKETING_POST = "marketing_post", _("Marketing by post")
    MARKETING_PHONE = "marketing_phone", _("Marketing by phone")


class MarketingChannel(models.TextChoices):
    """How marketing reaches the person."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    POST = "post", _("Post")
    PHONE = "phone", _("Phone call")


class MarketingBasis(models.TextChoices):
    """Why we may market to the person through a channel (legal.md §2.8)."""

    CONSENT = "consent", _("Consent")
    EXISTING_CUSTOMER = "existing_customer", _("Existing customer, similar products")
    BUSINESS_CONTACT = "business_contact", _("Business contact, may opt out")


class ConsentChannel(models.TextChoices):
    """How the person gave, withdrew or refused: the channels the privacy notice names."""

    IN_SHOP = "in_shop", _("In the shop")
    PHONE = "phone", _("By phone")
    EMAIL = "email", _("By e-mail")
    WEBSITE = "website", _("On the website")
    LETTER = "letter", _("By letter")


class SuppressionKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")


class SuppressionReason(models.TextChoices):
    OBJECTION = "objection", _("Objection to direct marketing (GDPR Art. 21(2))")
    OPT_OUT = "opt_out", _("Opted out of marketing")


class ConsentText(models.Model):
    """One version of a consent wording; published versions never change."""

    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["purpose", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "language", "version"], name="consent_text_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.language}) v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("consent texts are immutable; publish a new version")
        super().save(*args, **kwargs)


class ConsentRecord(models.Model):
    """One person's consent to one consent text, with its evidence and any withdrawal."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_consent_reference, editable=False
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    text = models.ForeignKey(
        ConsentText, verbose_name=_("consent text"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("how given"), max_length=20, choices=ConsentChannel.choices)
    given_at = models.DateTimeField(_("given at"))
    evidence = models.TextField(
        _("evidence"),
        help_text=_("How the consent was shown, e.g. “ticked the unticked box on the form”."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_channel = models.CharField(
        _("how withdrawn"), max_length=20, choices=ConsentChannel.choices, blank=True
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        indexes = [
            models.Index(fields=["person", "withdrawn_at"], name="consent_person_active"),
            models.Index(fields=["given_at"], name="consent_given_at"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class MarketingPreference(models.Model):
    """A person's marketing basis for one channel, and their opt-out if they gave one."""

    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="marketing_preferences",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=MarketingChannel.choices)
    basis = models.CharField(_("basis"), max_length=20, choices=MarketingBasis.choices, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    product_groups = models.CharField(
        _("product groups"),
        max_length=200,
        blank=True,
        help_text=_("For existing customers: the products marketing may be about."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fi"
    )
    opted_out_at = models.DateTimeField(_("opted out at"), null=True, blank=True)
    opt_out_channel = models.CharField(
        _("how opted out"), max_length=20, choices=ConsentChannel.choices, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("marketing preference")
        verbose_name_plural = _("marketing preferences")
        ordering = ["person", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["person", "channel"], name="consent_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.get_basis_display() or '—'}"

    @property
    def is_opted_out(self) -> bool:
        return self.opted_out_at is not None


class SuppressionEntry(models.Model):
    """A contact that must not receive marketing, as a keyed hash only."""

    kind = models.CharField(_("kind"), max_length=10, choices=SuppressionKind.choices)
    digest = models.CharField(_("keyed hash"), max_length=64)
    added_at = models.DateTimeField(_("added"))
    reason = models.CharField(_("reason"), max_length=20, choices=SuppressionReason.choices)
    request_ref = models.CharField(_("request"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("suppression-list entry")
        verbose_name_plural = _("suppression-list entries")
        ordering = ["-added_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "digest"], name="consent_suppression_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.digest[:12]}…"
