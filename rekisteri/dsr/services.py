"""Use cases of data-subject requests: intake, identity, discovery, and every answer.

Each function runs in one transaction, locks the request row it changes, and
writes its audit event there (field names and the request reference, never
values). The staff pages and the ``rekisteri request`` command call these
functions; the access and erasure apps read the confirmed set through
:mod:`rekisteri.dsr.queries` and may close a request with :func:`answer_request`.

What a request asks — rectification, restriction, objection — is carried out by
:mod:`rekisteri.dsr.rights`, with the helpers and event types defined here.

The audit log has no request event types yet: each event is written with the
named type once :class:`rekisteri.audit.models.EventType` defines it (see
``_event``), and until then with ``record.created`` / ``record.updated`` and a
reason that starts with the intended name (``request.received PR-…``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.audit.models import EventType
from rekisteri.audit.records import staff_user
from rekisteri.audit.services import record_event
from rekisteri.dsr import policies
from rekisteri.dsr.models import (
    INTAKE_CHANNELS,
    STAFF_IDENTITY_METHODS,
    ConfirmedPerson,
    ConfirmedRecord,
    IdentityCheck,
    IdentityMethod,
    IdentityOutcome,
    ObjectionScope,
    RefusalGround,
    ReplyLanguage,
    RequestChannel,
    RequestKind,
    RequestState,
    SubjectRequest,
)
from rekisteri.dsr.queries import (
    OWN_APP,
    discover,
    evidence_summary,
    identity_verified,
)
from rekisteri.privacy.datamap import declaration_for
from rekisteri.privacy.identifiers import (
    extract_identifiers,
    normalise_email,
    normalise_phone,
)
from rekisteri.privacy.vocabulary import IdentifierKind
from rekisteri.subjects.models import Person

Actor = AbstractBaseUser | AnonymousUser | None

#: How far in the future a receipt time may be (clock skew between machines).
_FUTURE_TOLERANCE = dt.timedelta(minutes=5)
_MAX_IDENTIFIER = 40


EVENT_RECEIVED = EventType.REQUEST_RECEIVED
EVENT_ASSIGNED = EventType.REQUEST_ASSIGNED
EVENT_IDENTITY_CHECKED = EventType.REQUEST_IDENTITY_CHECKED
EVENT_RECORDS_CONFIRMED = EventType.REQUEST_RECORDS_CONFIRMED
EVENT_EXTENDED = EventType.REQUEST_EXTENDED
EVENT_REFUSED = EventType.REQUEST_REFUSED
EVENT_ANSWERED = EventType.REQUEST_ANSWERED
EVENT_WITHDRAWN = EventType.REQUEST_WITHDRAWN
EVENT_RECTIFIED = EventType.REQUEST_RECTIFIED
EVENT_RESTRICTED = EventType.REQUEST_RESTRICTED
EVENT_LIFT_NOTIFIED = EventType.REQUEST_RESTRICTION_LIFT_NOTIFIED
EVENT_RESTRICTION_LIFTED = EventType.REQUEST_RESTRICTION_LIFTED
EVENT_OBJECTION_RECORDED = EventType.REQUEST_OBJECTION_RECORDED


class RequestError(Exception):
    """A request use case refused its input; the message is fit for staff."""


class RequestInvalid(RequestError):
    """Input errors by field name (``""`` for the whole form), all found at once."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


def _lock(request: SubjectRequest) -> SubjectRequest:
    return SubjectRequest.objects.select_for_update().get(pk=request.pk)


def _require_open(request: SubjectRequest) -> None:
    if not request.is_open:
        raise RequestError(_("This request is closed."))


def _require_identity(request: SubjectRequest) -> None:
    if not identity_verified(request):
        raise RequestError(_("Verify the requester's identity first (GDPR Art. 12(6))."))


