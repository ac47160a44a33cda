"""Test data for the accounting register."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rekisteri.registers.customers.models import Customer
from rekisteri.registers.customers.tests.factories import private_customer
from rekisteri.registers.sales.models import Voucher, VoucherKind
from rekisteri.registers.sales.services import LineInput, create_voucher_draft
from rekisteri.subjects.models import Person

LAPTOP = LineInput("Kannettava tietokone", Decimal("1"), Decimal("800.00"), Decimal("25.5"))
MOUSE = LineInput("Langaton hiiri", Decimal("2"), Decimal("19.99"), Decimal("25.5"))


def draft_for_customer(actor: Any = None, **overrides: Any) -> Voucher:
    customer = overrides.pop("customer", None) or private_customer(actor)
    data: dict[str, Any] = {"kind": VoucherKind.SALES_INVOICE, "lines": [LAPTOP, MOUSE]}
    data.update(overrides)
    return create_voucher_draft(actor, customer=customer, **data)


def customer_of(voucher: Voucher) -> Customer:
    """The voucher's customer; fails the test when there is none."""
    assert voucher.customer is not None
    return voucher.customer


def person_of(voucher: Voucher) -> Person:
    """The voucher's person; fails the test when there is none."""
    assert voucher.person is not None
    return voucher.person
