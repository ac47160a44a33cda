"""Finnish demo data for the customer register.

About 150 of the given people become customers: most are private customers
with an e-mail, phone and address; some are contact persons of small company
customers. E-mails are on example.fi/example.com, phones in the 040/050/045
ranges, business IDs fictional with a valid check digit. A few notes carry a
phone number or e-mail so that the subject index's free-text search has
something to find. Rows are written with ``bulk_create`` through the indexed
managers, so the subject index stays current.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

import faker

from rekisteri.privacy.identifiers import normalise_phone
from rekisteri.registers.customers.models import (
    AddressKind,
    Channel,
    ContactLabel,
    ContactPerson,
    Customer,
    CustomerAddress,
    CustomerEmail,
    CustomerKind,
    CustomerPhone,
)
from rekisteri.registers.customers.services import allocate_customer_numbers
from rekisteri.subjects.models import Person

CUSTOMER_SHARE = 150
COMPANY_COUNT = 12
TRADES = (
    "Tilitoimisto",
    "Rakennus",
    "Kuljetus",
    "Sähkö",
    "LVI",
    "Hammaslääkäri",
    "Kiinteistöhuolto",
    "Konsultointi",
    "Parturi-kampaamo",
    "Valokuvaamo",
)
COMPANY_FORMS = ("Oy", "Oy", "Ky", "Tmi")
ROLES = ("toimitusjohtaja", "yrittäjä", "toimistopäällikkö", "IT-vastaava", "kirjanpitäjä")
CHANNEL_WEIGHTS = (
    (Channel.IN_SHOP, 50),
    (Channel.PHONE, 15),
    (Channel.EMAIL, 15),
    (Channel.WEBSITE, 15),
    (Channel.AUTHORISED_THIRD_PARTY, 5),
)
NOTE_TEMPLATES = (
    "Soittaa mieluiten iltaisin numeroon {phone}.",
    "Laskut myös osoitteeseen {email}.",
    "Kanta-asiakas, kotiasennukset sovitaan puhelimitse.",
    "Haluaa kuitin sähköpostiin.",
    "Yhteyshenkilön varanumero {phone}.",
)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if c.isascii() and (c.isalnum() or c in ".-"))


def demo_email(first_name: str, last_name: str, rng: random.Random) -> str:
    """A fictional address on a reserved-for-examples domain."""
    domain = rng.choice(("example.fi", "example.com"))
    return f"{_ascii(first_name)}.{_ascii(last_name)}{rng.randint(1, 99)}@{domain}"


def demo_phone(rng: random.Random) -> str:
    """A Finnish mobile number in the 040/050/045 ranges, in E.164."""
    while True:
        prefix = rng.choice(("40", "50", "45"))
        number = normalise_phone(f"+358{prefix}{rng.randint(0, 9_999_999):07d}")
        if number is not None:
            return number


def demo_business_id(rng: random.Random) -> str:
    """A business ID (Y-tunnus) with a valid check digit; the number itself is random."""
    weights = (7, 9, 10, 5, 8, 4, 2)
    while True:
        digits = [rng.randint(0, 9) for _ in range(7)]
        remainder = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if remainder == 1:
            continue
        check = 0 if remainder == 0 else 11 - remainder
        return "".join(map(str, digits)) + f"-{check}"


def _channel(rng: random.Random) -> str:
    channels = [channel for channel, _weight in CHANNEL_WEIGHTS]
    weights = [weight for _channel, weight in CHANNEL_WEIGHTS]
    return str(rng.choices(channels, weights=weights)[0])


def populate(people: list[Person], fake: faker.Faker, rng: random.Random, today: dt.date) -> None:
    """Create private and company customers with contacts for a subset of ``people``."""
    chosen = rng.sample(people, k=min(CUSTOMER_SHARE, len(people)))
    if not chosen:
        return
    company_count = min(COMPANY_COUNT, len(chosen) // 8)
    contacts = chosen[: company_count * 2]
    privates = chosen[company_count * 2 :]
    numbers = allocate_customer_numbers(len(privates) + company_count)

    customers: list[Customer] = []
    for person, number in zip(privates, numbers, strict=False):
        email = demo_email(person.first_name, person.last_name, rng)
        phone = demo_phone(rng)
        note = ""
        if rng.random() < 0.15:
            note = rng.choice(NOTE_TEMPLATES).format(phone=phone, email=email)
        customers.append(
            Customer(
                customer_number=number,
                kind=CustomerKind.PRIVATE,
                person=person,
                source=_channel(rng),
                notes=note,
                last_activity_on=today - dt.timedelta(days=rng.randint(0, 5 * 365)),
            )
        )
    for number in numbers[len(privates) :]:
        trade, last = rng.choice(TRADES), fake.last_name()
        customers.append(
            Customer(
                customer_number=number,
                kind=CustomerKind.COMPANY,
                company_name=f"{trade} {last} {rng.choice(COMPANY_FORMS)}",
                business_id=demo_business_id(rng),
                source=_channel(rng),
                last_activity_on=today - dt.timedelta(days=rng.randint(0, 4 * 365)),
            )
        )
    customers = Customer.objects.bulk_create(customers)

    emails: list[CustomerEmail] = []
    phones: list[CustomerPhone] = []
    addresses: list[CustomerAddress] = []
    for customer in customers:
        if customer.person is not None:
            first, last = customer.person.first_name, customer.person.last_name
            label = ContactLabel.HOME
        else:
            first, last = "info", customer.company_name.split()[-2]
            label = ContactLabel.WORK
        emails.append(
            CustomerEmail(
                customer=customer,
                value=demo_email(first, last, rng),
                label=label,
                source=customer.source,
            )
        )
        phones.append(
            CustomerPhone(
                customer=customer, value=demo_phone(rng), label=label, source=customer.source
            )
        )
        street, postal_code, city = fake.street_address(), fake.postcode(), fake.city()
        addresses.append(
            CustomerAddress(
                customer=customer,
                kind=AddressKind.BILLING,
                street=street,
                postal_code=postal_code,
                city=city,
                source=customer.source,
            )
        )
        if rng.random() < 0.2:
            addresses.append(
                CustomerAddress(
                    customer=customer,
                    kind=AddressKind.DELIVERY,
                    street=fake.street_address(),
                    postal_code=fake.postcode(),
                    city=fake.city(),
                    source=customer.source,
                )
            )
    CustomerEmail.objects.bulk_create(emails)
    CustomerPhone.objects.bulk_create(phones)
    CustomerAddress.objects.bulk_create(addresses)

    companies = [c for c in customers if c.kind == CustomerKind.COMPANY]
    contact_rows: list[ContactPerson] = []
    for index, person in enumerate(contacts):
        company = companies[index % len(companies)] if companies else None
        if company is None:
            break
        contact_rows.append(
            ContactPerson(
                customer=company,
                person=person,
                role_title=rng.choice(ROLES),
                email=demo_email(person.first_name, person.last_name, rng),
                phone=demo_phone(rng),
                source=Channel.AUTHORISED_THIRD_PARTY,
            )
        )
    ContactPerson.objects.bulk_create(contact_rows)
