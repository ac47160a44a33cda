"""Use cases of the customer register: registering customers and keeping their contacts.

Every function runs in one transaction and writes its audit events through
:func:`rekisteri.audit.records.save_record` / ``delete_record`` (field names,
never values). Input is validated here as well as in the forms, so the API and
the command line get the same translated errors and nothing is half-written.
Customer master data is processed to perform the customer contract (GDPR
Art. 6(1)(b)) and kept for three years from the last activity (legal.md §4
row 3); contact persons of companies rest on legitimate interest (Art. 6(1)(f))
and are usually told to us by the company (Art. 14).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.audit.records import Actor, delete_record, save_record
from rekisteri.lib.validators import format_business_id, validate_business_id
from rekisteri.privacy.identifiers import normalise_phone
from rekisteri.registers.customers.models import (
    AddressKind,
    Channel,
    ContactLabel,
    ContactPerson,
    Customer,
    CustomerAddress,
    CustomerEmail,
    CustomerKind,
    CustomerNumberSequence,
    CustomerPhone,
)
from rekisteri.subjects.models import Person

FIRST_CUSTOMER_NUMBER = 10001

#: Customer fields (and the person's names) that :func:`update_customer` may change.
EDITABLE_FIELDS = frozenset(
    {"company_name", "business_id", "notes", "source", "first_name", "last_name"}
)


# --- Validation helpers ---------------------------------------------------------------


def clean_phone(value: str, field: str = "phone") -> str:
    """Return a phone number in E.164, or raise a translated error for ``field``."""
    value = value.strip()
    if not value:
        return ""
    normalised = normalise_phone(value)
    if normalised is None:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Enter a valid phone number, e.g. 040 123 4567 or +358 40 123 4567."),
                    code="invalid_phone",
                )
            }
        )
    return normalised


def clean_email(value: str, field: str = "email") -> str:
    """Return the e-mail address stripped, or raise a translated error for ``field``."""
    value = value.strip()
    if not value:
        return ""
    try:
        validate_email(value)
        if len(value) > 254:  # the e-mail fields' max_length
            raise ValidationError("too long")
    except ValidationError:
        raise ValidationError(
            {field: ValidationError(_("Enter a valid e-mail address."), code="invalid_email")}
        ) from None
    return value


def clean_business_id(value: str, field: str = "business_id") -> str:
    """Return the business ID in its written form ``1234567-8`` or raise for ``field``."""
    value = value.strip()
    if not value:
        return ""
    try:
        validate_business_id(value)
    except ValidationError as exc:
        raise ValidationError({field: exc}) from None
    return format_business_id(value)


def _clean_address(
    kind: str, street: str, postal_code: str, city: str, country: str, source: str
) -> tuple[dict[str, str], dict[str, ValidationError]]:
    """Return the address parts stripped, and the errors found in them."""
    cleaned = {
        "street": street.strip(),
        "postal_code": postal_code.strip(),
        "city": city.strip(),
        "country": (country or "FI").strip().upper(),
    }
    errors: dict[str, ValidationError] = {}
    if not cleaned["street"]:
        errors["street"] = ValidationError(_("Enter the street address."), code="required")
    if not cleaned["city"]:
        errors["city"] = ValidationError(_("Enter the city."), code="required")
    code = cleaned["country"]
    if len(code) != 2 or not code.isalpha() or not code.isascii():
        errors["country"] = ValidationError(
            _("Enter a two-letter country code, e.g. FI."), code="invalid_country"
        )
    elif code == "FI" and not (
        len(cleaned["postal_code"]) == 5 and cleaned["postal_code"].isdigit()
    ):
        errors["postal_code"] = ValidationError(
            _("A Finnish postal code has five digits, e.g. 40100."), code="invalid_postal_code"
        )
    if kind not in AddressKind.values:
        errors["kind"] = ValidationError(_("Select a valid choice."), code="invalid_choice")
    if source not in Channel.values:
        errors["source"] = ValidationError(_("Select a valid choice."), code="invalid_choice")
    return cleaned, errors


def _require_company(customer: Customer) -> None:
    if not customer.is_company:
        raise ValidationError(
            _("Only company customers have contact persons."), code="not_a_company"
        )


# --- Customer numbers ----------------------------------------------------------------


def allocate_customer_numbers(count: int = 1) -> list[int]:
    """Take ``count`` running customer numbers; call inside the caller's transaction.

    The counter row is locked (``SELECT … FOR UPDATE``) so two clerks never get
    the same number; a number is never reused, even if its customer is erased.
    """
    if count < 1:
        return []
    with transaction.atomic():
        sequence, _created = CustomerNumberSequence.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_number": FIRST_CUSTOMER_NUMBER - 1}
        )
        first = sequence.last_number + 1
        sequence.last_number += count
        sequence.save(update_fields=["last_number"])
    return list(range(first, first + count))


# --- Customers -----------------------------------------------------------------------


def register_customer(
    actor: Actor,
    *,
    kind: str = CustomerKind.PRIVATE,
    first_name: str = "",
    last_name: str = "",
    company_name: str = "",
    business_id: str = "",
    email: str = "",
    phone: str = "",
    street: str = "",
    postal_code: str = "",
    city: str = "",
    country: str = "FI",
    address_kind: str = AddressKind.BILLING,
    source: str = Channel.IN_SHOP,
    notes: str = "",
    person: Person | None = None,
    today: dt.date | None = None,
) -> Customer:
    """Register a customer with its first contact details, all in one transaction.

    A private customer is a person: a :class:`Person` is created (or ``person``
    reused) and the e-mail, phone and address become the customer's contacts. A
    company customer has no person of its own: the contacts are the company's,
    and a name given with it creates a contact person. Only the data needed for
    the sale, delivery and invoicing is asked for (GDPR Art. 5(1)(c), 6(1)(b)).
    The last-activity date starts the three-year retention clock (legal.md §4 row 3).
    """
    first_name, last_name = first_name.strip(), last_name.strip()
    company_name = company_name.strip()
    errors: dict[str, list[ValidationError]] = {}
    if kind not in CustomerKind.values:
        errors["kind"] = [ValidationError(_("Choose a customer type."), code="invalid_kind")]
    if source not in Channel.values:
        errors["source"] = [ValidationError(_("Choose where the data came from."), code="invalid")]
    if kind == CustomerKind.PRIVATE and person is None and not (first_name or last_name):
        errors["last_name"] = [
            ValidationError(_("A private customer needs a name."), code="name_required")
        ]
    if kind == CustomerKind.COMPANY and not company_name:
        errors["company_name"] = [
            ValidationError(_("A company customer needs a company name."), code="required")
        ]
    cleaned: dict[str, str] = {}
    for name, cleaner, raw in (
        ("email", clean_email, email),
        ("phone", clean_phone, phone),
        ("business_id", clean_business_id, business_id),
    ):
        try:
            cleaned[name] = cleaner(raw)
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.error_dict[name])
    has_address = bool(street.strip() or postal_code.strip() or city.strip())
    if has_address:
        _address, address_errors = _clean_address(
            address_kind, street, postal_code, city, country, source
        )
        for name, error in address_errors.items():
            key = "address_kind" if name == "kind" else name
            errors.setdefault(key, []).append(error)
    if errors:
        raise ValidationError(errors)

    today = today or timezone.localdate()
    with transaction.atomic():
        customer = Customer(
            customer_number=allocate_customer_numbers()[0],
            kind=kind,
            company_name=company_name if kind == CustomerKind.COMPANY else "",
            business_id=cleaned["business_id"],
            notes=notes.strip(),
            source=source,
            last_activity_on=today,
        )
        if kind == CustomerKind.PRIVATE:
            if person is None:
                person = save_record(actor, Person(first_name=first_name, last_name=last_name))
            customer.person = person
        save_record(actor, customer)
        if cleaned["email"]:
            save_record(
                actor, CustomerEmail(customer=customer, value=cleaned["email"], source=source)
            )
        if cleaned["phone"]:
            save_record(
                actor, CustomerPhone(customer=customer, value=cleaned["phone"], source=source)
            )
        if has_address:
            add_contact_address(
                actor,
                customer,
                kind=address_kind,
                street=street,
                postal_code=postal_code,
                city=city,
                country=country,
                source=source,
            )
        if kind == CustomerKind.COMPANY and (first_name or last_name or person is not None):
            link_contact_person(
                actor,
                customer,
                first_name=first_name,
                last_name=last_name,
                person=person,
                source=Channel.AUTHORISED_THIRD_PARTY,
            )
    return customer


def update_customer(actor: Actor, customer: Customer, *, changes: Mapping[str, str]) -> Customer:
    """Rectify a customer's data (GDPR Art. 16) and log the changed field names.

    ``changes`` maps field names of :data:`EDITABLE_FIELDS` to new values; the
    person's names are changed on the linked :class:`Person`.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"fields cannot be changed here: {sorted(unknown)}")
    values = {k: v.strip() for k, v in changes.items()}
    if "business_id" in values:
        values["business_id"] = clean_business_id(values["business_id"])
    if "source" in values and values["source"] not in Channel.values:
        raise ValidationError({"source": _("Choose where the data came from.")})
    if customer.is_company and "company_name" in values and not values["company_name"]:
        raise ValidationError({"company_name": _("A company customer needs a company name.")})
    with transaction.atomic():
        person = customer.person
        person_changed = [
            name
            for name in ("first_name", "last_name")
            if name in values and person is not None and getattr(person, name) != values[name]
        ]
        if person is not None and person_changed:
            for name in person_changed:
                setattr(person, name, values[name])
            save_record(actor, person, changed=person_changed)
        customer_changed = [
            field
            for field in ("company_name", "business_id", "notes", "source")
            if field in values and getattr(customer, field) != values[field]
        ]
        if customer_changed:
            for field in customer_changed:
                setattr(customer, field, values[field])
            save_record(actor, customer, changed=customer_changed)
    return customer


