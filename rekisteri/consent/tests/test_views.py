"""Consent pages for allowed and denied personas, and their handling of bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.consent.models import ConsentRecord, ConsentText, MarketingPreference
from rekisteri.subjects.models import Person

from .factories import consenting_customer, make_customer, make_text

pytestmark = pytest.mark.django_db


def _person_url(person, name="consent:person-detail"):
    return reverse(name, args=[person.reference])


# --- Who may open what ------------------------------------------------------------------


def test_clerks_the_registrar_and_the_administrator_see_consents(
    client_for, clerk, registrar, administrator
):
    person, _consent = consenting_customer()
    for user in (clerk, registrar, administrator):
        client = client_for(user)
        for url in (
            reverse("consent:consent-list"),
            reverse("consent:text-list"),
            _person_url(person),
        ):
            assert client.get(url).status_code == 200, (user.username, url)


def test_roles_without_consent_rights_are_refused(client_for, technician, hr, outsider):
    person, consent = consenting_customer()
    for user in (technician, hr, outsider):
        client = client_for(user)
        for url in (
            reverse("consent:consent-list"),
            reverse("consent:consent-record"),
            reverse("consent:text-list"),
            reverse("consent:text-create"),
            reverse("consent:marketing-export"),
            _person_url(person),
        ):
            assert client.get(url).status_code == 403, (user.username, url)
        for url in (
            _person_url(person, "consent:consent-grant"),
            _person_url(person, "consent:opt-out"),
            _person_url(person, "consent:basis-set"),
            _person_url(person, "consent:suppress"),
            reverse("consent:consent-withdraw", args=[consent.reference]),
        ):
            assert client.post(url).status_code == 403, (user.username, url)


def test_the_administrator_reads_consents_but_does_not_change_them(client_for, administrator):
    person, consent = consenting_customer()
    client = client_for(administrator)
    page = client.get(_person_url(person))
    assert (
        reverse("consent:consent-withdraw", args=[consent.reference]) not in page.content.decode()
    )
    assert client.get(reverse("consent:consent-record")).status_code == 403
    response = client.post(
        reverse("consent:consent-withdraw", args=[consent.reference]), {"channel": "in_shop"}
    )
    assert response.status_code == 403
    assert ConsentRecord.objects.get().withdrawn_at is None


def test_only_the_administrator_exports_the_marketing_list(
    client_for, administrator, clerk, registrar
):
    assert client_for(administrator).get(reverse("consent:marketing-export")).status_code == 200
    for user in (clerk, registrar):
        assert client_for(user).get(reverse("consent:marketing-export")).status_code == 403
        assert client_for(user).post(reverse("consent:marketing-export")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client_for):
    person, _consent = consenting_customer()
    for url in (
        reverse("consent:consent-list"),
        reverse("consent:marketing-export"),
        _person_url(person),
    ):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_opening_a_persons_consents_is_audited(client_for, clerk):
    person, _consent = consenting_customer()
    client_for(clerk).get(_person_url(person))
    event = AuditEvent.objects.filter(type=EventType.RECORD_VIEWED).latest("id")
    assert event.person_ref == person.reference
    assert event.actor_id == clerk.pk


def test_a_restricted_person_is_hidden_from_clerks_but_not_from_the_registrar(
    client_for, clerk, registrar
):
    person, _consent = consenting_customer()
    Person.objects.filter(pk=person.pk).update(is_restricted=True)
    assert client_for(clerk).get(_person_url(person)).status_code == 404
    assert (
        person.reference
        not in client_for(clerk).get(reverse("consent:consent-list")).content.decode()
    )
    assert client_for(registrar).get(_person_url(person)).status_code == 200


def test_an_unknown_person_is_a_404(client_for, clerk):
    response = client_for(clerk).get(reverse("consent:person-detail", args=["H-NOPE"]))
    assert response.status_code == 404


# --- Forms keep what was typed and say what is wrong ------------------------------------


def test_a_consent_without_evidence_is_refused_and_the_form_kept(client_for, clerk):
    person, _customer = make_customer()
    text = make_text()
    response = client_for(clerk).post(
        _person_url(person, "consent:consent-grant"),
        {"grant-text": text.pk, "grant-channel": "phone", "grant-evidence": ""},
    )
    assert response.status_code == 400
    assert response.context["grant_form"].errors["evidence"]
    assert 'value="phone" selected' in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_the_website_channel_is_not_offered_to_staff(client_for, clerk):
    person, _customer = make_customer()
    response = client_for(clerk).post(
        _person_url(person, "consent:consent-grant"),
        {"grant-text": make_text().pk, "grant-channel": "website", "grant-evidence": "Lomake."},
    )
    assert response.status_code == 400
    assert response.context["grant_form"].errors["channel"]


def test_an_existing_customer_basis_needs_its_conditions(client_for, clerk):
    person, _customer = make_customer()
    response = client_for(clerk).post(
        _person_url(person, "consent:basis-set"),
        {
            "basis-channel": "email",
            "basis-basis": "existing_customer",
            "basis-since": "2099-01-01",
            "basis-product_groups": "",
            "basis-language": "fi",
        },
    )
    assert response.status_code == 400
    errors = response.context["basis_form"].errors
    assert {"since", "product_groups", "opt_out_offered"} <= set(errors)
    assert 'value="2099-01-01"' in response.content.decode()
    assert not MarketingPreference.objects.exists()


def test_a_basis_the_service_refuses_is_shown_as_a_form_error(client_for, clerk):
    person, _consent = consenting_customer()
    response = client_for(clerk).post(
        _person_url(person, "consent:basis-set"),
        {
            "basis-channel": "email",
            "basis-basis": "business_contact",
            "basis-since": "2026-01-02",
            "basis-language": "fi",
        },
    )
    assert response.status_code == 400
    assert response.context["basis_form"].non_field_errors()


def test_suppressing_needs_a_confirmation(client_for, registrar):
    person, _customer = make_customer()
    response = client_for(registrar).post(
        _person_url(person, "consent:suppress"), {"suppress-reason": "objection"}
    )
    assert response.status_code == 400
    assert response.context["suppress_form"].errors["confirm"]


def test_the_lookup_opens_a_person_by_reference(client_for, clerk):
    person, _consent = consenting_customer()
    response = client_for(clerk).get(
        reverse("consent:consent-list"), {"person": person.reference.lower()}
    )
    assert response.status_code == 302
    assert response["Location"] == _person_url(person)


def test_the_lookup_says_when_no_one_has_the_reference(client_for, clerk):
    response = client_for(clerk).get(reverse("consent:consent-list"), {"person": "H-XXXXXXXX"})
    assert response.status_code == 200
    assert response.context["form"].errors["person"]


def test_the_list_shows_recent_grants_withdrawals_and_opt_outs(client_for, clerk):
    person, consent = consenting_customer()
    client = client_for(clerk)
    client.post(reverse("consent:consent-withdraw", args=[consent.reference]), {"channel": "email"})
    response = client.get(reverse("consent:consent-list"))
    kinds = [event.kind for event, _label in response.context["events"]]
    assert sorted(kinds) == ["granted", "opted_out", "withdrawn"]
    assert person.reference in response.content.decode()


def test_recording_a_consent_for_an_unknown_reference_keeps_the_form(client_for, clerk):
    text = make_text()
    response = client_for(clerk).post(
        reverse("consent:consent-record"),
        {
            "person": "H-XXXXXXXX",
            "text": text.pk,
            "channel": "letter",
            "evidence": "Allekirjoitettu lomake.",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["person"]
    assert "Allekirjoitettu lomake." in response.content.decode()


def test_the_record_page_asks_for_a_text_first_when_none_is_published(client_for, clerk):
    response = client_for(clerk).get(reverse("consent:consent-record"))
    assert response.status_code == 200
    assert reverse("consent:text-create") in response.content.decode()


# --- Consent texts ----------------------------------------------------------------------


def test_publishing_a_text_from_the_page(client_for, registrar):
    client = client_for(registrar)
    response = client.post(
        reverse("consent:text-create"),
        {
            "purpose": "marketing_email",
            "language": "en",
            "text": "I want iLaakso's offers by e-mail. I can withdraw at any time.",
        },
    )
    assert response.status_code == 302
    text = ConsentText.objects.get()
    assert (text.language, text.version, text.published_by) == ("en", 1, registrar)
    listing = client.get(reverse("consent:text-list")).content.decode()
    assert text.sha256 in listing


def test_a_too_short_text_is_refused_and_kept(client_for, registrar):
    response = client_for(registrar).post(
        reverse("consent:text-create"),
        {"purpose": "marketing_email", "language": "fi", "text": "Kyllä"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["text"]
    assert "Kyllä" in response.content.decode()


def test_the_same_wording_again_is_refused_on_the_page(client_for, registrar):
    text = make_text()
    response = client_for(registrar).post(
        reverse("consent:text-create"),
        {"purpose": text.purpose, "language": "fi", "text": text.text},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()


# --- The export page --------------------------------------------------------------------


def test_the_export_page_downloads_a_csv(client_for, administrator):
    consenting_customer("lista@example.fi", first_name="Liisa")
    response = client_for(administrator).post(
        reverse("consent:marketing-export"), {"channel": "email"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="marketing-email-')
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert body.splitlines() == [
        "email,first_name,language,basis",
        "lista@example.fi,Liisa,fi,consent",
    ]


def test_the_export_page_refuses_an_unknown_channel(client_for, administrator):
    response = client_for(administrator).post(
        reverse("consent:marketing-export"), {"channel": "post"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["channel"]
