"""The due-date rules of GDPR Art. 12(3), without the database or the clock."""

from __future__ import annotations

import datetime as dt

import pytest

from rekisteri.dsr import policies
from rekisteri.dsr.policies import DueStatus, State

D = dt.date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2025, 3, 15), D(2025, 4, 15)),
        (D(2025, 1, 31), D(2025, 2, 28)),
        (D(2024, 1, 31), D(2024, 2, 29)),
        (D(2024, 1, 30), D(2024, 2, 29)),
        (D(2024, 1, 29), D(2024, 2, 29)),
        (D(2025, 1, 29), D(2025, 2, 28)),
        (D(2025, 3, 31), D(2025, 4, 30)),
        (D(2025, 12, 31), D(2026, 1, 31)),
        (D(2025, 12, 15), D(2026, 1, 15)),
        (D(2024, 2, 29), D(2024, 3, 29)),
        (D(2025, 2, 28), D(2025, 3, 28)),
    ],
)
def test_an_answer_is_due_one_calendar_month_after_receipt(received, due):
    assert policies.due_on(received) == due


def test_a_two_month_extension_counts_three_months_from_receipt():
    assert policies.extended_due_on(D(2025, 1, 31), 2) == D(2025, 4, 30)
    assert policies.extended_due_on(D(2025, 1, 31), 1) == D(2025, 3, 31)
    assert policies.extended_due_on(D(2023, 11, 30), 2) == D(2024, 2, 29)
    assert policies.extended_due_on(D(2025, 11, 30), 2) == D(2026, 2, 28)


@pytest.mark.parametrize("months", [0, 3, -1])
def test_an_extension_is_one_or_two_months_only(months):
    with pytest.raises(ValueError, match="1 or 2"):
        policies.extended_due_on(D(2025, 1, 1), months)


def test_an_extension_may_be_decided_up_to_and_including_the_first_due_date():
    received = D(2025, 1, 31)
    assert policies.extension_allowed(received, D(2025, 1, 31))
    assert policies.extension_allowed(received, D(2025, 2, 15))
    assert policies.extension_allowed(received, D(2025, 2, 28))


def test_an_extension_decided_after_the_first_month_is_too_late():
    assert not policies.extension_allowed(D(2025, 1, 31), D(2025, 3, 1))
    assert not policies.extension_allowed(D(2024, 1, 31), D(2024, 3, 1))
    assert policies.extension_allowed(D(2024, 1, 31), D(2024, 2, 29))


def test_an_extension_cannot_be_dated_before_the_request_arrived():
    assert not policies.extension_allowed(D(2025, 5, 10), D(2025, 5, 9))


def test_a_request_is_overdue_from_the_day_after_its_due_date():
    due = D(2025, 2, 28)
    assert not policies.is_overdue(due, D(2025, 2, 28))
    assert policies.is_overdue(due, D(2025, 3, 1))
    assert policies.days_left(due, D(2025, 3, 3)) == -3


def test_due_soon_means_seven_days_or_fewer_and_not_overdue():
    due = D(2025, 4, 15)
    assert not policies.is_due_soon(due, D(2025, 4, 7))
    assert policies.is_due_soon(due, D(2025, 4, 8))
    assert policies.is_due_soon(due, D(2025, 4, 15))
    assert not policies.is_due_soon(due, D(2025, 4, 16))


def test_reminders_fall_on_day_20_and_day_28_after_receipt():
    received = D(2025, 1, 31)
    assert policies.reminder_dates(received) == (D(2025, 2, 20), D(2025, 2, 28))
    assert policies.reminder_stage(received, D(2025, 2, 19)) == 0
    assert policies.reminder_stage(received, D(2025, 2, 20)) == 1
    assert policies.reminder_stage(received, D(2025, 2, 28)) == 2


@pytest.mark.parametrize(
    ("today", "extended", "status"),
    [
        (D(2025, 3, 5), False, DueStatus.ON_TRACK),
        (D(2025, 3, 21), False, DueStatus.REMINDER),
        (D(2025, 3, 21), True, DueStatus.ON_TRACK),
        (D(2025, 4, 8), False, DueStatus.DUE_SOON),
        (D(2025, 4, 15), False, DueStatus.DUE_SOON),
        (D(2025, 4, 16), False, DueStatus.OVERDUE),
    ],
)
def test_the_due_badge_says_the_most_urgent_thing(today, extended, status):
    received = D(2025, 3, 1)
    due = D(2025, 4, 15)
    result = policies.due_status(
        received_on=received, due=due, today=today, is_open=True, extended=extended
    )
    assert result is status


def test_a_closed_request_is_never_overdue():
    status = policies.due_status(
        received_on=D(2025, 1, 1),
        due=D(2025, 2, 1),
        today=D(2026, 1, 1),
        is_open=False,
        extended=False,
    )
    assert status is DueStatus.CLOSED


def test_an_answer_on_the_due_date_is_in_time():
    assert policies.answered_in_time(D(2025, 2, 28), D(2025, 2, 28))
    assert not policies.answered_in_time(D(2025, 2, 28), D(2025, 3, 1))


def test_closed_states_are_final():
    for state in policies.CLOSED_STATES:
        assert policies.TRANSITIONS[state] == frozenset()


def test_an_extended_request_cannot_go_back_to_identity_checking():
    assert not policies.can_move(State.EXTENDED, State.VERIFYING_IDENTITY)
    assert policies.can_move(State.IN_PROGRESS, State.EXTENDED)
    assert policies.can_move(State.RECEIVED, State.REFUSED)
