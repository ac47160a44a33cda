"""``rekisteri find`` returns people with their evidence, as text or JSON."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("find", *args, stdout=out)
    return out.getvalue()


def test_find_by_name_prints_the_person_and_the_matching_field():
    person = Person.objects.create(first_name="Aino", last_name="Koskinen")
    output = run("--name", "Aino Koskinen")
    assert person.reference in output
    assert "subjects.Person" in output
    assert "last_name" in output


def test_find_json_lists_matches_with_evidence():
    person = Person.objects.create(first_name="Aino", last_name="Koskinen")
    data = json.loads(run("--name", "koskinen", "--json"))
    [match] = data["matches"]
    assert match["person"] == person.reference
    assert {e["field"] for e in match["evidence"]} == {"last_name"}


def test_find_without_identifiers_is_a_clear_error():
    with pytest.raises(CommandError, match="at least one"):
        run()


def test_find_rejects_an_invalid_phone_with_its_reason():
    with pytest.raises(CommandError, match="not a valid phone number"):
        run("--phone", "12")


def test_find_is_audited_without_values():
    Person.objects.create(first_name="Aino", last_name="Koskinen")
    run("--name", "Koskinen")
    event = AuditEvent.objects.get(type=EventType.SEARCH_PERFORMED)
    assert event.fields == ["name"]
    assert "Koskinen" not in event.reason


def test_no_matches_says_so():
    assert run("--name", "Nobody").strip() == "no matches"
