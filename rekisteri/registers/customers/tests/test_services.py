"""Use cases of the customer register, each with its audit events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rekisteri.audit.models import AuditEvent, EventType
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
from rekisteri.registers.customers.services import (
    FIRST_CUSTOMER_NUMBER,
    add_contact_address,
    add_contact_email,
    add_contact_phone,
    allocate_customer_numbers,
    link_contact_person,
    record_customer_activity,
    register_customer,
    remove_contact_address,
    remove_contact_email,
    remove_contact_phone,
    unlink_contact_person,
    update_customer,
)
from rekisteri.registers.customers.tests.factories import (
    company_customer,
    person_of,
    private_customer,
)
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


def _values_absent(event: AuditEvent, *values: str) -> None:
    text = f"{event.fields} {event.reason} {event.target_ref}"
    for value in values:
        assert value not in text


def test_registering_a_private_customer_creates_person_customer_and_contacts(clerk):
    customer = private_customer(clerk, today=dt.date(2026, 3, 2), source=Channel.PHONE)

    assert customer.kind == CustomerKind.PRIVATE
    assert customer.customer_number == FIRST_CUSTOMER_NUMBER
    assert customer.reference.startswith("A-")
    assert person_of(customer).full_name == "Testi Asiakas"
    assert customer.last_activity_on == dt.date(2026, 3, 2)
    assert [e.value for e in customer.emails.all()] == ["testi.asiakas@example.fi"]
    assert [p.value for p in customer.phones.all()] == ["+358401234567"]
    [address] = customer.addresses.all()
    assert (address.kind, address.postal_code, address.city, address.country) == (
        AddressKind.BILLING,
        "40100",
        "Jyväskylä",
        "FI",
    )
    sources = {e.source for e in customer.emails.all()} | {p.source for p in customer.phones.all()}
    assert sources | {address.source} == {Channel.PHONE}


def test_registering_writes_one_audit_event_per_record_with_field_names_only(clerk):
    customer = private_customer(clerk)

    events = list(AuditEvent.objects.order_by("id"))
    assert [e.type for e in events] == [
        EventType.PERSON_CREATED,
        EventType.RECORD_CREATED,
        EventType.RECORD_CREATED,
        EventType.RECORD_CREATED,
        EventType.RECORD_CREATED,
    ]
    assert {e.actor_id for e in events} == {clerk.pk}
    assert {e.person_ref for e in events} == {person_of(customer).reference}
    customer_event = events[1]
    assert customer_event.target_ref == customer.reference
    assert "customer_number" in customer_event.fields
    for event in events:
        _values_absent(event, "Testi", "Asiakas", "example.fi", "4567", "Esimerkkikatu")


def test_a_company_customer_has_no_person_and_a_name_becomes_its_contact_person(clerk):
    customer = company_customer(clerk, first_name="Yhteys", last_name="Henkilö")

    assert customer.person is None
    assert customer.business_id == "2622560-3"
    [contact] = customer.contact_persons.select_related("person")
    assert person_of(contact).full_name == "Yhteys Henkilö"
    assert contact.source == Channel.AUTHORISED_THIRD_PARTY
    assert [e.value for e in customer.emails.all()] == ["info@example.com"]


def test_customer_numbers_run_on_and_are_never_reused(clerk):
    first = private_customer(clerk)
    second = private_customer(clerk, email="", phone="")
    assert (first.customer_number, second.customer_number) == (10001, 10002)
    assert allocate_customer_numbers(3) == [10003, 10004, 10005]
    assert allocate_customer_numbers(0) == []


def test_bad_input_is_refused_with_every_error_and_nothing_is_written(clerk):
    with pytest.raises(ValidationError) as caught:
        register_customer(
            clerk,
            first_name="",
            last_name="",
            email="not-an-email",
            phone="12",
            street="Katu 1",
            postal_code="401",
            city="Jyväskylä",
        )
    with translation.override("en"):
        errors = caught.value.message_dict
    assert set(errors) == {"last_name", "email", "phone", "postal_code"}
    assert "five digits" in errors["postal_code"][0]
    with translation.override("fi"):
        assert "viisi numeroa" in caught.value.message_dict["postal_code"][0]
    assert not Person.objects.exists()
    assert not Customer.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_company_needs_a_name_and_a_valid_business_id(clerk):
    with pytest.raises(ValidationError) as caught:
        register_customer(clerk, kind=CustomerKind.COMPANY, business_id="2622560-4")
    assert set(caught.value.message_dict) == {"company_name", "business_id"}


def test_updating_a_customer_changes_person_and_customer_and_logs_field_names(clerk):
    customer = private_customer(clerk)
    before = AuditEvent.objects.count()

    update_customer(
        clerk,
        customer,
        changes={"last_name": "Uusinimi", "notes": "Soittaa iltaisin", "first_name": "Testi"},
    )

    customer.refresh_from_db()
    assert person_of(customer).last_name == "Uusinimi"
    assert customer.notes == "Soittaa iltaisin"
    person_event, customer_event = AuditEvent.objects.order_by("id")[before:]
    assert person_event.type == EventType.PERSON_UPDATED
    assert person_event.fields == ["last_name"]
    assert customer_event.type == EventType.RECORD_UPDATED
    assert customer_event.fields == ["notes"]
    _values_absent(customer_event, "Soittaa")


def test_updating_refuses_fields_it_does_not_own(clerk):
    customer = private_customer(clerk)
    with pytest.raises(ValueError, match="customer_number"):
        update_customer(clerk, customer, changes={"customer_number": "1"})


def test_activity_moves_the_retention_date_forward_only(clerk):
    customer = private_customer(clerk, today=dt.date(2025, 1, 1))
    record_customer_activity(clerk, customer, on=dt.date(2026, 2, 1))
    record_customer_activity(clerk, customer, on=dt.date(2024, 1, 1))
    customer.refresh_from_db()
    assert customer.last_activity_on == dt.date(2026, 2, 1)
    event = AuditEvent.objects.order_by("-id")[0]
    assert event.fields == ["last_activity_on"]


def test_adding_and_removing_contact_details_is_audited(clerk):
    customer = private_customer(clerk, email="", phone="", street="", postal_code="", city="")

    email = add_contact_email(clerk, customer, value=" toinen@example.com ", label="work")
    phone = add_contact_phone(clerk, customer, value="050-765 4321", source=Channel.EMAIL)
    address = add_contact_address(
        clerk,
        customer,
        kind=AddressKind.DELIVERY,
        street="Toimituskuja 3",
        postal_code="40520",
        city="Jyväskylä",
        country="fi",
    )
    assert email.value == "toinen@example.com"
    assert phone.value == "+358507654321"
    assert address.country == "FI"

    remove_contact_email(clerk, email)
    remove_contact_phone(clerk, phone)
    remove_contact_address(clerk, address)

    assert not CustomerEmail.objects.exists()
    assert not CustomerPhone.objects.exists()
    assert not CustomerAddress.objects.exists()
    deleted = list(AuditEvent.objects.filter(type=EventType.RECORD_DELETED).order_by("id"))
    assert [e.reason for e in deleted] == [
        "customers.CustomerEmail",
        "customers.CustomerPhone",
        "customers.CustomerAddress",
    ]
    assert {e.person_ref for e in deleted} == {person_of(customer).reference}
    assert {e.actor_id for e in deleted} == {clerk.pk}


def test_bad_contact_details_are_refused(clerk):
    customer = private_customer(clerk)
    with pytest.raises(ValidationError) as caught:
        add_contact_phone(clerk, customer, value="123")
    with translation.override("en"):
        assert "valid phone number" in caught.value.message_dict["value"][0]
    with pytest.raises(ValidationError):
        add_contact_email(clerk, customer, value="nobody")
    with pytest.raises(ValidationError) as caught:
        add_contact_address(clerk, customer, street="", postal_code="x", city="", country="Suomi")
    assert set(caught.value.message_dict) == {"street", "city", "country"}


def test_contact_persons_belong_to_companies_only(clerk):
    private = private_customer(clerk)
    with translation.override("en"), pytest.raises(ValidationError, match="company"):
        link_contact_person(clerk, private, first_name="Ei", last_name="Käy")
    assert not ContactPerson.objects.exists()


def test_linking_and_unlinking_a_contact_person_keeps_the_person(clerk):
    company = company_customer(clerk)
    contact = link_contact_person(
        clerk,
        company,
        first_name="Maija",
        last_name="Esimerkki",
        role_title="IT-vastaava",
        email="maija@example.com",
        phone="045 111 2222",
    )
    assert contact.phone == "+358451112222"
    assert contact.source == Channel.AUTHORISED_THIRD_PARTY
    created = AuditEvent.objects.filter(person_ref=person_of(contact).reference).order_by("id")
    assert [e.type for e in created] == [EventType.PERSON_CREATED, EventType.RECORD_CREATED]

    unlink_contact_person(clerk, contact)
    assert not ContactPerson.objects.exists()
    assert Person.objects.filter(pk=person_of(contact).pk).exists()
