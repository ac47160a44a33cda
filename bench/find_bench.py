"""Find-a-person benchmark: subject-index lookups against the peers' full scan.

Run as ``.venv/bin/python bench/find_bench.py`` (``make bench``). Without
``--people`` it runs 100,000 and then 1,000,000 people. Each size runs in its
own child process, which:

1. points ``REKISTERI_DATA_DIR`` at a fresh ``bench/out/people-N`` and migrates;
2. generates the people and their register records with raw ``executemany``
   batches in one transaction (load-only pragmas, secondary indexes rebuilt at
   the end), together with the subject-index entries the app would write for
   them, computed with the app's own normalisers, free-text extractor and keyed
   hash from the data-map declarations;
3. checks on a sample that those entries equal what ``rekisteri.privacy.index``
   computes from the stored records, and that ``find_people`` finds probe people
   by e-mail, phone and name with exactly the evidence that was generated;
4. times ``find_people`` by e-mail, by phone (typed as ``040 123 4567``) and by
   name over random people, and the peers' approach on the same data: every
   text column of every register, ``LOWER(col) LIKE LOWER('%x%')`` OR'ed per
   table and ``UNION ALL`` over the tables.

The parent prints a Markdown table and the machine. This is a benchmark, not a
timed test: slowness fails nothing, wrong data fails loudly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db import models

    from rekisteri.privacy.index import PersonMatch
    from rekisteri.privacy.vocabulary import IdentifierKind

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
DEFAULT_SIZES = (100_000, 1_000_000)
#: People generated per flush; every table's batch is one ``executemany``.
CHUNK_PEOPLE = 10_000
#: People whose every record is followed, so that ``find_people``'s evidence is checked.
PROBES = 40
#: Records per model whose index entries are recomputed by the app and compared.
VERIFY_PER_MODEL = 40
#: Index rows ``find_people`` reads per identifier group (its ``limit * 20``).
NAME_ROWS_READ = 200 * 20

# --- What the generated people look like ------------------------------------------------

MALE_FIRST = (
    "Juhani", "Johannes", "Mikael", "Olavi", "Matti", "Timo", "Jari", "Mikko", "Antti",
    "Kari", "Pekka", "Jukka", "Mika", "Markku", "Heikki", "Janne", "Petri", "Ville", "Sami",
    "Juha", "Tuomas", "Lauri", "Eero", "Aleksi", "Onni", "Elias", "Leo", "Eino", "Väinö",
    "Oliver", "Veeti", "Niko", "Joonas", "Teemu", "Harri", "Jyrki", "Esa", "Seppo", "Hannu",
    "Erkki", "Pentti", "Jorma", "Tapio", "Ilkka", "Kalle", "Toni", "Jussi", "Arttu", "Otto",
    "Aatu",
)  # fmt: skip
FEMALE_FIRST = (
    "Maria", "Helena", "Anna", "Kaarina", "Johanna", "Marjatta", "Liisa", "Tuula", "Sari",
    "Päivi", "Anne", "Minna", "Leena", "Riitta", "Pirjo", "Tiina", "Satu", "Merja", "Sanna",
    "Laura", "Emilia", "Aino", "Sofia", "Ella", "Olivia", "Eveliina", "Emma", "Venla",
    "Aada", "Kerttu", "Hanna", "Jenni", "Katja", "Heidi", "Elina", "Anu", "Outi", "Marja",
    "Eija", "Ritva", "Sirpa", "Pia", "Noora", "Iida", "Veera", "Linnea", "Helmi", "Ilona",
    "Siiri", "Saara",
)  # fmt: skip
COMMON_LAST = (
    "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
    "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen",
    "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen",
    "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen",
    "Ahonen", "Hiltunen", "Hirvonen", "Leinonen", "Miettinen", "Pitkänen", "Aaltonen",
    "Manninen", "Lindholm", "Laaksonen", "Hakala", "Anttila", "Kallio", "Kärkkäinen",
    "Mustonen", "Väisänen", "Heino", "Rissanen", "Saari", "Räsänen", "Lindqvist", "Koivisto",
    "Peltonen", "Partanen", "Niskanen", "Kettunen", "Ojala", "Jääskeläinen", "Seppälä",
    "Hyvönen", "Lahti", "Toivonen", "Moilanen", "Eskelinen", "Pelkonen", "Nurmi",
    "Lappalainen", "Kiiskinen", "Korpela", "Ketola", "Vainio", "Rantala", "Koivunen",
    "Hakkarainen", "Heiskanen", "Huttunen", "Kurki", "Laakso", "Aalto", "Oksanen", "Harju",
    "Rautiainen", "Honkanen", "Pesonen", "Kauppinen", "Lampinen", "Holmberg", "Sirviö",
    "Vartiainen", "Mikkonen", "Kokkonen", "Ikonen", "Kivelä", "Lundqvist", "Kangas",
    "Ruotsalainen", "Mäki", "Halonen", "Lindroos", "Backman", "Nyman",
)  # fmt: skip
#: Stems and endings of the long tail of surnames (Koivumäki, Karhunen, Lehtola, ...).
LAST_STEMS = (
    "Koivu", "Kuusi", "Mänty", "Haapa", "Pihlaja", "Leppä", "Tammi", "Kataja", "Honka",
    "Kivi", "Vaara", "Nummi", "Suo", "Neva", "Korpi", "Metsä", "Joki", "Järvi", "Lampi",
    "Ranta", "Koski", "Oja", "Puro", "Lähde", "Aho", "Pelto", "Niitty", "Rinne", "Notko",
    "Hovi", "Tupa", "Rauta", "Kulta", "Tuuli", "Lumi", "Halla", "Kesä", "Talvi", "Aamu",
    "Ilta", "Sini", "Valko", "Musta", "Puna", "Karhu", "Susi", "Ilves", "Kettu", "Hirvi",
    "Poro", "Jänis", "Orava", "Kotka", "Haukka", "Korppi", "Varis", "Joutsen", "Hanhi",
    "Sorsa", "Tikka", "Rastas", "Lohi", "Hauki", "Ahven", "Siika", "Kuha", "Muikku",
    "Lehto", "Viita", "Kaski", "Sauna", "Paja", "Mylly", "Silta", "Kallio", "Harju",
    "Mäki", "Niemi", "Salo", "Lahti",
)  # fmt: skip
LAST_ENDINGS = (
    "nen", "la", "mäki", "niemi", "salo", "järvi", "lahti", "joki", "aho", "vaara", "oja",
    "ranta", "koski", "harju", "korpi", "",
)  # fmt: skip
#: Share of people with a surname from :data:`COMMON_LAST` (the rest: the long tail).
COMMON_LAST_SHARE = 0.35
DOUBLE_FIRST_NAME_SHARE = 0.06

STREETS = (
    "Kauppakatu", "Väinönkatu", "Kilpisenkatu", "Yliopistonkatu", "Puistokatu",
    "Rautatienkatu", "Hämeenkatu", "Mannerheimintie", "Aleksanterinkatu", "Koivutie",
    "Rantatie", "Kirkkotie", "Koulutie", "Myllytie", "Mäntytie", "Kuusitie", "Pihlajatie",
    "Seminaarinkatu", "Tapionkatu", "Vapaudenkatu", "Sepänkatu", "Keskustie", "Asemakatu",
    "Ojakatu", "Kalevankatu", "Vaajakoskentie", "Palokankaantie", "Kuokkalantie",
)  # fmt: skip
#: (postal code, city, weight): mostly the Jyväskylä region, where the shop is.
POSTAL_AREAS = (
    ("40100", "Jyväskylä", 10), ("40200", "Jyväskylä", 6), ("40320", "Jyväskylä", 5),
    ("40520", "Jyväskylä", 4), ("40640", "Jyväskylä", 4), ("40950", "Muurame", 3),
    ("41340", "Laukaa", 3), ("44100", "Äänekoski", 3), ("42100", "Jämsä", 2),
    ("42700", "Keuruu", 2), ("43100", "Saarijärvi", 2), ("41900", "Petäjävesi", 1),
    ("41660", "Toivakka", 1), ("41230", "Uurainen", 1), ("00100", "Helsinki", 3),
    ("00500", "Helsinki", 2), ("02100", "Espoo", 2), ("01300", "Vantaa", 1),
    ("33100", "Tampere", 3), ("20100", "Turku", 2), ("90100", "Oulu", 2),
    ("70100", "Kuopio", 2), ("15100", "Lahti", 1), ("80100", "Joensuu", 1),
)  # fmt: skip
EMAIL_DOMAINS = ("example.fi", "example.com", "example.net", "esimerkki.example.fi")
PRODUCTS = (
    ("Lenovo ThinkPad E14 Gen 5", "LEN-E14G5", "899.00"),
    ("HP Pavilion 15 -kannettava", "HP-PAV15", "749.00"),
    ("Asus VivoBook 15", "ASU-VB15", "599.00"),
    ("Samsung 970 EVO Plus 1 TB SSD", "SAM-970-1T", "89.90"),
    ("Kingston 16 GB DDR4 -muistikampa", "KIN-16D4", "44.90"),
    ("Logitech MX Master 3S -hiiri", "LOG-MXM3S", "109.00"),
    ("Logitech K120 -näppäimistö", "LOG-K120", "14.90"),
    ("Dell 27 tuuman näyttö P2723D", "DEL-P2723D", "329.00"),
    ("TP-Link Archer AX55 -reititin", "TPL-AX55", "99.90"),
    ("Canon PIXMA TS5350i -monitoimilaite", "CAN-TS5350", "89.00"),
    ("HP 305 -mustepatruunat", "HP-305", "24.90"),
    ("USB-C-laturi 65 W", "CHG-65W", "39.90"),
    ("Microsoft 365 Personal, 12 kk", "MS-365P", "99.00"),
    ("F-Secure Total, 3 laitetta", "FS-TOT3", "69.90"),
    ("HDMI-kaapeli 2 m", "CAB-HDMI2", "9.90"),
)  # fmt: skip
DEVICES = (
    "Lenovo ThinkPad E14", "HP Pavilion 15", "Asus VivoBook 15", "Acer Aspire 5",
    "Dell Latitude 5420", "MacBook Air M1", "Samsung Galaxy S21", "iPhone 12",
    "Canon PIXMA TS5150", "HP LaserJet M110w", "Pöytäkone (oma kokoonpano)",
    "Synology DS220+", "TP-Link Archer AX55 -reititin",
)  # fmt: skip
FAULTS = (
    "Kone ei käynnisty, virtavalo vilkkuu.",
    "Näyttö pimenee kesken käytön.",
    "Windows-päivitys jumittaa uudelleenkäynnistykseen.",
    "Akku ei lataudu.",
    "Tulostin ilmoittaa paperitukoksesta, vaikka paperia ei ole jumissa.",
    "Kone on hidas ja tuuletin huutaa.",
    "Näppäimistön päälle kaatunut kahvia, osa näppäimistä ei toimi.",
    "Langaton verkko katkeilee.",
    "Tietojen siirto vanhalta koneelta uudelle.",
    "Virustorjunta vanhentunut, selaimessa outoja ponnahdusikkunoita.",
)
FAULT_CALLBACKS = (
    "Asiakas soitti numerosta {phone} ja kertoi vian.",
    "Soittopyyntö numeroon {phone}.",
)
WORK_DONE = (
    "Vaihdettu SSD ja asennettu Windows 11.",
    "Puhdistettu tuuletin ja vaihdettu lämpötahna.",
    "Varmuuskopioitu tiedot ja palautettu tehdasasetukset.",
    "Vaihdettu akku.",
    "Asennettu tulostinajurit ja testattu tulostus.",
    "Siirretty tiedot ja sähköpostit uudelle koneelle.",
    "",
)
SERVICE_NOTES = (
    "Asiakas toivoo soittoa kun valmis, puh. {phone}.",
    "Soita ennen kuin tilataan osia: {phone}",
    "Asiakkaan numero {phone}, tavoittaa parhaiten iltapäivisin.",
    "Noutaa itse. Tekstiviesti numeroon {phone} kun laite on valmis.",
    "Yhteys puhelimitse {phone}, varalaite lainassa.",
)
ORDER_COMMENTS = (
    "Jätä paketti ulko-ovelle.",
    "Toimitus työpaikalle, soita tarvittaessa {phone}.",
    "Lahjapaketointi, kiitos!",
    "Ovikoodi 1234, soita ovelta {phone}",
)
CUSTOMER_NOTES = (
    "Haluaa tarjoukset sähköpostiin.",
    "Soita ennen toimitusta: {phone}",
    "Yrityksen laskutus erikseen, kysy kassalla.",
)
SERVICE_LINES = (
    ("Huoltotyö 1 h", "79.00"),
    ("Vianmääritys", "49.00"),
    ("Tietojen siirto", "59.00"),
    ("Käyttöjärjestelmän asennus", "89.00"),
)
POSITIONS = (
    "Myyjä",
    "Huoltoteknikko",
    "Asentaja",
    "Verkkokaupan asiakaspalvelija",
    "Harjoittelija",
)
COVER_LETTERS = (
    "Hei! Haen paikkaa, koska olen korjannut tietokoneita harrastuksena vuosia. "
    "Minut tavoittaa numerosta {phone} tai osoitteesta {email}.",
    "Olen valmistumassa tieto- ja viestintätekniikan perustutkinnosta. "
    "Puhelin {phone}, sähköposti {email}.",
)
JOB_TITLES = ("Myyjä", "Huoltoteknikko", "Asentaja", "Myymäläpäällikkö", "Asiakaspalvelija")
PHONE_STYLES = ("spaced", "dashed", "compact", "intl_spaced", "e164", "spaced2")
MOBILE_PREFIXES = ("40", "41", "44", "45", "46", "50")
IPV4_PREFIXES = ("84.248", "84.250", "91.152", "85.76", "88.112", "193.166", "62.78", "80.220")
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # subjects.models' opaque references
HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
ASCII = str.maketrans({"ä": "a", "ö": "o", "å": "a", "Ä": "A", "Ö": "O", "Å": "A"})


class BenchError(RuntimeError):
    """The generated data is not what the app would hold; the figures would be wrong."""


# --- Small generators --------------------------------------------------------------------


def reference(prefix: str, number: int) -> str:
    """Return a unique opaque reference (``H-7KQ2M9XD``) for ``number``.

    Multiplying by an odd constant modulo 2**40 is a bijection, so references
    are unique without a lookup, and look as random as the app's.
    """
    value = (number * 0x5DEECE66D + 0x2545F491 * len(prefix) + ord(prefix[0])) % (1 << 40)
    chars = []
    for _ in range(8):
        value, digit = divmod(value, 32)
        chars.append(REFERENCE_ALPHABET[digit])
    return f"{prefix}-{''.join(chars)}"


def mobile(number: int) -> tuple[str, str]:
    """Return a unique valid Finnish mobile number (prefix, 7-digit body) for ``number``."""
    prefix = MOBILE_PREFIXES[number % len(MOBILE_PREFIXES)]
    body = (number // len(MOBILE_PREFIXES) * 7_654_321 + 1_234_567) % 10_000_000
    return prefix, f"{body:07d}"


def format_phone(prefix: str, body: str, style: str) -> str:
    """Write a mobile number the ways Finns write them (``040 123 4567``, ...)."""
    if style == "spaced":
        return f"0{prefix} {body[:3]} {body[3:]}"
    if style == "dashed":
        return f"0{prefix}-{body}"
    if style == "compact":
        return f"0{prefix}{body}"
    if style == "intl_spaced":
        return f"+358 {prefix} {body[:3]} {body[3:]}"
    if style == "spaced2":
        return f"0{prefix} {body}"
    return f"+358{prefix}{body}"


def display_phone(e164: str) -> str:
    """Return ``+358401234567`` as a person types it: ``040 123 4567``."""
    national = "0" + e164[4:]
    return f"{national[:3]} {national[3:6]} {national[6:]}"


def tail_last_names() -> list[str]:
    """Return the long tail of generated surnames (stem + ending, with vowel harmony)."""
    names = set()
    for stem in LAST_STEMS:
        back = any(vowel in stem for vowel in "aou")
        for ending in LAST_ENDINGS:
            if ending == "la" and not back:
                ending = "lä"
            if stem.lower().endswith(ending) and ending:
                continue
            names.add(stem + ending)
    return sorted(names - set(COMMON_LAST))


def hetu(rng: random.Random) -> str:
    """Return a valid personal identity code of an adult (both century signs used)."""
    born = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(18_000))
    sign = "-" if born.year < 2000 else "A"
    if born.year < 2000 and rng.random() < 0.2:
        sign = rng.choice("YXWVU")  # the 2023 signs of the 1900s
    individual = rng.randrange(2, 900)
    digits = f"{born:%d%m%y}{individual:03d}"
    return f"{digits[:6]}{sign}{digits[6:]}{HETU_CHECK[int(digits) % 31]}"


def iban(rng: random.Random) -> str:
    """Return a Finnish IBAN with valid check digits."""
    from stdnum import iban as stdnum_iban

    bban = f"{rng.choice(('1234', '1573', '4108', '5000', '8000'))}{rng.randrange(10**10):010d}"
    return f"FI{stdnum_iban.calc_check_digits('FI00' + bban)}{bban}"


def nearest_rank(values: Sequence[float], share: float) -> float:
    """Return the nearest-rank percentile (``share`` = 0.95 for p95)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


