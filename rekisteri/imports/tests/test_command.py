"""``rekisteri import``: summary, progress on stderr, dry run, rejects file, re-runs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.imports.tests.helpers import EXAMPLES, csv_bytes, customer
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


def run_command(*args: str, **options: object) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err, language="en", **options)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_prints_a_summary_and_a_second_run_creates_nothing(capsys):
    out, _err = run_command(str(EXAMPLES / "customers.csv"), register="customers")
    assert "Imported: every row was applied." in out
    assert "rows read: 6" in out
    assert "people created: 5" in out
    assert "people matched: 1" in out
    progress = capsys.readouterr().err
    assert "100%" in progress
    assert "6 rows" in progress
    people = Person.objects.count()
    out, _err = run_command(str(EXAMPLES / "customers.csv"), register="customers")
    assert "Nothing new" in out
    assert "already imported: 6" in out
    assert Person.objects.count() == people
    assert AuditEvent.objects.filter(type=EventType.IMPORT_APPLIED).count() == 2
    labels = AuditEvent.objects.filter(type=EventType.IMPORT_APPLIED).values_list(
        "actor_label", flat=True
    )
    assert set(labels) == {"cli:import"}


def test_json_lines_are_chosen_by_the_file_name(tmp_path: Path):
    out, _err = run_command(str(EXAMPLES / "customers.jsonl"), register="customers")
    assert "records created: 3" in out


def test_a_dry_run_writes_nothing(tmp_path: Path):
    out, _err = run_command(str(EXAMPLES / "customers.csv"), register="customers", dry_run=True)
    assert "Dry run" in out
    assert "records created: 6" in out
    assert Person.objects.count() == 0


def test_rejected_rows_go_to_the_rejects_file_and_the_command_fails(tmp_path: Path):
    source = tmp_path / "asiakkaat.csv"
    source.write_bytes(csv_bytes([customer("1"), customer("2", email="ei-osoite")]))
    rejects = tmp_path / "hylatyt.csv"
    with pytest.raises(CommandError, match="1 rows were rejected"):
        run_command(str(source), register="customers", rejects=str(rejects))
    text = rejects.read_text(encoding="utf-8-sig")
    assert (
        text.splitlines()[0]
        == "row;reason;"
        + ";".join(
            __import__("rekisteri.imports.registers", fromlist=["ADAPTERS"])
            .ADAPTERS["customers"]
            .columns
        )
        + ";other"
    )
    assert "ei-osoite" in text
    assert "not a valid e-mail" in text
    assert Person.objects.count() == 0


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path):
    source = tmp_path / "latin1.csv"
    source.write_bytes("customer_number;last_name\n1;Mäkinen\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run_command(str(source), register="customers")


def test_the_reasons_are_in_finnish_by_default(tmp_path: Path):
    source = tmp_path / "asiakkaat.csv"
    source.write_bytes(csv_bytes([customer("1", phone="12")]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(source), register="customers", stdout=out, stderr=io.StringIO())
    assert "puhelinnumero" in out.getvalue()
