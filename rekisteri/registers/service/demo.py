"""Finnish demo data for the service register: jobs over two years, a few open ones with
device credentials.

Only the people passed in are used. Some notes carry a phone number or an e-mail
(example.fi / example.com, 040/050/045 ranges) so that the subject index finds
identifiers in free text. Closed jobs keep only purged credential labels, as the
real system would.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

import faker
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from rekisteri.accounts.roles import Role
from rekisteri.registers.customers.models import Customer
from rekisteri.registers.service.models import (
    DeviceCredential,
    JobKind,
    JobStatus,
    ServiceJob,
)
from rekisteri.subjects.models import Person

DEVICES = [
    ("Lenovo ThinkPad T14", "PF"),
    ("HP EliteBook 840", "5CG"),
    ("Dell XPS 13", "DX"),
    ("Asus ZenBook 14", "N4"),
    ("Apple MacBook Air M2", "C02"),
    ("Pöytäkone, itse koottu", ""),
    ("Acer Aspire 5", "NX"),
    ("Samsung Galaxy Tab S8", "R52"),
    ("HP LaserJet Pro M404", "PHB"),
    ("Asus RT-AX58U -reititin", "L9"),
]

FAULTS = [
    "Kone ei käynnisty, virtavalo vilkkuu.",
    "Windows kaatuu sinisellä ruudulla käynnistyksen jälkeen.",
    "Kone on hidas, tuuletin pitää kovaa ääntä.",
    "Näyttö rikki, putosi pöydältä.",
    "Akku tyhjenee tunnissa.",
    "Virustorjunta hälyttää, epäilys haittaohjelmasta.",
    "Tietojen siirto vanhalta koneelta uudelle.",
    "Tulostin ei näy verkossa.",
    "WLAN katkeilee yläkerrassa.",
    "Näppäimistön päälle kaatui kahvia.",
]

INSTALLATIONS = [
    "Uuden koneen käyttöönotto ja ohjelmien asennus.",
    "Kotiverkon ja reitittimen asennus, kaksi tukiasemaa.",
    "Microsoft 365:n asennus ja sähköpostin määritys.",
    "Tulostimen asennus kotiverkkoon.",
]

WORK_DONE = [
    "Vaihdettu SSD-levy ja asennettu Windows uudelleen. Tiedot palautettu varmuuskopiosta.",
    "Puhdistettu tuuletin ja vaihdettu lämpötahna. Testattu 2 h kuormalla.",
    "Vaihdettu näyttöpaneeli. Testattu kunnossa.",
    "Vaihdettu akku, kalibroitu.",
    "Poistettu haittaohjelmat, päivitetty käyttöjärjestelmä ja virustorjunta.",
    "Siirretty tiedot ja asetukset uudelle koneelle, asiakas tarkistanut.",
    "Päivitetty reitittimen laiteohjelmisto, vaihdettu kanava, asennettu mesh-tukiasema.",
    "Asennettu ohjelmat ja määritetty sähköposti.",
]

NOTES = [
    "Asiakas toivoo soittoa numeroon {phone} kun valmis.",
    "Kuitti sähköpostilla osoitteeseen {email}.",
    "Laturi jäi asiakkaalle.",
    "Takuukorjaus, ostettu meiltä.",
    "Asiakas hakee perjantaina.",
    "",
    "",
]

#: How many people have a job still open (on the bench) in the demo.
OPEN_JOBS = 8

CREDENTIAL_LABELS = [
    "Windows-kirjautuminen",
    "Reitittimen hallinta",
    "Microsoft-tili",
    "BIOS-salasana",
]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.lower() if ch.isalnum()) or "asiakas"


def _phone(rng: random.Random) -> str:
    return f"0{rng.choice(['40', '50', '45'])} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _email(person: Person, rng: random.Random) -> str:
    domain = rng.choice(["example.fi", "example.com"])
    return f"{_ascii(person.first_name)}.{_ascii(person.last_name)}@{domain}"


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(rng.randint(9, 17), rng.randint(0, 59)))
    )


@transaction.atomic
def populate(people: list[Person], fake: faker.Faker, rng: random.Random, today: dt.date) -> None:
    """Create service jobs for about 70 of ``people``; the newest few are open with credentials."""
    chosen = rng.sample(people, min(70, len(people)))
    technicians = list(
        get_user_model().objects.filter(groups__name=Role.SERVICE_TECHNICIAN.value, is_active=True)
    )
    customer_of = {
        c.person_id: c
        for c in Customer.objects.filter(person__in=chosen).order_by("id")
        if c.person_id is not None
    }

    jobs: list[ServiceJob] = []
    for position, person in enumerate(chosen):
        for n in range(rng.choice([1, 1, 1, 2])):
            # The first few people have a job on the bench right now; the rest of
            # the jobs spread over two years.
            recent = position < OPEN_JOBS and n == 0
            opened_on = today - dt.timedelta(days=rng.randint(0, 20 if recent else 730))
            installation = rng.random() < 0.2
            device, prefix = rng.choice(DEVICES)
            age = (today - opened_on).days
            if age > 21:
                status = JobStatus.CLOSED
            else:
                status = rng.choice(
                    [
                        JobStatus.RECEIVED,
                        JobStatus.IN_PROGRESS,
                        JobStatus.WAITING_PARTS,
                        JobStatus.READY,
                    ]
                )
            closed_at = handed_over_at = None
            if status == JobStatus.CLOSED:
                closed_on = opened_on + dt.timedelta(days=rng.randint(1, 14))
                closed_at = _moment(closed_on, rng)
                handed_over_at = closed_at + dt.timedelta(hours=rng.randint(1, 72))
            note = rng.choice(NOTES).format(phone=_phone(rng), email=_email(person, rng))
            jobs.append(
                ServiceJob(
                    person=person,
                    customer=customer_of.get(person.pk),
                    kind=JobKind.INSTALLATION if installation else JobKind.SERVICE,
                    device=device,
                    serial_number=f"{prefix}{rng.randint(10000000, 99999999)}" if prefix else "",
                    fault_description=rng.choice(INSTALLATIONS if installation else FAULTS),
                    work_done=rng.choice(WORK_DONE)
                    if status in (JobStatus.CLOSED, JobStatus.READY)
                    else "",
                    notes=note,
                    status=status,
                    opened_at=_moment(opened_on, rng),
                    closed_at=closed_at,
                    handed_over_at=handed_over_at,
                    assigned_to=rng.choice(technicians) if technicians else None,
                )
            )
    created = ServiceJob.objects.bulk_create(jobs)

    credentials: list[DeviceCredential] = []
    for job in created:
        if job.status == JobStatus.CLOSED:
            if rng.random() < 0.15:  # purged at closing: only the label remains
                credentials.append(
                    DeviceCredential(
                        job=job,
                        label=rng.choice(CREDENTIAL_LABELS),
                        created_at=job.opened_at,
                        purged_at=job.closed_at,
                    )
                )
            continue
        if rng.random() < 0.75:
            for label in rng.sample(CREDENTIAL_LABELS, rng.randint(1, 2)):
                credentials.append(
                    DeviceCredential(
                        job=job,
                        label=label,
                        username=fake.user_name() if label != "BIOS-salasana" else "",
                        secret=fake.password(length=12),
                        created_at=job.opened_at,
                    )
                )
    DeviceCredential.objects.bulk_create(credentials)