# --- Writing tables and index entries ------------------------------------------------------


class IndexSink:
    """Subject-index rows for the generated records, computed with the app's own functions.

    ``normalise``, ``extract_identifiers`` and ``digest`` are those of
    ``rekisteri.privacy``; their results for repeated inputs are cached: name
    tokens and product names for the whole run, a person's e-mail and phone
    (written on several of their records) until the next flush.
    """

    COLUMNS = ("kind", "digest", "model", "object_id", "field", "person", "in_text")

    def __init__(self) -> None:
        from rekisteri.privacy.identifiers import extract_identifiers, normalise
        from rekisteri.privacy.index import digest
        from rekisteri.privacy.vocabulary import IdentifierKind

        self._normalise = normalise
        self._extract = extract_identifiers
        self._digest = digest
        self._name = IdentifierKind.NAME
        self._names: dict[str, list[str]] = {}
        self._texts: dict[str, list[tuple[IdentifierKind, str]]] = {}
        self._name_digests: dict[str, str] = {}
        self._recent: dict[tuple[IdentifierKind, str], list[str]] = {}
        self._recent_digests: dict[tuple[IdentifierKind, str], str] = {}
        self.rows: list[tuple[object, ...]] = []
        self.count = 0

    def normalise(self, kind: IdentifierKind, text: str) -> list[str]:
        if kind is self._name:
            cached = self._names.get(text)
            if cached is None:
                cached = self._names[text] = self._normalise(kind, text)
            return cached
        key = (kind, text)
        cached = self._recent.get(key)
        if cached is None:
            cached = self._recent[key] = self._normalise(kind, text)
        return cached

    def extract(self, text: str) -> list[tuple[IdentifierKind, str]]:
        cached = self._texts.get(text)
        if cached is None:
            cached = list(self._extract(text))
            if len(self._texts) < 100_000:
                self._texts[text] = cached
        return cached

    def digest(self, kind: IdentifierKind, value: str) -> str:
        if kind is self._name:
            cached = self._name_digests.get(value)
            if cached is None:
                cached = self._name_digests[value] = self._digest(kind, value)
            return cached
        key = (kind, value)
        cached = self._recent_digests.get(key)
        if cached is None:
            cached = self._recent_digests[key] = self._digest(kind, value)
        return cached

    def forget_recent(self) -> None:
        """Drop the per-flush caches (e-mails and phones are not seen again)."""
        self._recent.clear()
        self._recent_digests.clear()


