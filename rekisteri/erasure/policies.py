"""Pure rules of erasure: what an erasure request does to one field and to one record.

No ORM and no clock: callers pass the field's declaration (its erasure mode,
retention rule and lawful basis), the date that started its retention clock and
``today``. The same functions decide the plan, re-check it at execution and
release a hold when it ends, so the three never disagree; the dates come from
:func:`rekisteri.privacy.retention.retention_ends_on`, the function the retention
purge inverts, so a hold ends on the very day the purge would have removed the
data (legal.md section 4).

The rule, for one field of one record (GDPR Art. 17):

1. The clock has not started and the rule waits for an event that has not
   happened (an open service job, an undecided application, a current
   employment, an open request, a consent not yet withdrawn): the data is still
   needed for its purpose, so Art. 17(1)(a) does not apply yet. Kept, with no
   end date, until the event happens.
2. The rule's period has ended: the field is deleted or anonymised as declared;
   a field under a hold (``Erasure.HOLD``: "kept under a legal hold, then
   deleted") is deleted.
3. The field is under a hold, or its rule allows no early erasure
   (``early_erasure == "no"``), and the period runs: kept until the period
   ends, on the Art. 17(3) ground its basis gives — (b) compliance with a legal
   obligation (Kirjanpitolaki 2:10 for vouchers, Työsopimuslaki 6:7 for the work
   certificate) or (e) the establishment, exercise or defence of legal claims
   (the two-year claims period of applications, Ombudsman 6652/154/19).
4. Otherwise the field is erased now ("yes" and "partly": the part kept under a
   legal obligation is declared on its own record, e.g. the voucher).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.retention import (
    EarlyErasure,
    RetentionRule,
    Trigger,
    retention_ends_on,
)
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, Purpose


class Action(models.TextChoices):
    """What an erasure does to a record or a field."""

    DELETE = "delete", _("Delete")
    ANONYMISE = "anonymise", _("Anonymise")
    HOLD = "hold", _("Keep under a hold")


class Ground(models.TextChoices):
    """Why data is kept after an erasure request."""

    LEGAL_OBLIGATION = "legal_obligation", _("GDPR Art. 17(3)(b): a legal obligation")
    LEGAL_CLAIMS = "legal_claims", _("GDPR Art. 17(3)(e): legal claims")
    STILL_NEEDED = "still_needed", _("Still needed for its purpose (GDPR Art. 17(1)(a))")


#: Triggers that wait for an event which ends the data's use: while it has not
#: happened (the clock is empty) the data is still needed.
PENDING_TRIGGERS = frozenset(
    {
        Trigger.JOB_CLOSED,
        Trigger.APPLICATION_DECIDED,
        Trigger.EMPLOYMENT_ENDED,
        Trigger.REQUEST_CLOSED,
        Trigger.CASE_CLOSED,
        Trigger.WITHDRAWAL,
    }
)

#: Purposes of records that identify the person by the opaque reference only:
#: accountability logs, consent proof and marketing opt-outs. A held record with
#: other purposes and no name of its own keeps the person's name (see
#: :func:`needs_person_identity`).
REFERENCE_ONLY_PURPOSES = frozenset(
    {Purpose.ACCOUNTABILITY, Purpose.CONSENT_PROOF, Purpose.MARKETING}
)


@dataclass(frozen=True)
class FieldDecision:
    """What an erasure does to one field, and why."""

    action: Action
    rule: str = ""
    statute: str = ""
    ground: Ground | None = None
    #: The first day the field may go (the hold ends); None while it is open-ended.
    hold_until: dt.date | None = None
    #: The trigger the hold waits for when its clock has not started.
    waiting_for: Trigger | None = None

    @property
    def is_hold(self) -> bool:
        return self.action is Action.HOLD


def hold_ground(rule: RetentionRule, basis: Basis) -> Ground:
    """Return the Art. 17(3) ground that keeps data of ``rule`` and ``basis``.

    Data kept under a legal obligation (GDPR Art. 6(1)(c), or employment law
    with Art. 9(2)(b)) rests on Art. 17(3)(b); a rule that names legal claims,
    and every other basis (contract, legitimate interests: claims periods such as
    Työsopimuslaki 13:9), rests on Art. 17(3)(e).
    """
    if "17(3)(e)" in rule.basis:
        return Ground.LEGAL_CLAIMS
    if basis in (Basis.LEGAL_OBLIGATION, Basis.EMPLOYMENT_LAW):
        return Ground.LEGAL_OBLIGATION
    return Ground.LEGAL_CLAIMS


def erasure_action(erasure: Erasure) -> Action:
    """The action that erases a field: anonymise when declared so, otherwise delete."""
    return Action.ANONYMISE if erasure is Erasure.ANONYMISE else Action.DELETE


def decide_field(
    *,
    erasure: Erasure,
    rule: RetentionRule,
    basis: Basis,
    event_on: dt.date | None,
    today: dt.date,
    fy_start: str = "01-01",
) -> FieldDecision:
    """Decide what an erasure request does today to one field (the rules in the module text)."""
    act = FieldDecision(erasure_action(erasure), rule=rule.code)
    blocks = erasure is Erasure.HOLD or rule.early_erasure is EarlyErasure.NO

    def hold(
        ground: Ground, until: dt.date | None, waiting: Trigger | None = None
    ) -> FieldDecision:
        return FieldDecision(
            Action.HOLD,
            rule=rule.code,
            statute=rule.statute if ground is not Ground.STILL_NEEDED else "",
            ground=ground,
            hold_until=until,
            waiting_for=waiting,
        )

    if event_on is None:
        if rule.trigger in PENDING_TRIGGERS:
            return hold(Ground.STILL_NEEDED, None, rule.trigger)
        return hold(hold_ground(rule, basis), None) if blocks else act
    if rule.open_ended:
        return hold(hold_ground(rule, basis), None) if blocks else act
    ends = retention_ends_on(rule, event_on, fy_start)
    if today >= ends:
        return act
    return hold(hold_ground(rule, basis), ends) if blocks else act


def record_action(decisions: Iterable[FieldDecision], erasures: Iterable[Erasure]) -> Action:
    """Return what happens to a whole record.

    Kept (``HOLD``) when any field is held: the held fields stay and the other
    personal fields are cleared. Otherwise deleted, or anonymised when the
    model's fields are mostly declared ``Erasure.ANONYMISE`` (a record others
    refer to, e.g. the customer row issued vouchers point to); a tie anonymises,
    the safer way for the records that refer to it.
    """
    if any(d.is_hold for d in decisions):
        return Action.HOLD
    counts = Counter(erasure_action(e) for e in erasures)
    if not counts:
        return Action.DELETE
    return Action.ANONYMISE if counts[Action.ANONYMISE] >= counts[Action.DELETE] else Action.DELETE


def later_end(first: dt.date | None, second: dt.date | None) -> dt.date | None:
    """Return the later of two hold ends, where ``None`` (no end yet) is the latest."""
    if first is None or second is None:
        return None
    return max(first, second)


def needs_person_identity(
    held_categories: Iterable[Category], held_purposes: Iterable[Purpose]
) -> bool:
    """Whether a held record needs the person's own name to stay identifiable.

    A record with no name of its own (an employee record, an application, a
    health record) identifies the person through the person's name; keeping it
    under a legal obligation (e.g. the work certificate, Työsopimuslaki 6:7) is
    pointless if the name is erased, so the name is held with it (GDPR
    Art. 17(3) covers the data the obligation needs). Records that carry a name
    of their own (vouchers as issued) and records kept only as proof under the
    opaque reference (disclosure log, consent proof, marketing opt-outs) do not.
    """
    if Category.IDENTITY in set(held_categories):
        return False
    return not set(held_purposes) <= REFERENCE_ONLY_PURPOSES


def hold_is_due(hold_until: dt.date | None, today: dt.date) -> bool:
    """Whether a hold with this end date is due for release on ``today``."""
    return hold_until is not None and today >= hold_until
