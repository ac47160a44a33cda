"""From the data map to purge targets: which rows of which model are due, as querysets.

Every declaration with a data subject is read the same way; no register is
imported. A declaration's personal fields are grouped by (retention rule, clock
path). The group whose rule is kept longest governs the whole record: when
every group of a record is due, the record is deleted (erasure mode delete or
hold) or anonymised (erasure mode anonymise). A shorter group inside a record
that stays — the order's IP address, a personnel file's home address — is due
on its own, and only its fields are cleared.

A record is due under a group when the first non-empty date of the group's
clock paths (``Coalesce``) is on or before the cut-off of
:func:`~rekisteri.retention.policies.latest_due_event_on`; a record whose paths
are all empty has no clock yet (an open job, an undecided application) and is
kept. Records about a person whose processing is restricted (GDPR Art. 18) are
kept too: the person may need them for legal claims (Art. 18(1)(c)).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from rekisteri.privacy.datamap import (
    FieldSpec,
    ModelDeclaration,
    declaration_for,
    declarations,
)
from rekisteri.privacy.models import IndexEntry
from rekisteri.privacy.retention import RetentionRule
from rekisteri.privacy.vocabulary import Erasure
from rekisteri.retention.models import PurgeAction
from rekisteri.retention.policies import GroupKey, latest_due_event_on, record_group
from rekisteri.subjects.models import Person

NEVER = Q(pk__in=[])


@dataclass(frozen=True)
class Target:
    """One rule group of one model: what is due, and what the purge does to it."""

    declaration: ModelDeclaration
    rule: RetentionRule
    action: PurgeAction
    whole_record: bool
    #: The personal fields the action empties (all of them for a whole record).
    fields: tuple[str, ...]
    cutoff: dt.date | None
    #: The due records, restricted people's records left out.
    queryset: models.QuerySet[Any]
    #: The due records of people whose processing is restricted (kept).
    restricted: models.QuerySet[Any]
    #: Field values that empty ``fields``; for a blocked delete, the record's own
    #: clock fields are left so that the delete is tried again on the next run.
    blanks: Mapping[str, object]
    blanks_keeping_clock: Mapping[str, object]

    @property
    def model(self) -> type[models.Model]:
        return self.declaration.model

    @property
    def model_label(self) -> str:
        return self.declaration.label


# --- Fields --------------------------------------------------------------------------------


def blank_value(field: models.Field[Any, Any]) -> tuple[bool, object]:
    """Return (can be emptied, the empty value) for one model field.

    Nullable fields become NULL (foreign keys to the person included); text
    fields become "". A non-null number, date or unique text has no empty value
    and is left as it is: alone it identifies no one.
    """
    if field.null:
        return True, None
    if isinstance(field, models.CharField | models.TextField) and not field.unique:
        return True, ""
    return False, None


def _empty_q(model: type[models.Model], names: Sequence[str]) -> Q:
    """Rows whose ``names`` are all empty already (nothing left to clear)."""
    condition = Q()
    for name in names:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        _clearable, value = blank_value(field)
        if value is None:
            condition &= Q(**{f"{name}__isnull": True})
        else:
            condition &= Q(**{name: value}) | Q(**{f"{name}__isnull": True})
    return condition


def _path_field(model: type[models.Model], path: str) -> models.Field[Any, Any]:
    field: Any = None
    current: Any = model
    for part in path.split("__"):
        field = current._meta.get_field(part)
        if field.is_relation and field.related_model is not None:
            current = field.related_model
    assert isinstance(field, models.Field)
    return field


def _clock(model: type[models.Model], paths: Sequence[str]) -> tuple[Any, bool]:
    """Return (an expression for the group's clock, whether it is a datetime)."""
    kinds = [isinstance(_path_field(model, p), models.DateTimeField) for p in paths]
    if all(kinds):
        parts: list[Any] = [F(p) for p in paths]
        is_datetime = True
    elif not any(kinds):
        parts = [F(p) for p in paths]
        is_datetime = False
    else:
        zone = timezone.get_current_timezone()
        parts = [
            TruncDate(p, tzinfo=zone) if kind else F(p)
            for p, kind in zip(paths, kinds, strict=True)
        ]
        is_datetime = False
    expression = parts[0] if len(parts) == 1 else Coalesce(*parts)
    return expression, is_datetime


def _due(alias: str, cutoff: dt.date | None, is_datetime: bool) -> Q:
    if cutoff is None:
        return NEVER
    if is_datetime:
        # A datetime's event day is its local date (as ModelDeclaration.retention_event_on).
        boundary = timezone.make_aware(
            dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time.min)
        )
        return Q(**{f"{alias}__lt": boundary})
    return Q(**{f"{alias}__lte": cutoff})


