"""The credential purge deadline; no database."""

from __future__ import annotations

import datetime as dt

from rekisteri.registers.service.services import credential_purge_due_on


def test_credentials_of_a_running_job_have_no_purge_date():
    assert credential_purge_due_on(closed_on=None, handed_over_on=None) is None


def test_credentials_must_go_seven_days_after_the_job_closed_at_the_latest():
    assert credential_purge_due_on(closed_on=dt.date(2026, 2, 25)) == dt.date(2026, 3, 4)


def test_a_handover_before_closing_starts_the_seven_days():
    due = credential_purge_due_on(
        closed_on=dt.date(2026, 3, 10), handed_over_on=dt.date(2026, 3, 1)
    )
    assert due == dt.date(2026, 3, 8)


def test_a_device_handed_over_on_an_open_job_still_has_a_deadline():
    assert credential_purge_due_on(closed_on=None, handed_over_on=dt.date(2026, 12, 28)) == dt.date(
        2027, 1, 4
    )