def _move(request: SubjectRequest, to: RequestState) -> None:
    if request.state != to and not policies.can_move(request.state, to):
        raise RequestError(
            _("A request in the state “%(state)s” cannot become “%(to)s”.")
            % {"state": request.get_state_display(), "to": to.label}
        )
    request.state = to


def _start_work(request: SubjectRequest) -> None:
    """Move a request that is still at intake into progress (an extended one stays)."""
    if request.state in (RequestState.RECEIVED, RequestState.VERIFYING_IDENTITY):
        request.state = RequestState.IN_PROGRESS


def _person_ref(request: SubjectRequest) -> str:
    return request.person.reference if request.person_id and request.person else ""


def _audit(
    actor: Actor,
    event: EventType,
    name: str,
    request: SubjectRequest,
    *,
    fields: Iterable[str] = (),
    detail: str = "",
    target: models.Model | None = None,
    person_ref: str | None = None,
) -> None:
    reason = f"{name} {request.reference}" + (f": {detail}" if detail else "")
    record_event(
        actor,
        event,
        target=target or request,
        person_ref=_person_ref(request) if person_ref is None else person_ref,
        fields=fields,
        reason=reason,
    )


def _has_hetu(text: str) -> bool:
    return any(kind is IdentifierKind.HETU for kind, _value in extract_identifiers(text))


# --- Intake --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestInput:
    """What the requester gave and how the request arrived, as staff typed it."""

    kind: str
    channel: str
    requester_name: str
    requester_email: str = ""
    requester_phone: str = ""
    customer_number: str = ""
    order_number: str = ""
    reply_address: str = ""
    language: str = ReplyLanguage.FI
    description: str = ""
    objection_scope: str = ""
    received_at: dt.datetime | None = None
    #: When the requester confirmed their e-mail through the public form's signed link.
    email_confirmed_at: dt.datetime | None = None


def _clean_input(data: RequestInput, now: dt.datetime, allow_web: bool) -> dict[str, object]:
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.kind not in RequestKind.values:
        fail("kind", _("Choose what the person asks for."))
    scope = data.objection_scope.strip()
    if data.kind == RequestKind.OBJECTION:
        if scope not in ObjectionScope.values:
            fail("objection_scope", _("Choose what the person objects to."))
    elif scope:
        fail("objection_scope", _("Only an objection has this choice."))
    allowed = [c.value for c in INTAKE_CHANNELS] + ([RequestChannel.WEB] if allow_web else [])
    if data.channel not in allowed:
        fail("channel", _("Choose how the request reached us."))
    name = " ".join(data.requester_name.split())
    if not name:
        fail("requester_name", _("Write the requester's name as they gave it."))
    elif len(name) > 200:
        fail("requester_name", _("Shorten the name to 200 characters."))
    email = data.requester_email.strip()
    if email and normalise_email(email) is None:
        fail("requester_email", _("Enter a valid e-mail address."))
    phone = data.requester_phone.strip()
    normalised_phone = normalise_phone(phone) if phone else ""
    if phone and normalised_phone is None:
        fail(
            "requester_phone",
            _("Enter a valid phone number, e.g. 040 123 4567 or +358 40 123 4567."),
        )
    address = data.reply_address.strip()
    if not (email or phone or address):
        fail(
            "",
            _("Give at least one way to answer: an e-mail address, a phone or a postal address."),
        )
    for field_name, value in (
        ("customer_number", data.customer_number),
        ("order_number", data.order_number),
    ):
        if len(value.strip()) > _MAX_IDENTIFIER:
            fail(field_name, _("Shorten this to 40 characters."))
    if data.language not in ReplyLanguage.values:
        fail("language", _("Choose the language of the reply."))
    received_at = data.received_at or now
    if received_at > now + _FUTURE_TOLERANCE:
        fail("received_at", _("The request cannot have arrived in the future."))
    confirmed_at = data.email_confirmed_at
    if confirmed_at is not None and (data.channel != RequestChannel.WEB or not email):
        fail("", _("Only a request from the web form has an e-mail confirmed through a link."))
    if errors:
        raise RequestInvalid(errors)
    return {
        "kind": data.kind,
        "objection_scope": scope if data.kind == RequestKind.OBJECTION else "",
        "channel": data.channel,
        "requester_name": name,
        "requester_email": normalise_email(email) if email else "",
        "requester_phone": normalised_phone or "",
        "customer_number": data.customer_number.strip(),
        "order_number": data.order_number.strip(),
        "reply_address": address,
        "language": data.language,
        "description": data.description.strip(),
        "received_at": received_at,
        "email_confirmed_at": confirmed_at,
    }


