"""The request services: intake, identity, discovery, deadlines and closing, with their audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rekisteri.audit.models import AuditEvent
from rekisteri.dsr.models import ConfirmedPerson, RequestState, SubjectRequest
from rekisteri.dsr.policies import DueStatus
from rekisteri.dsr.queries import (
    attention_requests,
    confirmed_people,
    confirmed_records,
    discover,
    identity_verified,
)
from rekisteri.dsr.services import (
    EVENT_ANSWERED,
    EVENT_EXTENDED,
    EVENT_IDENTITY_CHECKED,
    EVENT_RECEIVED,
    EVENT_RECORDS_CONFIRMED,
    EVENT_REFUSED,
    EVENT_WITHDRAWN,
    RequestError,
    RequestInput,
    RequestInvalid,
    answer_request,
    assign_request,
    confirm_records,
    extend_request,
    receive_request,
    record_identity_check,
    refuse_request,
    withdraw_request,
)
from rekisteri.subjects.models import Person

from .factories import EMAIL, make_customer, make_request, person_of, verify

pytestmark = pytest.mark.django_db


def aware(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def events(event_type, name: str, reference: str) -> list[AuditEvent]:
    """The audit events of one step of one request (typed, and named in the reason)."""
    return list(
        AuditEvent.objects.filter(
            type=event_type, reason__startswith=f"{name} {reference}"
        ).order_by("id")
    )


# --- Intake ------------------------------------------------------------------------------


def test_a_request_is_due_one_month_after_it_arrived(clerk):
    request = make_request(clerk, now=aware(2025, 1, 31, 10, 0))
    assert request.due_on == dt.date(2025, 2, 28)
    assert request.state == RequestState.RECEIVED
    assert request.reference.startswith("PR-")
    assert request.received_by == clerk


def test_intake_normalises_the_email_and_phone_the_requester_gave(clerk):
    request = make_request(
        clerk, requester_email=" Testi.Asiakas@Example.FI ", requester_phone="040 123 4567"
    )
    assert request.requester_email == "testi.asiakas@example.fi"
    assert request.requester_phone == "+358401234567"


def test_intake_is_audited_with_field_names_only(clerk):
    request = make_request(clerk, requester_phone="040 123 4567")
    [event] = events(EVENT_RECEIVED, "request.received", request.reference)
    assert event.actor == clerk
    assert event.reason.startswith(f"request.received {request.reference}")
    assert "requester_email" in event.fields
    assert EMAIL not in str(event.fields) + event.reason
    assert "Asiakas" not in event.reason


def test_a_letter_that_arrived_yesterday_is_due_from_yesterday(clerk):
    now = aware(2025, 3, 16, 9, 0)
    request = make_request(clerk, now=now, channel="letter", received_at=aware(2025, 3, 15, 12, 0))
    assert request.due_on == dt.date(2025, 4, 15)


def test_intake_collects_every_error_and_saves_nothing(clerk):
    with pytest.raises(RequestInvalid) as caught:
        receive_request(
            clerk,
            RequestInput(
                kind="nonsense",
                channel="web",
                requester_name=" ",
                requester_email="not-an-email",
                requester_phone="12",
                language="sv",
            ),
        )
    assert set(caught.value.errors) >= {
        "kind",
        "channel",
        "requester_name",
        "requester_email",
        "requester_phone",
        "language",
    }
    assert SubjectRequest.objects.count() == 0
    assert not AuditEvent.objects.filter(type=EVENT_RECEIVED).exists()


def test_intake_needs_a_way_to_answer(clerk):
    with pytest.raises(RequestInvalid) as caught:
        make_request(clerk, requester_email="")
    assert "" in caught.value.errors


def test_an_objection_says_what_it_objects_to(clerk):
    with pytest.raises(RequestInvalid) as caught:
        make_request(clerk, kind="objection")
    assert "objection_scope" in caught.value.errors
    request = make_request(clerk, kind="objection", objection_scope="direct_marketing")
    assert request.is_marketing_objection


def test_a_request_cannot_arrive_in_the_future(clerk):
    now = timezone.now()
    with pytest.raises(RequestInvalid) as caught:
        make_request(clerk, now=now, received_at=now + dt.timedelta(days=1))
    assert "received_at" in caught.value.errors


def test_the_web_channel_is_reserved_for_the_api(clerk):
    with pytest.raises(RequestInvalid):
        make_request(clerk, channel="web")
    request = receive_request(
        None,
        RequestInput(kind="access", channel="web", requester_name="Testi", requester_email=EMAIL),
        allow_web=True,
    )
    assert request.channel == "web"


# --- Assignment and identity -------------------------------------------------------------


def test_only_a_handler_can_be_assigned(registrar, clerk):
    request = make_request(clerk)
    with pytest.raises(RequestError):
        assign_request(registrar, request, assignee=clerk)
    assigned = assign_request(registrar, request, assignee=registrar)
    assert assigned.assignee == registrar


def test_a_verified_identity_moves_the_request_into_progress(registrar):
    request = make_request(registrar)
    check = record_identity_check(registrar, request, method="known_email", outcome="verified")
    request.refresh_from_db()
    assert request.state == RequestState.IN_PROGRESS
    assert identity_verified(request)
    assert check.checked_by == registrar
    [event] = events(EVENT_IDENTITY_CHECKED, "request.identity_checked", request.reference)
    assert event.fields == ["method", "outcome"]


def test_asking_for_more_information_keeps_the_request_verifying(registrar):
    request = make_request(registrar)
    record_identity_check(
        registrar,
        request,
        method="known_email",
        outcome="more_information",
        notes="Asked for an order number",
    )
    request.refresh_from_db()
    assert request.state == RequestState.VERIFYING_IDENTITY
    assert not identity_verified(request)


def test_identity_notes_never_hold_a_personal_identity_code(registrar):
    request = make_request(registrar)
    with pytest.raises(RequestInvalid) as caught:
        record_identity_check(
            registrar, request, method="id_shown", outcome="verified", notes="HETU 131052-308T"
        )
    assert "notes" in caught.value.errors
    assert not request.identity_checks.exists()


def test_a_method_needs_the_identifier_it_checks(registrar):
    request = make_request(registrar, requester_email="", requester_phone="040 123 4567")
    with pytest.raises(RequestInvalid) as caught:
        record_identity_check(registrar, request, method="known_email", outcome="verified")
    assert "method" in caught.value.errors
    with pytest.raises(RequestInvalid):
        record_identity_check(registrar, request, method="order_and_contact", outcome="verified")


def test_the_web_account_method_is_not_for_staff(registrar):
    request = make_request(registrar)
    with pytest.raises(RequestInvalid):
        record_identity_check(registrar, request, method="web_account", outcome="verified")


# --- Discovery and confirmation ----------------------------------------------------------


def test_discovery_proposes_people_with_the_evidence_and_leaves_the_request_out(registrar):
    customer = make_customer()
    homonym = make_customer(email="toinen@example.com", phone="050 765 4321")
    request = make_request(registrar)
    proposals = discover(request)
    by_person = {p.person.pk: p for p in proposals if p.person}
    assert person_of(customer).pk in by_person
    assert person_of(homonym).pk in by_person  # same name: proposed, not confirmed
    strong = by_person[person_of(customer).pk]
    assert {e.kind.value for e in strong.evidence} == {"email", "name"}
    assert proposals[0].person == person_of(customer)
    assert all(not e.model.startswith("dsr.") for p in proposals for e in p.evidence)
    assert any(r.model_label == "customers.Customer" for r in strong.records)


def test_confirming_stores_the_people_and_their_evidence_without_values(registrar):
    customer = make_customer()
    request = make_request(registrar)
    confirm_records(registrar, request, people=[person_of(customer)])
    request.refresh_from_db()
    assert request.person == person_of(customer)
    assert confirmed_people(request) == [person_of(customer)]
    [row] = ConfirmedPerson.objects.filter(request=request)
    assert {
        "kind": "email",
        "model": "customers.CustomerEmail",
        "field": "value",
        "in_text": False,
    } in row.evidence
    assert EMAIL not in str(row.evidence)
    labels = {r.model_label for r in confirmed_records(request)}
    assert {"subjects.Person", "customers.Customer", "customers.CustomerEmail"} <= labels
    [event] = events(EVENT_RECORDS_CONFIRMED, "request.records_confirmed", request.reference)
    assert event.person_ref == person_of(customer).reference


def test_duplicates_of_one_human_are_confirmed_together_and_a_homonym_left_out(registrar):
    first = make_customer()
    duplicate = make_customer(first_name="Testi", last_name="Asiakas", phone="045 111 2222")
    homonym = make_customer(email="toinen@example.com", phone="050 765 4321")
    request = make_request(registrar)
    confirm_records(registrar, request, people=[person_of(first), person_of(duplicate)])
    people = confirmed_people(request)
    assert people == [person_of(first), person_of(duplicate)]
    assert person_of(homonym) not in people
    assert len(events(EVENT_RECORDS_CONFIRMED, "request.records_confirmed", request.reference)) == 2


def test_a_new_confirmation_replaces_the_earlier_one(registrar):
    first = make_customer()
    other = make_customer(email="toinen@example.com")
    request = make_request(registrar)
    confirm_records(registrar, request, people=[person_of(other)])
    confirm_records(registrar, request, people=[person_of(first)])
    assert confirmed_people(request) == [person_of(first)]


def test_a_single_record_can_be_confirmed_alone(registrar):
    customer = make_customer()
    other = make_customer(email="toinen@example.com")
    request = make_request(registrar)
    email_row = customer.emails.get()
    confirm_records(
        registrar,
        request,
        people=[person_of(other)],
        records=[("customers.CustomerEmail", str(email_row.pk))],
    )
    refs = confirmed_records(request)
    assert ("customers.CustomerEmail", str(email_row.pk)) in {
        (r.model_label, r.object_id) for r in refs
    }
    assert person_of(customer) not in confirmed_people(request)


def test_confirming_nothing_is_refused(registrar):
    request = make_request(registrar)
    with pytest.raises(RequestError):
        confirm_records(registrar, request, people=[])


def test_confirming_the_request_register_itself_is_refused(registrar):
    request = make_request(registrar)
    with pytest.raises(RequestError):
        confirm_records(
            registrar, request, people=[], records=[("dsr.SubjectRequest", str(request.pk))]
        )


# --- Extension ---------------------------------------------------------------------------


def test_an_extension_inside_the_first_month_moves_the_due_date(registrar):
    request = make_request(registrar, now=aware(2025, 1, 31, 10, 0))
    extended = extend_request(
        registrar,
        request,
        months=2,
        reason="Records in six registers and two earlier requests to go through.",
        now=aware(2025, 2, 28, 15, 0),
    )
    assert extended.due_on == dt.date(2025, 4, 30)
    assert extended.state == RequestState.EXTENDED
    assert extended.extended_by == registrar
    [event] = events(EVENT_EXTENDED, "request.extended", request.reference)
    assert "2025-04-30" in event.reason
    assert "six registers" not in event.reason


def test_an_extension_after_the_first_month_is_refused(registrar):
    request = make_request(registrar, now=aware(2025, 1, 31, 10, 0))
    with pytest.raises(RequestError, match="12\\(3\\)"):
        extend_request(
            registrar,
            request,
            months=1,
            reason="Too many requests at once.",
            now=aware(2025, 3, 1, 8, 0),
        )
    request.refresh_from_db()
    assert request.due_on == dt.date(2025, 2, 28)
    assert not request.is_extended


def test_a_request_is_extended_once_and_with_reasons(registrar):
    request = make_request(registrar)
    with pytest.raises(RequestInvalid) as caught:
        extend_request(registrar, request, months=3, reason="")
    assert set(caught.value.errors) == {"months", "reason"}
    extend_request(registrar, request, months=1, reason="Many requests this week.")
    with pytest.raises(RequestError, match="already"):
        extend_request(registrar, request, months=1, reason="Many requests this week.")


def test_identity_checks_keep_an_extended_request_extended(registrar):
    request = make_request(registrar)
    extend_request(registrar, request, months=1, reason="Many requests this week.")
    verify(registrar, request)
    request.refresh_from_db()
    assert request.state == RequestState.EXTENDED


# --- Refusal, answer, withdrawal ---------------------------------------------------------


def test_a_refusal_needs_a_ground_and_reasons_and_closes_the_request(registrar):
    request = make_request(registrar)
    with pytest.raises(RequestInvalid) as caught:
        refuse_request(registrar, request, ground="because", reasons="no")
    assert set(caught.value.errors) == {"ground", "reasons"}
    refused = refuse_request(
        registrar,
        request,
        ground="excessive",
        reasons="The same request was answered on 3.1. and 17.1. with nothing changed since.",
    )
    assert refused.state == RequestState.REFUSED
    assert refused.closed_at is not None
    [event] = events(EVENT_REFUSED, "request.refused", request.reference)
    assert event.reason.endswith("excessive")


def test_a_closed_request_cannot_change(registrar):
    request = make_request(registrar)
    withdraw_request(registrar, request, note="Phoned to withdraw it.")
    with pytest.raises(RequestError, match="closed"):
        refuse_request(
            registrar, request, ground="excessive", reasons="The same request was answered twice."
        )
    with pytest.raises(RequestError):
        verify(registrar, request)
    assert len(events(EVENT_WITHDRAWN, "request.withdrawn", request.reference)) == 1


def test_answering_with_data_needs_a_verified_identity(registrar):
    customer = make_customer()
    request = make_request(registrar)
    confirm_records(registrar, request, people=[person_of(customer)])
    with pytest.raises(RequestError, match="identity"):
        answer_request(registrar, request)
    verify(registrar, request)
    answered = answer_request(registrar, request, note="Access letter sent by e-mail.")
    assert answered.state == RequestState.ANSWERED
    assert answered.answered_at is not None
    [event] = events(EVENT_ANSWERED, "request.answered", request.reference)
    assert "late" not in event.reason


def test_answering_that_we_hold_nothing_needs_a_note(registrar):
    request = make_request(registrar)
    with pytest.raises(RequestInvalid):
        answer_request(registrar, request)
    answered = answer_request(registrar, request, note="We hold no data about the requester.")
    assert answered.is_open is False


def test_a_late_answer_is_marked_late_in_the_audit_log(registrar):
    request = make_request(registrar, now=aware(2025, 1, 2, 9, 0))
    answer_request(registrar, request, note="Nothing held.", now=aware(2025, 2, 3, 9, 0))
    [event] = events(EVENT_ANSWERED, "request.answered", request.reference)
    assert event.reason.endswith("late")


# --- The dashboard -----------------------------------------------------------------------


def test_attention_lists_overdue_due_soon_and_reminders_but_not_the_rest(registrar):
    today = dt.date(2025, 3, 25)
    overdue = make_request(registrar, now=aware(2025, 2, 10, 9, 0))
    soon = make_request(registrar, now=aware(2025, 2, 27, 9, 0))
    reminder = make_request(registrar, now=aware(2025, 3, 4, 9, 0))
    fresh = make_request(registrar, now=aware(2025, 3, 20, 9, 0))
    closed = make_request(registrar, now=aware(2025, 2, 1, 9, 0))
    withdraw_request(registrar, closed, note="Withdrawn by phone.")
    rows = {item.reference: status for item, status in attention_requests(today)}
    assert rows == {
        overdue.reference: DueStatus.OVERDUE,
        soon.reference: DueStatus.DUE_SOON,
        reminder.reference: DueStatus.REMINDER,
    }
    assert fresh.reference not in rows
    first, _status = attention_requests(today)[0]
    assert first.reference == overdue.reference


def test_confirmed_people_ignores_people_since_deleted(registrar):
    customer = make_customer()
    stray = Person.objects.create(first_name="Poistuva", last_name="Henkilö")
    request = make_request(registrar)
    confirm_records(registrar, request, people=[person_of(customer), stray])
    stray.delete()
    assert confirmed_people(request) == [person_of(customer)]
