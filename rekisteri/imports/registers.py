"""The import formats of each register and how a row becomes records.

Each :class:`Adapter` names its columns, cleans a row (pure: no database, so the
property tests can throw arbitrary text at it) and applies the cleaned row
through the register's own services, so that validation, normalisation, the
subject index and the audit log work exactly as for a form. The columns are
documented in docs/import.md; the examples are under examples/import/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.audit.models import EventType
from rekisteri.audit.records import Actor, person_ref_of, save_record
from rekisteri.audit.services import record_event
from rekisteri.imports.identity import Resolution, resolve
from rekisteri.imports.parsing import (
    Row,
    RowRejected,
    limit,
    parse_bool,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_decimal,
    parse_int,
    parse_source_key,
    split_name,
)
from rekisteri.privacy.identifiers import normalise_email, normalise_hetu, normalise_phone
from rekisteri.registers.customers.models import AddressKind, Channel, Customer, CustomerKind
from rekisteri.registers.customers.services import (
    clean_business_id,
    register_customer,
)
from rekisteri.registers.sales.models import VoucherKind
from rekisteri.registers.sales.policies import KNOWN_VAT_RATES
from rekisteri.registers.sales.services import LineInput as VoucherLineInput
from rekisteri.registers.sales.services import create_voucher_draft, issue_voucher
from rekisteri.registers.service.models import JobKind, JobStatus
from rekisteri.registers.service.services import (
    ServiceError,
    close_service_job,
    open_service_job,
    update_service_job,
)
from rekisteri.registers.webshop.models import OrderStatus, WebshopAccount
from rekisteri.registers.webshop.services import (
    Address,
    WebshopError,
    place_order,
    update_order_status,
)
from rekisteri.registers.webshop.services import LineInput as OrderLineInput
from rekisteri.subjects.models import Person

#: Person outcomes of a row.
MATCHED, CREATED, NO_PERSON = "matched", "created", "none"


@dataclass
class Applied:
    """What applying one record did."""

    record: models.Model
    person: Person | None
    person_outcome: str
    resolution: Resolution
    stored: dict[str, str] = field(default_factory=dict)


class Context:
    """What adapters share during one import: the actor, the day, the customer links."""

    def __init__(self, actor: Actor, today: dt.date, customer_lookup: Callable[[str], str | None]):
        self.actor = actor
        self.today = today
        self._customer_lookup = customer_lookup

    def customer(self, number: str) -> Customer:
        """The customer imported earlier under the old customer number ``number``."""
        reference = self._customer_lookup(number)
        customer = (
            Customer.objects.select_related("person").filter(reference=reference).first()
            if reference
            else None
        )
        if customer is None:
            raise RowRejected(
                _(
                    "No customer was imported with the customer number %(number)s; import the "
                    "customers file first."
                )
                % {"number": number}
            )
        return customer


def _service_message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(
            f"{name}: {' '.join(str(m) for m in ValidationError(errors).messages)}"
            if name != "__all__"
            else " ".join(str(m) for m in ValidationError(errors).messages)
            for name, errors in exc.error_dict.items()
        )
    return " ".join(str(m) for m in exc.messages)


def refuse_service_error(exc: Exception) -> RowRejected:
    """Turn a register service's refusal into a rejected row with the service's message."""
    if isinstance(exc, ValidationError):
        return RowRejected(_service_message(exc))
    return RowRejected(str(exc))


def _hetu(value: str) -> str:
    if not value:
        return ""
    normalised = normalise_hetu(value)
    if normalised is None or normalised != value.strip():
        raise RowRejected(
            _("“hetu” is not a valid personal identity code (e.g. 131052-308T, in capitals).")
        )
    return normalised


def _email(value: str, column: str = "email") -> str:
    if not value:
        return ""
    if normalise_email(value) is None or len(value) > 254:
        raise RowRejected(_("“%(column)s” is not a valid e-mail address.") % {"column": column})
    return value


def _phone(value: str, column: str = "phone") -> str:
    if not value:
        return ""
    if any(c.isalpha() for c in value):
        raise RowRejected(_("“%(column)s” is not a valid phone number.") % {"column": column})
    normalised = normalise_phone(value)
    if normalised is None:
        raise RowRejected(
            _("“%(column)s” is not a valid phone number (e.g. 040 123 4567).") % {"column": column}
        )
    return normalised


class Problems:
    """Collects every problem of a row, so that one pass of fixes is enough."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)

    def take(self, check: Callable[..., Any], *args: Any) -> Any:
        """Return ``check(*args)``, or "" after noting why it refused."""
        try:
            return check(*args)
        except RowRejected as exc:
            self.messages.append(str(exc))
            return ""

    def raise_any(self) -> None:
        if self.messages:
            raise RowRejected(" ".join(self.messages))


