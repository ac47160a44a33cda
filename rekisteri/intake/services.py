"""Use cases of the public request form: submit, then confirm the e-mail address.

A person who is not logged in asks to use their rights (GDPR Art. 15–21) through
the form. The controller must make that easy (Art. 12(2)) and must be able to
trust that the answer goes to the right person (Art. 12(6)), so the form works
in two steps:

1. :func:`submit_request` stores the submission as a
   :class:`~rekisteri.intake.models.PendingSubmission` and e-mails a signed link
   that works for 24 hours (``django.core.signing``, salt
   :data:`~rekisteri.intake.policies.LINK_SALT`). Nobody is looked up: the work
   and the answer are the same whether or not the shop knows the address (no
   enumeration, OWASP ASVS 5.0 6.3.8 by analogy).
2. :func:`confirm_submission` runs when the link is used. It creates the request
   for the registrar with :func:`rekisteri.dsr.services.receive_request` (channel
   "web"), records when the address was confirmed, and deletes the submission,
   all in one transaction; a second use finds nothing to confirm.

A confirmed address shows that the requester controls the mailbox, not who they
are: the registrar still checks the identity as for any request (Art. 12(6)).
Each step writes its audit event (``public_request.submitted``,
``public_request.verified``) with field names only; the actor is the form
(:data:`WEB_FORM`, shown as ``web-form``). E-mails are sent after the commit.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.dsr.models import ObjectionScope, ReplyLanguage, RequestChannel, RequestKind
from rekisteri.dsr.services import RequestInput, receive_request
from rekisteri.intake import policies
from rekisteri.intake.models import PendingSubmission
from rekisteri.intake.texts import kind_title
from rekisteri.notices.queries import get_controller_settings
from rekisteri.privacy.identifiers import normalise_email

logger = logging.getLogger(__name__)

Actor = AbstractBaseUser | AnonymousUser | None


class WebFormActor(AnonymousUser):
    """The public request form as an actor: not a staff user; the audit log shows its label."""

    audit_label = "web-form"


WEB_FORM = WebFormActor()


class IntakeError(Exception):
    """A use case of the form refused; views turn each subclass into its own page."""


class SubmissionInvalid(IntakeError):
    """The submission misses what the form should have required (a programming error)."""


class MessageNotSent(IntakeError):
    """The confirmation message could not be handed to the mail server."""


class LinkInvalid(IntakeError):
    """The link was not made by us (tampered or truncated)."""


class LinkExpired(IntakeError):
    """The link is older than :data:`~rekisteri.intake.policies.LINK_LIFETIME`."""

    def __init__(self, language: str) -> None:
        super().__init__("link expired")
        self.language = language


class LinkUsed(IntakeError):
    """The link was already used: its submission became a request and is gone."""


@dataclass(frozen=True)
class Submission:
    """What the person typed into the form, already validated by the form."""

    kind: str
    requester_name: str
    requester_email: str
    language: str
    objection_scope: str = ""
    requester_phone: str = ""
    customer_number: str = ""
    order_number: str = ""
    description: str = ""


@dataclass(frozen=True)
class LinkPayload:
    """What a valid link carries: the submission's key and the language of its pages."""

    key: str
    language: str


@dataclass(frozen=True)
class ConfirmedRequest:
    """What the confirmation page shows: the new request's reference and due date."""

    reference: str
    kind: str
    received_at: dt.datetime
    due_on: dt.date
    language: str


# --- The signed link --------------------------------------------------------------------------


def make_link_token(key: str, language: str) -> str:
    """Return the signed, timestamped token of a submission's confirmation link."""
    return signing.dumps({"k": key, "l": language}, salt=policies.LINK_SALT)


def _language(value: object) -> str:
    return value if isinstance(value, str) and value in ReplyLanguage.values else ""


def read_link_token(token: str) -> LinkPayload:
    """Return what a link carries, or raise :class:`LinkInvalid` / :class:`LinkExpired`.

    An expired link still tells its language (the signature is checked again
    without the age limit), so the page saying so is in the requester's language.
    """
    try:
        payload = signing.loads(token, salt=policies.LINK_SALT, max_age=policies.LINK_LIFETIME)
    except signing.SignatureExpired:
        try:
            old = signing.loads(token, salt=policies.LINK_SALT)
        except signing.BadSignature:  # pragma: no cover - expired implies well signed
            raise LinkInvalid("bad signature") from None
        language = _language(old.get("l")) if isinstance(old, dict) else ""
        raise LinkExpired(language) from None
    except (signing.BadSignature, ValueError):
        raise LinkInvalid("bad signature") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("k"), str):
        raise LinkInvalid("unexpected payload")
    return LinkPayload(key=payload["k"], language=_language(payload.get("l")) or "fi")


# --- E-mail -------------------------------------------------------------------------------------


def _message(template: str, context: dict[str, object], to: str, language: str) -> EmailMessage:
    with translation.override(language):
        full = {**context, "shop": get_controller_settings().name}
        subject = render_to_string(f"intake/{template}_subject.txt", full)
        body = render_to_string(f"intake/{template}.txt", full)
    return EmailMessage(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to], headers=_HEADERS
    )


#: Automatic messages: no out-of-office replies back to the shop (RFC 3834).
_HEADERS = {"Auto-Submitted": "auto-generated"}


