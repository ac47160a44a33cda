"""Read helpers of the request register: lists, due dates, discovery and the confirmed set.

Discovery asks the subject index (:func:`rekisteri.privacy.index.find_people`)
with the identifiers the requester gave and groups what matched by person, with
the evidence of which identifier matched which field of which record. The
registrar then confirms which people and records are the requester's; the
confirmed set (:func:`confirmed_people`, :func:`confirmed_records`) is what the
access letter, the erasure plan and the rectification page work on.

Everything about a person's records goes through the data-map declarations, so
a new register needs no change here. The other privacy apps call
:func:`get_request`, :func:`confirmed_people` and :func:`confirmed_records`; keep
their names.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import Q, QuerySet

from rekisteri.dsr import policies
from rekisteri.dsr.models import (
    ConfirmedPerson,
    ConfirmedRecord,
    IdentityCheck,
    IdentityOutcome,
    Restriction,
    SubjectRequest,
)
from rekisteri.privacy.datamap import ModelDeclaration, declaration_for, declarations
from rekisteri.privacy.index import Evidence, find_people
from rekisteri.privacy.vocabulary import IdentifierKind
from rekisteri.subjects.models import Person

#: The request register's own records are left out of discovery and of the
#: records listed for a person: the request is not the data asked about.
OWN_APP = "dsr"


class RequestNotFound(LookupError):
    pass


def get_request(reference: str) -> SubjectRequest:
    """Return the request with ``reference`` or raise :class:`RequestNotFound`."""
    found = SubjectRequest.objects.filter(reference=reference.strip()).first()
    if found is None:
        raise RequestNotFound(reference)
    return found


# --- Lists and due dates -------------------------------------------------------------


def list_requests(
    *,
    state: str = "open",
    kind: str = "",
    overdue_on: dt.date | None = None,
    assignee: AbstractBaseUser | AnonymousUser | None = None,
) -> QuerySet[SubjectRequest]:
    """Return requests, the earliest due first.

    ``state`` is ``open``, ``closed``, ``all`` or one stored state; ``overdue_on``
    keeps only open requests whose due date passed before that day.
    """
    queryset = SubjectRequest.objects.select_related("assignee", "person")
    if state == "open":
        queryset = queryset.filter(closed_at__isnull=True)
    elif state == "closed":
        queryset = queryset.filter(closed_at__isnull=False)
    elif state != "all":
        queryset = queryset.filter(state=state)
    if kind:
        queryset = queryset.filter(kind=kind)
    if overdue_on is not None:
        queryset = queryset.filter(closed_at__isnull=True, due_on__lt=overdue_on)
    if assignee is not None:
        queryset = queryset.filter(assignee_id=assignee.pk)
    return queryset.order_by("closed_at", "due_on", "id")


def attention_requests(today: dt.date) -> list[tuple[SubjectRequest, policies.DueStatus]]:
    """Return the open requests that need attention today, most urgent first.

    Overdue, due within seven days, or past the day-20 / day-28 reminder of the
    first month (legal.md §1, Art. 12 row). One indexed query on open requests.
    """
    soon = today + dt.timedelta(days=policies.DUE_SOON_DAYS)
    first_reminder = today - dt.timedelta(days=policies.REMINDER_DAYS[0])
    candidates = SubjectRequest.objects.filter(closed_at__isnull=True).filter(
        Q(due_on__lte=soon) | Q(extension_months=0, received_at__date__lte=first_reminder)
    )
    rows = []
    for item in candidates.select_related("assignee").order_by("due_on", "id"):
        status = due_status_of(item, today)
        if status is not policies.DueStatus.ON_TRACK:
            rows.append((item, status))
    order = {
        policies.DueStatus.OVERDUE: 0,
        policies.DueStatus.DUE_SOON: 1,
        policies.DueStatus.REMINDER: 2,
    }
    return sorted(rows, key=lambda row: (order.get(row[1], 3), row[0].due_on))


def due_status_of(request: SubjectRequest, today: dt.date) -> policies.DueStatus:
    return policies.due_status(
        received_on=request.received_on,
        due=request.due_on,
        today=today,
        is_open=request.is_open,
        extended=request.is_extended,
    )


def latest_identity_check(request: SubjectRequest) -> IdentityCheck | None:
    return request.identity_checks.order_by("-checked_at", "-id").first()


def identity_verified(request: SubjectRequest) -> bool:
    """Whether the latest identity check verified the requester (GDPR Art. 12(6))."""
    latest = latest_identity_check(request)
    return latest is not None and latest.outcome == IdentityOutcome.VERIFIED


# --- Records of a person, through the declarations --------------------------------------


@dataclass(frozen=True)
class RecordRef:
    """One register record, named by its type and id, with its opaque reference."""

    model_label: str
    object_id: str
    reference: str
    person_id: int | None

    @property
    def declaration(self) -> ModelDeclaration | None:
        return declaration_for(apps.get_model(self.model_label))

    @property
    def title(self) -> str:
        return str(apps.get_model(self.model_label)._meta.verbose_name)

    @property
    def register(self) -> str:
        declaration = self.declaration
        return declaration.register if declaration is not None else ""

    @property
    def key(self) -> str:
        """The value of the record's checkbox on the discovery page."""
        return f"{self.model_label}#{self.object_id}"

    def instance(self) -> models.Model | None:
        model = apps.get_model(self.model_label)
        found: models.Model | None = model._default_manager.filter(pk=self.object_id).first()
        return found


