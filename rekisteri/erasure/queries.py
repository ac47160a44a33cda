"""Read side of erasure: computing a person's plan from the data map, and the lists.

A plan is computed from the declarations only (``declarations()``, subject
paths, ``FieldSpec``): for every declared model about a person, one indexed
query (``ModelDeclaration.subject_filter``) finds the person's records, so the
cost grows with that person's records, not with the registers. Each personal
field is decided by :func:`rekisteri.erasure.policies.decide_field` with the
retention rules in force (the administrator's overrides applied, as the purge
uses them) and the configured financial year.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

from rekisteri.erasure.ledger import keyed_hash, ledger_key
from rekisteri.erasure.models import ErasurePlan, HeldRecord, PlanStatus
from rekisteri.erasure.policies import (
    Action,
    FieldDecision,
    Ground,
    decide_field,
    later_end,
    needs_person_identity,
    record_action,
)
from rekisteri.privacy.datamap import FieldSpec, ModelDeclaration, declaration_for, declarations
from rekisteri.privacy.retention import RULES, RetentionRule
from rekisteri.privacy.vocabulary import Category
from rekisteri.retention.queries import current_rules, financial_year_start
from rekisteri.retention.targets import blank_value
from rekisteri.subjects.models import Person

#: The erasure app's own records are the proof of the erasure: never planned.
OWN_REGISTER = "erasure"


class Note:
    """Why a record is handled otherwise than its fields alone say."""

    REFERENCED = "referenced"  # could not be deleted: another record refers to it
    IDENTIFIES = "identifies"  # the person's name identifies a held record


@dataclass
class FieldPlan:
    """One personal field of a record, its decision and whether it is emptied."""

    spec: FieldSpec
    decision: FieldDecision
    clear: bool = False
    blank: object = None

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(frozen=True)
class HoldGroup:
    """Held fields of one record that share a rule, a ground and an end date."""

    rule: str
    statute: str
    ground: Ground
    hold_until: dt.date | None
    fields: tuple[str, ...]


@dataclass
class RecordPlan:
    """What the erasure does to one record."""

    declaration: ModelDeclaration
    instance: models.Model
    fields: list[FieldPlan]
    action: Action
    note: str = ""
    note_target: str = ""

    @property
    def label(self) -> str:
        return self.declaration.label

    @property
    def pk(self) -> str:
        return str(self.instance.pk)

    @property
    def key(self) -> tuple[str, str]:
        return (self.label, self.pk)

    @property
    def reference(self) -> str:
        return self.declaration.reference_of(self.instance)

    @property
    def has_own_reference(self) -> bool:
        return self.declaration.reference != "pk"

    @property
    def register(self) -> str:
        return self.declaration.register

    @property
    def is_person(self) -> bool:
        return self.declaration.subject == "self"

    @property
    def depth(self) -> int:
        """How far the record is from the person: children are handled before parents."""
        subject = self.declaration.subject or ""
        return 0 if subject == "self" else subject.count("__") + 1

    @property
    def held(self) -> list[FieldPlan]:
        return [f for f in self.fields if f.decision.is_hold]

    @property
    def cleared(self) -> list[FieldPlan]:
        return [f for f in self.fields if f.clear]

    def hold_groups(self) -> list[HoldGroup]:
        groups: dict[tuple[str, str, Ground, dt.date | None], list[str]] = {}
        for item in self.held:
            decision = item.decision
            assert decision.ground is not None
            key = (decision.rule, decision.statute, decision.ground, decision.hold_until)
            groups.setdefault(key, []).append(item.name)
        return [
            HoldGroup(rule, statute, ground, until, tuple(names))
            for (rule, statute, ground, until), names in groups.items()
        ]

    @property
    def hold_until(self) -> dt.date | None:
        """The day the last held field may go (None: no end date yet)."""
        ends = [f.decision.hold_until for f in self.held]
        if not ends:
            return None
        latest: dt.date | None = ends[0]
        for end in ends[1:]:
            latest = later_end(latest, end)
        return latest

    def governing(self) -> FieldDecision | None:
        """The held decision that lasts longest (None when nothing is held)."""
        best: FieldDecision | None = None
        for item in self.held:
            if best is None or later_end(best.hold_until, item.decision.hold_until) != (
                best.hold_until
            ):
                best = item.decision
        return best


@dataclass
class PlanDraft:
    """A person's plan as computed, before it is stored."""

    person: Person | None
    today: dt.date
    records: list[RecordPlan] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for r in self.records if r.action is action)

    def fingerprint(self) -> str:
        """A keyed hash of every record's values and decisions (ledger key; no clear value kept)."""
        rows = sorted(_record_digest_input(r) for r in self.records)
        body = json.dumps(rows, sort_keys=True, ensure_ascii=True, default=str)
        return hmac.new(ledger_key(), body.encode("utf-8"), "sha256").hexdigest()

    def by_key(self) -> dict[tuple[str, str], RecordPlan]:
        return {r.key: r for r in self.records}


