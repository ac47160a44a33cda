"""Saving records with their audit events, in one transaction.

Register services and the privacy engine (e.g. rectification on request) call
:func:`save_record` (or :func:`save_form` from a view) so that every change of
personal data writes its audit event in the same transaction as the change
itself. It lives with the audit log, not with the registers, so the engine can
use it without importing a register.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import models, transaction

from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.privacy.datamap import declaration_for
from rekisteri.subjects.models import Person

M = TypeVar("M", bound=models.Model)
Actor = AbstractBaseUser | AnonymousUser | None


def staff_user(actor: Actor) -> User | None:
    """The staff user to store as who did something; None for the API, the public
    form and the command line, whose actors are anonymous (they carry an
    ``audit_label`` for the log instead)."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def person_ref_of(instance: models.Model) -> str:
    """Return the reference of the person a record is about, or ""."""
    if isinstance(instance, Person):
        return instance.reference
    declaration = declaration_for(instance)
    if declaration is None:
        return ""
    person_id = declaration.subject_id(instance)
    if person_id is None:
        return ""
    return Person.objects.filter(pk=person_id).values_list("reference", flat=True).first() or ""


def reference_of(instance: models.Model) -> str:
    declaration = declaration_for(instance)
    if declaration is not None:
        return declaration.reference_of(instance)
    return str(instance.pk)


def save_record(
    actor: Actor,
    instance: M,
    *,
    changed: Iterable[str] | None = None,
    reason: str = "",
) -> M:
    """Save ``instance`` and record ``record.created`` / ``record.updated`` with the
    changed field names (never their values)."""
    creating = instance._state.adding
    with transaction.atomic():
        instance.save()
        fields = (
            list(changed)
            if changed is not None
            else [f.name for f in instance._meta.concrete_fields]
        )
        if isinstance(instance, Person):
            event = EventType.PERSON_CREATED if creating else EventType.PERSON_UPDATED
        else:
            event = EventType.RECORD_CREATED if creating else EventType.RECORD_UPDATED
        record_event(
            actor,
            event,
            target=instance,
            target_ref=reference_of(instance),
            person_ref=person_ref_of(instance),
            fields=fields,
            reason=reason,
        )
    return instance


def save_form(actor: Actor, form: forms.ModelForm, *, reason: str = "") -> models.Model:  # type: ignore[type-arg]
    """Save a bound, valid ModelForm through :func:`save_record`."""
    with transaction.atomic():
        instance: models.Model = form.save(commit=False)
        save_record(actor, instance, changed=form.changed_data, reason=reason)
        form.save_m2m()
    return instance


def delete_record(actor: Actor, instance: models.Model, *, reason: str = "") -> None:
    """Delete a record and record ``record.deleted`` in the same transaction."""
    with transaction.atomic():
        ref, person_ref = reference_of(instance), person_ref_of(instance)
        label = instance._meta.label
        instance.delete()
        record_event(
            actor,
            EventType.RECORD_DELETED,
            target_ref=ref,
            person_ref=person_ref,
            reason=reason or label,
        )
