"""``rekisteri purge``: dry run by default, --execute, --today, --json, --log-dry-run."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rekisteri.registers.webshop.models import Order
from rekisteri.retention.models import PurgeCount, PurgeRun

from .records import order_on

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("purge", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_default_is_a_dry_run_that_reports_and_changes_nothing():
    order = order_on(dt.date(2024, 1, 31))

    text = _run("--today", "2025-02-28")

    assert "dry run" in text
    assert "order_ip_address" in text
    assert "Nothing was changed" in text
    order.refresh_from_db()
    assert order.ip_address == "203.0.113.7"
    assert not PurgeRun.objects.exists()


def test_execute_applies_and_logs_the_run():
    order = order_on(dt.date(2024, 1, 31))

    text = _run("--today", "2025-02-28", "--execute")

    order.refresh_from_db()
    assert order.ip_address is None
    run = PurgeRun.objects.get()
    assert (run.executed, run.as_of, run.actor_label) == (True, dt.date(2025, 2, 28), "system")
    assert f"run {run.pk}" in text


def test_json_lists_every_group_and_what_was_done():
    order_on(dt.date(2024, 1, 31))

    data = json.loads(_run("--today", "2025-02-28", "--execute", "--json"))

    assert data["today"] == "2025-02-28"
    assert data["executed"] is True
    assert data["financial_year_start"] == "01-01"
    ip = next(d for d in data["due"] if d["rule"] == "order_ip_address")
    assert ip == {
        "rule": "order_ip_address",
        "model": "webshop.Order",
        "fields": ["ip_address"],
        "action": "clear",
        "whole_record": False,
        "cutoff": "2024-01-31",
        "count": 1,
        "kept_restricted": 0,
    }
    assert {"rule": "order_ip_address", "model": "webshop.Order", "field": "ip_address",
            "action": "clear", "count": 1} in data["done"]  # fmt: skip


def test_a_dry_run_can_be_logged_without_changing_data():
    order_on(dt.date(2020, 1, 31))

    _run("--today", "2025-02-28", "--log-dry-run")

    run = PurgeRun.objects.get()
    assert not run.executed
    assert PurgeCount.objects.filter(run=run, rule="purchase_history").exists()
    assert Order.objects.count() == 1


def test_a_malformed_day_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("--today", "28.2.2025")


def test_logging_a_dry_run_with_execute_is_refused():
    with pytest.raises(CommandError):
        _run("--execute", "--log-dry-run")


def test_nothing_due_says_so():
    assert "Nothing is due." in _run("--today", "2025-02-28")
