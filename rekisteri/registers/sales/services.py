"""Use cases of the accounting register: drafting, issuing and correcting vouchers.

A voucher is drafted, then issued: issuing computes the totals and takes the next
running number of the financial year in one transaction, and from then on the
voucher is the record of a business transaction that may not be changed
(Kirjanpitolaki 1336/1997 2:10; legal.md §2.1: book-keeping content is not
altered, a correction is a new entry that refers to the original). A mistake
is corrected by a credit note that reverses the original and, if needed, a new
voucher. Every function runs in one transaction and writes its audit events
(field names only, never values).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.audit.models import EventType
from rekisteri.audit.records import Actor, delete_record, person_ref_of, save_record
from rekisteri.audit.services import record_event
from rekisteri.registers.customers.models import Customer
from rekisteri.registers.customers.queries import billing_details
from rekisteri.registers.customers.services import clean_email, record_customer_activity
from rekisteri.registers.sales.models import (
    Voucher,
    VoucherKind,
    VoucherLine,
    VoucherLocked,
    VoucherSequence,
    VoucherStatus,
)
from rekisteri.registers.sales.policies import (
    GENERAL_VAT_RATE,
    KNOWN_VAT_RATES,
    LineAmounts,
    financial_year_of,
    line_net,
    voucher_number,
    voucher_totals,
)
from rekisteri.subjects.models import Person

#: Voucher kinds that are invoices: the buyer's name and address must be on them
#: (Arvonlisäverolaki 1501/1993 209 e §). A receipt may be anonymous.
INVOICE_KINDS = frozenset({VoucherKind.SALES_INVOICE, VoucherKind.SERVICE_INVOICE})

#: Draft fields that :func:`update_voucher_draft` may change.
DRAFT_FIELDS = frozenset(
    {"kind", "customer", "billed_name", "billed_address", "billed_email", "issued_on"}
)


@dataclass(frozen=True)
class LineInput:
    """One line to put on a voucher; the unit price excludes VAT."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal = GENERAL_VAT_RATE


@dataclass(frozen=True)
class Correction:
    """What :func:`correct_voucher` produced: the credit note and any replacement."""

    credit_note: Voucher
    replacement: Voucher | None


# --- Helpers ----------------------------------------------------------------------------


def _fy_start() -> str:
    return str(getattr(settings, "FINANCIAL_YEAR_START", "01-01"))


def _require_draft(voucher: Voucher) -> None:
    if voucher.status != VoucherStatus.DRAFT or voucher.is_locked():
        raise VoucherLocked


def _clean_line(line: LineInput) -> LineInput:
    errors: dict[str, ValidationError] = {}
    try:
        quantity = Decimal(line.quantity)
        unit_price = Decimal(line.unit_price)
        vat_rate = Decimal(line.vat_rate)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(
            _("Enter numbers for quantity, price and VAT rate."), code="invalid"
        ) from None
    if quantity == 0:
        errors["quantity"] = ValidationError(
            _("The quantity cannot be zero."), code="zero_quantity"
        )
    if vat_rate not in KNOWN_VAT_RATES:
        errors["vat_rate"] = ValidationError(
            _("Choose one of the Finnish VAT rates: 25.5, 14, 13.5, 10 or 0 %."),
            code="invalid_vat_rate",
        )
    if not line.description.strip():
        errors["description"] = ValidationError(_("Describe what was sold."), code="required")
    if errors:
        raise ValidationError(errors)
    return LineInput(line.description.strip(), quantity, unit_price, vat_rate)


def _amounts(lines: Sequence[VoucherLine]) -> list[LineAmounts]:
    return [LineAmounts(line.quantity, line.unit_price, line.vat_rate) for line in lines]


def _refresh_draft_totals(actor: Actor, voucher: Voucher) -> None:
    """Keep a draft's totals current so the clerk sees what will be issued."""
    totals = voucher_totals(_amounts(list(voucher.lines.all())))
    voucher.total_net, voucher.total_vat, voucher.total_gross = totals.net, totals.vat, totals.gross
    save_record(actor, voucher, changed=["total_net", "total_vat", "total_gross"])


def _create_lines(actor: Actor, voucher: Voucher, lines: Sequence[LineInput]) -> list[VoucherLine]:
    return [
        save_record(
            actor,
            VoucherLine(
                voucher=voucher,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                line_total=line_net(line.quantity, line.unit_price),
            ),
        )
        for line in lines
    ]


