"""The web-shop register: accounts, orders with their lines and IP address, cookie choices.

Orders keep the delivery and billing details *as ordered* (a snapshot, not a link
to the customer master data), and the IP address the order came from, which is
kept for a shorter time than the order itself (legal.md §4 rows 8, 9 and 15).
Passwords are never stored: only their Argon2 hash is.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.index import IndexedQuerySet
from rekisteri.subjects.models import new_reference


def new_account_reference() -> str:
    return new_reference("W")


def new_order_reference() -> str:
    return new_reference("O")


def new_cookie_choice_reference() -> str:
    return new_reference("K")


def new_pseudonymous_id() -> str:
    """Return a random browser identifier that says nothing about the person."""
    return secrets.token_urlsafe(18)


class WebshopAccount(models.Model):
    """A customer's login to the web shop (legal.md §4 row 8)."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_account_reference, editable=False
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="webshop_accounts",
    )
    username = models.CharField(_("username"), max_length=150, null=True, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    password_hash = models.CharField(_("password hash"), max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("web-shop account")
        verbose_name_plural = _("web-shop accounts")
        constraints = [
            # Case-insensitive: "Matti" and "matti" are one login. NULL (anonymised) repeats.
            models.UniqueConstraint(
                Lower("username"),
                name="webshop_account_username_unique",
                violation_error_message=_("This username is already taken."),
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)


class OrderStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PAID = "paid", _("Paid")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Order(models.Model):
    """A web-shop order with delivery and billing details as the customer gave them."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_order_reference, editable=False
    )
    number = models.CharField(
        _("order number"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    person = models.ForeignKey(
        "subjects.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="orders"
    )
    account = models.ForeignKey(
        WebshopAccount,
        verbose_name=_("web-shop account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
    )
    ordered_at = models.DateTimeField(_("ordered"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.RECEIVED
    )
    delivery_name = models.CharField(_("delivery name"), max_length=200, blank=True)
    delivery_street = models.CharField(_("delivery street address"), max_length=200, blank=True)
    delivery_postal_code = models.CharField(_("delivery postal code"), max_length=20, blank=True)
    delivery_city = models.CharField(_("delivery city"), max_length=100, blank=True)
    delivery_country = models.CharField(
        _("delivery country"), max_length=2, blank=True, default="FI"
    )
    billing_name = models.CharField(_("billing name"), max_length=200, blank=True)
    billing_street = models.CharField(_("billing street address"), max_length=200, blank=True)
    billing_postal_code = models.CharField(_("billing postal code"), max_length=20, blank=True)
    billing_city = models.CharField(_("billing city"), max_length=100, blank=True)
    billing_country = models.CharField(_("billing country"), max_length=2, blank=True, default="FI")
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    ip_address = models.GenericIPAddressField(
        _("IP address"), null=True, blank=True, editable=False
    )
    shipping_amount = models.DecimalField(
        _("shipping (EUR)"), max_digits=10, decimal_places=2, default=Decimal("0.00")
    )
    total_amount = models.DecimalField(
        _("total (EUR, VAT included)"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["ordered_at"], name="webshop_order_ordered_at")]

    def __str__(self) -> str:
        return self.number or self.reference

    @property
    def is_open(self) -> bool:
        return self.status not in (OrderStatus.DELIVERED, OrderStatus.CANCELLED)


class OrderLine(models.Model):
    """One product line of an order, as sold."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    product_name = models.CharField(_("product"), max_length=200)
    sku = models.CharField(_("product code"), max_length=64, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_price = models.DecimalField(
        _("unit price (EUR, VAT included)"), max_digits=10, decimal_places=2
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


class CookiePurpose(models.TextChoices):
    """The purposes a visitor chooses cookies for (Laki sähköisen viestinnän palveluista 205 §)."""

    NECESSARY = "necessary", _("Strictly necessary")
    ANALYTICS = "analytics", _("Analytics")
    MARKETING = "marketing", _("Marketing")


class CookieConsent(models.Model):
    """One cookie-banner choice, kept as proof of consent; no IP address is stored."""

    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        default=new_cookie_choice_reference,
        editable=False,
    )
    pseudonymous_id = models.CharField(
        _("browser identifier"),
        max_length=64,
        blank=True,
        default=new_pseudonymous_id,
        db_index=True,
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cookie_choices",
    )
    banner_version = models.CharField(_("banner version"), max_length=40)
    choices = models.JSONField(_("choices"), default=dict, blank=True)
    chosen_at = models.DateTimeField(_("chosen"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("cookie choice")
        verbose_name_plural = _("cookie choices")

    def __str__(self) -> str:
        return self.reference

    def allows(self, purpose: CookiePurpose) -> bool:
        return purpose is CookiePurpose.NECESSARY or bool(self.choices.get(purpose.value, False))
