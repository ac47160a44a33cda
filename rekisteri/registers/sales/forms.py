"""Back-office forms of the accounting register.

Only drafts can be edited: the voucher form refuses an issued voucher with a
translated error (Kirjanpitolaki 2:10), before the services and the model guard
would. A form that fails keeps everything typed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rekisteri.registers.customers.models import Customer
from rekisteri.registers.customers.queries import find_customer_by_number
from rekisteri.registers.sales.models import VAT_RATE_CHOICES, Voucher, VoucherKind, VoucherLine
from rekisteri.registers.sales.policies import VAT_RATES

ISSUED_MESSAGE = _("An issued voucher cannot be edited; correct it with a credit note instead.")


class VoucherForm(forms.ModelForm):  # type: ignore[type-arg]
    """Create or edit a draft voucher; the customer is chosen by customer number."""

    customer_number = forms.IntegerField(
        label=_("Customer number"),
        required=False,
        min_value=1,
        help_text=_(
            "Leave empty for an anonymous receipt. Empty billing details are copied "
            "from the customer."
        ),
    )

    class Meta:
        model = Voucher
        fields = [
            "kind",
            "customer_number",
            "issued_on",
            "billed_name",
            "billed_address",
            "billed_email",
        ]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "billed_address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer: Customer | None = self.instance.customer if self.instance.pk else None
        kind_field = self.fields["kind"]
        if isinstance(kind_field, forms.ChoiceField):
            kind_field.choices = [
                (value, label)
                for value, label in VoucherKind.choices
                if value != VoucherKind.CREDIT_NOTE
            ]
        self.fields["issued_on"].help_text = _("Defaults to the day the voucher is issued.")
        if self.customer is not None:
            self.initial.setdefault("customer_number", self.customer.customer_number)
        if self.instance.pk and self.instance.is_issued:
            for field in self.fields.values():
                field.disabled = True

    def clean_customer_number(self) -> int | None:
        number: int | None = self.cleaned_data.get("customer_number")
        if number is None:
            self.customer = None
            return None
        customer = find_customer_by_number(number)
        if customer is None:
            raise ValidationError(_("No customer has this number."), code="unknown_customer")
        self.customer = customer
        return number

    def clean(self) -> dict[str, Any]:
        if self.instance.pk and self.instance.is_issued:
            raise ValidationError(ISSUED_MESSAGE, code="voucher_issued")
        return super().clean() or {}


class VoucherLineForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = VoucherLine
        fields = ["description", "quantity", "unit_price", "vat_rate"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        # New lines take the rates in force; 24 % exists only on older vouchers.
        rate_field = self.fields["vat_rate"]
        if isinstance(rate_field, forms.ChoiceField):
            rate_field.choices = [
                (value, label) for value, label in VAT_RATE_CHOICES if value in VAT_RATES
            ]

    def clean_quantity(self) -> Decimal:
        quantity: Decimal = self.cleaned_data["quantity"]
        if quantity == 0:
            raise ValidationError(_("The quantity cannot be zero."), code="zero_quantity")
        return quantity


class CorrectionForm(forms.Form):
    """Correct an issued voucher: a credit note, and optionally a new draft to fix and issue."""

    REPLACE_NONE = "none"
    REPLACE_DRAFT = "draft"

    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stays with the credit note; write no more personal data than needed."),
    )
    replacement = forms.ChoiceField(
        label=_("Replacement"),
        choices=[
            (REPLACE_NONE, _("Credit note only")),
            (REPLACE_DRAFT, _("Credit note and a new draft with the same lines, to fix and issue")),
        ],
        initial=REPLACE_DRAFT,
        widget=forms.RadioSelect,
    )
