"""Finnish demo data for the web-shop register: accounts, orders with IP addresses, cookie choices.

Only the people passed in are used. E-mails are on example.fi / example.com,
phones in the 040/050/045 ranges, and IP addresses come from the documentation
ranges (RFC 5737, RFC 3849), so nothing here points at a real person or host.
Orders span the last two years, so some IP addresses are past their 13-month
rule and show up in a retention sweep.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from decimal import Decimal

import faker
from django.db import transaction
from django.utils import timezone

from rekisteri.privacy.identifiers import normalise_phone
from rekisteri.registers.webshop.models import (
    CookieConsent,
    Order,
    OrderLine,
    OrderStatus,
    WebshopAccount,
)
from rekisteri.registers.webshop.services import (
    ORDER_NUMBER_PREFIX,
    format_order_number,
    hash_webshop_password,
    normalise_cookie_choices,
)
from rekisteri.subjects.models import Person

PRODUCTS: list[tuple[str, str, Decimal]] = [
    ('Kannettava tietokone 14" i5/16 Gt/512 Gt', "NB-14-I5", Decimal("899.00")),
    ('Kannettava tietokone 15,6" Ryzen 7', "NB-156-R7", Decimal("1049.00")),
    ('Näyttö 27" QHD IPS', "MON-27-QHD", Decimal("279.90")),
    ("Langaton hiiri", "MOU-WL-01", Decimal("24.90")),
    ("Näppäimistö, suomalainen asettelu", "KB-FI-02", Decimal("39.90")),
    ("USB-C-telakka", "DOCK-USBC", Decimal("149.00")),
    ("Ulkoinen SSD 1 Tt", "SSD-EXT-1T", Decimal("99.90")),
    ("WLAN-reititin Wi-Fi 6", "RT-AX3000", Decimal("129.00")),
    ("Microsoft 365 Personal, 12 kk", "LIC-M365-P", Decimal("99.00")),
    ("Virustorjunta 3 laitetta, 1 v", "LIC-AV-3", Decimal("49.90")),
    ("Tulostin, monitoimi, langaton", "PRN-MFP-W", Decimal("189.00")),
    ("Mustepatruunat, 4-pack", "INK-4PK", Decimal("54.90")),
    ("HDMI-kaapeli 2 m", "CBL-HDMI-2", Decimal("12.90")),
    ("Kuulokkeet, vastamelu", "HP-ANC-01", Decimal("199.00")),
    ("Verkkokamera Full HD", "CAM-FHD", Decimal("59.90")),
]

COMMENTS = [
    "Jättäkää paketti ovelle, kiitos.",
    "Toimitus mieluiten iltapäivällä.",
    "Soittakaa ennen toimitusta: {phone}",
    "Lahjapaketointi, jos mahdollista.",
    "Laskun kopio osoitteeseen {email}",
    "Ovikoodi 1234, 3. kerros.",
]

BANNER_VERSIONS = ["2024-03", "2025-01", "2025-09"]


def ascii_slug(text: str) -> str:
    """Return ``text`` lower-cased with Finnish letters folded (ä → a) for usernames and e-mails."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def demo_email(person: Person, rng: random.Random) -> str:
    domain = rng.choice(["example.fi", "example.com"])
    first, last = ascii_slug(person.first_name) or "asiakas", ascii_slug(person.last_name) or "x"
    return f"{first}.{last}{rng.randint(1, 99)}@{domain}"


def demo_phone(rng: random.Random) -> str:
    """Return a Finnish mobile number in E.164 (040/050/045 ranges)."""
    written = f"0{rng.choice(['40', '50', '45'])} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    return normalise_phone(written) or written


def demo_ip(rng: random.Random) -> str:
    """Return an address from the documentation ranges (never a real host)."""
    if rng.random() < 0.15:
        return f"2001:db8:{rng.randint(0, 0xFFFF):x}::{rng.randint(1, 0xFFFF):x}"
    block = rng.choice(["192.0.2", "198.51.100", "203.0.113"])
    return f"{block}.{rng.randint(1, 254)}"


def _moment(rng: random.Random, today: dt.date, *, days_back: int) -> dt.datetime:
    day = today - dt.timedelta(days=rng.randint(0, days_back))
    naive = dt.datetime.combine(day, dt.time(rng.randint(7, 22), rng.randint(0, 59)))
    return timezone.make_aware(naive)


def _status_for(ordered_at: dt.datetime, today: dt.date, rng: random.Random) -> str:
    age = (today - timezone.localdate(ordered_at)).days
    if rng.random() < 0.05:
        return OrderStatus.CANCELLED
    if age > 14:
        return OrderStatus.DELIVERED
    if age > 5:
        return rng.choice([OrderStatus.SHIPPED, OrderStatus.DELIVERED])
    return rng.choice([OrderStatus.RECEIVED, OrderStatus.PAID, OrderStatus.SHIPPED])


