"""Keeping the subject index current, and finding people through it.

Every write path keeps the index current: model signals cover ``save()`` and
``delete()`` (forms and services), ``IndexedQuerySet`` covers ``bulk_create`` and
``update``, and :func:`reindex_records` is there for anything else. A lookup is
one indexed equality match per identifier; its cost grows with the matching
person's data, never with the size of the database.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.apps import apps
from django.db import models
from django.db.models import Count

from rekisteri.crypto.keys import index_key
from rekisteri.privacy.datamap import FieldSpec, ModelDeclaration, declaration_for, declarations
from rekisteri.privacy.identifiers import extract_identifiers, normalise
from rekisteri.privacy.models import IndexEntry
from rekisteri.privacy.vocabulary import IdentifierKind

M = TypeVar("M", bound=models.Model)


def digest(kind: IdentifierKind | str, value: str) -> str:
    """Return the keyed hash of a normalised identifier."""
    message = f"{IdentifierKind(kind).value}\x1f{value}".encode()
    return hmac.new(index_key(), message, hashlib.sha256).hexdigest()


def _entries_for(declaration: ModelDeclaration, instance: models.Model) -> list[IndexEntry]:
    person_id = declaration.subject_id(instance)
    object_id = str(instance.pk)
    seen: set[tuple[str, str, str]] = set()
    entries: list[IndexEntry] = []

    def add(kind: IdentifierKind, value: str, spec: FieldSpec, in_text: bool) -> None:
        hashed = digest(kind, value)
        key = (kind.value, hashed, spec.name)
        if key in seen:
            return
        seen.add(key)
        entries.append(
            IndexEntry(
                kind=kind.value,
                digest=hashed,
                model=declaration.label,
                object_id=object_id,
                field=spec.name,
                person_id=person_id,
                in_text=in_text,
            )
        )

    for spec in declaration.personal_fields():
        if spec.identifier is None and not spec.free_text:
            continue
        raw = getattr(instance, spec.name, None)
        if raw in (None, ""):
            continue
        text = str(raw)
        if spec.identifier is not None:
            for value in normalise(spec.identifier, text):
                add(spec.identifier, value, spec, in_text=False)
        if spec.free_text:
            for kind, value in extract_identifiers(text):
                add(kind, value, spec, in_text=True)
    return entries


def reindex_instance(instance: models.Model) -> None:
    """Replace the index entries of one record with those of its current values."""
    declaration = declaration_for(instance)
    if declaration is None or instance.pk is None:
        return
    IndexEntry.objects.filter(model=declaration.label, object_id=str(instance.pk)).delete()
    IndexEntry.objects.bulk_create(_entries_for(declaration, instance))


def remove_instance(model: type[models.Model], pk: object) -> None:
    """Drop the index entries of a deleted record."""
    IndexEntry.objects.filter(model=model._meta.label, object_id=str(pk)).delete()


def reindex_records(model: type[models.Model], pks: Iterable[object] | None = None) -> int:
    """Rebuild the entries of ``model`` (all records, or those with ``pks``) in bulk.

    Returns the number of records indexed. Used after bulk writes and by
    ``rekisteri reindex``.
    """
    declaration = declaration_for(model)
    if declaration is None:
        return 0
    queryset = model._default_manager.all()
    stale = IndexEntry.objects.filter(model=declaration.label)
    if pks is not None:
        pk_list = [pk for pk in pks if pk is not None]
        queryset = queryset.filter(pk__in=pk_list)
        stale = stale.filter(object_id__in=[str(pk) for pk in pk_list])
    stale.delete()
    count = 0
    batch: list[IndexEntry] = []
    for instance in queryset.iterator(chunk_size=2000):
        batch.extend(_entries_for(declaration, instance))
        count += 1
        if len(batch) >= 5000:
            IndexEntry.objects.bulk_create(batch)
            batch = []
    IndexEntry.objects.bulk_create(batch)
    return count


def reindex_all() -> dict[str, int]:
    """Rebuild the whole index; returns records indexed per model."""
    return {d.label: reindex_records(d.model) for d in declarations()}


class IndexedQuerySet(models.QuerySet[M]):
    """A queryset whose bulk writes keep the subject index current."""

    def bulk_create(self, objs: Iterable[M], *args: Any, **kwargs: Any) -> list[M]:
        created = super().bulk_create(objs, *args, **kwargs)
        if any(obj.pk is None for obj in created):
            # Backends that return no ids: fall back to reindexing the whole model.
            reindex_records(self.model)
        else:
            reindex_records(self.model, [obj.pk for obj in created])
        return created

    def bulk_update(
        self, objs: Iterable[M], fields: Iterable[str], batch_size: int | None = None
    ) -> int:
        objs = list(objs)
        count = super().bulk_update(objs, fields, batch_size=batch_size)
        reindex_records(self.model, [obj.pk for obj in objs])
        return count

    def update(self, **kwargs: Any) -> int:
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        reindex_records(self.model, pks)
        return count


# --- Finding ---------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One identifier that matched one field of one record."""

    kind: IdentifierKind
    model: str
    object_id: str
    field: str
    in_text: bool

    @property
    def model_verbose_name(self) -> str:
        return str(apps.get_model(self.model)._meta.verbose_name)

    @property
    def field_verbose_name(self) -> str:
        model = apps.get_model(self.model)
        return str(model._meta.get_field(self.field).verbose_name)


