"""Use cases of the web-shop register: accounts, orders and cookie choices.

Every function that changes data runs in one transaction and writes its audit
event (field names only) in that transaction. The web shop's API, the staff
screens and the command line all call these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length, Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from rekisteri.audit.models import EventType
from rekisteri.audit.records import Actor, person_ref_of, save_record
from rekisteri.audit.services import record_event
from rekisteri.privacy.identifiers import normalise_email, normalise_ip, normalise_phone
from rekisteri.privacy.retention import add_months, get_rule, retention_ends_on
from rekisteri.registers.webshop.models import (
    CookieConsent,
    CookiePurpose,
    Order,
    OrderLine,
    OrderStatus,
    WebshopAccount,
)
from rekisteri.subjects.models import Person

if TYPE_CHECKING:
    from django.contrib.auth.password_validation import PasswordValidator

#: Web-shop passwords are at least this long (OWASP ASVS 6.2.1 asks for 8; we ask more).
MIN_PASSWORD_LENGTH = 10
#: The cookie banner is shown again this many months after a choice (legal.md §2.7, §4 row 15).
ORDER_NUMBER_PREFIX = "VK"

_PASSWORD_VALIDATORS: list[PasswordValidator] = [
    password_validation.MinimumLengthValidator(min_length=MIN_PASSWORD_LENGTH),
    password_validation.CommonPasswordValidator(),
    password_validation.NumericPasswordValidator(),
]


class WebshopError(Exception):
    """A web-shop use case refused its input; the message is fit for staff and customers."""


class UsernameTaken(WebshopError):
    pass


class WeakPassword(WebshopError):
    pass


class InvalidOrder(WebshopError):
    pass


class InvalidStatusChange(WebshopError):
    pass


class InvalidCookieChoice(WebshopError):
    pass


# --- Accounts ------------------------------------------------------------------------


def _argon2() -> Argon2PasswordHasher:
    # Named explicitly, not taken from PASSWORD_HASHERS: customer passwords are
    # always Argon2id whatever the staff-login settings say (legal.md §3 Art. 32).
    return Argon2PasswordHasher()


@sensitive_variables("password")
def hash_webshop_password(password: str) -> str:
    """Return the Argon2id hash of ``password`` after checking it is strong enough."""
    try:
        password_validation.validate_password(password, password_validators=_PASSWORD_VALIDATORS)
    except ValidationError as exc:
        raise WeakPassword(" ".join(exc.messages)) from None
    return make_password(password, hasher=_argon2())


def _clean_username(username: str) -> str:
    cleaned = username.strip()
    if not cleaned:
        raise WebshopError(_("Enter a username."))
    return cleaned


def _username_taken(username: str, *, excluding: int | None = None) -> bool:
    others = WebshopAccount.objects.annotate(lower_username=Lower("username")).filter(
        lower_username=username.lower()
    )
    if excluding is not None:
        others = others.exclude(pk=excluding)
    return others.exists()


def _clean_email(email: str) -> str:
    if not email:
        return ""
    normalised = normalise_email(email)
    if normalised is None:
        raise WebshopError(_("Enter a valid e-mail address."))
    return email.strip()


@sensitive_variables("password")
def create_webshop_account(
    actor: Actor, *, person: Person, username: str, email: str, password: str
) -> WebshopAccount:
    """Open a web-shop account; only the Argon2id hash of the password is stored.

    The account is needed to perform the web-shop contract (GDPR Art. 6(1)(b));
    the password itself is never stored or logged (GDPR Art. 32(1)(a),
    legal.md §4 row 8).
    """
    username = _clean_username(username)
    account = WebshopAccount(
        person=person,
        username=username,
        email=_clean_email(email),
        password_hash=hash_webshop_password(password),
    )
    with transaction.atomic():
        if _username_taken(username):
            raise UsernameTaken(_("This username is already taken."))
        try:
            with transaction.atomic():
                save_record(
                    actor,
                    account,
                    changed=["person", "username", "email", "password_hash", "is_active"],
                )
        except IntegrityError:
            raise UsernameTaken(_("This username is already taken.")) from None
    return account


@sensitive_variables("password")
def set_webshop_password(actor: Actor, account: WebshopAccount, *, password: str) -> WebshopAccount:
    """Replace the account's password hash (GDPR Art. 32(1)(a): Argon2id, never in clear)."""
    account.password_hash = hash_webshop_password(password)
    with transaction.atomic():
        account.save(update_fields=["password_hash"])
        _record_update(actor, account, ["password_hash"], reason="password set")
    return account


