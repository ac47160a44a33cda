"""Use cases of the breach register: record, update, close and reopen a breach.

Every function checks the record against the rules of GDPR Art. 33 and 34
(:mod:`rekisteri.breaches.policies`), runs in one transaction and writes its
audit event there, naming the changed fields, never their values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.breaches.models import Breach, SubjectGroup
from rekisteri.breaches.policies import (
    Finding,
    Problem,
    breach_findings,
    closing_findings,
    notification_is_late,
)
from rekisteri.privacy.vocabulary import Category

Actor = AbstractBaseUser | AnonymousUser | None

#: The fields staff fill in; ``reference``, ``created_at`` and ``closed_at`` are kept
#: by the services themselves.
EDITABLE_FIELDS = (
    "title",
    "occurred_at",
    "detected_at",
    "aware_at",
    "nature_confidentiality",
    "nature_integrity",
    "nature_availability",
    "description",
    "plain_description",
    "cause",
    "subject_categories",
    "people_affected",
    "data_categories",
    "records_affected",
    "consequences",
    "measures",
    "advice_to_people",
    "risk_level",
    "risk_reasons",
    "processor_involved",
    "processor_name",
    "processor_informed_at",
    "authority_decision",
    "authority_decision_reasons",
    "authority_notified_at",
    "authority_case_number",
    "authority_delay_reason",
    "is_phased",
    "people_decision",
    "people_exception",
    "people_decision_reasons",
    "people_notified_at",
    "people_delay_reason",
    "contact_name",
    "contact_email",
    "contact_phone",
)

REQUIRED_FIELDS = ("title", "detected_at", "aware_at", "description")

MESSAGES: dict[Problem, Promise] = {
    Problem.OCCURRED_AFTER_DETECTED: gettext_lazy(
        "A breach cannot be detected before it happened."
    ),
    Problem.AWARE_BEFORE_DETECTED: gettext_lazy(
        "Awareness cannot come before the breach was detected; check both times."
    ),
    Problem.IN_THE_FUTURE: gettext_lazy("This time is in the future."),
    Problem.NO_NATURE: gettext_lazy(
        "Say whether confidentiality, integrity or availability was breached (at least one)."
    ),
    Problem.RISK_WITHOUT_REASONS: gettext_lazy(
        "Give the reasons for the risk assessment (GDPR Art. 33(5))."
    ),
    Problem.PROCESSOR_UNNAMED: gettext_lazy("Name the processor involved."),
    Problem.NOTIFIED_WITHOUT_DECISION: gettext_lazy(
        "The authority was notified: choose “Notify the Data Protection Ombudsman”."
    ),
    Problem.NOTIFIED_BEFORE_DETECTED: gettext_lazy(
        "The notification cannot come before the breach was detected."
    ),
    Problem.LATE_WITHOUT_REASON: gettext_lazy(
        "The authority was notified more than 72 hours after awareness: give the reasons "
        "for the delay (GDPR Art. 33(1))."
    ),
    Problem.NOT_NOTIFYING_DESPITE_RISK: gettext_lazy(
        "The authority may be left unnotified only when the breach is assessed as unlikely "
        "to result in a risk (GDPR Art. 33(1))."
    ),
    Problem.NOT_NOTIFYING_WITHOUT_REASONS: gettext_lazy(
        "Give the reasons for not notifying the authority (GDPR Art. 33(5))."
    ),
    Problem.NOT_TELLING_DESPITE_HIGH_RISK: gettext_lazy(
        "At high risk the people must be told (GDPR Art. 34(1)) unless an exception of "
        "Art. 34(3) applies: choose it."
    ),
    Problem.NOT_TELLING_UNASSESSED: gettext_lazy(
        "Assess the risk before deciding that the people need not be told."
    ),
    Problem.EXEMPT_WITHOUT_EXCEPTION: gettext_lazy(
        "Choose the exception of GDPR Art. 34(3) that applies."
    ),
    Problem.EXCEPTION_WITHOUT_EXEMPTION: gettext_lazy(
        "An exception is recorded only when the people are not told because of it."
    ),
    Problem.TOLD_WITHOUT_DECISION: gettext_lazy(
        "The people were told: choose “Tell the people affected”, or exception (c) for a "
        "public communication."
    ),
    Problem.TOLD_BEFORE_DETECTED: gettext_lazy(
        "The people cannot have been told before the breach was detected."
    ),
    Problem.CLOSE_UNASSESSED: gettext_lazy("Assess the risk before closing the breach."),
    Problem.CLOSE_AUTHORITY_UNDECIDED: gettext_lazy(
        "Decide whether the authority is notified before closing the breach."
    ),
    Problem.CLOSE_AUTHORITY_NOT_NOTIFIED: gettext_lazy(
        "Record when the authority was notified before closing the breach."
    ),
    Problem.CLOSE_PEOPLE_UNDECIDED: gettext_lazy(
        "Decide whether the people are told before closing the breach."
    ),
    Problem.CLOSE_PEOPLE_NOT_TOLD: gettext_lazy(
        "Record when the people were told before closing the breach."
    ),
}


class BreachError(Exception):
    """A breach use case refused its input; the message is fit for staff."""


class BreachInvalid(BreachError):
    """The record breaks the rules; ``errors`` maps field names to staff messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(m for messages in errors.values() for m in messages))


class BreachClosed(BreachError):
    pass


