"""Import benchmark: customer rows per second with identity resolution on.

Run as ``.venv/bin/python bench/import_bench.py`` (default 100,000 rows; ``--rows N``
for another size). It:

1. points ``REKISTERI_DATA_DIR`` at a fresh ``bench/out/import-N`` (SQLite, the
   project's real settings) and migrates;
2. writes a customer file of N rows (semicolon CSV, seeded): Finnish names,
   e-mail, phone in the ways Finns write it, a billing address, last activity.
   One row in 20 repeats an earlier row's person with the e-mail in other case
   and the phone written another way, so identity resolution has matches to
   find; one in 50 has neither e-mail nor phone (a name-only check);
3. runs the real :func:`rekisteri.imports.services.run_import` on it (streamed,
   one transaction, through ``register_customer``, index and audit per record)
   and prints rows per second, the summary counts, the peak resident memory
   (``ru_maxrss``) before and after, and the database size;
4. checks the result: people and customers counted, the audit chain verifies
   on a sample, and ``find_people`` finds sample people by e-mail and phone.

A benchmark, not a timed test: slowness fails nothing, wrong data fails loudly.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"

FIRST = [
    "Aino",
    "Eino",
    "Helmi",
    "Juho",
    "Kaisa",
    "Lauri",
    "Liisa",
    "Matti",
    "Mikko",
    "Minna",
    "Olli",
    "Päivi",
    "Riikka",
    "Sanna",
    "Tapio",
    "Tuula",
    "Ville",
    "Väinö",
    "Ella",
    "Onni",
]
LAST = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
]
STREETS = ["Kauppakatu", "Väinönkatu", "Kilpisenkatu", "Puistokatu", "Rantatie", "Sepänkatu"]
CITIES = [
    ("40100", "Jyväskylä"),
    ("40320", "Jyväskylä"),
    ("44100", "Äänekoski"),
    ("00100", "Helsinki"),
    ("33100", "Tampere"),
]
PREFIXES = ["040", "041", "044", "045", "046", "050"]
ASCII = str.maketrans("äöå", "aoa")
COLUMNS = [
    "customer_number",
    "first_name",
    "last_name",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "last_activity_on",
]


def write_file(path: Path, rows: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    people: list[tuple[str, str, str, str]] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for number in range(1, rows + 1):
            if people and number % 20 == 0:
                first, last, email, mobile = rng.choice(people)
                email, phone = email.upper(), "+358 " + mobile[1:3] + " " + mobile[3:]
            else:
                first, last = rng.choice(FIRST), rng.choice(LAST)
                mobile = f"{rng.choice(PREFIXES)}{number:07d}"
                email = f"{first}.{last}.{number}@example.fi".lower().translate(ASCII)
                people.append((first, last, email, mobile))
                phone = f"{mobile[:3]} {mobile[3:6]} {mobile[6:]}"
            if number % 50 == 1:
                email = phone = ""
            postal, city = rng.choice(CITIES)
            writer.writerow(
                [
                    f"A{number}",
                    first,
                    last,
                    email,
                    phone,
                    f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
                    postal,
                    city,
                    f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="Keep the data directory.")
    args = parser.parse_args()

    data_dir = OUT_DIR / f"import-{args.rows}"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    os.environ["REKISTERI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault(
        "REKISTERI_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop"
    )
    os.environ.setdefault("REKISTERI_HTTPS", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "rekisteri.config.settings"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from rekisteri.audit.models import AuditEvent
    from rekisteri.imports.services import CommandActor, run_import
    from rekisteri.privacy.index import find_people
    from rekisteri.registers.customers.models import Customer
    from rekisteri.subjects.models import Person

    path = data_dir / "customers.csv"
    write_file(path, args.rows)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    last = [started]

    def progress(rows: int, _position: int) -> None:
        now = time.perf_counter()
        if rows % 10_000 < 200 and now - last[0] > 1:
            print(f"  {rows} rows, {rows / (now - started):.0f} rows/s", file=sys.stderr)
            last[0] = now

    with path.open("rb") as binary:
        result = run_import(
            CommandActor("bench:import"), binary, register="customers", progress=progress
        )
    seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    assert result.applied, result.rejects[:5]
    assert not result.rejected
    assert Customer.objects.count() == args.rows
    assert Person.objects.count() == result.people_created
    sample = Customer.objects.filter(emails__isnull=False).order_by("?")[:20]
    for customer in sample:
        email = customer.emails.first()
        assert email is not None
        assert any(m.person_id == customer.person_id for m in find_people(emails=[email.value]))
    db_size = sum(p.stat().st_size for p in data_dir.glob("rekisteri.sqlite3*"))
    print(f"| rows | {args.rows:,} |")
    print(f"| seconds | {seconds:.1f} |")
    print(f"| rows per second | {args.rows / seconds:.0f} |")
    for key, value in result.counts().items():
        print(f"| {key.replace('_', ' ')} | {value:,} |")
    print(f"| audit events | {AuditEvent.objects.count():,} |")
    print(f"| peak RSS before / after (MiB) | {rss_before / 1024:.0f} / {rss_after / 1024:.0f} |")
    print(f"| database files (MiB) | {db_size / 2**20:.0f} |")
    print(
        f"| machine | {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {platform.system()} |"
    )
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
