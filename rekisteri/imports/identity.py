"""Identity resolution: which existing person an imported row is about, if any.

A row's e-mail, phone and HETU are normalised with the subject index's own
normalisers and looked up by their keyed hashes (one indexed query per row;
rekisteri/privacy/index.py). The rules (docs/import.md, "Identity resolution"):

- every identifier that matches points to one and the same person: the row
  joins that person;
- identifiers point to different people: a *conflict*, reported as a likely
  duplicate; the row gets a new person, nothing is merged (GDPR Art. 5(1)(d):
  joining the wrong person would show one person's data to another);
- no identifier matches but a person has exactly the row's full name: a
  *name match*, reported the same way (homonyms are common: "Matti Virtanen");
- nothing matches: the row gets a new person.

Rows of the same file that are the same person resolve to one person because
each row's writes keep the index current inside the import's transaction, so a
later row finds the person an earlier row created.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Q

from rekisteri.privacy.identifiers import name_tokens, normalise
from rekisteri.privacy.index import digest
from rekisteri.privacy.models import IndexEntry
from rekisteri.privacy.vocabulary import IdentifierKind
from rekisteri.subjects.models import Person

CONFLICT = "conflict"
NAME_ONLY = "name"


@dataclass(frozen=True)
class Resolution:
    """The outcome for one row: the person to join, or the people to review."""

    person: Person | None = None
    candidates: tuple[str, ...] = ()
    why: str = ""
    kinds: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_duplicate(self) -> bool:
        return bool(self.candidates)


def _identifier_people(pairs: list[tuple[IdentifierKind, str]]) -> dict[str, set[int]]:
    conditions = [
        Q(kind=kind.value, digest=digest(kind, value))
        for kind, raw in pairs
        for value in normalise(kind, raw)
    ]
    if not conditions:
        return {}
    found: dict[str, set[int]] = {}
    rows = (
        IndexEntry.objects.filter(reduce(or_, conditions), person__isnull=False)
        .values_list("kind", "person_id")
        .distinct()
    )
    for kind, person_id in rows:
        found.setdefault(kind, set()).add(int(person_id))
    return found


def _name_people(full_name: str, limit: int = 5) -> list[int]:
    """People whose own name fields hold every token of ``full_name`` (two tokens at least)."""
    tokens = sorted(set(name_tokens(full_name)))
    if len(tokens) < 2:
        return []
    digests = [digest(IdentifierKind.NAME, t) for t in tokens]
    people = (
        IndexEntry.objects.filter(
            kind=IdentifierKind.NAME.value,
            digest__in=digests,
            model=Person._meta.label,
            person__isnull=False,
        )
        .values("person_id")
        .annotate(tokens=Count("digest", distinct=True))
        .filter(tokens=len(digests))
        .values_list("person_id", flat=True)[:limit]
    )
    return [int(p) for p in people]


def _references(ids: set[int] | list[int]) -> tuple[str, ...]:
    return tuple(
        sorted(Person.objects.filter(pk__in=list(ids)).values_list("reference", flat=True))
    )


def resolve(*, email: str = "", phone: str = "", hetu: str = "", full_name: str = "") -> Resolution:
    """Resolve one row's identifiers against the subject index (see the module docstring)."""
    pairs = [
        (kind, value)
        for kind, value in (
            (IdentifierKind.EMAIL, email),
            (IdentifierKind.PHONE, phone),
            (IdentifierKind.HETU, hetu),
        )
        if value
    ]
    by_kind = _identifier_people(pairs)
    people = set().union(*by_kind.values()) if by_kind else set()
    if len(people) == 1:
        return Resolution(
            person=Person.objects.get(pk=next(iter(people))), kinds=tuple(sorted(by_kind))
        )
    if len(people) > 1:
        return Resolution(
            candidates=_references(people), why=CONFLICT, kinds=tuple(sorted(by_kind))
        )
    if full_name:
        named = _name_people(full_name)
        if named:
            return Resolution(candidates=_references(named), why=NAME_ONLY, kinds=("name",))
    return Resolution()
