"""Request-form submissions waiting for the requester to confirm their e-mail address.

A :class:`PendingSubmission` is what a person sent through the public request
form, before they opened the confirmation link sent to the e-mail address they
gave. It is not yet a request for the registrar: nobody looks the person up, and
nothing is matched against the registers (no enumeration). When the link is
opened in time, a :class:`rekisteri.dsr.models.SubjectRequest` is made from it
and the row is deleted; a row never confirmed is deleted by the retention purge
seven days after it was sent (rule ``unverified_requests``; GDPR Art. 5(1)(c)
and 5(1)(e)).

The link carries a random key; the table holds only the key's SHA-256 digest, so
a copy of the database does not give working links.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.dsr.models import ObjectionScope, ReplyLanguage, RequestKind


class PendingSubmission(models.Model):
    """One unconfirmed request-form submission (deleted on confirmation or after 7 days)."""

    key_digest = models.CharField(_("link key digest"), max_length=64, unique=True)
    kind = models.CharField(_("request type"), max_length=20, choices=RequestKind.choices)
    objection_scope = models.CharField(
        _("what is objected to"), max_length=30, choices=ObjectionScope.choices, blank=True
    )
    requester_name = models.CharField(_("name"), max_length=200)
    requester_email = models.EmailField(_("e-mail"), max_length=254)
    requester_phone = models.CharField(_("phone"), max_length=32, blank=True)
    customer_number = models.CharField(_("customer number"), max_length=40, blank=True)
    order_number = models.CharField(_("order number"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=ReplyLanguage.choices, default=ReplyLanguage.FI
    )
    submitted_at = models.DateTimeField(_("submitted"), db_index=True)

    class Meta:
        verbose_name = _("request-form submission awaiting confirmation")
        verbose_name_plural = _("request-form submissions awaiting confirmation")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        sent = self.submitted_at.isoformat(timespec="minutes") if self.submitted_at else "-"
        return f"{self.pk or '-'} ({self.kind or '-'}, {sent})"
