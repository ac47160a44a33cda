"""Use cases of erasure (GDPR Art. 17): make a plan, review it, execute it, cancel it.

A plan is computed from the data map (:mod:`rekisteri.erasure.queries`) and
stored with one item per record and per affected field. The registrar reviews
it; execution is one transaction that

1. refuses a plan whose records changed since it was made (a new plan is made
   and reviewed instead);
2. creates the Art. 19 notification task of every recipient in the disclosure
   log, before anything is deleted (the log itself is kept under its hold);
3. stops marketing: if the person was on a marketing list (a marketing
   preference or a consent record), their e-mails and phones go on the
   suppression list as keyed hashes and every channel is opted out (GDPR
   Art. 21(3); Laki sähköisen viestinnän palveluista 917/2014 200 §), so an
   address that comes back in a later import is not marketed to;
4. deletes, anonymises or keeps each record, children before parents, the
   person last, with one audit event per record (field names only);
5. marks what is kept as restricted (``Person.is_restricted``, GDPR Art. 18(1)(c)
   and 17(3)) with a :class:`~rekisteri.erasure.models.HeldRecord` per hold;
6. appends the erasure to the ledger outside the database, last, so that a
   restore can re-apply it.

After the commit the storage is compacted (:mod:`rekisteri.erasure.storage`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rekisteri.audit.models import EventType
from rekisteri.audit.records import staff_user
from rekisteri.audit.services import record_event
from rekisteri.consent.models import ConsentRecord, MarketingPreference, SuppressionReason
from rekisteri.consent.services import suppress_person_contacts
from rekisteri.disclosures.services import create_recipient_notifications
from rekisteri.erasure import ledger
from rekisteri.erasure.models import ErasurePlan, ErasurePlanItem, HeldRecord, PlanStatus
from rekisteri.erasure.policies import Action
from rekisteri.erasure.queries import (
    PlanDraft,
    RecordPlan,
    compute_plan,
    erased_identifier_hashes,
    execution_order,
    open_plan_for,
    reference_hash,
)
from rekisteri.erasure.storage import compact_after_commit
from rekisteri.erasure.texts import explain_item
from rekisteri.subjects.models import Person

Actor = AbstractBaseUser | AnonymousUser | None

# The audit events of erasure: one per plan step, and one per record changed
# (record.deleted / record.updated / person.updated, field names only).
EVENT_PLANNED = EventType.ERASURE_PLANNED
EVENT_REVIEWED = EventType.ERASURE_REVIEWED
EVENT_CANCELLED = EventType.ERASURE_CANCELLED
EVENT_EXECUTED = EventType.ERASURE_EXECUTED
EVENT_RECORD_DELETED = EventType.RECORD_DELETED
EVENT_RECORD_UPDATED = EventType.RECORD_UPDATED
EVENT_PERSON_UPDATED = EventType.PERSON_UPDATED


class ErasureError(Exception):
    """An erasure use case refused; the message is fit for staff."""


class PlanOutdated(ErasureError):
    """The person's records changed since the plan was made: make a new plan."""


def _english(**kwargs: Any) -> str:
    with translation.override("en"):
        return explain_item(**kwargs)[:200]


# --- Items --------------------------------------------------------------------------------


def plan_items(plan: ErasurePlan, draft: PlanDraft) -> list[ErasurePlanItem]:
    """Return the plan's items: one per record, one per held or emptied field."""
    items: list[ErasurePlanItem] = []
    for record in draft.records:
        common = {
            "plan": plan,
            "register": record.register,
            "model_label": record.label,
            "object_id": record.pk,
            "record_ref": record.reference[:64],
        }
        governing = record.governing()
        whole: dict[str, Any] = {
            "action": record.action,
            "rule": governing.rule if governing else "",
            "statute": governing.statute if governing else "",
            "ground": governing.ground.value if governing and governing.ground else "",
            "hold_until": governing.hold_until if governing else None,
            "note": record.note,
        }
        items.append(
            ErasurePlanItem(
                **common,
                field="",
                **whole,
                reason=_english(whole_record=True, **_explain_args(whole)),
            )
        )
        for item in record.held:
            decision = item.decision
            values: dict[str, Any] = {
                "action": Action.HOLD,
                "rule": decision.rule,
                "statute": decision.statute,
                "ground": decision.ground.value if decision.ground else "",
                "hold_until": decision.hold_until,
                "note": record.note if record.is_person else "",
            }
            items.append(
                ErasurePlanItem(
                    **common,
                    field=item.name,
                    **values,
                    reason=_english(whole_record=False, **_explain_args(values)),
                )
            )
        for item in record.cleared:
            values = {"action": Action.ANONYMISE, "rule": item.decision.rule, "note": ""}
            items.append(
                ErasurePlanItem(
                    **common,
                    field=item.name,
                    **values,
                    reason=_english(whole_record=False, **_explain_args(values)),
                )
            )
    return items


