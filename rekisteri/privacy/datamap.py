"""The data map: what personal data every field of every register holds, and why.

Each register declares its models in its own ``privacy.py`` with :func:`declare`.
Everything else — the person card's "why do we hold this", access reports,
erasure plans, retention sweeps, notices and the record of processing activities
(GDPR Art. 30) — is derived from these declarations, never written per register.

A declaration gives model-wide defaults (purposes, basis, source, retention,
erasure) and one entry per concrete field: :data:`NOT_PERSONAL` or
:func:`personal` with the category and any overrides. A test fails when a field
of a register model is undeclared or names an unknown retention rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from django.db import models
from django.utils import timezone

from rekisteri.privacy.retention import RULES, RetentionRule, get_rule
from rekisteri.privacy.vocabulary import (
    Basis,
    Category,
    Erasure,
    IdentifierKind,
    Purpose,
    RecipientType,
    Sensitivity,
    Source,
)


class _NotPersonal:
    """Marker for fields that hold no personal data (keys, statuses, amounts)."""

    def __repr__(self) -> str:
        return "NOT_PERSONAL"


NOT_PERSONAL: Final = _NotPersonal()


@dataclass(frozen=True)
class FieldOverrides:
    """What one field says about itself; ``None`` means "the model's default"."""

    category: Category
    purposes: tuple[Purpose, ...] | None = None
    basis: Basis | None = None
    source: Source | None = None
    retention: str | None = None
    erasure: Erasure | None = None
    portable: bool | None = None
    sensitivity: Sensitivity = Sensitivity.ORDINARY
    identifier: IdentifierKind | None = None
    free_text: bool = False
    recipients: tuple[RecipientType, ...] | None = None
    retention_from: tuple[str, ...] | None = None


def personal(
    category: Category,
    *,
    purposes: Sequence[Purpose] | None = None,
    basis: Basis | None = None,
    source: Source | None = None,
    retention: str | None = None,
    erasure: Erasure | None = None,
    portable: bool | None = None,
    sensitivity: Sensitivity = Sensitivity.ORDINARY,
    identifier: IdentifierKind | None = None,
    free_text: bool = False,
    recipients: Sequence[RecipientType] | None = None,
    retention_from: str | Sequence[str] | None = None,
) -> FieldOverrides:
    """Declare a personal-data field; unspecified items take the model's defaults.

    ``identifier`` puts the field's normalised value in the subject index;
    ``free_text`` scans it for e-mails, phones, HETUs, IBANs and IP addresses.
    ``retention_from`` names the date that starts this field's retention clock
    when it differs from the model's (see :func:`declare`).
    """
    return FieldOverrides(
        category=category,
        purposes=tuple(purposes) if purposes is not None else None,
        basis=basis,
        source=source,
        retention=retention,
        erasure=erasure,
        portable=portable,
        sensitivity=sensitivity,
        identifier=identifier,
        free_text=free_text,
        recipients=tuple(recipients) if recipients is not None else None,
        retention_from=_paths(retention_from) if retention_from is not None else None,
    )


def _paths(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class FieldSpec:
    """The resolved declaration of one personal-data field."""

    model_label: str
    name: str
    category: Category
    purposes: tuple[Purpose, ...]
    basis: Basis
    source: Source
    retention: str
    erasure: Erasure
    portable: bool
    sensitivity: Sensitivity
    identifier: IdentifierKind | None
    free_text: bool
    recipients: tuple[RecipientType, ...]
    #: Lookup paths to the date that starts the retention clock; the first
    #: non-empty one counts. Empty means the record has no clock of its own.
    retention_from: tuple[str, ...] = ()

    @property
    def rule(self) -> RetentionRule:
        return get_rule(self.retention)

    @property
    def hold_statute(self) -> str:
        """The statute that keeps this field under a legal hold, or ""."""
        return self.rule.statute if self.erasure is Erasure.HOLD else ""


@dataclass
class ModelDeclaration:
    """Everything the engine knows about one register model."""

    model: type[models.Model]
    register: str
    subject: str | None
    fields: dict[str, FieldSpec | _NotPersonal]
    title: str = ""
    reference: str = "pk"
    declared_names: frozenset[str] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        return self.model._meta.label

    def personal_fields(self) -> Iterator[FieldSpec]:
        for spec in self.fields.values():
            if isinstance(spec, FieldSpec):
                yield spec

    def subject_id(self, instance: models.Model) -> int | None:
        """Return the id of the person the record is about, following ``subject``."""
        if self.subject is None:
            return None
        if self.subject == "self":
            return int(instance.pk)
        target: Any = instance
        parts = self.subject.split("__")
        for part in parts[:-1]:
            target = getattr(target, part, None)
            if target is None:
                return None
        value = getattr(target, f"{parts[-1]}_id", None)
        return int(value) if value is not None else None

    def retention_event_on(self, instance: models.Model, spec: FieldSpec) -> dt.date | None:
        """Return the date that starts ``spec``'s retention clock for this record.

        ``None`` means the clock has not started (an open job, an undecided
        application, a current employee): the data is still needed.
        """
        for path in spec.retention_from:
            target: Any = instance
            for part in path.split("__"):
                target = getattr(target, part, None)
                if target is None:
                    break
            if isinstance(target, dt.datetime):
                return timezone.localdate(target) if timezone.is_aware(target) else target.date()
            if isinstance(target, dt.date):
                return target
        return None

    def subject_filter(self, person_id: int) -> dict[str, int]:
        """Return queryset filter kwargs selecting this model's records about a person."""
        if self.subject is None:
            raise ValueError(f"{self.label} records are about no person")
        if self.subject == "self":
            return {"pk": person_id}
        return {f"{self.subject}_id": person_id}

    def reference_of(self, instance: models.Model) -> str:
        return str(getattr(instance, self.reference))


