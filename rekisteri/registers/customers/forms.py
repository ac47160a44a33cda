"""Back-office forms of the customer register.

The forms validate and normalise (phones to E.164, business IDs to ``1234567-8``);
saving goes through the services. A form that fails keeps everything typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rekisteri.lib.validators import format_business_id, validate_business_id, validate_phone
from rekisteri.privacy.identifiers import normalise_phone
from rekisteri.registers.customers.models import (
    AddressKind,
    Channel,
    ContactPerson,
    Customer,
    CustomerAddress,
    CustomerEmail,
    CustomerKind,
    CustomerPhone,
)

#: Fields of the create form that only exist while creating (they become Person and contacts).
CREATE_ONLY_FIELDS = ("email", "phone", "address_kind", "street", "postal_code", "city", "country")


def _normalised_phone(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    validate_phone(value)
    return normalise_phone(value) or value


def _country_code(value: str) -> str:
    code = (value or "FI").strip().upper()
    if len(code) != 2 or not code.isalpha() or not code.isascii():
        raise ValidationError(
            _("Enter a two-letter country code, e.g. FI."), code="invalid_country"
        )
    return code


def _address_errors(data: dict[str, Any]) -> dict[str, str]:
    """Return errors of a (partly) filled address; an empty address is no error."""
    street, postal_code = data.get("street", ""), data.get("postal_code", "")
    city, country = data.get("city", ""), (data.get("country") or "FI").upper()
    if not (street or postal_code or city):
        return {}
    errors: dict[str, str] = {}
    if not street:
        errors["street"] = str(_("Enter the street address."))
    if not city:
        errors["city"] = str(_("Enter the city."))
    if country == "FI" and not (len(postal_code) == 5 and postal_code.isdigit()):
        errors["postal_code"] = str(_("A Finnish postal code has five digits, e.g. 40100."))
    return errors


class CustomerForm(forms.ModelForm):  # type: ignore[type-arg]
    """Create a customer (with the person's name and first contacts) or edit one.

    Editing shows only the customer's own fields and the person's names; contact
    details are edited on the customer's contacts page.
    """

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address_kind = forms.ChoiceField(
        label=_("Address type"), choices=AddressKind.choices, initial=AddressKind.BILLING
    )
    street = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        initial="FI",
        help_text=_("Two-letter country code, e.g. FI."),
    )

    class Meta:
        model = Customer
        fields = [
            "kind",
            "first_name",
            "last_name",
            "company_name",
            "business_id",
            "source",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(
            ["kind", "first_name", "last_name", "company_name", "business_id", "email", "phone"]
        )
        self.fields["business_id"].help_text = _("Company customers: Y-tunnus, e.g. 2622560-3.")
        if self.is_editing:
            for name in ("kind", *CREATE_ONLY_FIELDS):
                del self.fields[name]
            if self.instance.is_company:
                del self.fields["first_name"]
                del self.fields["last_name"]
            elif self.instance.person is not None:
                self.initial.setdefault("first_name", self.instance.person.first_name)
                self.initial.setdefault("last_name", self.instance.person.last_name)
                del self.fields["company_name"]
                del self.fields["business_id"]

    @property
    def is_editing(self) -> bool:
        return self.instance.pk is not None

    def clean_phone(self) -> str:
        return _normalised_phone(self.cleaned_data.get("phone", ""))

    def clean_business_id(self) -> str:
        value: str = self.cleaned_data.get("business_id", "").strip()
        if not value:
            return ""
        validate_business_id(value)
        return format_business_id(value)

    def clean_country(self) -> str:
        return _country_code(self.cleaned_data.get("country", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind") or self.instance.kind
        named = data.get("first_name") or data.get("last_name")
        if kind == CustomerKind.PRIVATE and "last_name" in self.fields and not named:
            self.add_error("last_name", _("A private customer needs a name."))
        company = data.get("company_name")
        if kind == CustomerKind.COMPANY and "company_name" in self.fields and not company:
            self.add_error("company_name", _("A company customer needs a company name."))
        if not self.is_editing:
            for name, message in _address_errors(data).items():
                self.add_error(name, message)
        return data


class CustomerEmailForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CustomerEmail
        fields = ["value", "label", "source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].required = True


class CustomerPhoneForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CustomerPhone
        fields = ["value", "label", "source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].required = True

    def clean_value(self) -> str:
        return _normalised_phone(self.cleaned_data.get("value", ""))


class CustomerAddressForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CustomerAddress
        fields = ["kind", "street", "postal_code", "city", "country", "source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("street", "city"):
            self.fields[name].required = True

    def clean_country(self) -> str:
        return _country_code(self.cleaned_data.get("country", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, message in _address_errors(data).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class ContactPersonForm(forms.ModelForm):  # type: ignore[type-arg]
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)

    class Meta:
        model = ContactPerson
        fields = ["first_name", "last_name", "role_title", "email", "phone", "source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("source", Channel.AUTHORISED_THIRD_PARTY)

    def clean_phone(self) -> str:
        return _normalised_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("first_name") or data.get("last_name")):
            self.add_error("last_name", _("Enter the contact person's name."))
        return data
