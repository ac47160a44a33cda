"""The public pages: the form in Finnish and English, the link, limits, no enumeration."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import formats, translation

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.dsr.models import SubjectRequest
from rekisteri.intake.models import PendingSubmission
from rekisteri.intake.tests.helpers import EMAIL, form_data, last_link

pytestmark = pytest.mark.django_db

FORM = "/privacy/"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST the form (mail goes out on commit), from ``address``."""

    def send(data=None, *, address="192.0.2.10", follow=False, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                FORM, data or form_data(**overrides), REMOTE_ADDR=address, follow=follow
            )

    return send


@pytest.fixture
def confirm(client, django_capture_on_commit_callbacks):
    def press(path):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path)

    return press


def _text(response):
    return response.content.decode()


def _without_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", _text(response))


# --- The form ----------------------------------------------------------------------------------


def test_anyone_may_open_the_form_in_finnish_by_default(client):
    response = client.get(FORM)
    assert response.status_code == 200
    page = _text(response)
    assert '<html lang="fi">' in page
    assert "Pyyntö omista henkilötiedoista" in page
    assert "iLaakso IT Oy" in page
    assert "Tietojeni poistaminen" in page
    assert 'href="/notices/customers/fi/"' in page
    assert 'class="side"' not in page  # not the staff layout with its menu


def test_the_form_is_in_english_on_request(client):
    page = _text(client.get(FORM, {"lang": "en"}))
    assert '<html lang="en">' in page
    assert "Ask about your personal data" in page
    assert 'name="language" value="en" id="id_language"' in page


def test_the_language_switch_sets_the_language_and_returns_to_the_form(client):
    page = _text(client.get(FORM))
    assert f'action="{reverse("set_language")}"' in page
    assert 'value="/privacy/?lang=en"' in page
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/privacy/?lang=en"}, follow=True
    )
    assert "Ask about your personal data" in _text(response)
    assert "Ask about your personal data" in _text(client.get(FORM))  # the cookie stays


def test_the_pages_need_no_script_and_no_inline_style(client):
    page = _text(client.get(FORM))
    assert "<script" not in page
    assert "style=" not in page
    assert "<style" not in page
    assert "Content-Security-Policy" in client.get(FORM).headers
    assert "'unsafe-inline'" not in client.get(FORM).headers["Content-Security-Policy"]


def test_every_field_has_a_label_and_the_radios_a_legend(client):
    page = _text(client.get(FORM))
    for name in ("requester_name", "requester_email", "requester_phone", "description"):
        assert f'<label for="id_{name}">' in page
    assert page.count("<legend>") == 2
    assert 'autocomplete="email"' in page


def test_errors_are_shown_next_to_their_fields_in_finnish(post):
    response = post(form_data(requester_name="", requester_email="ei-osoite", kind=""))
    assert response.status_code == 200
    page = _text(response)
    assert "Tarkistakaa lomake" in page
    assert "Kirjoittakaa nimenne." in page
    assert "Kirjoittakaa kelvollinen sähköpostiosoite" in page
    assert "Valitkaa, mitä pyydätte." in page
    assert 'id="id_requester_name-error"' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_requester_email-help id_requester_email-error"' in page
    assert 'value="ei-osoite"' in page  # what was typed is kept
    assert not mail.outbox


