"""The service screens and pages for allowed and denied personas."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.registers.service.models import DeviceCredential, JobStatus, ServiceJob

from .factories import DEVICE_USERNAME, SECRET, make_credential, make_job, make_person

pytestmark = pytest.mark.django_db


def _job_form(person, **overrides):
    data = {
        "person": person.pk,
        "kind": "service",
        "device": "HP EliteBook 840",
        "serial_number": "5CG1234567",
        "fault_description": "Näyttö vilkkuu.",
        "work_done": "",
        "notes": "",
        "status": JobStatus.RECEIVED,
    }
    data.update(overrides)
    return data


# --- Service jobs ---------------------------------------------------------------------


def test_technicians_clerks_and_the_registrar_see_service_jobs(
    client_for, technician, clerk, registrar
):
    job = make_job()
    for user in (technician, clerk, registrar):
        client = client_for(user)
        assert client.get(reverse("web:service-jobs-list")).status_code == 200
        assert (
            client.get(reverse("web:service-jobs-detail", args=[job.reference])).status_code == 200
        )


def test_people_without_service_rights_are_refused(client_for, hr, outsider, health_handler):
    job = make_job()
    for user in (hr, outsider, health_handler):
        client = client_for(user)
        assert client.get(reverse("web:service-jobs-list")).status_code == 403
        assert (
            client.get(reverse("service:job-credentials", args=[job.reference])).status_code == 403
        )


def test_an_anonymous_visitor_is_sent_to_the_login_page(client_for):
    job = make_job()
    for url in (
        reverse("web:service-jobs-list"),
        reverse("service:job-credentials", args=[job.reference]),
        reverse("service:job-close", args=[job.reference]),
    ):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_guessed_job_reference_is_not_found(client_for, technician):
    client = client_for(technician)
    for name in ("service:job-credentials", "service:job-close"):
        assert client.get(reverse(name, args=["J-ZZZZZZZZ"])).status_code == 404
    assert client.get(reverse("web:service-jobs-detail", args=["J-ZZZZZZZZ"])).status_code == 404


def test_a_technician_opens_a_job_from_the_form(client_for, technician):
    person = make_person()
    response = client_for(technician).post(
        reverse("web:service-jobs-create"), _job_form(person, assigned_to=technician.pk)
    )
    assert response.status_code == 302
    job = ServiceJob.objects.get()
    assert (job.person, job.device, job.assigned_to) == (person, "HP EliteBook 840", technician)
    event = AuditEvent.objects.get(type=EventType.RECORD_CREATED)
    assert event.actor_id == technician.pk
    assert "Näyttö" not in str(event.fields)


def test_an_incomplete_job_form_keeps_what_was_typed(client_for, technician):
    person = make_person()
    response = client_for(technician).post(
        reverse("web:service-jobs-create"),
        _job_form(person, device="", serial_number="PF-KEEP-ME", fault_description="Ei käynnisty"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in body
    assert 'value="PF-KEEP-ME"' in body
    assert "Ei käynnisty" in body
    assert ServiceJob.objects.count() == 0


def test_a_clerk_may_view_but_not_open_jobs(client_for, clerk):
    assert client_for(clerk).get(reverse("web:service-jobs-create")).status_code == 403


def test_the_job_form_cannot_close_a_job(client_for, technician):
    job = make_job()
    response = client_for(technician).post(
        reverse("web:service-jobs-edit", args=[job.reference]),
        _job_form(job.person, status=JobStatus.CLOSED),
    )
    assert response.status_code == 200
    job.refresh_from_db()
    assert job.status == JobStatus.RECEIVED


def test_a_closed_job_cannot_be_edited_from_the_form(client_for, technician):
    job = make_job()
    client = client_for(technician)
    client.post(reverse("service:job-close", args=[job.reference]), {"work_done": "Valmis."})
    response = client.post(
        reverse("web:service-jobs-edit", args=[job.reference]),
        _job_form(job.person, device="Toinen"),
    )
    assert response.status_code == 200
    job.refresh_from_db()
    assert job.device == "Lenovo ThinkPad T14"


def test_the_job_detail_links_to_credentials_and_closing(client_for, technician, clerk):
    job = make_job()
    body = (
        client_for(technician)
        .get(reverse("web:service-jobs-detail", args=[job.reference]))
        .content.decode()
    )
    assert reverse("service:job-credentials", args=[job.reference]) in body
    assert reverse("service:job-close", args=[job.reference]) in body
    body = (
        client_for(clerk)
        .get(reverse("web:service-jobs-detail", args=[job.reference]))
        .content.decode()
    )
    assert reverse("service:job-close", args=[job.reference]) not in body


# --- Credentials ---------------------------------------------------------------------


def test_the_credentials_page_shows_labels_and_masks_values(client_for, technician, clerk):
    credential = make_credential()
    url = reverse("service:job-credentials", args=[credential.job.reference])
    reveal_url = reverse("web:device-credentials-reveal", args=[credential.reference, "secret"])
    for user in (technician, clerk):
        body = client_for(user).get(url).content.decode()
        assert "Windows-kirjautuminen" in body
        assert SECRET not in body
        assert DEVICE_USERNAME not in body
        assert (reveal_url in body) is (user is technician)
    event = AuditEvent.objects.filter(type=EventType.RECORD_VIEWED).latest("id")
    assert (event.target_ref, event.fields) == (credential.job.reference, ["credentials"])


def test_the_credential_detail_masks_values_and_offers_reveal_only_to_technicians(
    client_for, technician, clerk
):
    credential = make_credential()
    url = reverse("web:device-credentials-detail", args=[credential.reference])
    reveal_url = reverse("web:device-credentials-reveal", args=[credential.reference, "secret"])
    tech_body = client_for(technician).get(url).content.decode()
    clerk_body = client_for(clerk).get(url).content.decode()
    for body in (tech_body, clerk_body):
        assert SECRET not in body
        assert DEVICE_USERNAME not in body
    assert reveal_url in tech_body
    assert reveal_url not in clerk_body


def test_a_technician_reveals_a_secret_through_the_generic_reveal_view(client_for, technician):
    credential = make_credential()
    url = reverse("web:device-credentials-reveal", args=[credential.reference, "secret"])
    response = client_for(technician).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(type=EventType.SECRET_REVEALED)
    assert (event.actor_id, event.target_ref, event.fields) == (
        technician.pk,
        credential.reference,
        ["secret"],
    )


def test_the_reveal_button_needs_the_csrf_token_from_the_page(client_for, technician):
    credential = make_credential()
    client = client_for(technician)
    client.handler.enforce_csrf_checks = True
    page = client.get(reverse("service:job-credentials", args=[credential.job.reference]))
    token = page.context["csrf_token"]
    assert f'"X-CSRFToken": "{token}"' in page.content.decode()
    url = reverse("web:device-credentials-reveal", args=[credential.reference, "username"])
    assert client.post(url).status_code == 403
    response = client.post(url, HTTP_X_CSRFTOKEN=str(token))
    assert response.status_code == 200
    assert DEVICE_USERNAME in response.content.decode()


@pytest.mark.parametrize("persona", ["clerk", "registrar", "administrator"])
def test_non_technicians_cannot_reveal_credentials(client_for, request, persona):
    credential = make_credential()
    url = reverse("web:device-credentials-reveal", args=[credential.reference, "secret"])
    response = client_for(request.getfixturevalue(persona)).post(url)
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(type=EventType.SECRET_REVEALED).exists()


def test_device_credentials_are_not_in_the_menu_and_not_editable(client_for, technician):
    credential = make_credential()
    client = client_for(technician)
    assert (
        client.get(reverse("web:device-credentials-edit", args=[credential.reference])).status_code
        == 404
    )
    assert client.get(reverse("web:device-credentials-create")).status_code == 404
    assert (
        reverse("web:device-credentials-list")
        not in client.get(reverse("web:dashboard")).content.decode()
    )


def test_a_technician_adds_a_credential(client_for, technician):
    job = make_job()
    response = client_for(technician).post(
        reverse("service:job-credential-add", args=[job.reference]),
        {"label": "Reitittimen hallinta", "username": "admin", "secret": "Reititin-99"},
    )
    assert response.status_code == 302
    credential = DeviceCredential.objects.get()
    assert (credential.job, credential.secret) == (job, "Reititin-99")
    event = AuditEvent.objects.filter(type=EventType.RECORD_CREATED).latest("id")
    assert (event.actor_id, event.target_ref) == (technician.pk, credential.reference)
    assert "Reititin-99" not in str(event.fields) + event.reason


def test_an_incomplete_credential_form_keeps_what_was_typed(client_for, technician):
    job = make_job()
    response = client_for(technician).post(
        reverse("service:job-credential-add", args=[job.reference]),
        {"label": "Reitittimen hallinta", "username": "admin", "secret": ""},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'value="Reitittimen hallinta"' in body
    assert 'value="admin"' in body
    assert "Tämä kenttä vaaditaan." in body
    assert DeviceCredential.objects.count() == 0


def test_a_clerk_cannot_add_credentials(client_for, clerk):
    job = make_job()
    response = client_for(clerk).post(
        reverse("service:job-credential-add", args=[job.reference]),
        {"label": "Windows", "secret": "x"},
    )
    assert response.status_code == 403
    assert DeviceCredential.objects.count() == 0


def test_closing_a_job_from_its_page_purges_the_credentials(client_for, technician):
    credential = make_credential()
    job = credential.job
    client = client_for(technician)
    page = client.get(reverse("service:job-close", args=[job.reference]))
    assert page.status_code == 200
    assert "1" in page.content.decode()
    response = client.post(
        reverse("service:job-close", args=[job.reference]), {"work_done": "Valmis."}
    )
    assert response.status_code == 302
    job.refresh_from_db()
    credential.refresh_from_db()
    assert job.status == JobStatus.CLOSED
    assert credential.is_purged
    assert credential.secret == ""
    assert (
        AuditEvent.objects.filter(type=EventType.CREDENTIAL_PURGED, actor=technician).count() == 1
    )


def test_closing_without_the_work_done_is_explained_in_finnish(client_for, technician):
    job = make_job()
    response = client_for(technician).post(
        reverse("service:job-close", args=[job.reference]),
        {"work_done": ""},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 400
    assert "Kirjaa tehty työ ennen työn sulkemista." in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.RECEIVED


def test_a_clerk_cannot_close_a_job(client_for, clerk):
    job = make_job()
    response = client_for(clerk).post(
        reverse("service:job-close", args=[job.reference]), {"work_done": "x"}
    )
    assert response.status_code == 403


def test_the_person_card_masks_device_credentials(client_for, technician, clerk):
    credential = make_credential()
    url = reverse("web:person-detail", args=[credential.job.person.reference])
    reveal_url = reverse("web:device-credentials-reveal", args=[credential.reference, "secret"])
    for user in (technician, clerk):
        body = client_for(user).get(url).content.decode()
        assert credential.job.reference in body
        assert SECRET not in body
        assert DEVICE_USERNAME not in body
        assert (reveal_url in body) is (user is technician)


def test_a_technician_records_the_handover_from_the_form(client_for, technician):
    job = make_job()
    response = client_for(technician).post(
        reverse("web:service-jobs-edit", args=[job.reference]),
        _job_form(job.person, status=JobStatus.READY, handed_over_at="2026-03-13T15:00"),
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.READY
    assert job.handed_over_at is not None
    assert job.handed_over_at.isoformat().startswith("2026-03-13T13:00")  # UTC
    event = AuditEvent.objects.filter(type=EventType.RECORD_UPDATED).latest("id")
    assert {"status", "handed_over_at"} <= set(event.fields)


def test_a_job_opened_already_in_progress_is_recorded_as_opened_then_updated(
    client_for, technician
):
    person = make_person()
    response = client_for(technician).post(
        reverse("web:service-jobs-create"), _job_form(person, status=JobStatus.IN_PROGRESS)
    )
    assert response.status_code == 302
    job = ServiceJob.objects.get()
    assert job.status == JobStatus.IN_PROGRESS
    assert AuditEvent.objects.filter(type=EventType.RECORD_UPDATED).latest("id").fields == [
        "status"
    ]
