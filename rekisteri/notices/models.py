"""The controller's details and the published versions of the privacy notices.

``ControllerSettings`` is one row: who the controller is and how to reach it
(GDPR Art. 13(1)(a)–(b), Art. 30(1)(a)). Every notice, the record of processing
activities and the retention schedule read it. ``NoticeVersion`` remembers the
first day on which each version (a hash of a notice's content) was served, so a
notice carries a stable date and a consent can name the text it was given under
(GDPR Art. 7(1)).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.lib.validators import validate_business_id, validate_phone

#: The one row of ControllerSettings always has this primary key.
SINGLETON_ID = 1


class ControllerSettings(models.Model):
    """The controller's identity and contact details (one row, ``id`` = 1)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(
        _("business ID (Y-tunnus)"), max_length=9, validators=[validate_business_id]
    )
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    phone = models.CharField(_("phone"), max_length=32, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), max_length=254)
    contact_person = models.CharField(
        _("contact person for data protection"),
        max_length=200,
        help_text=_("The person responsible for the registers' content (rekisterivastaava)."),
    )
    websites = models.TextField(
        _("websites"),
        blank=True,
        help_text=_("One address per line, e.g. www.example.fi; the notices name them."),
    )
    dpo_contact = models.TextField(
        _("data protection officer"),
        blank=True,
        help_text=_(
            "Name and contact details of the data protection officer. Leave empty when none "
            "is appointed; the notices then say so (GDPR Art. 37)."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("controller settings")
        verbose_name_plural = _("controller settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=SINGLETON_ID), name="controller_singleton")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def reference(self) -> str:
        return "controller"

    @property
    def website_list(self) -> list[str]:
        return [line.strip() for line in self.websites.splitlines() if line.strip()]


class Audience(models.TextChoices):
    """Who a privacy notice is for (legal.md §0 gap 7: one notice per audience)."""

    CUSTOMERS = "customers", _("Customers and web-shop users")
    APPLICANTS = "applicants", _("Job and internship applicants")
    STAFF = "staff", _("Staff")


class NoticeVersion(models.Model):
    """A version of one notice in one language, and the day it was first served."""

    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    language = models.CharField(_("language"), max_length=8)
    version = models.CharField(_("version"), max_length=16)
    valid_from = models.DateField(_("valid from"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice version")
        verbose_name_plural = _("notice versions")
        ordering = ["audience", "language", "-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "language", "version"], name="notice_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.audience}/{self.language} {self.version} ({self.valid_from})"

    @property
    def reference(self) -> str:
        return f"{self.audience}-{self.language}-{self.version}"
