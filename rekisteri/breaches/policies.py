"""Pure rules of the breach register: the 72-hour clock and the consistency of a record.

Nothing here reads the clock or the database; callers pass ``now``. The rules
follow GDPR Art. 33 (notifying the supervisory authority, in Finland the Data
Protection Ombudsman, Tietosuojavaltuutettu) and Art. 34 (telling the people
affected).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

#: GDPR Art. 33(1): "where feasible, not later than 72 hours after having become aware".
NOTIFICATION_WINDOW = dt.timedelta(hours=72)


def _utc(value: dt.datetime) -> dt.datetime:
    """Return ``value`` in UTC. Python compares and subtracts two datetimes that share
    a tzinfo by their wall clocks, which is an hour off across a clock change."""
    return value.astimezone(dt.UTC)


def authority_deadline(aware_at: dt.datetime) -> dt.datetime:
    """Return the latest time to notify the authority: ``aware_at`` + 72 hours.

    GDPR Art. 33(1) asks for notification "without undue delay and, where
    feasible, not later than 72 hours after having become aware of it". The
    hours are elapsed hours, counted through nights, weekends and public
    holidays, and across a daylight-saving change (72 real hours, so the wall
    clock may show 71 or 73). Regulation 1182/71 Art. 3 could be read to let
    the period end with the last full hour; we use the stricter exact moment.
    The result is in ``aware_at``'s time zone.
    """
    if aware_at.tzinfo is None or aware_at.utcoffset() is None:
        raise ValueError("aware_at must be timezone-aware")
    return (_utc(aware_at) + NOTIFICATION_WINDOW).astimezone(aware_at.tzinfo)


class DeadlineState(StrEnum):
    """Where a breach stands against the 72-hour deadline."""

    RUNNING = "running"
    OVERDUE = "overdue"
    NOTIFIED_IN_TIME = "notified_in_time"
    NOTIFIED_LATE = "notified_late"


@dataclass(frozen=True)
class DeadlineStatus:
    """The 72-hour clock of one breach at one moment.

    ``remaining`` is the time from ``now`` (or from the notification, once
    given) to the deadline; it is negative when the deadline has passed.
    """

    deadline: dt.datetime
    state: DeadlineState
    remaining: dt.timedelta

    @property
    def is_overdue(self) -> bool:
        """Not notified and the deadline has passed."""
        return self.state is DeadlineState.OVERDUE

    @property
    def is_late(self) -> bool:
        """Past the deadline, notified or not: a notification must give its reasons."""
        return self.state in (DeadlineState.OVERDUE, DeadlineState.NOTIFIED_LATE)

    @property
    def is_notified(self) -> bool:
        return self.state in (DeadlineState.NOTIFIED_IN_TIME, DeadlineState.NOTIFIED_LATE)

    @property
    def overdue_by(self) -> dt.timedelta:
        """How far past the deadline (zero when not late)."""
        return max(-self.remaining, dt.timedelta(0))


def deadline_status(
    aware_at: dt.datetime, now: dt.datetime, notified_at: dt.datetime | None = None
) -> DeadlineStatus:
    """Return the state of the 72-hour clock at ``now`` (GDPR Art. 33(1)).

    Before notification the clock runs until the deadline and is overdue after
    it. A notification given at the deadline exactly is in time ("not later
    than 72 hours"); one given after it is late and must state the reasons for
    the delay.
    """
    deadline = authority_deadline(aware_at)
    end = _utc(deadline)
    if notified_at is not None:
        remaining = end - _utc(notified_at)
        state = (
            DeadlineState.NOTIFIED_IN_TIME
            if remaining >= dt.timedelta(0)
            else DeadlineState.NOTIFIED_LATE
        )
        return DeadlineStatus(deadline, state, remaining)
    remaining = end - _utc(now)
    state = DeadlineState.RUNNING if remaining >= dt.timedelta(0) else DeadlineState.OVERDUE
    return DeadlineStatus(deadline, state, remaining)


def notification_is_late(aware_at: dt.datetime, notified_at: dt.datetime) -> bool:
    """Return whether a notification came after the 72-hour deadline (Art. 33(1))."""
    return _utc(notified_at) > _utc(authority_deadline(aware_at))


# --- Consistency of a breach record ---------------------------------------------------


class BreachFacts(Protocol):
    """What the rules read from a breach (a model instance, saved or not).

    Read-only properties, so that a model whose times are never empty fits too.
    """

    @property
    def occurred_at(self) -> dt.datetime | None: ...

    @property
    def detected_at(self) -> dt.datetime | None: ...

    @property
    def aware_at(self) -> dt.datetime | None: ...

    @property
    def nature_confidentiality(self) -> bool: ...

    @property
    def nature_integrity(self) -> bool: ...

    @property
    def nature_availability(self) -> bool: ...

    @property
    def risk_level(self) -> str: ...

    @property
    def risk_reasons(self) -> str: ...

    @property
    def processor_involved(self) -> bool: ...

    @property
    def processor_name(self) -> str: ...

    @property
    def processor_informed_at(self) -> dt.datetime | None: ...

    @property
    def authority_decision(self) -> str: ...

    @property
    def authority_decision_reasons(self) -> str: ...

    @property
    def authority_notified_at(self) -> dt.datetime | None: ...

    @property
    def authority_delay_reason(self) -> str: ...

    @property
    def people_decision(self) -> str: ...

    @property
    def people_exception(self) -> str: ...

    @property
    def people_notified_at(self) -> dt.datetime | None: ...


class Problem(StrEnum):
    """Why a breach record is not acceptable; services give each a staff message."""

    OCCURRED_AFTER_DETECTED = "occurred_after_detected"
    AWARE_BEFORE_DETECTED = "aware_before_detected"
    IN_THE_FUTURE = "in_the_future"
    NO_NATURE = "no_nature"
    RISK_WITHOUT_REASONS = "risk_without_reasons"
    PROCESSOR_UNNAMED = "processor_unnamed"
    NOTIFIED_WITHOUT_DECISION = "notified_without_decision"
    NOTIFIED_BEFORE_DETECTED = "notified_before_detected"
    LATE_WITHOUT_REASON = "late_without_reason"
    NOT_NOTIFYING_DESPITE_RISK = "not_notifying_despite_risk"
    NOT_NOTIFYING_WITHOUT_REASONS = "not_notifying_without_reasons"
    NOT_TELLING_DESPITE_HIGH_RISK = "not_telling_despite_high_risk"
    NOT_TELLING_UNASSESSED = "not_telling_unassessed"
    EXEMPT_WITHOUT_EXCEPTION = "exempt_without_exception"
    EXCEPTION_WITHOUT_EXEMPTION = "exception_without_exemption"
    TOLD_WITHOUT_DECISION = "told_without_decision"
    TOLD_BEFORE_DETECTED = "told_before_detected"
    CLOSE_UNASSESSED = "close_unassessed"
    CLOSE_AUTHORITY_UNDECIDED = "close_authority_undecided"
    CLOSE_AUTHORITY_NOT_NOTIFIED = "close_authority_not_notified"
    CLOSE_PEOPLE_UNDECIDED = "close_people_undecided"
    CLOSE_PEOPLE_NOT_TOLD = "close_people_not_told"


@dataclass(frozen=True)
class Finding:
    """One problem with the field it concerns."""

    field: str
    problem: Problem


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


_TIMES = (
    "occurred_at",
    "detected_at",
    "aware_at",
    "processor_informed_at",
    "authority_notified_at",
    "people_notified_at",
)


def breach_findings(breach: BreachFacts, now: dt.datetime) -> list[Finding]:
    """Return everything inconsistent in a breach record; empty when it may be saved.

    - The timeline runs occurred → detected → aware, and nothing lies in the future.
    - A notification given more than 72 hours after awareness must state the
      reasons for the delay (GDPR Art. 33(1), second sentence).
    - Notification may be left out only when the breach is "unlikely to result in
      a risk" (Art. 33(1)), and that decision is documented with its reasons
      (Art. 33(5)).
    - At high risk the people are told (Art. 34(1)) unless an Art. 34(3)
      exception is recorded; under exception (c) a public communication is
      used instead, so a communication time may still be given.
    - A risk assessment states its reasons (Art. 33(5); legal.md §1 row 33).
    """
    found: list[Finding] = []

    def add(field: str, problem: Problem) -> None:
        found.append(Finding(field, problem))

    for name in _TIMES:
        value = getattr(breach, name)
        if value is not None and _utc(value) > _utc(now):
            add(name, Problem.IN_THE_FUTURE)
    detected, aware = breach.detected_at, breach.aware_at
    if breach.occurred_at and detected and _utc(breach.occurred_at) > _utc(detected):
        add("occurred_at", Problem.OCCURRED_AFTER_DETECTED)
    if detected and aware and _utc(aware) < _utc(detected):
        add("aware_at", Problem.AWARE_BEFORE_DETECTED)
    if not (breach.nature_confidentiality or breach.nature_integrity or breach.nature_availability):
        add("nature_confidentiality", Problem.NO_NATURE)
    if breach.risk_level != "unassessed" and _blank(breach.risk_reasons):
        add("risk_reasons", Problem.RISK_WITHOUT_REASONS)
    if breach.processor_involved and _blank(breach.processor_name):
        add("processor_name", Problem.PROCESSOR_UNNAMED)

    # The Data Protection Ombudsman (Art. 33).
    notified = breach.authority_notified_at
    if notified is not None:
        if breach.authority_decision != "notify":
            add("authority_decision", Problem.NOTIFIED_WITHOUT_DECISION)
        if detected and _utc(notified) < _utc(detected):
            add("authority_notified_at", Problem.NOTIFIED_BEFORE_DETECTED)
        if (
            aware
            and notification_is_late(aware, notified)
            and _blank(breach.authority_delay_reason)
        ):
            add("authority_delay_reason", Problem.LATE_WITHOUT_REASON)
    if breach.authority_decision == "not_required":
        if breach.risk_level != "none":
            add("authority_decision", Problem.NOT_NOTIFYING_DESPITE_RISK)
        if _blank(breach.authority_decision_reasons):
            add("authority_decision_reasons", Problem.NOT_NOTIFYING_WITHOUT_REASONS)

    # The people affected (Art. 34).
    decision = breach.people_decision
    if decision == "not_required":
        if breach.risk_level == "high":
            add("people_decision", Problem.NOT_TELLING_DESPITE_HIGH_RISK)
        elif breach.risk_level == "unassessed":
            add("people_decision", Problem.NOT_TELLING_UNASSESSED)
    if decision == "exempt" and not breach.people_exception:
        add("people_exception", Problem.EXEMPT_WITHOUT_EXCEPTION)
    if breach.people_exception and decision != "exempt":
        add("people_exception", Problem.EXCEPTION_WITHOUT_EXEMPTION)
    told = breach.people_notified_at
    if told is not None:
        public = decision == "exempt" and breach.people_exception == "disproportionate"
        if decision != "notify" and not public:
            add("people_decision", Problem.TOLD_WITHOUT_DECISION)
        if detected and _utc(told) < _utc(detected):
            add("people_notified_at", Problem.TOLD_BEFORE_DETECTED)
    return found


def closing_findings(breach: BreachFacts) -> list[Finding]:
    """Return what still has to be done before a breach can be closed.

    A closed entry documents the whole case (GDPR Art. 33(5)): the risk has been
    assessed, both notification decisions have been taken, and any notification
    decided on has been given.
    """
    found: list[Finding] = []
    if breach.risk_level == "unassessed":
        found.append(Finding("risk_level", Problem.CLOSE_UNASSESSED))
    if breach.authority_decision == "undecided":
        found.append(Finding("authority_decision", Problem.CLOSE_AUTHORITY_UNDECIDED))
    elif breach.authority_decision == "notify" and breach.authority_notified_at is None:
        found.append(Finding("authority_notified_at", Problem.CLOSE_AUTHORITY_NOT_NOTIFIED))
    if breach.people_decision == "undecided":
        found.append(Finding("people_decision", Problem.CLOSE_PEOPLE_UNDECIDED))
    elif breach.people_decision == "notify" and breach.people_notified_at is None:
        found.append(Finding("people_notified_at", Problem.CLOSE_PEOPLE_NOT_TOLD))
    return found
