"""Rectification, restriction and objection through a request, with Art. 19 tasks and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.consent.models import SuppressionEntry
from rekisteri.consent.services import is_suppressed
from rekisteri.disclosures.models import RecipientNotification
from rekisteri.disclosures.tests.factories import make_disclosure
from rekisteri.dsr.models import RectificationEntry, RequestState, Restriction
from rekisteri.dsr.rights import (
    decide_objection,
    lift_restriction,
    record_lifting_notice,
    record_marketing_objection,
    rectifiable_specs,
    rectify_record,
    restrict_processing,
)
from rekisteri.dsr.services import (
    EVENT_OBJECTION_RECORDED,
    EVENT_RECTIFIED,
    RequestError,
    RequestInvalid,
    confirm_records,
)
from rekisteri.registers.customers.models import Customer, CustomerEmail, CustomerPhone
from rekisteri.registers.sales.services import issue_voucher
from rekisteri.registers.sales.tests.factories import draft_for_customer
from rekisteri.subjects.models import Person

from .factories import EMAIL, make_customer, make_request, person_of, verify

pytestmark = pytest.mark.django_db


def confirmed_request(actor, customer, **overrides):
    request = make_request(actor, **overrides)
    confirm_records(actor, request, people=[person_of(customer)])
    return verify(actor, request)


def rectify(actor, request, instance, field_name, value):
    return rectify_record(
        actor,
        request,
        model_label=instance._meta.label,
        object_id=str(instance.pk),
        field_name=field_name,
        new_value=value,
    )


# --- Rectification -----------------------------------------------------------------------


def test_rectification_edits_the_register_and_keeps_old_and_new_value(registrar):
    customer = make_customer()
    request = confirmed_request(registrar, customer, kind="rectification")
    email = customer.emails.get()
    entry = rectify(registrar, request, email, "value", "testi.uusi@example.fi")
    email.refresh_from_db()
    assert email.value == "testi.uusi@example.fi"
    assert entry.is_applied
    assert (entry.old_value, entry.new_value) == (EMAIL, "testi.uusi@example.fi")
    assert entry.made_by == registrar
    assert entry.person == person_of(customer)
    request.refresh_from_db()
    assert request.state == RequestState.IN_PROGRESS


def test_rectified_values_are_encrypted_at_rest(registrar):
    customer = make_customer()
    request = confirmed_request(registrar, customer, kind="rectification")
    entry = rectify(registrar, request, customer.emails.get(), "value", "testi.uusi@example.fi")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT old_value, new_value FROM dsr_rectificationentry WHERE id = %s", [entry.pk]
        )
        old, new = cursor.fetchone()
    assert EMAIL not in old
    assert "testi.uusi" not in new


def test_rectification_is_audited_on_the_record_and_on_the_request(registrar):
    customer = make_customer()
    request = confirmed_request(registrar, customer, kind="rectification")
    email = customer.emails.get()
    rectify(registrar, request, email, "value", "testi.uusi@example.fi")
    on_record = AuditEvent.objects.get(
        type=EventType.RECORD_UPDATED, target_model="customers.CustomerEmail"
    )
    assert on_record.fields == ["value"]
    assert on_record.reason == f"request.rectified {request.reference}"
    assert on_record.person_ref == person_of(customer).reference
    on_request = AuditEvent.objects.get(
        type=EVENT_RECTIFIED,
        target_model="dsr.SubjectRequest",
        reason__startswith="request.rectified",
    )
    assert on_request.fields == ["customers.CustomerEmail.value"]
    for event in (on_record, on_request):
        assert "testi.uusi" not in event.reason + str(event.fields)


def test_a_name_is_rectified_on_the_person(registrar):
    customer = make_customer()
    request = confirmed_request(registrar, customer, kind="rectification")
    person = person_of(customer)
    rectify(registrar, request, person, "last_name", "Asiakas-Korjattu")
    person.refresh_from_db()
    assert person.last_name == "Asiakas-Korjattu"
    assert AuditEvent.objects.filter(
        type=EventType.PERSON_UPDATED, target_ref=person.reference, fields=["last_name"]
    ).exists()


def test_a_phone_is_stored_as_the_registers_store_it(registrar):
    customer = make_customer()
    request = confirmed_request(registrar, customer, kind="rectification")
    phone = customer.phones.get()
    entry = rectify(registrar, request, phone, "value", "050 765 4321")
    phone.refresh_from_db()
    assert phone.value == "+358507654321"
    assert entry.new_value == "+358507654321"


def test_an_invalid_value_is_refused_and_nothing_changes(registrar):
    customer = make_customer()
    request = confirmed_request(registrar, customer, kind="rectification")
    email = customer.emails.get()
    with pytest.raises(RequestInvalid) as caught:
        rectify(registrar, request, email, "value", "not an address")
    assert "new_value" in caught.value.errors
    email.refresh_from_db()
    assert email.value == EMAIL
    assert not RectificationEntry.objects.exists()


def test_the_same_value_is_not_a_rectification(registrar):
    customer = make_customer()
    request = confirmed_request(registrar, customer, kind="rectification")
    with pytest.raises(RequestInvalid):
        rectify(registrar, request, customer.emails.get(), "value", EMAIL)


def test_only_confirmed_records_of_a_verified_rectification_request_are_edited(registrar):
    customer = make_customer()
    stranger = make_customer(first_name="Vieras", email="vieras@example.com")
    request = confirmed_request(registrar, customer, kind="rectification")
    with pytest.raises(RequestError, match="confirmed"):
        rectify(registrar, request, stranger.emails.get(), "value", "x@example.com")
    access = confirmed_request(registrar, customer, kind="access")
    with pytest.raises(RequestError, match="rectification"):
        rectify(registrar, access, customer.emails.get(), "value", "x@example.com")
    unverified = make_request(registrar, kind="rectification")
    confirm_records(registrar, unverified, people=[person_of(customer)])
    with pytest.raises(RequestError, match="identity"):
        rectify(registrar, unverified, customer.emails.get(), "value", "x@example.com")
    assert CustomerEmail.objects.filter(value="x@example.com").count() == 0


def test_an_issued_voucher_is_not_edited_but_gets_a_correction_note(registrar):
    customer = make_customer()
    voucher = issue_voucher(None, draft_for_customer(customer=customer), issued_on=dt.date.today())
    request = confirmed_request(registrar, customer, kind="rectification")
    entry = rectify(registrar, request, voucher, "billed_name", "Testi Korjattu")
    voucher.refresh_from_db()
    assert voucher.billed_name == "Testi Asiakas"
    assert entry.outcome == "correction_note"
    assert voucher.reference in entry.note
    assert entry.new_value == "Testi Korjattu"
    assert not RecipientNotification.objects.exists()
    assert not AuditEvent.objects.filter(
        target_model="sales.Voucher", reason__startswith="request.rectified"
    ).exists()


def test_each_recipient_gets_an_art_19_task_after_a_rectification(registrar):
    customer = make_customer()
    make_disclosure(person=person_of(customer))
    request = confirmed_request(registrar, customer, kind="rectification")
    rectify(registrar, request, customer.emails.get(), "value", "testi.uusi@example.fi")
    [task] = RecipientNotification.objects.all()
    assert task.change == "rectification"
    assert task.request_ref == request.reference
    assert task.person == person_of(customer)


def test_rectifiable_fields_leave_out_links_system_values_and_health_data():
    customer_fields = {s.name for s in rectifiable_specs(Customer)}
    assert "customer_number" not in customer_fields  # given by the system
    assert "person" not in customer_fields
    assert "company_name" in customer_fields
    assert {s.name for s in rectifiable_specs(CustomerPhone)} == {"value", "source"}
    health = apps.get_model("staff", "HealthRecord")
    assert all(s.sensitivity != "special" for s in rectifiable_specs(health))


# --- Restriction -------------------------------------------------------------------------


def test_a_restriction_flags_the_person_and_tells_the_recipients(registrar):
    customer = make_customer()
    person = person_of(customer)
    make_disclosure(person=person)
    request = confirmed_request(registrar, customer, kind="restriction")
    restriction = restrict_processing(
        registrar, request, person=person, ground="accuracy_contested", notes="Until checked."
    )
    person.refresh_from_db()
    assert person.is_restricted
    assert restriction.is_active
    assert restriction.reference.startswith("RS-")
    [task] = RecipientNotification.objects.all()
    assert task.change == "restriction"
    assert AuditEvent.objects.filter(
        type=EventType.PERSON_UPDATED, target_ref=person.reference, fields=["is_restricted"]
    ).exists()
    assert AuditEvent.objects.filter(
        target_ref=restriction.reference, reason__startswith="request.restricted"
    ).exists()


def test_restricted_people_disappear_from_ordinary_roles(registrar, clerk, client_for):
    customer = make_customer()
    person = person_of(customer)
    request = confirmed_request(registrar, customer, kind="restriction")
    restrict_processing(registrar, request, person=person, ground="legal_claims")
    url = reverse("web:person-detail", args=[person.reference])
    assert client_for(clerk).get(url).status_code == 404
    assert client_for(registrar).get(url).status_code == 200


def test_only_a_confirmed_person_of_a_verified_request_is_restricted_once(registrar):
    customer = make_customer()
    other = Person.objects.create(first_name="Muu", last_name="Henkilö")
    request = confirmed_request(registrar, customer, kind="restriction")
    with pytest.raises(RequestError, match="Confirm"):
        restrict_processing(registrar, request, person=other, ground="legal_claims")
    restrict_processing(registrar, request, person=person_of(customer), ground="legal_claims")
    with pytest.raises(RequestError, match="already"):
        restrict_processing(registrar, request, person=person_of(customer), ground="legal_claims")
    with pytest.raises(RequestInvalid):
        restrict_processing(registrar, request, person=person_of(customer), ground="whim")


def test_a_restriction_is_lifted_only_after_the_person_was_told(registrar):
    customer = make_customer()
    person = person_of(customer)
    request = confirmed_request(registrar, customer, kind="restriction")
    restriction = restrict_processing(
        registrar, request, person=person, ground="accuracy_contested"
    )
    with pytest.raises(RequestError, match=r"18\(3\)"):
        lift_restriction(registrar, restriction)
    with pytest.raises(RequestInvalid):
        record_lifting_notice(registrar, restriction, reason="")
    record_lifting_notice(registrar, restriction, reason="The address was checked and is correct.")
    lifted = lift_restriction(registrar, restriction)
    person.refresh_from_db()
    assert not person.is_restricted
    assert lifted.lifted_at is not None
    assert lifted.lift_reason == "The address was checked and is correct."
    with pytest.raises(RequestError, match="already"):
        lift_restriction(registrar, restriction)


def test_the_person_cannot_be_told_before_the_restriction_began(registrar):
    customer = make_customer()
    request = confirmed_request(registrar, customer, kind="restriction")
    restriction = restrict_processing(
        registrar, request, person=person_of(customer), ground="legal_claims"
    )
    with pytest.raises(RequestInvalid):
        record_lifting_notice(
            registrar,
            restriction,
            reason="Claim settled.",
            told_at=restriction.started_at - dt.timedelta(days=1),
        )


def test_lifting_one_restriction_keeps_the_flag_while_another_is_active(registrar):
    customer = make_customer()
    person = person_of(customer)
    request = confirmed_request(registrar, customer, kind="restriction")
    first = restrict_processing(registrar, request, person=person, ground="legal_claims")
    second = Restriction.objects.create(
        person=person, request=request, ground="objection_pending", started_at=first.started_at
    )
    record_lifting_notice(registrar, first, reason="Claim settled.")
    lift_restriction(registrar, first)
    person.refresh_from_db()
    assert person.is_restricted
    assert second.is_active


# --- Objection ---------------------------------------------------------------------------


def test_a_marketing_objection_suppresses_every_contact_at_once(registrar):
    customer = make_customer()
    request = make_request(registrar, kind="objection", objection_scope="direct_marketing")
    confirm_records(registrar, request, people=[person_of(customer)])
    done = record_marketing_objection(registrar, request)
    assert done.objection_decision == "upheld"
    assert done.suppressed_contacts >= 2
    assert is_suppressed("email", EMAIL)
    assert is_suppressed("phone", "040 123 4567")
    assert SuppressionEntry.objects.filter(request_ref=request.reference).exists()
    event = AuditEvent.objects.get(
        type=EVENT_OBJECTION_RECORDED, reason__startswith="request.objection_recorded"
    )
    assert "suppressed" in event.reason
    with pytest.raises(RequestError, match="already"):
        record_marketing_objection(registrar, request)


def test_a_marketing_objection_needs_a_confirmed_person_not_an_identity_check(registrar):
    request = make_request(registrar, kind="objection", objection_scope="direct_marketing")
    with pytest.raises(RequestError, match="Confirm"):
        record_marketing_objection(registrar, request)
    other = make_request(registrar, kind="access")
    with pytest.raises(RequestError):
        record_marketing_objection(registrar, other)


def test_an_objection_under_21_1_is_weighed_with_reasons(registrar):
    customer = make_customer()
    request = make_request(registrar, kind="objection", objection_scope="legitimate_interest")
    confirm_records(registrar, request, people=[person_of(customer)])
    with pytest.raises(RequestError, match="identity"):
        decide_objection(
            registrar, request, decision="upheld", reasons="The CRM profiling of this person stops."
        )
    verify(registrar, request)
    with pytest.raises(RequestInvalid):
        decide_objection(registrar, request, decision="maybe", reasons="")
    decided = decide_objection(
        registrar,
        request,
        decision="legal_claims",
        reasons="An open warranty dispute from March needs the service records.",
    )
    assert decided.objection_decision == "legal_claims"
    marketing = make_request(registrar, kind="objection", objection_scope="direct_marketing")
    with pytest.raises(RequestError):
        decide_objection(registrar, marketing, decision="upheld", reasons="x" * 30)


def test_lifting_keeps_the_flag_while_an_erasure_still_holds_data(registrar):
    from rekisteri.erasure.models import ErasurePlan, HeldRecord
    from rekisteri.erasure.policies import Ground

    customer = make_customer()
    person = person_of(customer)
    request = confirmed_request(registrar, customer, kind="restriction")
    restriction = restrict_processing(registrar, request, person=person, ground="legal_claims")
    plan = ErasurePlan.objects.create(person=person, planned_on=dt.date.today())
    HeldRecord.objects.create(
        plan=plan,
        model_label="customers.Customer",
        object_id=str(customer.pk),
        ground=Ground.values[0],
    )
    record_lifting_notice(registrar, restriction, reason="Claim settled.")
    lift_restriction(registrar, restriction)
    person.refresh_from_db()
    assert person.is_restricted
