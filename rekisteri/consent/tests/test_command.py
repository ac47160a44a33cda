"""``rekisteri marketing_export``."""

from __future__ import annotations

import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rekisteri.audit.models import AuditEvent, EventType

from .factories import consenting_customer

pytestmark = pytest.mark.django_db


def test_the_command_writes_the_list_to_a_new_private_file(tmp_path):
    consenting_customer("komento@example.fi", first_name="Kalle")
    target = tmp_path / "lista.csv"
    err = StringIO()
    call_command("marketing_export", "--channel", "email", "--out", str(target), stderr=err)
    assert target.read_text(encoding="utf-8").splitlines() == [
        "email,first_name,language,basis",
        "komento@example.fi,Kalle,fi,consent",
    ]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "1 rows written" in err.getvalue()
    event = AuditEvent.objects.filter(type=EventType.MARKETING_EXPORTED).latest("id")
    assert event.actor_id is None
    assert "1 rows" in event.reason


def test_the_command_refuses_to_overwrite_a_file(tmp_path):
    target = tmp_path / "lista.csv"
    target.write_text("vanha", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("marketing_export", "--out", str(target))
    assert target.read_text(encoding="utf-8") == "vanha"


def test_the_command_writes_to_standard_output_and_decides_as_of_a_date():
    consenting_customer("stdout@example.fi")
    out = StringIO()
    call_command(
        "marketing_export", "--out", "-", "--today", "2026-11-26", stdout=out, stderr=StringIO()
    )
    assert "stdout@example.fi" in out.getvalue()


def test_the_command_refuses_an_unknown_channel():
    with pytest.raises(CommandError):
        call_command("marketing_export", "--channel", "post", "--out", "-")
