"""The subject index stays current on every write path and finds people by name."""

from __future__ import annotations

import pytest

from rekisteri.privacy.index import digest, find_people, reindex_records
from rekisteri.privacy.models import IndexEntry
from rekisteri.privacy.vocabulary import IdentifierKind
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


def test_saving_a_person_indexes_name_tokens_as_keyed_hashes():
    person = Person.objects.create(first_name="Matti-Pekka", last_name="Virtanen")
    entries = IndexEntry.objects.filter(model="subjects.Person", object_id=str(person.pk))
    assert {e.digest for e in entries} == {
        digest(IdentifierKind.NAME, token) for token in ("matti", "pekka", "virtanen")
    }
    assert all("virtanen" not in e.digest for e in entries)
    assert {e.person_id for e in entries} == {person.pk}


def test_a_full_name_matches_only_people_with_every_part():
    matti = Person.objects.create(first_name="Matti", last_name="Virtanen")
    Person.objects.create(first_name="Liisa", last_name="Virtanen")
    matches = find_people(names=["matti virtanen"])
    assert [m.person_id for m in matches] == [matti.pk]
    assert len(find_people(names=["Virtanen"])) == 2


def test_evidence_names_the_matching_field():
    person = Person.objects.create(first_name="Aino", last_name="Koskinen")
    [match] = find_people(names=["KOSKINEN"])
    assert match.person_id == person.pk
    assert {(e.model, e.field, e.kind) for e in match.evidence} == {
        ("subjects.Person", "last_name", IdentifierKind.NAME)
    }


def test_renaming_replaces_the_old_entries():
    person = Person.objects.create(first_name="Aino", last_name="Koskinen")
    person.last_name = "Lahtinen"
    person.save()
    assert find_people(names=["Koskinen"]) == []
    assert [m.person_id for m in find_people(names=["Lahtinen"])] == [person.pk]


def test_deleting_removes_the_entries():
    person = Person.objects.create(first_name="Aino", last_name="Koskinen")
    person.delete()
    assert not IndexEntry.objects.exists()


def test_reindex_rebuilds_entries_written_around_the_signals():
    person = Person.objects.create(first_name="Aino", last_name="Koskinen")
    Person._base_manager.filter(pk=person.pk).update(last_name="Mäkinen")  # no reindexing
    assert find_people(names=["Mäkinen"]) == []
    reindex_records(Person, [person.pk])
    assert [m.person_id for m in find_people(names=["mäkinen"])] == [person.pk]


def test_unparsable_identifiers_find_nothing():
    Person.objects.create(first_name="Aino", last_name="Koskinen")
    assert find_people(emails=["not an address"], phones=["123"]) == []


def test_a_common_last_name_does_not_crowd_out_the_person_searched_for():
    """The tokens are intersected by the database, not in a truncated candidate list."""
    Person.objects.bulk_create(
        [Person(first_name="Matti", last_name="Virtanen") for _ in range(30)]
    )
    reindex_records(Person)
    aino = Person.objects.create(first_name="Aino", last_name="Virtanen")
    matches = find_people(names=["Aino Virtanen"], limit=1)
    assert [m.person_id for m in matches] == [aino.pk]


def test_people_created_in_bulk_are_indexed():
    Person.objects.bulk_create([Person(first_name="Aino", last_name="Bulkkinen")])
    assert len(find_people(names=["Bulkkinen"])) == 1