def _send_confirmation(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception as exc:  # any failure of the mail server or its connection
        logger.warning("request-form confirmation not sent: %s", type(exc).__name__)
        raise MessageNotSent(type(exc).__name__) from None


def _send_receipt(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception as exc:  # the page already showed the reference; log and go on
        logger.warning("request-form receipt not sent: %s", type(exc).__name__)


# --- Use cases ---------------------------------------------------------------------------------


def _check(data: Submission) -> None:
    problems = []
    if data.kind not in RequestKind.values:
        problems.append("kind")
    if data.kind == RequestKind.OBJECTION and data.objection_scope not in ObjectionScope.values:
        problems.append("objection_scope")
    if not data.requester_name.strip():
        problems.append("requester_name")
    if normalise_email(data.requester_email) is None:
        problems.append("requester_email")
    if data.language not in ReplyLanguage.values:
        problems.append("language")
    if problems:
        raise SubmissionInvalid(", ".join(problems))


def submit_request(
    actor: Actor,
    data: Submission,
    *,
    link_for: Callable[[str], str],
    now: dt.datetime | None = None,
) -> PendingSubmission:
    """Store a request-form submission and e-mail its confirmation link.

    Nothing is looked up: whether the shop knows the address or the person
    makes no difference to what is stored, sent or shown (no enumeration). The
    link works for 24 hours (:data:`~rekisteri.intake.policies.LINK_LIFETIME`);
    an unconfirmed submission is deleted by the retention purge after 7 days
    (rule ``unverified_requests``; GDPR Art. 5(1)(c), 5(1)(e)). The message is
    in the language of the form and carries no text the sender typed, so the
    form cannot be used to send someone else arbitrary text. ``link_for`` turns
    a token into the absolute address of the confirmation page. The message is
    sent once the submission is committed (call this outside a transaction);
    :class:`MessageNotSent` is raised when the mail server refuses it (the
    submission stays, unconfirmable, until the purge).
    """
    _check(data)
    now = now or timezone.now()
    key = secrets.token_urlsafe(24)
    email = normalise_email(data.requester_email) or ""
    values = {
        "kind": data.kind,
        "objection_scope": data.objection_scope if data.kind == RequestKind.OBJECTION else "",
        "requester_name": " ".join(data.requester_name.split()),
        "requester_email": email,
        "requester_phone": data.requester_phone.strip(),
        "customer_number": data.customer_number.strip(),
        "order_number": data.order_number.strip(),
        "description": data.description.strip(),
        "language": data.language,
    }
    message = _message(
        "confirm_email",
        {
            "link": link_for(make_link_token(key, data.language)),
            "kind": kind_title(data.kind),
            "hours": int(policies.LINK_LIFETIME.total_seconds() // 3600),
        },
        email,
        data.language,
    )
    with transaction.atomic():
        pending = PendingSubmission.objects.create(
            key_digest=policies.key_digest(key), submitted_at=now, **values
        )
        record_event(
            actor,
            EventType.PUBLIC_REQUEST_SUBMITTED,
            target=pending,
            fields=[name for name, value in values.items() if value],
            reason=f"public_request.submitted {data.kind} {data.language}",
        )
    # Sent after the commit, not in an on_commit hook: the page must say whether it went.
    _send_confirmation(message)
    return pending


def confirm_submission(
    actor: Actor, link: LinkPayload, *, now: dt.datetime | None = None
) -> ConfirmedRequest:
    """Turn a confirmed submission into a data-subject request for the registrar.

    The request is received through the web channel with the identifiers as
    given; its one-month clock (GDPR Art. 12(3)) runs from when the form was
    sent — the earlier, more protective moment, at most a day before the
    confirmation. The time of the confirmation is stored on the request
    (``email_confirmed_at``) for the registrar. It proves control of the
    address, not identity (Art. 12(6)). The submission is deleted in the same
    transaction, so a second use of the link raises :class:`LinkUsed`. A
    receipt with the reference and the due date is e-mailed after the commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        pending = (
            PendingSubmission.objects.select_for_update()
            .filter(key_digest=policies.key_digest(link.key))
            .first()
        )
        if pending is None:
            raise LinkUsed("no submission")
        if policies.link_expired(pending.submitted_at, now):
            raise LinkExpired(pending.language)
        request = receive_request(
            actor,
            RequestInput(
                kind=pending.kind,
                objection_scope=pending.objection_scope,
                channel=RequestChannel.WEB,
                requester_name=pending.requester_name,
                requester_email=pending.requester_email,
                requester_phone=pending.requester_phone,
                customer_number=pending.customer_number,
                order_number=pending.order_number,
                language=pending.language,
                description=pending.description,
                received_at=pending.submitted_at,
                email_confirmed_at=now,
            ),
            now=now,
            allow_web=True,
        )
        record_event(
            actor,
            EventType.PUBLIC_REQUEST_VERIFIED,
            target=request,
            fields=["requester_email", "email_confirmed_at"],
            reason=f"public_request.verified {request.reference}",
        )
        pending.delete()
        with translation.override(request.language):
            due = formats.date_format(request.due_on, "DATE_FORMAT")
            received = formats.date_format(timezone.localtime(request.received_at), "DATE_FORMAT")
        receipt = _message(
            "receipt_email",
            {
                "reference": request.reference,
                "kind": kind_title(request.kind),
                "received": received,
                "due": due,
            },
            request.requester_email,
            request.language,
        )
        transaction.on_commit(lambda: _send_receipt(receipt), robust=True)
    return ConfirmedRequest(
        reference=request.reference,
        kind=request.kind,
        received_at=request.received_at,
        due_on=request.due_on,
        language=request.language,
    )
