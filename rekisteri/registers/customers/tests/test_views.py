"""The customer screens and the contacts page, for allowed and denied personas."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.registers.customers.models import Customer, CustomerEmail, CustomerKind
from rekisteri.registers.customers.tests.factories import (
    company_customer,
    person_of,
    private_customer,
)

pytestmark = pytest.mark.django_db


def test_clerk_sees_the_customer_list(clerk, client_for):
    customer = private_customer(clerk)
    response = client_for(clerk).get(reverse("web:customers-list"))
    assert response.status_code == 200
    assert customer.reference in response.content.decode()
    assert "10001" in response.content.decode()


def test_a_role_without_customers_gets_403(hr, client_for):
    assert client_for(hr).get(reverse("web:customers-list")).status_code == 403


def test_anonymous_is_sent_to_login(client_for):
    response = client_for(None).get(reverse("web:customers-list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_unknown_reference_is_404(clerk, client_for):
    url = reverse("web:customers-detail", args=["A-NOTHERE"])
    assert client_for(clerk).get(url).status_code == 404
    url = reverse("customers:customer-contacts", args=["A-NOTHERE"])
    assert client_for(clerk).get(url).status_code == 404


def test_detail_shows_the_customer_and_links_the_contacts_page(clerk, technician, client_for):
    customer = private_customer(clerk)
    response = client_for(technician).get(
        reverse("web:customers-detail", args=[customer.reference])
    )
    assert response.status_code == 200
    assert (
        reverse("customers:customer-contacts", args=[customer.reference])
        in response.content.decode()
    )


def test_creating_a_customer_through_the_screen_uses_the_service(clerk, client_for):
    response = client_for(clerk).post(
        reverse("web:customers-create"),
        {
            "kind": "private",
            "first_name": "Uusi",
            "last_name": "Asiakas",
            "email": "uusi@example.fi",
            "phone": "045 222 3333",
            "address_kind": "billing",
            "street": "Katu 2",
            "postal_code": "40100",
            "city": "Jyväskylä",
            "country": "FI",
            "source": "in_shop",
        },
    )
    customer = Customer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:customers-detail", args=[customer.reference])
    assert person_of(customer).full_name == "Uusi Asiakas"
    assert customer.phones.get().value == "+358452223333"


def test_an_invalid_create_form_is_shown_again_with_the_input(clerk, client_for):
    with translation.override("en"):
        response = client_for(clerk).post(
            reverse("web:customers-create"),
            {
                "kind": "private",
                "last_name": "Asiakas",
                "phone": "999",
                "source": "in_shop",
                "address_kind": "billing",
                "country": "FI",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert 'value="999"' in response.content.decode()
    assert not Customer.objects.exists()


def test_editing_a_customer_logs_only_the_changed_fields(clerk, client_for):
    customer = private_customer(clerk)
    response = client_for(clerk).post(
        reverse("web:customers-edit", args=[customer.reference]),
        {"first_name": "Testi", "last_name": "Muutettu", "source": "in_shop", "notes": ""},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert person_of(customer).last_name == "Muutettu"
    event = AuditEvent.objects.filter(type=EventType.PERSON_UPDATED).get()
    assert event.fields == ["last_name"]
    assert not AuditEvent.objects.filter(
        type=EventType.RECORD_UPDATED, target_ref=customer.reference
    ).exists()


def test_registrar_may_read_but_not_create(registrar, client_for):
    assert client_for(registrar).get(reverse("web:customers-list")).status_code == 200
    assert client_for(registrar).get(reverse("web:customers-create")).status_code == 403


def test_contacts_page_lists_contacts_and_is_logged(clerk, technician, client_for):
    customer = private_customer(clerk)
    response = client_for(technician).get(
        reverse("customers:customer-contacts", args=[customer.reference])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "testi.asiakas@example.fi" in body
    assert "+358401234567" in body
    add_url = reverse("customers:customer-contact-add", args=[customer.reference, "email"])
    assert add_url not in body  # a viewer gets no forms
    event = AuditEvent.objects.filter(type=EventType.RECORD_VIEWED).get()
    assert event.actor_id == technician.pk
    assert event.target_ref == customer.reference
    assert event.fields == ["addresses", "emails", "phones"]


def test_contacts_page_is_403_without_the_capability(clerk, hr, client_for):
    customer = private_customer(clerk)
    url = reverse("customers:customer-contacts", args=[customer.reference])
    assert client_for(hr).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


def test_clerk_adds_and_removes_an_email_on_the_contacts_page(clerk, client_for):
    customer = private_customer(clerk, email="")
    client = client_for(clerk)
    add_url = reverse("customers:customer-contact-add", args=[customer.reference, "email"])
    response = client.post(
        add_url, {"email-value": "lisa@example.com", "email-label": "work", "email-source": "email"}
    )
    assert response.status_code == 302
    email = CustomerEmail.objects.get()
    assert email.value == "lisa@example.com"

    remove_url = reverse(
        "customers:customer-contact-remove", args=[customer.reference, "email", email.pk]
    )
    assert client.post(remove_url).status_code == 302
    assert not CustomerEmail.objects.exists()


def test_a_bad_contact_is_shown_again_as_typed(clerk, client_for):
    customer = private_customer(clerk)
    add_url = reverse("customers:customer-contact-add", args=[customer.reference, "phone"])
    with translation.override("en"):
        response = client_for(clerk).post(
            add_url,
            {"phone-value": "12", "phone-label": "", "phone-source": "in_shop"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert 'value="12"' in response.content.decode()
    assert customer.phones.count() == 1


def test_technician_cannot_change_contacts(clerk, technician, client_for):
    customer = private_customer(clerk)
    email = customer.emails.get()
    client = client_for(technician)
    add_url = reverse("customers:customer-contact-add", args=[customer.reference, "email"])
    remove_url = reverse(
        "customers:customer-contact-remove", args=[customer.reference, "email", email.pk]
    )
    assert client.post(add_url, {"email-value": "x@example.com"}).status_code == 403
    assert client.post(remove_url).status_code == 403
    assert customer.emails.count() == 1


def test_another_customers_contact_cannot_be_removed_through_this_customer(clerk, client_for):
    mine = private_customer(clerk)
    other = private_customer(clerk, email="toinen@example.fi")
    other_email = other.emails.get()
    url = reverse(
        "customers:customer-contact-remove", args=[mine.reference, "email", other_email.pk]
    )
    assert client_for(clerk).post(url).status_code == 404
    assert CustomerEmail.objects.filter(pk=other_email.pk).exists()


def test_contact_persons_can_be_added_to_a_company_only(clerk, client_for):
    company = company_customer(clerk)
    private = private_customer(clerk)
    client = client_for(clerk)
    data = {
        "contact-person-first_name": "Maija",
        "contact-person-last_name": "Esimerkki",
        "contact-person-role_title": "IT-vastaava",
        "contact-person-email": "maija@example.com",
        "contact-person-phone": "040 555 6666",
        "contact-person-source": "authorised_third_party",
    }
    url = reverse("customers:customer-contact-add", args=[company.reference, "contact-person"])
    assert client.post(url, data).status_code == 302
    assert company.contact_persons.get().phone == "+358405556666"
    url = reverse("customers:customer-contact-add", args=[private.reference, "contact-person"])
    assert client.post(url, data).status_code == 404
    page = client.get(reverse("customers:customer-contacts", args=[company.reference]))
    assert "Maija Esimerkki" in page.content.decode()


def test_the_person_card_shows_the_customer_and_its_contacts(clerk, client_for):
    customer = private_customer(clerk)
    response = client_for(clerk).get(
        reverse("web:person-detail", args=[person_of(customer).reference])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "testi.asiakas@example.fi" in body
    assert "Esimerkkikatu 1 A 2" in body
    assert customer.kind == CustomerKind.PRIVATE
