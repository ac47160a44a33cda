"""Use cases of disclosures: record a disclosure, keep the recipient and processor
registers, and create and complete the Art. 19 recipient notifications.

Other features call :func:`record_disclosure` (to log their own disclosures) and
:func:`create_recipient_notifications` (the data-subject request workflow, after
a rectification, erasure or restriction); keep their signatures.

Every function that changes data runs in one transaction and writes its audit
event there (field names only, never values).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.audit.models import EventType
from rekisteri.audit.records import staff_user
from rekisteri.audit.services import record_event
from rekisteri.disclosures.models import (
    ChangeKind,
    Disclosure,
    NotificationStatus,
    Processor,
    ProcessorService,
    Recipient,
    RecipientNotification,
    RecipientRole,
    SubjectGroup,
    TransferMechanism,
)
from rekisteri.disclosures.policies import (
    ART_28_CLAUSES,
    is_valid_country_code,
    ordered_values,
    reference_problem,
    restriction_blocks_disclosure,
)
from rekisteri.lib.validators import format_business_id, validate_business_id
from rekisteri.privacy.datamap import declaration_for
from rekisteri.privacy.vocabulary import Basis, Category, RecipientType
from rekisteri.subjects.models import Person

Actor = AbstractBaseUser | AnonymousUser | None
Org = TypeVar("Org", Recipient, Processor)


class DisclosureError(Exception):
    """A disclosure use case refused its input; the message is fit for staff."""


# --- The disclosure log ----------------------------------------------------------------


def record_disclosure(
    actor: Actor,
    *,
    person: Person,
    recipient: Recipient,
    basis: str,
    categories: Iterable[str],
    disclosed_on: dt.date,
    reference: str = "",
    record: models.Model | None = None,
) -> Disclosure:
    """Log that ``person``'s data in ``categories`` went to ``recipient`` on ``disclosed_on``.

    The log is the controller's proof of each data flow (GDPR Art. 5(2), 30(1)(d)),
    tells the person who received their data (Art. 15(1)(c)) and drives the
    Art. 19 notifications. ``reference`` is the order, job or case number, never
    personal text (Art. 5(1)(c)); ``record`` is the register record the data came
    from, which must be about ``person``. A person whose processing is restricted
    may have their data disclosed only on consent or under a legal obligation
    (Art. 18(2)).
    """
    if basis not in Basis.values:
        raise DisclosureError(_("Choose the lawful basis of the disclosure."))
    chosen = ordered_values(categories, Category.values)
    unknown = set(categories) - set(chosen)
    if unknown or not chosen:
        raise DisclosureError(_("Choose at least one category of personal data disclosed."))
    reference = reference.strip()
    problem = reference_problem(reference)
    if problem:
        raise DisclosureError(problem)
    if restriction_blocks_disclosure(is_restricted=person.is_restricted, basis=basis):
        raise DisclosureError(
            _(
                "Processing of this person's data is restricted: it may be disclosed only "
                "with their consent or under a legal obligation (GDPR Art. 18(2))."
            )
        )
    record_model, record_ref = "", ""
    if record is not None:
        declaration = declaration_for(record)
        if declaration is None or declaration.subject in (None, "self"):
            raise DisclosureError(_("That record holds no data about a person."))
        if declaration.subject_id(record) != person.pk:
            raise DisclosureError(_("That record is about another person."))
        record_model, record_ref = declaration.label, declaration.reference_of(record)
    disclosure = Disclosure(
        person=person,
        recipient=recipient,
        basis=basis,
        categories=chosen,
        disclosed_on=disclosed_on,
        external_reference=reference,
        record_model=record_model,
        record_ref=record_ref,
        recorded_by=staff_user(actor),
    )
    with transaction.atomic():
        disclosure.save()
        record_event(
            actor,
            EventType.DISCLOSURE_RECORDED,
            target=disclosure,
            person_ref=person.reference,
            fields=_filled(
                disclosure,
                (
                    "person",
                    "recipient",
                    "basis",
                    "categories",
                    "disclosed_on",
                    "external_reference",
                    "record_model",
                    "record_ref",
                ),
            ),
            reason="disclosure recorded",
        )
    return disclosure


# --- The recipient register ---------------------------------------------------------------

RECIPIENT_FIELDS = (
    "name",
    "type",
    "role",
    "business_id",
    "country",
    "contact",
    "notes",
    "is_active",
    "is_example",
)


def _clean_recipient(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(RECIPIENT_FIELDS)
    if unknown:
        raise DisclosureError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    cleaned = dict(values)
    if "name" in cleaned:
        cleaned["name"] = str(cleaned["name"]).strip()
        if not cleaned["name"]:
            raise DisclosureError(_("Enter the recipient's name."))
    if "type" in cleaned and cleaned["type"] not in RecipientType.values:
        raise DisclosureError(_("Choose the type of recipient."))
    if "role" in cleaned and cleaned["role"] not in RecipientRole.values:
        raise DisclosureError(_("Choose the recipient's role."))
    _clean_organisation(cleaned)
    return cleaned


def _clean_organisation(cleaned: dict[str, Any]) -> None:
    """Normalise a business ID and a country code in place, or refuse them."""
    if cleaned.get("business_id"):
        try:
            validate_business_id(cleaned["business_id"])
        except Exception:
            raise DisclosureError(
                _("Enter a valid business ID (Y-tunnus), e.g. 2622560-3.")
            ) from None
        cleaned["business_id"] = format_business_id(cleaned["business_id"])
    if "country" in cleaned:
        cleaned["country"] = str(cleaned["country"] or "").strip().upper()
        if cleaned["country"] and not is_valid_country_code(cleaned["country"]):
            raise DisclosureError(_("Enter a two-letter country code, e.g. FI, SE or US."))


def register_recipient(actor: Actor, **values: Any) -> Recipient:
    """Add a recipient to the register (GDPR Art. 30(1)(d): categories of recipients)."""
    cleaned = _clean_recipient(values)
    for required in ("name", "type", "role"):
        if not cleaned.get(required):
            raise DisclosureError(_("Enter the recipient's name, type and role."))
    recipient = Recipient(**cleaned)
    with transaction.atomic():
        recipient.save()
        record_event(
            actor,
            EventType.RECORD_CREATED,
            target=recipient,
            fields=_filled(recipient, RECIPIENT_FIELDS),
        )
    return recipient


def update_recipient(
    actor: Actor, recipient: Recipient, *, changes: Mapping[str, Any]
) -> Recipient:
    """Change a recipient's details; the audit event names the fields changed."""
    cleaned = _clean_recipient(changes)
    return _update(actor, recipient, cleaned)