def _record_digest_input(record: RecordPlan) -> str:
    values: dict[str, str] = {}
    for model_field in record.instance._meta.concrete_fields:
        value = model_field.value_from_object(record.instance)
        values[model_field.attname] = json.dumps(value, sort_keys=True, default=str)
    decisions = [
        (f.name, f.decision.action.value, str(f.decision.hold_until), f.decision.rule, f.clear)
        for f in record.fields
    ]
    return json.dumps(
        [record.label, record.pk, record.action.value, record.note, values, decisions],
        sort_keys=True,
        default=str,
    )


# --- Computing a plan ---------------------------------------------------------------------


def _related_paths(declaration: ModelDeclaration) -> list[str]:
    """Foreign-key paths the clocks read through, fetched with the records (no N+1)."""
    paths: set[str] = set()
    for spec in declaration.personal_fields():
        for path in spec.retention_from:
            parts = path.split("__")
            if len(parts) > 1:
                paths.add("__".join(parts[:-1]))
    return sorted(paths)


def _is_blank(value: object, blank: object) -> bool:
    return value is None or value == blank or value == ""


def _clock_fields(held: Iterable[FieldSpec]) -> set[str]:
    """Fields of the record itself that start the clock of a held field."""
    return {path for spec in held for path in spec.retention_from if "__" not in path}


def _finish(record: RecordPlan) -> RecordPlan:
    """Decide which fields are emptied, from the record's action."""
    for item in record.fields:
        model_field = record.instance._meta.get_field(item.name)
        assert isinstance(model_field, models.Field)
        can_clear, blank = blank_value(model_field)
        item.blank = blank
        current = model_field.value_from_object(record.instance)
        item.clear = (
            record.action is not Action.DELETE
            and not item.decision.is_hold
            and can_clear
            and not _is_blank(current, blank)
        )
    return record


def plan_record(
    declaration: ModelDeclaration,
    instance: models.Model,
    rules: Mapping[str, RetentionRule],
    today: dt.date,
    fy_start: str,
) -> RecordPlan:
    """Decide every personal field of one record, then the record's action."""
    specs = list(declaration.personal_fields())
    decided = [
        FieldPlan(
            spec,
            decide_field(
                erasure=spec.erasure,
                rule=rules[spec.retention],
                basis=spec.basis,
                event_on=declaration.retention_event_on(instance, spec),
                today=today,
                fy_start=fy_start,
            ),
        )
        for spec in specs
    ]
    action = record_action([f.decision for f in decided], [s.erasure for s in specs])
    if action is Action.HOLD:
        # A field that starts a held field's clock stays as long as the hold does.
        held = [f for f in decided if f.decision.is_hold]
        clocks = _clock_fields(f.spec for f in held)
        for item in decided:
            if item.name in clocks and not item.decision.is_hold:
                source = next(h for h in held if item.name in h.spec.retention_from)
                item.decision = source.decision
    return _finish(RecordPlan(declaration, instance, decided, action))


def _erasable(declaration: ModelDeclaration) -> bool:
    """A model about a person with personal fields, and not the erasure's own proof.

    A model whose fields are all declared not personal (e.g. a link row of the
    request register) holds nothing to erase and is left alone.
    """
    return (
        declaration.subject is not None
        and declaration.register != OWN_REGISTER
        and any(True for _spec in declaration.personal_fields())
    )


def _person_declarations() -> list[ModelDeclaration]:
    return [d for d in declarations() if _erasable(d)]


