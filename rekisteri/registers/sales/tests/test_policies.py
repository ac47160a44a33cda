"""Pure rules of the accounting register: no database, no clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from rekisteri.privacy.retention import get_rule, retention_ends_on
from rekisteri.registers.sales.policies import (
    LineAmounts,
    financial_year_of,
    last_disposable_financial_year,
    line_net,
    round_cents,
    vat_breakdown,
    vat_of,
    voucher_number,
    voucher_retention_ends_on,
    voucher_totals,
)


def test_cents_round_half_up_and_symmetrically():
    assert round_cents(D("0.005")) == D("0.01")
    assert round_cents(D("0.004999")) == D("0.00")
    assert round_cents(D("-0.005")) == D("-0.01")
    assert round_cents(D("2.675")) == D("2.68")


def test_line_net_is_quantity_times_unit_price_in_cents():
    assert line_net(D("3"), D("19.99")) == D("59.97")
    assert line_net(D("0.5"), D("69.05")) == D("34.53")


def test_vat_at_the_general_rate():
    assert vat_of(D("100.00"), D("25.5")) == D("25.50")
    assert vat_of(D("19.99"), D("25.5")) == D("5.10")
    assert vat_of(D("10.00"), D("24.0")) == D("2.40")


def test_an_unknown_rate_is_refused():
    with pytest.raises(ValueError, match="VAT rate"):
        vat_of(D("1.00"), D("23"))


def test_totals_compute_vat_once_per_rate_and_add_up_exactly():
    lines = [
        LineAmounts(D("1"), D("0.33"), D("25.5")),
        LineAmounts(D("1"), D("0.33"), D("25.5")),
        LineAmounts(D("2"), D("10.00"), D("14.0")),
        LineAmounts(D("1"), D("5.00"), D("0.0")),
    ]
    totals = voucher_totals(lines)
    assert [(r.rate, r.net, r.vat) for r in totals.breakdown] == [
        (D("25.5"), D("0.66"), D("0.17")),
        (D("14.0"), D("20.00"), D("2.80")),
        (D("0.0"), D("5.00"), D("0.00")),
    ]
    assert (totals.net, totals.vat, totals.gross) == (D("25.66"), D("2.97"), D("28.63"))
    assert totals.gross == totals.net + totals.vat


def test_a_credit_note_is_the_exact_negative_of_its_original():
    original = [
        LineAmounts(D("3"), D("16.65"), D("25.5")),
        LineAmounts(D("1"), D("0.05"), D("10.0")),
    ]
    credit = [LineAmounts(-x.quantity, x.unit_price, x.vat_rate) for x in original]
    a, b = voucher_totals(original), voucher_totals(credit)
    assert (b.net, b.vat, b.gross) == (-a.net, -a.vat, -a.gross)


def test_an_empty_voucher_totals_zero():
    totals = voucher_totals([])
    assert (totals.net, totals.vat, totals.gross, totals.breakdown) == (D("0"), D("0"), D("0"), ())
    assert vat_breakdown([]) == ()


def test_the_financial_year_is_named_by_the_year_it_ends_in():
    assert financial_year_of(dt.date(2026, 12, 31)) == 2026
    assert financial_year_of(dt.date(2026, 4, 30), "05-01") == 2026
    assert financial_year_of(dt.date(2026, 5, 1), "05-01") == 2027


def test_voucher_numbers_run_per_year():
    assert voucher_number(2026, 123) == "2026-000123"
    with pytest.raises(ValueError, match="start at 1"):
        voucher_number(2026, 0)


def test_vouchers_are_kept_six_years_from_the_end_of_the_calendar_year_of_the_year_end():
    assert voucher_retention_ends_on(2019) == dt.date(2026, 1, 1)
    # Same answer as the generic retention rule for a voucher dated in that year,
    # including a financial year that ends in April (legal.md §2.1 example).
    rule = get_rule("accounting_vouchers")
    assert voucher_retention_ends_on(2017) == retention_ends_on(rule, dt.date(2016, 9, 1), "05-01")
    assert voucher_retention_ends_on(2017) == dt.date(2024, 1, 1)


def test_the_newest_disposable_year_moves_on_each_new_year():
    assert last_disposable_financial_year(dt.date(2025, 12, 31)) == 2018
    assert last_disposable_financial_year(dt.date(2026, 1, 1)) == 2019
