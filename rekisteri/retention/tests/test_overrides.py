"""Changing a rule's period: allowed changes, refused ones, and their audit events."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.retention.models import RuleOverride
from rekisteri.retention.queries import current_rules, rule_rows
from rekisteri.retention.services import end_rule_override, set_rule_override

pytestmark = pytest.mark.django_db


def _ending_event(override: RuleOverride) -> tuple[list[str], str]:
    """The fields and reason of the event that ended ``override`` (after the one creating it)."""
    created, ended = AuditEvent.objects.filter(
        type=EventType.RETENTION_RULE_CHANGED, target_ref=str(override.pk)
    ).order_by("id")
    assert created.fields == ["days", "months", "reason", "rule"]
    return ended.fields, ended.reason


def test_extending_vouchers_is_recorded_with_its_reason_and_audited(administrator):
    override = set_rule_override(
        administrator, "accounting_vouchers", months=84, days=0, reason="Tax audit pending."
    )

    assert (override.rule, override.months, override.active) == ("accounting_vouchers", 84, True)
    assert override.changed_by == administrator
    assert current_rules()["accounting_vouchers"].months == 84
    event = AuditEvent.objects.get(
        type=EventType.RETENTION_RULE_CHANGED, target_ref=str(override.pk)
    )
    assert event.target_model == "retention.RuleOverride"
    assert event.fields == ["days", "months", "reason", "rule"]
    assert event.reason == "retention rule accounting_vouchers extended: 84 months 0 days"
    assert "Tax audit" not in event.reason


def test_shortening_vouchers_is_refused_citing_the_bookkeeping_act(administrator):
    with pytest.raises(ValidationError) as caught:
        set_rule_override(
            administrator, "accounting_vouchers", months=60, days=0, reason="Save space."
        )
    assert "Kirjanpitolaki 1336/1997 2 luku 10 §" in " ".join(caught.value.messages)
    assert not RuleOverride.objects.exists()
    assert not AuditEvent.objects.filter(target_model="retention.RuleOverride").exists()


def test_shortening_application_records_is_refused_during_the_claims_period(administrator):
    with pytest.raises(ValidationError, match="Rikoslaki"):
        set_rule_override(administrator, "job_applications", months=12, days=0, reason="Less.")


def test_a_rule_without_a_legal_hold_may_be_tightened(administrator):
    set_rule_override(administrator, "cookie_consent", months=12, days=0, reason="Re-ask yearly.")
    assert current_rules()["cookie_consent"].months == 12


def test_a_new_change_ends_the_previous_one_of_the_same_rule(administrator):
    first = set_rule_override(administrator, "order_ip_address", months=6, days=0, reason="First.")
    second = set_rule_override(
        administrator, "order_ip_address", months=9, days=0, reason="Second."
    )

    first.refresh_from_db()
    assert not first.active
    assert first.end_reason == "Second."
    assert first.ended_by == administrator
    assert second.active
    assert current_rules()["order_ip_address"].months == 9
    assert _ending_event(first) == (
        ["active", "end_reason", "ended_at"],
        "retention rule order_ip_address override ended",
    )


def test_ending_a_change_brings_back_the_default_and_is_audited(administrator):
    override = set_rule_override(
        administrator, "order_ip_address", months=6, days=0, reason="Trial."
    )

    end_rule_override(administrator, override, reason="Trial over.")

    override.refresh_from_db()
    assert not override.active
    assert current_rules()["order_ip_address"].months == 13
    assert _ending_event(override) == (
        ["active", "end_reason", "ended_at"],
        "retention rule order_ip_address override ended",
    )
    with pytest.raises(ValidationError, match="no longer in force"):
        end_rule_override(administrator, override, reason="Again.")


def test_a_change_needs_a_reason_and_a_different_period(administrator):
    with pytest.raises(ValidationError) as no_reason:
        set_rule_override(administrator, "order_ip_address", months=6, days=0, reason="  ")
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError, match="already kept"):
        set_rule_override(administrator, "order_ip_address", months=13, days=0, reason="Same.")
    with pytest.raises(ValidationError) as unknown:
        set_rule_override(administrator, "no_such_rule", months=1, days=0, reason="?")
    assert "rule" in unknown.value.message_dict


def test_a_rule_kept_while_its_purpose_lasts_cannot_be_given_a_period(administrator):
    with pytest.raises(ValidationError, match="no fixed period"):
        set_rule_override(administrator, "suppression_list", months=24, days=0, reason="Why not")


def test_the_rule_rows_show_default_and_period_in_force(administrator):
    set_rule_override(administrator, "order_ip_address", months=6, days=0, reason="Shorter.")

    rows = {row.code: row for row in rule_rows()}

    assert rows["order_ip_address"].period == "6 months"
    assert rows["order_ip_address"].default_period == "13 months"
    assert rows["order_ip_address"].override is not None
    assert rows["accounting_vouchers"].period == "6 years"
    assert rows["order_ip_address"].is_proposal
    assert not rows["accounting_vouchers"].is_proposal