@sensitive_variables("password")
def check_webshop_password(account: WebshopAccount, password: str) -> bool:
    """Return whether ``password`` matches the account's hash; inactive accounts never match."""
    if not account.is_active or not account.password_hash or not password:
        return False
    hasher = _argon2()
    if not account.password_hash.startswith(f"{hasher.algorithm}$"):
        return False
    return bool(hasher.verify(password, account.password_hash))


def record_webshop_login(
    actor: Actor, account: WebshopAccount, *, at: dt.datetime | None = None
) -> WebshopAccount:
    """Note a successful login; it restarts the account's retention clock (legal.md §4 row 8)."""
    account.last_login_at = at or timezone.now()
    with transaction.atomic():
        account.save(update_fields=["last_login_at"])
        _record_update(actor, account, ["last_login_at"])
    return account


def update_webshop_account(
    actor: Actor, account: WebshopAccount, *, email: str, is_active: bool
) -> WebshopAccount:
    """Correct the account's e-mail or close/reopen it (GDPR Art. 16 rectification)."""
    email = _clean_email(email)
    changed = [
        name
        for name, value in (("email", email), ("is_active", is_active))
        if getattr(account, name) != value
    ]
    if not changed:
        return account
    account.email = email
    account.is_active = is_active
    with transaction.atomic():
        account.save(update_fields=changed)
        _record_update(actor, account, changed)
    return account


def _record_update(
    actor: Actor, instance: WebshopAccount | Order, fields: Iterable[str], reason: str = ""
) -> None:
    record_event(
        actor,
        EventType.RECORD_UPDATED,
        target=instance,
        target_ref=instance.reference,
        person_ref=person_ref_of(instance),
        fields=list(fields),
        reason=reason,
    )


# --- Orders ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    """A delivery or billing address as the customer typed it."""

    name: str
    street: str
    postal_code: str
    city: str
    country: str = "FI"


@dataclass(frozen=True)
class LineInput:
    product_name: str
    unit_price: Decimal
    quantity: int = 1
    sku: str = ""


def format_order_number(year: int, sequence: int) -> str:
    """Return the customer-facing order number, e.g. ``VK-2026-00042``."""
    return f"{ORDER_NUMBER_PREFIX}-{year}-{sequence:05d}"


def next_order_number(year: int, latest: str | None) -> str:
    """Return the number after ``latest`` (the year's highest so far, or ``None``)."""
    sequence = int(latest.rsplit("-", 1)[1]) + 1 if latest else 1
    return format_order_number(year, sequence)


def _latest_order_number(year: int) -> str | None:
    prefix = f"{ORDER_NUMBER_PREFIX}-{year}-"
    return (
        Order.objects.filter(number__startswith=prefix)
        # By length first: "VK-2026-100000" sorts below "VK-2026-99999" as text.
        .order_by(Length("number").desc(), "-number")
        .values_list("number", flat=True)
        .first()
    )


def _validate_address(address: Address, *, billing: bool) -> None:
    if not address.name.strip() or not address.street.strip() or not address.city.strip():
        if billing:
            raise InvalidOrder(_("The billing address needs a name, street and city."))
        raise InvalidOrder(_("The delivery address needs a name, street and city."))
    country = address.country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise InvalidOrder(_("Give the country as a two-letter code, e.g. FI."))
    postal = address.postal_code.strip()
    if country == "FI" and not (len(postal) == 5 and postal.isdigit()):
        raise InvalidOrder(_("A Finnish postal code has five digits, e.g. 40100."))


def _validate_lines(lines: Sequence[LineInput]) -> None:
    if not lines:
        raise InvalidOrder(_("An order needs at least one line."))
    for line in lines:
        if not line.product_name.strip():
            raise InvalidOrder(_("Every order line needs a product name."))
        if line.quantity < 1:
            raise InvalidOrder(_("The quantity of a line must be at least 1."))
        if line.unit_price < 0:
            raise InvalidOrder(_("A unit price cannot be negative."))


def order_total(lines: Sequence[LineInput], shipping_amount: Decimal = Decimal("0")) -> Decimal:
    """Return the order's total, VAT included: lines plus shipping."""
    total = sum((line.unit_price * line.quantity for line in lines), Decimal("0"))
    return (total + shipping_amount).quantize(Decimal("0.01"))


