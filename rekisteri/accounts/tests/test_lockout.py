"""Brute-force lockout (ASVS 6.3.1, 6.1.1; django-axes), no user enumeration (6.3.8)
and the purge of axes' own records."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from rekisteri.audit.models import AuditEvent, EventType

pytestmark = pytest.mark.django_db

WRONG = "not the password at all"
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def _login(username: str, password: str, ip: str = "10.0.0.1") -> int:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )
    return response.status_code


def test_five_failures_lock_the_username_from_that_address(clerk):
    statuses = [_login("clerk", WRONG) for _ in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]
    # The right password does not open a locked pair.
    assert _login("clerk", PASSWORD) == 429


def test_the_first_four_failures_show_the_form_again(clerk):
    for _ in range(4):
        response = Client().post(
            reverse("accounts:login"),
            {"username": "clerk", "password": WRONG},
            REMOTE_ADDR="10.0.0.1",
        )
        assert response.status_code == 200
        assert 'name="password"' in response.content.decode()


def test_the_lockout_page_is_translated(clerk):
    for _ in range(4):
        _login("clerk", WRONG)
    client = Client(HTTP_ACCEPT_LANGUAGE="fi")
    response = client.post(
        reverse("accounts:login"), {"username": "clerk", "password": WRONG}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "Liian monta epäonnistunutta kirjautumista" in response.content.decode()


def test_a_locked_user_can_still_log_in_from_another_address(clerk):
    for _ in range(6):
        _login("clerk", WRONG, ip="10.0.0.1")
    assert _login("clerk", PASSWORD, ip="10.0.0.2") == 302


def test_the_lockout_ends_after_the_cool_off(clerk):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            _login("clerk", WRONG)
        traveller.shift(timedelta(minutes=15, seconds=1))
        assert _login("clerk", PASSWORD) == 302


def test_an_attempt_during_the_lockout_restarts_the_cool_off(clerk):
    """Axes counts the cool-off from the newest attempt, blocked ones included."""
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            _login("clerk", WRONG)
        traveller.shift(timedelta(minutes=14))
        assert _login("clerk", PASSWORD) == 429
        traveller.shift(timedelta(minutes=14))
        assert _login("clerk", PASSWORD) == 429
        traveller.shift(timedelta(minutes=15, seconds=1))
        assert _login("clerk", PASSWORD) == 302


def test_a_successful_login_resets_the_count(clerk):
    for _ in range(4):
        _login("clerk", WRONG)
    assert _login("clerk", PASSWORD) == 302
    assert [_login("clerk", WRONG) for _ in range(4)] == [200] * 4


def test_every_failure_is_still_audited(clerk):
    for _ in range(6):
        _login("clerk", WRONG)
    assert AuditEvent.objects.filter(type=EventType.LOGIN_FAILED).count() >= 5


def _body_without_csrf(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())


def test_login_does_not_tell_whether_the_user_exists(make_user):
    make_user("maija")
    url = reverse("accounts:login")
    known = Client().post(url, {"username": "maija", "password": WRONG})
    unknown_wrong = Client().post(url, {"username": "matti", "password": WRONG})
    unknown_right = Client().post(url, {"username": "matti", "password": PASSWORD})
    assert known.status_code == unknown_wrong.status_code == unknown_right.status_code == 200
    # The form echoes the username back; apart from that the pages are identical.
    unknown_body = _body_without_csrf(unknown_wrong.content).replace("matti", "maija")
    assert _body_without_csrf(known.content) == unknown_body
    assert _body_without_csrf(unknown_right.content) == _body_without_csrf(unknown_wrong.content)


def test_the_same_username_answers_the_same_whether_it_exists_or_not(make_user):
    url = reverse("accounts:login")
    user = make_user("maija")
    existing = Client().post(url, {"username": "maija", "password": WRONG}, REMOTE_ADDR="10.0.0.3")
    user.delete()
    missing = Client().post(url, {"username": "maija", "password": WRONG}, REMOTE_ADDR="10.0.0.4")
    assert existing.status_code == missing.status_code == 200
    assert _body_without_csrf(existing.content) == _body_without_csrf(missing.content)


def _axes_records(username: str) -> None:
    common = {
        "user_agent": "test",
        "ip_address": "10.0.0.1",
        "username": username,
        "http_accept": "*/*",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**common)
    AccessLog.objects.create(**common)


def test_old_lockout_records_are_purged(db):
    with time_machine.travel(START, tick=False):
        _axes_records("old")
    with time_machine.travel(START + timedelta(days=29), tick=False):
        _axes_records("recent")
    with time_machine.travel(START + timedelta(days=31), tick=False):
        call_command("purge_login_attempts")
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["recent"]


def test_the_purge_keeps_a_chosen_number_of_days(db):
    with time_machine.travel(START, tick=False):
        _axes_records("old")
    with time_machine.travel(START + timedelta(days=8), tick=False):
        call_command("purge_login_attempts", "--days", "7")
    assert not AccessAttempt.objects.exists()
    assert not AccessFailureLog.objects.exists()
    assert not AccessLog.objects.exists()
