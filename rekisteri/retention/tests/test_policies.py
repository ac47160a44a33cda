"""Pure rules of retention: cut-offs, overrides and the governing rule (no database, no clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest
from django.utils import translation

from rekisteri.privacy.retention import RULES, get_rule, retention_ends_on
from rekisteri.retention.policies import (
    GroupKey,
    OverrideRefused,
    check_override,
    describe_period,
    effective_rule,
    effective_rules,
    lasts_longer,
    latest_due_event_on,
    period_is_shorter,
    record_group,
)

D = dt.date


@dataclass(frozen=True)
class Override:
    rule: str
    months: int
    days: int
    active: bool = True


def _days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


# --- The cut-off agrees with retention_ends_on on every day -------------------------------


def _assert_exact(rule, first, last, fy_start):
    for today in _days(first, last):
        cutoff = latest_due_event_on(rule, today, fy_start)
        assert cutoff is not None
        assert retention_ends_on(rule, cutoff, fy_start) <= today, (rule.code, today)
        after = cutoff + dt.timedelta(days=1)
        assert retention_ends_on(rule, after, fy_start) > today, (rule.code, today)


@pytest.mark.parametrize(
    "code",
    ["order_ip_address", "device_credentials", "customer_master", "job_applications"],
)
def test_the_cutoff_is_exact_on_every_day_of_four_years_for_event_rules(code):
    _assert_exact(get_rule(code), D(2023, 1, 1), D(2026, 12, 31), "01-01")


@pytest.mark.parametrize("fy_start", ["01-01", "07-01", "05-01", "10-15"])
@pytest.mark.parametrize("code", ["accounting_vouchers", "accounting_books"])
def test_the_cutoff_is_exact_on_every_day_of_three_years_for_year_end_rules(code, fy_start):
    _assert_exact(get_rule(code), D(2024, 1, 1), D(2026, 12, 31), fy_start)


def test_every_default_rule_with_a_period_has_an_exact_cutoff_around_new_year():
    for rule in RULES.values():
        if rule.open_ended:
            continue
        _assert_exact(rule, D(2024, 12, 20), D(2025, 1, 10), "01-01")


def test_a_rule_with_no_period_is_never_due():
    assert latest_due_event_on(get_rule("suppression_list"), D(2030, 1, 1)) is None


def test_a_zero_period_makes_todays_events_due():
    rule = replace(get_rule("device_credentials"), days=0)
    assert latest_due_event_on(rule, D(2025, 3, 1)) == D(2025, 3, 1)


# --- Month ends and leap days ------------------------------------------------------------


def test_an_ip_address_from_31_january_goes_on_the_last_day_of_february_a_year_later():
    rule = get_rule("order_ip_address")  # 13 months
    assert latest_due_event_on(rule, D(2025, 2, 27)) == D(2024, 1, 27)
    # 28, 29, 30 and 31 January 2024 all end on 28 February 2025.
    assert latest_due_event_on(rule, D(2025, 2, 28)) == D(2024, 1, 31)


def test_an_ip_address_from_a_leap_day_goes_on_29_march():
    rule = get_rule("order_ip_address")
    assert retention_ends_on(rule, D(2024, 2, 29)) == D(2025, 3, 29)
    assert latest_due_event_on(rule, D(2025, 3, 28)) == D(2024, 2, 28)
    assert latest_due_event_on(rule, D(2025, 3, 29)) == D(2024, 2, 29)


def test_customer_data_from_a_leap_day_goes_on_28_february_three_years_later():
    rule = get_rule("customer_master")
    assert latest_due_event_on(rule, D(2023, 2, 27)) == D(2020, 2, 27)
    assert latest_due_event_on(rule, D(2023, 2, 28)) == D(2020, 2, 29)


# --- Vouchers and the financial year ----------------------------------------------------------


def test_calendar_year_vouchers_go_on_1_january_six_years_after_the_year():
    rule = get_rule("accounting_vouchers")
    assert latest_due_event_on(rule, D(2025, 12, 31)) == D(2018, 12, 31)
    assert latest_due_event_on(rule, D(2026, 1, 1)) == D(2019, 12, 31)


def test_broken_financial_year_vouchers_follow_the_calendar_year_in_which_the_year_ended():
    rule = get_rule("accounting_vouchers")
    # 1.7.2019–30.6.2020 ends in 2020: kept six years from 31.12.2020.
    assert retention_ends_on(rule, D(2019, 7, 1), "07-01") == D(2027, 1, 1)
    # 1.7.2018–30.6.2019 ends in 2019: gone on 1.1.2026.
    assert latest_due_event_on(rule, D(2026, 1, 1), "07-01") == D(2019, 6, 30)
    assert latest_due_event_on(rule, D(2026, 12, 31), "07-01") == D(2019, 6, 30)
    assert latest_due_event_on(rule, D(2027, 1, 1), "07-01") == D(2020, 6, 30)


def test_books_go_ten_years_after_the_end_of_the_financial_year():
    rule = get_rule("accounting_books")
    assert latest_due_event_on(rule, D(2030, 6, 30), "07-01") == D(2019, 6, 30)
    assert latest_due_event_on(rule, D(2030, 7, 1), "07-01") == D(2020, 6, 30)


# --- Effective rules ----------------------------------------------------------------------


def test_an_active_override_replaces_the_period_and_nothing_else():
    rule = effective_rule("order_ip_address", [Override("order_ip_address", 6, 0)])
    default = get_rule("order_ip_address")
    assert (rule.months, rule.days) == (6, 0)
    assert (rule.trigger, rule.statute, rule.basis) == (
        default.trigger,
        default.statute,
        default.basis,
    )


def test_an_ended_override_or_another_rules_override_changes_nothing():
    overrides = [Override("order_ip_address", 6, 0, active=False), Override("cookie_consent", 1, 0)]
    assert effective_rule("order_ip_address", overrides) == get_rule("order_ip_address")


def test_effective_rules_cover_every_rule():
    rules = effective_rules([Override("customer_master", 24, 0)])
    assert set(rules) == set(RULES)
    assert rules["customer_master"].months == 24
    assert rules["order_ip_address"] == get_rule("order_ip_address")


# --- What may be changed --------------------------------------------------------------------


def test_vouchers_may_not_be_kept_less_than_six_years_and_the_error_names_the_statute():
    with pytest.raises(OverrideRefused, match="Kirjanpitolaki 1336/1997 2 luku 10 §"):
        check_override(get_rule("accounting_vouchers"), 71, 0)


def test_a_day_short_of_the_statutory_period_is_refused_even_in_days():
    with pytest.raises(OverrideRefused):
        check_override(get_rule("accounting_vouchers"), 71, 30)


def test_held_rules_may_be_extended():
    check_override(get_rule("accounting_vouchers"), 84, 0)
    check_override(get_rule("job_applications"), 24, 1)


def test_rules_without_a_legal_hold_may_be_tightened():
    check_override(get_rule("order_ip_address"), 6, 0)
    check_override(get_rule("device_credentials"), 0, 0)


def test_a_rule_with_no_period_cannot_be_given_one():
    with pytest.raises(OverrideRefused, match="no fixed period"):
        check_override(get_rule("suppression_list"), 12, 0)


@pytest.mark.parametrize(("months", "days"), [(-1, 0), (0, -1), (1201, 0), (0, 3661)])
def test_negative_or_absurd_periods_are_refused(months, days):
    with pytest.raises(OverrideRefused):
        check_override(get_rule("order_ip_address"), months, days)


def test_periods_are_compared_on_every_start_day():
    assert period_is_shorter(71, 30, 72, 0)  # shorter after a 30-day month
    assert not period_is_shorter(72, 0, 72, 0)
    assert not period_is_shorter(72, 1, 72, 0)
    assert period_is_shorter(0, 365, 12, 0)  # a leap year has 366 days
    assert not period_is_shorter(0, 366, 12, 0)


def test_periods_read_as_years_months_and_days():
    assert describe_period(72, 0) == "6 years"
    assert describe_period(13, 0) == "13 months"
    assert describe_period(0, 7) == "7 days"
    assert describe_period(0, 0) == "0 days"
    assert describe_period(12, 3) == "1 year 3 days"


# --- Which group governs the record ---------------------------------------------------------


def test_the_longest_kept_group_governs_the_record_not_the_most_fields():
    # The employee record: five work-certificate fields (10 y), six payroll fields (6 y).
    certificate = GroupKey("employment_certificate", ("ended_on",))
    payroll = GroupKey("payroll_tax", ("ended_on",))
    personnel = GroupKey("personnel_file", ("ended_on",))
    groups = {certificate: 5, payroll: 6, personnel: 5}
    assert record_group(groups, RULES) == certificate


def test_the_order_is_governed_by_the_purchase_history_not_the_ip_address():
    order = GroupKey("purchase_history", ("ordered_at",))
    ip = GroupKey("order_ip_address", ("ordered_at",))
    assert record_group({ip: 1, order: 20}, RULES) == order


def test_a_declared_model_rule_breaks_a_tie_but_cannot_shorten_the_record():
    order = GroupKey("purchase_history", ("ordered_at",))
    ip = GroupKey("order_ip_address", ("ordered_at",))
    assert record_group({ip: 1, order: 20}, RULES, declared="order_ip_address") == order
    later = GroupKey("purchase_history", ("delivered_at",))
    assert record_group({order: 20, later: 1}, RULES) == order
    assert record_group({order: 20, later: 1}, RULES, declared="purchase_history") == order
    service = GroupKey("service_records", ("closed_at",))  # also 36 months
    assert record_group({order: 20, service: 1}, RULES, declared="service_records") == service


def test_no_group_governs_a_record_without_a_clock():
    assert record_group({}, RULES) is None


def test_a_rule_with_no_period_outlasts_every_other():
    assert lasts_longer(get_rule("suppression_list"), get_rule("accounting_books"))
    assert not lasts_longer(get_rule("accounting_books"), get_rule("suppression_list"))


def test_the_refusal_reads_in_finnish_and_still_names_the_statute():
    with translation.override("fi"), pytest.raises(OverrideRefused) as caught:
        check_override(get_rule("accounting_vouchers"), 12, 0)
    message = str(caught.value)
    assert "vähintään 6 vuotta" in message
    assert "Kirjanpitolaki 1336/1997 2 luku 10 §" in message