def _check_address(street: str, postal_code: str, city: str, country: str) -> None:
    """The customer register's address rules, checked before anything is written."""
    problems = Problems()
    if not street:
        problems.add(_("An address needs “street”."))
    if not city:
        problems.add(_("An address needs “city”."))
    if len(country) != 2 or not country.isalpha() or not country.isascii():
        problems.add(_("“country” is a two-letter code, e.g. FI."))
    elif country == "FI" and not (len(postal_code) == 5 and postal_code.isdigit()):
        problems.add(_("“postal_code”: a Finnish postal code has five digits, e.g. 40100."))
    problems.raise_any()


def _day(value: dt.date | dt.datetime | None) -> str:
    """A date as the user's language writes it (5.3.2025), for the preview."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return str(formats.date_format(value, "SHORT_DATE_FORMAT"))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _not_future(day: dt.date, column: str, today: dt.date) -> None:
    if day > today:
        raise RowRejected(_("“%(column)s” is in the future.") % {"column": column})


def _new_person(actor: Actor, first_name: str, last_name: str) -> Person:
    return save_record(actor, Person(first_name=first_name, last_name=last_name))


def _resolved_person(
    ctx: Context, resolution: Resolution, first_name: str, last_name: str
) -> tuple[Person, str]:
    if resolution.person is not None:
        return resolution.person, MATCHED
    return _new_person(ctx.actor, first_name, last_name), CREATED


def _aliases(values: Sequence[str], extra: Mapping[str, str] | None = None) -> dict[str, str]:
    result = {v: v for v in values}
    result.update(extra or {})
    return result


CREDENTIAL_COLUMNS = (
    "username",
    "password",
    "secret",
    "pin",
    "credential",
    "credentials",
    "login",
    "salasana",
    "tunnus",
    "kayttajatunnus",
    "käyttäjätunnus",
    "device_username",
    "device_password",
)
PASSWORD_COLUMNS = ("password", "password_hash", "salasana", "hash", "passwd")


class Adapter:
    """One register's import format."""

    name: str = ""
    label: Promise = gettext_lazy("register")
    key_column: str = ""
    columns: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    #: Consecutive rows with the same key are one record (voucher and order lines).
    grouped: bool = False
    target_model: type[models.Model] = models.Model

    def refused(self) -> dict[str, str]:
        return {}

    def clean(self, rows: Sequence[Row], today: dt.date) -> Any:
        raise NotImplementedError

    def apply(self, ctx: Context, cleaned: Any) -> Applied:
        raise NotImplementedError


# --- Customers ---------------------------------------------------------------------------

_KINDS = _aliases(
    CustomerKind.values,
    {"yksityinen": CustomerKind.PRIVATE, "yritys": CustomerKind.COMPANY},
)
_ADDRESS_KINDS = _aliases(
    AddressKind.values, {"laskutus": AddressKind.BILLING, "toimitus": AddressKind.DELIVERY}
)
_CHANNELS = _aliases(
    Channel.values,
    {
        "myymälä": Channel.IN_SHOP,
        "puhelin": Channel.PHONE,
        "sähköposti": Channel.EMAIL,
        "verkkosivut": Channel.WEBSITE,
    },
)


@dataclass(frozen=True)
class CustomerRow:
    key: str
    kind: str
    first_name: str
    last_name: str
    company_name: str
    business_id: str
    email: str
    phone: str
    hetu: str
    street: str
    postal_code: str
    city: str
    country: str
    address_kind: str
    source: str
    notes: str
    last_activity_on: dt.date | None


