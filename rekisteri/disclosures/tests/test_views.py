"""The disclosure, recipient, processor and Art. 19 pages, end to end, for allowed and
denied personas."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.disclosures.models import (
    ChangeKind,
    Disclosure,
    NotificationStatus,
    Processor,
    Recipient,
    RecipientNotification,
)
from rekisteri.disclosures.services import create_recipient_notifications
from rekisteri.privacy.vocabulary import Basis, Category, RecipientType
from rekisteri.registers.service.services import open_service_job

from .factories import make_disclosure, make_person, make_recipient

pytestmark = pytest.mark.django_db


def _client(client_for, user) -> Client:
    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _form(person, recipient, **overrides):
    data = {
        "person": person.reference,
        "recipient": recipient.pk,
        "basis": Basis.CONTRACT,
        "categories": [Category.IDENTITY, Category.SERVICE],
        "disclosed_on": "2025-03-14",
        "reference": "J-2025-17",
        "record_type": "",
        "record_ref": "",
    }
    data.update(overrides)
    return data


# --- Who may open what ------------------------------------------------------------------


PAGES = [
    ("disclosures:disclosure-list", Capability.DISCLOSURES_VIEW),
    ("disclosures:notification-list", Capability.DISCLOSURES_VIEW),
    ("web:recipients-list", Capability.DISCLOSURES_VIEW),
    ("disclosures:disclosure-create", Capability.DISCLOSURES_RECORD),
    ("disclosures:processor-list", Capability.RECIPIENTS_EDIT),
    ("disclosures:processor-create", Capability.RECIPIENTS_EDIT),
    ("disclosures:notification-create", Capability.RECIPIENTS_EDIT),
    ("web:recipients-create", Capability.RECIPIENTS_EDIT),
]
PERSONAS = ["clerk", "technician", "registrar", "hr", "health_handler", "administrator", "outsider"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_page_answers_by_the_permission_matrix(request, client_for, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    for url_name, capability in PAGES:
        expected = 200 if has_capability(user, capability) else 403
        assert client.get(reverse(url_name)).status_code == expected, url_name


def test_clerks_record_but_only_the_registrar_and_owner_keep_the_registers(
    clerk, administrator, registrar, outsider
):
    assert has_capability(clerk, Capability.DISCLOSURES_RECORD)
    assert not has_capability(clerk, Capability.RECIPIENTS_EDIT)
    assert not has_capability(administrator, Capability.DISCLOSURES_RECORD)
    assert has_capability(registrar, Capability.RECIPIENTS_EDIT)
    assert not has_capability(outsider, Capability.DISCLOSURES_VIEW)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client_for):
    response = client_for(None).get(reverse("disclosures:disclosure-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_menu_shows_the_disclosure_pages_by_role(client_for, clerk, administrator):
    clerk_page = _client(client_for, clerk).get(reverse("web:dashboard")).content.decode()
    assert reverse("disclosures:disclosure-create") in clerk_page
    assert reverse("disclosures:processor-list") not in clerk_page
    owner_page = _client(client_for, administrator).get(reverse("web:dashboard")).content.decode()
    assert reverse("disclosures:processor-list") in owner_page
    assert reverse("disclosures:disclosure-create") not in owner_page
    assert "processors need attention" in owner_page


# --- Recording a disclosure, end to end --------------------------------------------------


def test_a_technician_records_a_disclosure_for_a_job_and_finds_it_in_the_log(
    client_for, technician
):
    person = make_person()
    job = open_service_job(
        None, person=person, device="HP EliteBook", fault_description="Näyttö rikki."
    )
    recipient = make_recipient(type=RecipientType.SERVICE_CALL)
    client = _client(client_for, technician)

    form_page = client.get(
        reverse("disclosures:disclosure-create"),
        {
            "person": person.reference,
            "record_type": "service.ServiceJob",
            "record_ref": job.reference,
        },
    )
    assert form_page.status_code == 200
    assert person.reference in form_page.content.decode()

    response = client.post(
        reverse("disclosures:disclosure-create"),
        _form(person, recipient, record_type="service.ServiceJob", record_ref=job.reference),
    )

    disclosure = Disclosure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "disclosures:disclosure-detail", args=[disclosure.reference]
    )
    assert disclosure.person == person
    assert disclosure.record_ref == job.reference
    assert disclosure.recorded_by == technician
    assert disclosure.categories == ["identity", "service"]
    detail = client.get(response["Location"]).content.decode()
    assert recipient.name in detail
    assert reverse("web:service-jobs-detail", args=[job.reference]) in detail
    log = client.get(reverse("disclosures:disclosure-list"), {"person": person.reference})
    assert disclosure.reference in log.content.decode()
    assert AuditEvent.objects.filter(
        type=EventType.RECORD_VIEWED, person_ref=person.reference, reason="disclosure log"
    ).exists()


def test_a_disclosure_to_a_recipient_the_data_map_does_not_list_is_flagged(client_for, technician):
    person = make_person()
    job = open_service_job(None, person=person, device="Mac", fault_description="Hidas.")
    bank = make_recipient("Rahoitus Oy", type=RecipientType.FINANCING)
    response = _client(client_for, technician).post(
        reverse("disclosures:disclosure-create"),
        _form(person, bank, record_type="service.ServiceJob", record_ref=job.reference),
        follow=True,
    )
    assert "does not list" in response.content.decode()


def test_bad_input_is_refused_and_what_was_typed_is_kept(client_for, clerk):
    recipient = make_recipient()
    client = _client(client_for, clerk)
    response = client.post(
        reverse("disclosures:disclosure-create"),
        {
            "person": "H-NOSUCH00",
            "recipient": recipient.pk,
            "basis": Basis.CONTRACT,
            "categories": [Category.IDENTITY],
            "disclosed_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
            "reference": "Matti Meikäläinen",
            "record_type": "",
            "record_ref": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "No person has this reference" in page
    assert "cannot be in the future" in page
    assert "not a name" in page
    assert 'value="H-NOSUCH00"' in page
    assert 'value="Matti Meikäläinen"' in page
    assert not Disclosure.objects.exists()


def test_errors_are_shown_in_finnish_by_default(client_for, clerk):
    response = client_for(clerk).post(reverse("disclosures:disclosure-create"), {"person": ""})
    assert response.status_code == 400
    assert "Valitse vastaanottaja." in response.content.decode()


def test_a_record_of_another_person_is_refused(client_for, technician):
    owner, other = make_person(), make_person("Toinen", "Asiakas")
    job = open_service_job(None, person=owner, device="Mac", fault_description="Hidas.")
    response = _client(client_for, technician).post(
        reverse("disclosures:disclosure-create"),
        _form(other, make_recipient(), record_type="service.ServiceJob", record_ref=job.reference),
    )
    assert response.status_code == 400
    assert "about another person" in response.content.decode()


def test_a_clerk_cannot_pick_staff_records_or_health_data(client_for, clerk):
    page = _client(client_for, clerk).get(reverse("disclosures:disclosure-create"))
    choices = page.context["form"]
    assert "staff.Employee" not in dict(choices.fields["record_type"].choices)
    assert Category.HEALTH not in dict(choices.fields["categories"].choices)
    assert Category.CONTACT in dict(choices.fields["categories"].choices)


def test_restricted_data_may_not_go_out_under_a_contract(client_for, clerk):
    person = make_person(is_restricted=True)
    response = _client(client_for, clerk).post(
        reverse("disclosures:disclosure-create"), _form(person, make_recipient())
    )
    assert response.status_code == 400
    assert "Art. 18(2)" in response.content.decode()


# --- What the log shows to whom ------------------------------------------------------------


def test_the_log_filters_by_recipient_type_and_dates(client_for, registrar):
    warranty = make_recipient("Takuu Oy")
    police = make_recipient("Poliisi", type=RecipientType.POLICE, role="authority")
    early = make_disclosure(recipient=warranty, disclosed_on=dt.date(2024, 5, 1))
    late = make_disclosure(
        recipient=police, basis=Basis.LEGAL_OBLIGATION, disclosed_on=dt.date(2025, 5, 1)
    )
    client = _client(client_for, registrar)

    def shown(**params):
        page = client.get(reverse("disclosures:disclosure-list"), params).content.decode()
        return {d.reference for d in (early, late) if d.reference in page}

    assert shown() == {early.reference, late.reference}
    assert shown(recipient=warranty.pk) == {early.reference}
    assert shown(type=RecipientType.POLICE) == {late.reference}
    assert shown(date_from="2025-01-01") == {late.reference}
    assert shown(date_to="2024-12-31") == {early.reference}
    assert shown(person=early.person.reference.lower()) == {early.reference}
    bad = client.get(
        reverse("disclosures:disclosure-list"), {"date_from": "2025-02-01", "date_to": "2025-01-01"}
    )
    assert "end date is before the start date" in bad.content.decode()


def test_staff_see_only_disclosures_of_data_their_role_may_see(client_for, clerk, hr):
    payroll = make_disclosure(
        recipient=make_recipient("Verohallinto", type=RecipientType.TAX_AUTHORITY),
        basis=Basis.LEGAL_OBLIGATION,
        categories=[Category.IDENTITY, Category.PAYROLL, Category.NATIONAL_ID],
    )
    health = make_disclosure(
        recipient=make_recipient("Työterveys Oy", type=RecipientType.OCCUPATIONAL_HEALTH),
        basis=Basis.EMPLOYMENT_LAW,
        categories=[Category.HEALTH],
    )
    warranty = make_disclosure()
    clerk_page = _client(client_for, clerk).get(reverse("disclosures:disclosure-list"))
    hr_page = _client(client_for, hr).get(reverse("disclosures:disclosure-list"))
    assert warranty.reference in clerk_page.content.decode()
    assert payroll.reference not in clerk_page.content.decode()
    assert payroll.reference in hr_page.content.decode()
    assert health.reference not in hr_page.content.decode()
    detail = reverse("disclosures:disclosure-detail", args=[payroll.reference])
    assert _client(client_for, clerk).get(detail).status_code == 404
    assert _client(client_for, hr).get(detail).status_code == 200


def test_disclosures_about_a_restricted_person_are_hidden_from_clerks(client_for, clerk, registrar):
    person = make_person()
    disclosure = make_disclosure(person=person)
    person.is_restricted = True
    person.save()
    detail = reverse("disclosures:disclosure-detail", args=[disclosure.reference])
    assert _client(client_for, clerk).get(detail).status_code == 404
    assert _client(client_for, registrar).get(detail).status_code == 200


def test_opening_a_disclosure_is_an_audited_read(client_for, clerk):
    disclosure = make_disclosure()
    _client(client_for, clerk).get(
        reverse("disclosures:disclosure-detail", args=[disclosure.reference])
    )
    event = AuditEvent.objects.get(type=EventType.RECORD_VIEWED, target_ref=disclosure.reference)
    assert event.person_ref == disclosure.person.reference
    assert event.actor_id == clerk.pk


# --- The recipient register (generic screen) ---------------------------------------------


def test_the_registrar_adds_and_edits_a_recipient_through_the_screen(client_for, registrar):
    client = _client(client_for, registrar)
    response = client.post(
        reverse("web:recipients-create"),
        {
            "name": "Esimerkki Rahoitus Oy",
            "type": RecipientType.FINANCING,
            "role": "independent_controller",
            "business_id": "26225603",
            "country": "fi",
            "contact": "asiakaspalvelu@example.com",
            "notes": "",
            "is_active": "on",
        },
    )
    recipient = Recipient.objects.get(name="Esimerkki Rahoitus Oy")
    assert response.status_code == 302
    assert recipient.business_id == "2622560-3"
    assert recipient.country == "FI"
    created = AuditEvent.objects.get(type=EventType.RECORD_CREATED, target_ref=recipient.reference)
    assert "contact" in created.fields

    edit = client.post(
        reverse("web:recipients-edit", args=[recipient.reference]),
        {
            "name": "Esimerkki Rahoitus Oy",
            "type": RecipientType.FINANCING,
            "role": "independent_controller",
            "business_id": "2622560-3",
            "country": "FI",
            "contact": "asiakaspalvelu@example.com",
            "notes": "Sopimus 1/2025",
            "is_active": "on",
        },
    )
    assert edit.status_code == 302
    updated = AuditEvent.objects.get(type=EventType.RECORD_UPDATED, target_ref=recipient.reference)
    assert updated.fields == ["notes"]


def test_a_bad_business_id_and_country_are_refused_on_the_screen(client_for, registrar):
    response = _client(client_for, registrar).post(
        reverse("web:recipients-create"),
        {
            "name": "Väärä Oy",
            "type": RecipientType.FINANCING,
            "role": "independent_controller",
            "business_id": "2622560-4",
            "country": "Suomi",
        },
    )
    page = response.content.decode()
    assert "valid business ID" in page
    assert "two-letter country code" in page
    assert 'value="Väärä Oy"' in page
    assert not Recipient.objects.filter(name="Väärä Oy").exists()


def test_clerks_read_the_recipient_register_but_do_not_edit_it(client_for, clerk):
    recipient = Recipient.objects.get(seed_key="police")
    client = _client(client_for, clerk)
    assert (
        client.get(reverse("web:recipients-detail", args=[recipient.reference])).status_code == 200
    )
    edit = reverse("web:recipients-edit", args=[recipient.reference])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "x"}).status_code == 403


# --- The processor register, end to end -----------------------------------------------------


def _processor_form(processor: Processor, **overrides):
    data = {
        "name": processor.name,
        "service": processor.service,
        "service_description": processor.service_description,
        "business_id": processor.business_id,
        "data_categories": processor.data_categories,
        "subject_groups": processor.subject_groups,
        "country": processor.country,
        "location": processor.location,
        "transfer_mechanism": processor.transfer_mechanism,
        "dpa_signed_on": "",
        "sub_processors": processor.sub_processors,
        "review_on": "",
        "contact": processor.contact,
        "notes": processor.notes,
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


CLAUSES_TICKED = {
    name: "on"
    for name in (
        "has_documented_instructions",
        "has_confidentiality",
        "has_security_measures",
        "has_sub_processor_terms",
        "has_rights_assistance",
        "has_compliance_assistance",
        "has_deletion_or_return",
        "has_audit_rights",
    )
}


def test_the_registrar_completes_an_example_processor_and_its_warnings_go(client_for, registrar):
    client = _client(client_for, registrar)
    example = Processor.objects.get(seed_key="email_marketing")

    listing = client.get(reverse("disclosures:processor-list")).content.decode()
    assert "example, to be completed" in listing
    assert "No data processing agreement on file" in listing
    detail = client.get(reverse("disclosures:processor-detail", args=[example.reference]))
    assert "No data processing agreement on file" in detail.content.decode()

    # A US service without a transfer mechanism is refused, keeping the input.
    refused = client.post(
        reverse("disclosures:processor-edit", args=[example.reference]),
        _processor_form(example, name="Esimerkki Posti Inc", country="us"),
    )
    assert refused.status_code == 400
    assert "outside the EU/EEA" in refused.content.decode()
    assert 'value="Esimerkki Posti Inc"' in refused.content.decode()

    review_on = (timezone.localdate() + dt.timedelta(days=365)).isoformat()
    saved = client.post(
        reverse("disclosures:processor-edit", args=[example.reference]),
        _processor_form(
            example,
            name="Esimerkki Posti Inc",
            country="US",
            transfer_mechanism="adequacy",
            dpa_signed_on="2025-01-15",
            review_on=review_on,
            **CLAUSES_TICKED,
        ),
    )
    assert saved.status_code == 302
    example.refresh_from_db()
    assert example.country == "US"
    assert example.dpa_signed_on == dt.date(2025, 1, 15)
    assert example.is_example is False  # the box was left unticked
    detail = client.get(reverse("disclosures:processor-detail", args=[example.reference]))
    assert "in order" not in detail.content.decode()  # the detail page lists no warnings
    assert "No data processing agreement" not in detail.content.decode()
    listing = client.get(reverse("disclosures:processor-list")).content.decode()
    assert listing.count("in order") == 1
    event = AuditEvent.objects.get(type=EventType.RECORD_UPDATED, target_ref=example.reference)
    assert {"name", "country", "dpa_signed_on", "has_audit_rights", "is_example"} <= set(
        event.fields
    )


def test_an_overdue_review_is_shown_on_the_register(client_for, administrator):
    processor = Processor.objects.get(seed_key="website_hosting")
    Processor.objects.filter(pk=processor.pk).update(review_on=dt.date(2020, 1, 1))
    page = _client(client_for, administrator).get(reverse("disclosures:processor-list"))
    assert "The review was due on" in page.content.decode()


def test_a_new_processor_is_registered(client_for, administrator):
    response = _client(client_for, administrator).post(
        reverse("disclosures:processor-create"),
        {
            "name": "Esimerkki Palkka Oy",
            "service": "financial_administration",
            "data_categories": [Category.PAYROLL, Category.IDENTITY],
            "subject_groups": ["employees"],
            "country": "FI",
            "transfer_mechanism": "none",
            "is_active": "on",
        },
    )
    processor = Processor.objects.get(name="Esimerkki Palkka Oy")
    assert response.status_code == 302
    assert processor.data_categories == ["identity", "payroll"]
    assert AuditEvent.objects.filter(
        type=EventType.RECORD_CREATED, target_ref=processor.reference
    ).exists()


def test_clerks_may_not_open_or_change_the_processor_register(client_for, clerk):
    processor = Processor.objects.get(seed_key="cloud_storage")
    client = client_for(clerk)
    assert (
        client.get(reverse("disclosures:processor-detail", args=[processor.reference])).status_code
        == 403
    )
    assert (
        client.post(
            reverse("disclosures:processor-edit", args=[processor.reference]), {}
        ).status_code
        == 403
    )


# --- Art. 19 tasks, end to end ----------------------------------------------------------------


def test_the_registrar_creates_and_closes_the_art_19_tasks_in_the_ui(client_for, registrar):
    person = make_person()
    warranty = make_recipient("Takuu Oy")
    finance = make_recipient("Rahoitus Oy", type=RecipientType.FINANCING)
    make_disclosure(person=person, recipient=warranty)
    make_disclosure(person=person, recipient=finance)
    client = _client(client_for, registrar)

    created = client.post(
        reverse("disclosures:notification-create"),
        {"person": person.reference, "change": ChangeKind.ERASURE, "request_ref": "REQ-12"},
        follow=True,
    )
    assert "2 recipients are to be notified" in created.content.decode()
    tasks = list(RecipientNotification.objects.order_by("recipient__name"))
    assert [t.recipient for t in tasks] == [finance, warranty]

    first = tasks[0]
    url = reverse("disclosures:notification-detail", args=[first.reference])
    refused = client.post(url, {"status": NotificationStatus.IMPOSSIBLE, "note": ""})
    assert refused.status_code == 400
    assert "impossible or disproportionate" in refused.content.decode()

    done = client.post(url, {"status": NotificationStatus.SENT, "note": "Sähköposti 3.6."})
    assert done.status_code == 302
    first.refresh_from_db()
    assert first.status == NotificationStatus.SENT
    assert first.done_by == registrar
    open_list = client.get(reverse("disclosures:notification-list")).content.decode()
    assert tasks[1].reference in open_list
    assert first.reference not in open_list
    all_list = client.get(reverse("disclosures:notification-list"), {"status": "all"})
    assert first.reference in all_list.content.decode()


def test_clerks_see_the_tasks_but_cannot_close_them(client_for, clerk):
    person = make_person()
    make_disclosure(person=person)
    (task,) = create_recipient_notifications(None, person, change=ChangeKind.RECTIFICATION)
    client = _client(client_for, clerk)
    url = reverse("disclosures:notification-detail", args=[task.reference])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"] is None
    assert client.post(url, {"status": NotificationStatus.SENT}).status_code == 403
    task.refresh_from_db()
    assert task.is_open


def test_notifying_a_person_with_no_disclosures_says_so(client_for, registrar):
    person = make_person()
    response = _client(client_for, registrar).post(
        reverse("disclosures:notification-create"),
        {"person": person.reference, "change": ChangeKind.RESTRICTION},
        follow=True,
    )
    assert "nobody to notify" in response.content.decode()
    assert not RecipientNotification.objects.exists()
