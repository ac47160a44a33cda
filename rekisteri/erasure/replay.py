"""Replaying the erasure ledger: erased people stay erased after a restore.

A backup holds the data of people erased after it was taken; restoring it
would bring them back (peers.md section 2 row 15). :func:`reapply_erasures`
reads the ledger (:mod:`rekisteri.erasure.ledger`) from the first line and, for
each executed erasure and each released hold:

1. finds the erased person and records by model label and id, and uses a record
   only if it is still the same one: its opaque reference, or for records
   without one the person they are about, must match the keyed hash in the
   ledger (after a restore, ids are handed out again and may now name someone
   else's record);
2. when the erasure is not in this database (the backup predates it), makes the
   Art. 19 notification tasks and the marketing suppression again, as the
   erasure did, and recreates the plan and its holds from the ledger;
3. deletes or empties each record as the ledger says, keeps the held ones
   restricted, and then erases any other record still linked to the erased
   person (e.g. a record deleted by other means before the erasure, which the
   backup brought back): an erased person stays erased;
4. applies the released holds.

Records already gone are skipped, so the replay is idempotent: a second run
changes nothing. One transaction per ledger line; the storage is compacted
after the commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.consent.models import SuppressionReason
from rekisteri.consent.services import suppress_person_contacts
from rekisteri.disclosures.services import create_recipient_notifications
from rekisteri.erasure import ledger
from rekisteri.erasure.holds import close_finished_plans, lift_erasure_restriction
from rekisteri.erasure.models import ErasurePlan, ErasurePlanItem, HeldRecord, PlanStatus
from rekisteri.erasure.policies import Action, Ground
from rekisteri.erasure.queries import compute_plan, execution_order, reference_hash
from rekisteri.erasure.services import (
    Actor,
    Applied,
    apply_record,
    hold_rows,
)
from rekisteri.erasure.signals import erasures_reapplied
from rekisteri.erasure.storage import compact_after_commit
from rekisteri.privacy.datamap import ModelDeclaration, declaration_for
from rekisteri.retention.targets import blank_value
from rekisteri.subjects.models import Person


@dataclass
class ReplayReport:
    """What the replay found and did."""

    entries: int = 0
    applied: int = 0
    revoked: int = 0
    deleted: int = 0
    emptied: int = 0
    swept: int = 0
    mismatched: int = 0
    plans_recreated: int = 0
    holds_recreated: int = 0
    holds_released: int = 0
    plans_completed: int = 0
    files_removed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return (
            self.deleted
            + self.emptied
            + self.swept
            + self.holds_released
            + self.plans_completed
            + self.files_removed
        )


@dataclass(frozen=True)
class _Found:
    row: dict[str, Any]
    declaration: ModelDeclaration | None
    instance: models.Model

    @property
    def depth(self) -> int:
        if self.declaration is None or self.declaration.subject in (None, "self"):
            return 0
        return self.declaration.subject.count("__") + 1

    @property
    def reference(self) -> str:
        if self.declaration is None:
            return str(self.instance.pk)
        return self.declaration.reference_of(self.instance)


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _people(entry: dict[str, Any]) -> list[Person]:
    """The entry's people that still exist and are still the same person."""
    found: list[Person] = []
    for row in entry.get("people", []):
        person = Person.objects.filter(pk=row.get("id")).first()
        if person is not None and reference_hash(person.reference) == row.get("ref"):
            found.append(person)
    return found


def _find(row: dict[str, Any], people: set[int], report: ReplayReport) -> _Found | None:
    """Return the ledger row's record if it still exists and is the same record."""
    model = _model(str(row.get("model", "")))
    if model is None:
        return None
    instance = model._base_manager.filter(pk=row.get("id")).first()
    if instance is None:
        return None
    declaration = declaration_for(model)
    if row.get("ref"):
        reference = declaration.reference_of(instance) if declaration else str(instance.pk)
        same = reference_hash(reference) == row["ref"]
    elif declaration is not None and declaration.subject is not None:
        same = declaration.subject_id(instance) in people
    else:
        same = False
    if not same:
        report.mismatched += 1
        return None
    return _Found(row, declaration, instance)