def _take_number(financial_year: int) -> str:
    """Take the next running number of the year; the counter row stays locked until commit.

    Numbers have no gaps and never repeat inside a financial year, so the
    vouchers of a year can be listed and checked against the books.
    """
    sequence, _created = VoucherSequence.objects.select_for_update().get_or_create(
        financial_year=financial_year
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return voucher_number(financial_year, sequence.last_number)


def _snapshot_billing(voucher: Voucher) -> list[str]:
    """Copy the customer's name, address and e-mail onto the voucher where it has none."""
    if voucher.customer is None:
        return []
    details = billing_details(voucher.customer)
    filled = []
    for name, value in (
        ("billed_name", details.name),
        ("billed_address", details.address),
        ("billed_email", details.email),
    ):
        if not getattr(voucher, name) and value:
            setattr(voucher, name, value)
            filled.append(name)
    return filled


# --- Drafts -----------------------------------------------------------------------------


def create_voucher_draft(
    actor: Actor,
    *,
    kind: str = VoucherKind.RECEIPT,
    customer: Customer | None = None,
    person: Person | None = None,
    billed_name: str = "",
    billed_address: str = "",
    billed_email: str = "",
    issued_on: dt.date | None = None,
    lines: Sequence[LineInput] = (),
) -> Voucher:
    """Start a voucher. The customer's billing details are copied where none are given.

    Credit notes are not drafted here: they come only from :func:`correct_voucher`.
    """
    if kind not in VoucherKind.values or kind == VoucherKind.CREDIT_NOTE:
        raise ValidationError({"kind": _("Choose a sales invoice, receipt or service invoice.")})
    email = clean_email(billed_email, "billed_email")
    cleaned_lines = [_clean_line(line) for line in lines]
    with transaction.atomic():
        voucher = Voucher(
            kind=kind,
            customer=customer,
            person=person or (customer.person if customer is not None else None),
            billed_name=billed_name.strip(),
            billed_address=billed_address.strip(),
            billed_email=email,
            issued_on=issued_on,
        )
        _snapshot_billing(voucher)
        save_record(actor, voucher)
        if cleaned_lines:
            _create_lines(actor, voucher, cleaned_lines)
            _refresh_draft_totals(actor, voucher)
    return voucher


def update_voucher_draft(
    actor: Actor, voucher: Voucher, *, changes: Mapping[str, object]
) -> Voucher:
    """Change a draft's type, customer, billing details or date; issued vouchers refuse."""
    unknown = set(changes) - DRAFT_FIELDS
    if unknown:
        raise ValueError(f"fields cannot be changed here: {sorted(unknown)}")
    _require_draft(voucher)
    if "kind" in changes and (
        changes["kind"] not in VoucherKind.values or changes["kind"] == VoucherKind.CREDIT_NOTE
    ):
        raise ValidationError({"kind": _("Choose a sales invoice, receipt or service invoice.")})
    values = dict(changes)
    if "billed_email" in values:
        values["billed_email"] = clean_email(str(values["billed_email"] or ""), "billed_email")
    with transaction.atomic():
        changed = [name for name, value in values.items() if getattr(voucher, name) != value]
        for name in changed:
            setattr(voucher, name, values[name])
        if "customer" in changed:
            voucher.person = voucher.customer.person if voucher.customer is not None else None
            changed.append("person")
            changed += _snapshot_billing(voucher)
        if changed:
            save_record(actor, voucher, changed=changed)
    return voucher


def add_voucher_line(actor: Actor, voucher: Voucher, line: LineInput) -> VoucherLine:
    """Add a line to a draft and refresh the draft's totals."""
    _require_draft(voucher)
    cleaned = _clean_line(line)
    with transaction.atomic():
        [created] = _create_lines(actor, voucher, [cleaned])
        _refresh_draft_totals(actor, voucher)
    return created


def remove_voucher_line(actor: Actor, line: VoucherLine) -> None:
    """Remove a line from a draft and refresh the draft's totals."""
    voucher = line.voucher
    _require_draft(voucher)
    with transaction.atomic():
        delete_record(actor, line, reason="sales.VoucherLine")
        _refresh_draft_totals(actor, voucher)


# --- Issuing and correcting -------------------------------------------------------------


def _issue(actor: Actor, voucher: Voucher, issued_on: dt.date | None) -> Voucher:
    """Issue a draft inside the caller's transaction (see :func:`issue_voucher`)."""
    locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if locked.status != VoucherStatus.DRAFT:
        raise VoucherLocked
    lines = list(voucher.lines.all())
    if not lines:
        raise ValidationError(_("A voucher needs at least one line."), code="no_lines")
    filled = _snapshot_billing(voucher)
    if voucher.kind in INVOICE_KINDS and not (voucher.billed_name and voucher.billed_address):
        raise ValidationError(
            _("An invoice needs the buyer's name and address."), code="billing_required"
        )
    totals = voucher_totals(_amounts(lines))
    day = issued_on or voucher.issued_on or timezone.localdate()
    voucher.issued_on = day
    voucher.financial_year = financial_year_of(day, _fy_start())
    voucher.number = _take_number(voucher.financial_year)
    voucher.total_net, voucher.total_vat, voucher.total_gross = totals.net, totals.vat, totals.gross
    voucher.status = VoucherStatus.ISSUED
    voucher.issued_at = timezone.now()
    voucher.save()
    fields = [
        "number",
        "issued_on",
        "financial_year",
        "total_net",
        "total_vat",
        "total_gross",
        "status",
        "issued_at",
        *filled,
    ]
    record_event(
        actor,
        EventType.VOUCHER_ISSUED,
        target=voucher,
        target_ref=voucher.reference,
        person_ref=person_ref_of(voucher),
        fields=fields,
        reason=voucher.number,
    )
    if voucher.customer is not None:
        record_customer_activity(actor, voucher.customer, on=day)
    return voucher


def issue_voucher(actor: Actor, draft: Voucher, *, issued_on: dt.date | None = None) -> Voucher:
    """Issue a draft: compute the totals, take the year's next number, lock the voucher.

    The voucher date defaults to the draft's date or today; the financial year is
    the one containing it (settings.FINANCIAL_YEAR_START, Kirjanpitolaki 1:4). An
    invoice must name the buyer and their address (Arvonlisäverolaki 209 e §).
    Once issued, the voucher is kept unchanged for six years from the end of the
    calendar year in which its financial year ended (Kirjanpitolaki 2:10).
    """
    with transaction.atomic():
        return _issue(actor, draft, issued_on)


def correct_voucher(
    actor: Actor,
    voucher: Voucher,
    *,
    reason: str,
    lines: Sequence[LineInput] | None = None,
    issue_replacement: bool = True,
    issued_on: dt.date | None = None,
    billed_name: str | None = None,
    billed_address: str | None = None,
    billed_email: str | None = None,
) -> Correction:
    """Correct an issued voucher with a credit note, and optionally a replacement.

    The original is never changed (Kirjanpitolaki 2:10; legal.md §1 Art. 16): a credit
    note that reverses every line is issued and refers to it, with the reason.
    When ``lines`` are given, a replacement voucher of the same type with those
    lines (and the original's billing details, unless new ones are given) is
    created too — issued at once, or left as a draft when ``issue_replacement``
    is false. A voucher is corrected once; later changes correct the replacement.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    replacement_lines = [_clean_line(line) for line in lines] if lines else []
    with transaction.atomic():
        # Lock the original so two clerks cannot credit it twice.
        stored = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if stored.status != VoucherStatus.ISSUED:
            raise ValidationError(
                _("Only an issued voucher can be corrected; edit the draft instead."), code="draft"
            )
        if stored.kind == VoucherKind.CREDIT_NOTE:
            raise ValidationError(_("A credit note cannot be corrected."), code="credit_note")
        if voucher.corrections.filter(kind=VoucherKind.CREDIT_NOTE).exists():
            raise ValidationError(
                _("This voucher has already been credited; correct its replacement instead."),
                code="already_corrected",
            )
        credit = Voucher(
            kind=VoucherKind.CREDIT_NOTE,
            customer=voucher.customer,
            person=voucher.person,
            billed_name=voucher.billed_name,
            billed_address=voucher.billed_address,
            billed_email=voucher.billed_email,
            corrects=voucher,
            correction_reason=reason,
        )
        save_record(actor, credit)
        _create_lines(
            actor,
            credit,
            [
                LineInput(line.description, -line.quantity, line.unit_price, line.vat_rate)
                for line in voucher.lines.all()
            ],
        )
        _issue(actor, credit, issued_on)
        replacement = None
        if replacement_lines:
            replacement = Voucher(
                kind=voucher.kind,
                customer=voucher.customer,
                person=voucher.person,
                billed_name=voucher.billed_name if billed_name is None else billed_name.strip(),
                billed_address=(
                    voucher.billed_address if billed_address is None else billed_address.strip()
                ),
                billed_email=(
                    voucher.billed_email
                    if billed_email is None
                    else clean_email(billed_email, "billed_email")
                ),
                corrects=voucher,
                correction_reason=reason,
            )
            save_record(actor, replacement)
            _create_lines(actor, replacement, replacement_lines)
            if issue_replacement:
                _issue(actor, replacement, issued_on)
            else:
                _refresh_draft_totals(actor, replacement)
        record_event(
            actor,
            EventType.VOUCHER_CORRECTED,
            target=voucher,
            target_ref=voucher.reference,
            person_ref=person_ref_of(voucher),
            fields=["corrections"],
            reason=" ".join(
                ref for ref in (credit.number, replacement.reference if replacement else "") if ref
            ),
        )
    return Correction(credit_note=credit, replacement=replacement)
