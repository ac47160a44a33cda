"""Staff forms of the web-shop register: order corrections and account upkeep.

Orders and accounts are created by the web shop through the API; staff correct
delivery and contact data as ordered, move the order status on, and close or
reopen accounts. Passwords are never typed into a staff form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rekisteri.lib.validators import validate_phone
from rekisteri.privacy.identifiers import normalise_phone
from rekisteri.registers.webshop.models import Order, OrderStatus, WebshopAccount
from rekisteri.registers.webshop.services import CORRECTABLE_ORDER_FIELDS, STATUS_FLOW


class OrderForm(forms.ModelForm):  # type: ignore[type-arg]
    """Correct an order's delivery and contact details, or move its status on."""

    class Meta:
        model = Order
        fields = ["status", *CORRECTABLE_ORDER_FIELDS]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(validate_phone)
        current = self.instance.status if self.instance.pk else OrderStatus.RECEIVED
        allowed = {current, *STATUS_FLOW.get(current, frozenset())}
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [(v, label) for v, label in OrderStatus.choices if v in allowed]

    def clean_phone(self) -> str:
        value: str = self.cleaned_data.get("phone", "")
        if not value:
            return ""
        return normalise_phone(value) or value

    def _clean_country(self, name: str) -> str:
        value: str = (self.cleaned_data.get(name) or "").strip().upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise forms.ValidationError(_("Give the country as a two-letter code, e.g. FI."))
        return value

    def clean_delivery_country(self) -> str:
        return self._clean_country("delivery_country")

    def clean_billing_country(self) -> str:
        return self._clean_country("billing_country")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix in ("delivery", "billing"):
            country = data.get(f"{prefix}_country") or ""
            postal = (data.get(f"{prefix}_postal_code") or "").strip()
            if country == "FI" and postal and not (len(postal) == 5 and postal.isdigit()):
                self.add_error(
                    f"{prefix}_postal_code",
                    _("A Finnish postal code has five digits, e.g. 40100."),
                )
        return data


class WebshopAccountForm(forms.ModelForm):  # type: ignore[type-arg]
    """Correct the account's e-mail, or close and reopen the account."""

    class Meta:
        model = WebshopAccount
        fields = ["email", "is_active"]