def _explain_args(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "action": str(values["action"]),
        "ground": str(values.get("ground", "")),
        "statute": str(values.get("statute", "")),
        "hold_until": values.get("hold_until"),
        "rule": str(values.get("rule", "")),
        "note": str(values.get("note", "")),
    }


def _store_summary(plan: ErasurePlan, draft: PlanDraft) -> None:
    plan.records_deleted = draft.count(Action.DELETE)
    plan.records_anonymised = draft.count(Action.ANONYMISE)
    plan.records_held = draft.count(Action.HOLD)


# --- Making, reviewing and cancelling -------------------------------------------------------


def make_plan(
    actor: Actor,
    person: Person | None,
    *,
    today: dt.date,
    request_ref: str = "",
    extra_records: Sequence[Sequence[str]] = (),
) -> ErasurePlan:
    """Compute and store the erasure plan of ``person``; nothing is erased yet.

    Every record about the person is found through the data map and decided
    field by field (:mod:`rekisteri.erasure.policies`); ``extra_records``
    (model label, id) adds records confirmed one by one for the request. One
    open plan per person and request: a second is refused until the first is
    executed or cancelled.
    """
    request_ref = request_ref.strip()
    if len(request_ref) > 40:
        raise ErasureError(_("Keep the request reference under 40 characters."))
    extra = [[str(label), str(pk)] for label, pk in (tuple(pair) for pair in extra_records)]
    if person is None and not extra:
        raise ErasureError(_("Choose the person whose data is erased."))
    with transaction.atomic():
        if person is not None:
            # One plan-maker per person at a time (PostgreSQL; SQLite writers are serial).
            list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk"))
            existing = open_plan_for(person, request_ref)
            if existing is not None:
                raise ErasureError(
                    _("The person already has an open erasure plan, %(plan)s.")
                    % {"plan": existing.reference}
                )
        draft = compute_plan(person, today, extra=extra)
        plan = ErasurePlan(
            person=person,
            request_ref=request_ref,
            extra_records=extra,
            planned_on=today,
            created_by=staff_user(actor),
            fingerprint=draft.fingerprint(),
        )
        _store_summary(plan, draft)
        plan.save()
        ErasurePlanItem.objects.bulk_create(plan_items(plan, draft))
        record_event(
            actor,
            EVENT_PLANNED,
            target=plan,
            person_ref=person.reference if person is not None else "",
            reason=(
                f"erasure planned {request_ref or '-'}: delete {plan.records_deleted}, "
                f"anonymise {plan.records_anonymised}, hold {plan.records_held}"
            ),
        )
    return plan


def review_plan(actor: Actor, plan: ErasurePlan) -> ErasurePlan:
    """Mark a draft plan reviewed: the registrar has checked each item and its statute."""
    with transaction.atomic():
        locked = ErasurePlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != PlanStatus.DRAFT:
            raise ErasureError(_("Only a draft plan can be marked reviewed."))
        locked.status = PlanStatus.REVIEWED
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = staff_user(actor)
        locked.save(update_fields=["status", "reviewed_at", "reviewed_by"])
        record_event(
            actor,
            EVENT_REVIEWED,
            target=locked,
            person_ref=_person_ref(locked),
            fields=["status", "reviewed_at", "reviewed_by"],
            reason="erasure plan reviewed",
        )
    return locked


def cancel_plan(actor: Actor, plan: ErasurePlan) -> ErasurePlan:
    """Cancel a plan that was not executed (e.g. before making a new one)."""
    with transaction.atomic():
        locked = ErasurePlan.objects.select_for_update().get(pk=plan.pk)
        if not locked.is_open:
            raise ErasureError(_("Only a draft or reviewed plan can be cancelled."))
        now = timezone.now()
        locked.status = PlanStatus.CANCELLED
        locked.cancelled_at = now
        locked.closed_at = now
        locked.save(update_fields=["status", "cancelled_at", "closed_at"])
        record_event(
            actor,
            EVENT_CANCELLED,
            target=locked,
            person_ref=_person_ref(locked),
            fields=["status", "cancelled_at"],
            reason="erasure plan cancelled",
        )
    return locked