_REGISTRY: dict[str, ModelDeclaration] = {}


def declare(
    model: type[models.Model],
    *,
    register: str,
    subject: str | None,
    purposes: Sequence[Purpose],
    basis: Basis,
    retention: str,
    erasure: Erasure,
    fields: dict[str, FieldOverrides | _NotPersonal],
    source: Source = Source.SUBJECT,
    portable: bool = False,
    recipients: Sequence[RecipientType] = (),
    reference: str = "pk",
    retention_from: str | Sequence[str] | None = None,
) -> ModelDeclaration:
    """Declare a register model's personal data; called from the app's ``privacy.py``.

    ``subject`` is the lookup path from the model to its ``subjects.Person``
    (``"person"``, ``"job__person"``), or ``None`` when a record is about no one.
    ``reference`` names the attribute used as the record's opaque reference.
    ``retention_from`` is the lookup path (or paths, first non-empty wins) to the
    date that starts the retention rule's clock: ``"closed_at"``,
    ``"customer__last_activity_on"``. ``None`` means the record has no clock of
    its own (the data subject, counters).
    """
    if retention not in RULES:
        raise KeyError(f"{model._meta.label}: unknown retention rule {retention!r}")
    resolved: dict[str, FieldSpec | _NotPersonal] = {}
    for name, item in fields.items():
        if isinstance(item, _NotPersonal):
            resolved[name] = item
            continue
        spec = FieldSpec(
            model_label=model._meta.label,
            name=name,
            category=item.category,
            purposes=item.purposes if item.purposes is not None else tuple(purposes),
            basis=item.basis or basis,
            source=item.source or source,
            retention=item.retention or retention,
            erasure=item.erasure or erasure,
            portable=item.portable if item.portable is not None else portable,
            sensitivity=item.sensitivity,
            identifier=item.identifier,
            free_text=item.free_text,
            recipients=item.recipients if item.recipients is not None else tuple(recipients),
            retention_from=(
                item.retention_from if item.retention_from is not None else _paths(retention_from)
            ),
        )
        if spec.retention not in RULES:
            raise KeyError(f"{model._meta.label}.{name}: unknown retention rule {spec.retention!r}")
        resolved[name] = spec
    declaration = ModelDeclaration(
        model=model,
        register=register,
        subject=subject,
        fields=resolved,
        title=str(model._meta.verbose_name),
        reference=reference,
        declared_names=frozenset(fields),
    )
    _REGISTRY[model._meta.label] = declaration
    return declaration


def declarations() -> list[ModelDeclaration]:
    """Return every declaration, ordered by register and model name."""
    return sorted(_REGISTRY.values(), key=lambda d: (d.register, d.model.__name__))


def declaration_for(model: type[models.Model] | models.Model) -> ModelDeclaration | None:
    """Return the declaration of ``model`` (a class or an instance), or ``None``."""
    return _REGISTRY.get(model._meta.label)


def field_spec(model: type[models.Model] | models.Model, name: str) -> FieldSpec | None:
    """Return the spec of one personal field, or ``None`` for non-personal fields."""
    declaration = declaration_for(model)
    if declaration is None:
        return None
    spec = declaration.fields.get(name)
    return spec if isinstance(spec, FieldSpec) else None


def concrete_field_names(model: type[models.Model]) -> set[str]:
    """Return the names of a model's concrete fields (what must be declared)."""
    return {f.name for f in model._meta.concrete_fields}


def undeclared_fields(declaration: ModelDeclaration) -> set[str]:
    """Return concrete fields of the model that its declaration does not mention."""
    return concrete_field_names(declaration.model) - declaration.declared_names


def with_overrides(spec: FieldSpec, **changes: Any) -> FieldSpec:
    """Return a copy of ``spec`` with ``changes`` applied (used by tests and tools)."""
    return replace(spec, **changes)