class CustomersAdapter(Adapter):
    name = "customers"
    label = gettext_lazy("Customers")
    key_column = "customer_number"
    columns = (
        "customer_number",
        "kind",
        "first_name",
        "last_name",
        "company_name",
        "business_id",
        "email",
        "phone",
        "hetu",
        "street",
        "postal_code",
        "city",
        "country",
        "address_kind",
        "source",
        "notes",
        "last_activity_on",
    )
    required = ("customer_number",)
    target_model = Customer

    def clean(self, rows: Sequence[Row], today: dt.date) -> CustomerRow:
        [row] = rows
        v = {c: row.values.get(c, "") for c in self.columns}
        errors = Problems()
        kind = errors.take(parse_choice, v["kind"], "kind", _KINDS, CustomerKind.PRIVATE)
        first_name = errors.take(limit, v["first_name"], "first_name", 100)
        last_name = errors.take(limit, v["last_name"], "last_name", 100)
        company_name = errors.take(limit, v["company_name"], "company_name", 200)
        if kind == CustomerKind.PRIVATE and not (v["first_name"] or v["last_name"]):
            errors.add(_("A private customer needs a name (first_name or last_name)."))
        if kind == CustomerKind.COMPANY and not company_name:
            errors.add(_("A company customer needs company_name."))
        business_id = ""
        try:
            business_id = clean_business_id(v["business_id"])
        except ValidationError as exc:
            errors.add(str(refuse_service_error(exc)))
        last_activity = None
        if v["last_activity_on"]:
            last_activity = errors.take(parse_date, v["last_activity_on"], "last_activity_on")
            if last_activity:
                errors.take(_not_future, last_activity, "last_activity_on", today)
        key = errors.take(parse_source_key, v["customer_number"], "customer_number")
        email = errors.take(_email, v["email"])
        phone = errors.take(_phone, v["phone"])
        hetu = errors.take(_hetu, v["hetu"])
        address_kind = errors.take(
            parse_choice, v["address_kind"], "address_kind", _ADDRESS_KINDS, AddressKind.BILLING
        )
        source = errors.take(parse_choice, v["source"], "source", _CHANNELS, Channel.IN_SHOP)
        country = (v["country"] or "FI").upper()
        if any(v[c] for c in ("street", "postal_code", "city")):
            errors.take(_check_address, v["street"], v["postal_code"], v["city"], country)
        errors.raise_any()
        return CustomerRow(
            key=key,
            kind=kind,
            first_name=first_name,
            last_name=last_name,
            company_name=company_name,
            business_id=business_id,
            email=email,
            phone=phone,
            hetu=hetu,
            street=limit(v["street"], "street", 200),
            postal_code=limit(v["postal_code"], "postal_code", 10),
            city=limit(v["city"], "city", 100),
            country=country,
            address_kind=address_kind,
            source=source,
            notes=v["notes"],
            last_activity_on=last_activity or None,
        )

    def apply(self, ctx: Context, cleaned: CustomerRow) -> Applied:
        full_name = f"{cleaned.first_name} {cleaned.last_name}".strip()
        has_contact = cleaned.kind == CustomerKind.PRIVATE or bool(full_name)
        resolution = (
            resolve(
                email=cleaned.email, phone=cleaned.phone, hetu=cleaned.hetu, full_name=full_name
            )
            if has_contact
            else Resolution()
        )
        try:
            customer = register_customer(
                ctx.actor,
                kind=cleaned.kind,
                first_name=cleaned.first_name,
                last_name=cleaned.last_name,
                company_name=cleaned.company_name,
                business_id=cleaned.business_id,
                email=cleaned.email,
                phone=cleaned.phone,
                street=cleaned.street,
                postal_code=cleaned.postal_code,
                city=cleaned.city,
                country=cleaned.country,
                address_kind=cleaned.address_kind,
                source=cleaned.source,
                notes=cleaned.notes,
                person=resolution.person,
                today=cleaned.last_activity_on or ctx.today,
            )
        except ValidationError as exc:
            raise refuse_service_error(exc) from None
        if cleaned.kind == CustomerKind.PRIVATE:
            person = customer.person
        else:
            contact = customer.contact_persons.select_related("person").first()
            person = contact.person if contact is not None else None
        outcome = NO_PERSON if person is None else (MATCHED if resolution.person else CREATED)
        address = "\n".join(
            part
            for part in (cleaned.street, f"{cleaned.postal_code} {cleaned.city}".strip())
            if part
        )
        return Applied(
            record=customer,
            person=person,
            person_outcome=outcome,
            resolution=resolution,
            stored={
                _("customer number"): str(customer.customer_number),
                _("name"): customer.name,
                _("contact details"): "\n".join(p for p in (cleaned.email, cleaned.phone) if p),
                _("address"): address,
                _("last activity"): _day(customer.last_activity_on),
            },
        )


# --- Sales vouchers ----------------------------------------------------------------------

_VOUCHER_KINDS = _aliases(
    [VoucherKind.SALES_INVOICE, VoucherKind.RECEIPT, VoucherKind.SERVICE_INVOICE],
    {
        "myyntilasku": VoucherKind.SALES_INVOICE,
        "kuitti": VoucherKind.RECEIPT,
        "huoltolasku": VoucherKind.SERVICE_INVOICE,
    },
)