def compute_plan(
    person: Person | None,
    today: dt.date,
    *,
    extra: Sequence[Sequence[str]] = (),
    rules: Mapping[str, RetentionRule] | None = None,
    fy_start: str | None = None,
) -> PlanDraft:
    """Return what erasing ``person`` would do today to each of their records (changes nothing).

    ``extra`` names more records by ``(model label, id)``: records the registrar
    confirmed one by one for the request (another person's duplicate record).
    """
    rules = rules if rules is not None else current_rules()
    fy_start = fy_start or financial_year_start()
    draft = PlanDraft(person=person, today=today)
    if person is not None:
        for declaration in _person_declarations():
            queryset = declaration.model._base_manager.filter(
                **declaration.subject_filter(int(person.pk))
            )
            related = _related_paths(declaration)
            if related:
                queryset = queryset.select_related(*related)
            for instance in queryset.order_by("pk"):
                draft.records.append(plan_record(declaration, instance, rules, today, fy_start))
    seen = {r.key for r in draft.records}
    for label, object_id in (tuple(pair) for pair in extra):
        found = _extra_record(str(label), str(object_id))
        if found is None or (str(label), str(object_id)) in seen:
            continue
        seen.add((str(label), str(object_id)))
        draft.records.append(plan_record(found[0], found[1], rules, today, fy_start))
    _hold_person_identity(draft)
    _keep_what_cannot_be_deleted(draft)
    return draft


def _extra_record(label: str, object_id: str) -> tuple[ModelDeclaration, models.Model] | None:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    declaration = declaration_for(model)
    if declaration is None or not _erasable(declaration):
        return None
    instance = model._base_manager.filter(pk=object_id).first()
    return (declaration, instance) if instance is not None else None


def _parent_key(record: RecordPlan) -> tuple[str, str] | None:
    """The record its subject path passes through first (a voucher line's voucher)."""
    subject = record.declaration.subject or ""
    if "__" not in subject:
        return None
    model_field = record.instance._meta.get_field(subject.split("__")[0])
    related = getattr(model_field, "related_model", None)
    if related is None or not isinstance(model_field, models.ForeignKey):
        return None
    value = getattr(record.instance, model_field.attname)
    return (related._meta.label, str(value)) if value is not None else None


def _needs_name(record: RecordPlan, by_key: Mapping[tuple[str, str], RecordPlan]) -> bool:
    """Whether a held record relies on the person's name (not on its own, nor its parent's)."""
    held = record.held
    if not needs_person_identity(
        [f.spec.category for f in held], [p for f in held for p in f.spec.purposes]
    ):
        return False
    key = _parent_key(record)
    parent = by_key.get(key) if key is not None else None
    if parent is not None and parent.action is Action.HOLD:
        return _needs_name(parent, by_key)
    return True


def _hold_person_identity(draft: PlanDraft) -> None:
    """Keep the person's name while a held record needs it to stay identifiable."""
    person_record = next((r for r in draft.records if r.is_person), None)
    if person_record is None:
        return
    by_key = draft.by_key()
    chosen: tuple[RecordPlan, FieldDecision] | None = None
    for record in draft.records:
        if record is person_record or record.action is not Action.HOLD:
            continue
        if not _needs_name(record, by_key):
            continue
        decision = record.governing()
        if decision is None:
            continue
        if chosen is None or later_end(chosen[1].hold_until, decision.hold_until) != (
            chosen[1].hold_until
        ):
            chosen = (record, decision)
    if chosen is None:
        return
    record, decision = chosen
    for item in person_record.fields:
        if item.spec.category is Category.IDENTITY:
            item.decision = decision
    person_record.action = Action.HOLD
    person_record.note = Note.IDENTIFIES
    person_record.note_target = f"{record.label}#{record.pk}"
    _finish(person_record)


def deletion_blocker(instance: models.Model, held: set[tuple[str, str]]) -> bool:
    """Whether deleting ``instance`` would fail or take a held record with it.

    Django's deletion collector walks the foreign keys exactly as ``delete()``
    would: a protected reference raises, and a cascade reaching a record kept
    under a hold would erase what the law keeps.
    """
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    try:
        collector.collect([instance])
    except (ProtectedError, RestrictedError):
        return True
    for model, objects in collector.data.items():
        label = model._meta.label
        if any((label, str(obj.pk)) in held for obj in objects):
            return True
    held_labels = {label for label, _pk in held}
    for queryset in collector.fast_deletes:
        label = queryset.model._meta.label
        if label not in held_labels:
            continue
        ids = {pk for lab, pk in held if lab == label}
        if any(str(pk) in ids for pk in queryset.values_list("pk", flat=True)):
            return True
    return False


def _keep_what_cannot_be_deleted(draft: PlanDraft) -> None:
    """Anonymise, instead of deleting, a record that others refer to or that owns held records."""
    held = {r.key for r in draft.records if r.action is Action.HOLD}
    for record in draft.records:
        if record.action is Action.DELETE and deletion_blocker(record.instance, held):
            record.action = Action.ANONYMISE
            record.note = Note.REFERENCED
            _finish(record)


