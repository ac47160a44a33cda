"""The export_notices command writes the documents to a directory."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rekisteri.notices.models import NoticeVersion

pytestmark = pytest.mark.django_db


def test_it_writes_the_chosen_notices_and_records_their_versions(tmp_path):
    out = StringIO()

    call_command(
        "export_notices",
        str(tmp_path),
        "--audience=customers",
        "--language=fi",
        "--format=html",
        "--notices-only",
        stdout=out,
    )

    page = tmp_path / "privacy-notice-customers-fi.html"
    assert page.exists()
    assert 'href="notice.css"' in page.read_text(encoding="utf-8")
    assert (tmp_path / "notice.css").exists()
    assert str(page) in out.getvalue()
    assert NoticeVersion.objects.filter(audience="customers", language="fi").count() == 1


def test_it_writes_the_record_and_the_schedule_as_csv(tmp_path):
    call_command(
        "export_notices",
        str(tmp_path),
        "--audience=staff",
        "--language=en",
        "--format=csv",
        stdout=StringIO(),
    )

    assert (tmp_path / "record-of-processing-en.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "retention-schedule-en.csv").exists()
    assert not (tmp_path / "privacy-notice-staff-en.csv").exists()


def test_an_unwritable_directory_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")

    with pytest.raises(CommandError, match="cannot create"):
        call_command("export_notices", str(blocker / "sub"), stdout=StringIO())