def restricted_q(declaration: ModelDeclaration) -> Q:
    """Rows about a person whose processing is restricted (GDPR Art. 18)."""
    if declaration.subject is None:
        return NEVER
    if declaration.subject == "self":
        return Q(is_restricted=True)
    return Q(**{f"{declaration.subject}__is_restricted": True})


def _whole_action(specs: Sequence[FieldSpec]) -> PurgeAction:
    """Delete the record (erasure delete or hold), or anonymise it (erasure anonymise)."""
    modes = Counter(spec.erasure for spec in specs)
    mode = modes.most_common(1)[0][0] if modes else Erasure.DELETE
    return PurgeAction.ANONYMISE if mode is Erasure.ANONYMISE else PurgeAction.DELETE


# --- Targets ---------------------------------------------------------------------------------


def targets_of(
    declaration: ModelDeclaration,
    rules: Mapping[str, RetentionRule],
    today: dt.date,
    fy_start: str,
) -> list[Target]:
    """Return the purge targets of one declaration (none if it has no clock).

    Records about no one are purged too when they declare a clock: unconfirmed
    request-form submissions, API idempotency keys, staged import files, closed
    breaches (GDPR Art. 5(1)(e)).
    """
    model = declaration.model
    specs = list(declaration.personal_fields())
    groups: dict[GroupKey, list[FieldSpec]] = defaultdict(list)
    unclocked = False
    for spec in specs:
        if spec.retention_from:
            groups[GroupKey(spec.retention, spec.retention_from)].append(spec)
        else:
            unclocked = True
    if not groups:
        return []
    governing = record_group(
        {key: len(members) for key, members in groups.items()},
        rules,
        declared=getattr(declaration, "retention", None),
        fy_start=fy_start,
    )
    aliases: dict[str, Any] = {}
    due: dict[GroupKey, Q] = {}
    cutoffs: dict[GroupKey, dt.date | None] = {}
    for index, key in enumerate(groups):
        alias = f"_retention_clock_{index}"
        expression, is_datetime = _clock(model, key.paths)
        aliases[alias] = expression
        cutoffs[key] = latest_due_event_on(rules[key.rule], today, fy_start)
        due[key] = _due(alias, cutoffs[key], is_datetime)
    base = model._base_manager.alias(**aliases)
    all_due = NEVER if unclocked else Q()
    if not unclocked:
        for condition in due.values():
            all_due &= condition
    hold = restricted_q(declaration)

    def clearable(members: Sequence[FieldSpec]) -> dict[str, object]:
        blanks: dict[str, object] = {}
        for spec in members:
            field = model._meta.get_field(spec.name)
            assert isinstance(field, models.Field)
            ok, value = blank_value(field)
            if ok:
                blanks[field.name] = value
        return blanks

    clock_fields = {path.split("__")[0] for key in groups for path in key.paths if "__" not in path}
    found: list[Target] = []
    if governing is not None:
        action = _whole_action(groups[governing])
        blanks = clearable(specs)
        selection = base.filter(all_due)
        if action is PurgeAction.ANONYMISE and blanks:
            selection = selection.exclude(_empty_q(model, list(blanks)))
        found.append(
            Target(
                declaration=declaration,
                rule=rules[governing.rule],
                action=action,
                whole_record=True,
                fields=tuple(blanks),
                cutoff=cutoffs[governing] if not unclocked else None,
                queryset=selection.exclude(hold),
                restricted=selection.filter(hold),
                blanks=blanks,
                blanks_keeping_clock={k: v for k, v in blanks.items() if k not in clock_fields},
            )
        )
    for key, members in groups.items():
        if key == governing:
            continue
        blanks = clearable(members)
        if not blanks:
            continue  # nothing in the group can be emptied (non-null numbers or dates)
        selection = base.filter(due[key]).exclude(all_due).exclude(_empty_q(model, list(blanks)))
        found.append(
            Target(
                declaration=declaration,
                rule=rules[key.rule],
                action=PurgeAction.CLEAR,
                whole_record=False,
                fields=tuple(blanks),
                cutoff=cutoffs[key],
                queryset=selection.exclude(hold),
                restricted=selection.filter(hold),
                blanks=blanks,
                blanks_keeping_clock=blanks,
            )
        )
    return found