class Table:
    """The rows of one model, written by one ``executemany`` per flush.

    Columns come from the model's metadata. ``varying`` fields are given per row
    (the primary key first, values ready for the database); every other concrete
    field takes its default, ``auto_now``/``auto_now_add`` time, NULL or "".
    ``encrypted`` fields are given in clear and encrypted by the field itself.
    When the model is declared in the data map, each row's index entries are
    computed as ``rekisteri.privacy.index._entries_for`` computes them.
    """

    def __init__(
        self,
        model: type[models.Model],
        varying: Sequence[str],
        sink: IndexSink,
        *,
        constants: Mapping[str, object] | None = None,
        encrypted: Sequence[str] = (),
    ) -> None:
        from django.db import connection
        from django.utils import timezone

        from rekisteri.privacy.datamap import declaration_for

        self.model = model
        self.label = model._meta.label
        self.sink = sink
        self.rows: list[tuple[object, ...]] = []
        self.count = 0
        meta = model._meta
        constants = dict(constants or {})
        fields = {f.name: f for f in meta.concrete_fields}
        unknown = set(varying) - set(fields)
        if unknown or not varying or not fields[varying[0]].primary_key:
            raise BenchError(f"{self.label}: bad varying fields {varying} (unknown: {unknown})")
        now = timezone.now()
        defaults: dict[str, object] = {}
        suffix: list[object] = []
        for name, f in fields.items():
            if name in varying:
                continue
            if name in constants:
                value = constants.pop(name)
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif f.empty_strings_allowed:
                value = ""
            else:
                raise BenchError(f"{self.label}.{name} has no default: generate it per row")
            if f.unique and value is not None:
                raise BenchError(f"{self.label}.{name} is unique: generate it per row")
            defaults[name] = value
            suffix.append(f.get_db_prep_save(value, connection))
        if constants:
            raise BenchError(f"{self.label}: constants for unknown fields {sorted(constants)}")
        self._suffix = tuple(suffix)
        self._encrypted = [(varying.index(name), fields[name]) for name in encrypted]
        self._connection = connection
        columns = [fields[name].column for name in varying] + [
            f.column for name, f in fields.items() if name not in varying
        ]
        quote = connection.ops.quote_name
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(meta.db_table),
            ", ".join(quote(c) for c in columns),
            ", ".join(["%s"] * len(columns)),
        )
        self.specs: list[tuple[str, int, object, IdentifierKind | None, bool]] = []
        declaration = declaration_for(model)
        if declaration is not None:
            for spec in declaration.personal_fields():
                if spec.identifier is None and not spec.free_text:
                    continue
                position = varying.index(spec.name) if spec.name in varying else -1
                constant = defaults.get(spec.name)
                self.specs.append((spec.name, position, constant, spec.identifier, spec.free_text))

    def add(self, values: tuple[object, ...], person_id: int | None) -> None:
        """Queue one row (and its index entries); ``values`` follow ``varying``."""
        if self.specs:
            self._index(values, person_id)
        if self._encrypted:
            row = list(values)
            for position, f in self._encrypted:
                row[position] = f.get_db_prep_save(row[position], self._connection)
            values = tuple(row)
        self.rows.append(values + self._suffix)

    def _index(self, values: tuple[object, ...], person_id: int | None) -> None:
        # Mirrors rekisteri.privacy.index._entries_for, field by field.
        sink = self.sink
        label = self.label
        object_id = str(values[0])
        seen: set[tuple[str, str, str]] = set()
        for name, position, constant, identifier, free_text in self.specs:
            raw = values[position] if position >= 0 else constant
            if raw in (None, ""):
                continue
            text = str(raw)
            found: list[tuple[IdentifierKind, str, bool]] = []
            if identifier is not None:
                found.extend(
                    (identifier, value, False) for value in sink.normalise(identifier, text)
                )
            if free_text:
                found.extend((kind, value, True) for kind, value in sink.extract(text))
            for kind, value, in_text in found:
                hashed = sink.digest(kind, value)
                key = (kind.value, hashed, name)
                if key in seen:
                    continue
                seen.add(key)
                sink.rows.append((kind.value, hashed, label, object_id, name, person_id, in_text))