@transaction.atomic
def populate(people: list[Person], fake: faker.Faker, rng: random.Random, today: dt.date) -> None:
    """Create accounts and orders for about 80 of ``people``, and about 150 cookie choices."""
    customers = rng.sample(people, min(80, len(people)))
    # Argon2 is slow by design; a few demo hashes are shared instead of one per account.
    hashes = [
        hash_webshop_password(f"Demo-salasana-{n}-{rng.randint(1000, 9999)}") for n in range(3)
    ]

    accounts: list[WebshopAccount] = []
    taken: set[str] = set()
    for person in customers[:60]:
        base = (ascii_slug(person.first_name)[:1] + ascii_slug(person.last_name)) or "asiakas"
        username = base
        while username in taken:
            username = f"{base}{rng.randint(2, 999)}"
        taken.add(username)
        created_at = _moment(rng, today, days_back=900)
        last_login = created_at + dt.timedelta(days=rng.randint(0, 800))
        accounts.append(
            WebshopAccount(
                person=person,
                username=username,
                email=demo_email(person, rng),
                password_hash=rng.choice(hashes),
                created_at=created_at,
                last_login_at=min(last_login, timezone.now()),
                is_active=rng.random() > 0.05,
            )
        )
    WebshopAccount.objects.bulk_create(accounts)
    account_of = {a.person_id: a for a in accounts}

    drafts: list[tuple[Order, list[OrderLine]]] = []
    for person in customers:
        account = account_of.get(person.pk)
        email = account.email if account else demo_email(person, rng)
        phone = demo_phone(rng)
        street, postcode, city = fake.street_address(), fake.postcode(), fake.city()
        for _n in range(rng.randint(1, 4)):
            ordered_at = _moment(rng, today, days_back=730)
            name = person.full_name
            other_billing = rng.random() < 0.15
            comment = ""
            if rng.random() < 0.2:
                comment = rng.choice(COMMENTS).format(phone=phone, email=email)
            order = Order(
                person=person,
                account=account if account and rng.random() < 0.9 else None,
                ordered_at=ordered_at,
                status=_status_for(ordered_at, today, rng),
                delivery_name=name,
                delivery_street=street,
                delivery_postal_code=postcode,
                delivery_city=city,
                delivery_country="FI",
                billing_name=fake.company() if other_billing else name,
                billing_street=fake.street_address() if other_billing else street,
                billing_postal_code=fake.postcode() if other_billing else postcode,
                billing_city=fake.city() if other_billing else city,
                billing_country="FI",
                email=email,
                phone=phone,
                comment=comment,
                ip_address=demo_ip(rng),
                shipping_amount=rng.choice([Decimal("0.00"), Decimal("6.90"), Decimal("9.90")]),
            )
            lines = []
            for product_name, sku, price in rng.sample(PRODUCTS, rng.randint(1, 3)):
                lines.append(
                    OrderLine(
                        product_name=product_name,
                        sku=sku,
                        quantity=rng.choice([1, 1, 1, 2]),
                        unit_price=price,
                    )
                )
            order.total_amount = sum(
                (line.unit_price * line.quantity for line in lines), order.shipping_amount
            )
            drafts.append((order, lines))

    # Number the orders in time order, continuing each year's sequence.
    drafts.sort(key=lambda draft: draft[0].ordered_at)
    next_in_year: dict[int, int] = {}
    for order, _lines in drafts:
        year = timezone.localtime(order.ordered_at).year
        if year not in next_in_year:
            latest = (
                Order.objects.filter(number__startswith=f"{ORDER_NUMBER_PREFIX}-{year}-")
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            next_in_year[year] = int(latest.rsplit("-", 1)[1]) + 1 if latest else 1
        order.number = format_order_number(year, next_in_year[year])
        next_in_year[year] += 1
    orders = Order.objects.bulk_create([order for order, _lines in drafts])
    order_lines: list[OrderLine] = []
    for order, lines in zip(orders, (lines for _order, lines in drafts), strict=True):
        for line in lines:
            line.order = order
            order_lines.append(line)
    OrderLine.objects.bulk_create(order_lines)

    consents: list[CookieConsent] = []
    for _n in range(150):
        account = rng.choice(accounts) if accounts and rng.random() < 0.25 else None
        consents.append(
            CookieConsent(
                person=account.person if account else None,
                banner_version=rng.choice(BANNER_VERSIONS),
                choices=normalise_cookie_choices(
                    {"analytics": rng.random() < 0.45, "marketing": rng.random() < 0.25}
                ),
                chosen_at=_moment(rng, today, days_back=730),
            )
        )
    CookieConsent.objects.bulk_create(consents)
