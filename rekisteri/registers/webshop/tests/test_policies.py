"""Pure rules of the web-shop register; no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rekisteri.consent.policies import cookie_consent_expires_on, needs_new_cookie_consent
from rekisteri.registers.webshop.models import OrderStatus
from rekisteri.registers.webshop.services import (
    InvalidCookieChoice,
    LineInput,
    can_change_status,
    format_order_number,
    next_order_number,
    normalise_cookie_choices,
    order_ip_expires_on,
    order_total,
)
from rekisteri.registers.webshop.ui import mask_password_hash


def test_the_first_order_of_a_year_is_number_one():
    assert next_order_number(2026, None) == "VK-2026-00001"


def test_the_next_order_number_follows_the_latest_of_the_year():
    assert next_order_number(2026, "VK-2026-00041") == "VK-2026-00042"
    assert format_order_number(2025, 7) == "VK-2025-00007"


def test_an_order_ip_address_expires_thirteen_months_after_the_order():
    assert order_ip_expires_on(dt.date(2025, 1, 15)) == dt.date(2026, 2, 15)


def test_an_order_ip_address_from_the_end_of_a_month_expires_at_the_end_of_the_target_month():
    assert order_ip_expires_on(dt.date(2025, 1, 31)) == dt.date(2026, 2, 28)


def test_orders_move_forward_and_final_states_stay():
    assert can_change_status(OrderStatus.RECEIVED, OrderStatus.PAID)
    assert can_change_status(OrderStatus.PAID, OrderStatus.SHIPPED)
    assert can_change_status(OrderStatus.SHIPPED, OrderStatus.DELIVERED)
    assert can_change_status(OrderStatus.RECEIVED, OrderStatus.CANCELLED)
    assert not can_change_status(OrderStatus.DELIVERED, OrderStatus.RECEIVED)
    assert not can_change_status(OrderStatus.CANCELLED, OrderStatus.PAID)
    assert not can_change_status(OrderStatus.SHIPPED, OrderStatus.CANCELLED)


def test_order_total_adds_lines_and_shipping():
    lines = [LineInput("A", Decimal("24.90"), quantity=2), LineInput("B", Decimal("12.90"))]
    assert order_total(lines, Decimal("6.90")) == Decimal("69.60")


def test_cookie_purposes_not_chosen_are_refused_and_necessary_is_always_on():
    assert normalise_cookie_choices({"analytics": True}) == {
        "necessary": True,
        "analytics": True,
        "marketing": False,
    }
    assert normalise_cookie_choices({"necessary": False})["necessary"] is True


def test_an_unknown_cookie_purpose_is_an_error():
    with pytest.raises(InvalidCookieChoice):
        normalise_cookie_choices({"tracking": True})


def test_a_cookie_choice_that_is_not_yes_or_no_is_an_error():
    with pytest.raises(InvalidCookieChoice):
        normalise_cookie_choices({"analytics": "yes"})


def test_the_cookie_banner_asks_again_after_twelve_months():
    """The re-ask rule is the consent app's; the web shop's choices follow it."""
    chosen = dt.date(2025, 3, 10)
    assert cookie_consent_expires_on(chosen) == dt.date(2026, 3, 10)
    assert not needs_new_cookie_consent(chosen, dt.date(2026, 3, 9))
    assert needs_new_cookie_consent(chosen, dt.date(2026, 3, 10))
    assert needs_new_cookie_consent(None, dt.date(2026, 3, 10))


def test_the_password_hash_is_shown_only_as_set():
    shown = mask_password_hash("argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA")
    assert "argon2" not in shown
    assert shown
    assert mask_password_hash("") == ""