class Loader:
    """Bulk load into the bench database: load pragmas, dropped secondary indexes, one
    transaction; index entries go through a TEMP table and are inserted in the order of
    the unique constraint, so that its B-tree is appended to rather than split at random."""

    def __init__(self, tables: Sequence[Table], sink: IndexSink) -> None:
        from django.db import connection

        from rekisteri.privacy.models import IndexEntry

        self.connection = connection
        self.tables = tables
        self.sink = sink
        meta = IndexEntry._meta
        quote = connection.ops.quote_name
        self.entry_table = meta.db_table
        self.entry_columns = ", ".join(quote(meta.get_field(c).column) for c in IndexSink.COLUMNS)
        unique = next(c for c in meta.constraints if c.name == "privacy_index_unique")
        self.entry_order = ", ".join(
            quote(meta.get_field(name).column)
            for name in unique.fields  # type: ignore[attr-defined]
        )
        self.saved_indexes: list[str] = []
        self.rows_written = 0

    def begin(self) -> None:
        """Set the load-only pragmas (outside the transaction) on the bench database."""
        with self.connection.cursor() as cursor:
            for pragma in (
                "journal_mode=OFF",
                "synchronous=OFF",
                "secure_delete=OFF",
                "cache_size=-1048576",
                "temp_store=FILE",
                "threads=2",
            ):
                cursor.execute(f"PRAGMA {pragma}")

    def prepare(self) -> None:
        """Drop the secondary indexes of the loaded tables (kept for :meth:`finish`)."""
        tables = {t.model._meta.db_table for t in self.tables} | {self.entry_table}
        with self.connection.cursor() as cursor:
            for table in sorted(tables):
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master "
                    "WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                    [table],
                )
                for name, sql in cursor.fetchall():
                    self.saved_indexes.append(sql)
                    cursor.execute(f"DROP INDEX {self.connection.ops.quote_name(name)}")
            cursor.execute(
                f"CREATE TEMP TABLE bench_entries AS SELECT {self.entry_columns} "
                f"FROM {self.entry_table} WHERE 0"
            )

    def flush(self) -> None:
        """Write every queued row, parents before children."""
        with self.connection.cursor() as cursor:
            for table in self.tables:
                if table.rows:
                    cursor.executemany(table.sql, table.rows)
                    table.count += len(table.rows)
                    self.rows_written += len(table.rows)
                    table.rows = []
            if self.sink.rows:
                cursor.executemany(
                    "INSERT INTO temp.bench_entries VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    self.sink.rows,
                )
                self.sink.count += len(self.sink.rows)
                self.rows_written += len(self.sink.rows)
                self.sink.rows = []
            self.sink.forget_recent()

    def finish(self) -> None:
        """Move the index entries into place and rebuild the dropped indexes."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.entry_table} ({self.entry_columns}) "
                f"SELECT * FROM temp.bench_entries ORDER BY {self.entry_order}"
            )
            cursor.execute("DROP TABLE temp.bench_entries")
            for sql in self.saved_indexes:
                cursor.execute(sql)

    def end(self) -> None:
        """Reopen the database with the app's own pragmas (WAL, synchronous=NORMAL, ...)."""
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
        self.connection.close()
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --- The people and their records --------------------------------------------------------