def _is_own(model_label: str) -> bool:
    return model_label.split(".", 1)[0] == OWN_APP


def records_of_people(person_ids: Iterable[int]) -> list[RecordRef]:
    """Return every declared record about the people, the person rows themselves first.

    One query per declared model, each on the subject's foreign key; the request
    register's own records are left out.
    """
    ids = sorted(set(person_ids))
    if not ids:
        return []
    refs: list[RecordRef] = []
    for declaration in declarations():
        if declaration.subject is None or _is_own(declaration.label):
            continue
        model = declaration.model
        key = "pk" if declaration.subject == "self" else f"{declaration.subject}_id"
        reference = "pk" if declaration.reference == "pk" else declaration.reference
        rows = (
            model._default_manager.filter(**{f"{key}__in": ids})
            .order_by("pk")
            .values_list("pk", reference, key)
        )
        for pk, ref, person_id in rows:
            refs.append(RecordRef(declaration.label, str(pk), str(ref), person_id))
    refs.sort(key=lambda r: (r.person_id or 0, r.model_label != "subjects.Person"))
    return refs


# --- Discovery -----------------------------------------------------------------------------


@dataclass
class Proposal:
    """A person (or one record linked to no person) that matched the requester's identifiers."""

    person: Person | None
    evidence: list[Evidence]
    records: list[RecordRef] = field(default_factory=list)

    @property
    def kinds(self) -> list[IdentifierKind]:
        return sorted({e.kind for e in self.evidence}, key=lambda k: k.value)

    @property
    def key(self) -> str:
        if self.person is not None:
            return self.person.reference
        first = self.evidence[0]
        return f"{first.model}#{first.object_id}"

    @property
    def evidence_lines(self) -> list[Evidence]:
        """The evidence without repeats: one line per identifier kind and field matched."""
        seen: set[tuple[str, str, str, bool]] = set()
        lines = []
        for e in self.evidence:
            key = (e.kind.value, e.model, e.field, e.in_text)
            if key not in seen:
                seen.add(key)
                lines.append(e)
        return lines

    def evidence_for(self, ref: RecordRef) -> list[Evidence]:
        return [
            e for e in self.evidence if e.model == ref.model_label and e.object_id == ref.object_id
        ]

    @property
    def record_rows(self) -> list[tuple[RecordRef, list[IdentifierKind]]]:
        """Each record with the identifier kinds that matched it (none for the others)."""
        rows = []
        for ref in self.records:
            kinds = sorted({e.kind for e in self.evidence_for(ref)}, key=lambda k: k.value)
            rows.append((ref, kinds))
        return rows


@dataclass(frozen=True)
class SearchInput:
    """The identifiers a discovery searches with, as the requester gave them."""

    emails: tuple[str, ...]
    phones: tuple[str, ...]
    names: tuple[str, ...]
    others: tuple[tuple[IdentifierKind, str], ...]


def requester_identifiers(request: SubjectRequest) -> SearchInput:
    """Return the search input built from what the requester gave."""
    others: list[tuple[IdentifierKind, str]] = []
    if request.customer_number:
        others.append((IdentifierKind.CUSTOMER_NUMBER, request.customer_number))
    if request.order_number:
        others.append((IdentifierKind.ORDER_NUMBER, request.order_number))
    return SearchInput(
        emails=(request.requester_email,) if request.requester_email else (),
        phones=(request.requester_phone,) if request.requester_phone else (),
        names=(request.requester_name,) if request.requester_name else (),
        others=tuple(others),
    )


