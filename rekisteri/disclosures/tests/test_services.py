"""Services and queries of disclosures, recipients, processors and Art. 19 tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import models

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.disclosures.models import (
    ChangeKind,
    Disclosure,
    NotificationStatus,
    Processor,
    ProcessorService,
    Recipient,
    RecipientNotification,
    RecipientRole,
)
from rekisteri.disclosures.queries import (
    disclosures_for_person,
    list_processors,
    list_recipients,
    recipients_for_person,
)
from rekisteri.disclosures.seeds import PROCESSOR_SEEDS, RECIPIENT_SEEDS, seed_examples
from rekisteri.disclosures.services import (
    DisclosureError,
    complete_notification,
    create_recipient_notifications,
    record_disclosure,
    update_processor,
    update_recipient,
)
from rekisteri.privacy.vocabulary import Basis, Category, RecipientType
from rekisteri.registers.service.services import open_service_job

from .factories import DAY, make_disclosure, make_person, make_processor, make_recipient

pytestmark = pytest.mark.django_db


def _events(event_type: EventType, model: type[models.Model]) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(type=event_type, target_model=model._meta.label).order_by("id")
    )


# --- record_disclosure -------------------------------------------------------------------


def test_recording_a_disclosure_logs_it_with_an_audit_event_naming_fields_only(registrar):
    person = make_person()
    recipient = make_recipient()
    disclosure = record_disclosure(
        registrar,
        person=person,
        recipient=recipient,
        basis=Basis.CONTRACT,
        categories=[Category.CONTACT, Category.IDENTITY, Category.CONTACT],
        disclosed_on=DAY,
        reference=" ORD-2025-0042 ",
    )
    disclosure.refresh_from_db()
    assert disclosure.categories == ["identity", "contact"]
    assert disclosure.external_reference == "ORD-2025-0042"
    assert disclosure.recorded_by == registrar
    assert disclosure.reference.startswith("DL-")
    (event,) = _events(EventType.DISCLOSURE_RECORDED, Disclosure)
    assert event.actor_id == registrar.pk
    assert event.target_ref == disclosure.reference
    assert event.person_ref == person.reference
    assert set(event.fields) == {
        "person",
        "recipient",
        "basis",
        "categories",
        "disclosed_on",
        "external_reference",
    }
    assert "ORD-2025-0042" not in str(event.fields) + event.reason


def test_a_disclosure_names_the_register_record_it_concerns(technician):
    person = make_person()
    job = open_service_job(
        None, person=person, device="Lenovo ThinkPad", fault_description="Ei käynnisty."
    )
    disclosure = make_disclosure(person=person, record=job)
    assert disclosure.record_model == "service.ServiceJob"
    assert disclosure.record_ref == job.reference


def test_a_record_about_someone_else_is_refused():
    job = open_service_job(
        None, person=make_person(), device="Lenovo ThinkPad", fault_description="Ei käynnisty."
    )
    with pytest.raises(DisclosureError, match="another person"):
        make_disclosure(person=make_person("Toinen", "Henkilö"), record=job)
    assert not Disclosure.objects.exists()


def test_a_record_of_a_person_itself_is_refused_as_a_record():
    person = make_person()
    with pytest.raises(DisclosureError):
        make_disclosure(person=person, record=person)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"categories": []}, "at least one category"),
        ({"categories": ["identity", "shoe_size"]}, "at least one category"),
        ({"basis": "whim"}, "lawful basis"),
        ({"reference": "Matti Meikäläinen"}, "not a name"),
        ({"reference": "040 123 4567"}, "personal data"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(overrides, message):
    with pytest.raises(DisclosureError, match=message):
        make_disclosure(**overrides)
    assert not Disclosure.objects.exists()
    assert not _events(EventType.DISCLOSURE_RECORDED, Disclosure)


def test_restricted_data_is_disclosed_only_on_consent_or_legal_obligation():
    person = make_person(is_restricted=True)
    with pytest.raises(DisclosureError, match=r"Art\. 18"):
        make_disclosure(person=person, basis=Basis.CONTRACT)
    police = make_recipient("Poliisi", type=RecipientType.POLICE, role=RecipientRole.AUTHORITY)
    assert make_disclosure(person=person, recipient=police, basis=Basis.LEGAL_OBLIGATION)


# --- Queries for the access letter -------------------------------------------------------


def test_the_recipients_of_a_person_are_distinct_with_categories_and_dates():
    person = make_person()
    warranty = make_recipient("Takuu Oy")
    finance = make_recipient("Rahoitus Oy", type=RecipientType.FINANCING)
    make_disclosure(person=person, recipient=warranty, disclosed_on=dt.date(2025, 1, 5))
    make_disclosure(
        person=person,
        recipient=warranty,
        categories=[Category.SERVICE],
        disclosed_on=dt.date(2024, 11, 2),
    )
    make_disclosure(person=person, recipient=finance, categories=[Category.IDENTITY])
    make_disclosure(recipient=finance)  # someone else's

    found = recipients_for_person(person)

    assert [r.recipient for r in found] == [finance, warranty]
    assert found[1].categories == (Category.IDENTITY, Category.CONTACT, Category.SERVICE)
    assert found[1].dates == (dt.date(2024, 11, 2), dt.date(2025, 1, 5))
    assert found[1].first_disclosed_on == dt.date(2024, 11, 2)
    assert found[1].last_disclosed_on == dt.date(2025, 1, 5)
    assert not found[1].is_third_country
    assert disclosures_for_person(person).count() == 3
    assert disclosures_for_person(person)[0].disclosed_on == dt.date(2025, 3, 14)


def test_a_recipient_outside_the_eea_is_flagged_for_the_access_letter():
    person = make_person()
    make_disclosure(person=person, recipient=make_recipient("Vendor Inc", country="US"))
    (found,) = recipients_for_person(person)
    assert found.is_third_country


def test_a_person_with_no_disclosures_has_no_recipients():
    assert recipients_for_person(make_person()) == []


# --- Registers ---------------------------------------------------------------------------


def test_recipients_are_registered_with_a_formatted_business_id_and_audited(registrar):
    recipient = make_recipient(business_id="26225603", country="fi")
    assert recipient.business_id == "2622560-3"
    assert recipient.country == "FI"
    update_recipient(
        registrar, recipient, changes={"notes": "Sopimus 2025", "name": recipient.name}
    )
    (event,) = _events(EventType.RECORD_UPDATED, Recipient)
    assert event.fields == ["notes"]
    assert event.actor_id == registrar.pk


def test_an_invalid_business_id_or_country_is_refused():
    with pytest.raises(DisclosureError, match="business ID"):
        make_recipient(business_id="2622560-4")
    with pytest.raises(DisclosureError, match="country code"):
        make_recipient(country="Suomi")


def test_an_unchanged_recipient_writes_no_event():
    recipient = make_recipient()
    update_recipient(None, recipient, changes={"name": recipient.name})
    assert not _events(EventType.RECORD_UPDATED, Recipient)


def test_processors_keep_categories_in_vocabulary_order_and_audit_changes(registrar):
    processor = make_processor(data_categories=["contact", "identity"])
    assert processor.data_categories == ["identity", "contact"]
    update_processor(
        registrar,
        processor,
        changes={"dpa_signed_on": dt.date(2025, 1, 1), "has_confidentiality": True},
    )
    (event,) = _events(EventType.RECORD_UPDATED, Processor)
    assert set(event.fields) == {"dpa_signed_on", "has_confidentiality"}
    with pytest.raises(DisclosureError, match="cannot be changed"):
        update_processor(registrar, processor, changes={"seed_key": "x"})


def test_the_notices_read_active_recipients_and_processors():
    retired = make_recipient("Vanha Oy", is_active=False)
    active = make_recipient("Uusi Oy")
    assert active in list_recipients()
    assert retired not in list_recipients()
    assert retired in list_recipients(active_only=False)
    gone = make_processor("Entinen Oy", is_active=False)
    assert gone not in list_processors()
    assert gone in list_processors(active_only=False)


# --- Seeding -------------------------------------------------------------------------------


def test_the_notice_s_processors_and_recipients_are_seeded_as_examples():
    seeded = Processor.objects.exclude(seed_key="")
    assert {p.seed_key for p in seeded} == {s.key for s in PROCESSOR_SEEDS}
    assert {p.service for p in seeded} >= {
        ProcessorService.WEBSITE_HOSTING,
        ProcessorService.FINANCIAL_ADMINISTRATION,
        ProcessorService.CLOUD_STORAGE,
        ProcessorService.PRODUCT_DELIVERY,
        ProcessorService.EMAIL_MARKETING,
    }
    assert all(p.is_example for p in seeded)
    assert Recipient.objects.exclude(seed_key="").count() == len(RECIPIENT_SEEDS)


def test_seeding_again_creates_nothing_and_keeps_edited_examples():
    hosting = Processor.objects.get(seed_key="website_hosting")
    update_processor(None, hosting, changes={"name": "Oikea Hosting Oy", "is_example": False})
    Processor.objects.filter(seed_key="cloud_storage").update(is_active=False)

    assert seed_examples() == (0, 0)

    assert Processor.objects.filter(seed_key="website_hosting").count() == 1
    assert Processor.objects.get(seed_key="website_hosting").name == "Oikea Hosting Oy"
    assert not Processor.objects.get(seed_key="cloud_storage").is_active


def test_a_deleted_example_is_seeded_again():
    Processor.objects.filter(seed_key="email_marketing").delete()
    assert seed_examples() == (1, 0)


# --- Art. 19 notification tasks ------------------------------------------------------------


def test_one_open_task_is_created_per_distinct_recipient(registrar):
    person = make_person()
    warranty = make_recipient("Takuu Oy")
    finance = make_recipient("Rahoitus Oy", type=RecipientType.FINANCING)
    make_disclosure(person=person, recipient=warranty, disclosed_on=dt.date(2025, 1, 1))
    latest = make_disclosure(person=person, recipient=warranty, disclosed_on=dt.date(2025, 2, 1))
    make_disclosure(person=person, recipient=finance)
    make_disclosure(recipient=finance)  # someone else's

    tasks = create_recipient_notifications(
        registrar, person, change=ChangeKind.ERASURE, request_ref="REQ-2025-7"
    )

    assert [t.recipient for t in tasks] == [finance, warranty]
    assert all(t.status == NotificationStatus.OPEN for t in tasks)
    assert tasks[1].disclosure == latest
    events = _events(EventType.RECIPIENT_NOTIFICATION_CREATED, RecipientNotification)
    assert len(events) == 2
    assert {e.person_ref for e in events} == {person.reference}
    assert all(e.reason == "art. 19 erasure REQ-2025-7" for e in events)


def test_creating_the_tasks_twice_for_one_request_does_not_duplicate_them():
    person = make_person()
    make_disclosure(person=person)
    first = create_recipient_notifications(None, person, change=ChangeKind.RECTIFICATION)
    again = create_recipient_notifications(None, person, change=ChangeKind.RECTIFICATION)
    assert first == again
    assert RecipientNotification.objects.count() == 1
    other = create_recipient_notifications(None, person, change=ChangeKind.RESTRICTION)
    assert other != first


def test_a_person_with_no_disclosures_needs_no_notifications():
    assert create_recipient_notifications(None, make_person(), change=ChangeKind.ERASURE) == []


def test_an_unknown_change_is_refused():
    with pytest.raises(DisclosureError, match="kind of change"):
        create_recipient_notifications(None, make_person(), change="deletion")


def test_completing_a_task_records_who_and_when(registrar):
    person = make_person()
    make_disclosure(person=person)
    (task,) = create_recipient_notifications(None, person, change=ChangeKind.ERASURE)

    complete_notification(registrar, task, status=NotificationStatus.SENT, note="Sähköposti 2.6.")

    task.refresh_from_db()
    assert task.status == NotificationStatus.SENT
    assert task.done_by == registrar
    assert task.done_at is not None
    (event,) = _events(EventType.RECIPIENT_NOTIFICATION_COMPLETED, RecipientNotification)
    assert set(event.fields) == {"status", "done_at", "done_by", "note"}
    assert event.person_ref == person.reference
    with pytest.raises(DisclosureError, match="already done"):
        complete_notification(registrar, task, status=NotificationStatus.SENT)


def test_impossible_needs_a_reason_and_open_is_no_outcome(registrar):
    person = make_person()
    make_disclosure(person=person)
    (task,) = create_recipient_notifications(None, person, change=ChangeKind.ERASURE)
    with pytest.raises(DisclosureError, match="impossible or disproportionate"):
        complete_notification(registrar, task, status=NotificationStatus.IMPOSSIBLE, note=" ")
    with pytest.raises(DisclosureError, match="notified"):
        complete_notification(registrar, task, status=NotificationStatus.OPEN)
    complete_notification(
        registrar, task, status=NotificationStatus.IMPOSSIBLE, note="Yritys lopettanut 2024."
    )
    task.refresh_from_db()
    assert task.status == NotificationStatus.IMPOSSIBLE