class Generator:
    """Makes one person's records in every register, row by row, reproducibly.

    Probe people get a record in every register and have their identifiers
    followed, so that ``find_people``'s evidence can be checked exactly.
    """

    def __init__(self, people: int, seed: int, probes: set[int]) -> None:
        from django.apps import apps
        from django.contrib.auth.hashers import make_password
        from django.db import connection

        self.rng = random.Random(seed)
        self.people = people
        self.probes = probes
        #: person id -> identifier kind -> {(model, object id, field, in text)}
        self.expected: dict[int, dict[str, set[tuple[str, str, str, bool]]]] = {}
        #: person id -> (e-mail as stored, phone in E.164, full name)
        self.facts: dict[int, tuple[str, str, str]] = {}
        self.tail = tail_last_names()
        self.cities = [(code, city) for code, city, weight in POSTAL_AREAS for _ in range(weight)]
        ops = connection.ops
        self.years = list(range(2020, 2026))
        tz = dt.UTC
        self.moments: dict[int, list[tuple[str, str]]] = {}
        for year in self.years:
            start = dt.datetime(year, 1, 1, 7, tzinfo=tz)
            moments = []
            for _ in range(2000):
                at = start + dt.timedelta(
                    days=self.rng.randrange(364), seconds=self.rng.randrange(50_000)
                )
                moments.append(
                    (ops.adapt_datetimefield_value(at), ops.adapt_datefield_value(at.date()))
                )
            self.moments[year] = moments
        self.password_hashes = [make_password(f"bench-password-{n}") for n in range(4)]
        self.order_numbers = dict.fromkeys(self.years, 0)
        self.voucher_numbers = dict.fromkeys(self.years, 0)
        self.next_id: dict[str, int] = {}

        self.sink = IndexSink()
        model = apps.get_model
        sink = self.sink
        self.person = Table(
            model("subjects", "Person"), ["id", "reference", "first_name", "last_name"], sink
        )
        self.customer = Table(
            model("customers", "Customer"),
            ["id", "reference", "customer_number", "person", "notes", "source", "last_activity_on"],
            sink,
        )
        self.customer_email = Table(
            model("customers", "CustomerEmail"),
            ["id", "customer", "value", "label", "source"],
            sink,
        )
        self.customer_phone = Table(
            model("customers", "CustomerPhone"),
            ["id", "customer", "value", "label", "source"],
            sink,
        )
        self.customer_address = Table(
            model("customers", "CustomerAddress"),
            ["id", "customer", "street", "postal_code", "city", "source"],
            sink,
        )
        self.account = Table(
            model("webshop", "WebshopAccount"),
            ["id", "reference", "person", "username", "email", "password_hash", "last_login_at"],
            sink,
        )
        self.order = Table(
            model("webshop", "Order"),
            [
                "id", "reference", "number", "person", "account", "ordered_at", "status",
                "delivery_name", "delivery_street", "delivery_postal_code", "delivery_city",
                "billing_name", "billing_street", "billing_postal_code", "billing_city",
                "email", "phone", "comment", "ip_address", "shipping_amount", "total_amount",
            ],
            sink,
        )  # fmt: skip
        self.order_line = Table(
            model("webshop", "OrderLine"),
            ["id", "order", "product_name", "sku", "quantity", "unit_price"],
            sink,
        )
        self.job = Table(
            model("service", "ServiceJob"),
            [
                "id", "reference", "person", "customer", "kind", "device", "serial_number",
                "fault_description", "work_done", "notes", "status", "opened_at", "closed_at",
                "handed_over_at",
            ],
            sink,
        )  # fmt: skip
        self.voucher = Table(
            model("sales", "Voucher"),
            [
                "id", "reference", "number", "issued_on", "financial_year", "kind", "person",
                "customer", "billed_name", "billed_address", "billed_email", "total_net",
                "total_vat", "total_gross", "issued_at",
            ],
            sink,
            constants={"status": "issued"},
        )  # fmt: skip
        self.voucher_line = Table(
            model("sales", "VoucherLine"),
            ["id", "voucher", "description", "quantity", "unit_price", "vat_rate", "line_total"],
            sink,
        )
        self.application = Table(
            model("recruiting", "JobApplication"),
            [
                "id", "reference", "person", "kind", "position", "email", "phone",
                "cover_letter", "cv_stored_name", "cv_original_name", "cv_content_type",
                "cv_size", "status", "received_at", "decided_on", "decision_notes",
            ],
            sink,
        )  # fmt: skip
        self.employee = Table(
            model("staff", "Employee"),
            [
                "id", "reference", "person", "job_title", "duties", "employment_type",
                "started_on", "ended_on", "work_email", "work_phone", "home_street_address",
                "home_postal_code", "home_city", "personal_identity_code", "bank_account_iban",
                "tax_percentage", "monthly_salary",
            ],
            sink,
            encrypted=["personal_identity_code", "bank_account_iban"],
        )  # fmt: skip
        #: Parents before children: the order of every flush.
        self.tables = [
            self.person, self.customer, self.customer_email, self.customer_phone,
            self.customer_address, self.account, self.order, self.order_line, self.job,
            self.voucher, self.voucher_line, self.application, self.employee,
        ]  # fmt: skip

    def _id(self, table: Table) -> int:
        value = self.next_id.get(table.label, 0) + 1
        self.next_id[table.label] = value
        return value

    def _expect(
        self, person: int, kind: str, table: Table, oid: int, name: str, in_text: bool
    ) -> None:
        if person in self.probes:
            evidence = self.expected.setdefault(person, {}).setdefault(kind, set())
            evidence.add((table.label, str(oid), name, in_text))

    def _moment(self, year: int | None = None) -> tuple[int, str, str]:
        year = year or self.rng.choice(self.years)
        at, on = self.rng.choice(self.moments[year])
        return year, at, on

    def _first_name(self) -> str:
        names = MALE_FIRST if self.rng.random() < 0.5 else FEMALE_FIRST
        first = self.rng.choice(names)
        if self.rng.random() < DOUBLE_FIRST_NAME_SHARE:
            second = self.rng.choice(names)
            if second != first:
                first = f"{first}-{second}"
        return first

    def add_person(self, i: int) -> None:
        """Generate person ``i`` with their customer record and, for a share, the rest."""
        rng = self.rng
        probe = i in self.probes
        first = self._first_name()
        last = (
            rng.choice(COMMON_LAST) if rng.random() < COMMON_LAST_SHARE else rng.choice(self.tail)
        )
        full = f"{first} {last}"
        local = f"{first}.{last}".translate(ASCII)
        if rng.random() < 0.8:
            local = local.lower()
        email = f"{local}.{i}@{rng.choice(EMAIL_DOMAINS)}"
        prefix, body = mobile(2 * i)
        phone = f"+358{prefix}{body}"
        postal_code, city = rng.choice(self.cities)
        street = f"{rng.choice(STREETS)} {rng.randrange(1, 120)}"
        if rng.random() < 0.4:
            street += f" {rng.choice('ABCD')} {rng.randrange(1, 40)}"
        if probe:
            self.facts[i] = (email, phone, full)

        self.person.add((i, reference("H", i), first, last), i)
        for name in ("first_name", "last_name"):
            self._expect(i, "name", self.person, i, name, False)
        _, _, last_activity = self._moment(rng.choice(self.years[2:]))
        notes = ""
        if rng.random() < 0.03:
            template = rng.choice(CUSTOMER_NOTES)
            notes = template.format(phone=format_phone(prefix, body, "spaced"))
            if "{phone}" in template:
                self._expect(i, "phone", self.customer, i, "notes", True)
        channel = rng.choice(("in_shop", "in_shop", "phone", "email", "website"))
        self.customer.add((i, reference("A", i), 10_000 + i, i, notes, channel, last_activity), i)
        oid = self._id(self.customer_email)
        self.customer_email.add((oid, i, email, "home", channel), i)
        self._expect(i, "email", self.customer_email, oid, "value", False)
        if rng.random() < 0.1:
            work = f"{local.lower()}.{i}@tyo.example.net"
            self.customer_email.add((self._id(self.customer_email), i, work, "work", channel), i)
        oid = self._id(self.customer_phone)
        self.customer_phone.add((oid, i, phone, "home", channel), i)
        self._expect(i, "phone", self.customer_phone, oid, "value", False)
        if rng.random() < 0.08:
            second = "+358{}{}".format(*mobile(2 * i + 1))
            self.customer_phone.add((self._id(self.customer_phone), i, second, "work", channel), i)
        self.customer_address.add(
            (self._id(self.customer_address), i, street, postal_code, city, channel), i
        )

        account = None
        if probe or rng.random() < 0.25:
            account = self._id(self.account)
            username = f"{local.lower().replace('-', '')}{i}"
            _, login_at, _ = self._moment()
            pw = rng.choice(self.password_hashes)
            self.account.add(
                (account, reference("W", account), i, username, email, pw, login_at), i
            )
            self._expect(i, "email", self.account, account, "email", False)
        if probe or rng.random() < 0.30:
            for _ in range(rng.choices((1, 2, 3), (6, 3, 1))[0]):
                self._add_order(
                    i, full, email, phone, prefix, body, account, street, postal_code, city
                )
        if probe or rng.random() < 0.12:
            for _ in range(rng.choices((1, 2), (8, 2))[0]):
                self._add_job(i, full, email, prefix, body, street, postal_code, city, probe)
        if probe or rng.random() < 0.01:
            self._add_application(i, full, email, phone, prefix, body)
        if (probe and i % 4 == 0) or rng.random() < 0.002:
            self._add_employee(i, local, street, postal_code, city)

    def _add_order(
        self,
        i: int,
        full: str,
        email: str,
        phone: str,
        prefix: str,
        body: str,
        account: int | None,
        street: str,
        postal_code: str,
        city: str,
    ) -> None:
        rng = self.rng
        oid = self._id(self.order)
        year, at, on = self._moment()
        self.order_numbers[year] += 1
        number = f"VK-{year}-{self.order_numbers[year]:05d}"
        status = rng.choices(("delivered", "shipped", "paid", "cancelled"), (80, 8, 9, 3))[0]
        comment = ""
        comment_has_phone = False
        if rng.random() < 0.06:
            template = rng.choice(ORDER_COMMENTS)
            comment = template.format(phone=format_phone(prefix, body, "spaced"))
            comment_has_phone = "{phone}" in template
        if rng.random() < 0.9:
            ip = f"{rng.choice(IPV4_PREFIXES)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        else:
            groups = (rng.randrange(1, 0xFFFF) for _ in range(3))
            ip = "2001:14ba:{:x}:{:x}::{:x}".format(*groups)
        delivery = (street, postal_code, city)
        if rng.random() < 0.15:
            other_code, other_city = rng.choice(self.cities)
            delivery = (f"{rng.choice(STREETS)} {rng.randrange(1, 120)}", other_code, other_city)
        lines = [rng.choice(PRODUCTS) for _ in range(rng.choices((1, 2, 3), (5, 3, 2))[0])]
        quantities = [1 if rng.random() < 0.85 else 2 for _ in lines]
        shipping = "0.00" if rng.random() < 0.5 else "6.90"
        total = sum(float(p) * q for (_, _, p), q in zip(lines, quantities, strict=True))
        total += float(shipping)
        order_phone = phone if rng.random() < 0.9 else ""
        self.order.add(
            (
                oid, reference("O", oid), number, i, account if rng.random() < 0.8 else None,
                at, status, full, *delivery, full, street, postal_code, city,
                email, order_phone, comment, ip, shipping, f"{total:.2f}",
            ),
            i,
        )  # fmt: skip
        self._expect(i, "email", self.order, oid, "email", False)
        if order_phone:
            self._expect(i, "phone", self.order, oid, "phone", False)
        if comment_has_phone:
            self._expect(i, "phone", self.order, oid, "comment", True)
        for field_name in ("delivery_name", "billing_name"):
            self._expect(i, "name", self.order, oid, field_name, False)
        for (product, sku, price), quantity in zip(lines, quantities, strict=True):
            self.order_line.add((self._id(self.order_line), oid, product, sku, quantity, price), i)
        if status != "cancelled":
            vat_lines = [
                (product, price, quantity)
                for (product, _, price), quantity in zip(lines, quantities, strict=True)
            ]
            if shipping != "0.00":
                vat_lines.append(("Toimitus", shipping, 1))
            kind = "sales_invoice" if account else "receipt"
            self._add_voucher(
                i, year, at, on, kind, full, f"{street}\n{postal_code} {city}", email, vat_lines
            )

    def _add_job(
        self,
        i: int,
        full: str,
        email: str,
        prefix: str,
        body: str,
        street: str,
        postal_code: str,
        city: str,
        probe: bool,
    ) -> None:
        rng = self.rng
        oid = self._id(self.job)
        year, at, on = self._moment()
        closed = probe or rng.random() < 0.6
        fault = rng.choice(FAULTS)
        if rng.random() < 0.2:
            style = rng.choice(PHONE_STYLES)
            fault += " " + rng.choice(FAULT_CALLBACKS).format(
                phone=format_phone(prefix, body, style)
            )
            self._expect(i, "phone", self.job, oid, "fault_description", True)
        notes = rng.choice(SERVICE_NOTES).format(
            phone=format_phone(prefix, body, rng.choice(PHONE_STYLES))
        )
        self._expect(i, "phone", self.job, oid, "notes", True)
        serial = f"{rng.choice(('PF', 'SN', 'CN', '5CD'))}{rng.randrange(10**8):08d}"
        self.job.add(
            (
                oid, reference("J", oid), i, i, rng.choice(("service", "service", "installation")),
                rng.choice(DEVICES), serial, fault, rng.choice(WORK_DONE) if closed else "", notes,
                "closed" if closed else rng.choice(("received", "in_progress", "ready")),
                at, at if closed else None, at if closed else None,
            ),
            i,
        )  # fmt: skip
        if closed:
            lines = [(description, price, 1) for description, price in rng.sample(SERVICE_LINES, 2)]
            address = f"{street}\n{postal_code} {city}"
            self._add_voucher(i, year, at, on, "service_invoice", full, address, email, lines)

    def _add_voucher(
        self,
        i: int,
        year: int,
        at: str,
        on: str,
        kind: str,
        full: str,
        address: str,
        email: str,
        lines: Sequence[tuple[str, str, int]],
    ) -> None:
        oid = self._id(self.voucher)
        self.voucher_numbers[year] += 1
        number = f"{year}-{self.voucher_numbers[year]:06d}"
        net = 0.0
        for description, gross, quantity in lines:
            unit = float(gross) / 1.255
            net += unit * quantity
            self.voucher_line.add(
                (
                    self._id(self.voucher_line), oid, description, f"{quantity}.00",
                    f"{unit:.2f}", "25.5", f"{unit * quantity:.2f}",
                ),
                i,
            )  # fmt: skip
        vat = net * 0.255
        self.voucher.add(
            (
                oid, reference("T", oid), number, on, year, kind, i, i, full, address, email,
                f"{net:.2f}", f"{vat:.2f}", f"{net + vat:.2f}", at,
            ),
            i,
        )  # fmt: skip
        self._expect(i, "email", self.voucher, oid, "billed_email", False)
        self._expect(i, "name", self.voucher, oid, "billed_name", False)

    def _add_application(
        self, i: int, full: str, email: str, phone: str, prefix: str, body: str
    ) -> None:
        rng = self.rng
        oid = self._id(self.application)
        _, at, on = self._moment()
        letter = rng.choice(COVER_LETTERS).format(
            phone=format_phone(prefix, body, rng.choice(PHONE_STYLES)), email=email
        )
        decided = rng.random() < 0.7
        self.application.add(
            (
                oid, reference("R", oid), i, rng.choice(("job", "internship", "open_application")),
                rng.choice(POSITIONS), email, phone, letter, f"{rng.getrandbits(128):032x}",
                f"CV_{full.replace(' ', '_')}.pdf", "application/pdf",
                rng.randrange(40_000, 900_000),
                rng.choice(("rejected", "hired", "interview")) if decided else "received",
                at, on if decided else None,
                "Haastateltu, hyvä asiakaspalveluosaaminen." if decided else "",
            ),
            i,
        )  # fmt: skip
        for kind, name, in_text in (
            ("email", "email", False),
            ("phone", "phone", False),
            ("email", "cover_letter", True),
            ("phone", "cover_letter", True),
        ):
            self._expect(i, kind, self.application, oid, name, in_text)

    def _add_employee(self, i: int, local: str, street: str, postal_code: str, city: str) -> None:
        rng = self.rng
        oid = self._id(self.employee)
        _, _, started = self._moment(rng.choice(self.years[:3]))
        _, _, ended = self._moment(self.years[-1])
        work_phone = "+358{}{}".format(*mobile(2 * i + 1))
        self.employee.add(
            (
                oid, reference("E", oid), i, rng.choice(JOB_TITLES), "Myynti ja asiakaspalvelu.",
                rng.choice(("permanent", "fixed_term", "hourly")), started,
                ended if rng.random() < 0.3 else None,
                f"{local.lower()}.{i}@ilaakso.example.fi", work_phone, street, postal_code, city,
                hetu(rng), iban(rng), f"{rng.randrange(8, 30)}.50",
                f"{rng.randrange(2300, 4200)}.00",
            ),
            i,
        )  # fmt: skip