# --- The processor register ---------------------------------------------------------------

PROCESSOR_FIELDS = (
    "name",
    "service",
    "service_description",
    "business_id",
    "data_categories",
    "subject_groups",
    "country",
    "location",
    "transfer_mechanism",
    "dpa_signed_on",
    *(name for _letter, name in ART_28_CLAUSES),
    "sub_processors",
    "review_on",
    "contact",
    "notes",
    "is_active",
    "is_example",
)


def _clean_processor(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(PROCESSOR_FIELDS)
    if unknown:
        raise DisclosureError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    cleaned = dict(values)
    if "name" in cleaned:
        cleaned["name"] = str(cleaned["name"]).strip()
        if not cleaned["name"]:
            raise DisclosureError(_("Enter the processor's name."))
    if "service" in cleaned and cleaned["service"] not in ProcessorService.values:
        raise DisclosureError(_("Choose the service the processor provides."))
    if (
        "transfer_mechanism" in cleaned
        and cleaned["transfer_mechanism"] not in TransferMechanism.values
    ):
        raise DisclosureError(_("Choose the transfer mechanism."))
    if "data_categories" in cleaned:
        cleaned["data_categories"] = ordered_values(cleaned["data_categories"], Category.values)
    if "subject_groups" in cleaned:
        cleaned["subject_groups"] = ordered_values(cleaned["subject_groups"], SubjectGroup.values)
    _clean_organisation(cleaned)
    return cleaned


def register_processor(actor: Actor, **values: Any) -> Processor:
    """Add a processor to the register (GDPR Art. 28, 30(1)(d)–(e))."""
    cleaned = _clean_processor(values)
    if not cleaned.get("name") or not cleaned.get("service"):
        raise DisclosureError(_("Enter the processor's name and service."))
    processor = Processor(**cleaned)
    with transaction.atomic():
        processor.save()
        record_event(
            actor,
            EventType.RECORD_CREATED,
            target=processor,
            fields=_filled(processor, PROCESSOR_FIELDS),
        )
    return processor


def update_processor(
    actor: Actor, processor: Processor, *, changes: Mapping[str, Any]
) -> Processor:
    """Change a processor's details or its Art. 28(3) checklist; the event names the fields."""
    cleaned = _clean_processor(changes)
    return _update(actor, processor, cleaned)


# --- Art. 19 notifications -------------------------------------------------------------------


def create_recipient_notifications(
    actor: Actor, person: Person, *, change: str, request_ref: str = ""
) -> list[RecipientNotification]:
    """Create one open task per distinct recipient ``person``'s data was disclosed to.

    After a rectification, erasure or restriction the controller must tell
    each recipient of the data, unless that proves impossible or involves
    disproportionate effort (GDPR Art. 19). Recipients come from the disclosure
    log; each task links the latest disclosure to that recipient. An open task
    for the same recipient, change and request is reused, not duplicated, so
    calling this twice for one request is harmless. Returns the open task of
    every recipient, oldest recipient name first; empty when nothing was
    disclosed.
    """
    if change not in ChangeKind.values:
        raise DisclosureError(
            _("Choose the kind of change: rectification, erasure or restriction.")
        )
    request_ref = request_ref.strip()
    if len(request_ref) > 40:
        raise DisclosureError(_("Keep the request reference under 40 characters."))
    latest: dict[int, Disclosure] = {}
    for disclosure in (
        Disclosure.objects.filter(person=person)
        .select_related("recipient")
        .order_by("disclosed_on", "id")
    ):
        latest[disclosure.recipient_id] = disclosure
    tasks: list[RecipientNotification] = []
    with transaction.atomic():
        existing = {
            task.recipient_id: task
            for task in RecipientNotification.objects.select_for_update().filter(
                person=person,
                change=change,
                request_ref=request_ref,
                status=NotificationStatus.OPEN,
            )
        }
        ordered = sorted(latest.values(), key=lambda d: d.recipient.name.casefold())
        for disclosure in ordered:
            task = existing.get(disclosure.recipient_id)
            if task is None:
                task = RecipientNotification.objects.create(
                    person=person,
                    recipient=disclosure.recipient,
                    disclosure=disclosure,
                    change=change,
                    request_ref=request_ref,
                )
                record_event(
                    actor,
                    EventType.RECIPIENT_NOTIFICATION_CREATED,
                    target=task,
                    person_ref=person.reference,
                    fields=_filled(
                        task, ("person", "recipient", "disclosure", "change", "request_ref")
                    ),
                    reason=f"art. 19 {change}" + (f" {request_ref}" if request_ref else ""),
                )
            tasks.append(task)
    return tasks


def complete_notification(
    actor: Actor, task: RecipientNotification, *, status: str, note: str = ""
) -> RecipientNotification:
    """Close an Art. 19 task: the recipient was told, or telling them is impossible.

    "Impossible or disproportionate effort" is the only exception GDPR Art. 19
    allows; its reasons must be written down (Art. 5(2)), so a note is
    required for it.
    """
    if status not in (NotificationStatus.SENT, NotificationStatus.IMPOSSIBLE):
        raise DisclosureError(_("Choose whether the recipient was notified or it was impossible."))
    note = note.strip()
    if status == NotificationStatus.IMPOSSIBLE and not note:
        raise DisclosureError(
            _("Say why notifying this recipient is impossible or disproportionate (GDPR Art. 19).")
        )
    with transaction.atomic():
        locked = RecipientNotification.objects.select_for_update().get(pk=task.pk)
        if not locked.is_open:
            raise DisclosureError(_("This task is already done."))
        task.status = status
        task.note = note
        task.done_at = timezone.now()
        task.done_by = staff_user(actor)
        changed = ["status", "done_at", "done_by", *(["note"] if note else [])]
        task.save(update_fields=["status", "note", "done_at", "done_by"])
        record_event(
            actor,
            EventType.RECIPIENT_NOTIFICATION_COMPLETED,
            target=task,
            person_ref=task.person.reference,
            fields=changed,
            reason=f"art. 19 {status}",
        )
    return task


# --- Helpers --------------------------------------------------------------------------------


def _filled(instance: models.Model, names: Iterable[str]) -> list[str]:
    return [name for name in names if getattr(instance, name, None) not in (None, "", [], False)]


def _update(actor: Actor, instance: Org, changes: Mapping[str, Any]) -> Org:
    changed: list[str] = [n for n, value in changes.items() if getattr(instance, n) != value]
    if not changed:
        return instance
    for name in changed:
        setattr(instance, name, changes[name])
    with transaction.atomic():
        instance.save(update_fields=[*changed, "updated_at"])
        record_event(actor, EventType.RECORD_UPDATED, target=instance, fields=changed)
    return instance