def receive_request(
    actor: Actor, data: RequestInput, *, now: dt.datetime | None = None, allow_web: bool = False
) -> SubjectRequest:
    """Register a data-subject request as it arrived; its one-month clock starts at receipt.

    Any member of staff may take a request in the shop, by e-mail, by letter or
    by phone: the right does not depend on the channel, and the clock runs from
    receipt by the company, not by the registrar (GDPR Art. 12(3)). The
    requester's identifiers are kept as given, the e-mail case-folded and the
    phone in E.164, so that discovery finds them. Requests are free of charge
    (Art. 12(5)). The web channel is reserved for the public request form
    (``allow_web``), which also records when the requester confirmed their
    e-mail address through a signed link (``email_confirmed_at``).
    """
    now = now or timezone.now()
    values = _clean_input(data, now, allow_web)
    received_at = values["received_at"]
    assert isinstance(received_at, dt.datetime)
    request = SubjectRequest(
        **values,
        received_by=staff_user(actor),
        state=RequestState.RECEIVED,
        due_on=policies.due_on(timezone.localdate(received_at)),
    )
    with transaction.atomic():
        request.save()
        _audit(
            actor,
            EVENT_RECEIVED,
            "request.received",
            request,
            fields=[k for k, v in values.items() if v],
            detail=f"{request.kind} {request.channel}",
        )
    return request


def assign_request(
    actor: Actor, request: SubjectRequest, *, assignee: User | None
) -> SubjectRequest:
    """Give the request to a member of staff who handles requests (or to nobody)."""
    if assignee is not None and not has_capability(assignee, Capability.REQUESTS_HANDLE):
        raise RequestError(_("Only a member of staff who handles requests can be assigned."))
    with transaction.atomic():
        locked = _lock(request)
        _require_open(locked)
        if locked.assignee_id == (assignee.pk if assignee else None):
            return locked
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "updated_at"])
        _audit(actor, EVENT_ASSIGNED, "request.assigned", locked, fields=["assignee"])
    return locked


# --- Identity (Art. 12(6)) -----------------------------------------------------------------


