"""Demo data for the recruitment register: about 25 applications with small CVs.

Applications go through the services, so the CV files are checked, encrypted
and written exactly as in real use, the subject index is kept current and the
audit log shows the demo's history. Some were decided more than two years
before ``today`` so the retention sweep has something to do.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

import faker
from django.utils import timezone

from rekisteri.registers.recruiting.models import ApplicationKind, ApplicationStatus
from rekisteri.registers.recruiting.services import (
    CvFile,
    decide_application,
    receive_application,
)
from rekisteri.subjects.models import Person

POSITIONS = [
    "Myyjä",
    "Huoltoteknikko",
    "Verkkokaupan asiakaspalvelija",
    "IT-tukihenkilö",
    "Varastotyöntekijä",
    "Kesätyöntekijä, myymälä",
]
INTERNSHIPS = ["Työharjoittelija, huolto", "Työharjoittelija, verkkokauppa"]
SKILLS = [
    "Windows- ja macOS-tuki",
    "tietokoneiden kokoonpano",
    "asiakaspalvelu",
    "kassatyöskentely",
    "verkkolaitteiden asennus",
    "Linux-palvelimet",
    "puhelinhuolto",
    "varastonhallinta",
]


def ascii_slug(text: str) -> str:
    """Return ``text`` as lower-case ASCII for fictional e-mail addresses (ä → a)."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch in ".-"))
    return kept.lower()


def demo_phone(rng: random.Random) -> str:
    """A Finnish mobile number in the 040/050/045 ranges, written the Finnish way."""
    return f"{rng.choice(['040', '050', '045'])} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _pdf_string(text: str) -> str:
    out = []
    for ch in text:
        code = ch.encode("cp1252", errors="replace")[0]
        if ch in "\\()":
            out.append("\\" + ch)
        elif 32 <= code < 127:
            out.append(chr(code))
        else:
            out.append(f"\\{code:03o}")
    return "".join(out)


def minimal_pdf(lines: list[str]) -> bytes:
    """Return a valid one-page PDF showing ``lines`` in Helvetica (no external tools).

    Text is encoded in WinAnsi, so Finnish letters (ä, ö, å) show correctly.
    """
    stream_lines = ["BT", "/F1 12 Tf", "14 TL", "72 770 Td"]
    for line in lines:
        stream_lines.append(f"({_pdf_string(line)}) Tj T*")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def _cv_lines(
    person: Person, email: str, phone: str, fake: faker.Faker, rng: random.Random
) -> list[str]:
    lines = [
        "ANSIOLUETTELO",
        person.full_name,
        f"Sähköposti: {email}",
        f"Puhelin: {phone}",
        "",
        "Työkokemus",
    ]
    for _ in range(rng.randint(1, 3)):
        start = rng.randint(2008, 2022)
        lines.append(f"{start}–{start + rng.randint(1, 3)}  {fake.job()}, {fake.company()}")
    lines += ["", "Osaaminen", ", ".join(rng.sample(SKILLS, 3))]
    return lines


def populate(people: list[Person], fake: faker.Faker, rng: random.Random, today: dt.date) -> None:
    """Create about 25 applications for a random subset of ``people``."""
    chosen = rng.sample(people, min(25, len(people)))
    tz = timezone.get_current_timezone()
    for index, person in enumerate(chosen):
        email = f"{ascii_slug(person.first_name)}.{ascii_slug(person.last_name)}@example.fi"
        phone = demo_phone(rng)
        # Every fifth application is old enough to have passed its retention period.
        age_days = rng.randint(800, 1100) if index % 5 == 0 else rng.randint(3, 500)
        received_on = today - dt.timedelta(days=age_days)
        received_at = dt.datetime.combine(
            received_on, dt.time(rng.randint(8, 20), rng.randint(0, 59)), tz
        )
        roll = rng.random()
        kind = (
            ApplicationKind.OPEN
            if roll < 0.2
            else ApplicationKind.INTERNSHIP
            if roll < 0.35
            else ApplicationKind.JOB
        )
        position = (
            ""
            if kind == ApplicationKind.OPEN
            else rng.choice(INTERNSHIPS if kind == ApplicationKind.INTERNSHIP else POSITIONS)
        )
        lines = _cv_lines(person, email, phone, fake, rng)
        if rng.random() < 0.7:
            cv = CvFile(name=f"CV {person.full_name}.pdf", data=minimal_pdf(lines))
        else:
            cv = CvFile(
                name=f"ansioluettelo_{ascii_slug(person.last_name)}.txt",
                data="\n".join(lines).encode(),
            )
        cover = (
            f"Hei! Haen {position.lower() or 'töitä'} teiltä. "
            f"{fake.paragraph(nb_sentences=3)} Minut tavoittaa parhaiten osoitteesta {email}."
        )
        application = receive_application(
            None,
            person=person,
            kind=kind,
            position=position,
            email=email,
            phone=phone,
            cover_letter=cover,
            cv=cv,
            received_at=received_at,
        )
        if age_days < 21:
            continue  # still waiting for a decision
        decided_on = min(received_on + dt.timedelta(days=rng.randint(7, 45)), today)
        outcome = rng.random()
        if outcome < 0.15 and age_days < 120:
            decide_application(
                None,
                application,
                status=ApplicationStatus.INTERVIEW,
                notes=f"Haastattelu sovittu, soitettu numeroon {phone}.",
                today=today,
            )
            continue
        status = (
            ApplicationStatus.HIRED
            if outcome < 0.25
            else ApplicationStatus.WITHDRAWN
            if outcome < 0.35
            else ApplicationStatus.REJECTED
        )
        notes = {
            ApplicationStatus.HIRED: "Valittu tehtävään. Työsopimus lähetetty.",
            ApplicationStatus.WITHDRAWN: "Hakija perui hakemuksensa puhelimitse.",
            ApplicationStatus.REJECTED: "Ei valittu; kokemus ei vastannut tehtävän vaatimuksia. "
            f"Päätös lähetetty osoitteeseen {email}.",
        }[status]
        decide_application(
            None, application, status=status, decided_on=decided_on, notes=notes, today=today
        )