def _empty(instance: models.Model, names: Sequence[str]) -> list[str]:
    """Empty the named fields that still hold something; returns the names emptied."""
    emptied: list[str] = []
    for name in names:
        try:
            model_field = instance._meta.get_field(name)
        except FieldDoesNotExist:  # a field removed since: nothing to empty
            continue
        if not isinstance(model_field, models.Field):
            continue
        can_clear, blank = blank_value(model_field)
        current = model_field.value_from_object(instance)
        if can_clear and current not in (None, "", blank):
            setattr(instance, name, blank)
            emptied.append(name)
    return emptied


def _apply_row(
    actor: Actor,
    found: _Found,
    *,
    reason: str,
    person_ref: str,
    restrict: bool,
    report: ReplayReport,
    labels: set[str],
) -> None:
    instance = found.instance
    label = instance._meta.label
    if found.row.get("action") == "delete":
        record_event(
            actor,
            EventType.ERASURE_REPLAYED,
            target=instance,
            target_ref=found.reference,
            person_ref=person_ref,
            reason=reason,
        )
        _total, per_model = type(instance)._default_manager.filter(pk=instance.pk).delete()
        labels.update(per_model)
        report.deleted += 1
        return
    names = _empty(instance, found.row.get("fields", []))
    if restrict and isinstance(instance, Person) and not instance.is_restricted:
        instance.is_restricted = True
        names.append("is_restricted")
    if not names:
        return
    instance.save(update_fields=names)
    labels.add(label)
    report.emptied += 1
    record_event(
        actor,
        EventType.ERASURE_REPLAYED,
        target=instance,
        target_ref=found.reference,
        person_ref=person_ref,
        fields=names,
        reason=reason,
    )


def _recreate_plan(entry: dict[str, Any], person: Person | None) -> ErasurePlan:
    at = parse_datetime(str(entry.get("at", ""))) or timezone.now()
    rows = entry.get("records", [])
    plan = ErasurePlan.objects.create(
        reference=str(entry["plan"]),
        person=person,
        request_ref=str(entry.get("request", ""))[:40],
        status=PlanStatus.EXECUTED,
        planned_on=timezone.localdate(at),
        executed_at=at,
        replayed=True,
        records_deleted=sum(1 for r in rows if r.get("action") == "delete"),
        records_anonymised=sum(1 for r in rows if r.get("action") == "anonymise"),
        records_held=sum(1 for r in rows if r.get("action") == "restrict"),
        closed_at=None if any(r.get("action") == "restrict" for r in rows) else at,
    )
    items: list[ErasurePlanItem] = []
    for row in rows:
        model = _model(str(row.get("model", "")))
        declaration = declaration_for(model) if model is not None else None
        action = {"delete": Action.DELETE, "anonymise": Action.ANONYMISE}.get(
            str(row.get("action")), Action.HOLD
        )
        common = {
            "plan": plan,
            "register": declaration.register if declaration else "",
            "model_label": str(row.get("model", "")),
            "object_id": str(row.get("id", "")),
        }
        items.append(ErasurePlanItem(**common, field="", action=action, reason="replayed"))
        items.extend(
            ErasurePlanItem(**common, field=name, action=Action.ANONYMISE, reason="replayed")
            for name in row.get("fields", [])
        )
        for hold in row.get("holds", []):
            items.extend(
                ErasurePlanItem(
                    **common,
                    field=name,
                    action=Action.HOLD,
                    rule=str(hold.get("rule", "")),
                    statute=str(hold.get("statute", "")),
                    ground=str(hold.get("ground", "")),
                    hold_until=_day(hold.get("hold_until")),
                    reason="replayed",
                )
                for name in hold.get("fields", [])
            )
    ErasurePlanItem.objects.bulk_create(items)
    return plan


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def _ensure_holds(plan: ErasurePlan, found: _Found, report: ReplayReport) -> None:
    """Create the record's HeldRecord rows from the ledger if this database lacks them."""
    label, pk = found.instance._meta.label, str(found.instance.pk)
    if HeldRecord.objects.filter(
        model_label=label, object_id=pk, released_at__isnull=True
    ).exists():
        return
    for hold in found.row.get("holds", []):
        HeldRecord.objects.create(
            plan=plan,
            model_label=label,
            object_id=pk,
            record_ref=found.reference[:64],
            fields=list(hold.get("fields", [])),
            rule=str(hold.get("rule", "")),
            statute=str(hold.get("statute", "")),
            ground=str(hold.get("ground", Ground.LEGAL_OBLIGATION)),
            hold_until=_day(hold.get("hold_until")),
        )
        report.holds_recreated += 1


