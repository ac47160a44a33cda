"""The web shop's operations: orders, accounts, cookie choices (scope ``webshop:write``)
and marketing opt-in and opt-out (scope ``consent:write``).

Each operation calls the register's or the consent app's service, which
validates, saves and writes the audit event in one transaction; the actor is
the API client (``api:<name>``).
"""

# No ``from __future__ import annotations`` here: ninja reads the parameter types of
# the views wrapped by ``sensitive_variables`` from the wrapper's module, so they
# must be real types, not strings.
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from ninja import Header, Router, Status

from rekisteri.api.auth import ApiKey, actor_of
from rekisteri.api.errors import ApiError, errors
from rekisteri.api.idempotency import run_once
from rekisteri.api.routes.common import account_by_reference, subject_of
from rekisteri.api.schemas import (
    AccountIn,
    AccountOut,
    AccountPatch,
    CookieChoiceIn,
    CookieChoiceOut,
    OptInIn,
    OptInOut,
    OptOutIn,
    OptOutOut,
    OrderIn,
    OrderOut,
)
from rekisteri.api.scopes import Scope
from rekisteri.audit.records import save_record
from rekisteri.consent.models import ConsentChannel, ConsentText
from rekisteri.consent.policies import purpose_of_channel
from rekisteri.consent.services import ConsentError, grant_consent, opt_out_of_marketing
from rekisteri.registers.webshop.models import CookieConsent, Order, WebshopAccount
from rekisteri.registers.webshop.services import (
    Address,
    LineInput,
    UsernameTaken,
    WebshopError,
    create_webshop_account,
    place_order,
    record_cookie_choice,
    set_webshop_password,
    update_webshop_account,
)
from rekisteri.subjects.models import Person

router = Router(tags=["web shop"])

WEBSHOP = ApiKey(Scope.WEBSHOP_WRITE)
CONSENT = ApiKey(Scope.CONSENT_WRITE)


def _invalid(exc: Exception) -> ApiError:
    return ApiError(422, "invalid", str(exc))


def order_body(order: Order) -> dict[str, Any]:
    return {
        "reference": order.reference,
        "number": order.number or "",
        "person": order.person.reference,
        "status": order.status,
        "ordered_at": order.ordered_at.isoformat(),
        "shipping_amount": str(order.shipping_amount),
        "total_amount": str(order.total_amount),
        "lines": [
            {
                "product_name": line.product_name,
                "sku": line.sku,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
            }
            for line in order.lines.all()
        ],
    }


def _address(data: Any) -> Address:
    return Address(
        name=data.name,
        street=data.street,
        postal_code=data.postal_code,
        city=data.city,
        country=data.country,
    )


def _new_person(request: HttpRequest, first_name: str, last_name: str) -> Person:
    return save_record(
        actor_of(request),
        Person(first_name=first_name.strip(), last_name=last_name.strip()),
        reason="api",
    )


@router.post(
    "/orders",
    auth=WEBSHOP,
    response={201: OrderOut, **errors(404, 409, 422)},
    summary="Place a web-shop order",
    description=(
        "Scope `webshop:write`. Records the order with its lines, delivery and billing "
        "addresses and the customer's IP address. Needs an `Idempotency-Key` header: a retry "
        "with the same key and body returns the first answer and creates no second order; the "
        "same key with another body is refused (422 `idempotency_key_reused`). Keys are kept "
        "for one day."
    ),
)
def create_order(
    request: HttpRequest,
    payload: OrderIn,
    idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=255)],
) -> Any:
    actor = actor_of(request)
    account = account_by_reference(payload.account) if payload.account else None

    def action() -> tuple[int, dict[str, Any]]:
        if account is not None:
            person = account.person
        else:
            customer = payload.customer
            name = (customer.first_name, customer.last_name) if customer else ("", "")
            if not any(part.strip() for part in name):
                first, _sep, last = payload.delivery.name.strip().partition(" ")
                name = (first, last)
            person = _new_person(request, *name)
        try:
            order = place_order(
                actor,
                person=person,
                account=account,
                lines=[
                    LineInput(
                        product_name=line.product_name,
                        unit_price=line.unit_price,
                        quantity=line.quantity,
                        sku=line.sku,
                    )
                    for line in payload.lines
                ],
                delivery=_address(payload.delivery),
                billing=_address(payload.billing) if payload.billing else None,
                ip_address=payload.client_ip,
                email=payload.email,
                phone=payload.phone,
                comment=payload.comment,
                shipping_amount=payload.shipping_amount,
            )
        except WebshopError as exc:
            raise _invalid(exc) from None
        return 201, order_body(order)

    result = run_once(actor.client, idempotency_key, payload.model_dump(mode="json"), action)
    response_status = result.status
    return Status(response_status, result.body)


def account_body(account: WebshopAccount) -> dict[str, Any]:
    return {
        "reference": account.reference,
        "person": account.person.reference,
        "username": account.username or "",
        "email": account.email,
        "is_active": account.is_active,
        "created_at": account.created_at,
    }