@dataclass(frozen=True)
class VoucherRow:
    key: str
    kind: str
    issued_on: dt.date
    customer_number: str
    billed_name: str
    billed_address: str
    billed_email: str
    phone: str
    hetu: str
    lines: tuple[VoucherLineInput, ...]


def _vat_rate(value: str) -> Decimal:
    if not value:
        return KNOWN_VAT_RATES[0]
    rate = parse_decimal(value.replace("%", "").strip(), "vat_rate")
    if rate not in KNOWN_VAT_RATES:
        raise RowRejected(_("“vat_rate” must be one of 25.5, 24, 14, 13.5, 10 or 0."))
    return rate


class SalesAdapter(Adapter):
    name = "sales"
    label = gettext_lazy("Sales vouchers")
    key_column = "voucher_number"
    columns = (
        "voucher_number",
        "kind",
        "issued_on",
        "customer_number",
        "billed_name",
        "billed_address",
        "billed_email",
        "phone",
        "hetu",
        "description",
        "quantity",
        "unit_price",
        "vat_rate",
    )
    required = ("voucher_number", "issued_on", "description", "unit_price")
    grouped = True
    #: Columns that belong to the voucher: every line row must repeat the same values.
    header_columns = (
        "kind",
        "issued_on",
        "customer_number",
        "billed_name",
        "billed_address",
        "billed_email",
        "phone",
        "hetu",
    )

    @property
    def target_model(self) -> type[models.Model]:  # type: ignore[override]
        from rekisteri.registers.sales.models import Voucher

        return Voucher

    def clean(self, rows: Sequence[Row], today: dt.date) -> VoucherRow:
        first = {c: rows[0].values.get(c, "") for c in self.columns}
        for row in rows[1:]:
            for column in self.header_columns:
                if row.values.get(column, "") not in ("", first[column]):
                    raise RowRejected(
                        _(
                            "The rows of voucher %(number)s disagree on “%(column)s”; repeat the "
                            "voucher's values on every line or leave them empty."
                        )
                        % {"number": first["voucher_number"], "column": column}
                    )
        kind_text = first["kind"].casefold()
        if kind_text in {"credit_note", "hyvityslasku"}:
            raise RowRejected(
                _(
                    "Credit notes are not imported: import the original voucher, then correct it "
                    "in rekisteri, which issues the credit note."
                )
            )
        issued_on = parse_date(first["issued_on"], "issued_on")
        _not_future(issued_on, "issued_on", today)
        lines = []
        for row in rows:
            description = limit(row.values.get("description", ""), "description", 300)
            quantity = parse_decimal(row.values.get("quantity", "") or "1", "quantity")
            lines.append(
                VoucherLineInput(
                    description=description,
                    quantity=quantity,
                    unit_price=parse_decimal(row.values.get("unit_price", ""), "unit_price"),
                    vat_rate=_vat_rate(row.values.get("vat_rate", "")),
                )
            )
        return VoucherRow(
            key=parse_source_key(first["voucher_number"], "voucher_number"),
            kind=parse_choice(first["kind"], "kind", _VOUCHER_KINDS, VoucherKind.RECEIPT),
            issued_on=issued_on,
            customer_number=(
                parse_source_key(first["customer_number"], "customer_number")
                if first["customer_number"]
                else ""
            ),
            billed_name=limit(first["billed_name"], "billed_name", 200),
            billed_address=first["billed_address"].replace("\\n", "\n"),
            billed_email=_email(first["billed_email"], "billed_email"),
            phone=_phone(first["phone"]),
            hetu=_hetu(first["hetu"]),
            lines=tuple(lines),
        )

    def apply(self, ctx: Context, cleaned: VoucherRow) -> Applied:
        customer = ctx.customer(cleaned.customer_number) if cleaned.customer_number else None
        resolution = Resolution()
        person = customer.person if customer is not None else None
        if customer is None:
            resolution = resolve(
                email=cleaned.billed_email,
                phone=cleaned.phone,
                hetu=cleaned.hetu,
                full_name=cleaned.billed_name,
            )
            person = resolution.person
        try:
            draft = create_voucher_draft(
                ctx.actor,
                kind=cleaned.kind,
                customer=customer,
                person=person,
                billed_name=cleaned.billed_name,
                billed_address=cleaned.billed_address,
                billed_email=cleaned.billed_email,
                issued_on=cleaned.issued_on,
                lines=cleaned.lines,
            )
            voucher = issue_voucher(ctx.actor, draft, issued_on=cleaned.issued_on)
        except ValidationError as exc:
            raise refuse_service_error(exc) from None
        return Applied(
            record=voucher,
            person=person,
            person_outcome=MATCHED if person is not None else NO_PERSON,
            resolution=resolution,
            stored={
                _("voucher number"): str(voucher.number),
                _("voucher date"): _day(voucher.issued_on),
                _("billed name"): voucher.billed_name,
                _("lines"): str(len(cleaned.lines)),
                _("total including VAT"): str(voucher.total_gross),
            },
        )