def record_identity_check(
    actor: Actor,
    request: SubjectRequest,
    *,
    method: str,
    outcome: str,
    notes: str = "",
    now: dt.datetime | None = None,
) -> IdentityCheck:
    """Record how the requester's identity was checked, and the outcome.

    GDPR Art. 12(6): where there is reasonable doubt the controller may ask for
    the information needed to confirm the identity, and should not collect more
    than that. The preferred checks use what we already hold: the request came
    from a registered e-mail or phone, or an order or customer number matches a
    registered contact. An identity document may be shown in person; no copy is
    taken and neither the document's number nor the personal identity code is
    written down (notes with a personal identity code are refused).
    """
    errors: dict[str, list[str]] = {}
    if method not in [m.value for m in STAFF_IDENTITY_METHODS]:
        errors["method"] = [_("Choose how the identity was checked.")]
    if outcome not in IdentityOutcome.values:
        errors["outcome"] = [_("Choose the outcome of the check.")]
    notes = notes.strip()
    if _has_hetu(notes):
        errors["notes"] = [
            _(
                "Do not write down a personal identity code or a document number; say what "
                "was checked."
            )
        ]
    if method == IdentityMethod.KNOWN_EMAIL and not request.requester_email:
        errors.setdefault("method", []).append(_("The requester gave no e-mail address."))
    if method == IdentityMethod.KNOWN_PHONE and not request.requester_phone:
        errors.setdefault("method", []).append(_("The requester gave no phone number."))
    if method == IdentityMethod.ORDER_AND_CONTACT and not (
        (request.order_number or request.customer_number)
        and (request.requester_email or request.requester_phone)
    ):
        errors.setdefault("method", []).append(
            _(
                "This check needs an order or customer number and an e-mail or phone from "
                "the requester."
            )
        )
    if outcome != IdentityOutcome.VERIFIED and outcome in IdentityOutcome.values and not notes:
        errors["notes"] = [_("Say what is missing or what was asked for.")]
    if errors:
        raise RequestInvalid(errors)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(request)
        _require_open(locked)
        check = IdentityCheck.objects.create(
            request=locked,
            method=method,
            outcome=outcome,
            notes=notes,
            checked_at=now,
            checked_by=staff_user(actor),
        )
        if locked.state != RequestState.EXTENDED:
            if outcome == IdentityOutcome.VERIFIED:
                _start_work(locked)
            else:
                _move(locked, RequestState.VERIFYING_IDENTITY)
            locked.save(update_fields=["state", "updated_at"])
        _audit(
            actor,
            EVENT_IDENTITY_CHECKED,
            "request.identity_checked",
            locked,
            fields=["method", "outcome", *(["notes"] if notes else [])],
            detail=f"{method} {outcome}",
        )
    return check


# --- Discovery and the confirmed set ---------------------------------------------------------


def confirm_records(
    actor: Actor,
    request: SubjectRequest,
    *,
    people: Sequence[Person],
    records: Sequence[tuple[str, str]] = (),
    now: dt.datetime | None = None,
) -> tuple[list[ConfirmedPerson], list[ConfirmedRecord]]:
    """Store which people and records the registrar confirmed as the requester's.

    The subject index proposes; a person decides (legal.md §1, Art. 15: the
    answer must not harm others, Art. 15(4)). Several people may be confirmed
    when the registers hold one human twice; a homonym is left out by not
    confirming them. ``records`` names single records as (record type, id) —
    for records linked to no person, or one record of a person not confirmed
    as a whole. The new set replaces the earlier one. The evidence of each
    match (identifier kinds, record types, fields; no values) is stored with it.
    """
    if not people and not records:
        raise RequestError(_("Confirm at least one person or record."))
    now = now or timezone.now()
    proposals = discover(request)
    evidence_by_person = {p.person.pk: p.evidence for p in proposals if p.person is not None}
    evidence_by_record = {
        (e.model, e.object_id): p.evidence
        for p in proposals
        if p.person is None
        for e in p.evidence[:1]
    }
    person_ids = [p.pk for p in people]
    single: list[tuple[str, str, str, int | None]] = []
    for model_label, object_id in records:
        try:
            model = apps.get_model(model_label)
        except (LookupError, ValueError):
            raise RequestError(_("Unknown record type.")) from None
        declaration = declaration_for(model)
        if (
            declaration is None
            or declaration.subject is None
            or model_label.startswith(f"{OWN_APP}.")
        ):
            raise RequestError(_("That record holds no data about a person."))
        instance = model._default_manager.filter(pk=object_id).first()
        if instance is None:
            raise RequestError(_("A record to confirm no longer exists."))
        person_id = declaration.subject_id(instance)
        if person_id is not None and person_id in person_ids:
            continue  # the whole person is confirmed already
        single.append(
            (declaration.label, str(instance.pk), declaration.reference_of(instance), person_id)
        )
    with transaction.atomic():
        locked = _lock(request)
        _require_open(locked)
        ConfirmedPerson.objects.filter(request=locked).delete()
        ConfirmedRecord.objects.filter(request=locked).delete()
        confirmed = [
            ConfirmedPerson.objects.create(
                request=locked,
                person=person,
                evidence=evidence_summary(evidence_by_person.get(person.pk, [])),
                confirmed_at=now,
                confirmed_by=staff_user(actor),
            )
            for person in people
        ]
        single_rows = [
            ConfirmedRecord.objects.create(
                request=locked,
                person_id=person_id,
                model_label=label,
                object_id=object_id,
                record_ref=ref,
                evidence=evidence_summary(evidence_by_record.get((label, object_id), [])),
                confirmed_at=now,
                confirmed_by=staff_user(actor),
            )
            for label, object_id, ref, person_id in single
        ]
        primary = people[0].pk if people else next((r[3] for r in single if r[3]), None)
        locked.person_id = primary
        # A full save, so the subject index links the requester's identifiers to the person.
        locked.save()
        detail = f"{len(confirmed)} people, {len(single_rows)} single records"
        refs = [p.reference for p in people] or [""]
        for person_ref in refs:
            _audit(
                actor,
                EVENT_RECORDS_CONFIRMED,
                "request.records_confirmed",
                locked,
                fields=["confirmed_people", "confirmed_records"],
                detail=detail,
                person_ref=person_ref,
            )
    return confirmed, single_rows