def searched_kinds(request: SubjectRequest) -> list[str]:
    """The identifier kinds a discovery searches with (for the audit event: no values)."""
    pairs = (
        ("email", request.requester_email),
        ("phone", request.requester_phone),
        ("name", request.requester_name),
        ("customer_number", request.customer_number),
        ("order_number", request.order_number),
    )
    return [name for name, value in pairs if value]


def discover(request: SubjectRequest) -> list[Proposal]:
    """Propose the people and unlinked records matching the requester's identifiers.

    Index lookups only (their cost grows with the matches, not with the
    database). A name matches a person only when every part of it matches; each
    other identifier matches on its own. Strongest matches (most identifier
    kinds) first. Nothing is confirmed here: homonyms are expected, and the
    registrar decides.
    """
    search = requester_identifiers(request)
    matches = find_people(
        emails=search.emails, phones=search.phones, names=search.names, others=search.others
    )
    people = Person.objects.in_bulk([m.person_id for m in matches if m.person_id])
    records_by_person: dict[int | None, list[RecordRef]] = defaultdict(list)
    for ref in records_of_people(people):
        records_by_person[ref.person_id].append(ref)
    proposals: list[Proposal] = []
    for match in matches:
        evidence = [e for e in match.evidence if not _is_own(e.model)]
        if not evidence:
            continue
        if match.person_id is not None:
            person = people.get(match.person_id)
            if person is None:
                continue
            proposals.append(Proposal(person, evidence, records_by_person[person.pk]))
        else:
            first = evidence[0]
            proposals.append(
                Proposal(
                    None,
                    evidence,
                    [RecordRef(first.model, first.object_id, _reference_of(first), None)],
                )
            )
    return proposals


def _reference_of(evidence: Evidence) -> str:
    model = apps.get_model(evidence.model)
    declaration = declaration_for(model)
    if declaration is None or declaration.reference == "pk":
        return evidence.object_id
    value = (
        model._default_manager.filter(pk=evidence.object_id)
        .values_list(declaration.reference, flat=True)
        .first()
    )
    return str(value) if value is not None else evidence.object_id


def evidence_summary(evidence: Sequence[Evidence]) -> list[dict[str, object]]:
    """Return evidence as stored with a confirmation: kinds, record types, fields; no values."""
    seen: set[tuple[str, str, str, bool]] = set()
    result: list[dict[str, object]] = []
    for e in evidence:
        key = (e.kind.value, e.model, e.field, e.in_text)
        if key in seen:
            continue
        seen.add(key)
        result.append(
            {"kind": e.kind.value, "model": e.model, "field": e.field, "in_text": e.in_text}
        )
    return result


# --- The confirmed set ------------------------------------------------------------------------


def confirmed_people(request: SubjectRequest) -> list[Person]:
    """Return the people confirmed as the requester (duplicates of one human included)."""
    ids = list(
        ConfirmedPerson.objects.filter(request=request, person__isnull=False)
        .order_by("id")
        .values_list("person_id", flat=True)
    )
    found = Person.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def confirmed_records(request: SubjectRequest) -> list[RecordRef]:
    """Return every record of the confirmed set: all records of the confirmed people,
    then the records confirmed one by one."""
    people_ids = [p.pk for p in confirmed_people(request)]
    refs = records_of_people(people_ids)
    seen = {(r.model_label, r.object_id) for r in refs}
    for row in ConfirmedRecord.objects.filter(request=request).order_by("id"):
        if (row.model_label, row.object_id) in seen:
            continue
        seen.add((row.model_label, row.object_id))
        refs.append(RecordRef(row.model_label, row.object_id, row.record_ref, row.person_id))
    return refs


def is_confirmed_record(request: SubjectRequest, model_label: str, object_id: str) -> bool:
    """Whether the record belongs to the request's confirmed set."""
    if ConfirmedRecord.objects.filter(
        request=request, model_label=model_label, object_id=str(object_id)
    ).exists():
        return True
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return False
    declaration = declaration_for(model)
    if declaration is None or declaration.subject is None or _is_own(declaration.label):
        return False
    instance = model._default_manager.filter(pk=object_id).first()
    if instance is None:
        return False
    person_id = declaration.subject_id(instance)
    return (
        person_id is not None
        and ConfirmedPerson.objects.filter(request=request, person_id=person_id).exists()
    )


# --- Restrictions ----------------------------------------------------------------------------


def active_restrictions(person: Person | None = None) -> QuerySet[Restriction]:
    queryset = Restriction.objects.filter(lifted_at__isnull=True).select_related(
        "person", "request"
    )
    if person is not None:
        queryset = queryset.filter(person=person)
    return queryset.order_by("-started_at", "-id")