def test_errors_are_in_english_when_the_form_was_in_english(post):
    page = _text(post(form_data(requester_name="", language="en", kind="objection")))
    assert "Please check the form" in page
    assert "Write your name." in page
    assert "Choose what you object to." in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "rectification"}, "Tell us what is wrong and what the right data is."),
        ({"requester_phone": "12"}, "Enter a valid phone number"),
        ({"description": "Hetuni on 131052-308T."}, "Please remove the personal identity code"),
        ({"order_number": "x" * 41}, "Shorten this to 40 characters."),
        ({"kind": "portability-and-more"}, "Choose what you ask for."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(post, overrides, message):
    response = post(form_data(language="en", **overrides))
    assert response.status_code == 200
    assert message in _text(response)
    assert not PendingSubmission.objects.exists()


def test_a_scope_left_over_from_changing_ones_mind_is_dropped(post):
    post(kind="access", objection_scope="direct_marketing")
    assert PendingSubmission.objects.get().objection_scope == ""


# --- Submitting and confirming ------------------------------------------------------------------


def test_submitting_sends_one_message_and_shows_check_your_e_mail(client, post):
    response = post()
    assert response.status_code == 303
    assert response["Location"] == "/privacy/sent/?lang=fi"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    page = _text(client.get(response["Location"]))
    assert "Tarkistakaa sähköpostinne" in page
    assert "24 tunnin kuluessa" in page


def test_the_sent_page_is_in_the_language_of_the_form(client, post):
    response = post(language="en")
    page = _text(client.get(response["Location"]))
    assert "Check your e-mail" in page
    assert "within 24 hours" in page


def test_the_link_shows_what_was_sent_and_changes_nothing_until_confirmed(client, post):
    post(kind="erasure", order_number="W-1001")
    response = client.get(last_link())
    assert response.status_code == 200
    page = _text(response)
    assert "Vahvistakaa pyyntönne" in page
    assert "Tietojeni poistaminen" in page
    assert "W-1001" in page
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert not SubjectRequest.objects.exists()  # a mail filter opening the link confirms nothing


def test_confirming_creates_exactly_one_web_request_and_shows_its_reference(client, post, confirm):
    post(kind="objection", objection_scope="direct_marketing")
    response = confirm(last_link())
    assert response.status_code == 200
    request = SubjectRequest.objects.get()
    assert request.channel == "web"
    assert request.email_confirmed_at is not None
    page = _text(response)
    assert "Kiitos – pyyntönne on vastaanotettu" in page
    assert request.reference in page
    assert "Vastaamme viimeistään" in page
    with translation.override("fi"):
        assert formats.date_format(request.due_on, "DATE_FORMAT") in page
    assert not PendingSubmission.objects.exists()
    assert len(mail.outbox) == 2  # the link, then the receipt


def test_a_second_click_creates_no_second_request(client, post, confirm):
    post()
    link = last_link()
    confirm(link)
    again = client.get(link)
    assert again.status_code == 200
    assert "Tämä pyyntö on jo vahvistettu" in _text(again)
    pressed_again = confirm(link)
    assert "Tämä pyyntö on jo vahvistettu" in _text(pressed_again)
    assert SubjectRequest.objects.count() == 1


def test_an_expired_link_gets_a_page_in_the_language_of_the_form(client, post, confirm):
    client.cookies.load({"django_language": "fi"})
    start = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        post(language="en")
        link = last_link()
    with time_machine.travel(start + dt.timedelta(hours=25), tick=False):
        opened = client.get(link)
        pressed = confirm(link)
    for response in (opened, pressed):
        assert response.status_code == 410
        assert "The link has expired" in _text(response)
        assert "Send the form again" in _text(response)
        assert '<html lang="en">' in _text(response)
    assert not SubjectRequest.objects.exists()


@pytest.mark.parametrize("change", ["truncate", "flip", "junk"])
def test_a_tampered_link_gets_a_clear_page(client, post, confirm, change):
    post()
    link = last_link()
    token = link.split("/")[-2]
    bad = {
        "truncate": token[:-3],
        "flip": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "junk": "abc",
    }[change]
    for response in (client.get(f"/privacy/confirm/{bad}/"), confirm(f"/privacy/confirm/{bad}/")):
        assert response.status_code == 400
        assert "Linkki ei toimi" in _text(response)
        assert "Lähetä lomake uudelleen" in _text(response)
    assert not SubjectRequest.objects.exists()


def test_a_refused_message_gets_a_polite_page(post, monkeypatch):
    def refuse(self, fail_silently=False):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    response = post()
    assert response.status_code == 503
    assert "Sähköpostia ei voitu lähettää" in _text(response)


# --- No enumeration -----------------------------------------------------------------------------


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client, post):
    from rekisteri.registers.customers.tests.factories import private_customer

    private_customer(None, email="tunnettu@example.fi")
    known = post(requester_email="tunnettu@example.fi", requester_name="Testi Asiakas")
    unknown = post(requester_email="tuntematon@example.fi", requester_name="Testi Asiakas")
    assert known.status_code == unknown.status_code == 303
    assert known["Location"] == unknown["Location"]
    assert known.content == unknown.content
    first = client.get(known["Location"])
    second = client.get(unknown["Location"])
    assert first.status_code == second.status_code == 200
    assert _without_csrf(first) == _without_csrf(second)
    assert len(mail.outbox) == 2  # each address got its link
    assert mail.outbox[0].subject == mail.outbox[1].subject