@dataclass
class PersonMatch:
    """A person proposed by a search, with everything that matched."""

    person_id: int | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def kinds(self) -> set[IdentifierKind]:
        return {e.kind for e in self.evidence}


def query_digests(
    *,
    emails: Sequence[str] = (),
    phones: Sequence[str] = (),
    names: Sequence[str] = (),
    hetus: Sequence[str] = (),
    ibans: Sequence[str] = (),
    ips: Sequence[str] = (),
    others: Sequence[tuple[IdentifierKind, str]] = (),
) -> list[tuple[IdentifierKind, list[str]]]:
    """Normalise search input into groups of digests; an unparsable value gives no group.

    Name tokens form one group that must all match the same person; every other
    identifier is its own group.
    """
    groups: list[tuple[IdentifierKind, list[str]]] = []
    pairs: list[tuple[IdentifierKind, str]] = [
        *((IdentifierKind.EMAIL, v) for v in emails),
        *((IdentifierKind.PHONE, v) for v in phones),
        *((IdentifierKind.HETU, v) for v in hetus),
        *((IdentifierKind.IBAN, v) for v in ibans),
        *((IdentifierKind.IP, v) for v in ips),
        *others,
    ]
    for kind, raw in pairs:
        for value in normalise(kind, raw):
            groups.append((kind, [digest(kind, value)]))
    for raw in names:
        tokens = normalise(IdentifierKind.NAME, raw)
        if tokens:
            groups.append((IdentifierKind.NAME, [digest(IdentifierKind.NAME, t) for t in tokens]))
    return groups


def find_people(
    *,
    emails: Sequence[str] = (),
    phones: Sequence[str] = (),
    names: Sequence[str] = (),
    hetus: Sequence[str] = (),
    ibans: Sequence[str] = (),
    ips: Sequence[str] = (),
    others: Sequence[tuple[IdentifierKind, str]] = (),
    limit: int = 200,
) -> list[PersonMatch]:
    """Return the people (and unlinked records) matching any of the identifiers.

    A name matches a person only when every token of it appears in that person's
    name fields; other identifiers match on their own. Results are ordered by
    how many distinct identifier kinds matched, strongest first.
    """
    groups = query_digests(
        emails=emails, phones=phones, names=names, hetus=hetus, ibans=ibans, ips=ips, others=others
    )
    matches: dict[tuple[int | None, str], PersonMatch] = {}
    for kind, digests in groups:
        entries = IndexEntry.objects.filter(kind=kind.value, digest__in=digests)
        if kind is IdentifierKind.NAME and len(set(digests)) > 1:
            # Every token must belong to the same person. The intersection is done
            # by the database, so a common first or last name cannot crowd the
            # person out of a truncated candidate list.
            people = (
                entries.exclude(person=None)
                .values("person_id")
                .annotate(tokens=Count("digest", distinct=True))
                .filter(tokens=len(set(digests)))
                .values_list("person_id", flat=True)[:limit]
            )
            entries = entries.filter(person_id__in=list(people))
        rows = list(
            entries.values_list("digest", "model", "object_id", "field", "person_id", "in_text")[
                : limit * 20
            ]
        )
        for _digest, model_label, object_id, field_name, person_id, in_text in rows:
            key = (person_id, "" if person_id else f"{model_label}#{object_id}")
            match = matches.setdefault(key, PersonMatch(person_id=person_id))
            match.evidence.append(Evidence(kind, model_label, object_id, field_name, in_text))
    ranked = sorted(
        matches.values(), key=lambda m: (-len(m.kinds), -len(m.evidence), m.person_id or 0)
    )
    return ranked[:limit]
