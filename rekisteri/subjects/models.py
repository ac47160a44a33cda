"""The data subject (person) every register record links to.

One person may be a customer, a web-shop user, an applicant and an employee at
once; each register keeps its own records and points here. The reference is
opaque (``H-`` and random characters) so that URLs and audit events never carry
a name, e-mail or identity code.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.index import IndexedQuerySet

_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_reference(prefix: str) -> str:
    """Return an opaque reference such as ``H-7KQ2M9XD`` (no personal data)."""
    return f"{prefix}-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


def new_person_reference() -> str:
    return new_reference("H")


class Person(models.Model):
    """A natural person whose data the registers hold (GDPR Art. 4(1))."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_person_reference, editable=False
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_restricted = models.BooleanField(
        _("processing restricted"),
        default=False,
        help_text=_("GDPR Art. 18: the data may only be stored while the restriction lasts."),
    )

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.reference

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