# --- One size, in its own process ---------------------------------------------------------


def setup_django(data_dir: Path) -> None:
    """Point the settings at a fresh data directory and start Django."""
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, mode=0o700)
    os.environ["REKISTERI_DATA_DIR"] = str(data_dir)
    os.environ["REKISTERI_DEBUG"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rekisteri.config.settings"
    os.environ["SQLITE_TMPDIR"] = str(data_dir)
    for name in (
        "DATABASE_URL",
        "DATABASE_URL_FILE",
        "REKISTERI_INDEX_KEY",
        "REKISTERI_INDEX_KEY_FILE",
    ):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        raise BenchError("the benchmark loads SQLite; unset DATABASE_URL")
    # DEBUG was needed only to start without a secret key; the debug cursor would
    # log every query, so the load and the timings run without it.
    settings.DEBUG = False


def migrate() -> list[str]:
    """Migrate the fresh database; create the tables of models still without migrations."""
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    existing = set(connection.introspection.table_names())
    missing = [
        m
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.db_table not in existing
    ]
    if missing:
        with connection.schema_editor() as editor:
            for model in missing:
                editor.create_model(model)
    return [m._meta.label for m in missing]


def generate(people: int, seed: int) -> tuple[Generator, dict[str, Any]]:
    """Generate and load ``people`` people with their records and index entries."""
    from django.db import transaction

    probe_rng = random.Random(seed + 7)
    probes = set(probe_rng.sample(range(1, people + 1), min(PROBES, people)))
    gen = Generator(people, seed, probes)
    loader = Loader(gen.tables, gen.sink)
    started = time.perf_counter()
    loader.begin()
    with transaction.atomic():
        loader.prepare()
        for first in range(1, people + 1, CHUNK_PEOPLE):
            for i in range(first, min(first + CHUNK_PEOPLE, people + 1)):
                gen.add_person(i)
            loader.flush()
            done = min(first + CHUNK_PEOPLE - 1, people)
            elapsed = time.perf_counter() - started
            if done % (CHUNK_PEOPLE * 5) == 0 or done == people:
                print(
                    f"  {done:>9,} people  {loader.rows_written:>11,} rows  "
                    f"{elapsed:6.0f} s  {loader.rows_written / elapsed:>8,.0f} rows/s",
                    flush=True,
                )
        generated = time.perf_counter() - started
        loader.finish()
    loader.end()
    seconds = time.perf_counter() - started
    counts = {t.label: t.count for t in gen.tables}
    register_rows = sum(counts.values())
    return gen, {
        "rows": counts,
        "register_rows": register_rows,
        "index_entries": gen.sink.count,
        "total_rows": register_rows + gen.sink.count,
        "generate_seconds": round(generated, 1),
        "load_seconds": round(seconds, 1),
        "rows_per_second": round((register_rows + gen.sink.count) / seconds),
    }


def verify(gen: Generator, seed: int) -> dict[str, int]:
    """Fail loudly unless the index is what the app computes and ``find_people`` finds
    the probe people with exactly their records as evidence."""
    from rekisteri.privacy.datamap import declaration_for
    from rekisteri.privacy.index import _entries_for, find_people, query_digests
    from rekisteri.privacy.models import IndexEntry

    rng = random.Random(seed + 11)
    compared = 0
    for table in gen.tables:
        declaration = declaration_for(table.model)
        if declaration is None or not table.specs or not table.count:
            continue
        ids = rng.sample(range(1, table.count + 1), min(VERIFY_PER_MODEL, table.count))
        instances = list(table.model._base_manager.filter(pk__in=ids))
        if len(instances) != len(ids):
            raise BenchError(f"{table.label}: {len(ids) - len(instances)} sampled rows missing")
        expected = {
            (e.kind, e.digest, e.model, e.object_id, e.field, e.person_id, e.in_text)
            for instance in instances
            for e in _entries_for(declaration, instance)
        }
        actual = set(
            IndexEntry.objects.filter(
                model=table.label, object_id__in=[str(pk) for pk in ids]
            ).values_list("kind", "digest", "model", "object_id", "field", "person", "in_text")
        )
        if expected != actual:
            raise BenchError(
                f"{table.label}: generated index entries differ from the app's: "
                f"{len(expected - actual)} missing, {len(actual - expected)} extra, e.g. "
                f"{sorted(expected ^ actual)[:3]}"
            )
        compared += len(expected)
    warnings = 0
    checked = 0
    for pid, (email, phone, name) in sorted(gen.facts.items()):
        expected_by_kind = gen.expected[pid]
        for kind, matches in (
            ("email", find_people(emails=[email])),
            ("phone", find_people(phones=[display_phone(phone)])),
        ):
            evidence = {
                (e.model, e.object_id, e.field, e.in_text) for m in matches for e in m.evidence
            }
            if [m.person_id for m in matches] != [pid] or evidence != expected_by_kind[kind]:
                raise BenchError(
                    f"find_people by {kind} for probe person {pid}: got "
                    f"{[m.person_id for m in matches]} with {sorted(evidence)}, "
                    f"expected {sorted(expected_by_kind[kind])}"
                )
            checked += 1
        # The person's own name entries must be exactly the generated ones.
        digests = query_digests(names=[name])[0][1]
        own = set(
            IndexEntry.objects.filter(kind="name", digest__in=digests, person=pid).values_list(
                "model", "object_id", "field", "in_text"
            )
        )
        if own != expected_by_kind["name"]:
            raise BenchError(f"name entries of probe person {pid} are wrong: {sorted(own)}")
        found = [m for m in find_people(names=[name]) if m.person_id == pid]
        evidence = {(e.model, e.object_id, e.field, e.in_text) for m in found for e in m.evidence}
        if evidence != own:
            rows = IndexEntry.objects.filter(kind="name", digest__in=digests).count()
            if rows <= NAME_ROWS_READ:
                raise BenchError(
                    f"find_people by name for probe person {pid}: evidence {sorted(evidence)}, "
                    f"expected {sorted(own)}"
                )
            # The entries are right; find_people's row limit cut them off.
            what = "misses" if not found else f"shows {len(evidence)} of {len(own)} records of"
            print(
                f"  WARNING: find_people(names=[{name!r}]) {what} probe person {pid}: the "
                f"name's tokens have {rows:,} index entries and find_people returns at most "
                f"{NAME_ROWS_READ:,} rows per identifier",
                flush=True,
            )
            warnings += 1
            continue
        checked += 1
    covered = {
        label for kinds in gen.expected.values() for ev in kinds.values() for label, *_ in ev
    }
    print(
        f"  verified: {compared:,} index entries equal to the app's, {checked} probe lookups "
        f"with exact evidence over {len(covered)} record types, {warnings} name warnings",
        flush=True,
    )
    return {"entries_compared": compared, "probe_lookups": checked, "name_warnings": warnings}


def baseline_query() -> tuple[str, int, int]:
    """Return the peers' search: every text column of every register, case-insensitive
    ``LIKE '%x%'`` OR'ed per table, ``UNION ALL`` over the tables (SQL, columns, tables)."""
    from django.apps import apps
    from django.db import connection
    from django.db import models as dj_models

    quote = connection.ops.quote_name
    parts = []
    columns = 0
    for model in apps.get_models():
        app = model._meta.app_config
        if not (app.name.startswith("rekisteri.registers.") or app.label == "subjects"):
            continue
        text = [
            f.column
            for f in model._meta.concrete_fields
            if isinstance(
                f, dj_models.CharField | dj_models.TextField | dj_models.GenericIPAddressField
            )
        ]
        if not text:
            continue
        columns += len(text)
        where = " OR ".join(f"LOWER({quote(c)}) LIKE LOWER(%(needle)s) ESCAPE '\\'" for c in text)
        parts.append(
            f"SELECT '{model._meta.label}', {quote(model._meta.pk.column)} "
            f"FROM {quote(model._meta.db_table)} WHERE {where}"
        )
    return " UNION ALL ".join(parts), columns, len(parts)


def _stats(times: Sequence[float], found: int) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(times), 3),
        "p95_ms": round(nearest_rank(times, 0.95), 3),
        "found": round(found / len(times), 3),
        "n": len(times),
    }