# --- Service jobs ------------------------------------------------------------------------

_JOB_KINDS = _aliases(JobKind.values, {"huolto": JobKind.SERVICE, "asennus": JobKind.INSTALLATION})
_JOB_STATUSES = _aliases(
    JobStatus.values,
    {
        "vastaanotettu": JobStatus.RECEIVED,
        "työn alla": JobStatus.IN_PROGRESS,
        "odottaa osia": JobStatus.WAITING_PARTS,
        "valmis": JobStatus.READY,
        "suljettu": JobStatus.CLOSED,
    },
)


@dataclass(frozen=True)
class JobRow:
    key: str
    customer_number: str
    first_name: str
    last_name: str
    email: str
    phone: str
    hetu: str
    kind: str
    device: str
    serial_number: str
    fault_description: str
    work_done: str
    notes: str
    status: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None


class ServiceAdapter(Adapter):
    name = "service"
    label = gettext_lazy("Service jobs")
    key_column = "job_number"
    columns = (
        "job_number",
        "customer_number",
        "first_name",
        "last_name",
        "email",
        "phone",
        "hetu",
        "kind",
        "device",
        "serial_number",
        "fault_description",
        "work_done",
        "notes",
        "status",
        "opened_on",
        "closed_on",
    )
    required = ("job_number", "device", "fault_description")

    @property
    def target_model(self) -> type[models.Model]:  # type: ignore[override]
        from rekisteri.registers.service.models import ServiceJob

        return ServiceJob

    def refused(self) -> dict[str, str]:
        message = _(
            "Device credentials are not imported (column “%(column)s”): they are kept only "
            "while a job is open and must be entered by the technician, encrypted, on the job. "
            "Remove the column and delete the old system's copy."
        )
        return {c: message % {"column": c} for c in CREDENTIAL_COLUMNS}

    def clean(self, rows: Sequence[Row], today: dt.date) -> JobRow:
        [row] = rows
        v = {c: row.values.get(c, "") for c in self.columns}
        status = parse_choice(v["status"], "status", _JOB_STATUSES, JobStatus.RECEIVED)
        opened = _aware(parse_datetime(v["opened_on"], "opened_on")) if v["opened_on"] else None
        closed = _aware(parse_datetime(v["closed_on"], "closed_on")) if v["closed_on"] else None
        if opened is not None:
            _not_future(timezone.localdate(opened), "opened_on", today)
        if status == JobStatus.CLOSED:
            if closed is None:
                raise RowRejected(_("A closed job needs closed_on."))
            if not v["work_done"]:
                raise RowRejected(_("A closed job needs work_done."))
            _not_future(timezone.localdate(closed), "closed_on", today)
            if opened is not None and closed < opened:
                raise RowRejected(_("“closed_on” is before “opened_on”."))
        elif closed is not None:
            raise RowRejected(_("Only a closed job has closed_on; set status to closed."))
        if not v["device"]:
            raise RowRejected(_("Name the device (column “device”)."))
        if not v["fault_description"]:
            raise RowRejected(_("Describe the fault (column “fault_description”)."))
        return JobRow(
            key=parse_source_key(v["job_number"], "job_number"),
            customer_number=(
                parse_source_key(v["customer_number"], "customer_number")
                if v["customer_number"]
                else ""
            ),
            first_name=limit(v["first_name"], "first_name", 100),
            last_name=limit(v["last_name"], "last_name", 100),
            email=_email(v["email"]),
            phone=_phone(v["phone"]),
            hetu=_hetu(v["hetu"]),
            kind=parse_choice(v["kind"], "kind", _JOB_KINDS, JobKind.SERVICE),
            device=limit(v["device"], "device", 200),
            serial_number=limit(v["serial_number"], "serial_number", 100),
            fault_description=v["fault_description"],
            work_done=v["work_done"],
            notes=v["notes"],
            status=status,
            opened_at=opened or _aware(dt.datetime.combine(today, dt.time(12))),
            closed_at=closed,
        )

    def apply(self, ctx: Context, cleaned: JobRow) -> Applied:
        customer = ctx.customer(cleaned.customer_number) if cleaned.customer_number else None
        resolution = Resolution()
        if customer is not None and customer.person is not None:
            person, outcome = customer.person, MATCHED
        else:
            full_name = f"{cleaned.first_name} {cleaned.last_name}".strip()
            resolution = resolve(
                email=cleaned.email, phone=cleaned.phone, hetu=cleaned.hetu, full_name=full_name
            )
            if resolution.person is None and not full_name:
                raise RowRejected(
                    _(
                        "A service job needs its customer: give the customer_number of an "
                        "imported private customer, or the customer's name."
                    )
                )
            person, outcome = _resolved_person(
                ctx, resolution, cleaned.first_name, cleaned.last_name
            )
        try:
            job = open_service_job(
                ctx.actor,
                person=person,
                customer=customer,
                device=cleaned.device,
                fault_description=cleaned.fault_description,
                kind=cleaned.kind,
                serial_number=cleaned.serial_number,
                notes=cleaned.notes,
                opened_at=cleaned.opened_at,
            )
            if cleaned.status == JobStatus.CLOSED and cleaned.closed_at is not None:
                close_service_job(ctx.actor, job, work_done=cleaned.work_done)
                # The job closed in the old system: its retention clock (legal.md §4
                # row 5) starts from that day, not from the import.
                job.closed_at = cleaned.closed_at
                job.save(update_fields=["closed_at"])
                record_event(
                    ctx.actor,
                    EventType.RECORD_UPDATED,
                    target=job,
                    target_ref=job.reference,
                    person_ref=person_ref_of(job),
                    fields=["closed_at"],
                    reason="import: closing date from the old system",
                )
            else:
                changes: dict[str, Any] = {}
                if cleaned.status != JobStatus.RECEIVED:
                    changes["status"] = cleaned.status
                if cleaned.work_done:
                    changes["work_done"] = cleaned.work_done
                if changes:
                    update_service_job(ctx.actor, job, changes=changes)
        except ServiceError as exc:
            raise refuse_service_error(exc) from None
        return Applied(
            record=job,
            person=person,
            person_outcome=outcome,
            resolution=resolution,
            stored={
                _("job"): job.reference,
                _("customer"): person.full_name,
                _("device"): job.device,
                _("status"): str(JobStatus(job.status).label),
                _("opened"): _day(job.opened_at),
                _("closed"): _day(job.closed_at),
            },
        )


