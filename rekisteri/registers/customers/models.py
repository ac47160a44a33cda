"""The customer register: customers, their contact details and company contact persons.

A customer is either a private person (``person`` set) or a company (``person``
empty; its contact persons are people in their own right). Contact details are
kept in their own rows so that a customer may have several and each records
where it came from (GDPR Art. 14(2)(f), 15(1)(g)). Personal fields are blank or
nullable so that anonymisation can clear them; the customer number is a running
number that carries no personal data.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.index import IndexedQuerySet
from rekisteri.subjects.models import new_reference


def new_customer_reference() -> str:
    return new_reference("A")


class Channel(models.TextChoices):
    """How the data reached us, as the privacy notice lists the channels."""

    IN_SHOP = "in_shop", _("In the shop")
    PHONE = "phone", _("By phone")
    EMAIL = "email", _("By e-mail")
    WEBSITE = "website", _("Through the website")
    AUTHORISED_THIRD_PARTY = "authorised_third_party", _("From an authorised third party")


class CustomerKind(models.TextChoices):
    PRIVATE = "private", _("Private customer")
    COMPANY = "company", _("Company customer")


class ContactLabel(models.TextChoices):
    HOME = "home", _("Home")
    WORK = "work", _("Work")
    OTHER = "other", _("Other")


class AddressKind(models.TextChoices):
    DELIVERY = "delivery", _("Delivery address")
    BILLING = "billing", _("Billing address")


class CustomerNumberSequence(models.Model):
    """The one counter row from which customer numbers are taken (locked while taken)."""

    last_number = models.PositiveIntegerField(_("last customer number"), default=10000)

    class Meta:
        verbose_name = _("customer number sequence")
        verbose_name_plural = _("customer number sequences")

    def __str__(self) -> str:
        return str(self.last_number)


class Customer(models.Model):
    """A customer: a private person or a company we sell to or service for."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_customer_reference, editable=False
    )
    customer_number = models.PositiveIntegerField(
        _("customer number"), unique=True, null=True, blank=True, editable=False
    )
    kind = models.CharField(
        _("customer type"),
        max_length=20,
        choices=CustomerKind.choices,
        default=CustomerKind.PRIVATE,
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customers",
    )
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    business_id = models.CharField(_("business ID"), max_length=9, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(
        _("source"), max_length=30, choices=Channel.choices, default=Channel.IN_SHOP
    )
    last_activity_on = models.DateField(
        _("last purchase, service or contact"),
        null=True,
        blank=True,
        help_text=_("Starts the retention period of the customer master data."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["customer_number", "id"]
        indexes = [models.Index(fields=["last_activity_on"], name="customers_last_activity")]

    def __str__(self) -> str:
        number = str(self.customer_number) if self.customer_number else self.reference
        return f"{number} {self.name}".strip()

    @property
    def is_company(self) -> bool:
        return self.kind == CustomerKind.COMPANY

    @property
    def name(self) -> str:
        """The company name, or the person's full name; "" once anonymised."""
        if self.is_company:
            return self.company_name
        return self.person.full_name if self.person is not None else ""

    @property
    def city(self) -> str:
        """The city of the first billing address, or of any address (for lists)."""
        addresses = list(self.addresses.all())
        billing = [a for a in addresses if a.kind == AddressKind.BILLING] or addresses
        return billing[0].city if billing else ""


class CustomerEmail(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="emails"
    )
    value = models.EmailField(_("e-mail"), max_length=254, blank=True)
    label = models.CharField(_("label"), max_length=10, choices=ContactLabel.choices, blank=True)
    source = models.CharField(
        _("source"), max_length=30, choices=Channel.choices, default=Channel.IN_SHOP
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer e-mail")
        verbose_name_plural = _("customer e-mails")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.value


class CustomerPhone(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="phones"
    )
    value = models.CharField(_("phone"), max_length=20, blank=True)
    label = models.CharField(_("label"), max_length=10, choices=ContactLabel.choices, blank=True)
    source = models.CharField(
        _("source"), max_length=30, choices=Channel.choices, default=Channel.IN_SHOP
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer phone")
        verbose_name_plural = _("customer phones")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.value


class CustomerAddress(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="addresses"
    )
    kind = models.CharField(
        _("address type"), max_length=10, choices=AddressKind.choices, default=AddressKind.BILLING
    )
    street = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="FI", blank=True)
    source = models.CharField(
        _("source"), max_length=30, choices=Channel.choices, default=Channel.IN_SHOP
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer address")
        verbose_name_plural = _("customer addresses")
        ordering = ["id"]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.street, f"{self.postal_code} {self.city}".strip()) if p)

    def as_lines(self) -> str:
        """The address as it is printed on an invoice, one line per part."""
        lines = [self.street, f"{self.postal_code} {self.city}".strip()]
        if self.country and self.country != "FI":
            lines.append(self.country)
        return "\n".join(line for line in lines if line)


class ContactPerson(models.Model):
    """A company customer's contact person (usually told to us by the company)."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="contact_persons",
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_roles",
    )
    role_title = models.CharField(_("role or title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    source = models.CharField(
        _("source"), max_length=30, choices=Channel.choices, default=Channel.AUTHORISED_THIRD_PARTY
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = IndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["id"]

    def __str__(self) -> str:
        name = self.person.full_name if self.person is not None else ""
        return f"{name} ({self.role_title})" if self.role_title else name