def _as_errors(findings: Iterable[Finding]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for finding in findings:
        message = str(MESSAGES[finding.problem])
        if message not in errors.setdefault(finding.field, []):
            errors[finding.field].append(message)
    return errors


def breach_errors(breach: Breach, *, now: dt.datetime) -> dict[str, list[str]]:
    """Return the staff messages for everything wrong with ``breach``, by field.

    Combines the rules of GDPR Art. 33 and 34 (:func:`policies.breach_findings`)
    with the vocabulary: categories of data are the data map's categories, and
    categories of people come from :class:`SubjectGroup`.
    """
    errors = _as_errors(breach_findings(breach, now))
    for name in REQUIRED_FIELDS:
        if getattr(breach, name) in (None, ""):
            errors.setdefault(name, []).append(str(_("This field is required.")))
    unknown_data = set(breach.data_categories or []) - set(Category.values)
    if unknown_data:
        errors.setdefault("data_categories", []).append(str(_("Unknown category of data.")))
    unknown_people = set(breach.subject_categories or []) - set(SubjectGroup.values)
    if unknown_people:
        errors.setdefault("subject_categories", []).append(str(_("Unknown category of people.")))
    return errors


def _audit_reason(before: Breach | None, after: Breach) -> str:
    """A short, language-neutral note of the step taken (no personal data)."""
    notes = []
    if after.authority_notified_at and (before is None or not before.authority_notified_at):
        late = notification_is_late(after.aware_at, after.authority_notified_at)
        notes.append("authority notified late" if late else "authority notified")
    if after.people_notified_at and (before is None or not before.people_notified_at):
        notes.append("people told")
    return ", ".join(notes)


def record_breach(actor: Actor, *, data: Mapping[str, Any], now: dt.datetime) -> Breach:
    """Enter a new breach in the register (GDPR Art. 33(5): document every breach).

    Every breach is recorded, also those that need no notification. The
    72-hour clock of Art. 33(1) runs from ``aware_at``.
    """
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise BreachError(
            _("These fields cannot be set here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    breach = Breach(**dict(data))
    errors = breach_errors(breach, now=now)
    if errors:
        raise BreachInvalid(errors)
    default = Breach()
    changed = [name for name in EDITABLE_FIELDS if getattr(breach, name) != getattr(default, name)]
    with transaction.atomic():
        breach.created_at = now
        breach.save()
        record_event(
            actor,
            EventType.BREACH_RECORDED,
            target=breach,
            target_ref=breach.reference,
            fields=changed,
            reason=_audit_reason(None, breach),
        )
    return breach


def update_breach(
    actor: Actor, breach: Breach, *, changes: Mapping[str, Any], now: dt.datetime
) -> Breach:
    """Change a breach's facts, assessment or notification decisions (Art. 33(5)).

    New facts may arrive in phases (Art. 33(4)). A closed breach is no longer
    edited; reopen it first. The record is checked as a whole, so a late
    notification cannot be saved without its reasons (Art. 33(1)).
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise BreachError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if breach.is_closed:
        raise BreachClosed(_("This breach is closed; reopen it to change it."))
    changed = [name for name, value in changes.items() if getattr(breach, name) != value]
    if not changed:
        return breach
    before = Breach.objects.get(pk=breach.pk)
    for name in changed:
        setattr(breach, name, changes[name])
    errors = breach_errors(breach, now=now)
    if errors:
        for name in changed:  # leave the caller's object as it was stored
            setattr(breach, name, getattr(before, name))
        raise BreachInvalid(errors)
    with transaction.atomic():
        breach.save(update_fields=changed)
        record_event(
            actor,
            EventType.BREACH_UPDATED,
            target=breach,
            target_ref=breach.reference,
            fields=changed,
            reason=_audit_reason(before, breach),
        )
    return breach


def close_breach(actor: Actor, breach: Breach, *, now: dt.datetime) -> Breach:
    """Close a breach whose handling is complete; its retention clock starts now.

    The risk must be assessed and both notification decisions taken and carried
    out (GDPR Art. 33(5)). The entry is then kept for the breach-register
    period (legal.md §4 row 26), counted from ``closed_at``.
    """
    if breach.is_closed:
        raise BreachClosed(_("This breach is already closed."))
    errors = _as_errors(closing_findings(breach))
    errors.update(breach_errors(breach, now=now))
    if errors:
        raise BreachInvalid(errors)
    with transaction.atomic():
        breach.closed_at = now
        breach.save(update_fields=["closed_at"])
        record_event(
            actor,
            EventType.BREACH_CLOSED,
            target=breach,
            target_ref=breach.reference,
            fields=["closed_at"],
            reason="breach closed",
        )
    return breach


def reopen_breach(actor: Actor, breach: Breach) -> Breach:
    """Reopen a closed breach, e.g. when new facts arrive (GDPR Art. 33(4))."""
    if not breach.is_closed:
        raise BreachError(_("This breach is open."))
    with transaction.atomic():
        breach.closed_at = None
        breach.save(update_fields=["closed_at"])
        record_event(
            actor,
            EventType.BREACH_REOPENED,
            target=breach,
            target_ref=breach.reference,
            fields=["closed_at"],
            reason="breach reopened",
        )
    return breach


def open_breaches() -> list[Breach]:
    """Return the breaches still open, the one aware of longest first."""
    return list(Breach.objects.filter(closed_at__isnull=True).order_by("aware_at", "id"))
