"""Pure rules of consent and marketing: no database, no clock."""

from __future__ import annotations

import datetime as dt

import pytest

from rekisteri.consent.models import ConsentPurpose, MarketingBasis, MarketingChannel
from rekisteri.consent.policies import (
    EXISTING_CUSTOMER_MONTHS,
    Verdict,
    channel_of_purpose,
    consent_text_digest,
    cookie_consent_expires_on,
    csv_safe,
    existing_customer_basis_ends_on,
    marketing_verdict,
    needs_new_cookie_consent,
    normalise_consent_text,
    purpose_of_channel,
)

TODAY = dt.date(2026, 11, 26)

# --- Cookie choices ---------------------------------------------------------------------


def test_a_cookie_choice_is_asked_again_twelve_months_later():
    assert cookie_consent_expires_on(dt.date(2025, 3, 10)) == dt.date(2026, 3, 10)


def test_a_cookie_choice_made_on_a_leap_day_is_asked_again_on_the_last_day_of_february():
    assert cookie_consent_expires_on(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_the_banner_asks_on_the_expiry_day_but_not_the_day_before():
    chosen = dt.date(2025, 3, 10)
    assert not needs_new_cookie_consent(chosen, dt.date(2026, 3, 9))
    assert needs_new_cookie_consent(chosen, dt.date(2026, 3, 10))


def test_the_banner_asks_when_no_choice_has_been_made():
    assert needs_new_cookie_consent(None, TODAY)


def test_the_banner_asks_again_when_its_version_has_changed():
    chosen = dt.date(2026, 11, 1)
    assert needs_new_cookie_consent(chosen, TODAY, chosen_version="v1", current_version="v2")
    assert not needs_new_cookie_consent(chosen, TODAY, chosen_version="v2", current_version="v2")


# --- Marketing verdicts -----------------------------------------------------------------


def test_a_valid_consent_allows_marketing():
    verdict = marketing_verdict(MarketingBasis.CONSENT, today=TODAY, has_active_consent=True)
    assert verdict is Verdict.ALLOWED


def test_a_consent_basis_without_an_unwithdrawn_consent_allows_nothing():
    assert marketing_verdict(MarketingBasis.CONSENT, today=TODAY) is Verdict.CONSENT_MISSING


def test_an_opt_out_wins_over_a_consent():
    verdict = marketing_verdict(
        MarketingBasis.CONSENT, today=TODAY, opted_out=True, has_active_consent=True
    )
    assert verdict is Verdict.OPTED_OUT


def test_restriction_wins_over_everything():
    verdict = marketing_verdict(
        MarketingBasis.CONSENT, today=TODAY, restricted=True, has_active_consent=True
    )
    assert verdict is Verdict.RESTRICTED


def test_no_preference_and_no_consent_is_no_basis():
    assert marketing_verdict(None, today=TODAY) is Verdict.NO_BASIS
    assert marketing_verdict("", today=TODAY) is Verdict.NO_BASIS


def test_an_existing_customer_may_be_marketed_to_within_the_period_after_a_purchase():
    bought = dt.date(2024, 1, 15)
    ends = existing_customer_basis_ends_on(bought)
    assert ends == dt.date(2027, 1, 15)
    basis = MarketingBasis.EXISTING_CUSTOMER
    before = ends - dt.timedelta(days=1)
    assert marketing_verdict(basis, today=before, last_purchase_on=bought) is Verdict.ALLOWED
    assert (
        marketing_verdict(basis, today=ends, last_purchase_on=bought)
        is Verdict.CUSTOMER_RELATIONSHIP_ENDED
    )


def test_the_existing_customer_period_follows_the_customer_master_data_rule():
    assert EXISTING_CUSTOMER_MONTHS == 36


def test_an_existing_customer_with_no_purchase_on_record_has_no_basis():
    verdict = marketing_verdict(MarketingBasis.EXISTING_CUSTOMER, today=TODAY)
    assert verdict is Verdict.CUSTOMER_RELATIONSHIP_ENDED


def test_a_business_contact_may_be_marketed_to_until_they_opt_out():
    basis = MarketingBasis.BUSINESS_CONTACT
    assert marketing_verdict(basis, today=TODAY) is Verdict.ALLOWED
    assert marketing_verdict(basis, today=TODAY, opted_out=True) is Verdict.OPTED_OUT


@pytest.mark.parametrize("channel", list(MarketingChannel))
def test_every_channel_has_its_own_consent_purpose(channel):
    assert channel_of_purpose(purpose_of_channel(channel)) is channel


def test_each_consent_purpose_names_its_channel():
    assert purpose_of_channel("email") is ConsentPurpose.MARKETING_EMAIL
    assert channel_of_purpose("marketing_sms") is MarketingChannel.SMS


# --- Consent texts and CSV --------------------------------------------------------------


def test_a_consent_text_hashes_the_same_whatever_line_ends_the_browser_sent():
    unix = "Haluan tarjouksia.\nVoin perua milloin tahansa."
    windows = "  Haluan tarjouksia.\r\nVoin perua milloin tahansa.\r\n"
    assert normalise_consent_text(windows) == unix
    assert consent_text_digest(windows) == consent_text_digest(unix)
    assert len(consent_text_digest(unix)) == 64


def test_a_changed_word_changes_the_hash():
    assert consent_text_digest("Haluan tarjouksia.") != consent_text_digest("Haluan tarjouksen.")


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("x")', "+1+cmd|' /C calc'!A0", "-1", "@SUM(A1)", "\tx", "\rx", "+"]
)
def test_cells_a_spreadsheet_would_run_as_formulas_get_an_apostrophe(cell):
    assert csv_safe(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell", ["testi@example.fi", "Matti", "fi", "", "a=b", "+358401234567", "+12025550123"]
)
def test_ordinary_cells_are_left_alone(cell):
    assert csv_safe(cell) == cell
