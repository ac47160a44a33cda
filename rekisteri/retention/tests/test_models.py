"""Small facts about the retention models."""

from __future__ import annotations

import datetime as dt

from rekisteri.retention.models import PurgeCount, PurgeRun, RuleOverride


def test_an_unsaved_run_count_and_override_print_without_failing():
    # The data-map page renders a model by instantiating it empty.
    assert str(PurgeRun()) == "- None"
    assert str(PurgeCount(rule="order_ip_address", model_label="webshop.Order", count=3))
    assert str(RuleOverride(rule="cookie_consent", months=12))


def test_a_run_prints_its_start_and_day():
    run = PurgeRun(
        started_at=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC), as_of=dt.date(2026, 1, 2)
    )
    assert str(run) == "2026-01-02 03:04 2026-01-02"


def test_an_override_reads_its_period():
    assert RuleOverride(rule="cookie_consent", months=12, days=0).period == "1 year"