def measure(people: int, samples: int, baseline_samples: int, seed: int) -> dict[str, Any]:
    """Time ``find_people`` and the peers' full scan on the same random people."""
    from django.apps import apps
    from django.db import connection

    from rekisteri.privacy.datamap import declaration_for
    from rekisteri.privacy.index import digest, find_people, query_digests
    from rekisteri.privacy.models import IndexEntry
    from rekisteri.subjects.models import Person

    customer_email = apps.get_model("customers", "CustomerEmail")
    customer_phone = apps.get_model("customers", "CustomerPhone")
    rng = random.Random(seed + 13)
    chosen = rng.sample(range(1, people + 1), min(samples + 5, people))

    def facts(pid: int) -> dict[str, str]:
        person = Person.objects.get(pk=pid)
        email = customer_email._default_manager.filter(customer_id=pid).order_by("id")[0].value
        phone = customer_phone._default_manager.filter(customer_id=pid).order_by("id")[0].value
        return {"email": email, "phone": display_phone(phone), "name": person.full_name}

    queries = [(pid, facts(pid)) for pid in chosen]
    lookups: dict[str, Callable[[str], list[PersonMatch]]] = {
        "email": lambda q: find_people(emails=[q]),
        "phone": lambda q: find_people(phones=[q]),
        "name": lambda q: find_people(names=[q]),
    }
    for _pid, q in queries[:5]:  # warm up the connection, caches and code paths
        for kind, lookup in lookups.items():
            lookup(q[kind])
    queries = queries[5:]
    sql, columns, tables = baseline_query()

    def owner(label: str, pk: object) -> int | None:
        model = apps.get_model(label)
        declaration = declaration_for(model)
        if declaration is None or declaration.subject is None:
            return None
        return declaration.subject_id(model._base_manager.get(pk=pk))

    def evidence_of(matches: list[PersonMatch], pid: int) -> set[tuple[str, str, str, bool]]:
        return {
            (e.model, e.object_id, e.field, e.in_text)
            for m in matches
            if m.person_id == pid
            for e in m.evidence
        }

    def own_entries(kind: str, value: str, pid: int) -> set[tuple[str, str, str, bool]]:
        """Every index entry of the person for the searched identifier (what should show)."""
        groups = query_digests(**{f"{kind}s": [value]})
        return set(
            IndexEntry.objects.filter(kind=kind, digest__in=groups[0][1], person=pid).values_list(
                "model", "object_id", "field", "in_text"
            )
        )

    load_before = os.getloadavg()[0]
    results: dict[str, Any] = {}
    for kind, lookup in lookups.items():
        times: list[float] = []
        found = 0
        complete = 0
        for pid, q in queries:
            started = time.perf_counter()
            matches = lookup(q[kind])
            times.append((time.perf_counter() - started) * 1000)
            found += any(m.person_id == pid for m in matches)
            complete += evidence_of(matches, pid) == own_entries(kind, q[kind], pid)
        index = _stats(times, found)
        index["complete"] = round(complete / len(queries), 3)
        times = []
        found = 0
        with connection.cursor() as cursor:
            for pid, q in queries[:baseline_samples]:
                needle = q[kind].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                started = time.perf_counter()
                cursor.execute(sql, {"needle": f"%{needle}%"})
                rows = cursor.fetchall()
                times.append((time.perf_counter() - started) * 1000)
                found += any(owner(label, pk) == pid for label, pk in rows[:50])
        scan = _stats(times, found)
        results[kind] = {
            "index": index,
            "scan": scan,
            "ratio": round(scan["median_ms"] / index["median_ms"]),
        }
        print(
            f"  {kind:5}  index median {index['median_ms']:8.2f} ms  p95 {index['p95_ms']:8.2f} ms"
            f"  found {index['found']:.0%} complete {index['complete']:.0%}"
            f"  |  scan median {scan['median_ms']:9.1f} ms"
            f"  p95 {scan['p95_ms']:9.1f} ms  found {scan['found']:.0%}"
            f"  |  x{results[kind]['ratio']:,}",
            flush=True,
        )
    lookup_sql, lookup_params = (
        IndexEntry.objects.filter(
            kind="email", digest__in=[digest("email", queries[0][1]["email"])]
        )
        .values_list("digest", "model", "object_id", "field", "person", "in_text")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {lookup_sql}", lookup_params)
        plan = "; ".join(str(row[-1]) for row in cursor.fetchall())
    return {
        "lookups": results,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "scan_columns": columns,
        "scan_tables": tables,
        "samples": len(queries),
        "baseline_samples": min(baseline_samples, len(queries)),
        "plan": plan,
    }


def run_child(args: argparse.Namespace) -> int:
    """Generate, verify and measure one size; write the results as JSON."""
    people = args.people[0]
    data_dir = OUT_DIR / f"people-{people}"
    started = time.perf_counter()
    print(f"== {people:,} people in {data_dir.relative_to(ROOT)}", flush=True)
    setup_django(data_dir)
    created = migrate()
    if created:
        print(f"  note: no migrations yet, tables created directly for {created}", flush=True)
    gen, load = generate(people, args.seed)
    db_file = data_dir / "rekisteri.sqlite3"
    wal = db_file.with_name(db_file.name + "-wal")
    load["db_bytes"] = db_file.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    print(
        f"  loaded {load['total_rows']:,} rows ({load['index_entries']:,} index entries) in "
        f"{load['load_seconds']} s: {load['rows_per_second']:,} rows/s; "
        f"database {load['db_bytes'] / 2**30:.2f} GiB",
        flush=True,
    )
    checks = verify(gen, args.seed)
    figures = measure(people, args.samples, args.baseline_samples, args.seed)
    result = {
        "people": people,
        **load,
        "verify": checks,
        **figures,
        "seconds": round(time.perf_counter() - started, 1),
    }
    Path(args.result).write_text(json.dumps(result, indent=2), encoding="utf-8")
    if not args.keep:
        from django.db import connection

        connection.close()
        shutil.rmtree(data_dir)
    return 0


# --- The parent: sizes, machine, report -------------------------------------------------------


def machine() -> dict[str, str]:
    """Describe the machine the figures were taken on."""
    import django

    cpu = platform.processor() or platform.machine()
    ram = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.0f} GiB"
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "django": django.get_version(),
        "load": " ".join(f"{v:.2f}" for v in os.getloadavg()),
        "date": dt.date.today().isoformat(),
    }


