"""Finnish demo data for the accounting register.

Issued vouchers with lines for many of the demo customers over the last seven
years (so the oldest are past their six-year retention), anonymous shop
receipts, and a few corrections: credit notes referring to the original, one
with a replacement invoice. VAT is 24 % before 1.9.2024 and 25.5 % after.
Numbers run per financial year in date order and continue any existing series.
Rows are written with ``bulk_create`` through the indexed managers, so the
subject index stays current; issued vouchers are never saved one by one.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

import faker
from django.conf import settings
from django.utils import timezone

from rekisteri.registers.customers.models import AddressKind, Customer, CustomerKind
from rekisteri.registers.sales.models import (
    Voucher,
    VoucherKind,
    VoucherLine,
    VoucherSequence,
    VoucherStatus,
)
from rekisteri.registers.sales.policies import (
    GENERAL_VAT_RATE,
    PREVIOUS_GENERAL_VAT_RATE,
    LineAmounts,
    financial_year_of,
    line_net,
    voucher_number,
    voucher_totals,
)
from rekisteri.subjects.models import Person

RATE_CHANGE_ON = dt.date(2024, 9, 1)
YEARS_BACK = 7

#: (description, lowest and highest net unit price in euros)
PRODUCTS = (
    ('Kannettava tietokone 14", 16 Gt, 512 Gt SSD', 549, 1199),
    ("Pöytätietokone, Intel Core i5", 649, 1099),
    ('Näyttö 27", QHD', 189, 349),
    ("Langaton hiiri", 15, 45),
    ("Näppäimistö, suomalainen asettelu", 19, 69),
    ("USB-C-laturi 65 W", 29, 59),
    ("Ulkoinen SSD-levy 1 Tt", 69, 129),
    ("Monitoimitulostin", 99, 299),
    ("Tulostimen värikasetti", 25, 79),
    ("WLAN-reititin", 59, 199),
    ("Tietoturvaohjelmisto, 1 vuoden lisenssi", 29, 59),
    ("Toimisto-ohjelmisto, 1 vuoden lisenssi", 69, 99),
    ("Kuulokkeet mikrofonilla", 25, 119),
)
SERVICES = (
    ("Huoltotyö, tunti", 59, 79),
    ("Asennustyö, tunti", 59, 79),
    ("Tietojen siirto vanhalta koneelta", 49, 99),
    ("Virusten poisto ja puhdistus", 69, 119),
    ("Käyttöjärjestelmän uudelleenasennus", 79, 129),
    ("Kotikäynti, Jyväskylä", 39, 59),
)
CORRECTION_REASONS = (
    "Laskulla väärä yksikköhinta.",
    "Tuote palautettu 14 päivän palautusoikeudella.",
    "Laskutettu väärältä asiakkaalta.",
)


@dataclass
class _Spec:
    issued_on: dt.date
    kind: str
    customer: Customer | None
    lines: list[tuple[str, Decimal, Decimal, Decimal]]
    corrects: _Spec | None = None
    reason: str = ""
    voucher: Voucher | None = field(default=None, repr=False)


def _vat_rate(day: dt.date) -> Decimal:
    return GENERAL_VAT_RATE if day >= RATE_CHANGE_ON else PREVIOUS_GENERAL_VAT_RATE


def _price(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)).scaleb(-2).quantize(Decimal("0.01"))


def _lines(
    rng: random.Random, kind: str, day: dt.date
) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    rate = _vat_rate(day)
    lines = []
    if kind == VoucherKind.SERVICE_INVOICE:
        name, low, high = rng.choice(SERVICES)
        hours = Decimal(rng.choice(("0.5", "1.00", "1.5", "2.00", "3.00")))
        lines.append((name, hours, _price(rng, low, high), rate))
        if rng.random() < 0.5:
            name, low, high = rng.choice(PRODUCTS[3:])
            lines.append((name, Decimal("1.00"), _price(rng, low, high), rate))
    else:
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            name, low, high = rng.choice(PRODUCTS)
            quantity = Decimal(rng.choice(("1.00", "1.00", "1.00", "2.00", "3.00")))
            lines.append((name, quantity, _price(rng, low, high), rate))
    return lines


def _random_day(rng: random.Random, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=rng.randint(0, YEARS_BACK * 365))


def _billing(customer: Customer | None) -> tuple[str, str, str]:
    if customer is None:
        return "", "", ""
    addresses = list(customer.addresses.all())
    billing = [a for a in addresses if a.kind == AddressKind.BILLING] or addresses
    emails = [e.value for e in customer.emails.all() if e.value]
    return (
        customer.name,
        billing[0].as_lines() if billing else "",
        emails[0] if emails else "",
    )


def _plan(customers: list[Customer], rng: random.Random, today: dt.date) -> list[_Spec]:
    specs: list[_Spec] = []
    for customer in customers:
        if rng.random() > 0.75:
            continue
        for _ in range(rng.randint(1, 5)):
            day = _random_day(rng, today)
            if customer.kind == CustomerKind.COMPANY:
                kind = rng.choice((VoucherKind.SALES_INVOICE, VoucherKind.SERVICE_INVOICE))
            else:
                kind = rng.choice(
                    (VoucherKind.RECEIPT,) * 3
                    + (VoucherKind.SALES_INVOICE, VoucherKind.SERVICE_INVOICE)
                )
            specs.append(_Spec(day, kind, customer, _lines(rng, kind, day)))
    for _ in range(100):
        day = _random_day(rng, today)
        specs.append(_Spec(day, VoucherKind.RECEIPT, None, _lines(rng, VoucherKind.RECEIPT, day)))

    invoices = [
        s
        for s in specs
        if s.kind in (VoucherKind.SALES_INVOICE, VoucherKind.SERVICE_INVOICE)
        and s.issued_on <= today - dt.timedelta(days=30)
    ]
    for index, original in enumerate(rng.sample(invoices, k=min(3, len(invoices)))):
        day = original.issued_on + dt.timedelta(days=rng.randint(3, 20))
        reason = CORRECTION_REASONS[index % len(CORRECTION_REASONS)]
        credit_lines = [(d, -q, p, r) for d, q, p, r in original.lines]
        specs.append(
            _Spec(day, VoucherKind.CREDIT_NOTE, original.customer, credit_lines, original, reason)
        )
        if index == 0:
            fixed = [
                (d, q, (p * Decimal("0.9")).quantize(Decimal("0.01")), r)
                for d, q, p, r in original.lines
            ]
            specs.append(_Spec(day, original.kind, original.customer, fixed, original, reason))
    return specs


def _voucher(spec: _Spec, number: str, fy: int, rng: random.Random) -> Voucher:
    name, address, email = _billing(spec.customer)
    if spec.corrects is not None and spec.corrects.voucher is not None:
        original = spec.corrects.voucher
        name, address, email = original.billed_name, original.billed_address, original.billed_email
    totals = voucher_totals(LineAmounts(q, p, r) for _d, q, p, r in spec.lines)
    issued_at = timezone.make_aware(
        dt.datetime.combine(spec.issued_on, dt.time(rng.randint(9, 17), rng.randint(0, 59)))
    )
    return Voucher(
        number=number,
        issued_on=spec.issued_on,
        financial_year=fy,
        kind=spec.kind,
        person=spec.customer.person if spec.customer is not None else None,
        customer=spec.customer,
        billed_name=name,
        billed_address=address,
        billed_email=email,
        total_net=totals.net,
        total_vat=totals.vat,
        total_gross=totals.gross,
        status=VoucherStatus.ISSUED,
        issued_at=issued_at,
        corrects=spec.corrects.voucher if spec.corrects is not None else None,
        correction_reason=spec.reason,
    )


def populate(people: list[Person], fake: faker.Faker, rng: random.Random, today: dt.date) -> None:
    """Create issued vouchers over seven years for demo customers, with a few corrections."""
    person_ids = {p.pk for p in people}
    customers = [
        c
        for c in Customer.objects.select_related("person").prefetch_related("addresses", "emails")
        if c.kind == CustomerKind.COMPANY or c.person_id in person_ids
    ]
    specs = _plan(customers, rng, today)
    if not specs:
        return
    fy_start = str(getattr(settings, "FINANCIAL_YEAR_START", "01-01"))
    counters = dict(VoucherSequence.objects.values_list("financial_year", "last_number"))
    numbered: list[tuple[_Spec, str, int]] = []
    for spec in sorted(specs, key=lambda s: (s.issued_on, s.corrects is not None)):
        fy = financial_year_of(spec.issued_on, fy_start)
        counters[fy] = counters.get(fy, 0) + 1
        numbered.append((spec, voucher_number(fy, counters[fy]), fy))

    # Originals first, so that corrections can point at them.
    for corrections in (False, True):
        batch = [(s, n, fy) for s, n, fy in numbered if (s.corrects is not None) is corrections]
        vouchers = Voucher.objects.bulk_create([_voucher(s, n, fy, rng) for s, n, fy in batch])
        for (spec, _number, _fy), voucher in zip(batch, vouchers, strict=True):
            spec.voucher = voucher

    VoucherLine.objects.bulk_create(
        [
            VoucherLine(
                voucher=spec.voucher,
                description=description,
                quantity=quantity,
                unit_price=unit_price,
                vat_rate=rate,
                line_total=line_net(quantity, unit_price),
            )
            for spec, _number, _fy in numbered
            for description, quantity, unit_price, rate in spec.lines
        ]
    )
    for year, last in counters.items():
        VoucherSequence.objects.update_or_create(
            financial_year=year, defaults={"last_number": last}
        )

    # A purchase restarts the customer's retention clock (legal.md §4 row 3).
    latest: dict[int, dt.date] = {}
    for spec in specs:
        if spec.customer is not None:
            day = latest.get(spec.customer.pk)
            latest[spec.customer.pk] = max(day, spec.issued_on) if day else spec.issued_on
    touched = []
    for customer in customers:
        day = latest.get(customer.pk)
        if day is not None and (
            customer.last_activity_on is None or customer.last_activity_on < day
        ):
            customer.last_activity_on = day
            touched.append(customer)
    Customer.objects.bulk_update(touched, ["last_activity_on"])