def place_order(
    actor: Actor,
    *,
    person: Person,
    lines: Sequence[LineInput],
    delivery: Address,
    billing: Address | None = None,
    ip_address: str | None = None,
    email: str = "",
    phone: str = "",
    comment: str = "",
    account: WebshopAccount | None = None,
    shipping_amount: Decimal = Decimal("0.00"),
    ordered_at: dt.datetime | None = None,
) -> Order:
    """Record a web-shop order with its lines, addresses as ordered, and IP address.

    The order performs the sales contract (GDPR Art. 6(1)(b)). The IP address is
    kept for fraud and chargeback cases on legitimate interests (Art. 6(1)(f)) for
    13 months (legal.md §4 row 9); see :func:`clear_expired_order_ip_addresses`.
    Nothing is written unless the whole order is valid.
    """
    billing = billing or delivery
    _validate_address(delivery, billing=False)
    _validate_address(billing, billing=True)
    _validate_lines(lines)
    if shipping_amount < 0:
        raise InvalidOrder(_("Shipping cannot be negative."))
    ip = None
    if ip_address:
        ip = normalise_ip(ip_address)
        if ip is None:
            raise InvalidOrder(_("The IP address is not valid."))
    phone_e164 = ""
    if phone:
        phone_e164 = normalise_phone(phone) or ""
        if not phone_e164:
            raise InvalidOrder(
                _("Enter a valid phone number, e.g. 040 123 4567 or +358 40 123 4567.")
            )
    if account is not None and account.person_id != person.pk:
        raise InvalidOrder(_("The account belongs to another person."))
    ordered_at = ordered_at or timezone.now()
    order = Order(
        person=person,
        account=account,
        ordered_at=ordered_at,
        status=OrderStatus.RECEIVED,
        delivery_name=delivery.name.strip(),
        delivery_street=delivery.street.strip(),
        delivery_postal_code=delivery.postal_code.strip(),
        delivery_city=delivery.city.strip(),
        delivery_country=delivery.country.strip().upper(),
        billing_name=billing.name.strip(),
        billing_street=billing.street.strip(),
        billing_postal_code=billing.postal_code.strip(),
        billing_city=billing.city.strip(),
        billing_country=billing.country.strip().upper(),
        email=_clean_email_for_order(email),
        phone=phone_e164,
        comment=comment.strip(),
        ip_address=ip,
        shipping_amount=shipping_amount,
        total_amount=order_total(lines, shipping_amount),
    )
    year = timezone.localtime(ordered_at).year
    changed = [
        f.name
        for f in Order._meta.concrete_fields
        if f.name not in {"id", "reference"} and getattr(order, f.attname) not in (None, "")
    ]
    with transaction.atomic():
        for _attempt in range(5):
            order.number = next_order_number(year, _latest_order_number(year))
            try:
                with transaction.atomic():
                    save_record(actor, order, changed=[*changed, "number", "lines"])
                break
            except IntegrityError:
                # Another order took the number between our read and write; try the next.
                order.pk = None
                order._state.adding = True
        else:
            raise InvalidOrder(_("Could not allocate an order number; try again."))
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                product_name=line.product_name.strip(),
                sku=line.sku.strip(),
                quantity=line.quantity,
                unit_price=line.unit_price,
            )
            for line in lines
        )
    return order


def _clean_email_for_order(email: str) -> str:
    try:
        return _clean_email(email)
    except WebshopError as exc:
        raise InvalidOrder(str(exc)) from None