def markdown(results: Iterable[dict[str, Any]], host: Mapping[str, str]) -> str:
    """Return the report: machine, data and lookup tables."""
    results = list(results)
    out = [
        f"Machine: {host['cpu']}, {host['cores']} cores, {host['ram']} RAM; {host['os']}; "
        f"Python {host['python']}, SQLite {host['sqlite']}, Django {host['django']}; "
        f"{host['date']} (load average at start {host['load']}).",
        "",
        "| people | register rows | index entries | load time | rows/s | database |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        out.append(
            f"| {r['people']:,} | {r['register_rows']:,} | {r['index_entries']:,} | "
            f"{r['load_seconds']:,.0f} s | {r['rows_per_second']:,} | "
            f"{r['db_bytes'] / 2**30:.2f} GiB |"
        )
    out += [
        "",
        "| people | find by | index median | index p95 | found (complete) | full scan median "
        "| full scan p95 | found | scan / index |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for kind, row in r["lookups"].items():
            index, scan = row["index"], row["scan"]
            out.append(
                f"| {r['people']:,} | {kind} | {index['median_ms']:.2f} ms "
                f"| {index['p95_ms']:.2f} ms "
                f"| {index['found']:.0%} ({index['complete']:.0%}) "
                f"| {scan['median_ms']:,.0f} ms | {scan['p95_ms']:,.0f} ms "
                f"| {scan['found']:.0%} | {row['ratio']:,}× |"
            )
    if results:
        first = results[0]
        out += [
            "",
            f"Index: {first['samples']} random people per size and identifier; full scan: "
            f"{first['baseline_samples']} of them ({first['scan_columns']} text columns in "
            f'{first["scan_tables"]} tables). "found" is the share of searches whose result '
            'contains a record of the person searched for; "complete" the share whose '
            "evidence shows every record of that person carrying the identifier. "
            "One-minute load average while measuring (the machine may be shared): "
            + "; ".join(
                f"{r['people']:,} people {r['load_average'][0]:.1f} to {r['load_average'][1]:.1f}"
                for r in results
            )
            + ".",
        ]
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--people",
        type=int,
        action="append",
        help="number of people (repeatable); default: 100000 and 1000000",
    )
    parser.add_argument("--samples", type=int, default=200, help="index lookups per identifier")
    parser.add_argument(
        "--baseline-samples", type=int, default=10, help="full-scan searches per identifier"
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep bench/out/people-N/")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return run_child(args)
    sizes = args.people or list(DEFAULT_SIZES)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    host = machine()
    results = []
    started = time.perf_counter()
    for people in sizes:
        result_file = OUT_DIR / f"result-{people}.json"
        result_file.unlink(missing_ok=True)
        command = [
            sys.executable, str(Path(__file__).resolve()), "--child", "--people", str(people),
            "--samples", str(args.samples), "--baseline-samples", str(args.baseline_samples),
            "--seed", str(args.seed), "--result", str(result_file),
        ]  # fmt: skip
        if args.keep:
            command.append("--keep")
        code = subprocess.run(command, cwd=ROOT, check=False).returncode  # noqa: S603 (own script)
        if code != 0:
            print(f"the run with {people:,} people failed (exit {code})", file=sys.stderr)
            return code
        results.append(json.loads(result_file.read_text(encoding="utf-8")))
    report = markdown(results, host)
    summary = {"machine": host, "results": results, "seconds": round(time.perf_counter() - started)}
    (OUT_DIR / "results.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    (OUT_DIR / "results.md").write_text(report + "\n", encoding="utf-8")
    print()
    print(report)
    print(f"\n(total {summary['seconds']} s; results in bench/out/results.json and results.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
