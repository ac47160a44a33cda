"""The subject index finds customers by e-mail, phone, name, customer number and notes."""

from __future__ import annotations

import pytest

from rekisteri.privacy.index import find_people
from rekisteri.privacy.vocabulary import IdentifierKind
from rekisteri.registers.customers.services import link_contact_person, update_customer
from rekisteri.registers.customers.tests.factories import company_customer, private_customer

pytestmark = pytest.mark.django_db


def _fields(match):
    return {(e.model, e.field) for e in match.evidence}


def test_a_customer_is_found_by_email_phone_and_name(clerk):
    customer = private_customer(clerk)
    person_id = customer.person_id

    [by_email] = find_people(emails=["TESTI.Asiakas@Example.fi"])
    assert by_email.person_id == person_id
    assert _fields(by_email) == {("customers.CustomerEmail", "value")}

    [by_phone] = find_people(phones=["+358 40 123 4567"])
    assert by_phone.person_id == person_id
    assert _fields(by_phone) == {("customers.CustomerPhone", "value")}

    [by_name] = find_people(names=["Testi Asiakas"])
    assert by_name.person_id == person_id


def test_a_customer_number_finds_the_customer(clerk):
    customer = private_customer(clerk)
    [match] = find_people(others=[(IdentifierKind.CUSTOMER_NUMBER, str(customer.customer_number))])
    assert match.person_id == customer.person_id
    assert _fields(match) == {("customers.Customer", "customer_number")}


def test_identifiers_written_into_notes_are_found(clerk):
    customer = private_customer(clerk, email="", phone="")
    update_customer(clerk, customer, changes={"notes": "Soita numeroon 050 987 6543 iltaisin"})
    [match] = find_people(phones=["0509876543"])
    assert match.person_id == customer.person_id
    [evidence] = match.evidence
    assert (evidence.field, evidence.in_text) == ("notes", True)


def test_a_contact_person_is_found_by_their_own_email(clerk):
    company = company_customer(clerk)
    contact = link_contact_person(
        clerk, company, first_name="Maija", last_name="Esimerkki", email="maija@example.com"
    )
    [match] = find_people(emails=["maija@example.com"])
    assert match.person_id == contact.person_id
    assert _fields(match) == {("customers.ContactPerson", "email")}


def test_a_removed_contact_is_no_longer_found(clerk):
    from rekisteri.registers.customers.services import remove_contact_email

    customer = private_customer(clerk)
    remove_contact_email(clerk, customer.emails.get())
    assert find_people(emails=["testi.asiakas@example.fi"]) == []
