"""Data-map declarations of the web-shop register: accounts, orders, order lines and
cookie choices (legal.md §4 rows 4, 8, 9 and 15).

The order's IP address has its own, shorter rule (``order_ip_address``, 13 months)
while the rest of the order follows the purchase history. The password hash is
secret: it is masked on every screen and never exported.
"""

from __future__ import annotations

from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import (
    Basis,
    Category,
    Erasure,
    IdentifierKind,
    Purpose,
    RecipientType,
    Sensitivity,
    Source,
)
from rekisteri.registers.webshop.models import CookieConsent, Order, OrderLine, WebshopAccount

declare(
    WebshopAccount,
    register="webshop",
    subject="person",
    purposes=[Purpose.WEBSHOP],
    basis=Basis.CONTRACT,
    # The clock starts at ``last_login_at`` (Trigger.LAST_ACTIVITY).
    retention="webshop_account",
    retention_from=("last_login_at", "created_at"),
    erasure=Erasure.DELETE,
    portable=True,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        "username": personal(Category.ONLINE_ACCOUNT, identifier=IdentifierKind.USERNAME),
        "email": personal(Category.CONTACT, identifier=IdentifierKind.EMAIL),
        "password_hash": personal(
            Category.ONLINE_ACCOUNT,
            purposes=[Purpose.WEBSHOP, Purpose.SECURITY],
            sensitivity=Sensitivity.SECRET,
            portable=False,
        ),
        "created_at": personal(Category.ONLINE_ACCOUNT),
        "last_login_at": personal(Category.ONLINE_ACCOUNT, source=Source.EMPLOYER, portable=False),
        "is_active": NOT_PERSONAL,
    },
)

declare(
    Order,
    register="webshop",
    subject="person",
    purposes=[Purpose.SALES, Purpose.WEBSHOP],
    basis=Basis.CONTRACT,
    retention="purchase_history",
    retention_from="ordered_at",
    erasure=Erasure.DELETE,
    portable=True,
    recipients=[
        RecipientType.DROP_SHIPMENT,
        RecipientType.LICENCE_DELIVERY,
        RecipientType.WARRANTY_REGISTRATION,
    ],
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "number": personal(Category.PURCHASE, identifier=IdentifierKind.ORDER_NUMBER),
        "person": NOT_PERSONAL,
        "account": NOT_PERSONAL,
        "ordered_at": personal(Category.PURCHASE),
        "status": NOT_PERSONAL,
        "delivery_name": personal(Category.IDENTITY, identifier=IdentifierKind.NAME),
        "delivery_street": personal(Category.ADDRESS),
        "delivery_postal_code": personal(Category.ADDRESS),
        "delivery_city": personal(Category.ADDRESS),
        "delivery_country": personal(Category.ADDRESS),
        "billing_name": personal(Category.IDENTITY, identifier=IdentifierKind.NAME),
        "billing_street": personal(Category.ADDRESS),
        "billing_postal_code": personal(Category.ADDRESS),
        "billing_city": personal(Category.ADDRESS),
        "billing_country": personal(Category.ADDRESS),
        "email": personal(Category.CONTACT, identifier=IdentifierKind.EMAIL),
        "phone": personal(Category.CONTACT, identifier=IdentifierKind.PHONE),
        "comment": personal(Category.NOTES, free_text=True),
        # Legal.md §4 row 9: kept 13 months from the order date for fraud and
        # chargeback cases, while the order itself stays for the purchase history.
        "ip_address": personal(
            Category.ONLINE_IDENTIFIER,
            purposes=[Purpose.SECURITY],
            basis=Basis.LEGITIMATE_INTEREST,
            retention="order_ip_address",
            portable=False,
            recipients=[],
            identifier=IdentifierKind.IP,
        ),
        "shipping_amount": personal(Category.PURCHASE),
        "total_amount": personal(Category.PURCHASE),
    },
)

declare(
    OrderLine,
    register="webshop",
    subject="order__person",
    purposes=[Purpose.SALES, Purpose.WEBSHOP],
    basis=Basis.CONTRACT,
    retention="purchase_history",
    retention_from="order__ordered_at",
    erasure=Erasure.DELETE,
    portable=True,
    fields={
        "id": NOT_PERSONAL,
        "order": NOT_PERSONAL,
        "product_name": personal(Category.PURCHASE),
        "sku": personal(Category.PURCHASE),
        "quantity": personal(Category.PURCHASE),
        "unit_price": personal(Category.PURCHASE),
    },
)

declare(
    CookieConsent,
    register="webshop",
    subject="person",
    purposes=[Purpose.CONSENT_PROOF],
    basis=Basis.LEGAL_OBLIGATION,
    retention="cookie_consent",
    retention_from="chosen_at",
    erasure=Erasure.DELETE,
    portable=False,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "pseudonymous_id": personal(Category.ONLINE_IDENTIFIER),
        "person": NOT_PERSONAL,
        "banner_version": NOT_PERSONAL,
        "choices": personal(Category.COOKIE_CHOICE),
        "chosen_at": personal(Category.COOKIE_CHOICE),
    },
)