# --- Rate limits and robots ---------------------------------------------------------------------


def test_six_submissions_from_one_address_in_an_hour_get_a_polite_429(post):
    for number in range(5):
        assert post(requester_email=f"henkilo{number}@example.fi").status_code == 303
    response = post(requester_email="kuudes@example.fi", language="en")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please try again later" in _text(response)
    assert len(mail.outbox) == 5


def test_the_limit_page_is_in_finnish_for_a_finnish_form(post):
    for number in range(5):
        post(requester_email=f"henkilo{number}@example.fi")
    page = _text(post(requester_email="kuudes@example.fi"))
    assert "Yrittäkää myöhemmin uudelleen" in page


def test_a_fourth_message_to_one_address_in_a_day_is_silently_not_sent(client, post):
    responses = [post(address=f"198.51.100.{n}") for n in range(4)]
    assert [r.status_code for r in responses] == [303] * 4
    assert len({r["Location"] for r in responses}) == 1
    assert len(mail.outbox) == 3
    assert PendingSubmission.objects.count() == 3
    # The same page as every other submission: nothing tells a stranger the address was used.
    assert _without_csrf(client.get(responses[3]["Location"])) == _without_csrf(
        client.get(responses[0]["Location"])
    )


def test_retrying_after_errors_is_bounded_too(post):
    codes = [post(form_data(requester_name="")).status_code for _ in range(31)]
    assert codes[:30] == [200] * 30
    assert codes[30] == 429


def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_nothing_is_sent(post):
    response = post(website="http://spam.example")
    assert response.status_code == 303
    assert response["Location"] == "/privacy/sent/?lang=fi"
    assert not mail.outbox
    assert not PendingSubmission.objects.exists()


# --- Audit and access ---------------------------------------------------------------------------


def test_submitting_and_confirming_are_audited_as_the_web_form(post, confirm):
    post()
    confirm(last_link())
    types = list(AuditEvent.objects.filter(actor_label="web-form").values_list("type", flat=True))
    assert EventType.PUBLIC_REQUEST_SUBMITTED in types
    assert EventType.REQUEST_RECEIVED in types
    assert EventType.PUBLIC_REQUEST_VERIFIED in types


def test_staff_pages_stay_closed_to_the_public(client, post, confirm):
    post()
    confirm(last_link())
    reference = SubjectRequest.objects.get().reference
    for url in (
        reverse("dsr:request-list"),
        reverse("dsr:request-detail", args=[reference]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_registrar_sees_the_channel_and_the_confirmed_e_mail(
    post, confirm, registrar, client_for
):
    post()
    confirm(last_link())
    request = SubjectRequest.objects.get()
    staff = client_for(registrar)
    listing = _text(staff.get(reverse("dsr:request-list")))
    assert "Verkkosivujen kautta" in listing
    assert "sähköposti vahvistettu" in listing
    detail = _text(staff.get(reverse("dsr:request-detail", args=[request.reference])))
    assert "Pyytäjä vahvisti sähköpostiosoitteen maija.meikalainen@example.fi" in detail
    assert "ei henkilöllisyyttä" in detail


def test_the_public_privacy_notice_links_to_the_form(client):
    finnish = _text(client.get("/notices/customers/"))
    assert 'href="/privacy/?lang=fi"' in finnish
    assert "Lähettäkää pyyntönne verkkolomakkeellamme" in finnish
    english = _text(client.get("/notices/customers/en/"))
    assert 'href="/privacy/?lang=en"' in english
    assert "Send your request with our online form" in english
