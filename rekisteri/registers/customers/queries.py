"""Read helpers of the customer register for screens, vouchers and exports."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from rekisteri.registers.customers.models import AddressKind, Customer


@dataclass(frozen=True)
class BillingDetails:
    """What an invoice is issued to: the customer's name, address and e-mail now."""

    name: str
    address: str
    email: str


def find_customer_by_number(number: int) -> Customer | None:
    """Return the customer with this customer number, or ``None``."""
    return Customer.objects.select_related("person").filter(customer_number=number).first()


def list_customers() -> models.QuerySet[Customer]:
    """Return every customer with the person and addresses loaded (the list shows both)."""
    return Customer.objects.select_related("person").prefetch_related("addresses")


def billing_details(customer: Customer) -> BillingDetails:
    """Return the name, billing address (or else a delivery address) and first e-mail.

    A voucher copies these when it is issued; the copy is the voucher's and stays
    as issued (Kirjanpitolaki 1336/1997 2:10) even when the customer's data changes.
    """
    addresses = list(customer.addresses.all())
    billing = [a for a in addresses if a.kind == AddressKind.BILLING] or addresses
    email = customer.emails.exclude(value="").values_list("value", flat=True).first() or ""
    return BillingDetails(
        name=customer.name,
        address=billing[0].as_lines() if billing else "",
        email=email,
    )
