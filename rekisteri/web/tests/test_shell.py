"""The staff app shell: login, dashboard, search and the person card."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_login_page_is_finnish_by_default(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert 'lang="fi"' in response.content.decode()


def test_logging_in_writes_an_audit_event(client, clerk):
    response = client.post(
        reverse("accounts:login"),
        {"username": "clerk", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(type=EventType.LOGIN_SUCCEEDED, actor=clerk).exists()


def test_a_failed_login_is_audited_without_the_username(client, clerk):
    client.post(reverse("accounts:login"), {"username": "clerk", "password": "wrong"})
    event = AuditEvent.objects.get(type=EventType.LOGIN_FAILED)
    assert event.actor is None
    assert "clerk" not in event.reason


def test_dashboard_shows_only_the_registers_of_the_role(client_for, technician):
    response = client_for(technician).get(reverse("web:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("web:search") in body
    assert reverse("audit:event-list") not in body


def test_search_finds_a_person_by_name_and_shows_the_evidence(client_for, clerk):
    person = Person.objects.create(first_name="Aino", last_name="Koskinen")
    response = client_for(clerk).post(reverse("web:search"), {"name": "aino koskinen"})
    body = response.content.decode()
    assert reverse("web:person-detail", args=[person.reference]) in body
    event = AuditEvent.objects.get(type=EventType.SEARCH_PERFORMED)
    assert event.fields == ["name"]
    assert "Koskinen" not in str(event.reason)


def test_search_keeps_what_was_typed_when_a_value_is_invalid(client_for, clerk):
    response = client_for(clerk).post(reverse("web:search"), {"phone": "040 12", "name": "Aino"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="040 12"' in body
    assert 'value="Aino"' in body
    assert "puhelinnumero" in body.lower()


def test_search_in_english_explains_the_error_in_english(client_for, clerk):
    client = client_for(clerk)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("web:search"), {"phone": "040 12"})
    assert "valid phone number" in response.content.decode()


def test_finnish_is_used_when_the_browser_states_no_supported_language(client_for, clerk):
    response = client_for(clerk).get(reverse("web:dashboard"), HTTP_ACCEPT_LANGUAGE="de")
    assert response["Content-Language"] == "fi"


def test_an_empty_search_asks_for_an_identifier(client_for, clerk):
    response = client_for(clerk).post(reverse("web:search"), {})
    assert response.status_code == 200
    assert "vähintään yksi tunnistetieto" in response.content.decode()
    assert not AuditEvent.objects.filter(type=EventType.SEARCH_PERFORMED).exists()


def test_search_uses_post_so_identifiers_stay_out_of_urls(client_for, clerk):
    response = client_for(clerk).get(reverse("web:search"), {"email": "a@example.fi"})
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(type=EventType.SEARCH_PERFORMED).exists()


def test_opening_a_person_card_is_audited(client_for, clerk):
    person = Person.objects.create(first_name="Aino", last_name="Koskinen")
    response = client_for(clerk).get(reverse("web:person-detail", args=[person.reference]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(type=EventType.PERSON_VIEWED)
    assert event.person_ref == person.reference
    assert event.actor == clerk


def test_an_unknown_person_reference_is_404(client_for, clerk):
    response = client_for(clerk).get(reverse("web:person-detail", args=["H-NOTHERE"]))
    assert response.status_code == 404


def test_a_role_without_person_cards_gets_403(client_for, outsider):
    person = Person.objects.create(first_name="Aino", last_name="Koskinen")
    response = client_for(outsider).get(reverse("web:person-detail", args=[person.reference]))
    assert response.status_code == 403


def test_restricted_people_are_hidden_from_ordinary_roles(client_for, clerk, registrar):
    person = Person.objects.create(first_name="Aino", last_name="Koskinen", is_restricted=True)
    url = reverse("web:person-detail", args=[person.reference])
    assert client_for(clerk).get(url).status_code == 404
    response = client_for(registrar).get(url)
    assert response.status_code == 200
    assert "badge-restricted" in response.content.decode()


def test_pages_with_personal_data_are_not_cached(client_for, clerk):
    person = Person.objects.create(first_name="Aino", last_name="Koskinen")
    response = client_for(clerk).get(reverse("web:person-detail", args=[person.reference]))
    assert "no-store" in response["Cache-Control"]


def test_the_data_map_page_lists_declared_fields(client_for, clerk):
    response = client_for(clerk).get(reverse("privacy:datamap"))
    assert response.status_code == 200
    assert "first_name" in response.content.decode()


def test_the_audit_log_is_for_the_registrar_and_the_administrator(client_for, registrar, clerk):
    assert client_for(registrar).get(reverse("audit:event-list")).status_code == 200
    assert client_for(clerk).get(reverse("audit:event-list")).status_code == 403


def test_restricted_peoples_records_leave_ordinary_lists_and_carry_a_badge(
    client_for, clerk, registrar
):
    from rekisteri.registers.customers.services import register_customer

    customer = register_customer(clerk, first_name="Aino", last_name="Koskinen", source="in_shop")
    assert customer.person_id is not None
    Person.objects.filter(pk=customer.person_id).update(is_restricted=True)
    url = reverse("web:customers-list")
    assert customer.reference not in client_for(clerk).get(url).content.decode()
    body = client_for(registrar).get(url).content.decode()
    assert customer.reference in body
    assert "badge-restricted" in body
    detail = reverse("web:customers-detail", args=[customer.reference])
    assert client_for(clerk).get(detail).status_code == 404
