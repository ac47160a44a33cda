"""Pure rules of the accounting register: VAT and totals, voucher numbers, retention.

No ORM and no clock: callers pass amounts, dates and the financial-year start.
Money is :class:`~decimal.Decimal` rounded half up to whole cents (the way
Finnish invoices and the Tax Administration round); VAT is computed per rate on
the rate's net sum, so a voucher's VAT breakdown adds up exactly
(Arvonlisäverolaki 1501/1993 209 e § lists the breakdown an invoice shows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from rekisteri.privacy.retention import add_months, financial_year_end, get_rule

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

#: Finnish VAT rates in force, in per cent (general rate 25.5 % since 1.9.2024).
VAT_RATES: tuple[Decimal, ...] = (
    Decimal("25.5"),
    Decimal("14.0"),
    Decimal("13.5"),
    Decimal("10.0"),
    Decimal("0.0"),
)
GENERAL_VAT_RATE = VAT_RATES[0]
#: The general rate before 1.9.2024: vouchers issued earlier (and their credit
#: notes) carry it, and they are kept for six years.
PREVIOUS_GENERAL_VAT_RATE = Decimal("24.0")
#: Every rate a stored voucher line may carry.
KNOWN_VAT_RATES: tuple[Decimal, ...] = (*VAT_RATES, PREVIOUS_GENERAL_VAT_RATE)


def round_cents(amount: Decimal) -> Decimal:
    """Round to whole cents, halves away from zero (0.005 → 0.01, -0.005 → -0.01)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def line_net(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """Return a line's net total: quantity × unit price (VAT excluded), in cents."""
    return round_cents(quantity * unit_price)


def vat_of(net: Decimal, rate: Decimal) -> Decimal:
    """Return the VAT on a net amount at ``rate`` per cent, in cents."""
    if rate not in KNOWN_VAT_RATES:
        raise ValueError(f"not a Finnish VAT rate: {rate}")
    return round_cents(net * rate / Decimal(100))


@dataclass(frozen=True)
class LineAmounts:
    """What the arithmetic needs of one voucher line."""

    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal


@dataclass(frozen=True)
class VatRow:
    """One row of a voucher's VAT breakdown."""

    rate: Decimal
    net: Decimal
    vat: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    gross: Decimal
    breakdown: tuple[VatRow, ...] = ()


def vat_breakdown(lines: Iterable[LineAmounts]) -> tuple[VatRow, ...]:
    """Group line nets by VAT rate and compute each rate's VAT once, highest rate first."""
    nets: dict[Decimal, Decimal] = {}
    for line in lines:
        rate = Decimal(line.vat_rate)
        if rate not in KNOWN_VAT_RATES:
            raise ValueError(f"not a Finnish VAT rate: {rate}")
        nets[rate] = nets.get(rate, ZERO) + line_net(line.quantity, line.unit_price)
    return tuple(
        VatRow(rate=rate, net=net, vat=vat_of(net, rate))
        for rate, net in sorted(nets.items(), reverse=True)
    )


def voucher_totals(lines: Iterable[LineAmounts]) -> Totals:
    """Return net, VAT and gross totals of a voucher; gross is exactly net + VAT."""
    breakdown = vat_breakdown(lines)
    net = sum((row.net for row in breakdown), ZERO)
    vat = sum((row.vat for row in breakdown), ZERO)
    return Totals(net=net, vat=vat, gross=net + vat, breakdown=breakdown)


# --- Numbers and years -----------------------------------------------------------------


def financial_year_of(day: dt.date, fy_start: str = "01-01") -> int:
    """Return the financial year of ``day``, named by the calendar year in which it ends.

    With the default calendar year this is ``day.year``; with a year starting
    1 May, 15 March 2027 belongs to the year 1.5.2026–30.4.2027, named 2027.
    """
    return financial_year_end(day, fy_start).year


def voucher_number(financial_year: int, sequence: int) -> str:
    """Return the running voucher number ``YYYY-NNNNNN`` (one series per financial year)."""
    if sequence < 1:
        raise ValueError("voucher sequence numbers start at 1")
    return f"{financial_year}-{sequence:06d}"


def voucher_retention_ends_on(financial_year: int) -> dt.date:
    """Return the first day a voucher of ``financial_year`` may be disposed of.

    Vouchers are kept six years from the end of the calendar year in which the
    financial year ended (Kirjanpitolaki 1336/1997 2:10; legal.md §4 row 2).
    Financial years are named by the calendar year in which they end.
    """
    rule = get_rule("accounting_vouchers")
    return add_months(dt.date(financial_year + 1, 1, 1), rule.months) + dt.timedelta(days=rule.days)


def last_disposable_financial_year(today: dt.date) -> int:
    """Return the newest financial year whose vouchers are past retention on ``today``."""
    year = today.year
    while voucher_retention_ends_on(year) > today:
        year -= 1
    return year
