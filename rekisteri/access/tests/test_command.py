"""``rekisteri access``: the letter and the bundle written to a directory."""

from __future__ import annotations

import json
import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rekisteri.access.requests import (
    RequestInfo,
    register_request_resolver,
    unregister_request_resolver,
)
from rekisteri.access.tests.factories import (
    DEVICE_SECRET,
    HEALTH_CANARY,
    TODAY,
    make_employee,
    make_health_record,
    make_world,
)
from rekisteri.access.tests.helpers import bundle_json
from rekisteri.accounts.roles import Role
from rekisteri.audit.models import AuditEvent, EventType

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("access", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_the_letter_and_the_bundle_into_a_private_directory(tmp_path):
    world = make_world()
    target = tmp_path / "out" / "access"

    output = run(
        world.person.reference, "--lang", "en", "--out", str(target), "--today", "2026-11-26"
    )

    assert sorted(p.name for p in target.iterdir()) == ["bundle.zip", "letter.html", "letter.pdf"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    for path in target.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    html = (target / "letter.html").read_text(encoding="utf-8")
    assert "A copy of your data" in html
    assert "26 November 2026" in html
    assert DEVICE_SECRET not in html
    assert (target / "letter.pdf").read_bytes().startswith(b"%PDF-")
    manifest = bundle_json((target / "bundle.zip").read_bytes(), "manifest.json")
    assert manifest["people"] == [world.person.reference]
    assert "records in" in output
    assert f"wrote {target / 'letter.pdf'}" in output
    event = AuditEvent.objects.get(type=EventType.ACCESS_REPORT_BUILT)
    assert event.actor is None
    assert event.person_ref == world.person.reference


def test_json_output_summarises_the_report(tmp_path):
    world = make_world()

    output = run(world.person.reference, world.other.reference, "--out", str(tmp_path), "--json")

    summary = json.loads(output)
    assert summary["people"] == [world.person.reference, world.other.reference]
    assert summary["language"] == "fi"
    assert summary["redactions"] == 3
    assert summary["records"] >= 8
    assert summary["files"] == [
        str(tmp_path / n) for n in ("letter.html", "letter.pdf", "bundle.zip")
    ]


def test_existing_files_are_never_overwritten(tmp_path):
    world = make_world()
    (tmp_path / "letter.pdf").write_bytes(b"keep me")

    with pytest.raises(CommandError, match="refusing to overwrite"):
        run(world.person.reference, "--out", str(tmp_path))

    assert (tmp_path / "letter.pdf").read_bytes() == b"keep me"
    assert not (tmp_path / "letter.html").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["H-ZZZZZZZZ"], "no person has the reference H-ZZZZZZZZ"),
        (["matti@example.fi"], "not a person reference"),
        ([], "give a PERSON_REF or --request"),
        (["--request", "PR-UNKNOWN2"], "no request has the reference PR-UNKNOWN2"),
    ],
)
def test_bad_input_is_refused(tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--out", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


def test_a_wrong_language_is_refused(tmp_path):
    world = make_world()

    with pytest.raises(CommandError):
        run(world.person.reference, "--lang", "sv", "--out", str(tmp_path))


def test_acting_as_a_user_requires_the_registrar(tmp_path, clerk, registrar):
    world = make_world()

    with pytest.raises(CommandError, match="--user clerk"):
        run(world.person.reference, "--out", str(tmp_path / "a"), "--user", "clerk")
    run(world.person.reference, "--out", str(tmp_path / "b"), "--user", "registrar")

    assert AuditEvent.objects.get(type=EventType.ACCESS_REPORT_BUILT).actor == registrar


def test_health_records_only_when_acting_as_a_named_handler(tmp_path, make_user):
    world = make_world()
    make_health_record(make_employee(world.person, None))
    make_user("kaksoisrooli", Role.REGISTRAR, Role.HEALTH_DATA_HANDLER)

    run(world.person.reference, "--out", str(tmp_path / "system"))
    run(world.person.reference, "--out", str(tmp_path / "named"), "--user", "kaksoisrooli")

    assert HEALTH_CANARY not in (tmp_path / "system" / "letter.html").read_text(encoding="utf-8")
    assert HEALTH_CANARY in (tmp_path / "named" / "letter.html").read_text(encoding="utf-8")


def test_a_request_reference_alone_uses_its_confirmed_people(tmp_path):
    world = make_world()

    def resolve(reference: str) -> RequestInfo | None:
        if reference != "PR-TESTTEST":
            return None
        return RequestInfo(reference=reference, received_on=TODAY, people=(world.person,))

    register_request_resolver(resolve)
    try:
        output = run("--request", "PR-TESTTEST", "--out", str(tmp_path), "--json")
    finally:
        unregister_request_resolver(resolve)

    summary = json.loads(output)
    assert summary["people"] == [world.person.reference]
    assert summary["request"] == "PR-TESTTEST"
    assert "PR-TESTTEST" in (tmp_path / "letter.html").read_text(encoding="utf-8")
