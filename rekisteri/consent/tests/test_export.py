"""The marketing list: who is in it, who is left out, and how the CSV is written."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.consent.models import ConsentPurpose, MarketingBasis
from rekisteri.consent.queries import (
    contacts_of_people,
    last_purchase_by_person,
    plan_marketing_export,
)
from rekisteri.consent.services import (
    ConsentError,
    export_marketing_list,
    grant_consent,
    opt_out_of_marketing,
    set_marketing_basis,
    suppress_person_contacts,
    withdraw_consent,
)
from rekisteri.privacy.vocabulary import IdentifierKind
from rekisteri.registers.recruiting.services import receive_application
from rekisteri.registers.sales.services import issue_voucher
from rekisteri.registers.sales.tests.factories import draft_for_customer
from rekisteri.subjects.models import Person

from .factories import buy, consenting_customer, make_customer, make_text

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)


def _export(actor=None, channel="email", today=TODAY):
    out = io.StringIO()
    export_marketing_list(actor, channel=channel, today=today, out=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def _customer_basis(person, since=dt.date(2025, 6, 1)):
    return set_marketing_basis(
        None,
        person,
        channel="email",
        basis=MarketingBasis.EXISTING_CUSTOMER,
        since=since,
        product_groups="kannettavat",
        opt_out_offered=True,
    )


def test_a_consenting_customer_is_exported_with_first_name_language_and_basis():
    consenting_customer("Maija.Meikalainen@Example.fi", first_name="Maija")
    rows = _export()
    assert rows == [
        ["email", "first_name", "language", "basis"],
        ["maija.meikalainen@example.fi", "Maija", "fi", "consent"],
    ]


def test_each_export_is_audited_with_the_row_count_and_no_contacts(administrator):
    consenting_customer()
    _export(administrator)
    event = AuditEvent.objects.filter(type=EventType.MARKETING_EXPORTED).latest("id")
    assert event.actor_id == administrator.pk
    assert event.reason == "marketing export email: 1 rows"
    assert event.fields == ["basis", "email", "first_name", "language"]
    assert "example.fi" not in event.reason + event.target_ref


def test_people_without_any_basis_are_not_exported():
    make_customer()
    assert _export() == [["email", "first_name", "language", "basis"]]


def test_withdrawn_consent_and_opt_outs_are_not_exported():
    _person, consent = consenting_customer("peruja@example.fi")
    other, _consent = consenting_customer("kieltaja@example.fi")
    withdraw_consent(None, consent, channel="email")
    opt_out_of_marketing(None, other, channels=["email"], via="in_shop")
    plan = plan_marketing_export("email", today=TODAY)
    assert plan.rows == []
    assert plan.excluded == {"opted_out": 2}


def test_an_opt_out_of_another_channel_leaves_e_mail_marketing_alone():
    person, _consent = consenting_customer()
    opt_out_of_marketing(None, person, channels=["sms"], via="in_shop")
    assert len(_export()) == 2


def test_restricted_people_are_not_exported():
    person, _consent = consenting_customer()
    Person.objects.filter(pk=person.pk).update(is_restricted=True)
    plan = plan_marketing_export("email", today=TODAY)
    assert plan.rows == []
    assert plan.excluded == {"restricted": 1}


def test_suppressed_contacts_are_not_exported_even_with_a_new_consent():
    person, _consent = consenting_customer("vastustaja@example.fi")
    suppress_person_contacts(None, person, reason="objection")
    grant_consent(None, person, make_text(), channel="in_shop", evidence="Uusi suostumus.")
    plan = plan_marketing_export("email", today=TODAY)
    assert plan.rows == []
    assert plan.excluded == {"suppressed": 1}


def test_a_suppressed_address_is_left_out_even_when_another_person_gives_it():
    first, _consent = consenting_customer("yhteinen@example.fi")
    suppress_person_contacts(None, first, reason="objection")
    consenting_customer("yhteinen@example.fi", first_name="Toinen")
    assert _export() == [["email", "first_name", "language", "basis"]]


def test_an_existing_customer_is_exported_only_within_the_period_after_a_purchase():
    person, _customer = make_customer("Olli", email="olli@example.fi")
    _customer_basis(person)
    assert plan_marketing_export("email", today=TODAY).excluded == {
        "customer_relationship_ended": 1
    }
    buy(person, dt.date(2024, 1, 10), email="olli@example.fi")
    rows = _export(today=dt.date(2027, 1, 9))
    assert rows[1:] == [["olli@example.fi", "Olli", "fi", "existing_customer"]]
    assert _export(today=dt.date(2027, 1, 10))[1:] == []


def test_a_voucher_counts_as_a_purchase():
    person, customer = make_customer(
        "Ville", email="ville@example.fi", street="Kauppakatu 1", postal_code="40100", city="Jkl"
    )
    _customer_basis(person)
    issue_voucher(None, draft_for_customer(customer=customer), issued_on=dt.date(2026, 3, 2))
    assert last_purchase_by_person([person.pk]) == {person.pk: dt.date(2026, 3, 2)}
    assert _export()[1:] == [["ville@example.fi", "Ville", "fi", "existing_customer"]]


def test_the_latest_purchase_of_any_register_counts():
    person, _customer = make_customer()
    buy(person, dt.date(2023, 5, 1))
    buy(person, dt.date(2025, 8, 31))
    assert last_purchase_by_person([person.pk, 999999]) == {person.pk: dt.date(2025, 8, 31)}


def test_a_business_contact_is_exported_until_they_opt_out():
    person, _customer = make_customer(email="ostaja@example.com")
    set_marketing_basis(
        None, person, channel="email", basis="business_contact", since=dt.date(2026, 1, 2)
    )
    assert _export()[1:] == [["ostaja@example.com", "Testi", "fi", "business_contact"]]
    opt_out_of_marketing(None, person, via="email")
    assert _export()[1:] == []


def test_addresses_kept_for_recruitment_are_never_used_for_marketing():
    person, _consent = consenting_customer("asiakas@example.fi")
    receive_application(None, person=person, email="hakija@example.fi", position="Myyjä")
    contacts = contacts_of_people([person.pk], IdentifierKind.EMAIL, for_marketing=True)
    assert contacts == {person.pk: ["asiakas@example.fi"]}
    every = contacts_of_people([person.pk], IdentifierKind.EMAIL, for_marketing=False)
    assert set(every[person.pk]) == {"asiakas@example.fi", "hakija@example.fi"}


def test_a_person_with_two_addresses_gets_a_row_for_each_and_an_address_appears_once():
    person, _consent = consenting_customer("koti@example.fi")
    buy(person, dt.date(2026, 1, 5), email="TYO@example.fi")
    buy(person, dt.date(2026, 2, 5), email="koti@example.fi")
    assert [row[0] for row in _export()[1:]] == ["koti@example.fi", "tyo@example.fi"]


def test_a_consenting_person_without_an_address_is_counted_and_left_out():
    person = Person.objects.create(first_name="Ilman", last_name="Osoitetta")
    grant_consent(None, person, make_text(), channel="in_shop", evidence="Suullisesti tiskillä.")
    plan = plan_marketing_export("email", today=TODAY)
    assert plan.rows == []
    assert plan.excluded == {"no_contact": 1}


def test_the_text_message_list_uses_phones_and_its_own_consent():
    person, _customer = make_customer("Sanna", email="sanna@example.fi", phone="040 765 4321")
    grant_consent(
        None,
        person,
        make_text(ConsentPurpose.MARKETING_SMS),
        channel="in_shop",
        evidence="Rasti tekstiviestiruutuun.",
    )
    assert _export(channel="sms") == [
        ["phone", "first_name", "language", "basis"],
        ["+358407654321", "Sanna", "fi", "consent"],
    ]
    assert _export(channel="email")[1:] == []


def test_cells_a_spreadsheet_would_run_are_neutralised():
    consenting_customer("matti@example.fi", first_name='=HYPERLINK("http://x")')
    rows = _export()
    assert rows[1][1] == '\'=HYPERLINK("http://x")'


def test_post_and_phone_calls_cannot_be_exported():
    with pytest.raises(ConsentError):
        export_marketing_list(None, channel="post", today=TODAY, out=io.StringIO())