# --- Web-shop accounts -------------------------------------------------------------------


@dataclass(frozen=True)
class AccountRow:
    key: str
    username: str
    email: str
    first_name: str
    last_name: str
    phone: str
    hetu: str
    created_at: dt.datetime | None
    last_login_at: dt.datetime | None
    is_active: bool


class WebshopAccountsAdapter(Adapter):
    name = "webshop-accounts"
    label = gettext_lazy("Web-shop accounts")
    key_column = "username"
    columns = (
        "username",
        "email",
        "first_name",
        "last_name",
        "phone",
        "hetu",
        "created_on",
        "last_login_on",
        "is_active",
    )
    required = ("username", "email")
    target_model = WebshopAccount

    def refused(self) -> dict[str, str]:
        message = _(
            "Passwords and password hashes are not imported (column “%(column)s”): an imported "
            "account has no usable password, and its owner sets a new one through the password "
            "reset. Remove the column."
        )
        return {c: message % {"column": c} for c in PASSWORD_COLUMNS}

    def clean(self, rows: Sequence[Row], today: dt.date) -> AccountRow:
        [row] = rows
        v = {c: row.values.get(c, "") for c in self.columns}
        username = limit(v["username"], "username", 150)
        if not username or any(c.isspace() for c in username):
            raise RowRejected(_("“username” is required and may not contain spaces."))
        email = _email(v["email"])
        if not email:
            raise RowRejected(_("“email” is required."))
        created = _aware(parse_datetime(v["created_on"], "created_on")) if v["created_on"] else None
        last_login = (
            _aware(parse_datetime(v["last_login_on"], "last_login_on"))
            if v["last_login_on"]
            else None
        )
        for column, value in (("created_on", created), ("last_login_on", last_login)):
            if value is not None:
                _not_future(timezone.localdate(value), column, today)
        return AccountRow(
            key=username.casefold(),
            username=username,
            email=email,
            first_name=limit(v["first_name"], "first_name", 100),
            last_name=limit(v["last_name"], "last_name", 100),
            phone=_phone(v["phone"]),
            hetu=_hetu(v["hetu"]),
            created_at=created,
            last_login_at=last_login,
            is_active=parse_bool(v["is_active"] or "1", "is_active"),
        )

    def apply(self, ctx: Context, cleaned: AccountRow) -> Applied:
        taken = (
            WebshopAccount.objects.annotate(lower_username=Lower("username"))
            .filter(lower_username=cleaned.username.lower())
            .exists()
        )
        if taken:
            raise RowRejected(_("The username is already taken by another account."))
        full_name = f"{cleaned.first_name} {cleaned.last_name}".strip()
        resolution = resolve(
            email=cleaned.email, phone=cleaned.phone, hetu=cleaned.hetu, full_name=full_name
        )
        person, outcome = _resolved_person(ctx, resolution, cleaned.first_name, cleaned.last_name)
        # No password: the account cannot be logged in to until its owner sets one
        # through the password reset (GDPR Art. 32(1): old hashes are not carried over).
        account = WebshopAccount(
            person=person,
            username=cleaned.username,
            email=cleaned.email,
            password_hash="",
            created_at=cleaned.created_at or timezone.now(),
            last_login_at=cleaned.last_login_at,
            is_active=cleaned.is_active,
        )
        save_record(
            ctx.actor,
            account,
            changed=["person", "username", "email", "created_at", "last_login_at", "is_active"],
            reason="import",
        )
        return Applied(
            record=account,
            person=person,
            person_outcome=outcome,
            resolution=resolution,
            stored={
                _("username"): account.username or "",
                _("e-mail"): account.email,
                _("name"): person.full_name,
                _("password"): _("none (set through the password reset)"),
                _("active"): _("yes") if account.is_active else _("no"),
            },
        )


