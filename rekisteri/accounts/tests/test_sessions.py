"""Session lifetime and invalidation (ASVS 7.2.4, 7.3.1, 7.3.2, 7.4.1–7.4.3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, login_client

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 1, 7, 0, tzinfo=UTC)


def _is_sent_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def _session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_thirty_one_idle_minutes_end_the_session(clerk):
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        login_client(client, clerk)
        assert client.get(reverse("web:dashboard")).status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("web:dashboard")).status_code == 200
        traveller.shift(timedelta(minutes=31))
        assert _is_sent_to_login(client.get(reverse("web:dashboard")))


def test_twelve_active_hours_end_the_session(clerk):
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        login_client(client, clerk)
        for _ in range(36):  # a request every 20 minutes, 12 hours in all
            traveller.shift(timedelta(minutes=20))
            assert client.get(reverse("web:dashboard")).status_code == 200
        key = _session_key(client)
        traveller.shift(timedelta(minutes=1))
        response = client.get(reverse("web:dashboard"))
        assert _is_sent_to_login(response)
        assert not Session.objects.filter(session_key=key).exists()
        assert _is_sent_to_login(client.get(reverse("web:dashboard")))


def test_login_gives_a_new_session_key(clerk):
    client = Client()
    session = client.session
    session["before"] = True
    session.save()
    before = session.session_key
    assert before is not None
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    response = client.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
    assert _session_key(client) != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_deletes_the_session_and_the_old_cookie_is_useless(clerk):
    client = Client()
    login_client(client, clerk)
    key = _session_key(client)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert _is_sent_to_login(replay.get(reverse("web:dashboard")))


def test_a_deactivated_user_is_anonymous_on_the_next_request(clerk):
    client = Client()
    login_client(client, clerk)
    assert client.get(reverse("web:dashboard")).status_code == 200
    clerk.is_active = False
    clerk.save()
    response = client.get(reverse("web:dashboard"))
    assert _is_sent_to_login(response)
    assert not response.wsgi_request.user.is_authenticated


def test_a_password_change_ends_the_other_sessions(clerk):
    other = Client()
    login_client(other, clerk)
    assert other.get(reverse("web:dashboard")).status_code == 200
    clerk.set_password("a brand new long passphrase")
    clerk.save()
    assert _is_sent_to_login(other.get(reverse("web:dashboard")))
