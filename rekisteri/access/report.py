"""What an access letter and its portability bundle hold: plain values, no queries.

:func:`rekisteri.access.queries.assemble_access_data` fills an
:class:`AccessData`; :mod:`rekisteri.access.render` turns it into the letter
and the bundle. Every string is already in the letter's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rekisteri.access.policies import RecordRetention
from rekisteri.access.requests import RequestInfo
from rekisteri.notices.documents import ControllerContact
from rekisteri.privacy.vocabulary import Category
from rekisteri.subjects.models import Person

JSONValue = None | bool | int | float | str | list[Any] | dict[str, Any]


def _ordered(codes: list[str], choices: list[str]) -> list[str]:
    wanted = set(codes)
    return [c for c in choices if c in wanted]


# --- What a letter and a bundle hold ------------------------------------------------------


@dataclass(frozen=True)
class ValueItem:
    """One personal field of one record as the letter shows it."""

    name: str
    label: str
    text: str
    category: str
    #: A secret: stored, not shown; ``text`` says why and for how long.
    withheld: bool = False
    #: How many identifiers of other people were taken out of this value.
    redacted: int = 0


@dataclass
class RecordItem:
    """One record about the person, with its personal values and how long it is kept."""

    model_label: str
    title: str
    reference: str
    person_reference: str
    parent_title: str = ""
    parent_reference: str = ""
    values: list[ValueItem] = field(default_factory=list)
    retention: RecordRetention | None = None
    retention_text: str = ""


@dataclass
class RegisterGroup:
    """The person's records in one register."""

    register: str
    label: str
    description: str
    records: list[RecordItem] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        seen: list[str] = []
        for record in self.records:
            for value in record.values:
                if value.category not in seen:
                    seen.append(value.category)
        return seen

    @property
    def category_labels(self) -> list[str]:
        """The categories' names, in the active language."""
        return [str(Category(c).label) for c in _ordered(self.categories, Category.values)]


@dataclass(frozen=True)
class RetentionItem:
    """A retention rule that governs some of the person's data (GDPR Art. 15(1)(d))."""

    code: str
    title: str
    period: str
    statute: str
    basis: str
    proposal: bool


@dataclass(frozen=True)
class RecipientItem:
    """A recipient the person's data was actually disclosed to (GDPR Art. 15(1)(c))."""

    name: str
    kind: str
    role: str
    country: str
    third_country: bool
    categories: tuple[str, ...]
    category_codes: tuple[str, ...]
    dates: tuple[dt.date, ...]


@dataclass(frozen=True)
class DisclosureItem:
    """One line of the disclosure log about the person."""

    disclosed_on: dt.date
    recipient: str
    categories: tuple[str, ...]
    basis: str
    reference: str


@dataclass
class CategoryItem:
    """What the letter says about one category of the person's data (Art. 15(1)(a)–(g))."""

    code: str
    label: str
    purposes: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    legitimate_interests: list[str] = field(default_factory=list)
    recipients: list[RecipientItem] = field(default_factory=list)
    retention: list[RetentionItem] = field(default_factory=list)
    #: Sources other than the person (Art. 15(1)(g)); empty when all came from the person.
    sources: list[str] = field(default_factory=list)
    from_subject: bool = False
    registers: list[str] = field(default_factory=list)
    special: bool = False


@dataclass(frozen=True)
class ProcessorItem:
    """A processor that handles some of the person's categories on our behalf (Art. 28)."""

    name: str
    service: str
    country: str
    third_country: bool
    safeguard: str


@dataclass(frozen=True)
class TransferItem:
    """A transfer of the person's data outside the EU/EEA and its safeguard (Art. 15(2))."""

    name: str
    country: str
    safeguard: str


@dataclass(frozen=True)
class BundleColumn:
    """One field of a bundle file, as the manifest describes it."""

    name: str
    label: str
    category: str
    category_label: str
    basis: str
    type: str
    choices: dict[str, str]


@dataclass
class BundleFile:
    """The portable records of one model: one JSON and one CSV file in the bundle."""

    register: str
    model_label: str
    model_name: str
    title: str
    parent_model: str
    columns: list[BundleColumn]
    rows: list[dict[str, JSONValue]] = field(default_factory=list)


@dataclass(frozen=True)
class SpecialRecord:
    """A health record included in a letter: its read is logged on its own (YksTL 5 §)."""

    model_label: str
    reference: str
    person_reference: str


@dataclass
class AccessData:
    """Everything an access letter and its portability bundle say, in one language."""

    language: str
    today: dt.date
    people: tuple[Person, ...]
    controller: ControllerContact
    request_ref: str = ""
    request: RequestInfo | None = None
    registers: list[RegisterGroup] = field(default_factory=list)
    categories: list[CategoryItem] = field(default_factory=list)
    disclosures: list[DisclosureItem] = field(default_factory=list)
    recipients: list[RecipientItem] = field(default_factory=list)
    processors: list[ProcessorItem] = field(default_factory=list)
    transfers: list[TransferItem] = field(default_factory=list)
    health_withheld: bool = False
    health_handlers: tuple[str, ...] = ()
    secrets: int = 0
    redaction_count: int = 0
    bundle: list[BundleFile] = field(default_factory=list)
    special_records: list[SpecialRecord] = field(default_factory=list)
    models_read: list[str] = field(default_factory=list)

    @property
    def person_references(self) -> list[str]:
        return [p.reference for p in self.people]

    @property
    def full_name(self) -> str:
        """The person's name as the letter addresses them (the first name on record)."""
        for person in self.people:
            if person.full_name:
                return person.full_name
        return ", ".join(self.person_references)

    @property
    def record_count(self) -> int:
        return sum(len(group.records) for group in self.registers)

    @property
    def is_restricted(self) -> bool:
        return any(p.is_restricted for p in self.people)

    @property
    def bundle_record_count(self) -> int:
        return sum(len(f.rows) for f in self.bundle)
