"""Submitting and confirming: what is stored, sent, audited, and what becomes a request."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.dsr import policies as dsr_policies
from rekisteri.dsr.models import SubjectRequest
from rekisteri.dsr.services import RequestInput, RequestInvalid, receive_request
from rekisteri.intake import policies
from rekisteri.intake.models import PendingSubmission
from rekisteri.intake.services import (
    WEB_FORM,
    LinkExpired,
    LinkUsed,
    MessageNotSent,
    SubmissionInvalid,
    confirm_submission,
    read_link_token,
    submit_request,
)
from rekisteri.intake.tests.helpers import EMAIL, fake_link, link_path, submission

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 31, 10, 0, tzinfo=dt.UTC)


def _submit(capture, now=NOW, **overrides):
    with capture(execute=True):
        return submit_request(WEB_FORM, submission(**overrides), link_for=fake_link, now=now)


def _link_of_last_mail():
    return read_link_token(link_path(mail.outbox[-1]).split("/")[-2])


def test_a_submission_is_stored_and_one_message_with_a_link_is_sent(
    django_capture_on_commit_callbacks,
):
    pending = _submit(django_capture_on_commit_callbacks, requester_email=" Maija@Example.FI ")
    assert pending.requester_email == "maija@example.fi"
    assert pending.submitted_at == NOW
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maija@example.fi"]
    assert message.subject == "Vahvistakaa tietosuojapyyntönne – iLaakso IT Oy"
    assert "24 tunnin" in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    link = _link_of_last_mail()
    assert policies.key_digest(link.key) == pending.key_digest
    assert link.key not in pending.key_digest


def test_the_message_carries_nothing_the_sender_typed(django_capture_on_commit_callbacks):
    _submit(
        django_capture_on_commit_callbacks,
        requester_name="Buy cheap pills at spam.example",
        description="Visit spam.example now",
    )
    message = mail.outbox[0]
    assert "spam.example" not in message.body
    assert "spam.example" not in message.subject


def test_the_message_is_in_the_language_of_the_form(django_capture_on_commit_callbacks):
    _submit(django_capture_on_commit_callbacks, language="en", kind="erasure")
    message = mail.outbox[0]
    assert message.subject == "Confirm your data-protection request – iLaakso IT Oy"
    assert "Erase my data" in message.body
    assert _link_of_last_mail().language == "en"


def test_the_submission_is_audited_with_field_names_only(django_capture_on_commit_callbacks):
    pending = _submit(
        django_capture_on_commit_callbacks, requester_phone="040 765 4321", order_number="W-1001"
    )
    event = AuditEvent.objects.get(type=EventType.PUBLIC_REQUEST_SUBMITTED)
    assert event.actor_label == "web-form"
    assert event.actor_id is None
    assert event.target_ref == str(pending.pk)
    assert event.person_ref == ""
    assert set(event.fields) == {
        "kind",
        "requester_name",
        "requester_email",
        "requester_phone",
        "order_number",
        "language",
    }
    text = f"{event.reason} {event.fields} {event.target_ref}"
    assert "maija" not in text.lower()
    assert "W-1001" not in text


def test_nothing_is_looked_up_so_known_and_unknown_addresses_take_the_same_path(
    django_capture_on_commit_callbacks,
):
    from rekisteri.registers.customers.tests.factories import private_customer

    private_customer(None, email="tunnettu@example.fi")

    def statements(email):
        with CaptureQueriesContext(connection) as queries:
            _submit(django_capture_on_commit_callbacks, requester_email=email)
        # The statements without their values: savepoint names, literals, numbers.
        return [
            re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b", "?", q["sql"])
            for q in queries.captured_queries
        ]

    known = statements("tunnettu@example.fi")
    unknown = statements("tuntematon@example.fi")
    assert known == unknown
    lookups = [sql for sql in known if sql.startswith("SELECT") and "notices_" not in sql]
    assert all('"audit_' in sql for sql in lookups), lookups  # only the audit chain is read


def test_a_submission_the_form_should_have_refused_is_refused():
    with pytest.raises(SubmissionInvalid):
        submit_request(
            WEB_FORM, submission(kind="objection"), link_for=fake_link, now=NOW
        )  # no scope
    with pytest.raises(SubmissionInvalid):
        submit_request(WEB_FORM, submission(requester_email="no"), link_for=fake_link, now=NOW)
    assert not PendingSubmission.objects.exists()


def test_a_refused_message_is_reported(django_capture_on_commit_callbacks, monkeypatch):
    def refuse(self, fail_silently=False):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(MessageNotSent):
        _submit(django_capture_on_commit_callbacks)


def test_confirming_creates_one_web_request_with_the_confirmation_recorded(
    django_capture_on_commit_callbacks,
):
    _submit(
        django_capture_on_commit_callbacks,
        kind="objection",
        objection_scope="direct_marketing",
        requester_phone="040 765 4321",
        customer_number="A-42",
        description="Ei enää uutiskirjeitä.",
    )
    link = _link_of_last_mail()
    confirmed_at = NOW + dt.timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm_submission(WEB_FORM, link, now=confirmed_at)
    request = SubjectRequest.objects.get()
    assert request.reference == confirmed.reference
    assert request.channel == "web"
    assert request.kind == "objection"
    assert request.objection_scope == "direct_marketing"
    assert request.requester_email == EMAIL
    assert request.requester_phone == "+358407654321"
    assert request.customer_number == "A-42"
    assert request.description == "Ei enää uutiskirjeitä."
    assert request.language == "fi"
    assert request.email_confirmed_at == confirmed_at
    assert request.received_at == NOW  # the clock runs from when the form was sent
    assert request.received_by is None
    assert request.due_on == dsr_policies.due_on(timezone.localdate(NOW))
    assert confirmed.due_on == request.due_on
    assert not PendingSubmission.objects.exists()


def test_confirming_is_audited_and_a_receipt_is_sent(django_capture_on_commit_callbacks):
    _submit(django_capture_on_commit_callbacks, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm_submission(WEB_FORM, _link_of_last_mail(), now=NOW)
    verified = AuditEvent.objects.get(type=EventType.PUBLIC_REQUEST_VERIFIED)
    received = AuditEvent.objects.get(type=EventType.REQUEST_RECEIVED)
    assert verified.actor_label == received.actor_label == "web-form"
    assert verified.target_ref == received.target_ref == confirmed.reference
    assert set(verified.fields) == {"requester_email", "email_confirmed_at"}
    assert "email_confirmed_at" in received.fields
    assert "maija" not in verified.reason.lower()
    receipt = mail.outbox[-1]
    assert len(mail.outbox) == 2
    assert receipt.to == [EMAIL]
    assert confirmed.reference in receipt.subject
    assert "We answer by:" in receipt.body
    assert "Feb. 28, 2026" in receipt.body  # one month from 31 January: the month's last day


def test_a_second_use_of_the_link_creates_no_second_request(django_capture_on_commit_callbacks):
    _submit(django_capture_on_commit_callbacks)
    link = _link_of_last_mail()
    confirm_submission(WEB_FORM, link, now=NOW)
    with pytest.raises(LinkUsed):
        confirm_submission(WEB_FORM, link, now=NOW)
    assert SubjectRequest.objects.count() == 1
    assert AuditEvent.objects.filter(type=EventType.PUBLIC_REQUEST_VERIFIED).count() == 1


def test_a_link_used_after_a_day_confirms_nothing(django_capture_on_commit_callbacks):
    _submit(django_capture_on_commit_callbacks, language="en")
    with pytest.raises(LinkExpired) as caught:
        confirm_submission(WEB_FORM, _link_of_last_mail(), now=NOW + dt.timedelta(hours=25))
    assert caught.value.language == "en"
    assert not SubjectRequest.objects.exists()
    assert PendingSubmission.objects.count() == 1  # left for the retention purge


def test_staff_cannot_record_a_link_confirmation_on_another_channel():
    with pytest.raises(RequestInvalid):
        receive_request(
            None,
            RequestInput(
                kind="access",
                channel="email",
                requester_name="Maija",
                requester_email=EMAIL,
                email_confirmed_at=NOW,
            ),
            now=NOW,
        )


def test_the_retention_purge_deletes_submissions_never_confirmed(
    django_capture_on_commit_callbacks,
):
    from rekisteri.retention.services import execute_purge

    old = _submit(django_capture_on_commit_callbacks, now=NOW)
    fresh = _submit(
        django_capture_on_commit_callbacks,
        now=NOW + dt.timedelta(days=6),
        requester_email="toinen@example.fi",
    )
    execute_purge(None, (NOW + dt.timedelta(days=8)).date())
    remaining = set(PendingSubmission.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert fresh.pk in remaining


def test_a_submission_names_itself_without_personal_data():
    assert str(PendingSubmission()) == "- (-, -)"
    pending = PendingSubmission(pk=7, kind="access", submitted_at=NOW, requester_name="Maija")
    assert str(pending) == "7 (access, 2026-01-31T10:00+00:00)"
