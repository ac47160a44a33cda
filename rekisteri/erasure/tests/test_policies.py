"""The pure rules of erasure: no database, no clock."""

from __future__ import annotations

import datetime as dt

from rekisteri.erasure.policies import (
    Action,
    Ground,
    decide_field,
    hold_is_due,
    later_end,
    needs_person_identity,
    record_action,
)
from rekisteri.privacy.retention import RULES, retention_ends_on
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, Purpose

TODAY = dt.date(2026, 3, 15)


def decide(rule: str, erasure: Erasure, event_on: dt.date | None, basis=Basis.CONTRACT):
    return decide_field(
        erasure=erasure, rule=RULES[rule], basis=basis, event_on=event_on, today=TODAY
    )


def test_customer_contact_data_is_deleted_at_once():
    decision = decide("customer_master", Erasure.DELETE, dt.date(2025, 6, 1))
    assert decision.action is Action.DELETE
    assert decision.ground is None


def test_customer_row_declared_anonymise_is_anonymised():
    assert decide("customer_master", Erasure.ANONYMISE, None).action is Action.ANONYMISE


def test_an_issued_voucher_is_held_under_the_accounting_act_until_its_six_years_end():
    decision = decide(
        "accounting_vouchers", Erasure.HOLD, dt.date(2024, 5, 2), Basis.LEGAL_OBLIGATION
    )
    assert decision.action is Action.HOLD
    assert decision.ground is Ground.LEGAL_OBLIGATION
    assert decision.statute == "Kirjanpitolaki 1336/1997 2 luku 10 §"
    # Six years from the end of the calendar year in which the financial year ended.
    assert decision.hold_until == dt.date(2031, 1, 1)


def test_the_hold_ends_on_the_day_the_retention_rule_ends():
    event = dt.date(2025, 1, 31)
    decision = decide("job_applications", Erasure.HOLD, event)
    assert decision.hold_until == retention_ends_on(RULES["job_applications"], event)


def test_an_application_is_held_for_legal_claims_for_two_years_after_the_decision():
    decision = decide("job_applications", Erasure.HOLD, dt.date(2025, 1, 31))
    assert decision.ground is Ground.LEGAL_CLAIMS
    assert decision.hold_until == dt.date(2027, 1, 31)


def test_a_held_field_whose_period_has_ended_is_deleted():
    decision = decide("job_applications", Erasure.HOLD, dt.date(2023, 1, 1))
    assert decision.action is Action.DELETE


def test_an_open_job_is_kept_while_still_needed_with_no_end_date():
    decision = decide("service_records", Erasure.DELETE, None)
    assert decision.action is Action.HOLD
    assert decision.ground is Ground.STILL_NEEDED
    assert decision.hold_until is None
    assert decision.statute == ""


def test_a_closed_job_may_be_erased_early_because_the_invoice_is_kept_instead():
    assert decide("service_records", Erasure.DELETE, dt.date(2026, 3, 1)).action is Action.DELETE


def test_a_rule_with_no_early_erasure_holds_even_a_field_declared_delete():
    decision = decide("personnel_file", Erasure.DELETE, dt.date(2025, 12, 31))
    assert decision.action is Action.HOLD
    assert decision.ground is Ground.LEGAL_CLAIMS
    assert decision.hold_until == dt.date(2027, 12, 31)


def test_an_open_ended_rule_holds_with_no_end_date():
    decision = decide("suppression_list", Erasure.HOLD, dt.date(2025, 1, 1), Basis.LEGAL_OBLIGATION)
    assert decision.action is Action.HOLD
    assert decision.hold_until is None
    assert decision.ground is Ground.LEGAL_OBLIGATION


def test_a_hold_on_the_last_day_before_its_end_still_holds():
    event = dt.date(2024, 3, 15)
    end = retention_ends_on(RULES["job_applications"], event)
    before = decide_field(
        erasure=Erasure.HOLD,
        rule=RULES["job_applications"],
        basis=Basis.CONTRACT,
        event_on=event,
        today=end - dt.timedelta(days=1),
    )
    on_the_day = decide_field(
        erasure=Erasure.HOLD,
        rule=RULES["job_applications"],
        basis=Basis.CONTRACT,
        event_on=event,
        today=end,
    )
    assert before.action is Action.HOLD
    assert on_the_day.action is Action.DELETE


def test_a_financial_year_that_is_not_the_calendar_year_moves_the_voucher_hold():
    decision = decide_field(
        erasure=Erasure.HOLD,
        rule=RULES["accounting_vouchers"],
        basis=Basis.LEGAL_OBLIGATION,
        event_on=dt.date(2024, 8, 1),
        today=TODAY,
        fy_start="07-01",
    )
    # The financial year 1.7.2024–30.6.2025 ends in 2025: six years from 1.1.2026.
    assert decision.hold_until == dt.date(2032, 1, 1)


def test_a_record_with_a_held_field_is_kept():
    held = decide("accounting_vouchers", Erasure.HOLD, dt.date(2025, 1, 1), Basis.LEGAL_OBLIGATION)
    gone = decide("customer_master", Erasure.DELETE, None)
    assert record_action([held, gone], [Erasure.HOLD, Erasure.DELETE]) is Action.HOLD


def test_a_record_without_holds_follows_what_most_fields_declare():
    gone = decide("customer_master", Erasure.DELETE, None)
    assert record_action([gone, gone], [Erasure.ANONYMISE, Erasure.ANONYMISE]) is Action.ANONYMISE
    assert record_action([gone, gone], [Erasure.DELETE, Erasure.DELETE]) is Action.DELETE
    assert record_action([gone, gone], [Erasure.DELETE, Erasure.ANONYMISE]) is Action.ANONYMISE


def test_no_end_date_outlasts_every_date():
    assert later_end(None, dt.date(2030, 1, 1)) is None
    assert later_end(dt.date(2030, 1, 1), dt.date(2031, 1, 1)) == dt.date(2031, 1, 1)


def test_a_held_record_with_no_name_of_its_own_needs_the_persons_name():
    assert needs_person_identity([Category.EMPLOYMENT], [Purpose.EMPLOYMENT])
    assert not needs_person_identity([Category.IDENTITY, Category.ADDRESS], [Purpose.ACCOUNTING])
    assert not needs_person_identity([Category.DISCLOSURE], [Purpose.ACCOUNTABILITY])


def test_a_hold_is_due_on_its_end_date_and_never_without_one():
    assert hold_is_due(dt.date(2026, 3, 15), TODAY)
    assert not hold_is_due(dt.date(2026, 3, 16), TODAY)
    assert not hold_is_due(None, TODAY)
