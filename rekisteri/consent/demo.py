"""Finnish demo data for consent and marketing: texts, consents, bases, opt-outs, objections.

Runs after the registers' demo data: it reads the people's contacts and
purchases through the data map (never a register) and records everything
through this app's services, so the demo also exercises the audit trail. Web
consents carry IP addresses from the documentation range (RFC 5737).
"""

from __future__ import annotations

import datetime as dt
import random

import faker
from django.utils import timezone

from rekisteri.consent.models import ConsentPurpose, MarketingBasis, MarketingChannel
from rekisteri.consent.queries import contacts_of_people, last_purchase_by_person
from rekisteri.consent.services import (
    grant_consent,
    opt_out_of_marketing,
    publish_consent_text,
    set_marketing_basis,
    suppress_person_contacts,
    withdraw_consent,
)
from rekisteri.privacy.vocabulary import IdentifierKind
from rekisteri.subjects.models import Person

TEXTS = {
    (ConsentPurpose.MARKETING_EMAIL, "fi"): (
        "Haluan saada iLaakso IT Oy:n tarjouksia ja uutiskirjeen sähköpostitse. "
        "Voin perua suostumukseni milloin tahansa viestin lopun linkistä, myymälässä "
        "tai sähköpostilla myynti@ilaakso.fi."
    ),
    (ConsentPurpose.MARKETING_EMAIL, "en"): (
        "I want to receive offers and the newsletter from iLaakso IT Oy by e-mail. "
        "I can withdraw my consent at any time through the link in each message, in the "
        "shop or by e-mail to myynti@ilaakso.fi."
    ),
    (ConsentPurpose.MARKETING_SMS, "fi"): (
        "Haluan saada iLaakso IT Oy:n tarjouksia tekstiviestillä. Voin perua suostumukseni "
        "milloin tahansa vastaamalla viestiin LOPETA tai myymälässä."
    ),
}

EVIDENCE = {
    "in_shop": "Asiakas rastitti tyhjän ruudun paperilomakkeella.",
    "website": "Rastittamaton valintaruutu rastitettu verkkokaupan tililomakkeella.",
    "phone": "Asiakas antoi suostumuksen puhelimessa; teksti luettiin ääneen.",
}

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
]


def _moment(today: dt.date, days_ago: int, rng: random.Random) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    naive = dt.datetime(day.year, day.month, day.day, rng.randint(9, 19), rng.randint(0, 59))
    return timezone.make_aware(naive)


def populate(persons: list[Person], fake: faker.Faker, rng: random.Random, today: dt.date) -> None:
    """Give about a third of the people with an e-mail a consent, some an existing-customer
    basis, and record a few withdrawals, opt-outs and one objection."""
    texts = {
        key: publish_consent_text(
            None,
            purpose=key[0],
            language=key[1],
            text=wording,
            now=_moment(today, 900, rng),
        )
        for key, wording in TEXTS.items()
    }
    ids = [p.pk for p in persons]
    emails = contacts_of_people(ids, IdentifierKind.EMAIL, for_marketing=True)
    phones = contacts_of_people(ids, IdentifierKind.PHONE, for_marketing=True)
    purchases = last_purchase_by_person(ids)
    by_id = {p.pk: p for p in persons}
    consents = []
    for person_id in sorted(emails):
        person = by_id[person_id]
        roll = rng.random()
        if roll < 0.35:
            channel = rng.choice(["in_shop", "in_shop", "website", "phone"])
            language = "en" if rng.random() < 0.1 else "fi"
            consent = grant_consent(
                None,
                person,
                texts[(ConsentPurpose.MARKETING_EMAIL, language)],
                channel=channel,
                evidence=EVIDENCE[channel],
                given_at=_moment(today, rng.randint(5, 700), rng),
                ip_address=f"198.51.100.{rng.randint(1, 254)}" if channel == "website" else None,
                user_agent=rng.choice(BROWSERS) if channel == "website" else "",
            )
            consents.append(consent)
            if person_id in phones and rng.random() < 0.3:
                grant_consent(
                    None,
                    person,
                    texts[(ConsentPurpose.MARKETING_SMS, "fi")],
                    channel="in_shop",
                    evidence=EVIDENCE["in_shop"],
                    given_at=consent.given_at,
                )
        elif roll < 0.6 and person_id in purchases:
            set_marketing_basis(
                None,
                person,
                channel=MarketingChannel.EMAIL,
                basis=MarketingBasis.EXISTING_CUSTOMER,
                since=purchases[person_id],
                product_groups=rng.choice(
                    [
                        "tietokoneet ja oheislaitteet",
                        "ohjelmistolisenssit",
                        "tulostimet ja tarvikkeet",
                    ]
                ),
                opt_out_offered=True,
            )
        elif roll < 0.65:
            set_marketing_basis(
                None,
                person,
                channel=MarketingChannel.EMAIL,
                basis=MarketingBasis.BUSINESS_CONTACT,
                since=today - dt.timedelta(days=rng.randint(30, 600)),
            )
        elif roll < 0.7:
            opt_out_of_marketing(
                None, person, via="email", now=_moment(today, rng.randint(1, 300), rng)
            )
    for consent in consents[::8]:
        age = (today - timezone.localdate(consent.given_at)).days
        withdraw_consent(
            None,
            consent,
            channel=rng.choice(["email", "website", "in_shop"]),
            now=consent.given_at + dt.timedelta(days=rng.randint(1, max(1, min(60, age - 1)))),
        )
    if consents:
        objector = consents[len(consents) // 2].person
        opt_out_of_marketing(None, objector, via="letter", now=_moment(today, 3, rng))
        suppress_person_contacts(None, objector, reason="objection", request_ref="DEMO-1")
