"""Pure tests of the retention date functions: no database, no clock."""

from __future__ import annotations

import datetime as dt

import pytest

from rekisteri.privacy.retention import (
    RULES,
    add_months,
    financial_year_end,
    get_rule,
    is_due,
    parse_financial_year_start,
    retention_ends_on,
    retention_starts_on,
)

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 3, 31), 1, D(2025, 4, 30)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
        (D(2025, 5, 10), -5, D(2024, 12, 10)),
        (D(2025, 8, 31), 0, D(2025, 8, 31)),
    ],
)
def test_add_months_keeps_the_day_or_falls_back_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_calendar_financial_year_ends_on_31_december():
    assert financial_year_end(D(2025, 3, 4)) == D(2025, 12, 31)
    assert financial_year_end(D(2025, 12, 31)) == D(2025, 12, 31)


def test_broken_financial_year_ends_the_day_before_its_next_start():
    assert financial_year_end(D(2025, 3, 4), "05-01") == D(2025, 4, 30)
    assert financial_year_end(D(2025, 5, 1), "05-01") == D(2026, 4, 30)


@pytest.mark.parametrize("bad", ["02-29", "13-01", "1-1-1", "", "xx-yy"])
def test_financial_year_start_rejects_nonsense(bad):
    with pytest.raises(ValueError, match="MM-DD"):
        parse_financial_year_start(bad)


def test_voucher_is_kept_six_years_from_the_end_of_the_calendar_year_of_the_financial_year_end():
    """Kirjanpitolaki 2:10: a voucher dated 15.3.2025 (calendar FY) may go on 1.1.2032."""
    rule = get_rule("accounting_vouchers")
    assert retention_starts_on(rule, D(2025, 3, 15)) == D(2026, 1, 1)
    assert retention_ends_on(rule, D(2025, 3, 15)) == D(2032, 1, 1)
    assert not is_due(rule, D(2025, 3, 15), today=D(2031, 12, 31))
    assert is_due(rule, D(2025, 3, 15), today=D(2032, 1, 1))


def test_voucher_of_a_broken_financial_year_counts_from_the_year_the_financial_year_ended():
    """FY 1.5.2025–30.4.2026 ends in 2026, so its vouchers go on 1.1.2033."""
    rule = get_rule("accounting_vouchers")
    assert retention_ends_on(rule, D(2025, 6, 1), "05-01") == D(2033, 1, 1)


def test_books_are_kept_ten_years_from_the_end_of_the_financial_year():
    rule = get_rule("accounting_books")
    assert retention_ends_on(rule, D(2025, 6, 1), "05-01") == D(2036, 5, 1)


def test_unsuccessful_application_goes_two_years_after_the_decision():
    rule = get_rule("job_applications")
    assert retention_ends_on(rule, D(2025, 3, 1)) == D(2027, 3, 1)
    assert retention_ends_on(rule, D(2024, 2, 29)) == D(2026, 2, 28)


def test_device_credentials_go_seven_days_after_the_job_closes():
    rule = get_rule("device_credentials")
    assert retention_ends_on(rule, D(2026, 1, 28)) == D(2026, 2, 4)


def test_order_ip_address_goes_after_thirteen_months():
    rule = get_rule("order_ip_address")
    assert retention_ends_on(rule, D(2025, 1, 31)) == D(2026, 2, 28)


def test_every_rule_cites_a_statute_and_a_basis():
    for rule in RULES.values():
        assert rule.statute, rule.code
        assert rule.basis.startswith("GDPR Art."), rule.code
        assert rule.months or rule.days or rule.open_ended, rule.code


def test_an_unknown_rule_name_is_an_error():
    with pytest.raises(KeyError, match="unknown retention rule"):
        get_rule("forever")