def ordered_declarations() -> list[ModelDeclaration]:
    """Return the declarations so that a model whose clock runs through another comes first.

    Contact rows take their clock from their customer, credentials from their
    job, voucher lines from their voucher: they are purged before the row they
    read their date from is anonymised or deleted, so that their clock is still
    there when they are selected.
    """
    listed = declarations()
    by_label = {d.label: d for d in listed}
    before: dict[str, set[str]] = defaultdict(set)  # label -> labels that must come first
    for declaration in listed:
        for spec in declaration.personal_fields():
            for path in spec.retention_from:
                if "__" not in path:
                    continue
                field = declaration.model._meta.get_field(path.split("__")[0])
                related = getattr(field, "related_model", None)
                if (
                    related is not None
                    and related._meta.label in by_label
                    and related._meta.label != declaration.label
                ):
                    before[related._meta.label].add(declaration.label)
    ordered: list[ModelDeclaration] = []
    done: set[str] = set()

    def visit(label: str, trail: frozenset[str]) -> None:
        if label in done or label in trail:
            return
        for first in sorted(before[label]):
            visit(first, trail | {label})
        done.add(label)
        ordered.append(by_label[label])

    for declaration in listed:
        visit(declaration.label, frozenset())
    return ordered


def all_targets(rules: Mapping[str, RetentionRule], today: dt.date, fy_start: str) -> list[Target]:
    """Return the targets of every declaration, in purge order."""
    found: list[Target] = []
    for declaration in ordered_declarations():
        found.extend(targets_of(declaration, rules, today, fy_start))
    return found


# --- People with no record left ---------------------------------------------------------------


def _referenced(declaration: ModelDeclaration, leaving: Q | None = None) -> Any:
    """Person ids the declaration's rows refer to (minus rows matching ``leaving``)."""
    assert declaration.subject is not None
    path = declaration.subject
    rows = declaration.model._base_manager.filter(**{f"{path}__isnull": False})
    if leaving is not None:
        rows = rows.exclude(leaving)
    return rows.values(path)


def orphan_people(targets: Sequence[Target] | None = None) -> models.QuerySet[Person]:
    """Return the people no register record refers to (restricted people excepted).

    A record is any row of a declared model whose subject path leads to the
    person, or any other row with a foreign key to the person (the subject
    index excepted: it only mirrors the records). With ``targets``, the rows
    those targets will delete (or unlink from the person by anonymising) are
    treated as gone: the dry run's estimate of the people the purge leaves
    without a record.
    """
    leaving: dict[str, Q] = defaultdict(lambda: NEVER)
    for target in targets or ():
        if not target.whole_record:
            continue
        subject_field = (target.declaration.subject or "").split("__")[0]
        unlinks = target.action is PurgeAction.DELETE or (
            "__" not in (target.declaration.subject or "") and subject_field in target.blanks
        )
        if unlinks:
            leaving[target.model_label] |= Q(pk__in=target.queryset.values("pk"))
    people = Person._base_manager.filter(is_restricted=False)
    for declaration in declarations():
        if declaration.subject in (None, "self"):
            continue
        exclude = leaving.get(declaration.label)
        people = people.exclude(pk__in=_referenced(declaration, exclude))
    for relation in Person._meta.related_objects:
        related = relation.related_model
        if related is IndexEntry or not isinstance(related, type):
            continue
        if relation.many_to_many:
            people = people.filter(**{f"{relation.name}__isnull": True})
            continue
        name = relation.field.name
        declared = declaration_for(related)
        if declared is not None and declared.subject == name:
            continue  # counted above, with the rows the purge removes
        rows = related._base_manager.filter(**{f"{name}__isnull": False}).values(name)
        people = people.exclude(pk__in=rows)
    return people
