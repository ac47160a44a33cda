"""Test data for consent and marketing: fictional people, example.fi contacts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from rekisteri.consent.models import ConsentPurpose, ConsentRecord, ConsentText
from rekisteri.consent.services import grant_consent, publish_consent_text
from rekisteri.registers.customers.models import Customer
from rekisteri.registers.customers.services import register_customer
from rekisteri.registers.webshop.tests.factories import make_order
from rekisteri.subjects.models import Person

TEXTS = {
    ConsentPurpose.MARKETING_EMAIL: "Haluan saada iLaakson tarjouksia sähköpostitse. "
    "Voin perua suostumuksen milloin tahansa.",
    ConsentPurpose.MARKETING_SMS: "Haluan saada iLaakson tarjouksia tekstiviestillä. "
    "Voin perua suostumuksen milloin tahansa.",
}


def make_text(
    purpose: ConsentPurpose = ConsentPurpose.MARKETING_EMAIL, language: str = "fi", **kw: Any
) -> ConsentText:
    """Publish a consent text, or return the current one when it has this very wording."""
    text = kw.pop("text", None) or TEXTS.get(purpose) or f"Suostun: {purpose.label}. Voin perua."
    current = (
        ConsentText.objects.filter(purpose=purpose, language=language).order_by("-version").first()
    )
    if current is not None and current.text == text:
        return current
    return publish_consent_text(None, purpose=purpose, language=language, text=text, **kw)


def make_customer(
    first_name: str = "Testi",
    last_name: str = "Asiakas",
    email: str = "testi.asiakas@example.fi",
    phone: str = "040 123 4567",
    **kw: Any,
) -> tuple[Person, Customer]:
    customer = register_customer(
        None, first_name=first_name, last_name=last_name, email=email, phone=phone, **kw
    )
    assert customer.person is not None
    return customer.person, customer


def consenting_customer(
    email: str = "testi.asiakas@example.fi", *, text: ConsentText | None = None, **kw: Any
) -> tuple[Person, ConsentRecord]:
    person, _customer = make_customer(email=email, **kw)
    consent = grant_consent(
        None,
        person,
        text or make_text(),
        channel="in_shop",
        evidence="Rasti tyhjään ruutuun paperilomakkeella.",
    )
    return person, consent


def buy(person: Person, on: dt.date, **overrides: Any) -> None:
    """A web-shop order on ``on`` (noon, local time)."""
    moment = timezone.make_aware(dt.datetime(on.year, on.month, on.day, 12, 0))
    make_order(person, ordered_at=moment, **overrides)
