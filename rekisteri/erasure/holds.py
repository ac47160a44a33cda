"""Releasing held data when its hold ends: the second half of a partial erasure.

Data kept after an erasure (GDPR Art. 17(3)) is restricted (Art. 18) and may not
outlive its reason. Every day :func:`release_expired_holds` re-examines the
holds that have ended, and those with no end date yet (data still needed while a
job or an application is open): it decides the person's records again with the
same rules as the plan (:func:`rekisteri.erasure.queries.compute_plan`) and
erases what is no longer held — the whole record, or the fields whose shorter
rule has ended. A hold that waited for an event (a job closing) gets its end
date, or goes at once when its rule allows early erasure.

The retention purge leaves restricted people's records alone (Art. 18(1)(c)),
so this release is what removes held data at the end of its rule; it ends on
the day :func:`rekisteri.privacy.retention.retention_ends_on` gives, the same
day the purge would have removed it. When nothing of a person is held any more,
the restriction the erasure set is lifted, so that the purge can remove the
anonymised person with its last record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from rekisteri.audit.services import record_event
from rekisteri.dsr.queries import active_restrictions
from rekisteri.erasure import ledger
from rekisteri.erasure.models import ErasurePlan, HeldRecord
from rekisteri.erasure.policies import Action
from rekisteri.erasure.queries import (
    compute_plan,
    execution_order,
    has_active_holds,
    holds_due,
    reference_hash,
)
from rekisteri.erasure.services import (
    EVENT_PERSON_UPDATED,
    Actor,
    Applied,
    apply_record,
    hold_rows,
)
from rekisteri.erasure.storage import compact_after_commit
from rekisteri.subjects.models import Person


class Outcome:
    DELETED = "deleted"
    ANONYMISED = "anonymised"
    CLEARED = "cleared"  # some fields went, the rest stays held
    EXTENDED = "rescheduled"  # still held, with a new end date or new fields
    STILL_HELD = "still_held"
    GONE = "gone"  # the record no longer exists


@dataclass(frozen=True)
class ReleaseRow:
    """What the release does (or would do) to one held record."""

    plan: str
    model_label: str
    object_id: str
    record_ref: str
    hold_until: dt.date | None
    outcome: str


@dataclass
class ReleaseReport:
    today: dt.date
    executed: bool
    rows: list[ReleaseRow] = field(default_factory=list)
    people_unrestricted: int = 0

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def changed(self) -> list[ReleaseRow]:
        return [row for row in self.rows if row.outcome != Outcome.STILL_HELD]


def _groups_of(holds: list[HeldRecord]) -> set[tuple[Any, ...]]:
    return {(h.rule, h.statute, h.ground, h.hold_until, tuple(h.fields)) for h in holds}


def _release_person(
    actor: Actor, person: Person | None, today: dt.date, execute: bool, report: ReleaseReport
) -> set[str]:
    """Re-examine every active hold of ``person`` (or of plans with no person); returns labels."""
    active = list(
        HeldRecord.objects.select_for_update()
        .filter(released_at__isnull=True, plan__person=person)
        .select_related("plan")
        .order_by("id")
    )
    if not active:
        return set()
    keys = sorted({(h.model_label, h.object_id) for h in active})
    fresh = compute_plan(person, today, extra=keys).by_key()
    by_record: dict[tuple[str, str], list[HeldRecord]] = defaultdict(list)
    for hold in active:
        by_record[(hold.model_label, hold.object_id)].append(hold)
    now = timezone.now()
    applied = Applied()
    released: list[HeldRecord] = []
    created: list[HeldRecord] = []
    plans = sorted({h.plan.reference for h in active})
    person_ref = person.reference if person is not None else ""
    reason = "erasure hold ended " + " ".join(plans)
    order = execution_order([fresh[key] for key in by_record if key in fresh])
    for key in [k for k in by_record if k not in fresh]:
        for hold in by_record[key]:
            report.rows.append(_row(hold, Outcome.GONE))
            released.append(hold)
    for record in order:
        holds = by_record[record.key]
        if record.action is Action.HOLD:
            new = {
                (g.rule, g.statute, g.ground.value, g.hold_until, g.fields)
                for g in record.hold_groups()
            }
            if new == _groups_of(holds) and not record.cleared:
                report.rows.extend(_row(h, Outcome.STILL_HELD) for h in holds)
                continue
            outcome = Outcome.CLEARED if record.cleared else Outcome.EXTENDED
            report.rows.extend(_row(h, outcome) for h in holds)
            if execute:
                apply_record(actor, record, applied, reason=reason, person_ref=person_ref)
                released.extend(holds)
                created.extend(hold_rows(holds[0].plan, record))
            continue
        outcome = Outcome.DELETED if record.action is Action.DELETE else Outcome.ANONYMISED
        report.rows.extend(_row(h, outcome) for h in holds)
        if execute:
            apply_record(actor, record, applied, reason=reason, person_ref=person_ref)
            released.extend(holds)
    if not execute:
        return set()
    if released:
        HeldRecord.objects.filter(pk__in=[h.pk for h in released]).update(released_at=now)
    HeldRecord.objects.bulk_create(created)
    close_finished_plans(person, now)
    if person is not None and lift_erasure_restriction(actor, person, reason):
        report.people_unrestricted += 1
    records = applied.ledger_records()
    released_keys = sorted({(h.model_label, h.object_id) for h in released})
    if records or released_keys:
        ledger.append(
            {
                "type": "erasure.released",
                "plans": plans,
                "at": now.isoformat(),
                "people": [
                    {
                        "model": Person._meta.label,
                        "id": str(person.pk),
                        "ref": reference_hash(person.reference),
                    }
                ]
                if person is not None
                else [],
                "records": records,
                "released": [{"model": label, "id": pk} for label, pk in released_keys],
            }
        )
    return applied.labels


def _row(hold: HeldRecord, outcome: str) -> ReleaseRow:
    return ReleaseRow(
        plan=hold.plan.reference,
        model_label=hold.model_label,
        object_id=hold.object_id,
        record_ref=hold.record_ref,
        hold_until=hold.hold_until,
        outcome=outcome,
    )


def close_finished_plans(person: Person | None, now: dt.datetime) -> None:
    """Close every executed plan of the person with nothing held any more."""
    busy = HeldRecord.objects.filter(plan=OuterRef("pk"), released_at__isnull=True)
    ErasurePlan.objects.filter(
        ~Exists(busy), person=person, closed_at__isnull=True, executed_at__isnull=False
    ).update(closed_at=now)


def lift_erasure_restriction(actor: Actor, person: Person, reason: str) -> bool:
    """Lift the restriction an erasure set once none of the person's data is held.

    Only a restriction that an erasure plan set is lifted (``restricted_person``);
    one decided on its own (GDPR Art. 18(1), a ``dsr.Restriction`` still active)
    stays until the request workflow lifts it.
    """
    if has_active_holds(person):
        return False
    if active_restrictions(person).exists():
        return False  # restricted on its own under Art. 18(1) as well
    if not ErasurePlan.objects.filter(person=person, restricted_person=True).exists():
        return False
    fresh = Person.objects.select_for_update().get(pk=person.pk)
    if not fresh.is_restricted:
        return False
    fresh.is_restricted = False
    fresh.save(update_fields=["is_restricted"])
    ErasurePlan.objects.filter(person=person, restricted_person=True).update(
        restricted_person=False
    )
    record_event(
        actor,
        EVENT_PERSON_UPDATED,
        target=fresh,
        person_ref=fresh.reference,
        fields=["is_restricted"],
        reason=f"{reason}: nothing held, restriction lifted",
    )
    return True


def release_expired_holds(actor: Actor, today: dt.date, *, execute: bool = True) -> ReleaseReport:
    """Erase held data whose hold has ended on ``today`` (dry run with ``execute=False``).

    Each person is handled in one transaction with an audit event per record
    and a line in the erasure ledger, so a restore replays the release too.
    """
    report = ReleaseReport(today=today, executed=execute)
    people = {pid for pid in holds_due(today).values_list("plan__person", flat=True)}
    for person_id in sorted(people, key=lambda pid: (pid is not None, pid or 0)):
        with transaction.atomic():
            person = None
            if person_id is not None:
                person = Person.objects.filter(pk=person_id).first()
                if person is None:
                    continue
            labels = _release_person(actor, person, today, execute, report)
        if labels:
            compact_after_commit(labels)
    return report
