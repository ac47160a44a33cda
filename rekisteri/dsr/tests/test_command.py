"""``rekisteri request`` creates, lists and shows requests, as text or JSON."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.dsr.models import SubjectRequest

from .factories import EMAIL, make_request

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("request", *args, stdout=out)
    return out.getvalue()


def test_create_receives_a_request_and_prints_its_due_date():
    output = run(
        "create",
        "--kind",
        "access",
        "--channel",
        "email",
        "--name",
        "Testi Asiakas",
        "--email",
        EMAIL,
        "--received",
        "2025-01-31T10:00",
    )
    item = SubjectRequest.objects.get()
    assert item.reference in output
    assert "2025-02-28" in output
    assert item.received_by is None


def test_create_json_gives_the_reference_and_the_due_date():
    data = json.loads(
        run(
            "create",
            "--kind",
            "objection",
            "--objection-scope",
            "direct_marketing",
            "--channel",
            "phone",
            "--name",
            "Testi Asiakas",
            "--phone",
            "040 123 4567",
            "--lang",
            "en",
            "--json",
        )
    )
    item = SubjectRequest.objects.get()
    assert data["reference"] == item.reference
    assert data["kind"] == "objection"
    assert data["due_on"] == item.due_on.isoformat()
    assert item.requester_phone == "+358401234567"
    assert item.language == "en"


def test_create_with_bad_input_writes_nothing_and_says_why():
    with pytest.raises(CommandError) as caught:
        run(
            "create",
            "--kind",
            "access",
            "--channel",
            "email",
            "--name",
            "Testi",
            "--email",
            "rikki",
        )
    assert "nothing was saved" in str(caught.value)
    assert "--email:" in str(caught.value)
    assert not SubjectRequest.objects.exists()


def test_create_rejects_an_unknown_kind():
    with pytest.raises(CommandError, match="invalid choice"):
        run("create", "--kind", "nonsense", "--channel", "email", "--name", "T", "--email", EMAIL)


def test_list_shows_open_and_overdue_requests():
    old = make_request(now=timezone.now() - dt.timedelta(days=40))
    new = make_request()
    closed = make_request()
    closed.closed_at = timezone.now()
    closed.state = "withdrawn"
    closed.save()
    everything = run("list")
    assert all(r.reference in everything for r in (old, new, closed))
    opened = json.loads(run("list", "--open", "--json"))
    assert {r["reference"] for r in opened["requests"]} == {old.reference, new.reference}
    overdue = json.loads(run("list", "--overdue", "--json"))
    assert [r["reference"] for r in overdue["requests"]] == [old.reference]
    assert overdue["requests"][0]["due_status"] == "overdue"
    assert "Asiakas" not in everything


def test_list_says_so_when_there_is_nothing():
    assert run("list").strip() == "no requests"


def test_show_prints_the_request_and_audits_the_read():
    item = make_request()
    text = run("show", item.reference)
    assert "Testi Asiakas" in text
    data = json.loads(run("show", item.reference, "--json"))
    assert data["requester"]["email"] == EMAIL
    assert data["identity_verified"] is False
    assert (
        AuditEvent.objects.filter(
            type=EventType.RECORD_VIEWED, reason=f"cli: request.viewed {item.reference}"
        ).count()
        == 2
    )


def test_show_an_unknown_reference_is_a_clear_error():
    with pytest.raises(CommandError, match="no request has the reference"):
        run("show", "PR-NOPE")


def test_a_bad_received_time_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DDTHH:MM"):
        run(
            "create",
            "--kind",
            "access",
            "--channel",
            "email",
            "--name",
            "T",
            "--email",
            EMAIL,
            "--received",
            "eilen",
        )