#: Which status may follow which; delivered and cancelled orders are final.
STATUS_FLOW: dict[str, frozenset[str]] = {
    OrderStatus.RECEIVED: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


def can_change_status(current: str, new: str) -> bool:
    """Return whether an order in ``current`` may move to ``new`` (same status: yes)."""
    return current == new or new in STATUS_FLOW.get(current, frozenset())


def update_order_status(actor: Actor, order: Order, *, status: str) -> Order:
    """Move the order along received → paid → shipped → delivered (or cancelled)."""
    if status not in OrderStatus.values:
        raise InvalidStatusChange(_("Unknown order status."))
    if order.status == status:
        return order
    if not can_change_status(order.status, status):
        raise InvalidStatusChange(
            _("An order that is %(current)s cannot become %(new)s.")
            % {"current": OrderStatus(order.status).label, "new": OrderStatus(status).label}
        )
    order.status = status
    with transaction.atomic():
        order.save(update_fields=["status"])
        _record_update(actor, order, ["status"])
    return order


#: Fields staff may correct on an order (the delivery data and contact details as ordered).
CORRECTABLE_ORDER_FIELDS = (
    "delivery_name",
    "delivery_street",
    "delivery_postal_code",
    "delivery_city",
    "delivery_country",
    "billing_name",
    "billing_street",
    "billing_postal_code",
    "billing_city",
    "billing_country",
    "email",
    "phone",
    "comment",
)


def correct_order_details(
    actor: Actor, order: Order, *, changes: Mapping[str, str], status: str | None = None
) -> Order:
    """Correct an order's delivery or contact data (GDPR Art. 16) and optionally its status.

    Only :data:`CORRECTABLE_ORDER_FIELDS` may change here; the lines, totals, order
    number and IP address are facts of the order and stay as recorded.
    """
    unknown = set(changes) - set(CORRECTABLE_ORDER_FIELDS)
    if unknown:
        raise InvalidOrder(
            _("These order fields cannot be corrected: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    changed = [name for name, value in changes.items() if getattr(order, name) != value]
    with transaction.atomic():
        if changed:
            for name in changed:
                setattr(order, name, changes[name])
            order.save(update_fields=changed)
            _record_update(actor, order, changed)
        if status is not None:
            update_order_status(actor, order, status=status)
    return order


def order_ip_expires_on(ordered_on: dt.date) -> dt.date:
    """Return the day an order's IP address is to be cleared (13 months, legal.md §4 row 9)."""
    return retention_ends_on(get_rule("order_ip_address"), ordered_on)


def clear_expired_order_ip_addresses(today: dt.date, *, actor: Actor = None) -> int:
    """Clear the IP address of orders older than 13 months; return how many were cleared.

    The order stays for the purchase history; only its IP address goes when the
    fraud and chargeback window ends (GDPR Art. 5(1)(e), legal.md §4 row 9).
    """
    # Month-end clamping makes the exact cut-off a few days fuzzy; take a small
    # superset from the database and decide each order with the pure rule.
    latest_candidate = add_months(today, -13) + dt.timedelta(days=4)
    bound = timezone.make_aware(dt.datetime.combine(latest_candidate, dt.time.min))
    candidates = Order.objects.filter(ip_address__isnull=False, ordered_at__lt=bound).values_list(
        "pk", "ordered_at"
    )
    due = [
        pk
        for pk, ordered_at in candidates
        if today >= order_ip_expires_on(timezone.localdate(ordered_at))
    ]
    if not due:
        return 0
    with transaction.atomic():
        orders = list(Order.objects.filter(pk__in=due).select_related("person"))
        Order.objects.filter(pk__in=due).update(ip_address=None)
        for order in orders:
            record_event(
                actor,
                EventType.RECORD_UPDATED,
                target=order,
                target_ref=order.reference,
                person_ref=order.person.reference,
                fields=["ip_address"],
                reason="retention: order_ip_address",
            )
    return len(due)


# --- Cookie choices ----------------------------------------------------------------------


def normalise_cookie_choices(choices: Mapping[str, object]) -> dict[str, bool]:
    """Return one yes/no per purpose; strictly necessary cookies are always on.

    A purpose not mentioned is refused: non-essential cookies are off by default
    (GDPR Art. 25(2); Laki sähköisen viestinnän palveluista 917/2014 205 §).
    """
    known = set(CookiePurpose.values)
    unknown = set(choices) - known
    if unknown:
        raise InvalidCookieChoice(
            _("Unknown cookie purpose: %(purposes)s") % {"purposes": ", ".join(sorted(unknown))}
        )
    result: dict[str, bool] = {}
    for purpose in CookiePurpose:
        value = choices.get(purpose.value, False)
        if not isinstance(value, bool):
            raise InvalidCookieChoice(_("Each cookie choice must be yes or no."))
        result[purpose.value] = value
    result[CookiePurpose.NECESSARY.value] = True
    return result


def record_cookie_choice(
    actor: Actor,
    *,
    banner_version: str,
    choices: Mapping[str, object],
    pseudonymous_id: str | None = None,
    person: Person | None = None,
    chosen_at: dt.datetime | None = None,
) -> CookieConsent:
    """Log a visitor's cookie choice as proof of consent (GDPR Art. 7(1); 917/2014 205 §).

    No IP address is stored. The entry is tied to a person only when the visitor
    was logged in to a web-shop account.
    """
    if not banner_version.strip():
        raise InvalidCookieChoice(_("Give the banner version the choice was made on."))
    consent = CookieConsent(
        person=person,
        banner_version=banner_version.strip(),
        choices=normalise_cookie_choices(choices),
        chosen_at=chosen_at or timezone.now(),
    )
    if pseudonymous_id:
        consent.pseudonymous_id = pseudonymous_id
    with transaction.atomic():
        save_record(
            actor,
            consent,
            changed=["pseudonymous_id", "person", "banner_version", "choices", "chosen_at"],
        )
    return consent