def replan(actor: Actor, plan: ErasurePlan, *, today: dt.date) -> ErasurePlan:
    """Cancel an open plan and make a new one for the same person, request and records."""
    with transaction.atomic():
        cancel_plan(actor, plan)
        return make_plan(
            actor,
            plan.person,
            today=today,
            request_ref=plan.request_ref,
            extra_records=plan.extra_records,
        )


def _person_ref_for(record: RecordPlan, person: Person | None) -> str:
    """The reference of the person a record is about (a record confirmed on its own may be
    another person's duplicate)."""
    person_id = record.declaration.subject_id(record.instance)
    if person is not None and person_id == person.pk:
        return person.reference
    if person_id is None:
        return ""
    return Person.objects.filter(pk=person_id).values_list("reference", flat=True).first() or ""


def _person_ref(plan: ErasurePlan) -> str:
    return plan.person.reference if plan.person is not None else ""


# --- Applying a record's plan -----------------------------------------------------------------


@dataclass
class Applied:
    """What applying records changed: for the audit summary, the ledger and compaction."""

    deleted: list[RecordPlan] = field(default_factory=list)
    anonymised: list[RecordPlan] = field(default_factory=list)
    held: list[RecordPlan] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)

    def ledger_records(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for record in self.deleted:
            rows.append({**_ledger_record(record), "action": "delete"})
        for record in self.anonymised:
            rows.append(
                {
                    **_ledger_record(record),
                    "action": "anonymise",
                    "fields": sorted(f.name for f in record.cleared),
                }
            )
        for record in self.held:
            rows.append(
                {
                    **_ledger_record(record),
                    "action": "restrict",
                    "fields": sorted(f.name for f in record.cleared),
                    "holds": [
                        {
                            "fields": list(group.fields),
                            "rule": group.rule,
                            "statute": group.statute,
                            "ground": group.ground.value,
                            "hold_until": group.hold_until.isoformat()
                            if group.hold_until
                            else None,
                        }
                        for group in record.hold_groups()
                    ],
                }
            )
        return rows


def _ledger_record(record: RecordPlan) -> dict[str, Any]:
    return {
        "model": record.label,
        "id": record.pk,
        "ref": reference_hash(record.reference) if record.has_own_reference else None,
    }


def apply_record(
    actor: Actor,
    record: RecordPlan,
    applied: Applied,
    *,
    reason: str,
    person_ref: str,
    restrict_person: bool = False,
) -> None:
    """Delete, anonymise or keep one record as ``record`` says, with its audit event.

    Deleting goes through the model's default manager, so a register's guard
    (an issued voucher) refuses rather than being bypassed, and the delete
    signals clean the subject index and owned files (CVs, after the commit).
    Emptying saves the instance with ``update_fields``, so the same signals
    reindex it and remove a file whose stored name was cleared.
    """
    model = record.declaration.model
    instance = record.instance
    if record.action is Action.DELETE:
        record_event(
            actor,
            EVENT_RECORD_DELETED,
            target=instance,
            target_ref=record.reference,
            person_ref=person_ref,
            reason=reason,
        )
        _total, per_model = model._default_manager.filter(pk=instance.pk).delete()
        applied.labels.update(per_model)
        applied.deleted.append(record)
        return
    names = [item.name for item in record.cleared]
    for item in record.cleared:
        setattr(instance, item.name, item.blank)
    if restrict_person and record.is_person and not getattr(instance, "is_restricted", True):
        instance.is_restricted = True  # type: ignore[attr-defined]
        names.append("is_restricted")
    if names:
        instance.save(update_fields=names)
        applied.labels.add(record.label)
    kept = record.action is Action.HOLD
    record_event(
        actor,
        EVENT_PERSON_UPDATED if record.is_person else EVENT_RECORD_UPDATED,
        target=instance,
        target_ref=record.reference,
        person_ref=person_ref,
        fields=names,
        reason=f"{reason}: " + ("kept under a hold, restricted" if kept else "anonymised"),
    )
    (applied.held if kept else applied.anonymised).append(record)


def hold_rows(plan: ErasurePlan, record: RecordPlan) -> list[HeldRecord]:
    """The HeldRecord rows of one kept record: one per rule, ground and end date."""
    return [
        HeldRecord(
            plan=plan,
            model_label=record.label,
            object_id=record.pk,
            record_ref=record.reference[:64],
            fields=list(group.fields),
            rule=group.rule,
            statute=group.statute,
            ground=group.ground,
            hold_until=group.hold_until,
        )
        for group in record.hold_groups()
    ]


# --- Executing ------------------------------------------------------------------------------


def _same_erasures(reviewed: PlanDraft, final: PlanDraft) -> bool:
    """Whether everything ``final`` erases was in the reviewed plan, the same way."""
    planned = reviewed.by_key()
    for record in final.records:
        if record.action is Action.HOLD:
            continue
        before = planned.get(record.key)
        if before is None or before.action is not record.action:
            return False
        if {f.name for f in record.cleared} - {f.name for f in before.cleared}:
            return False
    return True


def _was_in_marketing(person: Person) -> bool:
    return (
        MarketingPreference.objects.filter(person=person).exists()
        or ConsentRecord.objects.filter(person=person).exists()
    )


def execute_plan(actor: Actor, plan: ErasurePlan, *, today: dt.date) -> ErasurePlan:
    """Execute a reviewed plan in one transaction (the steps in the module text).

    Refused with :class:`PlanOutdated` when the person's records, or what the
    rules decide for them today, differ from the plan as reviewed.
    """
    entry: dict[str, Any] | None = None
    labels: set[str] = set()
    try:
        with transaction.atomic():
            locked = ErasurePlan.objects.select_for_update().get(pk=plan.pk)
            if locked.status != PlanStatus.REVIEWED:
                raise ErasureError(_("Only a reviewed plan can be executed."))
            person = locked.person
            if person is None and not locked.extra_records:
                raise ErasureError(_("The plan's person no longer exists."))
            extra = locked.extra_records
            reviewed = compute_plan(person, today, extra=extra)
            if reviewed.fingerprint() != locked.fingerprint:
                raise PlanOutdated(
                    _(
                        "The person's records have changed since the plan was made. "
                        "Make a new plan and review it."
                    )
                )
            request_ref = locked.request_ref or locked.reference
            marketing = False
            if person is not None:
                # GDPR Art. 19: tasks from the disclosure log, before anything is deleted.
                create_recipient_notifications(
                    actor, person, change="erasure", request_ref=request_ref
                )
                marketing = _was_in_marketing(person)
                if marketing:
                    suppress_person_contacts(
                        actor, person, reason=SuppressionReason.OPT_OUT, request_ref=request_ref
                    )
            final = compute_plan(person, today, extra=extra)
            if not _same_erasures(reviewed, final):
                raise PlanOutdated(_("The plan no longer matches the records. Make a new plan."))
            identifiers = erased_identifier_hashes(final)
            keeps = any(r.action is Action.HOLD for r in final.records)
            restrict = keeps and person is not None and not person.is_restricted
            person_ref = person.reference if person is not None else ""
            applied = Applied()
            reason = f"erasure {locked.reference}"
            for record in execution_order(final.records):
                apply_record(
                    actor,
                    record,
                    applied,
                    reason=reason,
                    person_ref=_person_ref_for(record, person),
                    restrict_person=restrict,
                )
            holds = [row for record in applied.held for row in hold_rows(locked, record)]
            HeldRecord.objects.bulk_create(holds)
            locked.items.all().delete()
            ErasurePlanItem.objects.bulk_create(plan_items(locked, final))
            now = timezone.now()
            _store_summary(locked, final)
            locked.status = PlanStatus.EXECUTED
            locked.executed_at = now
            locked.executed_by = staff_user(actor)
            locked.closed_at = None if holds else now
            locked.restricted_person = restrict
            locked.save()
            record_event(
                actor,
                EVENT_EXECUTED,
                target=locked,
                person_ref=person_ref,
                fields=["status", "executed_at", "executed_by"],
                reason=(
                    f"erasure executed: deleted {locked.records_deleted}, anonymised "
                    f"{locked.records_anonymised}, held {locked.records_held}"
                ),
            )
            labels = applied.labels
            # Last: a line in the ledger outside the database, fsynced before the commit.
            entry = ledger.append(
                {
                    "type": "erasure.executed",
                    "plan": locked.reference,
                    "request": locked.request_ref,
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
                    "identifiers": identifiers,
                    "marketing": marketing,
                    "records": applied.ledger_records(),
                }
            )
    except BaseException:
        if entry is not None:
            ledger.append(
                {"type": "erasure.revoked", "plan": plan.reference, "revokes": entry["seq"]}
            )
        raise
    compact_after_commit(labels)
    plan.refresh_from_db()
    return plan


def execute_now(
    actor: Actor, person: Person, *, today: dt.date, request_ref: str = ""
) -> ErasurePlan:
    """Make, review and execute a plan in one go (the ``rekisteri erase --execute`` command)."""
    plan = make_plan(actor, person, today=today, request_ref=request_ref)
    review_plan(actor, plan)
    return execute_plan(actor, plan, today=today)
