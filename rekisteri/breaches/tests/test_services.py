"""The use cases of the breach register, with their audit events."""

from __future__ import annotations

import datetime as dt

import pytest

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.breaches.models import Breach
from rekisteri.breaches.services import (
    BreachClosed,
    BreachError,
    BreachInvalid,
    close_breach,
    open_breaches,
    record_breach,
    reopen_breach,
    update_breach,
)

from .factories import NOW, breach_data, make_breach

pytestmark = pytest.mark.django_db


def _events(breach: Breach) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(target_ref=breach.reference).order_by("id"))


def test_recording_a_breach_writes_an_audit_event_with_field_names_only(registrar):
    breach = make_breach(registrar)

    stored = Breach.objects.get(reference=breach.reference)
    assert stored.aware_at == NOW - dt.timedelta(hours=4)
    assert stored.created_at == NOW
    [event] = _events(breach)
    assert event.type == EventType.BREACH_RECORDED
    assert event.actor_id == registrar.pk
    assert event.target_model == "breaches.Breach"
    assert event.person_ref == ""
    assert {"title", "aware_at", "description", "contact_email", "data_categories"} <= set(
        event.fields
    )
    assert "reference" not in event.fields
    assert "tietosuoja@example.com" not in str(event.fields) + event.reason


def test_an_invalid_breach_is_not_recorded(registrar):
    data = breach_data(aware_at=NOW - dt.timedelta(hours=6))  # before detection
    with pytest.raises(BreachInvalid) as caught:
        record_breach(registrar, data=data, now=NOW)
    assert "aware_at" in caught.value.errors
    assert not Breach.objects.exists()
    assert not AuditEvent.objects.filter(target_model="breaches.Breach").exists()


def test_a_breach_needs_its_title_times_and_description(registrar):
    with pytest.raises(BreachInvalid) as caught:
        record_breach(
            registrar,
            data={"nature_integrity": True, "detected_at": NOW, "aware_at": NOW},
            now=NOW,
        )
    assert set(caught.value.errors) == {"title", "description"}


def test_unknown_categories_are_refused(registrar):
    with pytest.raises(BreachInvalid) as caught:
        make_breach(registrar, data_categories=["contact", "horoscope"], subject_categories=["x"])
    assert set(caught.value.errors) == {"data_categories", "subject_categories"}


def test_fields_the_services_keep_cannot_be_set(registrar):
    with pytest.raises(BreachError):
        record_breach(registrar, data=breach_data(closed_at=NOW), now=NOW)
    breach = make_breach(registrar)
    with pytest.raises(BreachError):
        update_breach(registrar, breach, changes={"reference": "B-1"}, now=NOW)


def test_an_update_names_exactly_the_changed_fields(registrar):
    breach = make_breach(registrar)

    update_breach(
        registrar,
        breach,
        changes={
            "risk_level": "risk",
            "risk_reasons": "Phishing is likely.",
            "title": breach.title,
        },
        now=NOW,
    )

    event = _events(breach)[-1]
    assert event.type == EventType.BREACH_UPDATED
    assert event.fields == ["risk_level", "risk_reasons"]
    assert Breach.objects.get(pk=breach.pk).risk_level == "risk"


def test_an_update_without_changes_writes_nothing(registrar):
    breach = make_breach(registrar)
    update_breach(registrar, breach, changes={"title": breach.title}, now=NOW)
    assert len(_events(breach)) == 1


def test_a_late_notification_without_reasons_is_refused(registrar):
    """GDPR Art. 33(1): a notification after 72 hours states the reasons for the delay."""
    breach = make_breach(
        registrar,
        now=NOW,
        detected_at=NOW - dt.timedelta(hours=90),
        aware_at=NOW - dt.timedelta(hours=80),
    )
    notify = {"authority_decision": "notify", "authority_notified_at": NOW}

    with pytest.raises(BreachInvalid) as caught:
        update_breach(registrar, breach, changes=notify, now=NOW)

    assert list(caught.value.errors) == ["authority_delay_reason"]
    stored = Breach.objects.get(pk=breach.pk)
    assert stored.authority_notified_at is None
    assert breach.authority_notified_at is None  # the caller's object is left as stored
    assert len(_events(breach)) == 1

    update_breach(
        registrar,
        breach,
        changes={**notify, "authority_delay_reason": "The facts were unclear until Monday."},
        now=NOW,
    )
    event = _events(breach)[-1]
    assert event.reason == "authority notified late"
    assert event.fields == [
        "authority_decision",
        "authority_delay_reason",
        "authority_notified_at",
    ]


def test_a_notification_in_time_is_recorded_as_such(registrar):
    breach = make_breach(registrar)
    update_breach(
        registrar,
        breach,
        changes={"authority_decision": "notify", "authority_notified_at": NOW},
        now=NOW,
    )
    assert _events(breach)[-1].reason == "authority notified"


def _handled(registrar) -> Breach:
    breach = make_breach(registrar)
    return update_breach(
        registrar,
        breach,
        changes={
            "risk_level": "risk",
            "risk_reasons": "Contact details only; phishing possible.",
            "authority_decision": "notify",
            "authority_notified_at": NOW - dt.timedelta(hours=1),
            "people_decision": "not_required",
            "people_decision_reasons": "No high risk.",
        },
        now=NOW,
    )


def test_closing_refuses_a_breach_still_being_handled(registrar):
    breach = make_breach(registrar)
    with pytest.raises(BreachInvalid) as caught:
        close_breach(registrar, breach, now=NOW)
    assert set(caught.value.errors) == {"risk_level", "authority_decision", "people_decision"}
    assert Breach.objects.get(pk=breach.pk).closed_at is None


def test_closing_a_handled_breach_starts_its_retention_clock(registrar):
    breach = _handled(registrar)

    close_breach(registrar, breach, now=NOW)

    assert Breach.objects.get(pk=breach.pk).closed_at == NOW
    event = _events(breach)[-1]
    assert (event.type, event.fields, event.reason) == (
        EventType.BREACH_CLOSED,
        ["closed_at"],
        "breach closed",
    )
    with pytest.raises(BreachClosed):
        close_breach(registrar, breach, now=NOW)


def test_a_closed_breach_is_not_edited_until_reopened(registrar):
    breach = close_breach(registrar, _handled(registrar), now=NOW)
    with pytest.raises(BreachClosed):
        update_breach(registrar, breach, changes={"title": "New title"}, now=NOW)

    reopen_breach(registrar, breach)

    assert Breach.objects.get(pk=breach.pk).closed_at is None
    reopened = _events(breach)[-1]
    assert (reopened.type, reopened.fields, reopened.reason) == (
        EventType.BREACH_REOPENED,
        ["closed_at"],
        "breach reopened",
    )
    update_breach(registrar, breach, changes={"title": "New title"}, now=NOW)
    with pytest.raises(BreachError):
        reopen_breach(registrar, breach)


def test_open_breaches_lists_the_oldest_awareness_first(registrar):
    newer = make_breach(registrar)
    older = make_breach(
        registrar,
        detected_at=NOW - dt.timedelta(days=2),
        aware_at=NOW - dt.timedelta(days=1),
    )
    close_breach(registrar, _handled(registrar), now=NOW)
    assert open_breaches() == [older, newer]
