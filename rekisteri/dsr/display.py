"""How requests look on the staff pages: due badges, value rows and rectifiable fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db import models

from rekisteri.dsr import policies
from rekisteri.dsr.models import RectificationEntry, SubjectRequest
from rekisteri.dsr.queries import RecordRef
from rekisteri.dsr.rights import (
    rectifiable_specs,
)
from rekisteri.privacy.datamap import FieldSpec, field_spec
from rekisteri.privacy.vocabulary import Sensitivity
from rekisteri.web.screens import mask_all
from rekisteri.web.views import ValueRow, field_label, format_value


@dataclass(frozen=True)
class DueInfo:
    """The due date of a request as a badge shows it."""

    status: policies.DueStatus
    due: dt.date
    days_left: int
    reminders: int

    @property
    def css(self) -> str:
        return {
            policies.DueStatus.OVERDUE: "badge-restricted",
            policies.DueStatus.DUE_SOON: "badge-warn",
            policies.DueStatus.REMINDER: "badge-hold",
            policies.DueStatus.ON_TRACK: "badge-ok",
            policies.DueStatus.CLOSED: "",
        }[self.status]

    @property
    def overdue_days(self) -> int:
        return -self.days_left


def due_info(request: SubjectRequest, today: dt.date) -> DueInfo:
    status = policies.due_status(
        received_on=request.received_on,
        due=request.due_on,
        today=today,
        is_open=request.is_open,
        extended=request.is_extended,
    )
    return DueInfo(
        status=status,
        due=request.due_on,
        days_left=policies.days_left(request.due_on, today),
        reminders=policies.reminder_stage(request.received_on, today),
    )


def _display(instance: models.Model, name: str) -> object:
    model_field = instance._meta.get_field(name)
    if getattr(model_field, "choices", None):
        return getattr(instance, f"get_{name}_display")()
    return getattr(instance, name)


def value_rows(instance: models.Model, names: list[str]) -> list[ValueRow]:
    """Rows for ``web/_values.html``: label, value as staff read it, and the data-map entry."""
    rows = []
    for name in names:
        spec = field_spec(instance, name)
        rows.append(
            ValueRow(
                name=name,
                label=field_label(instance, name),
                value=format_value(_display(instance, name), spec),
                masked=False,
                spec=spec,
            )
        )
    return rows


@dataclass
class EditableField:
    """One field of a confirmed record that a rectification may change."""

    ref: RecordRef
    spec: FieldSpec
    label: str
    current: str
    masked: bool


def editable_fields(refs: list[RecordRef]) -> list[tuple[RecordRef, list[EditableField]]]:
    """The confirmed records with their rectifiable fields and current values.

    Secret values (identity codes, bank accounts) are not shown: the registrar
    types the correct value without reading the old one.
    """
    result: list[tuple[RecordRef, list[EditableField]]] = []
    by_model: dict[str, list[RecordRef]] = {}
    for ref in refs:
        by_model.setdefault(ref.model_label, []).append(ref)
    for label, group in by_model.items():
        model = apps.get_model(label)
        specs = rectifiable_specs(model)
        if not specs:
            continue
        found = model._default_manager.in_bulk([r.object_id for r in group])
        instances = {str(pk): instance for pk, instance in found.items()}
        for ref in group:
            instance = instances.get(ref.object_id)
            if instance is None:
                continue
            fields = []
            for spec in specs:
                secret = spec.sensitivity is not Sensitivity.ORDINARY
                value = getattr(instance, spec.name)
                text = format_value(value, spec)
                fields.append(
                    EditableField(
                        ref=ref,
                        spec=spec,
                        label=field_label(model, spec.name),
                        current=mask_all(text) if secret else text,
                        masked=secret,
                    )
                )
            result.append((ref, fields))
    return result


@dataclass(frozen=True)
class EntryRow:
    entry: RectificationEntry
    record: str
    field: str
    old: str
    new: str


def entry_rows(request: SubjectRequest) -> list[EntryRow]:
    """The rectifications of a request; secret values stay masked on the staff pages."""
    rows = []
    for entry in request.rectifications.select_related("made_by").order_by("made_at", "id"):
        try:
            model = apps.get_model(entry.model_label)
        except (LookupError, ValueError):
            rows.append(EntryRow(entry, entry.model_label, entry.field_name, "•", "•"))
            continue
        spec = field_spec(model, entry.field_name)
        secret = spec is not None and spec.sensitivity is not Sensitivity.ORDINARY
        old = mask_all(entry.old_value) if secret else entry.old_value
        new = mask_all(entry.new_value) if secret else entry.new_value
        rows.append(
            EntryRow(
                entry,
                f"{str(model._meta.verbose_name).capitalize()} {entry.record_ref}",
                field_label(model, entry.field_name),
                old,
                new,
            )
        )
    return rows
