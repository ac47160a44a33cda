"""Data-subject requests (scopes ``requests:write``, ``requests:read``), the access
bundle of a confirmed request (scope ``access:read``) and disclosures (scope
``disclosures:write``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from rekisteri.access.requests import resolve_request
from rekisteri.access.services import download_portability_bundle
from rekisteri.api.auth import ApiKey, actor_of
from rekisteri.api.errors import ApiError, errors
from rekisteri.api.routes.common import person_by_reference
from rekisteri.api.schemas import DisclosureIn, DisclosureOut, Language, RequestIn, RequestOut
from rekisteri.api.scopes import Scope
from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.disclosures.models import Recipient
from rekisteri.disclosures.services import DisclosureError, record_disclosure
from rekisteri.dsr.models import RequestChannel, RequestKind, SubjectRequest
from rekisteri.dsr.queries import RequestNotFound, get_request, identity_verified
from rekisteri.dsr.services import RequestError, RequestInput, RequestInvalid, receive_request

router = Router(tags=["requests and disclosures"])

REQUESTS_WRITE = ApiKey(Scope.REQUESTS_WRITE)
REQUESTS_READ = ApiKey(Scope.REQUESTS_READ)
ACCESS = ApiKey(Scope.ACCESS_READ)
DISCLOSURES = ApiKey(Scope.DISCLOSURES_WRITE)


def request_body(item: SubjectRequest) -> dict[str, Any]:
    return {
        "reference": item.reference,
        "kind": item.kind,
        "channel": item.channel,
        "state": item.state,
        "received_at": item.received_at,
        "due_on": item.due_on,
        "extended": item.is_extended,
        "closed_at": item.closed_at,
    }


def _request_or_404(reference: str) -> SubjectRequest:
    try:
        return get_request(reference)
    except RequestNotFound:
        raise ApiError(404, "request_not_found", _("No request has this reference.")) from None


@router.post(
    "/requests",
    auth=REQUESTS_WRITE,
    response={201: RequestOut, **errors(422)},
    summary="Submit a data-subject request",
    description=(
        "Scope `requests:write`. Registers a request received through the website (channel "
        "`web`); its one-month clock starts now (GDPR Art. 12(3)). The registrar then checks "
        "the requester's identity in the staff app (Art. 12(6)). Errors name the fields."
    ),
)
def create_request(request: HttpRequest, payload: RequestIn) -> Any:
    try:
        item = receive_request(
            actor_of(request),
            RequestInput(
                kind=payload.kind,
                channel=RequestChannel.WEB,
                requester_name=payload.requester_name,
                requester_email=payload.requester_email,
                requester_phone=payload.requester_phone,
                customer_number=payload.customer_number,
                order_number=payload.order_number,
                reply_address=payload.reply_address,
                language=payload.language,
                description=payload.description,
                objection_scope=payload.objection_scope,
            ),
            allow_web=True,
        )
    except RequestInvalid as exc:
        fields = {name or "__all__": messages for name, messages in exc.errors.items()}
        raise ApiError(422, "invalid", None, fields=fields) from None
    except RequestError as exc:
        raise ApiError(422, "invalid", str(exc)) from None
    return Status(201, request_body(item))


@router.get(
    "/requests/{reference}",
    auth=REQUESTS_READ,
    response={200: RequestOut, **errors(404)},
    summary="Read a request's status",
    description=(
        "Scope `requests:read`. The request's state and due date (one month from receipt, or "
        "later when extended under GDPR Art. 12(3)). Audited as a view of the request."
    ),
)
def read_request(request: HttpRequest, reference: str) -> Any:
    item = _request_or_404(reference)
    with transaction.atomic():
        record_event(
            actor_of(request),
            EventType.RECORD_VIEWED,
            target=item,
            person_ref=item.person.reference if item.person else "",
            reason=f"request.viewed {item.reference}",
        )
    return request_body(item)


@router.get(
    "/requests/{reference}/bundle",
    auth=ACCESS,
    response={**errors(404, 409, 422)},
    openapi_extra={
        "responses": {
            200: {
                "description": "The portability bundle (JSON and CSV files with a manifest).",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
    summary="Download the access bundle of a request",
    description=(
        "Scope `access:read`. The machine-readable bundle (GDPR Art. 15(3), 20) of an access "
        "or portability request whose requester's identity the registrar has verified and "
        "whose people the registrar has confirmed; until then 409 `request_not_ready`. Each "
        "download is audited per person (`export.downloaded`)."
    ),
)
def download_bundle(
    request: HttpRequest, reference: str, language: Query[Language | None] = None
) -> Any:
    item = _request_or_404(reference)
    if item.kind not in (RequestKind.ACCESS, RequestKind.PORTABILITY):
        raise ApiError(
            409, "request_not_ready", _("Only an access or portability request has a bundle.")
        )
    info = resolve_request(item.reference)
    if info is None or not identity_verified(item) or not info.people:
        raise ApiError(
            409,
            "request_not_ready",
            _("The registrar has not yet verified the requester and confirmed their records."),
        )
    chosen = language or info.language or item.language or "fi"
    content = download_portability_bundle(
        actor_of(request),
        people=list(info.people),
        language=chosen,
        request_ref=info.reference,
        today=timezone.localdate(),
        records=info.records,
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="portability-{item.reference}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@router.post(
    "/disclosures",
    auth=DISCLOSURES,
    response={201: DisclosureOut, **errors(404, 422)},
    summary="Record a disclosure",
    description=(
        "Scope `disclosures:write`. Logs that the person's data in the given categories went "
        "to a recipient of the recipient register (GDPR Art. 5(2), 30(1)(d)); the person sees "
        "it in their access report (Art. 15(1)(c)). A restricted person's data may be "
        "disclosed only on consent or a legal obligation (Art. 18(2))."
    ),
)
def create_disclosure(request: HttpRequest, payload: DisclosureIn) -> Any:
    person = person_by_reference(payload.person)
    recipient = Recipient.objects.filter(reference=payload.recipient).first()
    if recipient is None:
        raise ApiError(404, "recipient_not_found", _("No recipient has this reference."))
    if payload.disclosed_on > timezone.localdate() + dt.timedelta(days=1):
        raise ApiError(
            422,
            "invalid",
            fields={"disclosed_on": [_("A disclosure cannot be dated in the future.")]},
        )
    try:
        disclosure = record_disclosure(
            actor_of(request),
            person=person,
            recipient=recipient,
            basis=payload.basis,
            categories=list(payload.categories),
            disclosed_on=payload.disclosed_on,
            reference=payload.reference,
        )
    except DisclosureError as exc:
        raise ApiError(422, "invalid", str(exc)) from None
    return Status(
        201,
        {
            "reference": disclosure.reference,
            "person": person.reference,
            "recipient": recipient.reference,
            "basis": disclosure.basis,
            "categories": list(disclosure.categories),
            "disclosed_on": disclosure.disclosed_on,
        },
    )