def _sweep(
    actor: Actor,
    plan: ErasurePlan,
    person: Person,
    today: dt.date,
    reason: str,
    report: ReplayReport,
    labels: set[str],
) -> None:
    """Erase what is still linked to an erased person, beyond what the ledger names.

    Held records the ledger does not name (the Art. 19 tasks made again above)
    get their hold rows, so that the release finds them.
    """
    held = set(
        HeldRecord.objects.filter(plan__person=person, released_at__isnull=True).values_list(
            "model_label", "object_id"
        )
    )
    applied = Applied()
    for record in execution_order(compute_plan(person, today).records):
        if record.key in held:
            continue
        if record.action is Action.HOLD:
            rows = hold_rows(plan, record)
            HeldRecord.objects.bulk_create(rows)
            report.holds_recreated += len(rows)
            continue
        if record.action is Action.ANONYMISE and not record.cleared:
            continue
        apply_record(actor, record, applied, reason=reason, person_ref=person.reference)
        report.swept += 1
    labels.update(applied.labels)


def _complete_plan(actor: Actor, plan: ErasurePlan, entry: dict[str, Any]) -> ErasurePlan:
    """Mark executed, as the ledger says, a plan whose execution never committed.

    The ledger line is written inside the erasure's transaction, before the
    commit; a process killed between the two leaves the line (no
    ``erasure.revoked``) and the plan still reviewed. The replay completes that
    erasure (roll forward, GDPR Art. 17(1) "without undue delay"), so the plan
    must say so too.
    """
    at = parse_datetime(str(entry.get("at", ""))) or timezone.now()
    rows = entry.get("records", [])
    ErasurePlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.EXECUTED,
        executed_at=at,
        replayed=True,
        records_deleted=sum(1 for r in rows if r.get("action") == "delete"),
        records_anonymised=sum(1 for r in rows if r.get("action") == "anonymise"),
        records_held=sum(1 for r in rows if r.get("action") == "restrict"),
        closed_at=None if any(r.get("action") == "restrict" for r in rows) else at,
    )
    plan.refresh_from_db()
    record_event(
        actor,
        EventType.ERASURE_EXECUTED,
        target=plan,
        person_ref=plan.person.reference if plan.person is not None else "",
        fields=["status", "executed_at"],
        reason="erasure completed from the ledger: its transaction had not committed",
    )
    return plan


