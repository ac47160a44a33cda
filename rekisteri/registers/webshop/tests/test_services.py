"""Use cases of the web-shop register, each with its audit event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.privacy.index import find_people
from rekisteri.privacy.vocabulary import IdentifierKind
from rekisteri.registers.webshop.models import (
    CookieConsent,
    Order,
    OrderLine,
    OrderStatus,
    WebshopAccount,
)
from rekisteri.registers.webshop.services import (
    InvalidCookieChoice,
    InvalidOrder,
    InvalidStatusChange,
    LineInput,
    UsernameTaken,
    WeakPassword,
    check_webshop_password,
    clear_expired_order_ip_addresses,
    correct_order_details,
    record_cookie_choice,
    record_webshop_login,
    set_webshop_password,
    update_order_status,
    update_webshop_account,
)

from .factories import GOOD_PASSWORD, delivery_address, make_account, make_order, make_person

pytestmark = pytest.mark.django_db


def _events(kind: EventType) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(type=kind).order_by("id"))


def _assert_no_values(event: AuditEvent, *values: str) -> None:
    text = f"{event.fields} {event.reason} {event.target_ref}"
    for value in values:
        assert value not in text


# --- Accounts ------------------------------------------------------------------------


def test_creating_an_account_stores_only_an_argon2_hash_of_the_password(clerk):
    person = make_person()
    account = make_account(person, username="Matti_V")

    stored = WebshopAccount.objects.get(pk=account.pk)
    assert stored.password_hash.startswith("argon2$argon2id$")
    assert GOOD_PASSWORD not in stored.password_hash
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM webshop_webshopaccount")
        assert GOOD_PASSWORD not in str(cursor.fetchall())
    event = _events(EventType.RECORD_CREATED)[-1]
    assert event.target_ref == account.reference
    assert event.person_ref == person.reference
    assert "password_hash" in event.fields
    _assert_no_values(event, GOOD_PASSWORD, stored.password_hash, "Matti_V")


def test_the_account_creation_event_names_the_actor(clerk):
    from rekisteri.registers.webshop.services import create_webshop_account

    create_webshop_account(
        clerk,
        person=make_person(),
        username="anna",
        email="anna@example.fi",
        password=GOOD_PASSWORD,
    )
    assert _events(EventType.RECORD_CREATED)[-1].actor_id == clerk.pk


def test_a_username_is_taken_whatever_its_case():
    make_account(username="Testiasiakas")
    with pytest.raises(UsernameTaken):
        make_account(username="TESTIASIAKAS", email="toinen@example.fi")
    assert WebshopAccount.objects.count() == 1


def test_a_weak_password_is_refused_and_nothing_is_written():
    with pytest.raises(WeakPassword):
        make_account(password="12345678901")
    with pytest.raises(WeakPassword):
        make_account(password="lyhyt")
    assert WebshopAccount.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_right_password_checks_and_a_wrong_one_does_not():
    account = make_account()
    assert check_webshop_password(account, GOOD_PASSWORD)
    assert not check_webshop_password(account, "vaara-salasana-99")
    assert not check_webshop_password(account, "")


def test_a_closed_account_never_accepts_its_password(clerk):
    account = make_account()
    update_webshop_account(clerk, account, email=account.email, is_active=False)
    assert not check_webshop_password(account, GOOD_PASSWORD)


def test_setting_a_new_password_replaces_the_hash_and_logs_only_the_field_name(clerk):
    account = make_account()
    old_hash = account.password_hash

    set_webshop_password(clerk, account, password="uusi-pitka-salasana-7")

    account.refresh_from_db()
    assert account.password_hash != old_hash
    assert check_webshop_password(account, "uusi-pitka-salasana-7")
    assert not check_webshop_password(account, GOOD_PASSWORD)
    event = _events(EventType.RECORD_UPDATED)[-1]
    assert event.actor_id == clerk.pk
    assert event.fields == ["password_hash"]
    _assert_no_values(event, "uusi-pitka-salasana-7", account.password_hash)


def test_a_login_restarts_the_account_retention_clock():
    account = make_account()
    moment = timezone.now() - dt.timedelta(minutes=5)

    record_webshop_login(None, account, at=moment)

    account.refresh_from_db()
    assert account.last_login_at == moment
    assert _events(EventType.RECORD_UPDATED)[-1].fields == ["last_login_at"]


def test_correcting_an_account_logs_the_changed_fields(clerk):
    account = make_account()
    update_webshop_account(clerk, account, email="uusi@example.fi", is_active=True)

    account.refresh_from_db()
    assert account.email == "uusi@example.fi"
    event = _events(EventType.RECORD_UPDATED)[-1]
    assert event.fields == ["email"]
    _assert_no_values(event, "uusi@example.fi")


# --- Orders ----------------------------------------------------------------------------


def test_placing_an_order_records_lines_totals_and_the_ip_address(clerk):
    person = make_person()
    order = make_order(person, ordered_at=timezone.make_aware(dt.datetime(2026, 3, 2, 12, 0)))

    order.refresh_from_db()
    assert order.number == "VK-2026-00001"
    assert order.status == OrderStatus.RECEIVED
    assert order.ip_address == "203.0.113.7"
    assert order.phone == "+358401234567"
    assert order.total_amount == Decimal("69.60")
    assert [line.product_name for line in order.lines.all()] == [
        "Langaton hiiri",
        "HDMI-kaapeli 2 m",
    ]
    event = _events(EventType.RECORD_CREATED)[-1]
    assert event.target_ref == order.reference
    assert event.person_ref == person.reference
    assert {"ip_address", "lines", "number", "delivery_street"} <= set(event.fields)
    _assert_no_values(event, "203.0.113.7", "Esimerkkikatu", "+358401234567")


def test_order_numbers_run_on_within_a_year():
    march = timezone.make_aware(dt.datetime(2026, 3, 2, 12, 0))
    make_order(ordered_at=march)
    second = make_order(ordered_at=march + dt.timedelta(days=1))
    assert second.number == "VK-2026-00002"


def test_order_numbers_run_on_past_99999():
    march = timezone.make_aware(dt.datetime(2026, 3, 2, 12, 0))
    first = make_order(ordered_at=march)
    Order.objects.filter(pk=first.pk).update(number="VK-2026-99999")
    assert make_order(ordered_at=march).number == "VK-2026-100000"
    assert make_order(ordered_at=march).number == "VK-2026-100001"


def test_an_order_without_lines_writes_nothing():
    with pytest.raises(InvalidOrder):
        make_order(lines=[])
    assert Order.objects.count() == 0
    assert OrderLine.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"ip_address": "999.1.1.1"},
        {"phone": "12"},
        {"email": "ei-osoite"},
        {"delivery": delivery_address(postal_code="401")},
        {"lines": [LineInput("Hiiri", Decimal("-1.00"))]},
        {"lines": [LineInput("Hiiri", Decimal("1.00"), quantity=0)]},
    ],
)
def test_an_invalid_order_is_refused_whole(overrides):
    with pytest.raises(InvalidOrder):
        make_order(**overrides)
    assert Order.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_an_order_cannot_use_another_persons_account():
    account = make_account()
    with pytest.raises(InvalidOrder):
        make_order(make_person("Toinen", "Henkilö"), account=account)


def test_an_order_moves_on_and_the_change_is_logged(clerk):
    order = make_order()
    update_order_status(clerk, order, status=OrderStatus.PAID)

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    event = _events(EventType.RECORD_UPDATED)[-1]
    assert (event.actor_id, event.fields) == (clerk.pk, ["status"])


def test_a_delivered_order_cannot_go_back(clerk):
    order = make_order()
    for status in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        update_order_status(clerk, order, status=status)
    with pytest.raises(InvalidStatusChange):
        update_order_status(clerk, order, status=OrderStatus.RECEIVED)
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED


def test_correcting_the_delivery_address_logs_the_changed_fields_only(clerk):
    order = make_order()
    correct_order_details(
        clerk,
        order,
        changes={"delivery_street": "Uusikatu 5", "delivery_city": order.delivery_city},
    )
    order.refresh_from_db()
    assert order.delivery_street == "Uusikatu 5"
    event = _events(EventType.RECORD_UPDATED)[-1]
    assert event.fields == ["delivery_street"]
    _assert_no_values(event, "Uusikatu")


def test_the_ip_address_and_lines_cannot_be_corrected(clerk):
    order = make_order()
    with pytest.raises(InvalidOrder):
        correct_order_details(clerk, order, changes={"ip_address": "198.51.100.1"})


def test_ip_addresses_older_than_thirteen_months_are_cleared_and_the_orders_stay():
    today = dt.date(2026, 6, 15)
    old = make_order(ordered_at=timezone.make_aware(dt.datetime(2025, 5, 14, 12, 0)))
    recent = make_order(ordered_at=timezone.make_aware(dt.datetime(2025, 5, 16, 12, 0)))

    assert clear_expired_order_ip_addresses(today) == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None
    assert recent.ip_address == "203.0.113.7"
    event = _events(EventType.RECORD_UPDATED)[-1]
    assert (event.target_ref, event.fields) == (old.reference, ["ip_address"])
    assert find_people(ips=["203.0.113.7"])[0].evidence[0].object_id == str(recent.pk)
    assert clear_expired_order_ip_addresses(today) == 0


# --- Cookie choices ----------------------------------------------------------------------


def test_a_cookie_choice_is_logged_without_an_ip_address_and_refuses_by_default(clerk):
    consent = record_cookie_choice(None, banner_version="2025-09", choices={"analytics": True})

    consent.refresh_from_db()
    assert consent.choices == {"necessary": True, "analytics": True, "marketing": False}
    assert consent.person is None
    assert len(consent.pseudonymous_id) >= 20
    assert not hasattr(consent, "ip_address")
    event = _events(EventType.RECORD_CREATED)[-1]
    assert event.target_ref == consent.reference
    assert "choices" in event.fields


def test_a_logged_in_visitors_cookie_choice_is_tied_to_the_person():
    person = make_person()
    consent = record_cookie_choice(
        None, banner_version="2025-09", choices={}, person=person, pseudonymous_id="selain-123"
    )
    assert consent.person == person
    assert consent.pseudonymous_id == "selain-123"
    assert _events(EventType.RECORD_CREATED)[-1].person_ref == person.reference


def test_an_invalid_cookie_choice_writes_nothing():
    with pytest.raises(InvalidCookieChoice):
        record_cookie_choice(None, banner_version="2025-09", choices={"tracking": True})
    with pytest.raises(InvalidCookieChoice):
        record_cookie_choice(None, banner_version=" ", choices={})
    assert CookieConsent.objects.count() == 0


# --- The subject index -------------------------------------------------------------------


def test_the_subject_index_finds_orders_and_accounts_by_email_ip_phone_and_number():
    person = make_person("Liisa", "Mäkinen")
    account = make_account(person, email="Liisa.Makinen@Example.fi")
    order = make_order(
        person,
        account=account,
        email="liisa.makinen@example.fi",
        comment="Soittakaa ennen toimitusta 050 765 4321",
        ip_address="2001:db8:0:0::1",
    )

    by_email = find_people(emails=["LIISA.MAKINEN@example.fi"])
    assert by_email[0].person_id == person.pk
    assert {e.model for e in by_email[0].evidence} == {"webshop.WebshopAccount", "webshop.Order"}
    assert find_people(ips=["2001:db8::1"])[0].person_id == person.pk
    in_comment = find_people(phones=["+358 50 765 4321"])[0]
    assert in_comment.person_id == person.pk
    assert in_comment.evidence[0].in_text
    by_number = find_people(others=[(IdentifierKind.ORDER_NUMBER, order.number or "")])
    assert by_number[0].person_id == person.pk
    by_username = find_people(others=[(IdentifierKind.USERNAME, "TESTIASIAKAS")])
    assert by_username[0].person_id == person.pk