# --- Deadlines and closing (Art. 12(3)–(5)) -------------------------------------------------------


def extend_request(
    actor: Actor,
    request: SubjectRequest,
    *,
    months: int,
    reason: str,
    now: dt.datetime | None = None,
) -> SubjectRequest:
    """Extend the due date by one or two further months, with the reasons.

    GDPR Art. 12(3): possible where necessary, taking into account the
    complexity and number of the requests; the person must be told of the
    extension and its reasons within one month of receipt. So the decision is
    refused after the first due date, and a request is extended only once.
    """
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if months not in range(1, policies.MAX_EXTENSION_MONTHS + 1):
        errors["months"] = [_("An extension is one or two further months.")]
    reason = reason.strip()
    if len(reason) < 10:
        errors["reason"] = [_("Give the reasons for the extension; the person is told them.")]
    if errors:
        raise RequestInvalid(errors)
    with transaction.atomic():
        locked = _lock(request)
        _require_open(locked)
        if locked.is_extended:
            raise RequestError(_("This request has already been extended."))
        if not policies.extension_allowed(locked.received_on, timezone.localdate(now)):
            raise RequestError(
                _(
                    "The first month ended on %(due)s: an extension must be decided and the "
                    "person told within one month of receipt (GDPR Art. 12(3))."
                )
                % {"due": formats.date_format(locked.first_due_on, "SHORT_DATE_FORMAT")}
            )
        _move(locked, RequestState.EXTENDED)
        locked.extension_months = months
        locked.extension_reason = reason
        locked.extended_at = now
        locked.extended_by = staff_user(actor)
        locked.due_on = policies.extended_due_on(locked.received_on, months)
        locked.save()
        _audit(
            actor,
            EVENT_EXTENDED,
            "request.extended",
            locked,
            fields=["extension_months", "extension_reason", "due_on"],
            detail=f"{months} months to {locked.due_on.isoformat()}",
        )
    return locked


def refuse_request(
    actor: Actor,
    request: SubjectRequest,
    *,
    ground: str,
    reasons: str,
    now: dt.datetime | None = None,
) -> SubjectRequest:
    """Refuse to act on the request, with the ground and the reasons.

    GDPR Art. 12(4): the person is told without delay, at the latest within one
    month, why no action is taken and that they may complain to the Data
    Protection Ombudsman and seek a judicial remedy (the refusal letter says
    so). Art. 12(5): a manifestly unfounded or excessive request may be refused,
    and the controller bears the burden of demonstrating it — the reasons are
    required and kept.
    """
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if ground not in RefusalGround.values:
        errors["ground"] = [_("Choose the ground for the refusal.")]
    reasons = reasons.strip()
    if len(reasons) < 20:
        errors["reasons"] = [
            _(
                "Write the reasons in full: the person is told them and we must be able to "
                "show them."
            )
        ]
    if errors:
        raise RequestInvalid(errors)
    with transaction.atomic():
        locked = _lock(request)
        _require_open(locked)
        _move(locked, RequestState.REFUSED)
        locked.refusal_ground = ground
        locked.refusal_reasons = reasons
        locked.refused_at = now
        locked.closed_at = now
        locked.closed_by = staff_user(actor)
        locked.save()
        late = "" if policies.answered_in_time(locked.due_on, timezone.localdate(now)) else ", late"
        _audit(
            actor,
            EVENT_REFUSED,
            "request.refused",
            locked,
            fields=["refusal_ground", "refusal_reasons", "closed_at"],
            detail=f"{ground}{late}",
        )
    return locked


