"""Validation of the customer forms: translated errors, input kept, values normalised."""

from __future__ import annotations

import pytest
from django.utils import translation

from rekisteri.registers.customers.forms import (
    ContactPersonForm,
    CustomerAddressForm,
    CustomerForm,
    CustomerPhoneForm,
)
from rekisteri.registers.customers.models import CustomerKind
from rekisteri.registers.customers.tests.factories import company_customer, private_customer

pytestmark = pytest.mark.django_db

VALID = {
    "kind": CustomerKind.PRIVATE,
    "first_name": "Testi",
    "last_name": "Asiakas",
    "email": "testi@example.fi",
    "phone": "040 123 4567",
    "address_kind": "billing",
    "street": "Esimerkkikatu 1",
    "postal_code": "40100",
    "city": "Jyväskylä",
    "country": "fi",
    "source": "in_shop",
    "notes": "",
}


def test_a_valid_create_form_normalises_phone_and_country():
    form = CustomerForm(data=VALID)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+358401234567"
    assert form.cleaned_data["country"] == "FI"


def test_errors_are_translated_and_the_input_is_kept():
    data = {**VALID, "phone": "12345", "business_id": "1234567-2", "postal_code": "999"}
    with translation.override("en"):
        form = CustomerForm(data=data)
        assert not form.is_valid()
        assert "valid phone number" in form.errors["phone"][0]
        assert "business ID" in form.errors["business_id"][0]
        assert "five digits" in form.errors["postal_code"][0]
        html = str(form)
    assert 'value="12345"' in html
    assert 'value="999"' in html
    assert 'value="Asiakas"' in html
    with translation.override("fi"):
        form = CustomerForm(data=data)
        assert not form.is_valid()
        assert "viisi numeroa" in form.errors["postal_code"][0]


def test_a_private_customer_needs_a_name_and_a_company_a_company_name():
    with translation.override("en"):
        form = CustomerForm(data={**VALID, "first_name": "", "last_name": ""})
        assert form.errors["last_name"] == ["A private customer needs a name."]
        form = CustomerForm(data={**VALID, "kind": CustomerKind.COMPANY, "company_name": ""})
        assert form.errors["company_name"] == ["A company customer needs a company name."]


def test_the_business_id_is_written_in_its_standard_form():
    form = CustomerForm(
        data={
            **VALID,
            "kind": CustomerKind.COMPANY,
            "company_name": "Oy",
            "business_id": "26225603",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["business_id"] == "2622560-3"


def test_the_edit_form_shows_only_the_customers_own_fields_and_the_names(clerk):
    private = private_customer(clerk)
    form = CustomerForm(instance=private)
    assert set(form.fields) == {"first_name", "last_name", "source", "notes"}
    assert form.initial["last_name"] == "Asiakas"
    company = company_customer(clerk)
    assert set(CustomerForm(instance=company).fields) == {
        "company_name",
        "business_id",
        "source",
        "notes",
    }


def test_contact_forms_validate_phone_address_and_name():
    phone = CustomerPhoneForm(data={"value": "050 765 4321", "label": "", "source": "phone"})
    assert phone.is_valid(), phone.errors
    assert phone.cleaned_data["value"] == "+358507654321"
    with translation.override("en"):
        address = CustomerAddressForm(
            data={
                "kind": "billing",
                "street": "Katu 1",
                "postal_code": "1",
                "city": "Turku",
                "country": "FI",
                "source": "in_shop",
            }
        )
        assert "five digits" in address.errors["postal_code"][0]
        contact = ContactPersonForm(data={"role_title": "IT", "source": "authorised_third_party"})
        assert contact.errors["last_name"] == ["Enter the contact person's name."]