# --- Web-shop orders ---------------------------------------------------------------------

_ORDER_STATUSES = _aliases(
    OrderStatus.values,
    {
        "vastaanotettu": OrderStatus.RECEIVED,
        "maksettu": OrderStatus.PAID,
        "lähetetty": OrderStatus.SHIPPED,
        "toimitettu": OrderStatus.DELIVERED,
        "peruttu": OrderStatus.CANCELLED,
    },
)
#: The statuses an order passes to reach each final one (the register's status flow).
_STATUS_PATH = {
    OrderStatus.RECEIVED: (),
    OrderStatus.PAID: (OrderStatus.PAID,),
    OrderStatus.SHIPPED: (OrderStatus.PAID, OrderStatus.SHIPPED),
    OrderStatus.DELIVERED: (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED),
    OrderStatus.CANCELLED: (OrderStatus.CANCELLED,),
}


@dataclass(frozen=True)
class OrderRow:
    key: str
    ordered_at: dt.datetime
    status: str
    account_username: str
    email: str
    phone: str
    hetu: str
    delivery: Address
    billing: Address | None
    comment: str
    ip_address: str
    shipping_amount: Decimal
    lines: tuple[OrderLineInput, ...]


class WebshopOrdersAdapter(Adapter):
    name = "webshop-orders"
    label = gettext_lazy("Web-shop orders")
    key_column = "order_number"
    columns = (
        "order_number",
        "ordered_at",
        "status",
        "account_username",
        "email",
        "phone",
        "hetu",
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
        "comment",
        "ip_address",
        "shipping_amount",
        "product_name",
        "sku",
        "quantity",
        "unit_price",
    )
    required = (
        "order_number",
        "ordered_at",
        "delivery_name",
        "delivery_street",
        "delivery_postal_code",
        "delivery_city",
        "product_name",
        "unit_price",
    )
    grouped = True
    line_columns = ("product_name", "sku", "quantity", "unit_price")

    @property
    def target_model(self) -> type[models.Model]:  # type: ignore[override]
        from rekisteri.registers.webshop.models import Order

        return Order

    def clean(self, rows: Sequence[Row], today: dt.date) -> OrderRow:
        first = {c: rows[0].values.get(c, "") for c in self.columns}
        for row in rows[1:]:
            for column in self.columns:
                if column in self.line_columns:
                    continue
                if row.values.get(column, "") not in ("", first[column]):
                    raise RowRejected(
                        _(
                            "The rows of order %(number)s disagree on “%(column)s”; repeat the "
                            "order's values on every line or leave them empty."
                        )
                        % {"number": first["order_number"], "column": column}
                    )
        ordered_at = _aware(parse_datetime(first["ordered_at"], "ordered_at"))
        _not_future(timezone.localdate(ordered_at), "ordered_at", today)
        delivery = Address(
            name=limit(first["delivery_name"], "delivery_name", 200),
            street=limit(first["delivery_street"], "delivery_street", 200),
            postal_code=limit(first["delivery_postal_code"], "delivery_postal_code", 20),
            city=limit(first["delivery_city"], "delivery_city", 100),
            country=first["delivery_country"] or "FI",
        )
        billing = None
        if any(first[c] for c in ("billing_name", "billing_street", "billing_city")):
            billing = Address(
                name=limit(first["billing_name"], "billing_name", 200),
                street=limit(first["billing_street"], "billing_street", 200),
                postal_code=limit(first["billing_postal_code"], "billing_postal_code", 20),
                city=limit(first["billing_city"], "billing_city", 100),
                country=first["billing_country"] or "FI",
            )
        lines = []
        for row in rows:
            price = parse_decimal(row.values.get("unit_price", ""), "unit_price")
            lines.append(
                OrderLineInput(
                    product_name=limit(row.values.get("product_name", ""), "product_name", 200),
                    sku=limit(row.values.get("sku", ""), "sku", 64),
                    quantity=parse_int(row.values.get("quantity", "") or "1", "quantity"),
                    unit_price=price,
                )
            )
        return OrderRow(
            key=parse_source_key(first["order_number"], "order_number"),
            ordered_at=ordered_at,
            status=parse_choice(first["status"], "status", _ORDER_STATUSES, OrderStatus.DELIVERED),
            account_username=first["account_username"],
            email=_email(first["email"]),
            phone=_phone(first["phone"]),
            hetu=_hetu(first["hetu"]),
            delivery=delivery,
            billing=billing,
            comment=first["comment"],
            ip_address=first["ip_address"],
            shipping_amount=(
                parse_decimal(first["shipping_amount"], "shipping_amount")
                if first["shipping_amount"]
                else Decimal("0.00")
            ),
            lines=tuple(lines),
        )

    def apply(self, ctx: Context, cleaned: OrderRow) -> Applied:
        account = None
        resolution = Resolution()
        if cleaned.account_username:
            account = (
                WebshopAccount.objects.annotate(lower_username=Lower("username"))
                .filter(lower_username=cleaned.account_username.lower())
                .select_related("person")
                .first()
            )
            if account is None:
                raise RowRejected(
                    _(
                        "No web-shop account has the username in “account_username”; import the "
                        "accounts file first."
                    )
                )
            person, outcome = account.person, MATCHED
        else:
            first_name, last_name = split_name(cleaned.delivery.name)
            resolution = resolve(
                email=cleaned.email,
                phone=cleaned.phone,
                hetu=cleaned.hetu,
                full_name=cleaned.delivery.name,
            )
            person, outcome = _resolved_person(ctx, resolution, first_name, last_name)
        try:
            order = place_order(
                ctx.actor,
                person=person,
                lines=cleaned.lines,
                delivery=cleaned.delivery,
                billing=cleaned.billing,
                ip_address=cleaned.ip_address or None,
                email=cleaned.email,
                phone=cleaned.phone,
                comment=cleaned.comment,
                account=account,
                shipping_amount=cleaned.shipping_amount,
                ordered_at=cleaned.ordered_at,
            )
            for status in _STATUS_PATH[OrderStatus(cleaned.status)]:
                update_order_status(ctx.actor, order, status=status)
        except WebshopError as exc:
            raise refuse_service_error(exc) from None
        return Applied(
            record=order,
            person=person,
            person_outcome=outcome,
            resolution=resolution,
            stored={
                _("order number"): str(order.number),
                _("ordered"): _day(order.ordered_at),
                _("delivery name"): order.delivery_name,
                _("lines"): str(len(cleaned.lines)),
                _("total (EUR, VAT included)"): str(order.total_amount),
                _("status"): str(OrderStatus(order.status).label),
            },
        )


ADAPTERS: dict[str, Adapter] = {
    adapter.name: adapter
    for adapter in (
        CustomersAdapter(),
        WebshopAccountsAdapter(),
        WebshopOrdersAdapter(),
        SalesAdapter(),
        ServiceAdapter(),
    )
}


def adapter_for(name: str) -> Adapter:
    try:
        return ADAPTERS[name]
    except KeyError:
        raise KeyError(name) from None
