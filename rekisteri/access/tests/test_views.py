"""The access-report pages: who may open them, what they show, what the downloads carry."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from rekisteri.access.requests import (
    RequestInfo,
    register_request_resolver,
    unregister_request_resolver,
)
from rekisteri.access.tests.factories import (
    DEVICE_SECRET,
    OTHER_EMAIL,
    OWN_EMAIL,
    TODAY,
    make_world,
)
from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def letter_url(world, *, lang: str = "en", also: str = "") -> str:
    url = reverse("access:person-letter", args=[world.person.reference]) + f"?lang={lang}"
    return url + (f"&also={also}" if also else "")


# --- Who may --------------------------------------------------------------------------------


def test_the_registrar_opens_the_access_report_page(client_for, registrar):
    response = client_for(registrar).get(reverse("access:index"))

    assert response.status_code == 200
    assert b"H-7KQ2M9XD" in response.content


@pytest.mark.parametrize(
    "persona", ["clerk", "technician", "hr", "health_handler", "administrator", "outsider"]
)
def test_everyone_but_the_registrar_gets_403(request, client_for, world, persona):
    client = client_for(request.getfixturevalue(persona))
    person = world.person.reference

    for url in (
        reverse("access:index"),
        reverse("access:person-letter", args=[person]),
        reverse("access:person-letter-pdf", args=[person]),
        reverse("access:person-bundle", args=[person]),
        reverse("access:request-letter", args=["PR-TESTTEST"]),
    ):
        assert client.get(url).status_code == 403, url
    assert not AuditEvent.objects.filter(type=EventType.ACCESS_REPORT_BUILT).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(letter_url(world))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Choosing the person ------------------------------------------------------------------


def test_the_form_sends_the_registrar_to_the_letter_with_the_duplicates(
    client_for, registrar, world
):
    response = client_for(registrar).post(
        reverse("access:index"),
        {"people": f"{world.person.reference.lower()} {world.other.reference}", "language": "fi"},
    )

    assert response.status_code == 302
    assert response["Location"] == letter_url(world, lang="fi", also=world.other.reference)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("matti@example.fi", b"is not a person reference"),
        ("H-ZZZZZZZZ", b"No person has the reference H-ZZZZZZZZ"),
        ("", b"This field is required"),
    ],
)
def test_bad_references_are_refused_and_kept_in_the_form(client_for, registrar, typed, message):
    client = client_for(registrar)
    client.cookies["django_language"] = "en"

    response = client.post(reverse("access:index"), {"people": typed, "language": "en"})

    assert response.status_code == 400
    assert message in response.content
    if typed:
        assert typed.encode() in response.content


# --- The letter page -------------------------------------------------------------------------


def test_the_letter_page_shows_the_letter_and_audits_the_read(client_for, registrar, world):
    client = client_for(registrar)
    client.cookies["django_language"] = "en"

    response = client.get(letter_url(world))

    assert response.status_code == 200
    body = response.content.decode()
    assert OWN_EMAIL in body
    assert OTHER_EMAIL not in body
    assert DEVICE_SECRET not in body
    assert "Read the letter through before sending it" in body
    assert reverse("access:person-letter-pdf", args=[world.person.reference]) in body
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(type=EventType.ACCESS_REPORT_BUILT, actor=registrar)
    assert event.person_ref == world.person.reference
    assert event.reason == "access letter shown (en)"


def test_the_letter_page_renders_in_the_letters_language_inside_the_staff_language(
    client_for, registrar, world
):
    client = client_for(registrar)
    client.cookies["django_language"] = "en"

    response = client.get(letter_url(world, lang="fi"))

    body = response.content.decode()
    assert "Kopio tiedoistasi" in body
    assert "Download the letter (PDF)" in body


def test_unknown_people_and_languages_give_404(client_for, registrar, world):
    client = client_for(registrar)

    assert client.get(reverse("access:person-letter", args=["H-ZZZZZZZZ"])).status_code == 404
    assert client.get(reverse("access:person-letter", args=["not-a-ref"])).status_code == 404
    assert client.get(letter_url(world, lang="sv")).status_code == 404
    assert client.get(letter_url(world, also="H-ZZZZZZZZ")).status_code == 404


# --- Downloads -----------------------------------------------------------------------------


def test_the_pdf_download_is_an_audited_uncached_attachment(client_for, registrar, world):
    url = reverse("access:person-letter-pdf", args=[world.person.reference]) + "?lang=fi"

    response = client_for(registrar).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="access-letter-{world.person.reference}-fi.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(type=EventType.EXPORT_DOWNLOADED)
    assert event.person_ref == world.person.reference
    assert event.reason == "access letter PDF downloaded (fi)"


def test_the_bundle_download_is_an_audited_uncached_zip(client_for, registrar, world):
    url = (
        reverse("access:person-bundle", args=[world.person.reference])
        + f"?lang=en&also={world.other.reference}"
    )

    response = client_for(registrar).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="portability-')
    assert "no-store" in response["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "manifest.json" in archive.namelist()
    people = set(
        AuditEvent.objects.filter(type=EventType.EXPORT_DOWNLOADED).values_list(
            "person_ref", flat=True
        )
    )
    assert people == {world.person.reference, world.other.reference}


# --- A request's letter ------------------------------------------------------------------


@pytest.fixture
def resolver(world):
    def resolve(reference: str) -> RequestInfo | None:
        if reference == "PR-TESTTEST":
            return RequestInfo(
                reference=reference,
                received_on=TODAY,
                people=(world.person,),
                identity_check="an order number and the e-mail address matched",
                language="fi",
            )
        if reference == "PR-NOBODY22":
            return RequestInfo(reference=reference, received_on=TODAY, people=())
        return None

    register_request_resolver(resolve)
    yield resolve
    unregister_request_resolver(resolve)


def test_a_requests_letter_covers_its_confirmed_people_in_its_language(
    client_for, registrar, world, resolver
):
    response = client_for(registrar).get(reverse("access:request-letter", args=["PR-TESTTEST"]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "PR-TESTTEST" in body
    assert "Kopio tiedoistasi" in body
    assert "an order number and the e-mail address matched" in body
    assert reverse("access:request-letter-pdf", args=["PR-TESTTEST"]) in body
    event = AuditEvent.objects.get(type=EventType.ACCESS_REPORT_BUILT)
    assert event.target_ref == "PR-TESTTEST"


def test_a_requests_downloads_are_named_by_the_request(client_for, registrar, world, resolver):
    client = client_for(registrar)

    pdf = client.get(reverse("access:request-letter-pdf", args=["PR-TESTTEST"]))
    bundle = client.get(reverse("access:request-bundle", args=["PR-TESTTEST"]) + "?lang=en")

    assert pdf["Content-Disposition"] == 'attachment; filename="access-letter-PR-TESTTEST-fi.pdf"'
    assert bundle["Content-Disposition"] == 'attachment; filename="portability-PR-TESTTEST.zip"'
    assert AuditEvent.objects.filter(type=EventType.EXPORT_DOWNLOADED).count() == 2


def test_a_request_without_confirmed_people_says_so(client_for, registrar, resolver):
    client = client_for(registrar)

    response = client.get(reverse("access:request-letter", args=["PR-NOBODY22"]))

    assert response.status_code == 409
    assert client.get(reverse("access:request-bundle", args=["PR-NOBODY22"])).status_code == 404


def test_an_unknown_request_gives_404(client_for, registrar):
    response = client_for(registrar).get(reverse("access:request-letter", args=["PR-UNKNOWN2"]))

    assert response.status_code == 404


def test_restricted_people_get_their_letter_with_the_restriction_stated(
    client_for, registrar, world
):
    Person.objects.filter(pk=world.person.pk).update(is_restricted=True)

    response = client_for(registrar).get(letter_url(world))

    assert response.status_code == 200
    assert b"The processing of your data is restricted" in response.content


def test_a_request_in_the_request_register_gives_its_confirmed_people_and_records(
    client_for, registrar, world
):
    from django.utils import timezone

    from rekisteri.access.tests.factories import make_guest_order
    from rekisteri.dsr.models import ConfirmedPerson, ConfirmedRecord, IdentityCheck, SubjectRequest

    now = timezone.now()
    guest_order = make_guest_order(world.other)
    request = SubjectRequest.objects.create(
        kind="access",
        channel="email",
        received_at=now,
        requester_name="Testi Asiakas",
        language="en",
        due_on=TODAY,
    )
    ConfirmedPerson.objects.create(request=request, person=world.person, confirmed_at=now)
    ConfirmedRecord.objects.create(
        request=request,
        person=world.other,
        model_label="webshop.Order",
        object_id=str(guest_order.pk),
        record_ref=guest_order.reference,
        confirmed_at=now,
    )
    IdentityCheck.objects.create(
        request=request, method="known_email", outcome="verified", checked_at=now
    )

    response = client_for(registrar).get(reverse("access:request-letter", args=[request.reference]))

    assert response.status_code == 200
    body = response.content.decode()
    assert request.reference in body
    assert "A copy of your data" in body
    assert "an e-mail address we hold for them" in body
    assert guest_order.reference in body
    assert world.other.reference not in body