def execution_order(records: Sequence[RecordPlan]) -> list[RecordPlan]:
    """Children before their parents, the person last (nothing cascades unseen)."""
    return sorted(records, key=lambda r: (-r.depth, r.label, r.pk))


# --- Identifiers erased -----------------------------------------------------------------


def erased_identifier_hashes(draft: PlanDraft) -> list[str]:
    """The ledger's keyed hashes of the strong identifiers the plan removes.

    E-mails, phones, identity codes, bank accounts and usernames from fields that
    leave the database (deleted records, cleared fields); names are left out (a
    first name would match strangers) and so is anything still held.
    """
    from rekisteri.privacy.identifiers import normalise
    from rekisteri.privacy.vocabulary import IdentifierKind

    strong = {
        IdentifierKind.EMAIL,
        IdentifierKind.PHONE,
        IdentifierKind.HETU,
        IdentifierKind.IBAN,
        IdentifierKind.USERNAME,
    }
    found: set[str] = set()
    for record in draft.records:
        for item in record.fields:
            kind = item.spec.identifier
            if kind is None or kind not in strong:
                continue
            if record.action is not Action.DELETE and not item.clear:
                continue
            raw = getattr(record.instance, item.name, None)
            if raw in (None, ""):
                continue
            for value in normalise(kind, str(raw)):
                found.add(keyed_hash(kind.value, value))
    return sorted(found)


def reference_hash(value: str) -> str:
    """The ledger's keyed hash of an opaque record or person reference."""
    return keyed_hash("reference", value)


# --- Lists --------------------------------------------------------------------------------


def register_title(register: str) -> str:
    """Return a register's name as staff read it (its app's verbose name)."""
    try:
        return str(apps.get_app_config(register).verbose_name)
    except LookupError:
        return register


def model_title(label: str, plural: bool = False) -> str:
    try:
        meta = apps.get_model(label)._meta
    except (LookupError, ValueError):
        return label
    return str(meta.verbose_name_plural if plural else meta.verbose_name)


def field_title(label: str, name: str) -> str:
    try:
        return str(apps.get_model(label)._meta.get_field(name).verbose_name)
    except (LookupError, ValueError, AttributeError, FieldDoesNotExist):
        return name


def list_plans(status: str = "") -> models.QuerySet[ErasurePlan]:
    """Return the plans, newest first; ``status`` "" for all, "open" for draft and reviewed."""
    plans = ErasurePlan.objects.select_related("person")
    if status == "open":
        plans = plans.filter(status__in=[PlanStatus.DRAFT, PlanStatus.REVIEWED])
    elif status:
        plans = plans.filter(status=status)
    return plans.order_by("-created_at", "-id")


def open_plan_for(person: Person, request_ref: str = "") -> ErasurePlan | None:
    """Return the person's draft or reviewed plan for ``request_ref``, if any."""
    return (
        ErasurePlan.objects.filter(
            person=person,
            request_ref=request_ref,
            status__in=[PlanStatus.DRAFT, PlanStatus.REVIEWED],
        )
        .order_by("-created_at")
        .first()
    )


def active_holds() -> models.QuerySet[HeldRecord]:
    """Return the holds not yet released, soonest end first (no end date last)."""
    return HeldRecord.objects.filter(released_at__isnull=True).select_related(
        "plan", "plan__person"
    )


def holds_due(today: dt.date) -> models.QuerySet[HeldRecord]:
    """Return the active holds to re-examine on ``today``.

    Those that have ended, and those with no end date yet whose clock may still
    start (an open job, an undecided application, a draft). A hold under a rule
    with no period (the marketing opt-outs, kept as long as marketing is sent)
    cannot end by itself and is not re-examined every day.
    """
    open_ended = [code for code, rule in RULES.items() if rule.open_ended]
    return active_holds().filter(
        models.Q(hold_until__lte=today)
        | (models.Q(hold_until__isnull=True) & ~models.Q(rule__in=open_ended))
    )


def has_active_holds(person: Person) -> bool:
    """Whether an erasure still keeps data of ``person`` under a hold (and so restricts them).

    The request register asks this before it lifts a restriction of its own: the
    person's ``is_restricted`` flag must stay while anything is held.
    """
    return HeldRecord.objects.filter(plan__person=person, released_at__isnull=True).exists()


def person_by_reference(reference: str) -> Person | None:
    return Person.objects.filter(reference=reference.strip()).first()