@router.post(
    "/accounts",
    auth=WEBSHOP,
    response={201: AccountOut, **errors(409, 422)},
    summary="Open a web-shop account",
    description=(
        "Scope `webshop:write`. The password is write-only: it is checked for strength, "
        "hashed with Argon2id and never stored in clear, returned or logged. A new person is "
        "recorded for the account. 409 `username_taken` when the username is in use."
    ),
)
@sensitive_variables("payload", "password")
@sensitive_post_parameters()
def create_account(request: HttpRequest, payload: AccountIn) -> Any:
    actor = actor_of(request)
    password = payload.password.get_secret_value()
    try:
        with transaction.atomic():
            person = _new_person(request, payload.first_name, payload.last_name)
            account = create_webshop_account(
                actor,
                person=person,
                username=payload.username,
                email=payload.email,
                password=password,
            )
    except UsernameTaken as exc:
        raise ApiError(409, "username_taken", str(exc)) from None
    except WebshopError as exc:
        raise _invalid(exc) from None
    return Status(201, account_body(account))


@router.patch(
    "/accounts/{reference}",
    auth=WEBSHOP,
    response={200: AccountOut, **errors(404, 422)},
    summary="Update a web-shop account",
    description=(
        "Scope `webshop:write`. Change the e-mail, close or reopen the account, or set a new "
        "password (write-only, hashed with Argon2id). Fields left out stay as they are."
    ),
)
@sensitive_variables("payload", "password")
@sensitive_post_parameters()
def patch_account(request: HttpRequest, reference: str, payload: AccountPatch) -> Any:
    actor = actor_of(request)
    account = account_by_reference(reference)
    try:
        with transaction.atomic():
            if payload.email is not None or payload.is_active is not None:
                update_webshop_account(
                    actor,
                    account,
                    email=account.email if payload.email is None else payload.email,
                    is_active=account.is_active if payload.is_active is None else payload.is_active,
                )
            if payload.password is not None:
                password = payload.password.get_secret_value()
                set_webshop_password(actor, account, password=password)
    except WebshopError as exc:
        raise _invalid(exc) from None
    account.refresh_from_db()
    return account_body(account)


@router.post(
    "/cookie-choices",
    auth=WEBSHOP,
    response={201: CookieChoiceOut, **errors(404, 422)},
    summary="Record a cookie-banner choice",
    description=(
        "Scope `webshop:write`. Logs the visitor's choice per purpose as proof of consent "
        "(GDPR Art. 7(1); 917/2014 205 §). Purposes not mentioned are refused; strictly "
        "necessary cookies are always on. No IP address is stored. Give `account` only when "
        "the visitor was logged in."
    ),
)
def create_cookie_choice(request: HttpRequest, payload: CookieChoiceIn) -> Any:
    actor = actor_of(request)
    person = account_by_reference(payload.account).person if payload.account else None
    try:
        consent: CookieConsent = record_cookie_choice(
            actor,
            banner_version=payload.banner_version,
            choices=payload.choices,
            pseudonymous_id=payload.pseudonymous_id or None,
            person=person,
        )
    except WebshopError as exc:
        raise _invalid(exc) from None
    return Status(
        201,
        {
            "reference": consent.reference,
            "pseudonymous_id": consent.pseudonymous_id,
            "banner_version": consent.banner_version,
            "choices": consent.choices,
            "chosen_at": consent.chosen_at,
        },
    )


@router.post(
    "/marketing/opt-in",
    auth=CONSENT,
    response={201: OptInOut, **errors(404, 409, 422)},
    summary="Record a marketing consent",
    description=(
        "Scope `consent:write`. Records the person's consent to the current published consent "
        "text of the channel in the given language (GDPR Art. 7(1); 917/2014 200 §), with the "
        "evidence, IP address and browser. 409 `no_consent_text` when no text is published."
    ),
)
def marketing_opt_in(request: HttpRequest, payload: OptInIn) -> Any:
    actor = actor_of(request)
    person = subject_of(payload.account, payload.person)
    text = (
        ConsentText.objects.filter(
            purpose=purpose_of_channel(payload.channel), language=payload.language
        )
        .order_by("-version")
        .first()
    )
    if text is None:
        raise ApiError(
            409,
            "no_consent_text",
            _("No consent text is published for this channel and language."),
        )
    try:
        consent = grant_consent(
            actor,
            person,
            text,
            channel=ConsentChannel.WEBSITE,
            evidence=payload.evidence,
            ip_address=payload.ip_address,
            user_agent=payload.user_agent,
        )
    except ConsentError as exc:
        raise _invalid(exc) from None
    return Status(
        201,
        {
            "reference": consent.reference,
            "person": person.reference,
            "channel": payload.channel,
            "text_version": text.version,
            "given_at": consent.given_at,
        },
    )


@router.post(
    "/marketing/opt-out",
    auth=CONSENT,
    response={200: OptOutOut, **errors(404, 422)},
    summary="Record a marketing opt-out",
    description=(
        "Scope `consent:write`. Withdraws consents and marks the channels opted out (all "
        "channels when `channels` is left out): as easy as giving consent (GDPR Art. 7(3), "
        "21(3))."
    ),
)
def marketing_opt_out(request: HttpRequest, payload: OptOutIn) -> Any:
    actor = actor_of(request)
    person = subject_of(payload.account, payload.person)
    try:
        preferences = opt_out_of_marketing(
            actor,
            person,
            channels=list(payload.channels) if payload.channels else None,
            via=ConsentChannel.WEBSITE,
        )
    except ConsentError as exc:
        raise _invalid(exc) from None
    return {"person": person.reference, "opted_out": [p.channel for p in preferences]}
