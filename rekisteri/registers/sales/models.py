"""The accounting register: sales and service vouchers (invoices, receipts, credit notes).

A voucher is a draft until it is issued; from then on it is the record of a
business transaction and may not be changed or deleted (Kirjanpitolaki
1336/1997 2:10; an error is corrected by a new entry — a credit note and, if
needed, a new voucher). The model guards enforce this for single-row saves and
deletes and for queryset updates and deletes, until the voucher's six-year
retention period has ended; the services are the only way to issue.

The name, address and e-mail a voucher was issued to are a snapshot: they stay
as issued even when the customer's data changes or is erased.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.index import IndexedQuerySet
from rekisteri.registers.sales.policies import (
    GENERAL_VAT_RATE,
    PREVIOUS_GENERAL_VAT_RATE,
    VAT_RATES,
    last_disposable_financial_year,
)
from rekisteri.subjects.models import new_reference


def new_voucher_reference() -> str:
    return new_reference("T")


class VoucherKind(models.TextChoices):
    SALES_INVOICE = "sales_invoice", _("Sales invoice")
    RECEIPT = "receipt", _("Receipt")
    SERVICE_INVOICE = "service_invoice", _("Service invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class VoucherStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


VAT_RATE_CHOICES = [
    (VAT_RATES[0], _("25.5 % (general rate)")),
    (VAT_RATES[1], _("14 % (reduced rate)")),
    (VAT_RATES[2], _("13.5 % (reduced rate)")),
    (VAT_RATES[3], _("10 % (reduced rate)")),
    (VAT_RATES[4], _("0 % (zero-rated or exempt)")),
    (PREVIOUS_GENERAL_VAT_RATE, _("24 % (general rate until 31.8.2024)")),
]


class VoucherLocked(ValidationError):
    """Raised when an issued voucher or its lines would be changed or deleted."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "An issued voucher cannot be changed or deleted; "
                "correct it with a credit note instead."
            ),
            code="voucher_issued",
        )


def _locked_filter(today: dt.date) -> models.Q:
    """Issued vouchers still within their retention period (they may not change)."""
    return models.Q(status=VoucherStatus.ISSUED) & (
        models.Q(financial_year__isnull=True)
        | models.Q(financial_year__gt=last_disposable_financial_year(today))
    )


class VoucherQuerySet(IndexedQuerySet["Voucher"]):
    """Bulk updates and deletes refuse issued vouchers that are still kept by law."""

    def locked(self) -> VoucherQuerySet:
        return self.filter(_locked_filter(timezone.localdate()))

    def update(self, **kwargs: Any) -> int:
        if self.locked().exists():
            raise VoucherLocked
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.locked().exists():
            raise VoucherLocked
        return super().delete()


class VoucherSequence(models.Model):
    """The running-number counter of one financial year; locked while a number is taken."""

    financial_year = models.PositiveSmallIntegerField(_("financial year"), unique=True)
    last_number = models.PositiveIntegerField(_("last voucher number"), default=0)

    class Meta:
        verbose_name = _("voucher number sequence")
        verbose_name_plural = _("voucher number sequences")

    def __str__(self) -> str:
        return f"{self.financial_year}: {self.last_number}"


class Voucher(models.Model):
    """A sales or service voucher (invoice, receipt) or a credit note correcting one."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_voucher_reference, editable=False
    )
    number = models.CharField(
        _("voucher number"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    issued_on = models.DateField(_("voucher date"), null=True, blank=True)
    financial_year = models.PositiveSmallIntegerField(
        _("financial year"), null=True, blank=True, editable=False
    )
    kind = models.CharField(
        _("voucher type"), max_length=20, choices=VoucherKind.choices, default=VoucherKind.RECEIPT
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vouchers",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vouchers",
    )
    billed_name = models.CharField(_("billed name"), max_length=200, blank=True)
    billed_address = models.TextField(_("billed address"), blank=True)
    billed_email = models.EmailField(_("billed e-mail"), max_length=254, blank=True)
    total_net = models.DecimalField(
        _("total excluding VAT"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    total_vat = models.DecimalField(
        _("VAT"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    total_gross = models.DecimalField(
        _("total including VAT"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=VoucherStatus.choices,
        default=VoucherStatus.DRAFT,
        editable=False,
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True, editable=False)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects voucher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        editable=False,
    )
    correction_reason = models.TextField(_("reason for correction"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VoucherQuerySet.as_manager()

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["financial_year", "status"], name="sales_voucher_year_status"),
            models.Index(fields=["issued_on"], name="sales_voucher_issued_on"),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        return f"{label} {self.number}" if self.number else f"{label} {self.reference}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The stored row decides, not this instance: an issued voucher loaded and
        # edited in memory must still be refused (Kirjanpitolaki 2:10).
        if self.is_locked():
            raise VoucherLocked
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.is_locked():
            raise VoucherLocked
        return super().delete(*args, **kwargs)

    @property
    def is_issued(self) -> bool:
        return self.status == VoucherStatus.ISSUED

    def is_locked(self, today: dt.date | None = None) -> bool:
        """Whether the stored voucher is issued and still kept by law (so unchangeable)."""
        return voucher_is_locked(self.pk, today)


def voucher_is_locked(pk: int | None, today: dt.date | None = None) -> bool:
    """Whether the stored voucher ``pk`` is issued and still within its retention period."""
    if pk is None:
        return False
    locked = _locked_filter(today or timezone.localdate())
    return Voucher.objects.filter(pk=pk).filter(locked).exists()


class VoucherLineQuerySet(IndexedQuerySet["VoucherLine"]):
    def _touches_locked(self) -> bool:
        locked = Voucher.objects.filter(_locked_filter(timezone.localdate()))
        return self.filter(voucher__in=locked).exists()

    def update(self, **kwargs: Any) -> int:
        if self._touches_locked():
            raise VoucherLocked
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self._touches_locked():
            raise VoucherLocked
        return super().delete()


class VoucherLine(models.Model):
    """One line of a voucher; unit price and line total exclude VAT."""

    voucher = models.ForeignKey(
        Voucher, verbose_name=_("voucher"), on_delete=models.CASCADE, related_name="lines"
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, default=Decimal("1.00")
    )
    unit_price = models.DecimalField(_("unit price excluding VAT"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=4,
        decimal_places=1,
        choices=VAT_RATE_CHOICES,
        default=GENERAL_VAT_RATE,
    )
    line_total = models.DecimalField(
        _("line total excluding VAT"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )

    objects = VoucherLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("voucher line")
        verbose_name_plural = _("voucher lines")
        ordering = ["voucher_id", "id"]

    def __str__(self) -> str:
        return self.description

    def save(self, *args: Any, **kwargs: Any) -> None:
        if voucher_is_locked(self.voucher_id):
            raise VoucherLocked
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if voucher_is_locked(self.voucher_id):
            raise VoucherLocked
        return super().delete(*args, **kwargs)
