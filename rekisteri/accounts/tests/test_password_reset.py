"""Password reset: one-hour single-use links, no enumeration (ASVS 6.3.8, 6.4.1-6.4.3)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from rekisteri.accounts import reset
from rekisteri.audit.models import AuditEvent, EventType

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 1, 7, 0, tzinfo=UTC)
NEW_PASSWORD = "kesä-aamu-kahvi-7"
URL = "/accounts/password/reset/"


@pytest.fixture
def maija(make_user):
    user = make_user("maija")
    user.email = "maija@kauppa.example"
    user.save()
    return user


def _ask(address: str, client: Client | None = None, ip: str = "10.1.1.1"):
    response = (client or Client()).post(URL, {"email": address}, REMOTE_ADDR=ip)
    reset.wait_for_outgoing_mail()
    return response


def _link() -> str:
    (message,) = mail.outbox
    found = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def _body_without_csrf(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())


def test_the_login_page_links_to_the_reset_form():
    assert URL.encode() in Client().get(reverse("accounts:login")).content


def test_a_known_address_gets_a_link_that_sets_a_new_password(maija):
    response = _ask("MAIJA@kauppa.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox[0].to == ["maija@kauppa.example"]
    client = Client()
    form_page = client.get(_link(), follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    maija.refresh_from_db()
    assert maija.check_password(NEW_PASSWORD)
    events = AuditEvent.objects.values_list("type", "actor_id")
    assert (EventType.PASSWORD_RESET_REQUESTED, None) in events
    assert (EventType.PASSWORD_RESET_COMPLETED, maija.pk) in events


def test_an_unknown_address_gets_the_same_answer_and_no_mail(maija):
    known = _ask("maija@kauppa.example", ip="10.1.1.2")
    unknown = _ask("matti@kauppa.example", ip="10.1.1.3")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(type=EventType.PASSWORD_RESET_REQUESTED).count() == 2
    done = Client().get(known["Location"])
    assert "Jos osoite kuuluu henkilökunnan tunnukselle" in done.content.decode()


def test_a_link_is_refused_after_61_minutes(maija):
    with time_machine.travel(START, tick=False):
        _ask("maija@kauppa.example")
        link = _link()
    with time_machine.travel(START + timedelta(minutes=61), tick=False):
        page = Client().get(link, follow=True)
    assert page.status_code == 200
    assert page.context["validlink"] is False
    maija.refresh_from_db()
    assert maija.check_password(PASSWORD)


def test_a_link_works_once(maija):
    _ask("maija@kauppa.example")
    link = _link()
    client = Client()
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    again = Client().get(link, follow=True)
    assert again.context["validlink"] is False


def test_the_new_password_must_pass_the_password_policy(maija):
    _ask("maija@kauppa.example")
    client = Client()
    page = client.get(_link(), follow=True)
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "lyhyt1", "new_password2": "lyhyt1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert "Salasana on liian lyhyt" in response.content.decode(), "Finnish, not Django's English"
    maija.refresh_from_db()
    assert maija.check_password(PASSWORD)


def test_a_reset_ends_the_users_other_sessions(maija):
    logged_in = Client()
    logged_in.force_login(maija)
    assert logged_in.get(reverse("web:dashboard")).status_code == 200
    _ask("maija@kauppa.example")
    client = Client()
    page = client.get(_link(), follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    response = logged_in.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_form_is_rate_limited_per_address(maija):
    for _ in range(5):
        assert _ask("nobody@kauppa.example", ip="10.9.9.9").status_code == 302
    limited = _ask("maija@kauppa.example", ip="10.9.9.9")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert not mail.outbox
    assert _ask("maija@kauppa.example", ip="10.9.9.10").status_code == 302


def test_the_reset_pages_are_translated(maija):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert b"Forgot your password?" in client.get(URL).content
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    assert b"Unohditko salasanasi?" in client.get(URL).content


def test_the_submitted_password_is_masked_in_error_reports(maija):
    from django.views.debug import SafeExceptionReporterFilter

    _ask("maija@kauppa.example")
    client = Client()
    page = client.get(_link(), follow=True)
    request = client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    ).wsgi_request
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleansed["new_password1"] != NEW_PASSWORD
