"""The web-shop screens for allowed and denied personas."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.registers.webshop.models import OrderStatus
from rekisteri.registers.webshop.services import record_cookie_choice

from .factories import make_account, make_order

pytestmark = pytest.mark.django_db


def _form_data(order, **overrides):
    data = {
        "status": order.status,
        "delivery_name": order.delivery_name,
        "delivery_street": order.delivery_street,
        "delivery_postal_code": order.delivery_postal_code,
        "delivery_city": order.delivery_city,
        "delivery_country": order.delivery_country,
        "billing_name": order.billing_name,
        "billing_street": order.billing_street,
        "billing_postal_code": order.billing_postal_code,
        "billing_city": order.billing_city,
        "billing_country": order.billing_country,
        "email": order.email,
        "phone": order.phone,
        "comment": order.comment,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("slug", ["orders", "webshop-accounts", "cookie-choices"])
def test_a_clerk_and_the_registrar_see_the_webshop_lists(client_for, clerk, registrar, slug):
    make_order()
    for user in (clerk, registrar):
        assert client_for(user).get(reverse(f"web:{slug}-list")).status_code == 200


@pytest.mark.parametrize("slug", ["orders", "webshop-accounts", "cookie-choices"])
def test_people_without_webshop_rights_are_refused(client_for, technician, outsider, hr, slug):
    for user in (technician, outsider, hr):
        assert client_for(user).get(reverse(f"web:{slug}-list")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client_for):
    order = make_order()
    for url in (
        reverse("web:orders-list"),
        reverse("web:orders-detail", args=[order.reference]),
        reverse("webshop:order-lines", args=[order.reference]),
    ):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_an_order_detail_shows_the_ip_address_and_is_audited(client_for, clerk):
    order = make_order()
    response = client_for(clerk).get(reverse("web:orders-detail", args=[order.reference]))
    assert response.status_code == 200
    assert "203.0.113.7" in response.content.decode()
    event = AuditEvent.objects.filter(type=EventType.RECORD_VIEWED).latest("id")
    assert (event.actor_id, event.target_ref) == (clerk.pk, order.reference)


def test_a_guessed_order_reference_is_not_found(client_for, clerk):
    assert (
        client_for(clerk).get(reverse("web:orders-detail", args=["O-ZZZZZZZZ"])).status_code == 404
    )
    assert (
        client_for(clerk).get(reverse("webshop:order-lines", args=["O-ZZZZZZZZ"])).status_code
        == 404
    )


def test_the_account_screen_never_shows_the_password_hash(client_for, clerk, registrar):
    account = make_account()
    for user in (clerk, registrar):
        body = (
            client_for(user)
            .get(reverse("web:webshop-accounts-detail", args=[account.reference]))
            .content.decode()
        )
        assert account.password_hash not in body
        assert "argon2" not in body
        assert "/reveal/" not in body


def test_the_password_hash_cannot_be_revealed(client_for, clerk):
    account = make_account()
    url = reverse("web:webshop-accounts-reveal", args=[account.reference, "password_hash"])
    assert client_for(clerk).post(url).status_code == 404


def test_a_clerk_corrects_the_delivery_address_of_an_order(client_for, clerk):
    order = make_order()
    url = reverse("web:orders-edit", args=[order.reference])
    response = client_for(clerk).post(
        url, _form_data(order, delivery_street="Uusikatu 5", status=OrderStatus.PAID)
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.delivery_street, order.status) == ("Uusikatu 5", OrderStatus.PAID)
    updates = AuditEvent.objects.filter(type=EventType.RECORD_UPDATED, actor=clerk)
    assert sorted(f for e in updates for f in e.fields) == ["delivery_street", "status"]


def test_an_invalid_correction_keeps_what_was_typed_and_explains_in_english(client_for, clerk):
    order = make_order()
    url = reverse("web:orders-edit", args=[order.reference])
    with translation.override("en"):
        response = client_for(clerk).post(
            url,
            _form_data(order, delivery_street="Uusikatu 5", delivery_postal_code="401", phone="12"),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "A Finnish postal code has five digits" in body
    assert "Enter a valid phone number" in body
    assert 'value="Uusikatu 5"' in body
    assert 'value="401"' in body
    order.refresh_from_db()
    assert order.delivery_postal_code == "40100"


def test_an_invalid_correction_is_explained_in_finnish(client_for, clerk):
    order = make_order()
    url = reverse("web:orders-edit", args=[order.reference])
    response = client_for(clerk).post(
        url, _form_data(order, delivery_postal_code="401"), HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert "Suomalaisessa postinumerossa on viisi numeroa" in response.content.decode()


def test_a_delivered_order_offers_no_way_back(client_for, clerk):
    order = make_order()
    url = reverse("web:orders-edit", args=[order.reference])
    response = client_for(clerk).post(url, _form_data(order, status=OrderStatus.DELIVERED))
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.RECEIVED


def test_the_registrar_may_read_but_not_correct_orders(client_for, registrar):
    order = make_order()
    response = client_for(registrar).get(reverse("web:orders-edit", args=[order.reference]))
    assert response.status_code == 403


def test_orders_are_not_created_from_the_staff_app(client_for, clerk):
    assert client_for(clerk).get(reverse("web:orders-create")).status_code == 404


def test_the_order_lines_page_lists_what_was_sold_and_is_audited(client_for, clerk, outsider):
    order = make_order()
    url = reverse("webshop:order-lines", args=[order.reference])
    response = client_for(clerk).get(url)
    assert response.status_code == 200
    assert "Langaton hiiri" in response.content.decode()
    event = AuditEvent.objects.filter(type=EventType.RECORD_VIEWED).latest("id")
    assert (event.target_ref, event.fields) == (order.reference, ["lines"])
    assert client_for(outsider).get(url).status_code == 403


def test_the_order_detail_links_to_its_lines(client_for, clerk):
    order = make_order()
    body = (
        client_for(clerk).get(reverse("web:orders-detail", args=[order.reference])).content.decode()
    )
    assert reverse("webshop:order-lines", args=[order.reference]) in body


def test_a_clerk_closes_a_webshop_account(client_for, clerk):
    account = make_account()
    url = reverse("web:webshop-accounts-edit", args=[account.reference])
    response = client_for(clerk).post(url, {"email": account.email})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.is_active is False
    event = AuditEvent.objects.filter(type=EventType.RECORD_UPDATED).latest("id")
    assert event.fields == ["is_active"]


def test_cookie_choices_are_read_only(client_for, clerk):
    consent = record_cookie_choice(None, banner_version="2025-09", choices={})
    assert (
        client_for(clerk)
        .get(reverse("web:cookie-choices-detail", args=[consent.reference]))
        .status_code
        == 200
    )
    assert (
        client_for(clerk)
        .get(reverse("web:cookie-choices-edit", args=[consent.reference]))
        .status_code
        == 404
    )


def test_the_person_card_shows_webshop_records_without_the_password_hash(client_for, clerk):
    account = make_account()
    order = make_order(account.person, account=account)
    body = (
        client_for(clerk)
        .get(reverse("web:person-detail", args=[account.person.reference]))
        .content.decode()
    )
    assert order.number in body
    assert account.reference in body
    assert account.password_hash not in body
    assert "argon2" not in body
