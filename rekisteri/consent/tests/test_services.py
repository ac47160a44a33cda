"""Use cases of consent and marketing, with their audit events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.consent.models import (
    ConsentPurpose,
    ConsentRecord,
    ConsentText,
    MarketingBasis,
    MarketingPreference,
    SuppressionEntry,
)
from rekisteri.consent.services import (
    ConsentError,
    grant_consent,
    is_suppressed,
    opt_out_of_marketing,
    publish_consent_text,
    set_marketing_basis,
    suppress_person_contacts,
    withdraw_consent,
)
from rekisteri.privacy.index import digest
from rekisteri.subjects.models import Person

from .factories import consenting_customer, make_customer, make_text

pytestmark = pytest.mark.django_db

EVIDENCE = "Rasti tyhjään ruutuun paperilomakkeella."


def _events(type_, model):
    return list(
        AuditEvent.objects.filter(type=type_, target_model=model._meta.label).order_by("id")
    )


# --- Consent texts ----------------------------------------------------------------------


def test_publishing_a_text_stores_its_hash_and_numbers_the_versions(registrar):
    first = make_text()
    second = publish_consent_text(
        registrar,
        purpose=ConsentPurpose.MARKETING_EMAIL,
        language="fi",
        text="Haluan tarjouksia sähköpostitse.\r\nVoin perua milloin tahansa.",
    )
    assert (first.version, second.version) == (1, 2)
    assert second.text == "Haluan tarjouksia sähköpostitse.\nVoin perua milloin tahansa."
    assert len(second.sha256) == 64
    assert second.sha256 != first.sha256
    assert second.published_by == registrar
    event = _events(EventType.CONSENT_TEXT_PUBLISHED, ConsentText)[-1]
    assert event.actor_id == registrar.pk
    assert "sha256" in event.fields
    assert "tarjouksia" not in event.reason


def test_versions_are_counted_per_purpose_and_language():
    make_text()
    english = make_text(language="en", text="I want offers from iLaakso by e-mail. I may withdraw.")
    sms = make_text(ConsentPurpose.MARKETING_SMS)
    assert english.version == 1
    assert sms.version == 1


def test_publishing_the_current_wording_again_is_refused():
    text = make_text()
    with pytest.raises(ConsentError):
        publish_consent_text(None, purpose=text.purpose, language="fi", text=text.text + "\n")


def test_a_published_text_cannot_be_changed():
    text = make_text()
    text.text = "Toinen teksti, jota kukaan ei hyväksynyt."
    with pytest.raises(PermissionError):
        text.save()


@pytest.mark.parametrize(
    ("purpose", "language", "wording"),
    [("spam", "fi", "x" * 30), ("marketing_email", "sv", "x" * 30), ("marketing_email", "fi", "")],
)
def test_a_text_with_bad_input_is_refused(purpose, language, wording):
    with pytest.raises(ConsentError):
        publish_consent_text(None, purpose=purpose, language=language, text=wording)


# --- Granting ---------------------------------------------------------------------------


def test_granting_records_the_proof_and_makes_consent_the_channels_basis(clerk):
    person, _customer = make_customer()
    text = make_text()
    consent = grant_consent(
        clerk,
        person,
        text,
        channel="website",
        evidence="Rasti tyhjään ruutuun verkkolomakkeella.",
        ip_address="2001:db8:0:0::1",
        user_agent="Mozilla/5.0 (X11; Linux x86_64)",
    )
    assert consent.reference.startswith("SU-")
    assert consent.recorded_by == clerk
    assert consent.ip_address == "2001:db8::1"
    assert consent.is_active
    preference = MarketingPreference.objects.get(person=person, channel="email")
    assert preference.basis == MarketingBasis.CONSENT
    assert preference.since == timezone.localdate(consent.given_at)
    assert preference.language == "fi"
    event = _events(EventType.CONSENT_GRANTED, ConsentRecord)[-1]
    assert event.actor_id == clerk.pk
    assert event.person_ref == person.reference
    assert {"text", "evidence", "ip_address", "user_agent"} <= set(event.fields)
    assert "2001" not in event.reason
    assert "Mozilla" not in event.reason


def test_a_consent_without_evidence_is_refused():
    person, _customer = make_customer()
    with pytest.raises(ConsentError):
        grant_consent(None, person, make_text(), channel="in_shop", evidence="   ")
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize(("channel", "ip"), [("fax", ""), ("website", "999.1.1.1")])
def test_a_consent_with_a_bad_channel_or_address_is_refused(channel, ip):
    person, _customer = make_customer()
    with pytest.raises(ConsentError):
        grant_consent(None, person, make_text(), channel=channel, evidence=EVIDENCE, ip_address=ip)


def test_a_new_consent_ends_an_earlier_opt_out():
    person, _customer = make_customer()
    opt_out_of_marketing(None, person, channels=["email"], via="phone")
    grant_consent(None, person, make_text(), channel="letter", evidence=EVIDENCE)
    preference = MarketingPreference.objects.get(person=person, channel="email")
    assert preference.opted_out_at is None
    assert preference.basis == MarketingBasis.CONSENT


# --- Withdrawing and opting out ---------------------------------------------------------


def test_withdrawing_keeps_the_record_and_opts_the_channel_out(clerk):
    person, consent = consenting_customer()
    withdraw_consent(clerk, consent, channel="email")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawal_channel == "email"
    assert consent.withdrawn_by == clerk
    assert consent.evidence == EVIDENCE  # the minimal proof stays
    preference = MarketingPreference.objects.get(person=person, channel="email")
    assert preference.opted_out_at == consent.withdrawn_at
    event = _events(EventType.CONSENT_WITHDRAWN, ConsentRecord)[-1]
    assert event.fields == ["withdrawal_channel", "withdrawn_at", "withdrawn_by"]
    assert event.actor_id == clerk.pk


def test_withdrawing_one_consent_withdraws_every_consent_for_that_channel():
    person, old = consenting_customer()
    newer_text = make_text(text="Uusi versio: haluan tarjouksia sähköpostitse, voin perua.")
    newer = grant_consent(None, person, newer_text, channel="in_shop", evidence=EVIDENCE)
    sms = grant_consent(
        None, person, make_text(ConsentPurpose.MARKETING_SMS), channel="in_shop", evidence=EVIDENCE
    )
    withdraw_consent(None, old, channel="in_shop")
    newer.refresh_from_db()
    sms.refresh_from_db()
    assert newer.withdrawn_at is not None
    assert sms.withdrawn_at is None


def test_a_consent_cannot_be_withdrawn_twice():
    _person, consent = consenting_customer()
    withdraw_consent(None, consent, channel="in_shop")
    with pytest.raises(ConsentError):
        withdraw_consent(None, consent, channel="in_shop")


def test_opting_out_of_every_channel_records_each_once(registrar):
    person, _consent = consenting_customer()
    first = opt_out_of_marketing(registrar, person, via="letter")
    assert {p.channel for p in first} == {"email", "sms", "post", "phone"}
    assert all(p.opted_out_at is not None for p in first)
    assert ConsentRecord.objects.get(person=person).withdrawn_at is not None
    count = AuditEvent.objects.count()
    again = opt_out_of_marketing(registrar, person, via="in_shop")
    assert [p.opted_out_at for p in again] == [p.opted_out_at for p in first]
    assert AuditEvent.objects.count() == count


def test_an_opt_out_through_an_unknown_channel_is_refused():
    person, _customer = make_customer()
    with pytest.raises(ConsentError):
        opt_out_of_marketing(None, person, channels=["pigeon"], via="in_shop")
    with pytest.raises(ConsentError):
        opt_out_of_marketing(None, person, via="telepathy")


# --- Other bases ------------------------------------------------------------------------


def test_recording_an_existing_customer_basis(clerk):
    person, _customer = make_customer()
    preference = set_marketing_basis(
        clerk,
        person,
        channel="email",
        basis=MarketingBasis.EXISTING_CUSTOMER,
        since=dt.date(2026, 5, 4),
        product_groups="kannettavat, oheislaitteet",
        opt_out_offered=True,
    )
    assert preference.basis == MarketingBasis.EXISTING_CUSTOMER
    assert preference.product_groups == "kannettavat, oheislaitteet"
    event = _events(EventType.MARKETING_BASIS_RECORDED, MarketingPreference)[-1]
    assert event.person_ref == person.reference
    assert "product_groups" in event.fields
    assert "kannettavat" not in event.reason


@pytest.mark.parametrize(
    "overrides",
    [
        {"basis": MarketingBasis.CONSENT},
        {"product_groups": ""},
        {"opt_out_offered": False},
        {"channel": "fax"},
        {"language": "sv"},
    ],
)
def test_an_existing_customer_basis_needs_product_groups_and_an_offered_refusal(overrides):
    person, _customer = make_customer()
    values: dict[str, Any] = {
        "channel": "email",
        "basis": MarketingBasis.EXISTING_CUSTOMER,
        "since": dt.date(2026, 5, 4),
        "product_groups": "kannettavat",
        "opt_out_offered": True,
    }
    values.update(overrides)
    with pytest.raises(ConsentError):
        set_marketing_basis(None, person, **values)


def test_a_business_contact_needs_no_product_groups():
    person, _customer = make_customer()
    preference = set_marketing_basis(
        None, person, channel="email", basis="business_contact", since=dt.date(2026, 1, 2)
    )
    assert preference.basis == MarketingBasis.BUSINESS_CONTACT


def test_staff_cannot_reopen_a_channel_the_person_opted_out_of():
    person, _customer = make_customer()
    opt_out_of_marketing(None, person, channels=["email"], via="email")
    with pytest.raises(ConsentError):
        set_marketing_basis(
            None, person, channel="email", basis="business_contact", since=dt.date(2026, 1, 2)
        )


def test_a_basis_cannot_replace_a_valid_consent():
    person, _consent = consenting_customer()
    with pytest.raises(ConsentError):
        set_marketing_basis(
            None, person, channel="email", basis="business_contact", since=dt.date(2026, 1, 2)
        )


# --- Suppression ------------------------------------------------------------------------


def test_suppressing_hashes_every_contact_and_opts_out_of_every_channel(registrar):
    person, _consent = consenting_customer(email="Testi.Asiakas@Example.fi", phone="040 765 4321")
    result = suppress_person_contacts(
        registrar, person, reason="objection", request_ref="PY-2026-0042"
    )
    assert result.added == 2
    assert result.already == 0
    assert set(result.opted_out) == {"email", "sms", "post", "phone"}
    assert is_suppressed("email", "testi.asiakas@example.fi")
    assert is_suppressed("phone", "+358407654321")
    assert is_suppressed("phone", "040-765 4321")
    assert not is_suppressed("email", "joku.muu@example.fi")
    assert not is_suppressed("phone", "not a phone")
    entries = list(SuppressionEntry.objects.order_by("kind"))
    assert [e.kind for e in entries] == ["email", "phone"]
    assert all(e.request_ref == "PY-2026-0042" and e.reason == "objection" for e in entries)
    stored = " ".join(f"{e.digest} {e.request_ref}" for e in entries)
    assert "example.fi" not in stored
    # A hex digest may contain "358" by chance; the number itself must not appear.
    assert "407654321" not in stored
    assert entries[0].digest == digest("email", "testi.asiakas@example.fi")
    events = _events(EventType.SUPPRESSION_ADDED, SuppressionEntry)
    assert len(events) == 2
    assert all(e.person_ref == person.reference and e.actor_id == registrar.pk for e in events)
    assert ConsentRecord.objects.get(person=person).withdrawn_at is not None


def test_suppressing_again_adds_nothing_new():
    person, _customer = make_customer()
    suppress_person_contacts(None, person, reason="opt_out")
    again = suppress_person_contacts(None, person, reason="objection")
    assert again.added == 0
    assert again.already == 2
    assert SuppressionEntry.objects.count() == 2


def test_suppression_survives_the_persons_records():
    person, customer = make_customer()
    suppress_person_contacts(None, person, reason="objection")
    customer.emails.all().delete()
    assert is_suppressed("email", "testi.asiakas@example.fi")


def test_a_contact_only_mentioned_in_free_text_is_not_suppressed():
    person, _customer = make_customer(
        email="", phone="", notes="Vaimon numero 040 111 2222, ei markkinointia hänelle."
    )
    result = suppress_person_contacts(None, person, reason="objection")
    assert result.added == 0
    assert not is_suppressed("phone", "040 111 2222")


def test_suppression_with_an_unknown_reason_is_refused():
    person = Person.objects.create(first_name="Testi", last_name="Henkilö")
    with pytest.raises(ConsentError):
        suppress_person_contacts(None, person, reason="because")