def answer_request(
    actor: Actor,
    request: SubjectRequest,
    *,
    note: str = "",
    now: dt.datetime | None = None,
) -> SubjectRequest:
    """Record that the request was answered and close it.

    The answer is the one the request's kind needs: the access letter (Art. 15),
    the portability bundle (Art. 20), the confirmations of rectification
    (Art. 16), erasure (Art. 17), restriction (Art. 18) or of the objection's
    outcome (Art. 21). Data is given to the requester only once their identity
    is verified (Art. 12(6)); an answer that we hold no data needs a note
    instead. The answer date is compared with the due date in the audit log.
    """
    now = now or timezone.now()
    note = note.strip()
    with transaction.atomic():
        locked = _lock(request)
        _require_open(locked)
        has_data = (
            ConfirmedPerson.objects.filter(request=locked).exists()
            or ConfirmedRecord.objects.filter(request=locked).exists()
        )
        if not has_data and not note:
            raise RequestInvalid(
                {
                    "note": [
                        _(
                            "No records are confirmed: say what was answered (e.g. that we "
                            "hold no data)."
                        )
                    ]
                }
            )
        if has_data and not locked.is_marketing_objection:
            _require_identity(locked)
        problem = _kind_incomplete(locked)
        if problem and not note:
            raise RequestInvalid({"note": [problem]})
        _move(locked, RequestState.ANSWERED)
        locked.answer_note = note
        locked.answered_at = now
        locked.closed_at = now
        locked.closed_by = staff_user(actor)
        locked.save()
        late = "" if policies.answered_in_time(locked.due_on, timezone.localdate(now)) else ", late"
        _audit(
            actor,
            EVENT_ANSWERED,
            "request.answered",
            locked,
            fields=["answered_at", "closed_at", *(["answer_note"] if note else [])],
            detail=f"{locked.kind}{late}",
        )
    return locked


def _kind_incomplete(request: SubjectRequest) -> str:
    """Return why the kind's own step is missing (answering then needs a note), or ""."""
    if request.kind == RequestKind.RECTIFICATION and not request.rectifications.exists():
        return _("Nothing was rectified: say why (e.g. the data was already correct).")
    if request.kind == RequestKind.RESTRICTION and not request.restrictions.exists():
        return _("Nothing was restricted: say why.")
    if request.kind == RequestKind.OBJECTION and not request.objection_decision:
        return _("The objection has no outcome yet: record it first, or say why not.")
    return ""


def withdraw_request(
    actor: Actor, request: SubjectRequest, *, note: str, now: dt.datetime | None = None
) -> SubjectRequest:
    """Close a request the requester withdrew; the note says how and when they said so."""
    note = note.strip()
    if not note:
        raise RequestInvalid({"note": [_("Say how the requester withdrew the request.")]})
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(request)
        _require_open(locked)
        _move(locked, RequestState.WITHDRAWN)
        locked.withdrawn_at = now
        locked.withdrawal_note = note
        locked.closed_at = now
        locked.closed_by = staff_user(actor)
        locked.save()
        _audit(
            actor,
            EVENT_WITHDRAWN,
            "request.withdrawn",
            locked,
            fields=["withdrawn_at", "withdrawal_note", "closed_at"],
        )
    return locked
