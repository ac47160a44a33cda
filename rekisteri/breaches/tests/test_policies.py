"""The pure rules of the breach register: the 72-hour clock and a record's consistency.

No database and no clock: every test passes its own ``now``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from rekisteri.breaches.display import format_duration
from rekisteri.breaches.drafts import format_time, suggested_advice
from rekisteri.breaches.policies import (
    DeadlineState,
    Problem,
    authority_deadline,
    breach_findings,
    closing_findings,
    deadline_status,
    notification_is_late,
)

from .factories import NOW, unsaved

HELSINKI = ZoneInfo("Europe/Helsinki")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=HELSINKI)


def problems(breach, now=NOW):
    return {(f.field, f.problem) for f in breach_findings(breach, now)}


# --- authority_deadline ----------------------------------------------------------------


def test_the_deadline_is_72_hours_after_becoming_aware():
    assert authority_deadline(at(2025, 6, 2, 9, 30)) == at(2025, 6, 5, 9, 30)


def test_the_deadline_runs_through_a_weekend():
    friday_evening = at(2025, 6, 6, 17, 0)
    assert authority_deadline(friday_evening) == at(2025, 6, 9, 17, 0)


def test_the_deadline_counts_real_hours_across_the_spring_clock_change():
    # Clocks go forward on 30 March 2025 at 03:00: 72 real hours end at 13:00 local.
    deadline = authority_deadline(at(2025, 3, 28, 12, 0))
    assert deadline == at(2025, 3, 31, 13, 0)
    assert deadline.astimezone(dt.UTC) - at(2025, 3, 28, 12, 0).astimezone(dt.UTC) == (
        dt.timedelta(hours=72)
    )


def test_the_deadline_counts_real_hours_across_the_autumn_clock_change():
    # Clocks go back on 26 October 2025 at 04:00: 72 real hours end at 11:00 local.
    assert authority_deadline(at(2025, 10, 24, 12, 0)) == at(2025, 10, 27, 11, 0)


def test_the_deadline_keeps_the_time_zone_it_was_given():
    aware = dt.datetime(2025, 6, 2, 6, 30, tzinfo=dt.UTC)
    assert authority_deadline(aware).tzinfo is dt.UTC


def test_a_naive_awareness_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        authority_deadline(dt.datetime(2025, 6, 2, 9, 30))


# --- deadline_status -----------------------------------------------------------------


def test_the_clock_runs_with_the_time_left():
    status = deadline_status(at(2025, 6, 2, 9, 0), at(2025, 6, 3, 10, 0))
    assert status.state is DeadlineState.RUNNING
    assert status.remaining == dt.timedelta(hours=47)
    assert not status.is_overdue
    assert not status.is_late


def test_at_the_deadline_exactly_the_clock_has_not_run_out():
    status = deadline_status(at(2025, 6, 2, 9, 0), at(2025, 6, 5, 9, 0))
    assert status.state is DeadlineState.RUNNING
    assert status.remaining == dt.timedelta(0)


def test_one_second_after_the_deadline_the_breach_is_overdue():
    status = deadline_status(at(2025, 6, 2, 9, 0), at(2025, 6, 5, 9, 0, 1))
    assert status.is_overdue
    assert status.is_late
    assert status.overdue_by == dt.timedelta(seconds=1)


def test_a_notification_at_the_deadline_is_in_time():
    status = deadline_status(at(2025, 6, 2, 9, 0), at(2025, 6, 9), at(2025, 6, 5, 9, 0))
    assert status.state is DeadlineState.NOTIFIED_IN_TIME
    assert status.is_notified
    assert not status.is_late


def test_a_notification_after_the_deadline_is_late_however_late_it_is_now():
    status = deadline_status(at(2025, 6, 2, 9, 0), at(2025, 7, 1), at(2025, 6, 5, 15, 0))
    assert status.state is DeadlineState.NOTIFIED_LATE
    assert status.is_late
    assert not status.is_overdue
    assert status.overdue_by == dt.timedelta(hours=6)


def test_the_time_left_is_counted_in_real_hours_across_a_clock_change():
    # Both times in Helsinki time: Python would subtract their wall clocks (73 h).
    status = deadline_status(at(2025, 3, 28, 12, 0), at(2025, 3, 28, 12, 0))
    assert status.remaining == dt.timedelta(hours=72)


def test_notification_is_late_only_after_72_hours():
    aware = at(2025, 6, 2, 9, 0)
    assert not notification_is_late(aware, at(2025, 6, 5, 9, 0))
    assert notification_is_late(aware, at(2025, 6, 5, 9, 1))


# --- breach_findings -----------------------------------------------------------------


def test_a_fresh_breach_has_no_problems():
    assert problems(unsaved()) == set()


def test_a_late_notification_needs_the_reasons_for_the_delay():
    breach = unsaved(
        aware_at=NOW - dt.timedelta(hours=80),
        detected_at=NOW - dt.timedelta(hours=81),
        authority_decision="notify",
        authority_notified_at=NOW - dt.timedelta(hours=1),
    )
    assert ("authority_delay_reason", Problem.LATE_WITHOUT_REASON) in problems(breach)
    breach.authority_delay_reason = "The scope was clear only after the forensic report."
    assert problems(breach) == set()


def test_a_notification_within_72_hours_needs_no_reasons():
    breach = unsaved(authority_decision="notify", authority_notified_at=NOW)
    assert problems(breach) == set()


def test_a_notification_must_follow_the_decision_to_notify():
    breach = unsaved(authority_notified_at=NOW)
    assert ("authority_decision", Problem.NOTIFIED_WITHOUT_DECISION) in problems(breach)


def test_not_notifying_needs_an_assessment_of_no_risk_and_its_reasons():
    breach = unsaved(authority_decision="not_required", risk_level="risk", risk_reasons="x")
    found = problems(breach)
    assert ("authority_decision", Problem.NOT_NOTIFYING_DESPITE_RISK) in found
    assert ("authority_decision_reasons", Problem.NOT_NOTIFYING_WITHOUT_REASONS) in found
    breach.risk_level = "none"
    breach.authority_decision_reasons = "The laptop's disk was encrypted."
    assert problems(breach) == set()


def test_an_assessed_risk_needs_its_reasons():
    breach = unsaved(risk_level="high")
    assert problems(breach) == {("risk_reasons", Problem.RISK_WITHOUT_REASONS)}


def test_at_high_risk_the_people_must_be_told_unless_an_exception_is_chosen():
    breach = unsaved(risk_level="high", risk_reasons="passwords", people_decision="not_required")
    assert ("people_decision", Problem.NOT_TELLING_DESPITE_HIGH_RISK) in problems(breach)
    breach.people_decision = "exempt"
    assert ("people_exception", Problem.EXEMPT_WITHOUT_EXCEPTION) in problems(breach)
    breach.people_exception = "unintelligible"
    assert problems(breach) == set()


def test_an_exception_is_recorded_only_with_the_decision_not_to_tell():
    breach = unsaved(people_decision="notify", people_exception="risk_removed")
    assert ("people_exception", Problem.EXCEPTION_WITHOUT_EXEMPTION) in problems(breach)


def test_a_public_communication_counts_as_telling_the_people():
    breach = unsaved(
        people_decision="exempt", people_exception="disproportionate", people_notified_at=NOW
    )
    assert problems(breach) == set()
    breach.people_exception = "unintelligible"
    assert ("people_decision", Problem.TOLD_WITHOUT_DECISION) in problems(breach)


def test_the_people_need_not_be_told_only_after_the_risk_is_assessed():
    breach = unsaved(people_decision="not_required")
    assert ("people_decision", Problem.NOT_TELLING_UNASSESSED) in problems(breach)


def test_the_timeline_runs_from_occurrence_to_detection_to_awareness():
    breach = unsaved(
        occurred_at=NOW - dt.timedelta(hours=1),
        detected_at=NOW - dt.timedelta(hours=3),
        aware_at=NOW - dt.timedelta(hours=4),
    )
    found = problems(breach)
    assert ("occurred_at", Problem.OCCURRED_AFTER_DETECTED) in found
    assert ("aware_at", Problem.AWARE_BEFORE_DETECTED) in found


def test_no_time_may_lie_in_the_future():
    breach = unsaved(people_decision="notify", people_notified_at=NOW + dt.timedelta(minutes=5))
    assert problems(breach) == {("people_notified_at", Problem.IN_THE_FUTURE)}


def test_the_nature_of_the_breach_is_required():
    breach = unsaved(nature_confidentiality=False)
    assert problems(breach) == {("nature_confidentiality", Problem.NO_NATURE)}


def test_an_involved_processor_is_named():
    breach = unsaved(processor_involved=True)
    assert problems(breach) == {("processor_name", Problem.PROCESSOR_UNNAMED)}


def test_closing_needs_the_assessment_and_both_decisions_carried_out():
    breach = unsaved()
    assert {f.problem for f in closing_findings(breach)} == {
        Problem.CLOSE_UNASSESSED,
        Problem.CLOSE_AUTHORITY_UNDECIDED,
        Problem.CLOSE_PEOPLE_UNDECIDED,
    }
    breach.risk_level, breach.authority_decision, breach.people_decision = (
        "risk",
        "notify",
        "not_required",
    )
    assert {f.problem for f in closing_findings(breach)} == {Problem.CLOSE_AUTHORITY_NOT_NOTIFIED}
    breach.authority_notified_at = NOW
    assert closing_findings(breach) == []


# --- Presentation helpers (no database) ------------------------------------------------


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_durations_read_in_days_hours_and_minutes(english):
    assert format_duration(dt.timedelta(days=2, hours=5, minutes=9)) == "2 d 5 h"
    assert format_duration(dt.timedelta(hours=3, minutes=20)) == "3 h 20 min"
    assert format_duration(dt.timedelta(minutes=12, seconds=59)) == "12 min"
    assert format_duration(-dt.timedelta(hours=1)) == "1 h 0 min"


def test_draft_times_carry_their_utc_offset(settings):
    settings.TIME_ZONE = "Europe/Helsinki"
    assert format_time(at(2025, 3, 28, 12, 0)) == "28.03.2025 12:00 (UTC+02:00)"
    assert format_time(at(2025, 6, 2, 9, 5)) == "02.06.2025 09:05 (UTC+03:00)"


def test_durations_read_in_finnish_too():
    with translation.override("fi"):
        assert format_duration(dt.timedelta(days=1, hours=2)) == "1 vrk 2 h"


def test_advice_follows_the_categories_of_data(english):
    advice = suggested_advice(["online_account", "national_id"])
    assert any("password" in line for line in advice)
    assert any("credit ban" in line for line in advice)
    assert suggested_advice([]) == ["If you notice anything suspicious, contact us."]
