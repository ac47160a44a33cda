"""The web-shop demo data: realistic, fictional, and indexed."""

from __future__ import annotations

import datetime as dt
import random

import faker
import pytest
from django.utils import timezone

from rekisteri.privacy.index import find_people
from rekisteri.privacy.models import IndexEntry
from rekisteri.registers.webshop import demo
from rekisteri.registers.webshop.models import CookieConsent, Order, OrderLine, WebshopAccount
from rekisteri.registers.webshop.services import check_webshop_password, order_ip_expires_on
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def populated():
    fake = faker.Faker("fi_FI")
    fake.seed_instance(7)
    people = [
        Person.objects.create(first_name=fake.first_name(), last_name=fake.last_name())
        for _ in range(200)
    ]
    demo.populate(people, fake, random.Random(7), TODAY)
    return people


def test_the_demo_gives_about_eighty_people_orders_and_sixty_accounts(populated):
    assert Order.objects.values("person").distinct().count() == 80
    assert WebshopAccount.objects.count() == 60
    assert OrderLine.objects.count() >= Order.objects.count()
    assert CookieConsent.objects.count() == 150
    assert CookieConsent.objects.filter(person__isnull=True).count() > 75


def test_some_demo_ip_addresses_are_past_their_thirteen_months(populated):
    expired = [
        o
        for o in Order.objects.exclude(ip_address=None)
        if order_ip_expires_on(timezone.localdate(o.ordered_at)) <= TODAY
    ]
    assert 0 < len(expired) < Order.objects.count()


def test_demo_contact_data_is_fictional(populated):
    for order in Order.objects.all():
        assert order.ip_address is not None
        assert order.number is not None
        assert order.email.endswith(("@example.fi", "@example.com"))
        assert order.phone[:6] in {"+35840", "+35850", "+35845"}
        assert order.ip_address.startswith(("192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:"))
        assert order.number.startswith("VK-")
    assert all(a.password_hash.startswith("argon2$") for a in WebshopAccount.objects.all())
    assert not check_webshop_password(WebshopAccount.objects.latest("id"), "")


def test_demo_orders_are_in_the_subject_index(populated):
    order = Order.objects.latest("id")
    assert IndexEntry.objects.filter(model="webshop.Order").count() > Order.objects.count()
    match = find_people(emails=[order.email])[0]
    assert match.person_id == order.person_id
