"""Audit events.

An event records who (actor), when, what (a dotted ``noun.past_verb`` type),
which record (its model and opaque reference), whose data (the person's
reference), which fields changed — names only, never values — and why.

Events are append-only: the model refuses updates and deletes, and each event
carries the SHA-256 of its content chained to the previous event's hash, so an
edited, deleted or reordered event breaks the chain (see ``verify_chain``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """Every kind of audit event; each is documented in docs/audit-events.md."""

    LOGIN_SUCCEEDED = "auth.logged_in", _("Logged in")
    LOGIN_FAILED = "auth.login_failed", _("Login failed")
    LOGGED_OUT = "auth.logged_out", _("Logged out")
    PERSON_CREATED = "person.created", _("Person created")
    PERSON_UPDATED = "person.updated", _("Person updated")
    PERSON_VIEWED = "person.viewed", _("Person card viewed")
    SEARCH_PERFORMED = "search.performed", _("Search performed")
    RECORD_CREATED = "record.created", _("Record created")
    RECORD_UPDATED = "record.updated", _("Record updated")
    RECORD_DELETED = "record.deleted", _("Record deleted")
    RECORD_VIEWED = "record.viewed", _("Record viewed")
    SECRET_REVEALED = "secret.revealed", _("Secret revealed")
    FILE_DOWNLOADED = "file.downloaded", _("File downloaded")
    VOUCHER_ISSUED = "voucher.issued", _("Voucher issued")
    VOUCHER_CORRECTED = "voucher.corrected", _("Voucher corrected")
    HEALTH_RECORD_VIEWED = "health.viewed", _("Health record viewed")
    HEALTH_RECORD_WRITTEN = "health.written", _("Health record written")
    CREDENTIAL_PURGED = "credential.purged", _("Device credentials purged")
    DEMO_LOADED = "demo.loaded", _("Demo data loaded")
    RETENTION_PURGED = "retention.purged", _("Retention purge applied")
    RETENTION_RULE_CHANGED = "retention.rule_changed", _("Retention period changed")
    CONSENT_TEXT_PUBLISHED = "consent_text.published", _("Consent text published")
    CONSENT_GRANTED = "consent.granted", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent.withdrawn", _("Consent withdrawn")
    MARKETING_BASIS_RECORDED = "marketing_basis.recorded", _("Marketing basis recorded")
    MARKETING_OPTED_OUT = "marketing.opted_out", _("Opted out of marketing")
    SUPPRESSION_ADDED = "suppression.added", _("Contact suppressed")
    MARKETING_EXPORTED = "marketing.exported", _("Marketing list exported")
    DISCLOSURE_RECORDED = "disclosure.recorded", _("Disclosure recorded")
    RECIPIENT_NOTIFICATION_CREATED = (
        "recipient_notification.created",
        _("Recipient notification task created"),
    )
    RECIPIENT_NOTIFICATION_COMPLETED = (
        "recipient_notification.completed",
        _("Recipient notification task completed"),
    )
    BREACH_RECORDED = "breach.recorded", _("Breach recorded")
    BREACH_UPDATED = "breach.updated", _("Breach updated")
    BREACH_CLOSED = "breach.closed", _("Breach closed")
    BREACH_REOPENED = "breach.reopened", _("Breach reopened")
    CONTROLLER_UPDATED = "controller.updated", _("Controller details updated")
    NOTICE_PUBLISHED = "notice.published", _("Notice version published")
    ACCESS_REPORT_BUILT = "access.report_built", _("Access report built")
    EXPORT_DOWNLOADED = "export.downloaded", _("Export downloaded")
    ERASURE_PLANNED = "erasure.planned", _("Erasure planned")
    ERASURE_REVIEWED = "erasure.reviewed", _("Erasure plan reviewed")
    ERASURE_CANCELLED = "erasure.cancelled", _("Erasure plan cancelled")
    ERASURE_EXECUTED = "erasure.executed", _("Erasure executed")
    ERASURE_REPLAYED = "erasure.replayed", _("Erasure replayed after a restore")
    REQUEST_RECEIVED = "request.received", _("Request received")
    REQUEST_ASSIGNED = "request.assigned", _("Request assigned")
    REQUEST_IDENTITY_CHECKED = "request.identity_checked", _("Identity checked")
    REQUEST_RECORDS_CONFIRMED = "request.records_confirmed", _("Requester's records confirmed")
    REQUEST_EXTENDED = "request.extended", _("Request extended")
    REQUEST_REFUSED = "request.refused", _("Request refused")
    REQUEST_ANSWERED = "request.answered", _("Request answered")
    REQUEST_WITHDRAWN = "request.withdrawn", _("Request withdrawn")
    REQUEST_RECTIFIED = "request.rectified", _("Data rectified on request")
    REQUEST_RESTRICTED = "request.restricted", _("Processing restricted")
    REQUEST_RESTRICTION_LIFT_NOTIFIED = (
        "request.restriction_lift_notified",
        _("Person told of lifting"),
    )
    REQUEST_RESTRICTION_LIFTED = "request.restriction_lifted", _("Restriction lifted")
    REQUEST_OBJECTION_RECORDED = "request.objection_recorded", _("Objection recorded")
    AUDIT_VIEWED = "audit.viewed", _("Audit log viewed")
    PASSWORD_RESET_REQUESTED = "auth.password_reset_requested", _("Password reset requested")
    PASSWORD_RESET_COMPLETED = "auth.password_reset", _("Password reset")
    API_KEY_CREATED = "api_key.created", _("API key issued")
    API_KEY_REVOKED = "api_key.revoked", _("API key revoked")
    PUBLIC_REQUEST_SUBMITTED = "public_request.submitted", _("Request form submitted")
    PUBLIC_REQUEST_VERIFIED = "public_request.verified", _("Request-form e-mail confirmed")
    IMPORT_APPLIED = "import.applied", _("Import applied")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("actor label"), max_length=150, blank=True)
    type = models.CharField(_("event"), max_length=40, choices=EventType.choices, db_index=True)
    target_model = models.CharField(_("record type"), max_length=80, blank=True)
    target_ref = models.CharField(_("record"), max_length=64, blank=True, db_index=True)
    person_ref = models.CharField(_("person"), max_length=16, blank=True, db_index=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.type} {self.target_ref}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class ChainHead(models.Model):
    """One row holding the hash of the newest event; locked while appending."""

    last_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return self.last_hash or "(empty chain)"