def _replay_executed(
    actor: Actor, entry: dict[str, Any], today: dt.date, report: ReplayReport, labels: set[str]
) -> None:
    people = _people(entry)
    person = people[0] if people else None
    person_ids = {int(p.pk) for p in people}
    found = [f for row in entry.get("records", []) if (f := _find(row, person_ids, report))]
    if person is None and not found:
        return
    report.applied += 1
    reason = f"erasure replay {entry.get('plan', '')}"
    person_ref = person.reference if person is not None else ""
    plan = ErasurePlan.objects.filter(reference=str(entry.get("plan", ""))).first()
    if plan is None or plan.status != PlanStatus.EXECUTED:
        if person is not None:
            # The erasure is not in this database (the backup predates it, or the
            # process died between the ledger line and the commit): repeat its
            # first steps too.
            request_ref = str(entry.get("request") or entry.get("plan", ""))[:40]
            create_recipient_notifications(actor, person, change="erasure", request_ref=request_ref)
            if entry.get("marketing"):
                suppress_person_contacts(
                    actor, person, reason=SuppressionReason.OPT_OUT, request_ref=request_ref
                )
        if plan is None:
            plan = _recreate_plan(entry, person)
            report.plans_recreated += 1
        else:
            plan = _complete_plan(actor, plan, entry)
            report.plans_completed += 1
    restrict = any(f.row.get("action") == "restrict" for f in found)
    if restrict and person is not None and not person.is_restricted and plan.replayed:
        ErasurePlan.objects.filter(pk=plan.pk).update(restricted_person=True)
    for item in sorted(found, key=lambda f: -f.depth):
        _apply_row(
            actor,
            item,
            reason=reason,
            person_ref=person_ref,
            restrict=restrict,
            report=report,
            labels=labels,
        )
        if item.row.get("action") == "restrict":
            _ensure_holds(plan, item, report)
    if person is not None:
        person.refresh_from_db()
        _sweep(actor, plan, person, today, reason, report, labels)


def _replay_released(
    actor: Actor, entry: dict[str, Any], report: ReplayReport, labels: set[str]
) -> None:
    people = _people(entry)
    person = people[0] if people else None
    person_ids = {int(p.pk) for p in people}
    found = [f for row in entry.get("records", []) if (f := _find(row, person_ids, report))]
    plans = list(ErasurePlan.objects.filter(reference__in=entry.get("plans", [])))
    reason = "erasure replay hold ended " + " ".join(entry.get("plans", []))
    person_ref = person.reference if person is not None else ""
    for item in sorted(found, key=lambda f: -f.depth):
        _apply_row(
            actor,
            item,
            reason=reason,
            person_ref=person_ref,
            restrict=False,
            report=report,
            labels=labels,
        )
    now = timezone.now()
    for row in entry.get("released", []):
        released = HeldRecord.objects.filter(
            plan__in=plans,
            model_label=row.get("model"),
            object_id=str(row.get("id")),
            released_at__isnull=True,
        ).update(released_at=now)
        report.holds_released += released
    for item in found:
        if item.row.get("action") == "restrict" and plans:
            _ensure_holds(plans[0], item, report)
    if person is not None:
        close_finished_plans(person, now)
        lift_erasure_restriction(actor, person, reason)


def reapply_erasures(actor: Actor, *, today: dt.date) -> ReplayReport:
    """Re-apply every erasure of the ledger to this database (idempotent; see the module text)."""
    entries, problems = ledger.read_entries()
    report = ReplayReport(problems=[f"line {p.line}: {p.problem}" for p in problems])
    revoked = {
        (e.get("plan"), e.get("revokes")) for e in entries if e.get("type") == "erasure.revoked"
    }
    labels: set[str] = set()
    for entry in entries:
        kind = entry.get("type")
        if kind not in ("erasure.executed", "erasure.released"):
            continue
        report.entries += 1
        with transaction.atomic():
            if kind == "erasure.executed":
                if (entry.get("plan"), entry.get("seq")) in revoked:
                    report.revoked += 1
                    continue
                _replay_executed(actor, entry, today, report, labels)
            else:
                _replay_released(actor, entry, report, labels)
    # Files owned by rows that are gone: a crash between an erasure's commit and
    # the removal of its files (done after the commit) leaves them behind.
    for _receiver, removed in erasures_reapplied.send(sender=ReplayReport, report=report):
        report.files_removed += int(removed or 0)
    if labels:
        compact_after_commit(labels)
    return report