def record_customer_activity(actor: Actor, customer: Customer, *, on: dt.date) -> Customer:
    """Move the customer's last-activity date forward to ``on`` (a purchase, service
    or contact); the three-year retention clock restarts from it (legal.md §4 row 3,
    TSV/2/2018). An older date never moves it back."""
    if customer.last_activity_on is not None and customer.last_activity_on >= on:
        return customer
    with transaction.atomic():
        customer.last_activity_on = on
        save_record(actor, customer, changed=["last_activity_on"])
    return customer


# --- Contact details -----------------------------------------------------------------


def _check_choice(value: str, choices: list[str], field: str) -> None:
    if value not in choices:
        raise ValidationError(
            {field: ValidationError(_("Select a valid choice."), code="invalid_choice")}
        )


def add_contact_email(
    actor: Actor,
    customer: Customer,
    *,
    value: str,
    label: str = "",
    source: str = Channel.IN_SHOP,
) -> CustomerEmail:
    """Add an e-mail address to a customer (GDPR Art. 6(1)(b): needed to serve them)."""
    email = clean_email(value, "value")
    if not email:
        raise ValidationError(
            {"value": ValidationError(_("Enter an e-mail address."), code="required")}
        )
    _check_choice(label, ["", *ContactLabel.values], "label")
    _check_choice(source, Channel.values, "source")
    with transaction.atomic():
        return save_record(
            actor, CustomerEmail(customer=customer, value=email, label=label, source=source)
        )


