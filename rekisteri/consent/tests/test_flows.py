"""Consent flows end to end through the staff pages: grant in the shop, withdraw with one
click, opt out, object — and the marketing export leaves out everyone who said no."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rekisteri.consent.models import ConsentRecord, MarketingPreference

from .factories import make_customer

pytestmark = pytest.mark.django_db


def _exported(client) -> list[str]:
    response = client.post(reverse("consent:marketing-export"), {"channel": "email"})
    assert response.status_code == 200
    return [line.split(",")[0] for line in response.content.decode().splitlines()[1:]]


def test_consent_flows_end_to_end(client_for, registrar, clerk, administrator):
    shop, office, boss = client_for(clerk), client_for(registrar), client_for(administrator)

    # The registrar publishes the consent text the shop's paper form carries.
    response = office.post(
        reverse("consent:text-create"),
        {
            "purpose": "marketing_email",
            "language": "fi",
            "text": "Haluan iLaakson tarjouksia sähköpostitse. Voin perua milloin tahansa.",
        },
    )
    assert response.status_code == 302
    text_id = (
        office.get(reverse("consent:consent-record"))
        .context["form"]
        .fields["text"]
        .queryset.get()
        .pk
    )

    anna, _ = make_customer("Anna", email="anna@example.fi")
    ben, _ = make_customer("Ben", email="ben@example.fi")
    cia, _ = make_customer("Cia", email="cia@example.fi")
    dan, _ = make_customer("Dan", email="dan@example.fi")

    # In the shop: Anna ticks the box on her person page; Ben, Cia and Dan through the
    # "Record a consent" page by reference.
    response = shop.post(
        reverse("consent:consent-grant", args=[anna.reference]),
        {
            "grant-text": text_id,
            "grant-channel": "in_shop",
            "grant-evidence": "Rasti tyhjään ruutuun paperilomakkeella.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("consent:person-detail", args=[anna.reference])
    for person in (ben, cia, dan):
        response = shop.post(
            reverse("consent:consent-record"),
            {
                "person": person.reference,
                "text": text_id,
                "channel": "in_shop",
                "evidence": "Rasti tyhjään ruutuun paperilomakkeella.",
            },
        )
        assert response.status_code == 302
    assert _exported(boss) == [
        "anna@example.fi",
        "ben@example.fi",
        "cia@example.fi",
        "dan@example.fi",
    ]

    # Ben withdraws with one click in his consent list.
    page = shop.get(reverse("consent:person-detail", args=[ben.reference]))
    consent = ConsentRecord.objects.get(person=ben)
    withdraw_url = reverse("consent:consent-withdraw", args=[consent.reference])
    assert withdraw_url in page.content.decode()
    response = shop.post(withdraw_url, {"channel": "in_shop"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None

    # Cia opts out of e-mail marketing by phone.
    response = shop.post(
        reverse("consent:opt-out", args=[cia.reference]),
        {"optout-channel": "email", "optout-via": "phone"},
    )
    assert response.status_code == 302
    assert MarketingPreference.objects.get(person=cia, channel="email").opted_out_at is not None

    # Dan objects to direct marketing; the registrar suppresses his contacts.
    response = office.post(
        reverse("consent:suppress", args=[dan.reference]),
        {"suppress-reason": "objection", "suppress-request_ref": "PY-1", "suppress-confirm": "on"},
    )
    assert response.status_code == 302

    assert _exported(boss) == ["anna@example.fi"]

    # Each person's page tells the staff why.
    verdicts = {
        person.first_name: {
            row.channel.value: row.verdict.value
            for row, _label, _badge in shop.get(
                reverse("consent:person-detail", args=[person.reference])
            ).context["channels"]
        }["email"]
        for person in (anna, ben, cia, dan)
    }
    assert verdicts == {
        "Anna": "allowed",
        "Ben": "opted_out",
        "Cia": "opted_out",
        "Dan": "opted_out",
    }
    dan_page = shop.get(reverse("consent:person-detail", args=[dan.reference]))
    assert dan_page.context["overview"].suppressed_contacts == 2
