"""TOTP two-factor authentication (ASVS 6.3.3, 6.5.1, 6.5.5; GDPR Art. 32).

Time is frozen at ``START`` for every test (the session middleware must see the
logins made inside it); ``clock.shift`` moves it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rekisteri.accounts.roles import MFA_ROLES, Role
from rekisteri.audit.models import AuditEvent, EventType
from tests.test_permission_matrix import PROBES, demo  # noqa: F401 - demo is a fixture

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 1, 7, 0, 5, tzinfo=UTC)
DASHBOARD = "/"
PRIVILEGED = {Role.ADMINISTRATOR, Role.REGISTRAR, Role.HR, Role.HEALTH_DATA_HANDLER}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)  # deliberately not conftest.login_client: no second factor
    return client


def _path(response) -> str:
    assert response.status_code == 302, response.status_code
    return urlsplit(response["Location"]).path


def _verify(client: Client, token: str, **extra: str):
    return client.post(reverse("accounts:otp_verify"), {"token": token, **extra})


def test_the_mfa_roles_are_the_privileged_ones():
    assert set(MFA_ROLES) == PRIVILEGED


@pytest.mark.usefixtures("demo")
def test_a_registrar_without_a_device_is_sent_to_setup_from_every_protected_page(registrar):
    client = _logged_in(registrar)
    setup = reverse("accounts:otp_setup")
    outcomes = {"dashboard": client.get(reverse("web:dashboard"))}
    for probe in PROBES:
        url = probe.url()
        outcomes[probe.label] = client.post(url) if probe.method == "POST" else client.get(url)
    assert len(outcomes) > 1
    wrong = {
        label: (r.status_code, r.get("Location"))
        for label, r in outcomes.items()
        if r.status_code != 302 or urlsplit(r["Location"]).path != setup
    }
    assert wrong == {}


@pytest.mark.parametrize(
    "roles", [(Role.ADMINISTRATOR,), (Role.HR,), (Role.HR, Role.HEALTH_DATA_HANDLER)], ids=str
)
def test_every_mfa_role_is_sent_to_setup(roles, make_user):
    client = _logged_in(make_user("otp-" + "-".join(roles), *roles))
    assert _path(client.get(reverse("web:dashboard"))) == reverse("accounts:otp_setup")


def test_setup_shows_the_secret_and_uri_and_confirming_gives_recovery_codes(registrar):
    client = _logged_in(registrar)
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=registrar, confirmed=False)
    assert device.tolerance == 1
    secret = page.context["secret"]
    body = page.content.decode()
    assert secret in body
    assert page.context["uri"].startswith("otpauth://totp/rekisteri%3Aregistrar?")
    assert f"secret={secret}" in page.context["uri"]
    assert "<img" not in body
    response = client.post(reverse("accounts:otp_setup"), {"token": _code(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert StaticToken.objects.filter(device__user=registrar).count() == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("web:dashboard")).status_code == 200
    again = client.get(reverse("accounts:otp_setup"))  # the codes are shown only once
    assert again.status_code == 200
    assert codes[0] not in again.content.decode()


def test_a_wrong_setup_code_is_refused_and_audited(registrar):
    client = _logged_in(registrar)
    client.get(reverse("accounts:otp_setup"))
    response = client.post(reverse("accounts:otp_setup"), {"token": "000000x"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=registrar, confirmed=True).exists()
    assert AuditEvent.objects.filter(type=EventType.LOGIN_FAILED, reason="otp").count() == 1


def test_setup_cannot_replace_a_device_without_passing_it(registrar):
    _device(registrar)
    client = _logged_in(registrar)
    assert _path(client.get(reverse("accounts:otp_setup"))) == reverse("accounts:otp_verify")
    assert TOTPDevice.objects.filter(user=registrar).count() == 1


@pytest.mark.usefixtures("demo")
def test_a_registrar_with_a_device_but_unverified_is_sent_to_verify(registrar):
    _device(registrar)
    client = _logged_in(registrar)
    verify = reverse("accounts:otp_verify")
    for probe in PROBES:
        url = probe.url()
        response = client.post(url) if probe.method == "POST" else client.get(url)
        assert response.status_code == 302, (probe.label, response.status_code)
        assert _path(response) == verify, probe.label
    response = client.get(reverse("web:search"))
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [reverse("web:search")]


def test_a_valid_code_verifies_and_lets_them_in(registrar):
    device = _device(registrar)
    client = _logged_in(registrar)
    response = _verify(client, _code(device), next=reverse("web:search"))
    assert _path(response) == reverse("web:search")
    assert client.get(reverse("web:dashboard")).status_code == 200
    assert client.get(reverse("web:search")).status_code == 200


def test_an_offsite_next_is_ignored(registrar):
    device = _device(registrar)
    client = _logged_in(registrar)
    response = _verify(client, _code(device), next="https://evil.example/")
    assert response["Location"] == reverse("web:dashboard")


def test_a_wrong_code_is_refused_and_audited(registrar):
    device = _device(registrar)
    client = _logged_in(registrar)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    assert _verify(client, wrong).status_code == 200
    assert _path(client.get(reverse("web:dashboard"))) == reverse("accounts:otp_verify")
    event = AuditEvent.objects.get(type=EventType.LOGIN_FAILED)
    assert event.reason == "otp"
    assert event.actor_id == registrar.pk


def test_a_reused_code_is_refused(registrar, clock):
    device = _device(registrar)
    code = _code(device)
    first = _logged_in(registrar)
    assert _path(_verify(first, code)) == DASHBOARD
    clock.shift(timedelta(seconds=10))  # the same time step
    second = _logged_in(registrar)
    assert _verify(second, code).status_code == 200
    assert _path(second.get(reverse("web:dashboard"))) == reverse("accounts:otp_verify")


def test_a_code_is_accepted_one_step_late(clock):
    device = TOTPDevice.objects.create(user=User.objects.create_user("late"), confirmed=True)
    assert device.tolerance == 1
    code = _code(device)
    clock.shift(timedelta(seconds=30))
    assert device.verify_token(code)


def test_a_code_is_refused_61_seconds_late(clock):
    device = TOTPDevice.objects.create(user=User.objects.create_user("later"), confirmed=True)
    code = _code(device)
    clock.shift(timedelta(seconds=61))
    assert not device.verify_token(code)


def test_a_recovery_code_works_once(registrar, clock):
    _device(registrar)
    static = StaticDevice.objects.create(user=registrar, name="recovery", confirmed=True)
    StaticToken.objects.create(device=static, token="abcd2345")
    first = _logged_in(registrar)
    assert _path(_verify(first, "ABCD 2345")) == DASHBOARD
    assert first.get(reverse("web:dashboard")).status_code == 200
    assert not StaticToken.objects.filter(device=static).exists()
    clock.shift(timedelta(minutes=5))
    second = _logged_in(registrar)
    assert _verify(second, "abcd2345").status_code == 200
    assert _path(second.get(reverse("web:dashboard"))) == reverse("accounts:otp_verify")


def test_a_clerk_is_not_forced(clerk, technician):
    for user in (clerk, technician):
        client = _logged_in(user)
        assert client.get(reverse("web:dashboard")).status_code == 200
        assert client.get(reverse("web:search")).status_code == 200


def test_a_clerk_may_set_up_totp_voluntarily(clerk):
    client = _logged_in(clerk)
    dashboard = client.get(reverse("web:dashboard")).content.decode()
    assert f'href="{reverse("accounts:otp_setup")}"' in dashboard
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=clerk)
    response = client.post(reverse("accounts:otp_setup"), {"token": _code(device)})
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    # A later session of the clerk is still let in without the second factor.
    assert _logged_in(clerk).get(reverse("web:dashboard")).status_code == 200


def test_logout_ends_verification(registrar):
    device = _device(registrar)
    client = _logged_in(registrar)
    _verify(client, _code(device))
    assert client.get(reverse("web:dashboard")).status_code == 200
    client.post(reverse("accounts:logout"))
    client.force_login(registrar)
    assert _path(client.get(reverse("web:dashboard"))) == reverse("accounts:otp_verify")