def add_contact_phone(
    actor: Actor,
    customer: Customer,
    *,
    value: str,
    label: str = "",
    source: str = Channel.IN_SHOP,
) -> CustomerPhone:
    """Add a phone number to a customer, stored in E.164 so the subject index finds it."""
    phone = clean_phone(value, "value")
    if not phone:
        raise ValidationError(
            {"value": ValidationError(_("Enter a phone number."), code="required")}
        )
    _check_choice(label, ["", *ContactLabel.values], "label")
    _check_choice(source, Channel.values, "source")
    with transaction.atomic():
        return save_record(
            actor, CustomerPhone(customer=customer, value=phone, label=label, source=source)
        )


def add_contact_address(
    actor: Actor,
    customer: Customer,
    *,
    kind: str = AddressKind.BILLING,
    street: str,
    postal_code: str,
    city: str,
    country: str = "FI",
    source: str = Channel.IN_SHOP,
) -> CustomerAddress:
    """Add a delivery or billing address to a customer.

    A Finnish postal code has five digits; the country is an ISO 3166 alpha-2 code.
    """
    cleaned, errors = _clean_address(kind, street, postal_code, city, country, source)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return save_record(
            actor,
            CustomerAddress(customer=customer, kind=kind, source=source, **cleaned),
        )


def remove_contact_email(actor: Actor, contact: CustomerEmail) -> None:
    """Delete an e-mail address (erasure or rectification, GDPR Art. 16/17)."""
    delete_record(actor, contact, reason="customers.CustomerEmail")


def remove_contact_phone(actor: Actor, contact: CustomerPhone) -> None:
    """Delete a phone number (erasure or rectification, GDPR Art. 16/17)."""
    delete_record(actor, contact, reason="customers.CustomerPhone")


def remove_contact_address(actor: Actor, contact: CustomerAddress) -> None:
    """Delete an address (erasure or rectification, GDPR Art. 16/17). Vouchers keep
    the address as issued: that copy is theirs (Kirjanpitolaki 2:10)."""
    delete_record(actor, contact, reason="customers.CustomerAddress")


# --- Contact persons -----------------------------------------------------------------


def link_contact_person(
    actor: Actor,
    customer: Customer,
    *,
    first_name: str = "",
    last_name: str = "",
    role_title: str = "",
    email: str = "",
    phone: str = "",
    source: str = Channel.AUTHORISED_THIRD_PARTY,
    person: Person | None = None,
) -> ContactPerson:
    """Link a contact person to a company customer, creating the person if needed.

    The data usually comes from the company, not the person (GDPR Art. 14): the
    source is recorded so the person can be told where it came from (Art. 14(2)(f)).
    """
    _require_company(customer)
    first_name, last_name = first_name.strip(), last_name.strip()
    errors: dict[str, list[ValidationError]] = {}
    if person is None and not (first_name or last_name):
        errors["last_name"] = [
            ValidationError(_("Enter the contact person's name."), code="required")
        ]
    cleaned: dict[str, str] = {}
    for name, cleaner, raw in (("email", clean_email, email), ("phone", clean_phone, phone)):
        try:
            cleaned[name] = cleaner(raw)
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.error_dict[name])
    if source not in Channel.values:
        errors["source"] = [ValidationError(_("Select a valid choice."), code="invalid_choice")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if person is None:
            person = save_record(actor, Person(first_name=first_name, last_name=last_name))
        return save_record(
            actor,
            ContactPerson(
                customer=customer,
                person=person,
                role_title=role_title.strip(),
                email=cleaned["email"],
                phone=cleaned["phone"],
                source=source,
            ),
        )


def unlink_contact_person(actor: Actor, contact: ContactPerson) -> None:
    """Remove a contact person from a company; the person's other records stay."""
    delete_record(actor, contact, reason="customers.ContactPerson")
